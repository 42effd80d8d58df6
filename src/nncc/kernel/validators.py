"""Validators shared by forms, the API, imports and services."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

#: the earliest date an event (seizure, arrest, eradication) may carry
EARLIEST_EVENT_DATE = datetime.date(1980, 1, 1)
#: the earliest date of birth accepted
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def validate_not_future(
    value: datetime.date | datetime.datetime, earliest: datetime.date = EARLIEST_EVENT_DATE
) -> None:
    now = timezone.now()
    if isinstance(value, datetime.datetime):
        if value > now + datetime.timedelta(minutes=5):
            raise ValidationError("The date and time cannot be in the future.")
        value = value.date()
    elif value > timezone.localdate(now):
        raise ValidationError("The date cannot be in the future.")
    if value < earliest:
        raise ValidationError(f"The date cannot be before {earliest:%Y}.")


def validate_birth_date(value: datetime.date) -> None:
    validate_not_future(value, earliest=EARLIEST_BIRTH_DATE)
