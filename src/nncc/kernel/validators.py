"""Validators shared by forms, the API, imports and services."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from nncc.reference.geography import countries, provinces

EARLIEST_DATE = datetime.date(1980, 1, 1)


def validate_not_future(value: datetime.date | datetime.datetime) -> None:
    now = timezone.now()
    if isinstance(value, datetime.datetime):
        if value > now + datetime.timedelta(minutes=5):
            raise ValidationError("The date and time cannot be in the future.")
        value = value.date()
    elif value > timezone.localdate(now):
        raise ValidationError("The date cannot be in the future.")
    if value < EARLIEST_DATE:
        raise ValidationError(f"The date cannot be before {EARLIEST_DATE:%Y}.")


def validate_country(code: str) -> None:
    if code not in countries():
        raise ValidationError(f"“{code}” is not an ISO 3166 country code (e.g. PK, AF, IR).")


def validate_province(code: str) -> None:
    if code not in provinces():
        raise ValidationError(f"“{code}” is not a province code (e.g. PK-BA, PK-SD).")
