from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "nncc.kernel"
    label = "kernel"
    verbose_name = "Kernel"
