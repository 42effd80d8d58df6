"""Eradication services: fields of poppy and cannabis cleared by an agency."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from factories import EradicationRecordFactory, district, eradication_data

from nncc.eradication.models import EradicationRecord
from nncc.eradication.services import eradication_delete, eradication_record, eradication_update
from nncc.kernel.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_clearance_is_recorded_shared_by_default(anf: Any, anf_officer: Any):
    record = eradication_record(acting_user=anf_officer, data=eradication_data())
    assert (record.agency, record.created_by, record.handling_code) == (anf, anf_officer, "shared")
    assert record.acres == Decimal("12.50")
    assert record.hectares == Decimal("5.06")


@pytest.mark.parametrize("acres", ["0", "-3", "100000.01", "many", "NaN"])
def test_acres_must_be_a_plausible_area(anf_officer: Any, acres: str):
    with pytest.raises(ValidationError) as caught:
        eradication_record(acting_user=anf_officer, data=eradication_data(acres=acres))
    assert "acres" in caught.value.message_dict
    assert not EradicationRecord.objects.exists() and not AuditEntry.objects.exists()


def test_every_problem_is_reported_at_once(anf_officer: Any):
    data = eradication_data(
        agency_record_id="",
        cleared_on=datetime.date.today() + datetime.timedelta(days=3),
        district=district("PK-BA"),
        crop="tobacco",
        handling_code="secret",
    )
    with pytest.raises(ValidationError) as caught:
        eradication_record(acting_user=anf_officer, data=data)
    assert set(caught.value.message_dict) >= {
        "agency_record_id",
        "cleared_on",
        "district",
        "crop",
        "handling_code",
    }


def test_record_ids_are_unique_within_an_agency(anf_officer: Any, customs_officer: Any):
    eradication_record(acting_user=anf_officer, data=eradication_data(agency_record_id="E-1"))
    with pytest.raises(ValidationError):
        eradication_record(acting_user=anf_officer, data=eradication_data(agency_record_id="E-1"))
    eradication_record(acting_user=customs_officer, data=eradication_data(agency_record_id="E-1"))


def test_an_update_keeps_its_own_record_id(anf: Any, anf_officer: Any):
    record = EradicationRecordFactory(agency=anf)
    data = eradication_data(agency_record_id=record.agency_record_id, acres="30")
    eradication_update(acting_user=anf_officer, record=record, data=data)
    record.refresh_from_db()
    assert record.acres == Decimal("30")


@pytest.mark.parametrize("user", ["anf_analyst", "customs_officer", "centre_analyst"])
def test_who_may_not_write_is_refused(user: str, request: Any, anf: Any):
    actor = request.getfixturevalue(user)
    record = EradicationRecordFactory(agency=anf, handling_code="shared", acres=Decimal("5"))
    with pytest.raises(PermissionDenied):
        eradication_update(
            acting_user=actor,
            record=record,
            data=eradication_data(agency_record_id=record.agency_record_id, acres="50"),
        )
    with pytest.raises(PermissionDenied):
        eradication_delete(acting_user=actor, record=record)
    record.refresh_from_db()
    assert record.acres == Decimal("5")


def test_a_supervisor_deletes(anf: Any, anf_officer: Any, anf_supervisor: Any):
    record = EradicationRecordFactory(agency=anf)
    with pytest.raises(PermissionDenied):
        eradication_delete(acting_user=anf_officer, record=record)
    eradication_delete(acting_user=anf_supervisor, record=record)
    assert not EradicationRecord.objects.exists()
