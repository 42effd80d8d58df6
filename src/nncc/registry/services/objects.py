"""Vehicles, organisations and addresses an agency records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from nncc.kernel.access import require_delete, require_write
from nncc.kernel.models import HandlingCode
from nncc.kernel.services import ErrorCollector, audited_create, audited_delete, audited_update
from nncc.reference.geography import PAKISTAN
from nncc.reference.models import District
from nncc.reference.validators import validate_country, validate_province
from nncc.registry.models import Address, Organisation, Vehicle
from nncc.registry.services.links import links_of


def _squash_text(data: Any, names: tuple[str, ...]) -> None:
    for name in names:
        setattr(data, name, " ".join((getattr(data, name) or "").split()))


def _values(data: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(data, name) for name in fields}


def _delete_unlinked(*, acting_user: Any, record: Vehicle | Organisation | Address) -> None:
    if links_of(record).exists():
        raise ValidationError(f"{record} has links on record; delete the links first.")
    audited_delete(acting_user=acting_user, record=record)


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
    errors.check_handling_code(data.handling_code)
    errors.raise_if_any()


def vehicle_record(*, acting_user: Any, data: VehicleData) -> Vehicle:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_vehicle(data)
    record = Vehicle(
        agency_id=viewer.agency_id, created_by=acting_user, **_values(data, _VEHICLE_FIELDS)
    )
    return audited_create(acting_user=acting_user, record=record)


def vehicle_update(*, acting_user: Any, vehicle: Vehicle, data: VehicleData) -> Vehicle:
    require_write(acting_user, vehicle.agency_id)
    _clean_vehicle(data)
    return audited_update(
        acting_user=acting_user, record=vehicle, values=_values(data, _VEHICLE_FIELDS)
    )


def vehicle_delete(*, acting_user: Any, vehicle: Vehicle) -> None:
    require_delete(acting_user, vehicle.agency_id)
    if vehicle.seizures.exists():
        raise ValidationError("This vehicle is named in seizures; remove it from them first.")
    _delete_unlinked(acting_user=acting_user, record=vehicle)


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
    errors.check_handling_code(data.handling_code)
    errors.raise_if_any()


def organisation_record(*, acting_user: Any, data: OrganisationData) -> Organisation:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_organisation(data)
    record = Organisation(
        agency_id=viewer.agency_id, created_by=acting_user, **_values(data, _ORGANISATION_FIELDS)
    )
    return audited_create(acting_user=acting_user, record=record)


def organisation_update(
    *, acting_user: Any, organisation: Organisation, data: OrganisationData
) -> Organisation:
    require_write(acting_user, organisation.agency_id)
    _clean_organisation(data)
    return audited_update(
        acting_user=acting_user, record=organisation, values=_values(data, _ORGANISATION_FIELDS)
    )


def organisation_delete(*, acting_user: Any, organisation: Organisation) -> None:
    require_delete(acting_user, organisation.agency_id)
    _delete_unlinked(acting_user=acting_user, record=organisation)


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
    errors.check_handling_code(data.handling_code)
    errors.raise_if_any()


def address_record(*, acting_user: Any, data: AddressData) -> Address:
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_address(data)
    record = Address(
        agency_id=viewer.agency_id, created_by=acting_user, **_values(data, _ADDRESS_FIELDS)
    )
    return audited_create(acting_user=acting_user, record=record)


def address_update(*, acting_user: Any, address: Address, data: AddressData) -> Address:
    require_write(acting_user, address.agency_id)
    _clean_address(data)
    return audited_update(
        acting_user=acting_user, record=address, values=_values(data, _ADDRESS_FIELDS)
    )


def address_delete(*, acting_user: Any, address: Address) -> None:
    require_delete(acting_user, address.agency_id)
    _delete_unlinked(acting_user=acting_user, record=address)
