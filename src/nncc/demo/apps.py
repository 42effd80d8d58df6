from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "nncc.demo"
    label = "demo"
    verbose_name = "Demo data"
