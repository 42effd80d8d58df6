"""The audit trail over the API: auditors only; an agency's auditors see their agency's entries."""

from __future__ import annotations

import pytest

from nncc.kernel.models import AuditEntry

from .helpers import create_seizure, person_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(world, api) -> dict[str, int]:
    anf = create_seizure(api(world.officer))
    customs = create_seizure(api(world.customs_officer))
    seizure_entries = AuditEntry.objects.filter(target_type="intake.seizureevent")
    return {
        "anf": seizure_entries.get(target_id=str(anf["id"])).pk,
        "customs": seizure_entries.get(target_id=str(customs["id"])).pk,
    }


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_an_agency_auditor_reads_his_agencys_entries_only(world, api, entries):
    client = api(world.auditor)
    listed = _ids(client.get("/api/audit/"))
    assert entries["anf"] in listed and entries["customs"] not in listed
    assert AuditEntry.objects.filter(pk__in=listed).exclude(agency=world.anf).count() == 0
    assert client.get(f"/api/audit/{entries['customs']}/").status_code == 404
    body = client.get(f"/api/audit/{entries['anf']}/").json()
    assert (body["action"], body["agency"], body["actor_username"]) == ("create", "ANF", "officer")
    viewed = AuditEntry.objects.get(action="view", target_type="kernel.auditentry")
    assert viewed.actor == world.auditor and viewed.target_id == str(entries["anf"])


def test_the_centres_auditor_reads_every_entry(world, api, entries):
    assert set(entries.values()) <= _ids(api(world.centre_auditor).get("/api/audit/"))


@pytest.mark.parametrize("username", ["officer", "supervisor", "analyst", "centre_analyst"])
def test_others_are_refused(world, api, entries, username):
    assert api(world.users[username]).get("/api/audit/").status_code == 403
    assert api(world.users[username]).get(f"/api/audit/{entries['anf']}/").status_code == 403


def test_anonymous_is_401(world, api):
    assert api(None).get("/api/audit/").status_code == 401


def test_the_trail_cannot_be_written_through_the_api(world, api, entries):
    client = api(world.centre_auditor)
    assert client.post("/api/audit/", {"action": "create"}, format="json").status_code == 405
    assert client.delete(f"/api/audit/{entries['anf']}/").status_code == 405


def test_searching_the_trail_is_itself_audited(world, api, entries):
    response = api(world.auditor).get("/api/audit/", {"action": "create", "actor": "officer"})
    assert _ids(response) == {entries["anf"]}
    search = AuditEntry.objects.get(action="search", target_type="kernel.auditentry")
    assert search.actor == world.auditor


CANARY = "CANARY-SRC-4417"


@pytest.fixture
def source_restricted(world, api) -> dict[str, int]:
    """An ANF seizure marked source-restricted, recorded and then edited; its entries' ids."""
    client = api(world.officer)
    seizure = create_seizure(
        client,
        agency_record_id=f"{CANARY}-ID",
        summary=f"informant {CANARY}",
        handling_code="source_restricted",
    )
    changed = client.patch(
        f"/api/seizures/{seizure['id']}/", {"summary": f"{CANARY} moved"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    about = AuditEntry.objects.filter(target_type="intake.seizureevent", target_id=seizure["id"])
    return {entry.action: entry.pk for entry in about}


def test_an_agency_auditor_reads_entries_about_his_agencys_records(world, api):
    person = api(world.officer).post("/api/persons/", person_payload(), format="json").json()
    customs = api(world.customs_officer).post(
        "/api/persons/", person_payload(name_latin="Customs Man"), format="json"
    )
    assert customs.status_code == 201, customs.content
    assert api(world.centre_analyst).get(f"/api/persons/{person['id']}/").status_code == 200
    customs_id = customs.json()["id"]
    assert api(world.customs_officer).get(f"/api/persons/{customs_id}/").status_code == 200
    seen = AuditEntry.objects.get(action="view", target_id=str(person["id"]))
    assert (seen.agency, seen.target_agency) == (world.centre, world.anf)
    customs_seen = AuditEntry.objects.get(action="view", target_id=str(customs_id))
    listed = _ids(api(world.auditor).get("/api/audit/"))
    assert seen.pk in listed and customs_seen.pk not in listed
    body = api(world.auditor).get(f"/api/audit/{seen.pk}/").json()
    assert (body["agency"], body["actor_username"]) == ("NNCC", "centre_analyst")
    assert api(world.auditor).get(f"/api/audit/{customs_seen.pk}/").status_code == 404


def test_the_centres_auditor_sees_a_source_restricted_entry_without_content(
    world, api, source_restricted
):
    client = api(world.centre_auditor)
    listing = client.get("/api/audit/", {"target_type": "intake.seizureevent"})
    assert set(source_restricted.values()) <= _ids(listing)
    assert CANARY not in listing.content.decode()
    response = client.get(f"/api/audit/{source_restricted['update']}/")
    assert response.status_code == 200
    assert CANARY not in response.content.decode()
    body = response.json()
    assert (body["action"], body["agency"], body["target_type"]) == (
        "update",
        "ANF",
        "intake.seizureevent",
    )
    assert body["withheld"] is True
    assert body["note"] == "withheld: source-restricted record of ANF"
    assert (body["target_label"], body["before"], body["after"], body["detail"]) == (
        "",
        None,
        None,
        None,
    )
    # Reading the entry is on the trail, and that entry's label is withheld in turn.
    viewed = AuditEntry.objects.get(
        action="view", target_type="kernel.auditentry", target_id=str(source_restricted["update"])
    )
    assert viewed.target_handling_code == "source_restricted"
    again = client.get(f"/api/audit/{viewed.pk}/")
    assert again.status_code == 200 and CANARY not in again.content.decode()


def test_the_owning_agencys_auditor_reads_the_full_entry(world, api, source_restricted):
    response = api(world.auditor).get(f"/api/audit/{source_restricted['update']}/")
    body = response.json()
    assert body["withheld"] is False and body["note"] == ""
    assert CANARY in body["target_label"]
    assert CANARY in str(body["before"]) and f"{CANARY} moved" in str(body["after"])


def test_a_delete_keeps_the_owner_and_handling_code(world, api, source_restricted):
    seizure_id = AuditEntry.objects.get(pk=source_restricted["create"]).target_id
    assert api(world.supervisor).delete(f"/api/seizures/{seizure_id}/").status_code == 204
    deleted = AuditEntry.objects.get(action="delete", target_id=seizure_id)
    assert (deleted.target_agency, deleted.target_handling_code) == (
        world.anf,
        "source_restricted",
    )
    body = api(world.centre_auditor).get(f"/api/audit/{deleted.pk}/").json()
    assert body["withheld"] is True and body["before"] is None
