from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "nncc.kernel"
    label = "kernel"
    verbose_name = "Kernel"

    def ready(self) -> None:
        from nncc.kernel import signals  # noqa: F401  (connects the audit of sign-ins)
