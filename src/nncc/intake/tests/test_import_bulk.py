"""The bulk import's own field checks answer exactly as ``full_clean`` does."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Model

from nncc.intake.imports.bulk import check_fields
from nncc.intake.models import Arrest, SeizureEvent
from nncc.kernel.models import HandlingCode
from nncc.registry.models import Person, Sex

MOMENT = datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC)


def _person(**values: Any) -> Person:
    fields = {"agency_id": 1, "name_latin": "Gul Khan", "nationality": "PK"}
    return Person(**{**fields, **values})


def _event(**values: Any) -> SeizureEvent:
    fields = {
        "agency_id": 1,
        "district_id": 1,
        "agency_record_id": "FIR-1",
        "occurred_at": MOMENT,
        "province": "PK-BA",
        "place_type": "road",
        "transport_mode": "car",
    }
    return SeizureEvent(**{**fields, **values})


def _arrest(**values: Any) -> Arrest:
    fields = {
        "agency_id": 1,
        "person_id": 1,
        "district_id": 1,
        "arrested_on": datetime.date(2025, 3, 1),
        "province": "PK-BA",
        "nationality_at_arrest": "AF",
        "charges": ["9(c)"],
    }
    return Arrest(**{**fields, **values})


def _django_says(record: Model) -> dict[str, list[str]] | None:
    relations = [f.name for f in record._meta.concrete_fields if f.is_relation]
    try:
        record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return exc.message_dict
    return None


def _bulk_says(record: Model) -> dict[str, list[str]] | None:
    try:
        check_fields(record)
    except ValidationError as exc:
        return exc.message_dict
    return None


RECORDS = [
    _person(),
    _person(sex=Sex.MALE, handling_code=list(HandlingCode)[-1]),
    _person(name_latin="x" * 201),
    _person(name_latin="x" * 200, alias="y" * 200),
    _person(sex="Q"),
    _person(nationality="XX"),
    _person(source_payload={"import_row": {"cnic": "35202-1234567-1"}}),
    _person(source_payload={"weight": Decimal("1.5")}),  # not JSON: refused
    _person(source_payload={"rows": [1, 2.5, True, None, {"a": "b"}]}),
    _person(birth_year=1985),
    _person(date_of_birth=datetime.date(1980, 1, 2)),
    _event(),
    _event(agency_record_id=""),
    _event(agency_record_id="F" * 81),
    _event(place="p" * 201),
    _event(place_type="river"),
    _event(occurred_at=datetime.datetime(2025, 3, 1, 9, 30)),  # naive
    _event(latitude=Decimal("91")),
    _event(summary="a long story " * 500),
    _arrest(),
    _arrest(role="kingpin"),
    _arrest(charges=[]),
    _arrest(charges={"9(c)"}),  # a set is no JSON
    _arrest(arrested_on=MOMENT),  # a moment where a day belongs
]


@pytest.mark.parametrize("record", RECORDS, ids=range(len(RECORDS)))
def test_check_fields_answers_as_full_clean(record: Model) -> None:
    assert _bulk_says(record) == _django_says(record)


def test_the_examples_hold_refusals_and_passes() -> None:
    answers = [_django_says(record) for record in RECORDS]
    assert sum(answer is None for answer in answers) >= 8
    assert sum(answer is not None for answer in answers) >= 8
