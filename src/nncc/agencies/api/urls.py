from django.urls import path
from rest_framework.routers import SimpleRouter

from nncc.agencies.api.views import AgencyViewSet, TokenLoginView

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")

urlpatterns = [
    path("auth/token/", TokenLoginView.as_view(), name="api-token"),
    *router.urls,
]
