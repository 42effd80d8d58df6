"""Statements written through the registry services or an import are resolved once their write
commits, by a background task (the immediate backend runs it at once in tests)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from nncc.intake.imports.service import import_file
from nncc.kernel.access import Role
from nncc.kernel.testing import make_user
from nncc.registry.models import Person
from nncc.registry.services import IdentifierData, PersonData, person_record
from nncc.resolution.models import IdentityMember, ResolutionKey
from nncc.resolution.signals import deferred
from nncc.resolution.tests.db_world import make_world

pytestmark = pytest.mark.django_db

CNIC = "30000-1234567-1"


def asif(name: str) -> PersonData:
    return PersonData(
        name_latin=name,
        father_name_latin="Gul Khan",
        date_of_birth=datetime.date(1981, 4, 12),
        nationality="PK",
        identifiers=[IdentifierData(kind="cnic", value=CNIC)],
        phones=["+923005550101"],
    )


def customs_officer(world):
    return make_user(world.customs, Role.FIELD_OFFICER, username="customs_officer")


def identity_of(person: Person) -> int:
    return IdentityMember.objects.get(person=person).identity_id


def test_a_statement_is_resolved_when_its_write_commits(django_capture_on_commit_callbacks):
    world = make_world()
    with django_capture_on_commit_callbacks(execute=True):
        first = person_record(acting_user=world.anf_officer, data=asif("Muhammad Asif Khan"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = person_record(acting_user=customs_officer(world), data=asif("Mohd Aasif Khan"))
    assert len(callbacks) == 1
    assert identity_of(first) == identity_of(second)


def test_nothing_is_resolved_before_commit_or_when_deferred(django_capture_on_commit_callbacks):
    world = make_world()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        person = person_record(acting_user=world.anf_officer, data=asif("Muhammad Asif Khan"))
    assert len(callbacks) == 1 and not ResolutionKey.objects.filter(person=person).exists()
    with deferred(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        person_record(acting_user=customs_officer(world), data=asif("Mohd Aasif Khan"))
    assert callbacks == []


def test_persons_of_an_import_batch_are_resolved(django_capture_on_commit_callbacks, tmp_path):
    world = make_world()
    with django_capture_on_commit_callbacks(execute=True):
        known = person_record(acting_user=world.anf_officer, data=asif("Muhammad Asif Khan"))
    path = Path(tmp_path / "rows.csv")
    path.write_text(
        "agency_record_id,occurred_at,district,place_type,transport_mode,drug,quantity,unit,"
        "person_name,father_name,cnic,phone,nationality\n"
        "C-1,2025-03-01 10:00,BA-QTA,road,car,heroin,2,kg,"
        f"Mohd Aasif Khan,Gul Khan,{CNIC},+923005550101,PK\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = import_file(acting_user=customs_officer(world), path=path)
    assert job.created == 1, list(job.rejections.values_list("reason", flat=True))
    imported = Person.objects.get(agency=world.customs)
    assert identity_of(imported) == identity_of(known)
