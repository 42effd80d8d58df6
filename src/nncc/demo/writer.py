"""Writing the demo plan through the services, as each agency's field officer.

Each phase runs in one transaction: SQLite in WAL mode with ``synchronous=FULL`` would otherwise
wait for the disk once per record.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.db import transaction
from django.test.utils import override_settings

from nncc.agencies.models import Agency, Unit
from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.demo import catalogue
from nncc.demo.agency_spec import AgencySpec
from nncc.demo.drugs import prices
from nncc.demo.plan import DemoPlan, PersonPlan
from nncc.eradication.services import EradicationData, eradication_record
from nncc.intake.models import SeizureEvent
from nncc.intake.services import (
    ArrestData,
    DrugLineData,
    ParticipantData,
    SeizureData,
    arrest_record,
    seizure_record,
)
from nncc.kernel.audit import audit_log
from nncc.kernel.models import AuditAction
from nncc.reference.models import District, Drug, PriceEntry
from nncc.registry.models import Person
from nncc.registry.services import IdentifierData, PersonData, person_record

Say = Callable[[str], None]


class DemoPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with few iterations, only while demo accounts are created.

    The demo password is printed beside the logins, so a slow hash of it protects nothing, and
    a full-strength hash costs a quarter of a second per account. Django sees the low iteration
    count at each account's first login and re-hashes the password at full strength.
    """

    iterations = 1000


@contextlib.contextmanager
def _quick_hashing() -> Iterator[None]:
    if get_hasher().algorithm != DemoPasswordHasher.algorithm:
        yield  # a deployment (or the tests) chose another hasher; leave it alone
        return
    hashers = [f"{__name__}.DemoPasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


def write_accounts(password: str, say: Say) -> list[dict[str, Any]]:
    """The agencies, their units, and the demo accounts of each; returns the logins."""
    say(f"Creating {len(catalogue.AGENCIES) + 1} agencies, their units and demo accounts")
    logins: list[dict[str, Any]] = []
    with transaction.atomic(), _quick_hashing():
        for spec in [*catalogue.AGENCIES, catalogue.CENTRE]:
            agency = agency_create(
                acting_user=None,
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                contact=spec.contact,
            )
            _units(spec, agency)
            staff = catalogue.CENTRE_STAFF if spec is catalogue.CENTRE else catalogue.STAFF
            for suffix, roles in [*staff, *catalogue.EXTRA_STAFF.get(spec.code, [])]:
                name = catalogue.username(spec.code, suffix)
                user_add_to_agency(
                    acting_user=None,
                    username=name,
                    password=password,
                    agency=agency,
                    roles=roles,
                    full_name=f"{spec.code} {suffix}",
                )
                logins.append({"username": name, "agency": spec.code, "roles": roles})
    return logins


def _units(spec: AgencySpec, agency: Agency) -> None:
    if spec.units:
        units = [(code, name) for code, (name, _) in spec.units.items()]
    else:
        found = (spec.unit_for(code) for code in spec.weights()[0])
        units = sorted({unit for unit in found if unit})
    Unit.objects.bulk_create(Unit(agency=agency, code=code, name=name) for code, name in units)


def write_prices(say: Say) -> None:
    rows = prices()
    say(f"Loading the price table ({len(rows)} prices)")
    drugs = {drug.name: drug for drug in Drug.objects.all()}
    with transaction.atomic():
        PriceEntry.objects.bulk_create(
            PriceEntry(
                drug=drugs[row.drug],
                market=row.market,
                level=row.level,
                year=row.year,
                usd_per_kg=row.usd_per_kg,
                source=row.source,
            )
            for row in rows
        )
        audit_log(
            actor=None,
            action=AuditAction.CREATE,
            target_type="reference.priceentry",
            target_label=f"{len(rows)} demo prices",
            detail={"years": sorted({row.year for row in rows}), "rows": len(rows)},
        )


class _Lookups:
    """Objects the writer needs, fetched once. Each agency's field officer is one object for the
    whole run, so the access check computes his viewer once."""

    def __init__(self) -> None:
        users = get_user_model().objects
        self.officers = {
            spec.code: users.get(username=catalogue.username(spec.code, "officer"))
            for spec in catalogue.AGENCIES
        }
        self.agencies = {agency.code: agency for agency in Agency.objects.all()}
        self.districts = {district.code: district for district in District.objects.all()}
        self.drugs = {drug.name: drug for drug in Drug.objects.all()}
        self.units = {
            (unit.agency.code, unit.code): unit.pk for unit in Unit.objects.select_related("agency")
        }


def write_records(plan: DemoPlan, say: Say) -> None:
    look = _Lookups()
    say(f"Recording {len(plan.persons):,} persons as each agency states them")
    with transaction.atomic():
        persons = [_person(look, person) for person in plan.persons]
    say(f"Recording {len(plan.events):,} seizure events")
    events: list[SeizureEvent] = []
    with transaction.atomic():
        for number, event in enumerate(plan.events, 1):
            events.append(_event(look, event))
            if number % 1000 == 0:
                say(f"  {number:,} seizure events")
    say(f"Recording {len(plan.arrests):,} arrests")
    with transaction.atomic():
        for arrest in plan.arrests:
            arrest_record(
                acting_user=look.officers[arrest.agency],
                data=ArrestData(
                    person=persons[arrest.person],
                    arrested_on=arrest.arrested_on,
                    province=arrest.province,
                    district=look.districts[arrest.district],
                    nationality_at_arrest=arrest.nationality,
                    event=events[arrest.event] if arrest.event is not None else None,
                    role=arrest.role,
                    charges=list(arrest.charges),
                    offence_category=arrest.offence_category,
                    agency_record_id=arrest.record_id,
                    handling_code=arrest.handling_code,
                ),
            )
    say(f"Recording {len(plan.eradication):,} eradication records")
    with transaction.atomic():
        for record in plan.eradication:
            eradication_record(
                acting_user=look.officers[record.agency],
                data=EradicationData(
                    agency_record_id=record.record_id,
                    cleared_on=record.cleared_on,
                    province=record.province,
                    district=look.districts[record.district],
                    acres=record.acres,
                    crop=record.crop,
                    place=record.place,
                    latitude=record.latitude,
                    longitude=record.longitude,
                    handling_code=record.handling_code,
                ),
            )


def _person(look: _Lookups, person: PersonPlan) -> Person:
    sent: dict[str, Any] = {
        "name": person.name_latin or person.name_urdu,
        "father_name": person.father_name_latin or person.father_name_urdu,
        "documents": [f"{kind}: {value}" for kind, value, _ in person.identifiers],
        "phones": person.phones,
    }
    return person_record(
        acting_user=look.officers[person.agency],
        data=PersonData(
            name_latin=person.name_latin,
            name_urdu=person.name_urdu,
            father_name_latin=person.father_name_latin,
            father_name_urdu=person.father_name_urdu,
            alias=person.alias,
            sex=person.sex,
            date_of_birth=person.date_of_birth,
            birth_year=person.birth_year,
            nationality=person.nationality,
            agency_record_id=person.record_id,
            handling_code=person.handling_code,
            identifiers=[
                IdentifierData(kind=kind, value=value, issuing_country=country)
                for kind, value, country in person.identifiers
            ],
            phones=list(person.phones),
            source_payload={key: value for key, value in sent.items() if value},
        ),
    )


def _event(look: _Lookups, event: Any) -> SeizureEvent:
    return seizure_record(
        acting_user=look.officers[event.agency],
        data=SeizureData(
            agency_record_id=event.record_id,
            occurred_at=event.occurred_at,
            province=event.province,
            district=look.districts[event.district],
            place_type=event.place_type,
            transport_mode=event.transport_mode,
            place=event.place,
            latitude=event.latitude,
            longitude=event.longitude,
            concealment=event.concealment,
            concealment_detail=event.concealment_detail,
            summary=event.summary,
            handling_code=event.handling_code,
            unit_id=look.units.get((event.agency, event.unit)) if event.unit else None,
            drug_lines=[
                DrugLineData(
                    reported_term=line.reported_term,
                    quantity=line.quantity,
                    unit=line.unit,
                    drug=look.drugs[line.drug] if line.explicit_drug else None,
                    measured_weight_kg=line.measured_weight_kg,
                )
                for line in event.lines
            ],
            origin=list(event.origin),
            transit=list(event.transit),
            destination=list(event.destination),
            participants=[
                ParticipantData(agency=look.agencies[code], credit_share=Decimal(share))
                for code, share in event.participants
            ],
        ),
    )
