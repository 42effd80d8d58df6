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
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/new/<str:token>/", views.import_preview, name="import_preview"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/resume/", views.import_resume, name="import_resume"),
    path(
        "imports/<int:pk>/rejects.<str:format>",
        views.import_rejects,
        name="import_rejects",
    ),
    # import profiles
    path("imports/profiles/", views.import_profile_list, name="import_profile_list"),
    path("imports/profiles/new/", views.import_profile_create, name="import_profile_create"),
    path("imports/profiles/<int:pk>/", views.import_profile_detail, name="import_profile_detail"),
    path("imports/profiles/<int:pk>/edit/", views.import_profile_edit, name="import_profile_edit"),
    path(
        "imports/profiles/<int:pk>/delete/",
        views.import_profile_delete,
        name="import_profile_delete",
    ),
    path(
        "imports/profiles/<int:pk>/template.<str:format>",
        views.import_profile_template,
        name="import_profile_template",
    ),
    path(
        "imports/templates/<str:record_type>.<str:format>",
        views.import_template,
        name="import_template",
    ),
]
