"""Test data for every model, and builders of valid service input.

Factories write rows directly: they are fast, can give a record any owner and handling code, and
write no audit entries, so access and matrix tests control exactly what exists. Every factory
defaults to ``restricted`` (the model default) so a test that wants a shared or source-restricted
record says so. Services are exercised by the service and audit tests through the ``*_data``
builders below, which produce input the services accept.

Identity numbers are synthetic: CNICs use locality code ``0000``, which NADRA does not issue, and
phone numbers the ``555`` exchange.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from stdnum.pk import cnic

from nncc.agencies.models import Agency, AgencyKind, Unit
from nncc.eradication.models import Crop, EradicationRecord
from nncc.eradication.services import EradicationData
from nncc.intake.models import Arrest, DrugLine, Participation, SeizureEvent
from nncc.intake.services import ArrestData, DrugLineData, ParticipantData, SeizureData
from nncc.intake.vocabularies import ArrestRole, PlaceType, TransportMode
from nncc.kernel.models import AuditAction, AuditEntry, HandlingCode
from nncc.kernel.testing import make_user as make_user  # tests import it from here
from nncc.reference.models import District, Drug
from nncc.reference.units import to_kg_equivalent
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
from nncc.registry.services import IdentifierData, PersonData

#: every generated date lies on or after this day, and well before today
BASE_DAY = datetime.date(2025, 1, 1)
PROVINCE = "PK-PB"


def synthetic_cnic(n: int, *, province_digit: int = 3, female: bool = False) -> str:
    """A structurally valid CNIC that is not a real one (locality 0000), printed form."""
    gender = 2 * (n % 4 + 1) if female else 2 * (n % 5) + 1
    number = f"{province_digit}0000{n % 10_000_000:07d}{gender}"
    return cnic.format(cnic.validate(number))


def synthetic_phone(n: int) -> str:
    """A valid Pakistani mobile number in E.164 on the 555 exchange."""
    return f"+92300555{n % 10_000:04d}"


def district(province: str = PROVINCE, code: str | None = None) -> District:
    districts = District.objects.filter(province=province)
    if code is not None:
        districts = districts.filter(code=code)
    return districts.order_by("code").first()


def drug(name: str = "Cannabis resin (hashish)") -> Drug:
    return Drug.objects.get(name=name)


def _day(n: int) -> datetime.date:
    return BASE_DAY + datetime.timedelta(days=n % 500)


def _moment(n: int) -> datetime.datetime:
    day = _day(n)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 30))


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n:03d}")
    name = factory.LazyAttribute(lambda o: f"Agency {o.code}")
    kind = AgencyKind.FEDERAL
    contact = "Duty desk"


class CentreAgencyFactory(AgencyFactory):
    code = "NNCC"
    name = "National Narcotics Coordination Centre"
    kind = AgencyKind.CENTRE


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.LazyAttribute(lambda o: f"Unit {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    """A user without membership; use ``make_user(agency, *roles)`` for a member."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n:04d}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.django.Password("correct horse battery staple")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    agency = factory.SubFactory(AgencyFactory)
    handling_code = HandlingCode.RESTRICTED
    agency_record_id = factory.Sequence(lambda n: f"P-{n:05d}")
    name_latin = factory.Sequence(lambda n: f"Person Number {n}")
    father_name_latin = factory.Sequence(lambda n: f"Father Number {n}")
    sex = Sex.MALE
    birth_year = 1985
    nationality = "PK"


class IdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Identifier

    person = factory.SubFactory(PersonFactory)
    kind = IdentifierKind.CNIC
    value = factory.Sequence(synthetic_cnic)
    raw = factory.SelfAttribute("value")
    issuing_country = "PK"


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    person = factory.SubFactory(PersonFactory)
    e164 = factory.Sequence(synthetic_phone)
    raw = factory.SelfAttribute("e164")


class PersonWithDocumentsFactory(PersonFactory):
    """A person with a CNIC and a mobile number."""

    class Meta:
        skip_postgeneration_save = True

    cnic = factory.RelatedFactory(IdentifierFactory, factory_related_name="person")
    phone = factory.RelatedFactory(PhoneFactory, factory_related_name="person")


class SeizureEventFactory(factory.django.DjangoModelFactory):
    """A seizure event with one drug line (``drug_lines=0`` for none, ``n`` for several).

    ``participants`` takes agencies (or ``(agency, share)`` pairs) that took part jointly.
    """

    class Meta:
        model = SeizureEvent
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    handling_code = HandlingCode.RESTRICTED
    agency_record_id = factory.Sequence(lambda n: f"FIR-{n:05d}")
    occurred_at = factory.Sequence(_moment)
    province = PROVINCE
    district = factory.LazyFunction(district)
    place = "GT Road checkpost"
    place_type = PlaceType.ROAD
    transport_mode = TransportMode.CAR
    summary = "Recovered during routine checking."

    @factory.post_generation
    def drug_lines(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        count = 1 if extracted is None else extracted
        if create:
            for _ in range(count):
                DrugLineFactory(event=self)

    @factory.post_generation
    def participants(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        for item in extracted:
            agency, share = item if isinstance(item, tuple) else (item, Decimal("0.250"))
            ParticipationFactory(event=self, agency=agency, credit_share=share)


def _conversion(line: Any) -> Any:
    return to_kg_equivalent(
        quantity=line.quantity, unit=line.unit, tablet_weight_mg=line.drug.tablet_weight_mg
    )


class DrugLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrugLine

    event = factory.SubFactory(SeizureEventFactory, drug_lines=0)
    reported_term = "charas"
    drug = factory.LazyFunction(drug)
    quantity = Decimal("12.500")
    unit = "kg"
    kg_equivalent = factory.LazyAttribute(lambda o: _conversion(o).kg_equivalent)
    kg_factor = factory.LazyAttribute(lambda o: _conversion(o).factor)
    kg_rule = factory.LazyAttribute(lambda o: _conversion(o).rule)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(SeizureEventFactory)
    agency = factory.SubFactory(AgencyFactory)
    credit_share = Decimal("0.250")


class ArrestFactory(factory.django.DjangoModelFactory):
    """An arrest of a person recorded by the same agency; in ``event`` when one is given."""

    class Meta:
        model = Arrest

    event = None
    agency = factory.LazyAttribute(lambda o: o.event.agency if o.event else AgencyFactory())
    handling_code = HandlingCode.RESTRICTED
    person = factory.SubFactory(
        PersonFactory,
        agency=factory.SelfAttribute("..agency"),
        handling_code=factory.SelfAttribute("..handling_code"),
    )
    agency_record_id = factory.Sequence(lambda n: f"ARR-{n:05d}")
    arrested_on = factory.LazyAttributeSequence(
        lambda o, n: o.event.occurred_at.date() if o.event else _day(n)
    )
    province = PROVINCE
    district = factory.LazyFunction(district)
    role = ArrestRole.COURIER
    charges = factory.LazyFunction(lambda: ["9(c)"])
    nationality_at_arrest = "PK"


class EradicationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EradicationRecord

    agency = factory.SubFactory(AgencyFactory)
    handling_code = HandlingCode.RESTRICTED
    agency_record_id = factory.Sequence(lambda n: f"ERD-{n:05d}")
    cleared_on = factory.Sequence(_day)
    province = "PK-KP"
    district = factory.LazyFunction(lambda: district("PK-KP"))
    place = "Tirah valley"
    crop = Crop.OPIUM_POPPY
    acres = Decimal("12.50")


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    agency = factory.SubFactory(AgencyFactory)
    handling_code = HandlingCode.RESTRICTED
    registration = factory.Sequence(lambda n: f"LEA-{n:04d}")
    kind = "car"
    make = "Toyota"
    model = "Corolla"
    colour = "white"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    agency = factory.SubFactory(AgencyFactory)
    handling_code = HandlingCode.RESTRICTED
    name = factory.Sequence(lambda n: f"Goods Transport Company {n}")
    kind = "transporter"
    country = "PK"


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    agency = factory.SubFactory(AgencyFactory)
    handling_code = HandlingCode.RESTRICTED
    line = factory.Sequence(lambda n: f"House {n}, Street 5")
    district = factory.LazyFunction(district)
    province = PROVINCE
    country = "PK"


class LinkFactory(factory.django.DjangoModelFactory):
    """A link from a person to a vehicle of the same agency (``source``/``target`` override)."""

    class Meta:
        model = Link
        exclude = ("source", "target")

    agency = factory.SubFactory(AgencyFactory)
    handling_code = HandlingCode.RESTRICTED
    kind = LinkKind.DRIVES
    source = factory.SubFactory(PersonFactory, agency=factory.SelfAttribute("..agency"))
    target = factory.SubFactory(VehicleFactory, agency=factory.SelfAttribute("..agency"))
    source_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.source))
    source_id = factory.SelfAttribute("source.pk")
    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.SelfAttribute("target.pk")


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    time = factory.Sequence(lambda n: _moment(n))
    actor = None
    actor_username = factory.LazyAttribute(lambda o: o.actor.username if o.actor else "")
    agency = None
    action = AuditAction.VIEW
    target_type = "registry.person"
    target_id = factory.Sequence(str)
    target_label = "a person"
    channel = "web"
    request_id = factory.Sequence(lambda n: f"{n:032x}")
    client_address = "192.0.2.10"


# --- valid input for the services ----------------------------------------------------------


def seizure_data(**overrides: Any) -> SeizureData:
    """A valid seizure report: 12.5 kg of charas on a Punjab road, restricted."""
    values: dict[str, Any] = {
        "agency_record_id": "FIR-100/2025",
        "occurred_at": _moment(60),
        "province": PROVINCE,
        "district": district(),
        "place_type": PlaceType.ROAD,
        "transport_mode": TransportMode.CAR,
        "place": "Motorway M-2 toll plaza",
        "summary": "Charas recovered from a car.",
        "drug_lines": [DrugLineData(reported_term="charas", quantity="12.5", unit="kg")],
    }
    values.update(overrides)
    return SeizureData(**values)


def participant(agency: Agency, share: str = "0.25") -> ParticipantData:
    return ParticipantData(agency=agency, credit_share=Decimal(share))


def person_data(**overrides: Any) -> PersonData:
    values: dict[str, Any] = {
        "name_latin": "Gul Khan",
        "father_name_latin": "Sher Khan",
        "sex": Sex.MALE,
        "birth_year": 1980,
        "nationality": "PK",
        "identifiers": [IdentifierData(kind=IdentifierKind.CNIC, value=synthetic_cnic(4242))],
        "phones": [synthetic_phone(4242)],
    }
    values.update(overrides)
    return PersonData(**values)


def arrest_data(*, person: Person, event: SeizureEvent | None = None, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "person": person,
        "event": event,
        "arrested_on": event.occurred_at.date() if event else _day(70),
        "province": PROVINCE,
        "district": district(),
        "nationality_at_arrest": "PK",
        "role": ArrestRole.COURIER,
        "charges": ["9(c)"],
    }
    values.update(overrides)
    return ArrestData(**values)


def eradication_data(**overrides: Any) -> EradicationData:
    values: dict[str, Any] = {
        "agency_record_id": "ERD-7/2025",
        "cleared_on": _day(90),
        "province": "PK-KP",
        "district": district("PK-KP"),
        "acres": "12.5",
        "crop": Crop.OPIUM_POPPY,
        "place": "Tirah valley",
    }
    values.update(overrides)
    return EradicationData(**values)


def seizure_weighing(
    agency: Agency,
    handling_code: str,
    kilograms: int | str | Decimal,
    *,
    partner: Agency | None = None,
    year: int = 2025,
    **fields: Any,
) -> SeizureEvent:
    """A seizure of exactly ``kilograms`` kg of charas on 1 May of ``year``."""
    event = SeizureEventFactory(
        agency=agency,
        handling_code=handling_code,
        occurred_at=timezone.make_aware(datetime.datetime(year, 5, 1, 9, 0)),
        participants=[partner] if partner else [],
        drug_lines=0,
        **fields,
    )
    DrugLineFactory(event=event, quantity=Decimal(str(kilograms)))
    return event
