"""The audit trail over the API: auditors only; an agency's auditors see their agency's entries."""

from __future__ import annotations

import pytest

from nncc.kernel.models import AuditEntry

from .helpers import create_seizure

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
