"""Seizures over the API: writes through the service, field errors, visibility, mass assignment."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nncc.intake.models import SeizureEvent
from nncc.kernel.models import AuditEntry, HandlingCode

from .helpers import counts, create_seizure, seizure_payload

pytestmark = pytest.mark.django_db


def test_create_answers_201_with_derived_figures_and_writes_one_audit_entry(world, api):
    before = AuditEntry.objects.count()
    body = create_seizure(
        api(world.officer),
        drug_lines=[
            {"reported_term": "charas", "quantity": "12.5", "unit": "kg"},
            {"reported_term": "ice", "quantity": "250", "unit": "g"},
        ],
        participants=[{"agency": "CUSTOMS", "credit_share": "0.25"}],
    )

    assert body["agency"] == "ANF"
    assert body["district"] == "BA-QTA"
    assert body["origin"] == ["AF"] and body["destination"] == ["IR"] and body["transit"] == []
    assert body["participants"] == [{"agency": "CUSTOMS", "credit_share": "0.250"}]
    hashish, ice = body["drug_lines"]
    assert hashish["drug_name"] == "Cannabis resin (hashish)"
    assert hashish["drug_group"] == "cannabis"
    assert hashish["kg_equivalent"] == "12.500000"
    assert hashish["kg_rule"] == "kg as reported"
    assert ice["drug_name"] == "Methamphetamine"
    assert ice["kg_equivalent"] == "0.250000"
    assert ice["kg_factor"] == "0.001000000"

    event = SeizureEvent.objects.get(pk=body["id"])
    assert event.agency == world.anf and event.created_by == world.officer
    entries = AuditEntry.objects.filter(action="create", target_type="intake.seizureevent")
    assert AuditEntry.objects.count() == before + 1
    entry = entries.get()
    assert entry.target_id == str(event.pk)
    assert entry.actor == world.officer
    assert entry.channel == "api"


def _first_line(**changes: Any) -> list[dict[str, Any]]:
    return [{"reported_term": "charas", "quantity": "12.5", "unit": "kg", **changes}]


BAD_SEIZURES = {
    "unknown unit": ({"drug_lines": _first_line(unit="bags")}, "drug_lines.0.unit"),
    "negative quantity": ({"drug_lines": _first_line(quantity="-5")}, "drug_lines.0.quantity"),
    "zero quantity": ({"drug_lines": _first_line(quantity=0)}, "drug_lines.0.quantity"),
    "absurd quantity": (
        {"drug_lines": _first_line(quantity="2000000")},
        "drug_lines.0.quantity",
    ),
    "quantity not a number": (
        {"drug_lines": _first_line(quantity="a lot")},
        "drug_lines.0.quantity",
    ),
    "infinite quantity": (
        {"drug_lines": _first_line(quantity="Infinity")},
        "drug_lines.0.quantity",
    ),
    "absurd measured weight": (
        {"drug_lines": _first_line(measured_weight_kg="1e30")},
        "drug_lines.0.measured_weight_kg",
    ),
    "unknown drug term": (
        {"drug_lines": _first_line(reported_term="moon dust")},
        "drug_lines.0.reported_term",
    ),
    "unknown drug id": ({"drug_lines": _first_line(drug=999999)}, "drug_lines.0.drug"),
    "no drug lines": ({"drug_lines": []}, "drug_lines"),
    "drug lines not a list": ({"drug_lines": "12 kg charas"}, "drug_lines"),
    "future date": (
        {"occurred_at": (timezone.now() + datetime.timedelta(days=3)).isoformat()},
        "occurred_at",
    ),
    "ancient date": ({"occurred_at": "1900-01-01T00:00:00Z"}, "occurred_at"),
    "not a date": ({"occurred_at": "yesterday"}, "occurred_at"),
    "unknown country": ({"origin": ["XX"]}, "origin"),
    "country name instead of code": ({"destination": ["Iran"]}, "destination"),
    "unknown province": ({"province": "PK-XX"}, "province"),
    "unknown district": ({"district": "ZZ-NOWHERE"}, "district"),
    "district of another province": ({"province": "PK-SD"}, "district"),
    "unknown place type": ({"place_type": "moon"}, "place_type"),
    "latitude out of range": ({"latitude": "123.5"}, "latitude"),
    "unknown participant": (
        {"participants": [{"agency": "NOPE", "credit_share": "0.5"}]},
        "participants.0.agency",
    ),
    "lead as participant": (
        {"participants": [{"agency": "ANF", "credit_share": "0.5"}]},
        "participants.0",
    ),
    "share above one": (
        {"participants": [{"agency": "CUSTOMS", "credit_share": "1.5"}]},
        "participants.0",
    ),
    "unknown unit of the agency": ({"unit": 999999}, "unit"),
    "unknown handling code": ({"handling_code": "top_secret"}, "handling_code"),
    "missing record id": ({"agency_record_id": ""}, "agency_record_id"),
}


@pytest.mark.parametrize(("changes", "field"), BAD_SEIZURES.values(), ids=BAD_SEIZURES.keys())
def test_bad_input_answers_400_naming_the_field_and_writes_nothing(world, api, changes, field):
    before = counts()
    response = api(world.officer).post("/api/seizures/", seizure_payload(**changes), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert all(isinstance(m, str) for m in response.json()[field])
    assert counts() == before


def test_every_problem_is_reported_at_once(world, api):
    payload = seizure_payload(
        occurred_at=(timezone.now() + datetime.timedelta(days=3)).isoformat(),
        origin=["XX"],
        drug_lines=_first_line(unit="bags"),
    )
    response = api(world.officer).post("/api/seizures/", payload, format="json")
    assert response.status_code == 400
    assert {"occurred_at", "origin", "drug_lines.0.unit"} <= set(response.json())


def test_malformed_json_answers_400(world, api):
    response = api(world.officer).post(
        "/api/seizures/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_an_agency_record_id_is_unique_within_the_agency_only(world, api):
    create_seizure(api(world.officer))
    before = counts()

    again = api(world.officer).post("/api/seizures/", seizure_payload(), format="json")
    assert again.status_code == 400
    assert "agency_record_id" in again.json()
    assert counts() == before

    # Another agency's FIR numbers are its own.
    create_seizure(api(world.customs_officer))


def test_owner_author_ids_and_derived_figures_are_never_taken_from_input(world, api):
    payload = seizure_payload(
        id=424242,
        agency="CUSTOMS",
        created_by=world.customs_officer.pk,
        created_at="2000-01-01T00:00:00Z",
        drug_lines=_first_line(kg_equivalent="99999", kg_factor="7", kg_rule="mine", id=5),
    )
    body = api(world.officer).post("/api/seizures/", payload, format="json").json()

    event = SeizureEvent.objects.get(pk=body["id"])
    assert event.pk != 424242
    assert event.agency == world.anf
    assert event.created_by == world.officer
    assert event.created_at.year != 2000
    line = event.drug_lines.get()
    assert line.kg_equivalent == 12.5 and line.kg_rule == "kg as reported"

    changed = api(world.officer).patch(
        f"/api/seizures/{event.pk}/", {"agency": "CUSTOMS", "summary": "moved"}, format="json"
    )
    assert changed.status_code == 200
    event.refresh_from_db()
    assert event.agency == world.anf and event.summary == "moved"


def test_partial_update_keeps_the_rest_and_recomputes_kg(world, api):
    body = create_seizure(
        api(world.officer), participants=[{"agency": "CUSTOMS", "credit_share": "0.2"}]
    )
    url = f"/api/seizures/{body['id']}/"

    response = api(world.officer).patch(
        url, {"drug_lines": _first_line(quantity="500", unit="g")}, format="json"
    )
    assert response.status_code == 200, response.json()
    updated = response.json()
    assert updated["drug_lines"][0]["kg_equivalent"] == "0.500000"
    assert updated["origin"] == ["AF"]
    assert updated["participants"] == body["participants"]
    assert updated["agency_record_id"] == body["agency_record_id"]
    entry = AuditEntry.objects.get(action="update", target_id=str(body["id"]))
    assert entry.before["drug_lines"][0]["quantity"] == "12.500"
    assert entry.after["drug_lines"][0]["quantity"] == "500.000"


def test_full_update_replaces_the_record(world, api):
    body = create_seizure(api(world.officer))
    payload = seizure_payload(transport_mode="truck", origin=[], transit=["AF", "IR"])
    response = api(world.officer).put(f"/api/seizures/{body['id']}/", payload, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["transport_mode"] == "truck"
    assert response.json()["origin"] == [] and response.json()["transit"] == ["AF", "IR"]


def test_a_rejected_update_changes_nothing(world, api):
    body = create_seizure(api(world.officer))
    before = counts()
    response = api(world.officer).patch(
        f"/api/seizures/{body['id']}/", {"drug_lines": _first_line(unit="sacks")}, format="json"
    )
    assert response.status_code == 400
    assert counts() == before
    assert SeizureEvent.objects.get(pk=body["id"]).drug_lines.get().unit == "kg"


def test_delete_is_for_supervisors_of_the_owning_agency(world, api):
    body = create_seizure(api(world.officer))
    url = f"/api/seizures/{body['id']}/"

    assert api(world.officer).delete(url).status_code == 403
    assert api(world.supervisor).delete(url).status_code == 204
    assert not SeizureEvent.objects.filter(pk=body["id"]).exists()
    assert AuditEntry.objects.filter(action="delete", target_id=str(body["id"])).count() == 1


def test_an_analyst_may_read_but_not_write(world, api):
    body = create_seizure(api(world.officer))
    before = counts()
    client = api(world.analyst)

    assert client.get(f"/api/seizures/{body['id']}/").status_code == 200
    posted = client.post("/api/seizures/", seizure_payload(agency_record_id="X"), format="json")
    assert posted.status_code == 403
    # Refused before the input is examined: an invalid body gets the same answer.
    assert client.post("/api/seizures/", {"drug_lines": "x"}, format="json").status_code == 403
    assert client.patch(f"/api/seizures/{body['id']}/", {"summary": "x"}).status_code == 403
    assert client.delete(f"/api/seizures/{body['id']}/").status_code == 403
    assert counts() == before


def test_anonymous_requests_answer_401(world, api):
    body = create_seizure(api(world.officer))
    anonymous = api(None)
    assert anonymous.get("/api/seizures/").status_code == 401
    assert anonymous.get(f"/api/seizures/{body['id']}/").status_code == 401
    assert anonymous.post("/api/seizures/", seizure_payload(), format="json").status_code == 401


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def anf_seizures(world, api) -> dict[str, int]:
    """One ANF seizure per handling code: code → id."""
    client = api(world.officer)
    return {
        code: create_seizure(client, agency_record_id=f"FIR-{code}", handling_code=code)["id"]
        for code in HandlingCode.values
    }


def test_another_agency_gets_404_for_a_restricted_seizure_and_does_not_list_it(
    world, api, anf_seizures
):
    client = api(world.customs_officer)
    restricted = anf_seizures[HandlingCode.RESTRICTED]
    url = f"/api/seizures/{restricted}/"
    before = counts()

    assert client.get(url).status_code == 404
    assert client.patch(url, {"summary": "x"}, format="json").status_code == 404
    assert client.put(url, seizure_payload(), format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert client.get("/api/seizures/999999/").json() == client.get(url).json()
    assert _ids(client.get("/api/seizures/")) == {anf_seizures[HandlingCode.SHARED]}
    assert counts() == before


def test_a_shared_seizure_is_read_by_others_but_changed_only_by_its_owner(world, api, anf_seizures):
    url = f"/api/seizures/{anf_seizures[HandlingCode.SHARED]}/"
    client = api(world.customs_officer)
    assert client.get(url).status_code == 200
    assert client.patch(url, {"summary": "x"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403


def test_a_joint_partner_sees_the_restricted_seizure_it_took_part_in(world, api):
    body = create_seizure(
        api(world.officer), participants=[{"agency": "CUSTOMS", "credit_share": "0.5"}]
    )
    client = api(world.customs_officer)
    assert client.get(f"/api/seizures/{body['id']}/").status_code == 200
    assert client.patch(f"/api/seizures/{body['id']}/", {"summary": "x"}).status_code == 403


def test_centre_analyst_sees_restricted_but_not_source_restricted(world, api, anf_seizures):
    client = api(world.centre_analyst)
    source = anf_seizures[HandlingCode.SOURCE_RESTRICTED]

    assert _ids(client.get("/api/seizures/")) == {
        anf_seizures[HandlingCode.SHARED],
        anf_seizures[HandlingCode.RESTRICTED],
    }
    assert client.get(f"/api/seizures/{anf_seizures[HandlingCode.RESTRICTED]}/").status_code == 200
    assert client.get(f"/api/seizures/{source}/").status_code == 404
    assert client.post("/api/seizures/", seizure_payload(), format="json").status_code == 403


def test_a_filtered_list_is_an_audited_search(world, api, anf_seizures):
    client = api(world.analyst)
    searches = AuditEntry.objects.filter(action="search")

    assert _ids(client.get("/api/seizures/", {"page": 1, "ordering": "-occurred_at"}))
    assert searches.count() == 0

    found = client.get("/api/seizures/", {"province": "PK-BA", "drug_group": "cannabis"})
    assert len(_ids(found)) == 3
    entry = searches.get()
    assert entry.actor == world.analyst
    assert entry.target_type == "intake.seizureevent"
    assert entry.detail == {"params": {"province": "PK-BA", "drug_group": "cannabis"}, "results": 3}


def test_filters_narrow_the_list(world, api, anf_seizures):
    create_seizure(
        api(world.officer),
        agency_record_id="FIR-SD",
        province="PK-SD",
        district="SD-KHS",
        drug_lines=[{"reported_term": "heroin", "quantity": "1", "unit": "kg"}],
        occurred_at="2024-06-01T08:00:00+05:00",
    )
    client = api(world.officer)
    assert len(_ids(client.get("/api/seizures/", {"province": "PK-SD"}))) == 1
    assert len(_ids(client.get("/api/seizures/", {"district": "BA-QTA"}))) == 3
    assert len(_ids(client.get("/api/seizures/", {"drug_group": "opioids"}))) == 1
    assert len(_ids(client.get("/api/seizures/", {"occurred_on_before": "2024-12-31"}))) == 1
    assert len(_ids(client.get("/api/seizures/", {"handling_code": "shared"}))) == 1
    assert len(_ids(client.get("/api/seizures/", {"agency": "CUSTOMS"}))) == 0
    assert client.get("/api/seizures/", {"province": "Mars"}).status_code == 400


def test_the_list_takes_the_same_number_of_queries_for_one_seizure_or_many(world, api):
    client = api(world.officer)
    joint = [{"agency": "CUSTOMS", "credit_share": "0.1"}]
    create_seizure(client, agency_record_id="FIR-0", participants=joint)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/seizures/")
    for n in range(1, 6):
        create_seizure(client, agency_record_id=f"FIR-{n}", participants=joint)
    with CaptureQueriesContext(connection) as six:
        client.get("/api/seizures/")
    assert len(six) == len(one)
