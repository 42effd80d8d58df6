"""Input built to break things gets a 400 with nothing written, never a 500."""

from __future__ import annotations

import pytest

from .helpers import counts, person_payload, seizure_payload

pytestmark = pytest.mark.django_db


def _line(**changes) -> list[dict]:
    return [{"reported_term": "charas", "quantity": "1", "unit": "kg", **changes}]


HOSTILE = {
    # a kg factor (measured weight / quantity) too large for its column
    "factor overflow": (
        "/api/seizures/",
        seizure_payload(drug_lines=_line(quantity="0.001", measured_weight_kg="9999999999.9")),
    ),
    "more digits than decimal arithmetic holds": (
        "/api/seizures/",
        seizure_payload(drug_lines=_line(quantity="1234567890123456789012345678.5")),
    ),
    "huge float": ("/api/seizures/", seizure_payload(drug_lines=_line(quantity=1e308))),
    "tiny quantity": ("/api/seizures/", seizure_payload(drug_lines=_line(quantity="1e-400"))),
    "year 9999": ("/api/seizures/", seizure_payload(occurred_at="9999-12-31T23:59:59Z")),
    "null character": ("/api/seizures/", seizure_payload(agency_record_id="FIR\x00")),
    "null drug line": ("/api/seizures/", seizure_payload(drug_lines=[None])),
    "a list for a body": ("/api/seizures/", [1, 2]),
    "huge CNIC": (
        "/api/persons/",
        person_payload(identifiers=[{"kind": "cnic", "value": "1" * 10000}]),
    ),
    "huge year of birth": ("/api/persons/", person_payload(birth_year=10**30)),
    "huge id": (
        "/api/links/",
        {
            "kind": "drives",
            "source_type": "person",
            "source_id": 10**30,
            "target_type": "vehicle",
            "target_id": 1,
        },
    ),
    "acres beyond precision": (
        "/api/eradication/",
        {
            "agency_record_id": "E",
            "cleared_on": "2025-01-01",
            "province": "PK-BA",
            "district": "BA-QTA",
            "acres": "1234567890123456789012345678.5",
        },
    ),
}


@pytest.mark.parametrize(("url", "payload"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_writes_are_refused_cleanly(world, api, url, payload):
    before = counts()
    response = api(world.officer).post(url, payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()
    assert counts() == before


@pytest.mark.parametrize(
    "query",
    [{"q": "\x00"}, {"identifier": "x" * 5000}, {"created_after": "garbage"}, {"person": "1e99"}],
)
@pytest.mark.parametrize("url", ["/api/persons/", "/api/arrests/", "/api/seizures/"])
def test_hostile_filters_never_fail(world, api, url, query):
    assert api(world.officer).get(url, query).status_code in {200, 400}


@pytest.mark.parametrize("url", ["/api/persons/abc/", "/api/persons/99999999999999999999999/"])
def test_malformed_ids_are_404(world, api, url):
    assert api(world.officer).get(url).status_code == 404
