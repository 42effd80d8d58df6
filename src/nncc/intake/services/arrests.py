"""Writes of arrests: a person arrested in a seizure event, or on his own for illegal stay."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nncc.intake.models import Arrest, SeizureEvent
from nncc.intake.validators import validate_district_in_province
from nncc.intake.vocabularies import CHARGE_CHOICES, ArrestRole, OffenceCategory
from nncc.kernel.access import require_delete, require_write
from nncc.kernel.models import HandlingCode
from nncc.kernel.services import ErrorCollector, audited_create, audited_delete, audited_update
from nncc.kernel.validators import validate_not_future
from nncc.reference.models import District
from nncc.reference.validators import validate_country, validate_province
from nncc.registry.models import Person


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
_ROLES = frozenset(ArrestRole.values)  # built once: ``Choices.values`` is a new list each time
_OFFENCE_CATEGORIES = frozenset(OffenceCategory.values)


def _clean_arrest(data: ArrestData, *, agency_id: int, instance: Arrest | None) -> None:
    errors = ErrorCollector()
    check_arrest(data, agency_id=agency_id, errors=errors)
    if data.event is not None:
        errors.check_unique(
            "person",
            Arrest.objects.filter(event=data.event, person=data.person),
            instance=instance,
            message="This person is already recorded as arrested in this seizure.",
        )
    if data.agency_record_id:
        errors.check_unique(
            "agency_record_id",
            Arrest.objects.filter(agency_id=agency_id, agency_record_id=data.agency_record_id),
            instance=instance,
            message="Your agency already has an arrest with this id.",
        )
    errors.raise_if_any()


def check_arrest(data: ArrestData, *, agency_id: int, errors: ErrorCollector) -> None:
    """Every rule of an arrest except the uniqueness checks (the person once per event, the
    record id once per agency), which the caller makes: per arrest here, per batch in a bulk
    import. Problems go to ``errors``."""
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
    if data.role not in _ROLES:
        errors.add("role", f"“{data.role}” is not a role.")
    if data.offence_category not in _OFFENCE_CATEGORIES:
        errors.add("offence_category", f"“{data.offence_category}” is not an offence category.")
    errors.check_handling_code(data.handling_code)
    unknown = [c for c in data.charges if c not in _CHARGES]
    if unknown:
        errors.add("charges", f"Unknown charge section(s): {', '.join(map(str, unknown))}.")
    data.charges = list(dict.fromkeys(data.charges))


def new_arrest(
    data: ArrestData, *, agency_id: int, created_by: Any, make: Callable[..., Arrest] = Arrest
) -> Arrest:
    """The unsaved arrest of checked data (the bulk import saves many at once, and makes them
    with a quicker ``make``)."""
    return make(
        agency_id=agency_id,
        created_by=created_by,
        **{name: getattr(data, name) for name in _ARREST_FIELDS},
    )


def arrest_record(*, acting_user: Any, data: ArrestData) -> Arrest:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_arrest(data, agency_id=viewer.agency_id, instance=None)
    arrest = new_arrest(data, agency_id=viewer.agency_id, created_by=acting_user)
    return audited_create(acting_user=acting_user, record=arrest)


def arrest_update(*, acting_user: Any, arrest: Arrest, data: ArrestData) -> Arrest:
    require_write(acting_user, arrest.agency_id)
    _clean_arrest(data, agency_id=arrest.agency_id, instance=arrest)
    return audited_update(
        acting_user=acting_user,
        record=arrest,
        values={name: getattr(data, name) for name in _ARREST_FIELDS},
    )


def arrest_delete(*, acting_user: Any, arrest: Arrest) -> None:
    require_delete(acting_user, arrest.agency_id)
    audited_delete(acting_user=acting_user, record=arrest)
