"""The seizure and arrest pages, signing in and out, through the test client.

Records are made with the services, as the pages make them. The generic permission matrix lives
in ``tests/``; these tests check what a user of each page sees and what a bad form writes
(nothing).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.intake.models import Arrest, DrugLine, SeizureEvent
from nncc.intake.services import (
    ArrestData,
    DrugLineData,
    ParticipantData,
    SeizureData,
    arrest_record,
    seizure_record,
)
from nncc.kernel.access import Role
from nncc.kernel.models import AuditAction, AuditEntry, HandlingCode
from nncc.reference.models import District
from nncc.registry.models import Person
from nncc.registry.services import IdentifierData, PersonData, person_record

pytestmark = pytest.mark.django_db

KARACHI = ZoneInfo("Asia/Karachi")
PASSWORD = "a-long-test-password-2025"
LOGIN_NOTICE = "Authorised users only. All activity is recorded."


class World:
    """Two agencies with the users a page test needs."""

    def __init__(self) -> None:
        self.anf = agency_create(acting_user=None, code="ANF", name="ANF", kind="federal")
        self.customs = agency_create(
            acting_user=None, code="CUSTOMS", name="Customs", kind="federal"
        )
        self.officer = self.user("anf.officer", self.anf, Role.FIELD_OFFICER)
        self.supervisor = self.user("anf.supervisor", self.anf, Role.SUPERVISOR)
        self.analyst = self.user("anf.analyst", self.anf, Role.ANALYST)
        self.customs_officer = self.user("customs.officer", self.customs, Role.FIELD_OFFICER)
        self.quetta = District.objects.get(code="BA-QTA")

    def user(self, username: str, agency: Any, role: str) -> Any:
        return user_add_to_agency(
            acting_user=None, username=username, password=PASSWORD, agency=agency, roles=[role]
        )

    def seizure(
        self,
        record_id: str,
        *,
        by: Any = None,
        handling_code: str = HandlingCode.RESTRICTED,
        lines: int = 1,
        partners: list[Any] | None = None,
        day: int = 1,
    ) -> SeizureEvent:
        return seizure_record(
            acting_user=by or self.officer,
            data=SeizureData(
                agency_record_id=record_id,
                occurred_at=datetime.datetime(2025, 3, day, 10, 0, tzinfo=KARACHI),
                province="PK-BA",
                district=self.quetta,
                place_type="road",
                transport_mode="truck",
                place="N-25",
                handling_code=handling_code,
                drug_lines=[
                    DrugLineData(reported_term="charas", quantity=Decimal(10 + i), unit="kg")
                    for i in range(lines)
                ],
                origin=["AF"],
                participants=[
                    ParticipantData(agency=agency, credit_share=Decimal("0.25"))
                    for agency in partners or []
                ],
            ),
        )

    def person(self, name: str = "Gul Khan", *, by: Any = None) -> Person:
        return person_record(
            acting_user=by or self.officer,
            data=PersonData(name_latin=name, father_name_latin="Sher Khan", nationality="AF"),
        )

    def arrest(self, event: SeizureEvent, person: Person) -> Arrest:
        return arrest_record(
            acting_user=self.officer,
            data=ArrestData(
                person=person,
                event=event,
                arrested_on=timezone.localtime(event.occurred_at).date(),
                province="PK-BA",
                district=self.quetta,
                nationality_at_arrest="AF",
                role="courier",
                charges=["9(c)"],
            ),
        )


@pytest.fixture
def world() -> World:
    return World()


def signed_in(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def seizure_form_data(world: World, **overrides: Any) -> dict[str, Any]:
    """A complete seizure form: two drug lines, a route, one partner agency."""
    data: dict[str, Any] = {
        "agency_record_id": "FIR-101/2025",
        "occurred_at": "2025-03-04T06:30",
        "province": "PK-BA",
        "district": str(world.quetta.pk),
        "place": "Chaman road",
        "place_type": "road",
        "transport_mode": "truck",
        "concealment": "vehicle_cavity",
        "concealment_detail": "",
        "latitude": "30.921",
        "longitude": "66.4597",
        "origin": ["AF"],
        "transit": [],
        "destination": ["IR", "AE"],
        "handling_code": HandlingCode.RESTRICTED,
        "summary": "Truck stopped at a picket.",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-reported_term": "charas",
        "lines-0-drug": "",
        "lines-0-quantity": "120",
        "lines-0-unit": "kg",
        "lines-0-measured_weight_kg": "",
        "lines-1-reported_term": "ice",
        "lines-1-drug": "",
        "lines-1-quantity": "2500",
        "lines-1-unit": "g",
        "lines-1-measured_weight_kg": "",
        "partners-TOTAL_FORMS": "3",
        "partners-INITIAL_FORMS": "0",
        "partners-0-agency": str(world.customs.pk),
        "partners-0-credit_share": "0.3",
        "partners-1-agency": "",
        "partners-1-credit_share": "",
        "partners-2-agency": "",
        "partners-2-credit_share": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def writes() -> tuple[int, int, int]:
    """What a rejected form must not change: events, drug lines and change entries."""
    changes = AuditEntry.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    )
    return SeizureEvent.objects.count(), DrugLine.objects.count(), changes.count()


# --- signing in and out --------------------------------------------------------------------


def test_login_page_shows_the_system_use_notice(client: Any) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert LOGIN_NOTICE in response.content.decode()


def test_login_is_audited_and_lands_on_the_dashboard(client: Any, world: World) -> None:
    response = client.post(reverse("login"), {"username": "anf.officer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.actor == world.officer
    assert entry.agency == world.anf


def test_failed_login_is_audited_with_one_message_for_every_cause(
    client: Any, world: World
) -> None:
    wrong_password = client.post(
        reverse("login"), {"username": "anf.officer", "password": "not-the-password"}
    )
    unknown_user = client.post(reverse("login"), {"username": "nobody", "password": PASSWORD})
    world.analyst.is_active = False
    world.analyst.save()
    disabled = client.post(reverse("login"), {"username": "anf.analyst", "password": PASSWORD})

    errors = {tuple(r.context["form"].non_field_errors()) for r in (wrong_password, unknown_user)}
    errors.add(tuple(disabled.context["form"].non_field_errors()))
    assert errors == {("The username or password is not correct.",)}
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert sorted(failed.values_list("target_label", flat=True)) == [
        "anf.analyst",
        "anf.officer",
        "nobody",
    ]
    assert all(entry.actor is None for entry in failed)
    assert "not-the-password" not in str(list(failed.values("detail", "target_label")))


def test_logout_is_post_only_and_audited(client: Any, world: World) -> None:
    signed_in(client, world.officer)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, actor=world.officer).count() == 1
    assert client.get(reverse("intake:seizure_list")).status_code == 302


@pytest.mark.parametrize(
    "name", ["home", "intake:seizure_list", "intake:seizure_create", "intake:arrest_list"]
)
def test_anonymous_users_are_sent_to_the_login_page(client: Any, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_health_answers_without_login(client: Any) -> None:
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


# --- dashboard ----------------------------------------------------------------------------


def test_dashboard_lists_the_latest_seizures_the_user_may_see(client: Any, world: World) -> None:
    world.seizure("ANF-1")
    world.seizure("CUS-SECRET", by=world.customs_officer)
    page = signed_in(client, world.officer).get(reverse("home")).content.decode()
    assert "ANF-1" in page
    assert "CUS-SECRET" not in page
    assert "Report a seizure" in page
    assert "only over the records you may see" in page or "not available yet" in page


def test_dashboard_offers_no_reporting_to_an_analyst(client: Any, world: World) -> None:
    page = signed_in(client, world.analyst).get(reverse("home")).content.decode()
    assert reverse("intake:seizure_create") not in page


# --- seizure list -------------------------------------------------------------------------


def test_list_shows_visible_seizures_with_totals(client: Any, world: World) -> None:
    world.seizure("ANF-TWO-LINES", lines=2, partners=[world.customs])
    world.seizure("CUS-RESTRICTED", by=world.customs_officer)
    world.seizure("CUS-SHARED", by=world.customs_officer, handling_code=HandlingCode.SHARED)
    response = signed_in(client, world.officer).get(reverse("intake:seizure_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "ANF-TWO-LINES" in page
    assert "CUS-SHARED" in page
    assert "CUS-RESTRICTED" not in page
    row = next(r for r in response.context["rows"] if r.agency_record_id == "ANF-TWO-LINES")
    assert row.total_kg == Decimal(21)  # 10 kg + 11 kg, not doubled by the join
    assert row.is_joint_event


def test_htmx_filtering_returns_only_the_results_and_is_audited(client: Any, world: World) -> None:
    world.seizure("ANF-QUETTA")
    world.seizure("ANF-OTHER", day=2)
    signed_in(client, world.officer)
    response = client.get(
        reverse("intake:seizure_list"), {"q": "anf-que", "sort": "-date"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "<form" not in page
    assert "ANF-QUETTA" in page
    assert "ANF-OTHER" not in page
    assert "HX-Request" in response["Vary"]
    search = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert search.detail["filters"] == {"q": ["anf-que"]}


def test_list_filters_by_joint_and_sorts_by_total(client: Any, world: World) -> None:
    world.seizure("SMALL", lines=1)
    world.seizure("BIG", lines=3, partners=[world.customs])
    signed_in(client, world.officer)
    joint = client.get(reverse("intake:seizure_list"), {"joint": "yes"}).context["rows"]
    assert [r.agency_record_id for r in joint] == ["BIG"]
    by_total = client.get(reverse("intake:seizure_list"), {"sort": "-total_kg"}).context["rows"]
    assert [r.agency_record_id for r in by_total] == ["BIG", "SMALL"]


def test_list_query_count_does_not_grow_with_rows(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    signed_in(client, world.officer)
    person = world.person()
    world.arrest(world.seizure("FIRST", lines=2, partners=[world.customs]), person)
    client.get(reverse("intake:seizure_list"))  # warm the session and per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("intake:seizure_list"))
    for number in range(12):
        event = world.seizure(f"MORE-{number}", lines=3, partners=[world.customs], day=2)
        world.arrest(event, world.person(f"Person {number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("intake:seizure_list"))
    assert len(response.context["rows"]) == 13


# --- seizure detail -----------------------------------------------------------------------


def test_detail_shows_lines_route_partners_and_arrests(client: Any, world: World) -> None:
    event = world.seizure("ANF-7", lines=2, partners=[world.customs])
    person = world.person()
    world.arrest(event, person)
    page = (
        signed_in(client, world.officer)
        .get(reverse("intake:seizure_detail", args=[event.pk]))
        .content.decode()
    )
    assert "Cannabis resin (hashish)" in page
    assert "kg as reported" in page  # the conversion rule, as a tooltip
    assert "Afghanistan" in page
    assert "75%" in page and "25%" in page  # lead keeps what the partner leaves
    assert reverse("registry:person_detail", args=[person.pk]) in page
    assert reverse("intake:seizure_edit", args=[event.pk]) in page
    assert reverse("intake:seizure_delete", args=[event.pk]) not in page  # officers do not delete


def test_partner_agency_sees_the_joint_seizure_but_may_not_edit_it(
    client: Any, world: World
) -> None:
    event = world.seizure("ANF-JOINT", partners=[world.customs])
    signed_in(client, world.customs_officer)
    page = client.get(reverse("intake:seizure_detail", args=[event.pk])).content.decode()
    assert "ANF-JOINT" in page
    assert reverse("intake:seizure_edit", args=[event.pk]) not in page
    assert client.get(reverse("intake:seizure_edit", args=[event.pk])).status_code == 403


@pytest.mark.parametrize(
    "name", ["intake:seizure_detail", "intake:seizure_edit", "intake:seizure_delete"]
)
def test_other_agency_gets_404_on_a_restricted_seizure(
    client: Any, world: World, name: str
) -> None:
    event = world.seizure("ANF-PRIVATE")
    signed_in(client, world.customs_officer)
    response = client.get(reverse(name, args=[event.pk]))
    assert response.status_code == 404
    assert "not shared with your agency" in response.content.decode()
    assert "ANF-PRIVATE" not in client.get(reverse("intake:seizure_list")).content.decode()
    assert client.post(reverse("intake:seizure_delete", args=[event.pk])).status_code == 404
    assert SeizureEvent.objects.filter(pk=event.pk).exists()


# --- seizure create and edit --------------------------------------------------------------


def test_create_page_starts_with_one_line_and_offers_known_terms(client: Any, world: World) -> None:
    response = signed_in(client, world.officer).get(reverse("intake:seizure_create"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="lines-0-reported_term"' in page
    assert 'name="lines-1-reported_term"' not in page
    assert '<option value="charas">' in page
    assert reverse("intake:drug_line_row") in page


def test_create_with_two_drug_lines(client: Any, world: World) -> None:
    signed_in(client, world.officer)
    response = client.post(reverse("intake:seizure_create"), seizure_form_data(world))
    event = SeizureEvent.objects.get(agency_record_id="FIR-101/2025")
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:seizure_detail", args=[event.pk])
    assert event.agency == world.anf
    assert event.created_by == world.officer
    lines = list(event.drug_lines.order_by("id"))
    assert [(line.drug.name, line.kg_equivalent) for line in lines] == [
        ("Cannabis resin (hashish)", Decimal(120)),
        ("Methamphetamine", Decimal("2.5")),
    ]
    assert event.route("destination") == ["IR", "AE"]
    assert [(p.agency, p.credit_share) for p in event.participations.all()] == [
        (world.customs, Decimal("0.3"))
    ]
    created = AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_type="intake.seizureevent"
    )
    assert [entry.target_id for entry in created] == [str(event.pk)]


@pytest.mark.parametrize(
    ("overrides", "where", "field", "message"),
    [
        ({"lines-1-unit": "bags"}, 1, "unit", "bags is not one of the available choices"),
        ({"lines-0-quantity": "-5"}, 0, "quantity", "greater than zero"),
        ({"lines-0-quantity": "200000"}, 0, "quantity", "beyond any plausible seizure"),
        ({"lines-1-reported_term": "moon dust"}, 1, "reported_term", "not a known drug term"),
        ({"occurred_at": "2099-01-01T10:00"}, None, "occurred_at", "cannot be in the future"),
        ({"destination": ["XX"]}, None, "destination", "XX is not one of the available choices"),
        ({"latitude": "123"}, None, "latitude", "less than or equal to 90"),
    ],
)
def test_a_bad_seizure_form_shows_field_errors_and_writes_nothing(
    client: Any, world: World, overrides: dict, where: int | None, field: str, message: str
) -> None:
    signed_in(client, world.officer)
    before = writes()
    response = client.post(reverse("intake:seizure_create"), seizure_form_data(world, **overrides))
    assert response.status_code == 200
    forms = response.context["forms"]
    form = forms.form if where is None else forms.lines.forms[where]
    assert any(message in error for error in form.errors[field]), form.errors
    assert "is-invalid" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert writes() == before


def test_a_reused_record_id_is_shown_on_its_field(client: Any, world: World) -> None:
    world.seizure("FIR-101/2025")
    signed_in(client, world.officer)
    before = writes()
    response = client.post(reverse("intake:seizure_create"), seizure_form_data(world))
    assert response.status_code == 200
    assert response.context["form"].errors["agency_record_id"] == [
        "Your agency already reported a seizure with this id."
    ]
    assert writes() == before


def test_participant_errors_land_on_the_partner_row(client: Any, world: World) -> None:
    signed_in(client, world.officer)
    response = client.post(
        reverse("intake:seizure_create"),
        seizure_form_data(world, **{"partners-0-credit_share": "1.5"}),
    )
    partner = response.context["forms"].partners.forms[0]
    assert partner.errors, "an impossible credit share must be shown on its row"
    assert not SeizureEvent.objects.exists()


def test_a_seizure_needs_a_drug_line(client: Any, world: World) -> None:
    signed_in(client, world.officer)
    data = seizure_form_data(world, **{"lines-0-DELETE": "on", "lines-1-DELETE": "on"})
    response = client.post(reverse("intake:seizure_create"), data)
    assert "A seizure needs at least one drug line." in response.context["form"].non_field_errors()
    assert not SeizureEvent.objects.exists()


def test_edit_changes_and_removes_lines(client: Any, world: World) -> None:
    event = world.seizure("ANF-EDIT", lines=2)
    signed_in(client, world.officer)
    page = client.get(reverse("intake:seizure_edit", args=[event.pk])).content.decode()
    assert 'value="ANF-EDIT"' in page
    assert 'name="lines-1-quantity"' in page
    data = seizure_form_data(
        world,
        agency_record_id="ANF-EDIT",
        **{
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "2",
            "lines-0-quantity": "12.5",
            "lines-1-DELETE": "on",
        },
    )
    response = client.post(reverse("intake:seizure_edit", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert [(line.reported_term, line.quantity) for line in event.drug_lines.all()] == [
        ("charas", Decimal("12.5"))
    ]
    entries = AuditEntry.objects.filter(
        action=AuditAction.UPDATE, target_type="intake.seizureevent"
    )
    assert [entry.target_id for entry in entries] == [str(event.pk)]
    assert entries[0].before["route"]["destination"] == []
    assert entries[0].after["route"]["destination"] == ["IR", "AE"]


def test_an_analyst_may_not_report_or_edit(client: Any, world: World) -> None:
    event = world.seizure("ANF-1")
    signed_in(client, world.analyst)
    before = writes()
    assert client.get(reverse("intake:seizure_create")).status_code == 403
    response = client.post(reverse("intake:seizure_create"), seizure_form_data(world))
    assert response.status_code == 403
    assert "may only report records for your own agency" in response.content.decode()
    assert client.get(reverse("intake:seizure_edit", args=[event.pk])).status_code == 403
    assert client.get(reverse("intake:seizure_detail", args=[event.pk])).status_code == 200
    assert writes() == before


def test_add_drug_line_returns_the_next_line_and_raises_the_count(
    client: Any, world: World
) -> None:
    signed_in(client, world.officer)
    response = client.get(
        reverse("intake:drug_line_row"), {"lines-TOTAL_FORMS": "2"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'name="lines-2-quantity"' in page
    assert 'name="lines-2-DELETE"' in page
    assert 'id="id_lines-TOTAL_FORMS" value="3" hx-swap-oob="true"' in page
    assert client.get(reverse("intake:drug_line_row")).status_code == 400
    too_many = client.get(reverse("intake:drug_line_row"), {"lines-TOTAL_FORMS": "50"})
    assert too_many.status_code == 400


def test_district_options_follow_the_province(client: Any, world: World) -> None:
    signed_in(client, world.officer)
    page = client.get(reverse("intake:district_options"), {"province": "PK-BA"}).content.decode()
    assert "Quetta" in page
    assert "Lahore" not in page
    everything = client.get(reverse("intake:district_options")).content.decode()
    assert "<optgroup" in everything and "Lahore" in everything


# --- seizure delete -----------------------------------------------------------------------


def test_delete_asks_then_deletes_with_its_arrests(client: Any, world: World) -> None:
    event = world.seizure("ANF-DEL")
    world.arrest(event, world.person())
    signed_in(client, world.supervisor)
    page = client.get(reverse("intake:seizure_delete", args=[event.pk])).content.decode()
    assert "arrest recorded in this seizure is deleted too" in page
    response = client.post(reverse("intake:seizure_delete", args=[event.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:seizure_list")
    assert not SeizureEvent.objects.filter(pk=event.pk).exists()
    assert not Arrest.objects.exists()
    assert Person.objects.count() == 1
    entries = AuditEntry.objects.filter(
        action=AuditAction.DELETE, target_type="intake.seizureevent"
    )
    assert [entry.target_id for entry in entries] == [str(event.pk)]


def test_a_field_officer_may_not_delete(client: Any, world: World) -> None:
    event = world.seizure("ANF-KEEP")
    signed_in(client, world.officer)
    assert client.get(reverse("intake:seizure_delete", args=[event.pk])).status_code == 403
    assert client.post(reverse("intake:seizure_delete", args=[event.pk])).status_code == 403
    assert SeizureEvent.objects.filter(pk=event.pk).exists()


# --- arrests ------------------------------------------------------------------------------


NO_NEW_PERSON = {
    "person-name_latin": "",
    "person-name_urdu": "",
    "person-father_name_latin": "",
    "person-birth_year": "",
    "person-phone": "",
}


def arrest_form_data(world: World, event: SeizureEvent | None, **overrides: Any) -> dict:
    data = {
        "event": str(event.pk) if event else "",
        "person": "",
        "arrested_on": "2025-03-01",
        "province": "PK-BA",
        "district": str(world.quetta.pk),
        "nationality_at_arrest": "AF",
        "role": "courier",
        "offence_category": "narcotics",
        "charges": ["6", "9(c)"],
        "agency_record_id": "",
        "handling_code": HandlingCode.RESTRICTED,
        "person-name_latin": "Abdul Wali",
        "person-name_urdu": "عبدالولی",
        "person-father_name_latin": "Nazar Muhammad",
        "person-father_name_urdu": "",
        "person-sex": "M",
        "person-date_of_birth": "",
        "person-birth_year": "1988",
        "person-cnic": "",
        "person-phone": "0300 1234567",
    }
    data.update(overrides)
    return data


def test_arrest_in_a_seizure_with_a_new_person(client: Any, world: World) -> None:
    event = world.seizure("ANF-9")
    signed_in(client, world.officer)
    page = client.get(reverse("intake:arrest_create"), {"event": event.pk}).content.decode()
    assert f'<option value="{event.pk}" selected>' in page
    response = client.post(
        reverse("intake:arrest_create"),
        arrest_form_data(world, event, **{"person-cnic": "54400-1234567-1"}),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:seizure_detail", args=[event.pk])
    arrest = Arrest.objects.get()
    person = arrest.person
    assert (arrest.event, arrest.agency, arrest.charges) == (event, world.anf, ["6", "9(c)"])
    assert (person.name_latin, person.nationality, person.agency) == ("Abdul Wali", "AF", world.anf)
    assert [i.value for i in person.identifiers.all()] == ["54400-1234567-1"]
    assert [p.e164 for p in person.phones.all()] == ["+923001234567"]


@pytest.mark.parametrize(
    ("overrides", "form_name", "field", "message"),
    [
        ({"person-cnic": "12345"}, "person", "cnic", "is not a valid CNIC"),
        ({"person-phone": "12"}, "person", "phone", "phone number"),
        ({"arrested_on": "2099-01-01"}, "form", "arrested_on", "cannot be in the future"),
        ({"person-name_latin": "", "person-name_urdu": ""}, "person", "name_latin", "name"),
        (NO_NEW_PERSON, "form", "person", "Choose a person"),
    ],
)
def test_a_bad_arrest_form_writes_neither_person_nor_arrest(
    client: Any, world: World, overrides: dict, form_name: str, field: str, message: str
) -> None:
    event = world.seizure("ANF-9")
    signed_in(client, world.officer)
    before = (Person.objects.count(), Arrest.objects.count(), AuditEntry.objects.count())
    response = client.post(
        reverse("intake:arrest_create"), arrest_form_data(world, event, **overrides)
    )
    assert response.status_code == 200
    form = getattr(response.context["forms"], form_name)
    assert any(message in error for error in form.errors[field]), form.errors
    assert (Person.objects.count(), Arrest.objects.count(), AuditEntry.objects.count()) == before


def test_arrest_of_an_existing_person_and_its_pages(client: Any, world: World) -> None:
    event = world.seizure("ANF-9")
    person = world.person("Zarif Shah")
    signed_in(client, world.officer)
    data = arrest_form_data(world, event, person=str(person.pk), **NO_NEW_PERSON)
    assert client.post(reverse("intake:arrest_create"), data).status_code == 302
    arrest = Arrest.objects.get()
    assert arrest.person == person

    listing = client.get(reverse("intake:arrest_list"), {"nationality": "AF"}).content.decode()
    assert "Zarif Shah" in listing
    assert reverse("intake:seizure_detail", args=[event.pk]) in listing
    detail = client.get(reverse("intake:arrest_detail", args=[arrest.pk])).content.decode()
    assert "Courier" in detail
    assert client.get(reverse("intake:arrest_edit", args=[arrest.pk])).status_code == 200
    assert client.get(reverse("intake:arrest_delete", args=[arrest.pk])).status_code == 403


def test_arrest_person_search_offers_only_own_agency_persons(client: Any, world: World) -> None:
    world.person("Gul Khan")
    world.person("Gul Customs", by=world.customs_officer)
    signed_in(client, world.officer)
    page = client.get(reverse("intake:person_options"), {"q": "gul"}).content.decode()
    assert "Gul Khan" in page
    assert "Gul Customs" not in page
    assert AuditEntry.objects.filter(action=AuditAction.SEARCH).count() == 1


def test_arrest_list_does_not_name_a_person_who_is_not_shared(client: Any, world: World) -> None:
    event = world.seizure("ANF-SHARED", handling_code=HandlingCode.SHARED)
    secret = person_record(
        acting_user=world.officer,
        data=PersonData(
            name_latin="Hidden Source",
            handling_code=HandlingCode.SOURCE_RESTRICTED,
            identifiers=[IdentifierData(kind="cnic", value="54400-7654321-1")],
        ),
    )
    arrest = world.arrest(event, secret)
    Arrest.objects.filter(pk=arrest.pk).update(handling_code=HandlingCode.SHARED)
    signed_in(client, world.customs_officer)
    page = client.get(reverse("intake:arrest_list")).content.decode()
    assert "Not shared" in page
    assert "Hidden Source" not in page
    found = client.get(reverse("intake:arrest_list"), {"q": "Hidden"}).context["rows"]
    assert list(found) == []


def test_arrest_delete_by_a_supervisor(client: Any, world: World) -> None:
    event = world.seizure("ANF-9")
    arrest = world.arrest(event, world.person())
    signed_in(client, world.supervisor)
    response = client.post(reverse("intake:arrest_delete", args=[arrest.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:seizure_detail", args=[event.pk])
    assert not Arrest.objects.exists()


# --- error pages --------------------------------------------------------------------------


def test_error_pages_are_friendly(client: Any, world: World) -> None:
    signed_in(client, world.officer)
    missing = client.get("/seizures/999999/")
    assert missing.status_code == 404
    assert "Not found" in missing.content.decode()
    assert "Dashboard" in missing.content.decode()  # inside the normal layout


def test_dates_are_shown_in_pakistan_time(client: Any, world: World) -> None:
    event = world.seizure("ANF-TIME")
    SeizureEvent.objects.filter(pk=event.pk).update(
        occurred_at=datetime.datetime(2025, 3, 1, 20, 30, tzinfo=datetime.UTC)
    )
    signed_in(client, world.officer)
    page = client.get(reverse("intake:seizure_detail", args=[event.pk])).content.decode()
    assert "2 March 2025, 01:30" in page
    assert timezone.get_current_timezone_name() == "Asia/Karachi"


def test_password_change_page_has_the_house_style(client: Any, world: World) -> None:
    page = signed_in(client, world.officer).get(reverse("password_change")).content.decode()
    assert 'class="form-control' in page
    assert 'name="new_password1"' in page


def test_a_supervisor_is_offered_delete_and_add_arrest(client: Any, world: World) -> None:
    event = world.seizure("ANF-SUP")
    page = (
        signed_in(client, world.supervisor)
        .get(reverse("intake:seizure_detail", args=[event.pk]))
        .content.decode()
    )
    assert reverse("intake:seizure_delete", args=[event.pk]) in page
    assert f"{reverse('intake:arrest_create')}?event={event.pk}" in page
