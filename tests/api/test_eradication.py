"""Eradication records over the API."""

from __future__ import annotations

import pytest

from nncc.eradication.models import EradicationRecord
from nncc.kernel.models import AuditEntry

pytestmark = pytest.mark.django_db


def _payload(**changes) -> dict:
    return {
        "agency_record_id": "ER-1",
        "cleared_on": "2025-03-10",
        "province": "PK-BA",
        "district": "BA-QTA",
        "crop": "opium_poppy",
        "acres": "12.5",
        **changes,
    }


def test_a_cleared_field_is_recorded_shared_by_default(world, api):
    response = api(world.officer).post("/api/eradication/", _payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["agency"], body["handling_code"], body["hectares"]) == ("ANF", "shared", "5.06")
    assert api(world.customs_analyst).get(f"/api/eradication/{body['id']}/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"acres": "-3"}, "acres"),
        ({"acres": "5000000"}, "acres"),
        ({"acres": "1.555"}, "acres"),
        ({"cleared_on": "2999-01-01"}, "cleared_on"),
        ({"crop": "coca"}, "crop"),
        ({"district": "SD-KHS"}, "district"),
    ],
)
def test_bad_records_answer_400_and_write_nothing(world, api, changes, field):
    before = (EradicationRecord.objects.count(), AuditEntry.objects.count())
    response = api(world.officer).post("/api/eradication/", _payload(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert (EradicationRecord.objects.count(), AuditEntry.objects.count()) == before


def test_a_reused_record_id_is_refused(world, api):
    client = api(world.officer)
    assert client.post("/api/eradication/", _payload(), format="json").status_code == 201
    again = client.post("/api/eradication/", _payload(), format="json")
    assert again.status_code == 400 and "agency_record_id" in again.json()
