"""Person records as agencies state them, and their normalised form for resolution.

``prepare`` never raises: a value that cannot be read (a malformed CNIC, an impossible date, a
name made of digits) is dropped and named in ``Prepared.problems``, and the record still resolves
on what is valid. This module needs no database and no Django settings, so the batch command and
the benchmarks can use it on a machine without a server.
"""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pycountry
from django.core.exceptions import ValidationError

from nncc.registry.identifiers import clean_cnic, clean_passport, clean_phone, clean_por_card
from nncc.resolution import names

#: Years outside this range are typing errors, not birth years of living suspects.
FIRST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class PersonRecord:
    """A raw statement about a person, as an agency gave it."""

    record_id: str
    source: str = ""
    full_name: str = ""
    father_name: str = ""
    date_of_birth: str = ""  # "YYYY-MM-DD", "YYYY" or ""
    sex: str = ""
    nationality: str = ""
    district: str = ""
    cnics: tuple[str, ...] = ()
    passports: tuple[str, ...] = ()
    pors: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameForm:
    """A name as canonical Latin tokens with their phonetic keys (same order, same length)."""

    tokens: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()

    @property
    def sorted_text(self) -> str:
        """Order-insensitive exact form ("khan muhammad asif" → "asif khan muhammad")."""
        return " ".join(sorted(self.tokens))

    def __bool__(self) -> bool:
        return bool(self.tokens)


@dataclass(frozen=True)
class Prepared:
    """A record with every field normalised; what could not be read is listed in ``problems``."""

    record_id: str
    source: str = ""
    name: NameForm = field(default_factory=NameForm)
    father: NameForm = field(default_factory=NameForm)
    #: the husband's name from "w/o"; kept apart so it is never compared with a father's name
    spouse: NameForm = field(default_factory=NameForm)
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    sex: str = ""  # "M" | "F" | ""
    nationality: str = ""  # ISO 3166 alpha-2
    district: str = ""  # district code where known, else the casefolded name
    cnics: tuple[str, ...] = ()  # 13 digits, no dashes
    passports: tuple[str, ...] = ()
    pors: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # E.164
    problems: tuple[str, ...] = ()

    @property
    def birth_date(self) -> str:
        if self.birth_year is None:
            return ""
        if self.birth_month is None or self.birth_day is None:
            return f"{self.birth_year:04d}"
        return f"{self.birth_year:04d}-{self.birth_month:02d}-{self.birth_day:02d}"

    @property
    def strong_ids(self) -> dict[str, set[str]]:
        """The identity documents, by kind (``clustering`` keeps its hard kinds apart)."""
        return {"cnic": set(self.cnics), "passport": set(self.passports), "por": set(self.pors)}


def prepare(record: PersonRecord) -> Prepared:
    """Normalise every field of ``record``; invalid values are dropped and reported."""
    problems: list[str] = []
    name, father, spouse = _names(record, problems)
    year, month, day = _birth(record.date_of_birth, problems)
    return Prepared(
        record_id=str(record.record_id),
        source=_text(record.source),
        name=name,
        father=father,
        spouse=spouse,
        birth_year=year,
        birth_month=month,
        birth_day=day,
        sex=_sex(record.sex, problems),
        nationality=_nationality(record.nationality, problems),
        district=_district(record.district),
        cnics=_identifiers(record.cnics, _cnic_digits, "CNIC", problems),
        passports=_identifiers(record.passports, clean_passport, "passport", problems),
        pors=_identifiers(record.pors, clean_por_card, "PoR card", problems),
        phones=_identifiers(record.phones, _phone, "phone", problems),
        problems=tuple(problems),
    )


def _text(value: object) -> str:
    return " ".join(str(value or "").split())


def _names(record: PersonRecord, problems: list[str]) -> tuple[NameForm, NameForm, NameForm]:
    full = _parse(_text(record.full_name)) if _text(record.full_name) else _EMPTY
    problems.extend(f"full_name: {problem}" for problem in full.problems)
    name = _form(full.tokens)
    father = NameForm()
    spouse = NameForm()
    relative = _form(full.father_tokens)
    if full.relation == "w/o":
        spouse = relative
    else:
        father = relative
    if _text(record.father_name):
        parsed = _parse(_text(record.father_name))
        problems.extend(f"father_name: {problem}" for problem in parsed.problems)
        # The father's own field wins over an "s/o" inside the full name; both name the father.
        if parsed.tokens:
            father = _form(parsed.tokens)
    return name, father, spouse


_EMPTY = names.ParsedName(
    tokens=(), father_tokens=(), relation="", honorifics=(), script="", problems=()
)


@lru_cache(maxsize=200_000)
def _parse(text: str) -> names.ParsedName:
    try:
        return names.parse_name(text)
    except Exception as exc:  # the contract is "never raise"; a parser bug must not stop a batch
        return names.ParsedName(
            tokens=(),
            father_tokens=(),
            relation="",
            honorifics=(),
            script="",
            problems=(f"unreadable name ({type(exc).__name__})",),
        )


@lru_cache(maxsize=100_000)
def phonetic(token: str) -> str:
    return names.phonetic_key(token) or token


def _form(tokens: tuple[str, ...]) -> NameForm:
    tokens = tuple(token for token in tokens if token)
    return NameForm(tokens=tokens, keys=tuple(phonetic(token) for token in tokens))


_FULL_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _birth(value: str, problems: list[str]) -> tuple[int | None, int | None, int | None]:
    text = _text(value)
    if not text:
        return None, None, None
    if re.fullmatch(r"\d{4}", text):
        year, month, day = int(text), None, None
    elif match := _FULL_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        problems.append(f"date_of_birth: “{text}” is not YYYY-MM-DD or YYYY")
        return None, None, None
    if not FIRST_BIRTH_YEAR <= year <= datetime.date.today().year:
        problems.append(f"date_of_birth: year {year} is impossible")
        return None, None, None
    if month is not None and day is not None and month > 12 >= day:
        # "1995-19-11": the day and the month were typed the other way round.
        problems.append(f"date_of_birth: “{text}” read as year-day-month")
        month, day = day, month
    if month is not None and day is not None:
        try:
            datetime.date(year, month, day)
        except ValueError:
            # The year alone is still evidence; the impossible day and month are dropped.
            problems.append(f"date_of_birth: “{text}” is not a calendar date; year kept")
            return year, None, None
    return year, month, day


_SEXES = {"m": "M", "male": "M", "f": "F", "female": "F"}


def _sex(value: str, problems: list[str]) -> str:
    text = _text(value).casefold()
    if not text:
        return ""
    if text in _SEXES:
        return _SEXES[text]
    problems.append(f"sex: “{value}” is not M or F")
    return ""


@lru_cache(maxsize=1)
def _alpha3_to_alpha2() -> dict[str, str]:
    return {country.alpha_3: country.alpha_2 for country in pycountry.countries}


def _nationality(value: str, problems: list[str]) -> str:
    text = _text(value).upper()
    if not text:
        return ""
    codes = _alpha3_to_alpha2()
    if text in codes.values():
        return text
    if text in codes:
        return codes[text]
    problems.append(f"nationality: “{value}” is not an ISO 3166 country code")
    return ""


@lru_cache(maxsize=1)
def _district_codes() -> dict[str, str]:
    data = resources.files("nncc.reference").joinpath("data", "districts.csv")
    lookup: dict[str, str] = {}
    with data.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lookup[row["code"].casefold()] = row["code"]
            lookup.setdefault(row["name"].casefold(), row["code"])
    return lookup


def _district(value: str) -> str:
    # An unknown district is still comparable as text; it is not a problem of the record.
    text = unicodedata.normalize("NFKC", _text(value)).casefold()
    return _district_codes().get(text, text)


def _cnic_digits(value: str) -> str:
    return clean_cnic(value).replace("-", "")


def _phone(value: str) -> str:
    return clean_phone(value)


def _identifiers(
    values: Iterable[object], cleaner: Callable[[str], str], label: str, problems: list[str]
) -> tuple[str, ...]:
    cleaned: list[str] = []
    for value in values:
        text = _text(value)
        if not text:
            continue
        try:
            normalised = cleaner(text)
        except ValidationError:
            problems.append(f"{label}: “{text}” is not valid; dropped")
            continue
        if normalised not in cleaned:
            cleaned.append(normalised)
    return tuple(cleaned)
