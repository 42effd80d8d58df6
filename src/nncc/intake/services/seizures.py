"""Writes of seizure events with their drug lines, route and joint partners.

Each function validates everything first (so a bad report writes nothing), then writes the
records and exactly one audit entry in one transaction. The owning agency is always the acting
user's; it is never taken from the input.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from nncc.agencies.models import Agency
from nncc.agencies.models import Unit as AgencyUnit
from nncc.intake.models import Arrest, DrugLine, Participation, RouteCountry, SeizureEvent
from nncc.intake.validators import (
    clean_quantity,
    clean_unit,
    resolve_drug,
    validate_district_in_province,
)
from nncc.intake.vocabularies import Concealment, PlaceType, RouteRole, TransportMode
from nncc.kernel.access import require_delete, require_write
from nncc.kernel.audit import snapshot
from nncc.kernel.models import HandlingCode
from nncc.kernel.services import ErrorCollector, audited_create, audited_delete, audited_update
from nncc.kernel.validators import validate_not_future
from nncc.reference.models import District, Drug
from nncc.reference.units import MAX_QUANTITY, Unit, to_kg_equivalent
from nncc.reference.validators import validate_country, validate_province


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


# Vocabularies as sets, built once: ``Choices.values`` builds a new list on every use, and the
# bulk import checks thousands of reports.
_PLACE_TYPES = frozenset(PlaceType.values)
_TRANSPORT_MODES = frozenset(TransportMode.values)
_CONCEALMENTS = frozenset(Concealment.values)
_ROUTE_ROLES = tuple(RouteRole.values)

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


#: finds the UNODC drug of a term as reported (``resolve_drug``, or a cache of it in bulk imports)
DrugResolver = Callable[[str, Drug | None], Drug]


def _clean_lines(
    data: SeizureData,
    errors: ErrorCollector,
    resolve: DrugResolver,
    make_line: Callable[..., DrugLine] = DrugLine,
) -> list[DrugLine]:
    lines: list[DrugLine] = []
    if not data.drug_lines:
        errors.add("drug_lines", "A seizure needs at least one drug line.")
    for index, line in enumerate(data.drug_lines):
        key = f"drug_lines.{index}"
        unit = errors.check(f"{key}.unit", clean_unit, line.unit or "")
        quantity = errors.check(f"{key}.quantity", clean_quantity, line.quantity, unit or "")
        drug = errors.check(f"{key}.reported_term", resolve, line.reported_term, line.drug)
        if not line.reported_term.strip():
            errors.add(f"{key}.reported_term", "Say how the drug was reported (e.g. charas).")
        measured = line.measured_weight_kg
        if measured is not None and not (0 < measured <= MAX_QUANTITY[Unit.KG]):
            errors.add(
                f"{key}.measured_weight_kg",
                f"A measured weight is above 0 and at most {MAX_QUANTITY[Unit.KG]:,} kg.",
            )
            measured = None
        if unit and quantity is not None and drug is not None:
            conversion = to_kg_equivalent(
                quantity=quantity,
                unit=unit,
                tablet_weight_mg=drug.tablet_weight_mg,
                measured_weight_kg=measured,
            )
            lines.append(
                make_line(
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
    if data.agency_record_id:
        errors.check_unique(
            "agency_record_id",
            SeizureEvent.objects.filter(
                agency_id=agency_id, agency_record_id=data.agency_record_id
            ),
            instance=instance,
            message="Your agency already reported a seizure with this id.",
        )
    lines = check_seizure(data, agency_id=agency_id, errors=errors)
    errors.raise_if_any()
    return lines


def check_seizure(
    data: SeizureData,
    *,
    agency_id: int,
    errors: ErrorCollector,
    resolve: DrugResolver = resolve_drug,
    make_line: Callable[..., DrugLine] = DrugLine,
) -> list[DrugLine]:
    """Every rule of a seizure report except the uniqueness of its record id, which the caller
    checks (one query per report here, one per batch in a bulk import). Problems go to
    ``errors``; returns the drug lines to save (unsaved, without their event), each made by
    ``make_line`` (a bulk import makes them the quicker way)."""
    data.agency_record_id = (data.agency_record_id or "").strip()
    if not data.agency_record_id:
        errors.add("agency_record_id", "Give your agency's record id (FIR or case number).")
    if data.occurred_at is None:
        errors.add("occurred_at", "Give the date and time of the seizure.")
    else:
        errors.check("occurred_at", validate_not_future, data.occurred_at)
    if errors.check("province", validate_province, data.province or "") is None and data.district:
        errors.check("district", validate_district_in_province, data.district, data.province)
    for name, choices in (("place_type", _PLACE_TYPES), ("transport_mode", _TRANSPORT_MODES)):
        if getattr(data, name) not in choices:
            errors.add(name, f"“{getattr(data, name)}” is not one of the allowed values.")
    if data.concealment and data.concealment not in _CONCEALMENTS:
        errors.add("concealment", f"“{data.concealment}” is not one of the allowed values.")
    errors.check_handling_code(data.handling_code)
    if (
        data.unit_id is not None
        and not AgencyUnit.objects.filter(pk=data.unit_id, agency_id=agency_id).exists()
    ):
        errors.add("unit_id", "Choose a unit of your own agency.")
    for role in _ROUTE_ROLES:
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
    return _clean_lines(data, errors, resolve, make_line)


def new_seizure_event(
    data: SeizureData,
    *,
    agency_id: int,
    created_by: Any,
    make: Callable[..., SeizureEvent] = SeizureEvent,
) -> SeizureEvent:
    """The unsaved event of a checked report (the bulk import saves many at once, and makes
    them with a quicker ``make``)."""
    return make(
        agency_id=agency_id,
        created_by=created_by,
        **{name: getattr(data, name) for name in _EVENT_FIELDS},
    )


def _route_of(event: SeizureEvent) -> dict[str, list[str]]:
    route: dict[str, list[str]] = {role: [] for role in RouteRole.values}
    for role, country in (
        RouteCountry.objects.filter(event=event).order_by("position").values_list("role", "country")
    ):
        route[role].append(country)
    return route


def _stored(value: Decimal | None, field_name: str) -> str | None:
    """A drug line's number as the database gives it back (12.500 for 12.5), so a snapshot of
    lines still in memory reads the same as one of lines read back; as the snapshot's text."""
    if value is None:
        return None
    places = DrugLine._meta.get_field(field_name).decimal_places  # type: ignore[union-attr]
    return str(value.quantize(Decimal(1).scaleb(-places)))


def seizure_snapshot_extras(
    lines: Iterable[DrugLine],
    route: dict[str, list[str]] | None = None,
    participants: Iterable[Participation] = (),
) -> dict[str, Any]:
    """What an event's audit snapshot holds beside its own fields (its drug lines, route and
    partners), already JSON-safe."""
    return {
        "drug_lines": [
            {
                "reported_term": line.reported_term,
                "drug": line.drug.name,
                "quantity": _stored(line.quantity, "quantity"),
                "unit": line.unit,
                "kg_equivalent": _stored(line.kg_equivalent, "kg_equivalent"),
            }
            for line in lines
        ],
        "route": route if route is not None else {role: [] for role in _ROUTE_ROLES},
        "participants": {p.agency.code: str(p.credit_share) for p in participants},
    }


def seizure_snapshot_of(
    event: SeizureEvent,
    lines: Iterable[DrugLine],
    route: dict[str, list[str]] | None = None,
    participants: Iterable[Participation] = (),
) -> dict[str, Any]:
    """The audit snapshot of an event from child rows at hand."""
    return snapshot(event, **seizure_snapshot_extras(lines, route, participants))


def seizure_snapshot(event: SeizureEvent) -> dict[str, Any]:
    # Child rows are queried afresh: a caller's prefetched lists would show the old values.
    return seizure_snapshot_of(
        event,
        DrugLine.objects.filter(event=event).select_related("drug"),
        _route_of(event),
        Participation.objects.filter(event=event).select_related("agency"),
    )


def _children_writer(data: SeizureData, lines: list[DrugLine]) -> Any:
    def write(event: SeizureEvent) -> None:
        DrugLine.objects.filter(event=event).delete()
        RouteCountry.objects.filter(event=event).delete()
        Participation.objects.filter(event=event).delete()
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

    return write


def seizure_record(*, acting_user: Any, data: SeizureData) -> SeizureEvent:
    """Report a seizure event for the acting user's agency."""
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    lines = _clean_seizure(data, agency_id=viewer.agency_id, instance=None)
    event = new_seizure_event(data, agency_id=viewer.agency_id, created_by=acting_user)
    return audited_create(
        acting_user=acting_user,
        record=event,
        write_children=_children_writer(data, lines),
        snapshot_of=seizure_snapshot,
    )


def seizure_update(*, acting_user: Any, event: SeizureEvent, data: SeizureData) -> SeizureEvent:
    require_write(acting_user, event.agency_id)
    lines = _clean_seizure(data, agency_id=event.agency_id, instance=event)
    return audited_update(
        acting_user=acting_user,
        record=event,
        values={name: getattr(data, name) for name in _EVENT_FIELDS},
        write_children=_children_writer(data, lines),
        snapshot_of=seizure_snapshot,
    )


def seizure_delete(*, acting_user: Any, event: SeizureEvent) -> None:
    """Delete a seizure with its drug lines and arrests; the audit entry keeps all of it."""
    require_delete(acting_user, event.agency_id)

    def snapshot_with_arrests(record: SeizureEvent) -> dict[str, Any]:
        return {
            **seizure_snapshot(record),
            "arrests": [snapshot(a) for a in Arrest.objects.filter(event=record)],
        }

    audited_delete(acting_user=acting_user, record=event, snapshot_of=snapshot_with_arrests)
