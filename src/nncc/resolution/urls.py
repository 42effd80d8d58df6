from django.urls import path

from nncc.resolution import views

app_name = "resolution"
urlpatterns = [
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/decide/", views.candidate_decide, name="candidate_decide"),
    path("identities/<int:pk>/", views.identity_detail, name="identity_detail"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="merge_undo"),
]
