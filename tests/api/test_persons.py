"""Persons over the API: identifiers and phones in and out, field errors, audited reads."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from nncc.kernel.models import AuditEntry
from nncc.registry.models import Person

from .helpers import SYNTHETIC_CNIC, counts, person_payload

pytestmark = pytest.mark.django_db


def _create(client, **changes) -> dict:
    response = client.post("/api/persons/", person_payload(**changes), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_create_normalises_identifiers_and_phones(world, api):
    body = _create(
        api(world.officer),
        identifiers=[
            {"kind": "cnic", "value": "3000012345671"},
            {"kind": "passport", "value": "ab 12345 6", "issuing_country": "PK"},
        ],
        phones=["0300 5550001"],
    )
    assert body["agency"] == "ANF"
    assert {(i["kind"], i["value"]) for i in body["identifiers"]} == {
        ("cnic", SYNTHETIC_CNIC),
        ("passport", "AB123456"),
    }
    assert body["phones"] == ["+923005550001"]
    person = Person.objects.get(pk=body["id"])
    assert person.agency == world.anf and person.created_by == world.officer
    created = AuditEntry.objects.filter(action="create", target_type="registry.person")
    assert created.get().target_id == str(person.pk)


BAD_PERSONS = {
    "invalid CNIC": ({"identifiers": [{"kind": "cnic", "value": "12345"}]}, "identifiers.0"),
    "CNIC with letters": (
        {"identifiers": [{"kind": "cnic", "value": "3000O-1234567-1"}]},
        "identifiers.0",
    ),
    "unknown identifier kind": (
        {"identifiers": [{"kind": "library card", "value": "1"}]},
        "identifiers.0.kind",
    ),
    "identifier issued by an unknown country": (
        {"identifiers": [{"kind": "passport", "value": "AB123456", "issuing_country": "XX"}]},
        "identifiers.0",
    ),
    "invalid phone": ({"phones": ["12"]}, "phones.0"),
    "unknown nationality": ({"nationality": "ZZ"}, "nationality"),
    "future date of birth": (
        {"date_of_birth": str(timezone.localdate() + datetime.timedelta(days=1))},
        "date_of_birth",
    ),
    "absurd year of birth": ({"birth_year": 18500}, "birth_year"),
    "no name": ({"name_latin": "", "name_urdu": ""}, "name_latin"),
    "unknown sex": ({"sex": "X"}, "sex"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_PERSONS.values(), ids=BAD_PERSONS.keys())
def test_bad_input_answers_400_naming_the_field_and_writes_nothing(world, api, changes, field):
    before = counts()
    response = api(world.officer).post("/api/persons/", person_payload(**changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert counts() == before


def test_a_record_id_reused_within_the_agency_is_refused(world, api):
    _create(api(world.officer))
    before = counts()
    again = api(world.officer).post("/api/persons/", person_payload(), format="json")
    assert again.status_code == 400
    assert "agency_record_id" in again.json()
    assert counts() == before
    _create(api(world.customs_officer))  # another agency's ids are its own


def test_reading_a_person_is_audited_once(world, api):
    body = _create(api(world.officer))
    views = AuditEntry.objects.filter(action="view", target_type="registry.person")

    response = api(world.analyst).get(f"/api/persons/{body['id']}/")
    assert response.status_code == 200
    assert response.json()["identifiers"][0]["value"] == SYNTHETIC_CNIC
    entry = views.get()
    assert entry.actor == world.analyst and entry.target_id == str(body["id"])


def test_a_restricted_person_of_another_agency_is_404_and_not_audited_as_viewed(world, api):
    body = _create(api(world.officer))
    client = api(world.customs_officer)
    assert client.get(f"/api/persons/{body['id']}/").status_code == 404
    assert client.get("/api/persons/").json()["results"] == []
    assert not AuditEntry.objects.filter(action="view").exists()


def test_search_by_any_spelling_of_a_cnic_or_phone_is_audited(world, api):
    body = _create(api(world.officer))
    _create(api(world.officer), agency_record_id="P-002", identifiers=[], phones=[], name_latin="X")
    client = api(world.analyst)

    for query in ({"q": "3000012345671"}, {"identifier": SYNTHETIC_CNIC}, {"phone": "03005550001"}):
        results = client.get("/api/persons/", query).json()["results"]
        assert [row["id"] for row in results] == [body["id"]], query
    assert [r["id"] for r in client.get("/api/persons/", {"q": "gul"}).json()["results"]] == [
        body["id"]
    ]
    assert AuditEntry.objects.filter(action="search", actor=world.analyst).count() == 4


def test_partial_update_keeps_identifiers_not_sent(world, api):
    body = _create(api(world.officer))
    response = api(world.officer).patch(
        f"/api/persons/{body['id']}/", {"alias": "Gulu"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["alias"] == "Gulu"
    assert response.json()["identifiers"] == body["identifiers"]
    assert response.json()["phones"] == body["phones"]
    entry = AuditEntry.objects.get(action="update", target_id=str(body["id"]))
    assert entry.after["identifiers"] == [f"cnic:{SYNTHETIC_CNIC}"]


def test_update_replaces_identifiers_and_the_audit_shows_the_new_ones(world, api):
    body = _create(api(world.officer))
    response = api(world.officer).patch(
        f"/api/persons/{body['id']}/",
        {"identifiers": [{"kind": "passport", "value": "ZX998877"}], "phones": []},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert [i["value"] for i in response.json()["identifiers"]] == ["ZX998877"]
    entry = AuditEntry.objects.get(action="update", target_id=str(body["id"]))
    assert entry.before["identifiers"] == [f"cnic:{SYNTHETIC_CNIC}"]
    assert entry.after["identifiers"] == ["passport:ZX998877"]
    assert entry.after["phones"] == []


def test_source_payload_is_kept_as_sent(world, api):
    sent = {"FIR": "12/2025", "naam": "گل خان"}
    body = _create(api(world.officer), source_payload=sent)
    assert Person.objects.get(pk=body["id"]).source_payload == sent
    api(world.officer).patch(f"/api/persons/{body['id']}/", {"alias": "G"}, format="json")
    assert Person.objects.get(pk=body["id"]).source_payload == sent
