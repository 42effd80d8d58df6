"""Each agency's statement about a person, with the identifiers and phones it gives."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from nncc.kernel.access import require_delete, require_write
from nncc.kernel.audit import snapshot
from nncc.kernel.models import HandlingCode
from nncc.kernel.services import ErrorCollector, audited_create, audited_delete, audited_update
from nncc.kernel.validators import validate_birth_date
from nncc.reference.validators import validate_country
from nncc.registry.identifiers import clean_identifier, clean_phone
from nncc.registry.models import Identifier, IdentifierKind, Person, Phone, Sex
from nncc.registry.services.links import links_of
from nncc.registry.signals import announce_persons_changed


@dataclass
class IdentifierData:
    kind: str
    value: str
    issuing_country: str = ""


@dataclass
class PersonData:
    name_latin: str = ""
    name_urdu: str = ""
    father_name_latin: str = ""
    father_name_urdu: str = ""
    alias: str = ""
    sex: str = Sex.UNKNOWN
    date_of_birth: datetime.date | None = None
    birth_year: int | None = None
    nationality: str = ""
    agency_record_id: str = ""
    handling_code: str = HandlingCode.RESTRICTED
    identifiers: list[IdentifierData] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    source_payload: dict[str, Any] | None = None


_PERSON_FIELDS = (
    "name_latin",
    "name_urdu",
    "father_name_latin",
    "father_name_urdu",
    "alias",
    "sex",
    "date_of_birth",
    "birth_year",
    "nationality",
    "agency_record_id",
    "handling_code",
)

_SEXES = frozenset(Sex.values)  # built once: ``Choices.values`` is a new list each time
_IDENTIFIER_KINDS = frozenset(IdentifierKind.values)

#: (kind, normalised value, value as reported, issuing country)
CleanIdentifier = tuple[str, str, str, str]
#: (E.164, number as reported)
CleanPhone = tuple[str, str]


def _clean_person(
    data: PersonData, *, agency_id: int, instance: Person | None
) -> tuple[list[CleanIdentifier], list[CleanPhone]]:
    """Validate a person statement; returns cleaned identifiers and phones or raises."""
    errors = ErrorCollector()
    if data.agency_record_id:
        errors.check_unique(
            "agency_record_id",
            Person.objects.filter(agency_id=agency_id, agency_record_id=data.agency_record_id),
            instance=instance,
            message="Your agency already has a person with this record id.",
        )
    cleaned = check_person(data, errors=errors)
    errors.raise_if_any()
    return cleaned


def check_person(
    data: PersonData, *, errors: ErrorCollector
) -> tuple[list[CleanIdentifier], list[CleanPhone]]:
    """Every rule of a person statement except the uniqueness of its record id, which the
    caller checks (per statement here, per batch in a bulk import). Problems go to ``errors``;
    returns the cleaned identifiers and phones."""
    for name in ("name_latin", "name_urdu", "father_name_latin", "father_name_urdu", "alias"):
        setattr(data, name, " ".join((getattr(data, name) or "").split()))
    if not data.name_latin and not data.name_urdu:
        errors.add("name_latin", "Give the person's name in Latin or Urdu script.")
    if data.sex not in _SEXES:
        errors.add("sex", f"“{data.sex}” is not M, F or U.")
    if data.date_of_birth is not None:
        errors.check("date_of_birth", validate_birth_date, data.date_of_birth)
        if data.birth_year and data.birth_year != data.date_of_birth.year:
            errors.add("birth_year", "The year of birth does not match the date of birth.")
    if data.birth_year is not None and not (1900 <= data.birth_year <= datetime.date.today().year):
        errors.add("birth_year", "The year of birth must be between 1900 and this year.")
    if data.nationality:
        errors.check("nationality", validate_country, data.nationality)
    errors.check_handling_code(data.handling_code)

    identifiers: list[CleanIdentifier] = []
    seen: set[tuple[str, str]] = set()
    for index, identifier in enumerate(data.identifiers):
        key = f"identifiers.{index}"
        if identifier.kind not in _IDENTIFIER_KINDS:
            errors.add(key, f"“{identifier.kind}” is not an identifier kind.")
            continue
        value = errors.check(key, clean_identifier, identifier.kind, identifier.value)
        if identifier.issuing_country:
            errors.check(key, validate_country, identifier.issuing_country)
        if value and (identifier.kind, value) not in seen:
            seen.add((identifier.kind, value))
            identifiers.append(
                (identifier.kind, value, identifier.value, identifier.issuing_country)
            )
    phones: list[CleanPhone] = []
    for index, raw in enumerate(data.phones):
        e164 = errors.check(f"phones.{index}", clean_phone, raw)
        if e164 and e164 not in {p for p, _ in phones}:
            phones.append((e164, raw))
    return identifiers, phones


def person_snapshot_of(
    person: Person, identifiers: Iterable[tuple[str, str]], phones: Iterable[str]
) -> dict[str, Any]:
    """The audit snapshot of a person from (kind, value) identifiers and E.164 phones at hand,
    in the order the database lists them."""
    return snapshot(
        person,
        identifiers=[f"{kind}:{value}" for kind, value in sorted(identifiers)],
        phones=sorted(phones),
    )


def person_snapshot(person: Person) -> dict[str, Any]:
    # Query the child rows afresh: a caller's prefetched lists would show the old values.
    return person_snapshot_of(
        person,
        Identifier.objects.filter(person=person).values_list("kind", "value"),
        Phone.objects.filter(person=person).values_list("e164", flat=True),
    )


def new_person(
    data: PersonData,
    *,
    agency_id: int,
    created_by: Any,
    make: Callable[..., Person] = Person,
) -> Person:
    """The unsaved person of a checked statement (the bulk import saves many at once, and makes
    them with a quicker ``make``)."""
    return make(
        agency_id=agency_id,
        created_by=created_by,
        source_payload=data.source_payload if data.source_payload is not None else {},
        **{name: getattr(data, name) for name in _PERSON_FIELDS},
    )


def person_children_values(
    identifiers: list[CleanIdentifier], phones: list[CleanPhone]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The field values of a person's identifier and phone rows, without the person (the bulk
    import inserts them as values, not as model instances)."""
    return (
        [
            {"kind": k, "value": v, "raw": raw[:60], "issuing_country": c}
            for k, v, raw, c in identifiers
        ],
        [{"e164": e, "raw": raw[:40]} for e, raw in phones],
    )


def new_person_children(
    person: Person, identifiers: list[CleanIdentifier], phones: list[CleanPhone]
) -> tuple[list[Identifier], list[Phone]]:
    """The unsaved identifier and phone rows of a person."""
    identifier_values, phone_values = person_children_values(identifiers, phones)
    return (
        [Identifier(person=person, **values) for values in identifier_values],
        [Phone(person=person, **values) for values in phone_values],
    )


def _children_writer(identifiers: list[CleanIdentifier], phones: list[CleanPhone]) -> Any:
    def write(person: Person) -> None:
        Identifier.objects.filter(person=person).delete()
        Phone.objects.filter(person=person).delete()
        identifier_rows, phone_rows = new_person_children(person, identifiers, phones)
        Identifier.objects.bulk_create(identifier_rows)
        Phone.objects.bulk_create(phone_rows)

    return write


def person_record(*, acting_user: Any, data: PersonData) -> Person:
    """Record a person as the acting user's agency states him."""
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    identifiers, phones = _clean_person(data, agency_id=viewer.agency_id, instance=None)
    person = new_person(data, agency_id=viewer.agency_id, created_by=acting_user)
    person = audited_create(
        acting_user=acting_user,
        record=person,
        write_children=_children_writer(identifiers, phones),
        snapshot_of=person_snapshot,
    )
    announce_persons_changed([person.pk])
    return person


def person_update(*, acting_user: Any, person: Person, data: PersonData) -> Person:
    require_write(acting_user, person.agency_id)
    identifiers, phones = _clean_person(data, agency_id=person.agency_id, instance=person)
    values = {name: getattr(data, name) for name in _PERSON_FIELDS}
    if data.source_payload is not None:
        values["source_payload"] = data.source_payload
    person = audited_update(
        acting_user=acting_user,
        record=person,
        values=values,
        write_children=_children_writer(identifiers, phones),
        snapshot_of=person_snapshot,
    )
    announce_persons_changed([person.pk])
    return person


def person_delete(*, acting_user: Any, person: Person) -> None:
    require_delete(acting_user, person.agency_id)
    if person.arrests.exists():
        raise ValidationError("This person has arrests on record; delete the arrests first.")
    if links_of(person).exists():
        raise ValidationError("This person has links on record; delete the links first.")
    audited_delete(acting_user=acting_user, record=person, snapshot_of=person_snapshot)
