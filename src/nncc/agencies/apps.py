from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "nncc.agencies"
    label = "agencies"
    verbose_name = "Agencies"
