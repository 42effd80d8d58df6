from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "nncc.registry"
    label = "registry"
    verbose_name = "Person registry"
