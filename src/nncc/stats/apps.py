from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "nncc.stats"
    label = "stats"
    verbose_name = "Statistics"
