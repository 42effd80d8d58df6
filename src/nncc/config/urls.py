from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from nncc.kernel import views as kernel_views
from nncc.stats import dashboard

api_patterns = [
    path("", include("nncc.agencies.api.urls")),
    path("", include("nncc.reference.api.urls")),
    path("", include("nncc.registry.api.urls")),
    path("", include("nncc.intake.api.urls")),
    path("", include("nncc.resolution.api.urls")),
    path("", include("nncc.eradication.api.urls")),
    path("", include("nncc.stats.api.urls")),
    path("", include("nncc.kernel.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("login/", kernel_views.LoginView.as_view(), name="login"),
    path("logout/", kernel_views.logout_view, name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="kernel/password_change.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="kernel/password_change_done.html"),
        name="password_change_done",
    ),
    path("healthz", kernel_views.health, name="health"),
    path("audit/", include("nncc.kernel.urls")),
    path("", include("nncc.intake.urls")),
    path("persons/", include("nncc.registry.urls")),
    path("resolution/", include("nncc.resolution.urls")),
    path("eradication/", include("nncc.eradication.urls")),
    path("reports/", include("nncc.stats.urls")),
    path("api/", include(api_patterns)),
]

handler404 = "nncc.kernel.views.not_found"
handler403 = "nncc.kernel.views.forbidden"
handler500 = "nncc.kernel.views.server_error"
