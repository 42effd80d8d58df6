"""The audit trail page: who may read it, and which entries each reader sees."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.kernel.access import Role
from nncc.kernel.models import AuditEntry
from nncc.kernel.selectors import audit_entries_visible_to
from nncc.kernel.testing import make_user


def member(agency: Any, username: str, *roles: str) -> Any:
    return user_add_to_agency(
        acting_user=None,
        username=username,
        password="a-long-test-password-1",
        agency=agency,
        roles=list(roles),
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    anf = agency_create(acting_user=None, code="ANF", name="Anti-Narcotics Force", kind="federal")
    customs = agency_create(acting_user=None, code="CUSTOMS", name="Customs", kind="federal")
    centre = agency_create(acting_user=None, code="NNCC", name="Centre", kind="centre")
    world = {
        "anf": anf,
        "customs": customs,
        "anf_auditor": member(anf, "anf_auditor", Role.AUDITOR),
        "anf_officer": member(anf, "anf_officer", Role.FIELD_OFFICER),
        "anf_admin": member(anf, "anf_admin", Role.AGENCY_ADMIN),
        "centre_auditor": member(centre, "centre_auditor", Role.AUDITOR),
        "centre_analyst": member(centre, "centre_analyst", Role.CENTRE_ANALYST),
    }
    for agency, label in ((anf, "anf change"), (customs, "customs change")):
        AuditEntry.objects.create(
            time=timezone.now(),
            agency=agency,
            action="update",
            target_type="registry.person",
            target_id="7",
            target_label=label,
            before={"alias": "", "sex": "M"},
            after={"alias": "=cmd|' /C calc'!A0", "sex": "M"},
            channel="web",
            request_id=f"req-{agency.code.lower()}",
        )
    return world


def listed(response: Any) -> set[str]:
    return {entry.target_label for entry in response.context["rows"]}


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("kernel:audit_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("username", ["anf_officer", "anf_admin", "centre_analyst"])
def test_non_auditors_are_refused(world: dict, username: str) -> None:
    assert signed_in(world[username]).get(reverse("kernel:audit_list")).status_code == 403


def test_selector_answers_nothing_to_non_auditors(world: dict) -> None:
    assert not audit_entries_visible_to(world["anf_officer"]).exists()
    assert not audit_entries_visible_to(world["centre_analyst"]).exists()
    assert not audit_entries_visible_to(None).exists()


def test_agency_auditor_sees_only_his_agencys_entries(world: dict) -> None:
    response = signed_in(world["anf_auditor"]).get(reverse("kernel:audit_list"))
    assert response.status_code == 200
    assert "anf change" in listed(response)
    assert "customs change" not in listed(response)
    assert {entry.agency_id for entry in response.context["rows"]} == {world["anf"].pk}
    assert "customs change" not in response.content.decode()


def test_agency_auditor_cannot_filter_his_way_into_another_agency(world: dict) -> None:
    client = signed_in(world["anf_auditor"])
    response = client.get(reverse("kernel:audit_list"), {"agency": world["customs"].pk})
    assert response.status_code == 200
    assert listed(response) == set()


def test_centre_auditor_and_platform_admin_see_all(world: dict) -> None:
    admin = make_user(None, username="root", is_superuser=True)
    for user in (world["centre_auditor"], admin):
        response = signed_in(user).get(reverse("kernel:audit_list"), {"per_page": 100})
        assert {"anf change", "customs change"} <= listed(response)
        assert audit_entries_visible_to(user).count() == AuditEntry.objects.count()


def test_filters_narrow_the_list_and_are_audited(world: dict) -> None:
    client = signed_in(world["centre_auditor"])
    before = AuditEntry.objects.filter(action="search").count()
    response = client.get(
        reverse("kernel:audit_list"),
        {"request_id": "req-customs", "action": "update", "target_type": "registry.person"},
    )
    assert listed(response) == {"customs change"}
    searches = AuditEntry.objects.filter(action="search", target_type="kernel.auditentry")
    assert searches.count() == before + 1
    assert searches.get().actor == world["centre_auditor"]


def test_expanded_row_shows_the_change_escaped(world: dict) -> None:
    response = signed_in(world["centre_auditor"]).get(
        reverse("kernel:audit_list"), {"request_id": "req-anf"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "<code>alias</code>" in content  # the diff table names the changed key
    assert "<code>sex</code>" not in content  # unchanged keys are left out of it
    assert "&#x27; /C calc&#x27;" in content or "&#39; /C calc&#39;" in content


def test_sorting_by_time(world: dict) -> None:
    client = signed_in(world["centre_auditor"])
    oldest_first = client.get(reverse("kernel:audit_list"), {"sort": "time"}).context["rows"]
    times = [entry.time for entry in oldest_first]
    assert times == sorted(times)


# --- entries about an agency's records, and source-restricted content ---------------------------

CANARY = "CANARY-SRC-4417"


def seizure_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "agency_record_id": "FIR-2025-001",
        "occurred_at": "2025-03-01T10:30:00+05:00",
        "province": "PK-BA",
        "district": "BA-QTA",
        "place": "Quetta bypass checkpoint",
        "place_type": "road",
        "transport_mode": "car",
        "concealment": "vehicle_cavity",
        "drug_lines": [{"reported_term": "charas", "quantity": "12.5", "unit": "kg"}],
        "origin": ["AF"],
        "destination": ["IR"],
    }
    payload.update(overrides)
    return payload


def a_person(agency: Any, name: str, handling_code: str = "restricted") -> Any:
    from nncc.registry.models import Person

    return Person.objects.create(
        agency=agency, handling_code=handling_code, agency_record_id=name, name_latin=name
    )


def source_restricted_seizure(user: Any) -> dict[str, Any]:
    """An ANF seizure marked source-restricted, recorded and then edited through the API."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    payload = seizure_payload(
        agency_record_id=f"{CANARY}-ID",
        summary=f"informant {CANARY}",
        handling_code="source_restricted",
    )
    created = client.post("/api/seizures/", payload, format="json")
    assert created.status_code == 201, created.content
    seizure = created.json()
    changed = client.patch(
        f"/api/seizures/{seizure['id']}/", {"summary": f"{CANARY} moved"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    return seizure


def test_agency_auditor_sees_who_saw_his_agencys_records(world: dict) -> None:
    anf_person = a_person(world["anf"], "Anf Person")
    customs_person = a_person(world["customs"], "Customs Person")
    customs_user = member(world["customs"], "customs_officer", Role.FIELD_OFFICER)
    centre = signed_in(world["centre_analyst"])
    assert centre.get(reverse("registry:person_detail", args=[anf_person.pk])).status_code == 200
    customs = signed_in(customs_user)
    assert (
        customs.get(reverse("registry:person_detail", args=[customs_person.pk])).status_code == 200
    )

    seen = AuditEntry.objects.get(action="view", target_id=str(anf_person.pk))
    assert seen.agency is not None and seen.agency.code == "NNCC"
    assert (seen.target_agency_id, seen.target_handling_code) == (
        world["anf"].pk,
        "restricted",
    )
    response = signed_in(world["anf_auditor"]).get(reverse("kernel:audit_list"), {"per_page": 100})
    rows = list(response.context["rows"])
    assert seen in rows
    assert not [row for row in rows if row.target_id == str(customs_person.pk)]
    assert "Customs Person" not in response.content.decode()
    assert set(audit_entries_visible_to(world["anf_auditor"])) >= {seen}


def test_centre_auditor_sees_a_source_restricted_entry_without_its_content(world: dict) -> None:
    seizure = source_restricted_seizure(world["anf_officer"])
    client = signed_in(world["centre_auditor"])
    response = client.get(reverse("kernel:audit_list"), {"per_page": 100})
    about = [row for row in response.context["rows"] if row.target_id == str(seizure["id"])]
    assert {row.action for row in about} >= {"create", "update"}
    content = response.content.decode()
    assert CANARY not in content
    assert "withheld: source-restricted record of ANF" in content
    partial = client.get(
        reverse("kernel:audit_list"), {"target_type": "intake.seizureevent"}, HTTP_HX_REQUEST="true"
    )
    assert CANARY not in partial.content.decode()
    assert "withheld" in partial.content.decode()


def test_target_label_filter_does_not_reveal_a_withheld_label(world: dict) -> None:
    source_restricted_seizure(world["anf_officer"])
    centre = signed_in(world["centre_auditor"])
    assert listed(centre.get(reverse("kernel:audit_list"), {"target_label": CANARY})) == set()
    own = signed_in(world["anf_auditor"])
    response = own.get(reverse("kernel:audit_list"), {"target_label": CANARY})
    assert len(listed(response)) == 1  # the seizure's label, on its create and update entries
    assert len(response.context["rows"]) == 2


def test_owning_agencys_auditor_reads_the_full_entry(world: dict) -> None:
    seizure = source_restricted_seizure(world["anf_officer"])
    response = signed_in(world["anf_auditor"]).get(
        reverse("kernel:audit_list"), {"target_id": str(seizure["id"]), "action": "update"}
    )
    content = response.content.decode()
    assert f"{CANARY}-ID" in content  # the label
    assert f"{CANARY} moved" in content  # the after snapshot
    assert "withheld" not in content


def test_a_delete_keeps_the_owner_and_handling_code(world: dict) -> None:
    from nncc.registry.services.persons import person_delete

    person = a_person(world["anf"], "Gone Person", handling_code="source_restricted")
    person_pk = person.pk
    person_delete(acting_user=world["anf_admin"], person=person)
    entry = AuditEntry.objects.get(action="delete", target_id=str(person_pk))
    assert (entry.target_agency_id, entry.target_handling_code) == (
        world["anf"].pk,
        "source_restricted",
    )
    centre = signed_in(world["centre_auditor"]).get(reverse("kernel:audit_list"))
    assert entry in list(centre.context["rows"])
    assert "Gone Person" not in centre.content.decode()
