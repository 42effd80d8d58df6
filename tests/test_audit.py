"""The audit trail: every change writes exactly one entry, in the change's own transaction, saying
who, from which agency, what, to which record, before and after, and through which channel.

Reads that matter (a person's page, a search, an export, a report, a sign-in) are entries too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from factories import (
    AddressFactory,
    ArrestFactory,
    EradicationRecordFactory,
    LinkFactory,
    OrganisationFactory,
    PersonFactory,
    PersonWithDocumentsFactory,
    SeizureEventFactory,
    VehicleFactory,
    arrest_data,
    district,
    eradication_data,
    person_data,
    seizure_data,
)

from nncc.agencies.models import Agency, Membership
from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.eradication.models import EradicationRecord
from nncc.eradication.services import eradication_delete, eradication_record, eradication_update
from nncc.intake.models import Arrest, DrugLine, Participation, RouteCountry, SeizureEvent
from nncc.intake.services import (
    arrest_delete,
    arrest_record,
    arrest_update,
    seizure_delete,
    seizure_record,
    seizure_update,
)
from nncc.kernel.access import Role
from nncc.kernel.audit import (
    ENTRY_COLUMNS,
    audit_log,
    audit_read,
    create_entry_rows,
    entry_fields,
)
from nncc.kernel.context import action_context, current_context
from nncc.kernel.models import AuditAction, AuditEntry
from nncc.kernel.testing import api_client, make_user, ui_client
from nncc.registry.models import (
    Address,
    Identifier,
    Link,
    Organisation,
    Person,
    Phone,
    Vehicle,
)
from nncc.registry.services import (
    AddressData,
    LinkData,
    OrganisationData,
    VehicleData,
    address_delete,
    address_record,
    address_update,
    link_delete,
    link_record,
    link_update,
    organisation_delete,
    organisation_record,
    organisation_update,
    person_delete,
    person_record,
    person_update,
    vehicle_delete,
    vehicle_record,
    vehicle_update,
)

#: every table a change may touch; a failed audit insert must leave all of them as they were
TOUCHED: tuple[type[Model], ...] = (
    SeizureEvent,
    DrugLine,
    Participation,
    RouteCountry,
    Arrest,
    Person,
    Identifier,
    Phone,
    Vehicle,
    Organisation,
    Address,
    Link,
    EradicationRecord,
    Agency,
    Membership,
    get_user_model(),
    AuditEntry,
)


def database_state() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values()) for model in TOUCHED
    }


@dataclass
class Change:
    """A service call: who makes it, what it does, and to which kind of record."""

    actor: str
    action: str
    model: type[Model]
    #: prepares what the call needs and returns a thunk that makes it and returns the target
    prepare: Callable[[SimpleNamespace], Callable[[], Any]]


def _deleted(record: Model, delete: Callable[[], None]) -> Callable[[], Any]:
    def run() -> Any:
        pk = record.pk
        delete()
        return pk

    return run


CHANGES: dict[str, Change] = {
    "seizure_record": Change(
        "anf_officer",
        "create",
        SeizureEvent,
        lambda p: lambda: seizure_record(acting_user=p.anf_officer, data=seizure_data()),
    ),
    "seizure_update": Change(
        "anf_officer",
        "update",
        SeizureEvent,
        lambda p: (
            lambda event: (
                lambda: seizure_update(
                    acting_user=p.anf_officer,
                    event=event,
                    data=seizure_data(
                        agency_record_id=event.agency_record_id, summary="Corrected."
                    ),
                )
            )
        )(SeizureEventFactory(agency=p.anf)),
    ),
    "seizure_delete": Change(
        "anf_supervisor",
        "delete",
        SeizureEvent,
        lambda p: (
            lambda event: _deleted(
                event, lambda: seizure_delete(acting_user=p.anf_supervisor, event=event)
            )
        )(SeizureEventFactory(agency=p.anf)),
    ),
    "arrest_record": Change(
        "anf_officer",
        "create",
        Arrest,
        lambda p: (
            lambda person: (
                lambda: arrest_record(acting_user=p.anf_officer, data=arrest_data(person=person))
            )
        )(PersonFactory(agency=p.anf)),
    ),
    "arrest_update": Change(
        "anf_officer",
        "update",
        Arrest,
        lambda p: (
            lambda arrest: (
                lambda: arrest_update(
                    acting_user=p.anf_officer,
                    arrest=arrest,
                    data=arrest_data(person=arrest.person, role="driver"),
                )
            )
        )(ArrestFactory(agency=p.anf)),
    ),
    "arrest_delete": Change(
        "anf_supervisor",
        "delete",
        Arrest,
        lambda p: (
            lambda arrest: _deleted(
                arrest, lambda: arrest_delete(acting_user=p.anf_supervisor, arrest=arrest)
            )
        )(ArrestFactory(agency=p.anf)),
    ),
    "person_record": Change(
        "anf_officer",
        "create",
        Person,
        lambda p: lambda: person_record(acting_user=p.anf_officer, data=person_data()),
    ),
    "person_update": Change(
        "anf_officer",
        "update",
        Person,
        lambda p: (
            lambda person: (
                lambda: person_update(
                    acting_user=p.anf_officer, person=person, data=person_data(alias="Gula")
                )
            )
        )(PersonWithDocumentsFactory(agency=p.anf)),
    ),
    "person_delete": Change(
        "anf_supervisor",
        "delete",
        Person,
        lambda p: (
            lambda person: _deleted(
                person, lambda: person_delete(acting_user=p.anf_supervisor, person=person)
            )
        )(PersonWithDocumentsFactory(agency=p.anf)),
    ),
    "vehicle_record": Change(
        "anf_officer",
        "create",
        Vehicle,
        lambda p: (
            lambda: vehicle_record(
                acting_user=p.anf_officer, data=VehicleData(registration="LEB-1234", make="Hino")
            )
        ),
    ),
    "vehicle_update": Change(
        "anf_officer",
        "update",
        Vehicle,
        lambda p: (
            lambda vehicle: (
                lambda: vehicle_update(
                    acting_user=p.anf_officer,
                    vehicle=vehicle,
                    data=VehicleData(registration=vehicle.registration, colour="red"),
                )
            )
        )(VehicleFactory(agency=p.anf)),
    ),
    "vehicle_delete": Change(
        "anf_supervisor",
        "delete",
        Vehicle,
        lambda p: (
            lambda vehicle: _deleted(
                vehicle, lambda: vehicle_delete(acting_user=p.anf_supervisor, vehicle=vehicle)
            )
        )(VehicleFactory(agency=p.anf)),
    ),
    "organisation_record": Change(
        "anf_officer",
        "create",
        Organisation,
        lambda p: (
            lambda: organisation_record(
                acting_user=p.anf_officer, data=OrganisationData(name="Kabul Goods Carriers")
            )
        ),
    ),
    "organisation_update": Change(
        "anf_officer",
        "update",
        Organisation,
        lambda p: (
            lambda organisation: (
                lambda: organisation_update(
                    acting_user=p.anf_officer,
                    organisation=organisation,
                    data=OrganisationData(name=organisation.name, kind="network"),
                )
            )
        )(OrganisationFactory(agency=p.anf)),
    ),
    "organisation_delete": Change(
        "anf_supervisor",
        "delete",
        Organisation,
        lambda p: (
            lambda organisation: _deleted(
                organisation,
                lambda: organisation_delete(
                    acting_user=p.anf_supervisor, organisation=organisation
                ),
            )
        )(OrganisationFactory(agency=p.anf)),
    ),
    "address_record": Change(
        "anf_officer",
        "create",
        Address,
        lambda p: (
            lambda: address_record(
                acting_user=p.anf_officer,
                data=AddressData(line="House 4, Street 2", district=district(), province="PK-PB"),
            )
        ),
    ),
    "address_update": Change(
        "anf_officer",
        "update",
        Address,
        lambda p: (
            lambda address: (
                lambda: address_update(
                    acting_user=p.anf_officer,
                    address=address,
                    data=AddressData(
                        line="House 5, Street 2", district=district(), province="PK-PB"
                    ),
                )
            )
        )(AddressFactory(agency=p.anf)),
    ),
    "address_delete": Change(
        "anf_supervisor",
        "delete",
        Address,
        lambda p: (
            lambda address: _deleted(
                address, lambda: address_delete(acting_user=p.anf_supervisor, address=address)
            )
        )(AddressFactory(agency=p.anf)),
    ),
    "link_record": Change(
        "anf_officer",
        "create",
        Link,
        lambda p: (
            lambda person, vehicle: (
                lambda: link_record(
                    acting_user=p.anf_officer,
                    data=LinkData(kind="drives", source=person, target=vehicle),
                )
            )
        )(PersonFactory(agency=p.anf), VehicleFactory(agency=p.anf)),
    ),
    "link_update": Change(
        "anf_officer",
        "update",
        Link,
        lambda p: (
            lambda link: (
                lambda: link_update(
                    acting_user=p.anf_officer,
                    link=link,
                    data=LinkData(kind="owns", source=link.source, target=link.target),
                )
            )
        )(LinkFactory(agency=p.anf)),
    ),
    "link_delete": Change(
        "anf_supervisor",
        "delete",
        Link,
        lambda p: (
            lambda link: _deleted(
                link, lambda: link_delete(acting_user=p.anf_supervisor, link=link)
            )
        )(LinkFactory(agency=p.anf)),
    ),
    "eradication_record": Change(
        "anf_officer",
        "create",
        EradicationRecord,
        lambda p: lambda: eradication_record(acting_user=p.anf_officer, data=eradication_data()),
    ),
    "eradication_update": Change(
        "anf_officer",
        "update",
        EradicationRecord,
        lambda p: (
            lambda record: (
                lambda: eradication_update(
                    acting_user=p.anf_officer,
                    record=record,
                    data=eradication_data(agency_record_id=record.agency_record_id, acres="20"),
                )
            )
        )(EradicationRecordFactory(agency=p.anf)),
    ),
    "eradication_delete": Change(
        "anf_supervisor",
        "delete",
        EradicationRecord,
        lambda p: (
            lambda record: _deleted(
                record,
                lambda: eradication_delete(acting_user=p.anf_supervisor, record=record),
            )
        )(EradicationRecordFactory(agency=p.anf)),
    ),
    "agency_create": Change(
        "platform_admin",
        "create",
        Agency,
        lambda p: (
            lambda: agency_create(
                acting_user=p.platform_admin,
                code="PCG",
                name="Pakistan Coast Guards",
                kind="federal",
            )
        ),
    ),
    "user_add_to_agency": Change(
        "anf_admin",
        "grant",
        get_user_model(),
        lambda p: (
            lambda: user_add_to_agency(
                acting_user=p.anf_admin,
                username="new.officer",
                password="a long and unguessable passphrase",
                agency=p.anf,
                roles=[Role.FIELD_OFFICER],
            )
        ),
    ),
}


@pytest.fixture
def people(
    anf: Any,
    customs: Any,
    anf_officer: Any,
    anf_supervisor: Any,
    anf_admin: Any,
    platform_admin: Any,
) -> SimpleNamespace:
    return SimpleNamespace(
        anf=anf,
        customs=customs,
        anf_officer=anf_officer,
        anf_supervisor=anf_supervisor,
        anf_admin=anf_admin,
        platform_admin=platform_admin,
    )


def _pk(result: Any) -> Any:
    return getattr(result, "pk", result)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_each_change_writes_exactly_one_complete_entry(name: str, people: SimpleNamespace):
    change = CHANGES[name]
    actor = getattr(people, change.actor)
    run = change.prepare(people)
    known = set(AuditEntry.objects.values_list("pk", flat=True))
    with action_context(channel="cli", request_id=f"req-{name}", client_address="192.0.2.44"):
        target = _pk(run())
    entries = list(AuditEntry.objects.exclude(pk__in=known))
    assert len(entries) == 1, f"{name} wrote {len(entries)} audit entries"
    entry = entries[0]
    assert entry.actor == actor
    assert entry.actor_username == actor.username
    actor_agency = actor.memberships.first()
    assert entry.agency_id == (actor_agency.agency_id if actor_agency else None)
    assert entry.action == change.action
    assert entry.target_type == change.model._meta.label_lower
    assert entry.target_id == str(target)
    assert entry.target_label
    assert (entry.channel, entry.request_id, entry.client_address) == (
        "cli",
        f"req-{name}",
        "192.0.2.44",
    )
    assert entry.time is not None
    if change.action == "create":
        assert entry.before is None and isinstance(entry.after, dict) and entry.after
    elif change.action == "update":
        assert isinstance(entry.before, dict) and isinstance(entry.after, dict)
        assert entry.before != entry.after, "an update entry must show what changed"
    elif change.action == "delete":
        assert isinstance(entry.before, dict) and entry.before and entry.after is None
        assert not change.model._base_manager.filter(pk=target).exists()
    else:
        assert entry.after


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_failed_audit_insert_undoes_the_change(
    name: str, people: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
):
    change = CHANGES[name]
    run = change.prepare(people)
    before = database_state()

    class AuditStoreDown(Exception):
        pass

    def refuse(**kwargs: Any) -> None:
        raise AuditStoreDown("the audit table refused the insert")

    monkeypatch.setattr(AuditEntry.objects, "create", refuse)
    with pytest.raises(AuditStoreDown):
        run()
    monkeypatch.undo()
    assert database_state() == before, f"{name} left its change behind without an audit entry"


@pytest.mark.django_db
def test_the_snapshot_records_values_before_and_after(people: SimpleNamespace):
    event = SeizureEventFactory(agency=people.anf, summary="As first reported.")
    with action_context(channel="cli"):
        seizure_update(
            acting_user=people.anf_officer,
            event=event,
            data=seizure_data(agency_record_id=event.agency_record_id, summary="Corrected."),
        )
    entry = AuditEntry.objects.get(action="update")
    assert entry.before["summary"] == "As first reported."
    assert entry.after["summary"] == "Corrected."
    assert entry.after["agency_id"] == people.anf.pk
    assert Decimal(entry.after["drug_lines"][0]["kg_equivalent"]) == Decimal("12.5")


# --- channels ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_outside_any_context_the_channel_is_shell(people: SimpleNamespace):
    assert current_context().channel == "shell"
    seizure_record(acting_user=people.anf_officer, data=seizure_data())
    entry = AuditEntry.objects.get()
    assert (entry.channel, entry.request_id, entry.client_address) == ("shell", "", None)


@pytest.mark.django_db
@pytest.mark.parametrize("channel", ["cli", "task"])
def test_cli_and_task_contexts_name_their_channel(channel: str, people: SimpleNamespace):
    with action_context(channel=channel) as context:
        seizure_record(acting_user=people.anf_officer, data=seizure_data())
    entry = AuditEntry.objects.get()
    assert entry.channel == channel
    assert re.fullmatch(r"[0-9a-f]{32}", entry.request_id)
    assert entry.request_id == context.request_id
    assert current_context().channel == "shell", "the context outlived its block"


@pytest.mark.django_db
def test_contexts_nest_and_restore(people: SimpleNamespace):
    with action_context(channel="task", request_id="outer"):
        with action_context(channel="cli", request_id="inner"):
            audit_read(actor=people.anf_officer, action=AuditAction.REPORT, target_type="x")
        audit_read(actor=people.anf_officer, action=AuditAction.REPORT, target_type="y")
    entries = {e.target_type: (e.channel, e.request_id) for e in AuditEntry.objects.all()}
    assert entries == {"x": ("cli", "inner"), "y": ("task", "outer")}


@pytest.mark.django_db
def test_a_task_records_its_channel_and_id(people: SimpleNamespace):
    from nncc.kernel.tasks import audited_task

    task = audited_task()(record_vehicle_in_background)
    result = task.enqueue(registration="LEA-777", acting_user_id=people.anf_officer.pk)
    entry = AuditEntry.objects.get(target_type="registry.vehicle")
    assert (entry.channel, entry.request_id) == ("task", str(result.id))
    assert entry.actor == people.anf_officer
    assert Vehicle.objects.get(pk=result.return_value).registration == "LEA-777"


def record_vehicle_in_background(*, registration: str, acting_user: Any) -> int:
    return vehicle_record(acting_user=acting_user, data=VehicleData(registration=registration)).pk


@pytest.mark.django_db
def test_an_entry_without_an_actor_names_no_agency():
    with action_context(channel="cli"):
        audit_log(actor=None, action=AuditAction.REPORT, target_type="stats.campaign")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.actor_username, entry.agency) == (None, "", None)


@pytest.mark.django_db
def test_bulk_create_rows_hold_what_one_entry_at_a_time_would(people: SimpleNamespace):
    # A bulk import writes its create entries as rows of values (create_entry_rows); each must
    # say what audit_log would have said of its record, and one batch has one time.
    event = SeizureEventFactory(agency=people.anf, handling_code="restricted")
    person = PersonFactory(agency=people.anf)
    created = [(event, {"place": "N-25"}), (person, {"phones": ["+923001234567"]})]
    with action_context(channel="cli", request_id="batch-7", client_address="10.0.0.9"):
        rows = [
            dict(zip(ENTRY_COLUMNS, row, strict=True))
            for row in create_entry_rows(actor=people.anf_officer, created=created)
        ]
        expected = [
            entry_fields(
                actor=people.anf_officer, action=AuditAction.CREATE, target=target, after=after
            )
            for target, after in created
        ]
    assert len(rows) == 2 and rows[0]["time"] is rows[1]["time"]
    for row, fields in zip(rows, expected, strict=True):
        fields["actor_id"] = fields.pop("actor").pk
        del row["time"], fields["time"]
        assert row == fields
    assert rows[0]["target_handling_code"] == "restricted"
    assert (rows[1]["channel"], rows[1]["request_id"]) == ("cli", "batch-7")
    assert rows[1]["agency_id"] == people.anf.pk


# --- web and API requests ------------------------------------------------------------------


def _route(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        pytest.skip(f"endpoint not built yet: {name}")


def _new_entries(known: set[int]) -> list[AuditEntry]:
    return list(AuditEntry.objects.exclude(pk__in=known).order_by("pk"))


def _known() -> set[int]:
    return set(AuditEntry.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_web_write_records_channel_request_id_and_address(people: SimpleNamespace):
    from test_permission_matrix_ui import TestSeizurePages

    from nncc.kernel.testing import World

    _route("intake:seizure_create")
    world = World()
    pages = TestSeizurePages()
    officer = world.user("owner_field_officer")
    data = pages.create_data(world, world.owner)
    client = ui_client(officer)
    known = _known()
    response = client.post(_route("intake:seizure_create"), data, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    (entry,) = [e for e in _new_entries(known) if e.action == "create"]
    assert entry.channel == "web"
    assert entry.request_id == response["X-Request-ID"]
    assert entry.client_address == "198.51.100.7"
    assert entry.actor == officer and entry.agency == world.owner


@pytest.mark.django_db
def test_an_api_write_records_channel_request_id_and_address(people: SimpleNamespace):
    from test_permission_matrix_api import TestSeizureAPI

    from nncc.kernel.testing import World

    _route("seizure-list")
    world = World()
    officer = world.user("owner_field_officer")
    data = TestSeizureAPI().create_data(world, world.owner)
    known = _known()
    response = api_client(officer).post(
        "/api/seizures/", data, format="json", REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 201, response.content
    (entry,) = _new_entries(known)
    assert (entry.action, entry.channel) == ("create", "api")
    assert entry.request_id == response["X-Request-ID"]
    assert entry.client_address == "203.0.113.9"
    assert entry.target_id == str(response.json()["id"])


@pytest.mark.django_db
def test_reading_a_person_is_an_entry(anf: Any, anf_analyst: Any, anf_officer: Any):
    person = PersonWithDocumentsFactory(agency=anf, created_by=anf_officer)
    url = _route("registry:person_detail", person.pk)
    known = _known()
    response = ui_client(anf_analyst).get(url)
    assert response.status_code == 200
    entries = [e for e in _new_entries(known) if e.action == "view"]
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.target_type, entry.target_id) == ("registry.person", str(person.pk))
    assert (entry.channel, entry.request_id) == ("web", response["X-Request-ID"])


@pytest.mark.django_db
def test_a_refused_read_of_a_person_is_not_a_view(anf: Any, customs_analyst: Any):
    person = PersonWithDocumentsFactory(agency=anf, handling_code="restricted")
    url = _route("registry:person_detail", person.pk)
    known = _known()
    assert ui_client(customs_analyst).get(url).status_code == 404
    assert [e for e in _new_entries(known) if e.action == "view"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "query"),
    [
        ("intake:seizure_list", {"province": "PK-PB"}),
        ("intake:arrest_list", {"province": "PK-PB"}),
        ("registry:person_list", {"q": "Khan"}),
        ("eradication:record_list", {"province": "PK-KP"}),
    ],
)
def test_a_filtered_list_is_a_search_and_a_plain_list_is_not(
    route: str, query: dict[str, str], anf_analyst: Any
):
    url = _route(route)
    client = ui_client(anf_analyst)
    known = _known()
    assert client.get(url).status_code == 200
    assert [e for e in _new_entries(known) if e.action == "search"] == []
    response = client.get(url, query)
    assert response.status_code == 200
    searches = [e for e in _new_entries(known) if e.action == "search"]
    assert len(searches) == 1, f"{route} with {query} wrote {len(searches)} search entries"
    assert searches[0].channel == "web"
    assert searches[0].request_id == response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/seizures/", "/api/arrests/", "/api/persons/", "/api/vehicles/", "/api/eradication/"],
)
def test_a_filtered_api_list_is_a_search(path: str, anf_analyst: Any):
    client = api_client(anf_analyst)
    known = _known()
    response = client.get(path, {"handling_code": "shared"})
    if response.status_code == 404:
        pytest.skip(f"endpoint not built yet: {path}")
    assert response.status_code == 200
    searches = [e for e in _new_entries(known) if e.action == "search"]
    assert len(searches) == 1
    assert (searches[0].channel, searches[0].request_id) == ("api", response["X-Request-ID"])


@pytest.mark.django_db
def test_a_report_and_an_export_are_entries(anf_analyst: Any):
    url = _route("stats:campaign")
    client = ui_client(anf_analyst)
    known = _known()
    assert client.get(url, {"year": 2025}).status_code == 200
    assert [e.action for e in _new_entries(known)] == ["report"]
    known = _known()
    response = client.get(url, {"year": 2025, "format": "csv"})
    assert response.status_code == 200
    assert sorted(e.action for e in _new_entries(known)) == ["export", "report"]


@pytest.mark.django_db
def test_signing_in_and_failing_to_are_entries(anf: Any):
    url = _route("login")
    make_user(anf, Role.ANALYST, username="anf.signin", password="a long enough passphrase")
    client = ui_client(None)
    known = _known()
    client.post(url, {"username": "anf.signin", "password": "wrong guess at it"})
    failed = _new_entries(known)
    assert [e.action for e in failed] == ["login_failed"]
    assert "wrong guess" not in str(failed[0].detail), "the password tried is in the trail"
    assert failed[0].client_address == "127.0.0.1"
    known = _known()
    response = client.post(url, {"username": "anf.signin", "password": "a long enough passphrase"})
    assert response.status_code == 302
    signed_in = _new_entries(known)
    assert [(e.action, e.channel) for e in signed_in] == [("login", "web")]
    assert signed_in[0].agency == anf
