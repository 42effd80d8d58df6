from django.apps import AppConfig


class ResolutionConfig(AppConfig):
    name = "nncc.resolution"
    label = "resolution"
    verbose_name = "Entity resolution"

    def ready(self) -> None:
        from nncc.registry.signals import persons_changed
        from nncc.resolution.signals import on_persons_changed

        persons_changed.connect(on_persons_changed, dispatch_uid="nncc.resolution.persons_changed")
