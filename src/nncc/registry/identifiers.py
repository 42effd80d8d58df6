"""Cleaning and validating identifiers: CNIC, passports, PoR cards, phone numbers.

Each ``clean_*`` returns the normalised value or raises ``ValidationError`` with a message a
field officer understands. Forms, the API, imports and services all call these.
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from django.core.exceptions import ValidationError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pk import cnic

_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
_POR = re.compile(r"^[A-Z0-9]{6,20}$")


# The cleaners below are pure functions of their text, so each distinct text is cleaned once
# (a bulk import checks thousands, and names the same person's numbers again and again); a
# refusal is not remembered and is raised afresh, with the same message, every time.


@functools.lru_cache(maxsize=8192)
def clean_cnic(value: str) -> str:
    """A CNIC as 13 digits, printed form ``XXXXX-XXXXXXX-X``; only the structure can be checked."""
    try:
        # Officers type CNICs with dashes, spaces or dots between the groups.
        return cnic.format(cnic.validate(re.sub(r"[\s.]", "", value)))
    except StdnumError as exc:
        raise ValidationError(
            f"“{value}” is not a valid CNIC: 13 digits, printed as 12345-1234567-1."
        ) from exc


def clean_passport(value: str) -> str:
    compact = re.sub(r"[\s-]", "", value).upper()
    if not _PASSPORT.match(compact):
        raise ValidationError(f"“{value}” is not a passport number (5–20 letters and digits).")
    return compact


def clean_por_card(value: str) -> str:
    compact = re.sub(r"[\s-]", "", value).upper()
    if not _POR.match(compact):
        raise ValidationError(f"“{value}” is not a Proof-of-Registration card number.")
    return compact


def clean_other_identifier(value: str) -> str:
    compact = value.strip()
    if not compact or len(compact) > 40:
        raise ValidationError("An identifier needs 1–40 characters.")
    return compact


CLEANERS = {
    "cnic": clean_cnic,
    "nicop": clean_cnic,  # NICOPs carry the same 13-digit number
    "passport": clean_passport,
    "por": clean_por_card,
    "tazkira": clean_other_identifier,
    "other": clean_other_identifier,
}


def clean_identifier(kind: str, value: str) -> str:
    cleaner = CLEANERS.get(kind)
    if cleaner is None:
        raise ValidationError(f"Unknown identifier kind “{kind}”.")
    return cleaner(value)


@functools.lru_cache(maxsize=8192)
def clean_phone(value: str, default_region: str = "PK") -> str:
    """A phone number in E.164; national numbers are read as Pakistani."""
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(f"“{value}” is not a phone number.") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(f"“{value}” is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
