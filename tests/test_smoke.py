import pytest
from django.db import connection


@pytest.mark.django_db
def test_vocabularies_are_loaded_on_every_database():
    from nncc.reference.models import District, Drug, DrugTerm

    assert Drug.objects.filter(name="Cannabis resin (hashish)").exists()
    assert DrugTerm.objects.get(term="charas").drug.name == "Cannabis resin (hashish)"
    assert District.objects.filter(province="PK-BA").count() > 20
    assert connection.vendor in {"sqlite", "postgresql"}
