from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "nncc.reference"
    label = "reference"
    verbose_name = "Reference vocabularies"
