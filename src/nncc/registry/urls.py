from django.urls import path

from nncc.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("rows/identifier/", views.identifier_row, name="identifier_row"),
    path("rows/phone/", views.phone_row, name="phone_row"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/delete/", views.person_delete, name="person_delete"),
]
