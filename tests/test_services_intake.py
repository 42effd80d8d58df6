"""Seizure and arrest services: who may write, what they accept, and that a refusal writes
nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from factories import (
    ArrestFactory,
    PersonFactory,
    SeizureEventFactory,
    arrest_data,
    district,
    drug,
    participant,
    seizure_data,
)

from nncc.intake.models import Arrest, DrugLine, Participation, SeizureEvent
from nncc.intake.services import (
    DrugLineData,
    arrest_delete,
    arrest_record,
    arrest_update,
    seizure_delete,
    seizure_record,
    seizure_update,
)
from nncc.kernel.models import AuditEntry

pytestmark = pytest.mark.django_db


def error_fields(caught: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(caught.value.message_dict)


def nothing_written() -> bool:
    return not (
        SeizureEvent.objects.exists() or Arrest.objects.exists() or AuditEntry.objects.exists()
    )


# --- seizures ------------------------------------------------------------------------------


def test_a_field_officer_reports_for_his_own_agency(anf: Any, anf_officer: Any):
    event = seizure_record(acting_user=anf_officer, data=seizure_data())
    assert (event.agency, event.created_by) == (anf, anf_officer)
    line = event.drug_lines.get()
    assert (line.drug.name, line.quantity, line.unit) == ("Cannabis resin (hashish)", 12.5, "kg")
    assert line.kg_equivalent == Decimal("12.5") and line.kg_rule == "kg as reported"


@pytest.mark.parametrize(
    ("term", "quantity", "unit", "kg"),
    [
        ("heroin", "750", "g", Decimal("0.75")),
        ("ice", "1000", "tablets", Decimal("0.09")),  # UNODC: 90 mg a methamphetamine tablet
        ("charas", "2", "L", Decimal("2")),  # UNODC: a litre counts as a kilogram
        ("charas", "300", "plants", None),  # plants are counted, not weighed
    ],
)
def test_quantities_are_converted_to_kilogram_equivalent(
    anf_officer: Any, term: str, quantity: str, unit: str, kg: Decimal | None
):
    data = seizure_data(drug_lines=[DrugLineData(reported_term=term, quantity=quantity, unit=unit)])
    line = seizure_record(acting_user=anf_officer, data=data).drug_lines.get()
    assert line.kg_equivalent == kg


def test_route_and_partners_are_kept(anf_officer: Any, customs: Any):
    data = seizure_data(
        origin=["AF"],
        transit=["IR", "IR", "TR"],
        destination=["GB"],
        participants=[participant(customs, "0.4")],
    )
    event = seizure_record(acting_user=anf_officer, data=data)
    assert event.route("transit") == ["IR", "TR"]
    assert (event.route("origin"), event.route("destination")) == (["AF"], ["GB"])
    assert event.participations.get().agency == customs


@pytest.mark.parametrize("user", ["anf_analyst", "anf_auditor", "centre_analyst", "platform_admin"])
def test_who_may_not_report_is_refused_and_nothing_is_written(user: str, request: Any):
    with pytest.raises(PermissionDenied):
        seizure_record(acting_user=request.getfixturevalue(user), data=seizure_data())
    assert nothing_written()


def test_every_problem_is_reported_at_once_and_nothing_is_written(anf_officer: Any):
    data = seizure_data(
        agency_record_id=" ",
        occurred_at=timezone.now() + datetime.timedelta(days=2),
        district=district("PK-SD"),
        place_type="volcano",
        handling_code="top_secret",
        origin=["XX"],
        drug_lines=[
            DrugLineData(reported_term="moon dust", quantity="-1", unit="bushels"),
            DrugLineData(reported_term="charas", quantity="1.0001", unit="kg"),
        ],
    )
    with pytest.raises(ValidationError) as caught:
        seizure_record(acting_user=anf_officer, data=data)
    assert error_fields(caught) >= {
        "agency_record_id",
        "occurred_at",
        "district",
        "place_type",
        "handling_code",
        "origin",
        "drug_lines.0.unit",
        "drug_lines.0.reported_term",
        "drug_lines.1.quantity",
    }
    assert nothing_written()


def test_a_seizure_needs_a_drug_line(anf_officer: Any):
    with pytest.raises(ValidationError) as caught:
        seizure_record(acting_user=anf_officer, data=seizure_data(drug_lines=[]))
    assert "drug_lines" in error_fields(caught)


def test_a_record_id_is_unique_within_an_agency_only(anf_officer: Any, customs_officer: Any):
    seizure_record(acting_user=anf_officer, data=seizure_data(agency_record_id="FIR-1"))
    with pytest.raises(ValidationError) as caught:
        seizure_record(acting_user=anf_officer, data=seizure_data(agency_record_id="FIR-1"))
    assert "agency_record_id" in error_fields(caught)
    other = seizure_record(acting_user=customs_officer, data=seizure_data(agency_record_id="FIR-1"))
    assert other.agency_record_id == "FIR-1"


@pytest.mark.parametrize(
    "shares",
    [
        ["0"],  # no share
        ["1"],  # everything
        ["0.6", "0.5"],  # leaves nothing to the lead
    ],
)
def test_credit_shares_must_leave_a_share_to_the_lead(
    anf_officer: Any, customs: Any, centre: Any, shares: list[str]
):
    partners = [participant(a, s) for a, s in zip([customs, centre], shares, strict=False)]
    with pytest.raises(ValidationError):
        seizure_record(acting_user=anf_officer, data=seizure_data(participants=partners))
    assert nothing_written()


def test_the_lead_cannot_be_its_own_partner_nor_a_partner_twice(
    anf: Any, anf_officer: Any, customs: Any
):
    with pytest.raises(ValidationError) as caught:
        seizure_record(
            acting_user=anf_officer,
            data=seizure_data(
                participants=[
                    participant(anf, "0.1"),
                    participant(customs, "0.1"),
                    participant(customs, "0.1"),
                ]
            ),
        )
    assert {"participants.0", "participants.2"} <= error_fields(caught)


def test_an_update_rewrites_lines_route_and_partners(anf: Any, anf_officer: Any, customs: Any):
    event = SeizureEventFactory(agency=anf, drug_lines=2, participants=[customs])
    data = seizure_data(
        agency_record_id=event.agency_record_id,
        drug_lines=[DrugLineData(reported_term="heroin", quantity="3", unit="kg")],
        origin=["AF"],
    )
    seizure_update(acting_user=anf_officer, event=event, data=data)
    assert [line.drug for line in DrugLine.objects.filter(event=event)] == [drug("Heroin")]
    assert not Participation.objects.filter(event=event).exists()
    assert event.route("origin") == ["AF"]


def test_another_agency_may_not_change_a_shared_seizure(anf: Any, customs_officer: Any):
    event = SeizureEventFactory(agency=anf, handling_code="shared", summary="As reported.")
    with pytest.raises(PermissionDenied):
        seizure_update(
            acting_user=customs_officer,
            event=event,
            data=seizure_data(agency_record_id="X", summary="Taken over."),
        )
    event.refresh_from_db()
    assert (event.summary, event.agency) == ("As reported.", anf)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("user", ["anf_officer", "anf_analyst", "customs_officer"])
def test_only_a_supervisor_of_the_owner_deletes(user: str, request: Any, anf: Any):
    event = SeizureEventFactory(agency=anf, handling_code="shared")
    with pytest.raises(PermissionDenied):
        seizure_delete(acting_user=request.getfixturevalue(user), event=event)
    assert SeizureEvent.objects.filter(pk=event.pk).exists()


def test_deleting_a_seizure_takes_its_arrests_and_says_so(anf: Any, anf_supervisor: Any):
    event = SeizureEventFactory(agency=anf)
    arrest = ArrestFactory(event=event)
    seizure_delete(acting_user=anf_supervisor, event=event)
    assert not Arrest.objects.filter(pk=arrest.pk).exists()
    recorded = AuditEntry.objects.get(action="delete").before["arrests"]
    assert [row["id"] for row in recorded] == [arrest.pk]


# --- arrests -------------------------------------------------------------------------------


def test_an_arrest_in_a_seizure(anf: Any, anf_officer: Any):
    event = SeizureEventFactory(agency=anf)
    person = PersonFactory(agency=anf)
    arrest = arrest_record(
        acting_user=anf_officer,
        data=arrest_data(person=person, event=event, charges=["9(c)", "9(c)", "7"]),
    )
    assert (arrest.agency, arrest.event, arrest.person) == (anf, event, person)
    assert arrest.charges == ["9(c)", "7"]


@pytest.mark.parametrize("handling_code", ["shared", "restricted"])
def test_an_arrest_may_not_name_another_agencys_person_or_seizure(
    anf: Any, customs: Any, anf_officer: Any, handling_code: str
):
    foreign_person = PersonFactory(agency=customs, handling_code=handling_code)
    foreign_event = SeizureEventFactory(
        agency=customs, handling_code=handling_code, participants=[anf]
    )
    with pytest.raises(ValidationError) as caught:
        arrest_record(
            acting_user=anf_officer, data=arrest_data(person=foreign_person, event=foreign_event)
        )
    assert {"person", "event"} <= error_fields(caught)
    assert not Arrest.objects.exists()


def test_an_arrest_cannot_precede_its_seizure(anf: Any, anf_officer: Any):
    event = SeizureEventFactory(agency=anf)
    data = arrest_data(
        person=PersonFactory(agency=anf),
        event=event,
        arrested_on=event.occurred_at.date() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as caught:
        arrest_record(acting_user=anf_officer, data=data)
    assert "arrested_on" in error_fields(caught)


def test_a_person_is_arrested_once_per_seizure(anf: Any, anf_officer: Any):
    event = SeizureEventFactory(agency=anf)
    person = PersonFactory(agency=anf)
    arrest_record(acting_user=anf_officer, data=arrest_data(person=person, event=event))
    with pytest.raises(ValidationError) as caught:
        arrest_record(acting_user=anf_officer, data=arrest_data(person=person, event=event))
    assert "person" in error_fields(caught)


def test_unknown_charges_and_values_are_refused(anf: Any, anf_officer: Any):
    data = arrest_data(
        person=PersonFactory(agency=anf),
        charges=["99"],
        role="kingpin",
        offence_category="jaywalking",
        nationality_at_arrest="XX",
        handling_code="secret",
    )
    with pytest.raises(ValidationError) as caught:
        arrest_record(acting_user=anf_officer, data=data)
    assert error_fields(caught) >= {
        "charges",
        "role",
        "offence_category",
        "nationality_at_arrest",
        "handling_code",
    }


def test_blank_arrest_record_ids_may_repeat_but_given_ones_not(anf: Any, anf_officer: Any):
    for _ in range(2):
        arrest_record(acting_user=anf_officer, data=arrest_data(person=PersonFactory(agency=anf)))
    arrest_record(
        acting_user=anf_officer,
        data=arrest_data(person=PersonFactory(agency=anf), agency_record_id="A-1"),
    )
    with pytest.raises(ValidationError):
        arrest_record(
            acting_user=anf_officer,
            data=arrest_data(person=PersonFactory(agency=anf), agency_record_id="A-1"),
        )


def test_arrest_update_and_delete_follow_the_owner(
    anf: Any, anf_officer: Any, anf_supervisor: Any, customs_officer: Any
):
    arrest = ArrestFactory(agency=anf, handling_code="shared")
    with pytest.raises(PermissionDenied):
        arrest_update(
            acting_user=customs_officer, arrest=arrest, data=arrest_data(person=arrest.person)
        )
    with pytest.raises(PermissionDenied):
        arrest_delete(acting_user=anf_officer, arrest=arrest)
    arrest_update(
        acting_user=anf_officer, arrest=arrest, data=arrest_data(person=arrest.person, role="owner")
    )
    arrest.refresh_from_db()
    assert arrest.role == "owner"
    arrest_delete(acting_user=anf_supervisor, arrest=arrest)
    assert not Arrest.objects.exists()
