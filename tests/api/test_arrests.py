"""Arrests over the API: the event and person are looked up among what the user may see, and the
service refuses another agency's (object substitution)."""

from __future__ import annotations

import pytest

from nncc.intake.models import Arrest
from nncc.kernel.models import AuditEntry

from .helpers import counts, create_seizure, person_payload

pytestmark = pytest.mark.django_db


def _person(client, **changes) -> int:
    response = client.post("/api/persons/", person_payload(**changes), format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _arrest(event: int | None, person: int | str, **changes) -> dict:
    return {
        "event": event,
        "person": person,
        "arrested_on": "2025-03-01",
        "province": "PK-BA",
        "district": "BA-QTA",
        "role": "driver",
        "charges": ["9(c)"],
        "nationality_at_arrest": "AF",
        **changes,
    }


def test_an_officer_records_an_arrest_in_his_agencys_seizure(world, api):
    client = api(world.officer)
    event = create_seizure(client)["id"]
    person = _person(client)

    response = client.post("/api/arrests/", _arrest(event, person), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["event"], body["person"], body["agency"]) == (event, person, "ANF")
    assert Arrest.objects.get(pk=body["id"]).created_by == world.officer
    assert AuditEntry.objects.filter(action="create", target_type="intake.arrest").count() == 1


def test_an_event_or_person_the_user_cannot_see_is_no_such_record(world, api):
    anf = api(world.officer)
    hidden_event = create_seizure(anf)["id"]
    hidden_person = _person(anf)
    client = api(world.customs_officer)
    own_person = _person(client)
    before = counts()

    response = client.post("/api/arrests/", _arrest(hidden_event, own_person), format="json")
    assert response.status_code == 400
    assert response.json() == {"event": ["No such seizure."]}

    response = client.post("/api/arrests/", _arrest(None, hidden_person), format="json")
    assert response.status_code == 400
    assert response.json() == {"person": ["No such person."]}
    # The same answer as for an id that does not exist at all.
    missing = client.post("/api/arrests/", _arrest(None, 999999), format="json")
    assert missing.json() == response.json()
    assert counts() == before


def test_another_agencys_shared_records_are_visible_but_not_usable(world, api):
    anf = api(world.officer)
    shared_event = create_seizure(anf, handling_code="shared")["id"]
    shared_person = _person(anf, handling_code="shared")
    client = api(world.customs_officer)
    own_person = _person(client)
    before = counts()

    response = client.post("/api/arrests/", _arrest(shared_event, own_person), format="json")
    assert response.status_code == 400
    assert "event" in response.json()
    response = client.post("/api/arrests/", _arrest(None, shared_person), format="json")
    assert response.status_code == 400
    assert "person" in response.json()
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"charges": ["999"]}, "charges"),
        ({"nationality_at_arrest": "Afghan"}, "nationality_at_arrest"),
        ({"arrested_on": "2999-01-01"}, "arrested_on"),
        ({"arrested_on": "2025-02-01"}, "arrested_on"),  # before the seizure
        ({"district": "SD-KHS"}, "district"),
        ({"role": "kingpin"}, "role"),
    ],
)
def test_bad_arrests_answer_400_and_write_nothing(world, api, changes, field):
    client = api(world.officer)
    event = create_seizure(client)["id"]
    person = _person(client)
    before = counts()
    response = client.post("/api/arrests/", _arrest(event, person, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    response = client.post("/api/arrests/", _arrest(event, "Gul Khan"), format="json")
    assert response.status_code == 400
    assert "person" in response.json()
    assert counts() == before


def test_an_arrest_cannot_be_moved_to_another_agencys_person(world, api):
    client = api(world.officer)
    arrest = client.post("/api/arrests/", _arrest(None, _person(client)), format="json").json()
    other = _person(api(world.customs_officer), handling_code="shared")

    response = client.patch(f"/api/arrests/{arrest['id']}/", {"person": other}, format="json")
    assert response.status_code == 400
    assert Arrest.objects.get(pk=arrest["id"]).person_id == arrest["person"]


def test_arrests_filter_by_nationality_and_event(world, api):
    client = api(world.officer)
    event = create_seizure(client)["id"]
    client.post("/api/arrests/", _arrest(event, _person(client)), format="json")
    client.post(
        "/api/arrests/",
        _arrest(None, _person(client, agency_record_id="P-2"), nationality_at_arrest="PK"),
        format="json",
    )
    assert client.get("/api/arrests/", {"nationality": "AF"}).json()["count"] == 1
    assert client.get("/api/arrests/", {"event": event}).json()["count"] == 1
    # An id of a record the user cannot see filters to nothing; it is not an error.
    assert api(world.customs_officer).get("/api/arrests/", {"event": event}).json()["count"] == 0
