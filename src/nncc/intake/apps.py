from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "nncc.intake"
    label = "intake"
    verbose_name = "Seizures and arrests"
