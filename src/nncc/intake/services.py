"""Writes of seizure events (with drug lines, route and joint partners) and arrests.

Each function validates everything first (so a bad report writes nothing), then writes the
records and exactly one audit entry in one transaction. The owning agency is always the acting
user's; it is never taken from the input.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from nncc.agencies.models import Agency
from nncc.intake.models import Arrest, DrugLine, Participation, RouteCountry, SeizureEvent
from nncc.intake.validators import (
    clean_quantity,
    clean_unit,
    resolve_drug,
    validate_district_in_province,
)
from nncc.intake.vocabularies import (
    CHARGE_CHOICES,
    ArrestRole,
    Concealment,
    OffenceCategory,
    PlaceType,
    RouteRole,
    TransportMode,
)
from nncc.kernel.access import require_delete, require_write
from nncc.kernel.audit import audit_log, snapshot
from nncc.kernel.models import AuditAction, HandlingCode
from nncc.kernel.services import ErrorCollector
from nncc.kernel.validators import validate_country, validate_not_future, validate_province
from nncc.reference.models import District, Drug
from nncc.reference.units import to_kg_equivalent
from nncc.registry.models import Person


@dataclass
class DrugLineData:
    reported_term: str
    quantity: Any
    unit: str
    drug: Drug | None = None
    measured_weight_kg: Decimal | None = None


@dataclass
class ParticipantData:
    agency: Agency
    credit_share: Decimal


@dataclass
class SeizureData:
    agency_record_id: str
    occurred_at: datetime.datetime
    province: str
    district: District
    place_type: str
    transport_mode: str
    place: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    concealment: str = ""
    concealment_detail: str = ""
    summary: str = ""
    handling_code: str = HandlingCode.RESTRICTED
    unit_id: int | None = None
    drug_lines: list[DrugLineData] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)
    transit: list[str] = field(default_factory=list)
    destination: list[str] = field(default_factory=list)
    participants: list[ParticipantData] = field(default_factory=list)


_EVENT_FIELDS = (
    "agency_record_id",
    "occurred_at",
    "province",
    "district",
    "place_type",
    "transport_mode",
    "place",
    "latitude",
    "longitude",
    "concealment",
    "concealment_detail",
    "summary",
    "handling_code",
    "unit_id",
)


def _clean_lines(data: SeizureData, errors: ErrorCollector) -> list[DrugLine]:
    lines: list[DrugLine] = []
    if not data.drug_lines:
        errors.add("drug_lines", "A seizure needs at least one drug line.")
    for index, line in enumerate(data.drug_lines):
        key = f"drug_lines.{index}"
        unit = errors.check(f"{key}.unit", clean_unit, line.unit or "")
        quantity = errors.check(f"{key}.quantity", clean_quantity, line.quantity, unit or "")
        drug = errors.check(f"{key}.reported_term", resolve_drug, line.reported_term, line.drug)
        if not line.reported_term.strip():
            errors.add(f"{key}.reported_term", "Say how the drug was reported (e.g. charas).")
        measured = line.measured_weight_kg
        if measured is not None and measured <= 0:
            errors.add(f"{key}.measured_weight_kg", "A measured weight must be above zero.")
            measured = None
        if unit and quantity is not None and drug is not None:
            conversion = to_kg_equivalent(
                quantity=quantity,
                unit=unit,
                tablet_weight_mg=drug.tablet_weight_mg,
                measured_weight_kg=measured,
            )
            lines.append(
                DrugLine(
                    reported_term=" ".join(line.reported_term.split())[:80],
                    drug=drug,
                    quantity=quantity,
                    unit=unit,
                    measured_weight_kg=measured,
                    kg_equivalent=conversion.kg_equivalent,
                    kg_factor=conversion.factor,
                    kg_rule=conversion.rule[:120],
                )
            )
    return lines


def _clean_seizure(
    data: SeizureData, *, agency_id: int, instance: SeizureEvent | None
) -> list[DrugLine]:
    errors = ErrorCollector()
    data.agency_record_id = (data.agency_record_id or "").strip()
    if not data.agency_record_id:
        errors.add("agency_record_id", "Give your agency's record id (FIR or case number).")
    else:
        clash = SeizureEvent.objects.filter(
            agency_id=agency_id, agency_record_id=data.agency_record_id
        )
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.add("agency_record_id", "Your agency already reported a seizure with this id.")
    if data.occurred_at is None:
        errors.add("occurred_at", "Give the date and time of the seizure.")
    else:
        errors.check("occurred_at", validate_not_future, data.occurred_at)
    if errors.check("province", validate_province, data.province or "") is None and data.district:
        errors.check("district", validate_district_in_province, data.district, data.province)
    for name, choices in (("place_type", PlaceType), ("transport_mode", TransportMode)):
        if getattr(data, name) not in choices.values:
            errors.add(name, f"“{getattr(data, name)}” is not one of the allowed values.")
    if data.concealment and data.concealment not in Concealment.values:
        errors.add("concealment", f"“{data.concealment}” is not one of the allowed values.")
    if data.handling_code not in HandlingCode.values:
        errors.add("handling_code", f"“{data.handling_code}” is not a handling code.")
    for role in RouteRole.values:
        for code in getattr(data, role):
            errors.check(role, validate_country, code)
    seen_agencies: set[int] = set()
    total_share = Decimal(0)
    for index, participant in enumerate(data.participants):
        key = f"participants.{index}"
        if participant.agency.pk == agency_id:
            errors.add(key, "The lead agency cannot also be a participating agency.")
        if participant.agency.pk in seen_agencies:
            errors.add(key, f"{participant.agency} is listed twice.")
        seen_agencies.add(participant.agency.pk)
        share = participant.credit_share
        if share is None or not (Decimal(0) < share < Decimal(1)):
            errors.add(key, "A credit share is a number between 0 and 1.")
        else:
            total_share += share
    if total_share >= 1:
        errors.add("participants", "Credit shares of participants must leave a share to the lead.")
    lines = _clean_lines(data, errors)
    errors.raise_if_any()
    return lines


def seizure_snapshot(event: SeizureEvent) -> dict[str, Any]:
    return snapshot(
        event,
        drug_lines=[
            {
                "reported_term": l.reported_term,
                "drug": l.drug.name,
                "quantity": l.quantity,
                "unit": l.unit,
                "kg_equivalent": l.kg_equivalent,
            }
            for l in event.drug_lines.select_related("drug")
        ],
        route={r: event.route(r) for r in RouteRole.values},
        participants={
            p.agency.code: p.credit_share for p in event.participations.select_related("agency")
        },
    )


def _write_children(event: SeizureEvent, data: SeizureData, lines: list[DrugLine]) -> None:
    event.drug_lines.all().delete()
    event.route_countries.all().delete()
    event.participations.all().delete()
    for line in lines:
        line.event = event
    DrugLine.objects.bulk_create(lines)
    RouteCountry.objects.bulk_create(
        RouteCountry(event=event, role=role, country=code, position=position)
        for role in RouteRole.values
        for position, code in enumerate(dict.fromkeys(getattr(data, role)))
    )
    Participation.objects.bulk_create(
        Participation(event=event, agency=p.agency, credit_share=p.credit_share)
        for p in data.participants
    )


def seizure_record(*, acting_user: Any, data: SeizureData) -> SeizureEvent:
    """Report a seizure event for the acting user's agency."""
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    lines = _clean_seizure(data, agency_id=viewer.agency_id, instance=None)
    with transaction.atomic():
        event = SeizureEvent(
            agency_id=viewer.agency_id,
            created_by=acting_user,
            **{name: getattr(data, name) for name in _EVENT_FIELDS},
        )
        event.full_clean(exclude=["vehicles"])
        event.save()
        _write_children(event, data, lines)
        audit_log(
            actor=acting_user,
            action=AuditAction.CREATE,
            target=event,
            after=seizure_snapshot(event),
        )
    return event


def seizure_update(*, acting_user: Any, event: SeizureEvent, data: SeizureData) -> SeizureEvent:
    require_write(acting_user, event.agency_id)
    lines = _clean_seizure(data, agency_id=event.agency_id, instance=event)
    with transaction.atomic():
        before = seizure_snapshot(event)
        for name in _EVENT_FIELDS:
            setattr(event, name, getattr(data, name))
        event.full_clean(exclude=["vehicles"])
        event.save()
        _write_children(event, data, lines)
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=event,
            before=before,
            after=seizure_snapshot(event),
        )
    return event


def seizure_delete(*, acting_user: Any, event: SeizureEvent) -> None:
    require_delete(acting_user, event.agency_id)
    with transaction.atomic():
        before = seizure_snapshot(event)
        before["arrests"] = list(event.arrests.values_list("pk", flat=True))
        target_id, label = event.pk, str(event)
        event.delete()
        audit_log(
            actor=acting_user,
            action=AuditAction.DELETE,
            target_type="intake.seizureevent",
            target_id=target_id,
            target_label=label,
            before=before,
        )


@dataclass
class ArrestData:
    person: Person
    arrested_on: datetime.date
    province: str
    district: District
    nationality_at_arrest: str
    event: SeizureEvent | None = None
    role: str = ArrestRole.OTHER
    charges: list[str] = field(default_factory=list)
    offence_category: str = OffenceCategory.NARCOTICS
    agency_record_id: str = ""
    handling_code: str = HandlingCode.RESTRICTED


_ARREST_FIELDS = (
    "person",
    "arrested_on",
    "province",
    "district",
    "nationality_at_arrest",
    "event",
    "role",
    "charges",
    "offence_category",
    "agency_record_id",
    "handling_code",
)
_CHARGES = {code for code, _ in CHARGE_CHOICES}


def _clean_arrest(data: ArrestData, *, agency_id: int, instance: Arrest | None) -> None:
    errors = ErrorCollector()
    # Object substitution: an arrest may only point at the agency's own event and person.
    if data.event is not None and data.event.agency_id != agency_id:
        errors.add("event", "Arrests can only be added to your own agency's seizures.")
    if data.person.agency_id != agency_id:
        errors.add("person", "Arrests can only name a person your agency recorded.")
    if data.arrested_on is None:
        errors.add("arrested_on", "Give the date of arrest.")
    else:
        errors.check("arrested_on", validate_not_future, data.arrested_on)
        if data.event is not None and data.arrested_on < data.event.occurred_at.date():
            errors.add("arrested_on", "The arrest cannot be before the seizure.")
    if errors.check("province", validate_province, data.province or "") is None and data.district:
        errors.check("district", validate_district_in_province, data.district, data.province)
    errors.check("nationality_at_arrest", validate_country, data.nationality_at_arrest or "")
    if data.role not in ArrestRole.values:
        errors.add("role", f"“{data.role}” is not a role.")
    if data.offence_category not in OffenceCategory.values:
        errors.add("offence_category", f"“{data.offence_category}” is not an offence category.")
    if data.handling_code not in HandlingCode.values:
        errors.add("handling_code", f"“{data.handling_code}” is not a handling code.")
    unknown = [c for c in data.charges if c not in _CHARGES]
    if unknown:
        errors.add("charges", f"Unknown charge section(s): {', '.join(map(str, unknown))}.")
    data.charges = list(dict.fromkeys(data.charges))
    if data.event is not None:
        clash = Arrest.objects.filter(event=data.event, person=data.person)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.add("person", "This person is already recorded as arrested in this seizure.")
    if data.agency_record_id:
        clash = Arrest.objects.filter(agency_id=agency_id, agency_record_id=data.agency_record_id)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.add("agency_record_id", "Your agency already has an arrest with this id.")
    errors.raise_if_any()


def arrest_record(*, acting_user: Any, data: ArrestData) -> Arrest:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_arrest(data, agency_id=viewer.agency_id, instance=None)
    with transaction.atomic():
        arrest = Arrest(
            agency_id=viewer.agency_id,
            created_by=acting_user,
            **{name: getattr(data, name) for name in _ARREST_FIELDS},
        )
        arrest.full_clean()
        arrest.save()
        audit_log(
            actor=acting_user, action=AuditAction.CREATE, target=arrest, after=snapshot(arrest)
        )
    return arrest


def arrest_update(*, acting_user: Any, arrest: Arrest, data: ArrestData) -> Arrest:
    require_write(acting_user, arrest.agency_id)
    _clean_arrest(data, agency_id=arrest.agency_id, instance=arrest)
    with transaction.atomic():
        before = snapshot(arrest)
        for name in _ARREST_FIELDS:
            setattr(arrest, name, getattr(data, name))
        arrest.full_clean()
        arrest.save()
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=arrest,
            before=before,
            after=snapshot(arrest),
        )
    return arrest


def arrest_delete(*, acting_user: Any, arrest: Arrest) -> None:
    require_delete(acting_user, arrest.agency_id)
    with transaction.atomic():
        before = snapshot(arrest)
        target_id, label = arrest.pk, str(arrest)
        arrest.delete()
        audit_log(
            actor=acting_user,
            action=AuditAction.DELETE,
            target_type="intake.arrest",
            target_id=target_id,
            target_label=label,
            before=before,
        )
