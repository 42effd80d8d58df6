from django.urls import path

from nncc.intake import views

app_name = "intake"
urlpatterns = [
    path("seizures/", views.seizure_list, name="seizure_list"),
    path("seizures/new/", views.seizure_create, name="seizure_create"),
    path("seizures/<int:pk>/", views.seizure_detail, name="seizure_detail"),
    path("seizures/<int:pk>/edit/", views.seizure_edit, name="seizure_edit"),
    path("seizures/<int:pk>/delete/", views.seizure_delete, name="seizure_delete"),
    path("seizures/drug-line/", views.drug_line_row, name="drug_line_row"),
    path("seizures/districts/", views.district_options, name="district_options"),
    path("arrests/", views.arrest_list, name="arrest_list"),
    path("arrests/new/", views.arrest_create, name="arrest_create"),
    path("arrests/<int:pk>/", views.arrest_detail, name="arrest_detail"),
    path("arrests/<int:pk>/edit/", views.arrest_edit, name="arrest_edit"),
    path("arrests/<int:pk>/delete/", views.arrest_delete, name="arrest_delete"),
    path("arrests/persons/", views.person_options, name="person_options"),
    # bulk imports
    # import profiles
]
