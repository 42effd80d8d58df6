from django.urls import path

from nncc.kernel import audit_views

app_name = "kernel"
urlpatterns = [
    path("", audit_views.audit_list, name="audit_list"),
]
