from django.apps import AppConfig


class EradicationConfig(AppConfig):
    name = "nncc.eradication"
    label = "eradication"
    verbose_name = "Eradication"
