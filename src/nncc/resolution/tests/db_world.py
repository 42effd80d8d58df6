"""Agencies, analysts and statements for the database tests of resolution.

Identity numbers are synthetic: CNIC locality ``0000`` is not issued; phones use the 555
exchange.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

from django.test import Client

from nncc.agencies.models import Agency
from nncc.kernel.access import Role
from nncc.kernel.testing import make_user
from nncc.registry.models import Identifier, Person, Phone

_numbers = itertools.count(1)


@dataclass
class World:
    anf: Agency
    customs: Agency
    centre: Agency
    anf_analyst: Any
    anf_officer: Any
    customs_analyst: Any
    centre_analyst: Any


def make_world() -> World:
    anf = Agency.objects.create(
        code="ANF", name="Anti-Narcotics Force", kind="federal", contact="ANF duty desk 051-111"
    )
    customs = Agency.objects.create(
        code="CUSTOMS", name="Pakistan Customs", kind="federal", contact="Customs intel cell"
    )
    centre = Agency.objects.create(code="NNCC", name="Coordination centre", kind="centre")
    return World(
        anf=anf,
        customs=customs,
        centre=centre,
        anf_analyst=make_user(anf, Role.ANALYST, username="anf_analyst"),
        anf_officer=make_user(anf, Role.FIELD_OFFICER, username="anf_officer"),
        customs_analyst=make_user(customs, Role.ANALYST, username="customs_analyst"),
        centre_analyst=make_user(centre, Role.CENTRE_ANALYST, username="centre_analyst"),
    )


def statement(
    agency: Agency,
    name: str,
    *,
    handling_code: str = "restricted",
    father: str = "",
    cnic: str = "",
    passport: str = "",
    phone: str = "",
    born: datetime.date | None = None,
    birth_year: int | None = None,
    sex: str = "M",
    nationality: str = "PK",
    name_urdu: str = "",
) -> Person:
    """One agency's statement about a person, written as it would be stored."""
    person = Person.objects.create(
        agency=agency,
        handling_code=handling_code,
        agency_record_id=f"{agency.code}-P-{next(_numbers):04d}",
        name_latin=name,
        name_urdu=name_urdu,
        father_name_latin=father,
        sex=sex,
        date_of_birth=born,
        birth_year=birth_year,
        nationality=nationality,
    )
    if cnic:
        Identifier.objects.create(person=person, kind="cnic", value=cnic, raw=cnic)
    if passport:
        Identifier.objects.create(person=person, kind="passport", value=passport, raw=passport)
    if phone:
        Phone.objects.create(person=person, e164=phone, raw=phone)
    return person


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def memberships(*persons: Person) -> dict[int, int]:
    from nncc.resolution.models import IdentityMember

    return dict(
        IdentityMember.objects.filter(person__in=persons).values_list("person_id", "identity_id")
    )
