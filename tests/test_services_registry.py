"""Registry services: persons with their identifiers, vehicles, organisations, addresses, links."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from factories import (
    AddressFactory,
    ArrestFactory,
    LinkFactory,
    OrganisationFactory,
    PersonFactory,
    SeizureEventFactory,
    VehicleFactory,
    district,
    person_data,
    synthetic_cnic,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.pk import cnic

from nncc.kernel.models import AuditEntry
from nncc.registry.identifiers import clean_cnic, clean_phone
from nncc.registry.models import Link, Person, Vehicle
from nncc.registry.services import (
    AddressData,
    IdentifierData,
    LinkData,
    OrganisationData,
    VehicleData,
    address_record,
    link_record,
    organisation_delete,
    organisation_record,
    person_delete,
    person_record,
    person_update,
    vehicle_delete,
    vehicle_record,
)

pytestmark = pytest.mark.django_db


def error_fields(caught: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(caught.value.message_dict)


# --- persons -------------------------------------------------------------------------------


def test_a_person_is_recorded_with_normalised_identifiers(anf: Any, anf_officer: Any):
    data = person_data(
        identifiers=[
            IdentifierData(kind="cnic", value="3000000000421"),
            IdentifierData(kind="cnic", value="30000-0000042-1"),  # the same, printed
            IdentifierData(kind="passport", value="ab 12345-6"),
        ],
        phones=["0300 5550042", "+92 300 5550042"],
    )
    person = person_record(acting_user=anf_officer, data=data)
    assert (person.agency, person.created_by) == (anf, anf_officer)
    assert sorted((i.kind, i.value) for i in person.identifiers.all()) == [
        ("cnic", "30000-0000042-1"),
        ("passport", "AB123456"),
    ]
    assert [p.e164 for p in person.phones.all()] == ["+923005550042"]


def test_a_person_statement_with_bad_values_writes_nothing(anf_officer: Any):
    data = person_data(
        name_latin=" ",
        sex="X",
        birth_year=1850,
        nationality="XX",
        handling_code="secret",
        identifiers=[
            IdentifierData(kind="cnic", value="12345"),
            IdentifierData(kind="dna", value="x"),
        ],
        phones=["not a number"],
    )
    with pytest.raises(ValidationError) as caught:
        person_record(acting_user=anf_officer, data=data)
    assert error_fields(caught) >= {
        "name_latin",
        "sex",
        "birth_year",
        "nationality",
        "handling_code",
        "identifiers.0",
        "identifiers.1",
        "phones.0",
    }
    assert not Person.objects.exists() and not AuditEntry.objects.exists()


def test_a_person_record_id_is_unique_within_the_agency(anf_officer: Any, customs_officer: Any):
    person_record(acting_user=anf_officer, data=person_data(agency_record_id="P-9"))
    with pytest.raises(ValidationError):
        person_record(acting_user=anf_officer, data=person_data(agency_record_id="P-9"))
    person_record(acting_user=customs_officer, data=person_data(agency_record_id="P-9"))


def test_a_person_with_arrests_is_not_deleted(anf: Any, anf_supervisor: Any):
    arrest = ArrestFactory(agency=anf)
    with pytest.raises(ValidationError):
        person_delete(acting_user=anf_supervisor, person=arrest.person)
    assert Person.objects.filter(pk=arrest.person.pk).exists()


def test_persons_change_only_by_their_own_agency(anf: Any, customs_officer: Any):
    person = PersonFactory(agency=anf, handling_code="shared", alias="")
    with pytest.raises(PermissionDenied):
        person_update(acting_user=customs_officer, person=person, data=person_data(alias="Mine"))
    person.refresh_from_db()
    assert person.alias == ""


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(st.integers(0, 9_999_999), st.integers(1, 7), st.booleans())
def test_cnic_cleaning_is_idempotent_and_keeps_the_digits(
    serial: int, province: int, female: bool
) -> None:
    number = synthetic_cnic(serial, province_digit=province, female=female)
    cleaned = clean_cnic(number.replace("-", ""))
    assert cleaned == number == clean_cnic(cleaned)
    assert cnic.is_valid(cleaned)


@pytest.mark.parametrize(
    "value", ["", "9234567890123", "0000000000001", "30000-0000042-0", "3000000000421X"]
)
def test_malformed_cnics_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        clean_cnic(value)


def test_phone_numbers_are_read_as_pakistani_by_default() -> None:
    assert clean_phone("0300-5550001") == clean_phone("+923005550001") == "+923005550001"
    with pytest.raises(ValidationError):
        clean_phone("12")


# --- vehicles, organisations, addresses ----------------------------------------------------


def test_registrations_are_kept_in_one_spelling(anf: Any, anf_officer: Any):
    vehicle = vehicle_record(
        acting_user=anf_officer,
        data=VehicleData(registration="  lea  1234 ", chassis_number="ab 12 cd"),
    )
    assert (vehicle.registration, vehicle.chassis_number) == ("LEA 1234", "AB12CD")
    assert vehicle.agency == anf


def test_a_vehicle_needs_something_to_know_it_by(anf_officer: Any):
    with pytest.raises(ValidationError) as caught:
        vehicle_record(acting_user=anf_officer, data=VehicleData(colour="white"))
    assert "registration" in error_fields(caught)


def test_a_vehicle_named_in_a_seizure_or_linked_is_not_deleted(anf: Any, anf_supervisor: Any):
    seized = VehicleFactory(agency=anf)
    SeizureEventFactory(agency=anf).vehicles.add(seized)
    linked = LinkFactory(agency=anf).target
    for vehicle in (seized, linked):
        with pytest.raises(ValidationError):
            vehicle_delete(acting_user=anf_supervisor, vehicle=vehicle)
    assert Vehicle.objects.filter(pk__in=[seized.pk, linked.pk]).count() == 2
    free = VehicleFactory(agency=anf)
    vehicle_delete(acting_user=anf_supervisor, vehicle=free)
    assert not Vehicle.objects.filter(pk=free.pk).exists()


def test_organisations_need_a_name_and_a_real_country(anf_officer: Any):
    with pytest.raises(ValidationError) as caught:
        organisation_record(acting_user=anf_officer, data=OrganisationData(name="", country="ZZ"))
    assert error_fields(caught) == {"name", "country"}


def test_only_a_supervisor_deletes_an_organisation(anf: Any, anf_officer: Any, anf_supervisor: Any):
    organisation = OrganisationFactory(agency=anf)
    with pytest.raises(PermissionDenied):
        organisation_delete(acting_user=anf_officer, organisation=organisation)
    organisation_delete(acting_user=anf_supervisor, organisation=organisation)


def test_an_address_takes_its_province_from_the_district(anf_officer: Any):
    address = address_record(
        acting_user=anf_officer, data=AddressData(line="Street 1", district=district("PK-SD"))
    )
    assert address.province == "PK-SD"
    with pytest.raises(ValidationError) as caught:
        address_record(
            acting_user=anf_officer,
            data=AddressData(line="Street 2", district=district("PK-SD"), province="PK-PB"),
        )
    assert "district" in error_fields(caught)


# --- links ---------------------------------------------------------------------------------


def test_an_agency_links_its_own_records(anf: Any, anf_officer: Any):
    person, vehicle = PersonFactory(agency=anf), VehicleFactory(agency=anf)
    link = link_record(
        acting_user=anf_officer, data=LinkData(kind="owns", source=person, target=vehicle)
    )
    assert (link.source, link.target, link.agency) == (person, vehicle, anf)
    with pytest.raises(ValidationError):  # the same statement twice
        link_record(
            acting_user=anf_officer, data=LinkData(kind="owns", source=person, target=vehicle)
        )


@pytest.mark.parametrize("end", ["source", "target"])
def test_a_link_may_not_reach_another_agencys_record(
    anf: Any, customs: Any, anf_officer: Any, end: str
):
    own, foreign = PersonFactory(agency=anf), AddressFactory(agency=customs, handling_code="shared")
    ends = {"source": own, "target": own, end: foreign}
    with pytest.raises(ValidationError) as caught:
        link_record(acting_user=anf_officer, data=LinkData(kind="resides_at", **ends))
    assert end in error_fields(caught)
    assert not Link.objects.exists()


def test_a_record_is_not_linked_to_itself(anf: Any, anf_officer: Any):
    person = PersonFactory(agency=anf)
    with pytest.raises(ValidationError):
        link_record(
            acting_user=anf_officer, data=LinkData(kind="associate", source=person, target=person)
        )
