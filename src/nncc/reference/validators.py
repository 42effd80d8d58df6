"""Validators of the shared vocabularies: countries and provinces."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from nncc.reference.geography import countries, provinces


def validate_country(code: str) -> None:
    if code not in countries():
        raise ValidationError(f"“{code}” is not an ISO 3166 country code (e.g. PK, AF, IR).")


def validate_province(code: str) -> None:
    if code not in provinces():
        raise ValidationError(f"“{code}” is not a province code (e.g. PK-BA, PK-SD).")
