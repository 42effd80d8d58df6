"""Vehicles, organisations, addresses and the links an agency states between its records."""

from __future__ import annotations

import pytest

from nncc.kernel.models import AuditEntry
from nncc.registry.models import Address, Link, Organisation, Vehicle

from .helpers import person_payload

pytestmark = pytest.mark.django_db


def _post(client, url: str, payload: dict) -> dict:
    response = client.post(url, payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def _rows() -> dict[str, int]:
    return {
        m.__name__: m.objects.count() for m in (Vehicle, Organisation, Address, Link, AuditEntry)
    }


def test_a_vehicle_is_recorded_with_one_spelling_of_its_registration(world, api):
    body = _post(
        api(world.officer),
        "/api/vehicles/",
        {"registration": " lea  1234 ", "make": "Toyota", "model": "Corolla", "agency": "CUSTOMS"},
    )
    assert body["registration"] == "LEA 1234"
    assert body["agency"] == "ANF"
    assert AuditEntry.objects.filter(action="create", target_type="registry.vehicle").count() == 1
    found = api(world.officer).get("/api/vehicles/", {"registration": "lea 1234"}).json()
    assert [row["id"] for row in found["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("url", "payload", "field"),
    [
        ("/api/vehicles/", {"colour": "white"}, "registration"),
        ("/api/organisations/", {"name": "Hilal Transport", "country": "XX"}, "country"),
        ("/api/organisations/", {"name": "   "}, "name"),
        ("/api/addresses/", {"line": "House 4", "district": "NOPE"}, "district"),
        ("/api/addresses/", {"line": "House 4", "country": "Pakistan"}, "country"),
        (
            "/api/addresses/",
            {"line": "House 4", "district": "BA-QTA", "province": "PK-SD"},
            "district",
        ),
        ("/api/addresses/", {"line": "Kabul", "country": "AF", "province": "PK-BA"}, "country"),
    ],
)
def test_bad_registry_objects_answer_400_and_write_nothing(world, api, url, payload, field):
    before = _rows()
    response = api(world.officer).post(url, payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert _rows() == before


def test_an_address_takes_its_province_from_its_district(world, api):
    body = _post(
        api(world.officer), "/api/addresses/", {"line": "Jinnah Road", "district": "BA-QTA"}
    )
    assert (body["province"], body["country"]) == ("PK-BA", "PK")


@pytest.fixture
def records(world, api) -> dict[str, int]:
    client = api(world.officer)
    return {
        "person": _post(client, "/api/persons/", person_payload())["id"],
        "vehicle": _post(client, "/api/vehicles/", {"registration": "LEA-1"})["id"],
        "organisation": _post(client, "/api/organisations/", {"name": "Hilal Transport"})["id"],
    }


def _link(source: tuple[str, int], target: tuple[str, int], kind: str = "drives") -> dict:
    return {
        "kind": kind,
        "source_type": source[0],
        "source_id": source[1],
        "target_type": target[0],
        "target_id": target[1],
    }


def test_an_agency_links_its_own_records(world, api, records):
    client = api(world.officer)
    body = _post(
        client,
        "/api/links/",
        _link(("person", records["person"]), ("vehicle", records["vehicle"])),
    )
    assert (body["source_type"], body["source_id"]) == ("person", records["person"])
    assert (body["target_type"], body["target_id"]) == ("vehicle", records["vehicle"])
    assert client.get("/api/links/", {"target_type": "vehicle"}).json()["count"] == 1

    # A linked record is not deleted from under its link.
    assert api(world.supervisor).delete(f"/api/vehicles/{records['vehicle']}/").status_code == 400
    assert api(world.supervisor).delete(f"/api/links/{body['id']}/").status_code == 204
    assert api(world.supervisor).delete(f"/api/vehicles/{records['vehicle']}/").status_code == 204


def test_links_to_records_of_another_agency_are_refused(world, api, records):
    customs = api(world.customs_officer)
    own_vehicle = _post(customs, "/api/vehicles/", {"registration": "KHI-9"})["id"]
    shared_person = _post(
        api(world.officer),
        "/api/persons/",
        person_payload(agency_record_id="P-9", handling_code="shared"),
    )["id"]
    before = _rows()

    hidden = customs.post(
        "/api/links/", _link(("person", records["person"]), ("vehicle", own_vehicle)), format="json"
    )
    assert hidden.status_code == 400
    assert hidden.json() == {"source_id": ["No such person."]}

    visible = customs.post(
        "/api/links/", _link(("person", shared_person), ("vehicle", own_vehicle)), format="json"
    )
    assert visible.status_code == 400
    assert "source" in visible.json()
    assert _rows() == before


def test_a_link_to_itself_or_twice_is_refused(world, api, records):
    client = api(world.officer)
    person = ("person", records["person"])
    organisation = ("organisation", records["organisation"])
    itself = client.post("/api/links/", _link(person, person, "associate"), format="json")
    assert itself.status_code == 400 and "target" in itself.json()
    _post(client, "/api/links/", _link(person, organisation, "member_of"))
    twice = client.post("/api/links/", _link(person, organisation, "member_of"), format="json")
    assert twice.status_code == 400 and "kind" in twice.json()
