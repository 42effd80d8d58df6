"""Writes to the registry: each agency's statement about a person, with its identifiers; the
vehicles, organisations and addresses it records; the links it states between them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from nncc.kernel.access import require_delete, require_write
from nncc.kernel.audit import audit_log, snapshot
from nncc.kernel.models import AuditAction, HandlingCode
from nncc.kernel.services import ErrorCollector
from nncc.kernel.validators import validate_country, validate_not_future, validate_province
from nncc.reference.geography import PAKISTAN
from nncc.reference.models import District
from nncc.registry.identifiers import clean_identifier, clean_phone
from nncc.registry.models import (
    Address,
    Identifier,
    IdentifierKind,
    Link,
    LinkKind,
    Organisation,
    Person,
    Phone,
    Sex,
    Vehicle,
)


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


def _clean_person(
    data: PersonData, *, agency_id: int, instance: Person | None
) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    """Validate a person statement; returns cleaned identifiers and phones or raises."""
    errors = ErrorCollector()
    for name in ("name_latin", "name_urdu", "father_name_latin", "father_name_urdu", "alias"):
        setattr(data, name, " ".join((getattr(data, name) or "").split()))
    if not data.name_latin and not data.name_urdu:
        errors.add("name_latin", "Give the person's name in Latin or Urdu script.")
    if data.sex not in Sex.values:
        errors.add("sex", f"“{data.sex}” is not M, F or U.")
    if data.date_of_birth is not None:
        errors.check("date_of_birth", validate_not_future, data.date_of_birth)
        if data.birth_year and data.birth_year != data.date_of_birth.year:
            errors.add("birth_year", "The year of birth does not match the date of birth.")
    if data.birth_year is not None and not (1900 <= data.birth_year <= datetime.date.today().year):
        errors.add("birth_year", "The year of birth must be between 1900 and this year.")
    if data.nationality:
        errors.check("nationality", validate_country, data.nationality)
    if data.handling_code not in HandlingCode.values:
        errors.add("handling_code", f"“{data.handling_code}” is not a handling code.")
    if data.agency_record_id:
        clash = Person.objects.filter(agency_id=agency_id, agency_record_id=data.agency_record_id)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.add("agency_record_id", "Your agency already has a person with this record id.")

    identifiers: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for index, identifier in enumerate(data.identifiers):
        key = f"identifiers.{index}"
        if identifier.kind not in IdentifierKind.values:
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
    phones: list[tuple[str, str]] = []
    for index, raw in enumerate(data.phones):
        e164 = errors.check(f"phones.{index}", clean_phone, raw)
        if e164 and e164 not in {p for p, _ in phones}:
            phones.append((e164, raw))
    errors.raise_if_any()
    return identifiers, phones


def person_snapshot(person: Person) -> dict[str, Any]:
    return snapshot(
        person,
        identifiers=[f"{i.kind}:{i.value}" for i in person.identifiers.all()],
        phones=[p.e164 for p in person.phones.all()],
    )


def _write_children(person: Person, identifiers: list, phones: list) -> None:
    person.identifiers.all().delete()
    person.phones.all().delete()
    Identifier.objects.bulk_create(
        Identifier(person=person, kind=k, value=v, raw=raw[:60], issuing_country=c)
        for k, v, raw, c in identifiers
    )
    Phone.objects.bulk_create(Phone(person=person, e164=e, raw=raw[:40]) for e, raw in phones)


def person_record(*, acting_user: Any, data: PersonData) -> Person:
    """Record a person as the acting user's agency states him."""
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    identifiers, phones = _clean_person(data, agency_id=viewer.agency_id, instance=None)
    with transaction.atomic():
        person = Person(
            agency_id=viewer.agency_id,
            created_by=acting_user,
            source_payload=data.source_payload if data.source_payload is not None else {},
            **{name: getattr(data, name) for name in _PERSON_FIELDS},
        )
        person.full_clean()
        person.save()
        _write_children(person, identifiers, phones)
        audit_log(
            actor=acting_user,
            action=AuditAction.CREATE,
            target=person,
            after=person_snapshot(person),
        )
    return person


def person_update(*, acting_user: Any, person: Person, data: PersonData) -> Person:
    require_write(acting_user, person.agency_id)
    identifiers, phones = _clean_person(data, agency_id=person.agency_id, instance=person)
    with transaction.atomic():
        before = person_snapshot(person)
        for name in _PERSON_FIELDS:
            setattr(person, name, getattr(data, name))
        if data.source_payload is not None:
            person.source_payload = data.source_payload
        person.full_clean()
        person.save()
        _write_children(person, identifiers, phones)
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=person,
            before=before,
            after=person_snapshot(person),
        )
    return person


def person_delete(*, acting_user: Any, person: Person) -> None:
    require_delete(acting_user, person.agency_id)
    if person.arrests.exists():
        raise ValidationError("This person has arrests on record; delete the arrests first.")
    with transaction.atomic():
        before = person_snapshot(person)
        target_id, label = person.pk, str(person)
        person.delete()
        audit_log(
            actor=acting_user,
            action=AuditAction.DELETE,
            target_type="registry.person",
            target_id=target_id,
            target_label=label,
            before=before,
        )


# --- vehicles, organisations, addresses -----------------------------------------------------
#
# The same shape as persons: validate everything, then write the record and one audit entry in
# one transaction. The three share their write, update and delete steps.

_RegistryObject = Vehicle | Organisation | Address


def _squash_text(data: Any, names: tuple[str, ...]) -> None:
    for name in names:
        setattr(data, name, " ".join((getattr(data, name) or "").split()))


def _check_handling_code(errors: ErrorCollector, code: str) -> None:
    if code not in HandlingCode.values:
        errors.add("handling_code", f"“{code}” is not a handling code.")


def _record_object(
    *, acting_user: Any, agency_id: int, model: type[_RegistryObject], fields: tuple, data: Any
) -> Any:
    with transaction.atomic():
        record = model(
            agency_id=agency_id,
            created_by=acting_user,
            **{name: getattr(data, name) for name in fields},
        )
        record.full_clean()
        record.save()
        audit_log(
            actor=acting_user, action=AuditAction.CREATE, target=record, after=snapshot(record)
        )
    return record


def _update_object(*, acting_user: Any, record: Any, fields: tuple, data: Any) -> Any:
    with transaction.atomic():
        before = snapshot(record)
        for name in fields:
            setattr(record, name, getattr(data, name))
        record.full_clean()
        record.save()
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=record,
            before=before,
            after=snapshot(record),
        )
    return record


def _links_of(record: Any) -> Any:
    content_type = ContentType.objects.get_for_model(record)
    return Link.objects.filter(
        Q(source_type=content_type, source_id=record.pk)
        | Q(target_type=content_type, target_id=record.pk)
    )


def _delete_object(*, acting_user: Any, record: Any) -> None:
    # A link names its ends by type and id only; deleting an end would leave it pointing nowhere.
    if _links_of(record).exists():
        raise ValidationError(f"{record} has links on record; delete the links first.")
    with transaction.atomic():
        before = snapshot(record)
        target_type, target_id, label = record._meta.label_lower, record.pk, str(record)
        record.delete()
        audit_log(
            actor=acting_user,
            action=AuditAction.DELETE,
            target_type=target_type,
            target_id=target_id,
            target_label=label,
            before=before,
        )


@dataclass
class VehicleData:
    registration: str = ""
    kind: str = ""
    make: str = ""
    model: str = ""
    colour: str = ""
    chassis_number: str = ""
    handling_code: str = HandlingCode.RESTRICTED


_VEHICLE_FIELDS = (
    "registration",
    "kind",
    "make",
    "model",
    "colour",
    "chassis_number",
    "handling_code",
)


def _clean_vehicle(data: VehicleData) -> None:
    errors = ErrorCollector()
    _squash_text(data, _VEHICLE_FIELDS[:-1])
    # Registrations and chassis numbers are compared across agencies: one spelling each.
    data.registration = data.registration.upper()
    data.chassis_number = data.chassis_number.replace(" ", "").upper()
    if not (data.registration or data.chassis_number or data.make or data.model):
        errors.add("registration", "Give the registration, the chassis number, or make and model.")
    _check_handling_code(errors, data.handling_code)
    errors.raise_if_any()


def vehicle_record(*, acting_user: Any, data: VehicleData) -> Vehicle:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_vehicle(data)
    return _record_object(
        acting_user=acting_user,
        agency_id=viewer.agency_id,
        model=Vehicle,
        fields=_VEHICLE_FIELDS,
        data=data,
    )


def vehicle_update(*, acting_user: Any, vehicle: Vehicle, data: VehicleData) -> Vehicle:
    require_write(acting_user, vehicle.agency_id)
    _clean_vehicle(data)
    return _update_object(
        acting_user=acting_user, record=vehicle, fields=_VEHICLE_FIELDS, data=data
    )


def vehicle_delete(*, acting_user: Any, vehicle: Vehicle) -> None:
    require_delete(acting_user, vehicle.agency_id)
    if vehicle.seizures.exists():
        raise ValidationError("This vehicle is named in seizures; remove it from them first.")
    _delete_object(acting_user=acting_user, record=vehicle)


@dataclass
class OrganisationData:
    name: str
    kind: str = ""
    country: str = ""
    handling_code: str = HandlingCode.RESTRICTED


_ORGANISATION_FIELDS = ("name", "kind", "country", "handling_code")


def _clean_organisation(data: OrganisationData) -> None:
    errors = ErrorCollector()
    _squash_text(data, ("name", "kind"))
    if not data.name:
        errors.add("name", "Give the organisation's name.")
    if data.country:
        errors.check("country", validate_country, data.country)
    _check_handling_code(errors, data.handling_code)
    errors.raise_if_any()


def organisation_record(*, acting_user: Any, data: OrganisationData) -> Organisation:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_organisation(data)
    return _record_object(
        acting_user=acting_user,
        agency_id=viewer.agency_id,
        model=Organisation,
        fields=_ORGANISATION_FIELDS,
        data=data,
    )


def organisation_update(
    *, acting_user: Any, organisation: Organisation, data: OrganisationData
) -> Organisation:
    require_write(acting_user, organisation.agency_id)
    _clean_organisation(data)
    return _update_object(
        acting_user=acting_user, record=organisation, fields=_ORGANISATION_FIELDS, data=data
    )


def organisation_delete(*, acting_user: Any, organisation: Organisation) -> None:
    require_delete(acting_user, organisation.agency_id)
    _delete_object(acting_user=acting_user, record=organisation)


@dataclass
class AddressData:
    line: str
    district: District | None = None
    province: str = ""
    country: str = PAKISTAN
    handling_code: str = HandlingCode.RESTRICTED


_ADDRESS_FIELDS = ("line", "district", "province", "country", "handling_code")


def _clean_address(data: AddressData) -> None:
    errors = ErrorCollector()
    _squash_text(data, ("line",))
    if not data.line:
        errors.add("line", "Give the address.")
    errors.check("country", validate_country, data.country or "")
    if data.district is not None and not data.province:
        data.province = data.district.province  # a district names its province
    if data.province:
        errors.check("province", validate_province, data.province)
    if data.district is not None and data.district.province != data.province:
        errors.add("district", f"{data.district.name} is not in {data.province}.")
    if data.province and data.country != PAKISTAN:
        errors.add("country", "Provinces and districts are in Pakistan; the country must be PK.")
    _check_handling_code(errors, data.handling_code)
    errors.raise_if_any()


def address_record(*, acting_user: Any, data: AddressData) -> Address:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_address(data)
    return _record_object(
        acting_user=acting_user,
        agency_id=viewer.agency_id,
        model=Address,
        fields=_ADDRESS_FIELDS,
        data=data,
    )


def address_update(*, acting_user: Any, address: Address, data: AddressData) -> Address:
    require_write(acting_user, address.agency_id)
    _clean_address(data)
    return _update_object(
        acting_user=acting_user, record=address, fields=_ADDRESS_FIELDS, data=data
    )


def address_delete(*, acting_user: Any, address: Address) -> None:
    require_delete(acting_user, address.agency_id)
    _delete_object(acting_user=acting_user, record=address)


# --- links ----------------------------------------------------------------------------------

#: what a link may join
LINKABLE = (Person, Vehicle, Organisation, Address)


@dataclass
class LinkData:
    kind: str
    source: Person | Vehicle | Organisation | Address
    target: Person | Vehicle | Organisation | Address
    detail: str = ""
    handling_code: str = HandlingCode.RESTRICTED


def _clean_link(data: LinkData, *, agency_id: int, instance: Link | None) -> None:
    errors = ErrorCollector()
    _squash_text(data, ("detail",))
    if data.kind not in LinkKind.values:
        errors.add("kind", f"“{data.kind}” is not a kind of link.")
    for name in ("source", "target"):
        end = getattr(data, name)
        if not isinstance(end, LINKABLE) or end.pk is None:
            errors.add(name, "A link joins recorded persons, vehicles, organisations or addresses.")
        elif end.agency_id != agency_id:
            # Object substitution: an agency states links between its own records only; linking
            # across agencies is the work of entity resolution, which keeps both statements.
            errors.add(name, "Links can only join records your agency recorded.")
    _check_handling_code(errors, data.handling_code)
    if not errors.errors:
        source_type = ContentType.objects.get_for_model(data.source)
        target_type = ContentType.objects.get_for_model(data.target)
        if (source_type, data.source.pk) == (target_type, data.target.pk):
            errors.add("target", "A record cannot be linked to itself.")
        clash = Link.objects.filter(
            agency_id=agency_id,
            kind=data.kind,
            source_type=source_type,
            source_id=data.source.pk,
            target_type=target_type,
            target_id=data.target.pk,
        )
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.add("kind", "Your agency already stated this link.")
    errors.raise_if_any()


def link_snapshot(link: Link) -> dict[str, Any]:
    return snapshot(link, source=str(link.source), target=str(link.target))


def _set_link(link: Link, data: LinkData) -> None:
    link.kind = data.kind
    link.detail = data.detail
    link.handling_code = data.handling_code
    link.source = data.source
    link.target = data.target


def link_record(*, acting_user: Any, data: LinkData) -> Link:
    """State a link between two registry records of the acting user's agency."""
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_link(data, agency_id=viewer.agency_id, instance=None)
    with transaction.atomic():
        link = Link(agency_id=viewer.agency_id, created_by=acting_user)
        _set_link(link, data)
        link.full_clean()
        link.save()
        audit_log(
            actor=acting_user, action=AuditAction.CREATE, target=link, after=link_snapshot(link)
        )
    return link


def link_update(*, acting_user: Any, link: Link, data: LinkData) -> Link:
    require_write(acting_user, link.agency_id)
    _clean_link(data, agency_id=link.agency_id, instance=link)
    with transaction.atomic():
        before = link_snapshot(link)
        _set_link(link, data)
        link.full_clean()
        link.save()
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=link,
            before=before,
            after=link_snapshot(link),
        )
    return link


def link_delete(*, acting_user: Any, link: Link) -> None:
    require_delete(acting_user, link.agency_id)
    with transaction.atomic():
        before = link_snapshot(link)
        target_id, label = link.pk, str(link)
        link.delete()
        audit_log(
            actor=acting_user,
            action=AuditAction.DELETE,
            target_type="registry.link",
            target_id=target_id,
            target_label=label,
            before=before,
        )
