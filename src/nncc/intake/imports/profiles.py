"""Per-agency column-mapping profiles: each agency's own headers and value codes onto nncc's.

A profile says "our column ``FIR No`` is your ``agency_record_id``" (``column_map``) and "in
``drug``, our ``HSH`` means your ``hashish``" (``value_map``). Headers and values are matched
without regard to case or spacing (``parsing.column_key`` for headers, ``value_key`` for values).

``apply_profile`` maps rows; a header that is neither mapped nor already an nncc column is left
out of the mapped row (``unmapped_headers`` lists them, for a preview). A mapped value that is
still not acceptable is left for the row readers to reject with their usual message.
``check_profile`` validates a profile before it is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from nncc.intake.imports.parsing import Row, column_key
from nncc.intake.models import ImportProfile, ImportRecordType
from nncc.intake.validators import clean_unit, resolve_drug
from nncc.intake.vocabularies import (
    CHARGE_CHOICES,
    ArrestRole,
    OffenceCategory,
    PlaceType,
    TransportMode,
)
from nncc.kernel.access import own_agency_only
from nncc.reference.models import District
from nncc.reference.validators import validate_country, validate_province
from nncc.registry.models import Sex

#: bounds on a profile, so a stored profile stays a small thing to read and apply
MAX_COLUMN_ENTRIES = 500
MAX_VALUE_ENTRIES = 2_000
MAX_TEXT = 200

Problems = list[tuple[str, str]]


def value_key(value: str) -> str:
    return " ".join(value.casefold().split())


def columns_for(record_type: str) -> tuple[str, ...]:
    """The nncc columns of a record type's rows, in the order of its template."""
    if record_type == ImportRecordType.ARREST:
        from nncc.intake.imports.arrests import ARREST_COLUMNS

        return ARREST_COLUMNS
    from nncc.intake.imports.rows import COLUMNS

    return COLUMNS


# --- selectors ------------------------------------------------------------------------------


def profiles_visible_to(user: Any) -> QuerySet[ImportProfile]:
    """An agency's profiles are its own: its users read them, nobody else (the centre neither;
    they describe an agency's systems, not records)."""
    return own_agency_only(ImportProfile.objects.select_related("agency"), user)


def access_profile(user: Any, pk: Any) -> ImportProfile:
    """One profile of the user's agency, or 404 (missing and another agency's alike)."""
    try:
        return profiles_visible_to(user).get(pk=pk)
    except (ImportProfile.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such record.") from exc


# --- applying -------------------------------------------------------------------------------


class ProfileMapper:
    """Maps one row at a time (``map``); ``apply_profile`` maps a stream of them."""

    def __init__(self, profile: ImportProfile | None) -> None:
        column_map: dict[str, str] = dict(profile.column_map or {}) if profile else {}
        value_map: dict[str, dict[str, str]] = dict(profile.value_map or {}) if profile else {}
        if profile is not None:
            known = set(columns_for(profile.record_type))
        else:
            known = set(columns_for(ImportRecordType.SEIZURE))
            known |= set(columns_for(ImportRecordType.ARREST))
        self.known = frozenset(known)
        self.columns = {
            column_key(str(theirs)): column_key(str(ours)) for theirs, ours in column_map.items()
        }
        self.values = {
            column_key(str(column)): {
                value_key(str(theirs)): str(ours) for theirs, ours in mapping.items()
            }
            for column, mapping in value_map.items()
            if isinstance(mapping, dict)
        }
        # An empty code is the value for cells left empty or columns the file does not have, so
        # an agency whose exports never say "road" can still send rows that need a place type.
        self.defaults = {column: codes[""] for column, codes in self.values.items() if "" in codes}
        self._targets: dict[str, str | None] = {}

    def target(self, header: str) -> str | None:
        """The nncc column a header goes to, or None if it is not used."""
        found = self._targets.get(header, "")
        if found == "":
            key = column_key(header)
            found = self.columns.get(key) or (key if key in self.known else None)
            self._targets[header] = found
        return found

    def map(self, row: Row) -> Row:
        if row.error:
            return row
        mapped: dict[str, str] = {}
        source: dict[str, str] = {}
        for header, value in row.values.items():
            target = self.target(header)
            if target is None:
                continue
            codes = self.values.get(target)
            if codes:
                value = codes.get(value_key(value), value)
            if mapped.get(target) and value and mapped[target] != value:
                return Row(
                    row.number,
                    {},
                    f"The columns “{source[target]}” and “{header}” both give {target}, "
                    "with different values.",
                )
            if value or target not in mapped:
                mapped[target], source[target] = value, header
        for column, default in self.defaults.items():
            if not mapped.get(column):
                mapped[column] = default
        return Row(row.number, mapped)

    def unmapped(self, headers: Iterable[str]) -> list[str]:
        return [header for header in headers if header.strip() and self.target(header) is None]


def apply_profile(rows: Iterable[Row], profile: ImportProfile | None) -> Iterator[Row]:
    """Rows with nncc column names and values; one row out for every row in, same numbers.

    Without a profile, headers that are nncc columns (in any case or spacing) are kept.
    """
    mapper = ProfileMapper(profile)
    for row in rows:
        yield mapper.map(row)


def unmapped_headers(headers: Iterable[str], profile: ImportProfile | None) -> list[str]:
    """Headers of a file that the profile leaves out (to show in a preview)."""
    return ProfileMapper(profile).unmapped(headers)


# --- checking -------------------------------------------------------------------------------


def _choice(choices: Any, what: str, transform: Callable[[str], str] = str.lower) -> Any:
    def check(value: str) -> None:
        if transform(value.strip()) not in choices.values:
            raise ValidationError(
                f"“{value}” is not a {what}; use one of: {', '.join(choices.values)}."
            )

    return check


def _drug(value: str) -> None:
    resolve_drug(value)


def _unit(value: str) -> None:
    clean_unit(value.strip())


def _district(value: str) -> None:
    key = " ".join(value.split())
    if not District.objects.filter(code__iexact=key).exists() and not (
        District.objects.filter(name__iexact=key).exists()
    ):
        raise ValidationError(f"“{value}” is not a district code or name.")


def _charges(value: str) -> None:
    codes = {code for code, _ in CHARGE_CHOICES}
    unknown = [c for c in split_list(value) if c not in codes]
    if unknown:
        raise ValidationError(f"Unknown charge section(s): {', '.join(unknown)}.")


def split_list(value: str) -> list[str]:
    """A cell holding several values, separated by semicolons, commas or slashes."""
    for separator in (",", "/"):
        value = value.replace(separator, ";")
    return [part.strip() for part in value.split(";") if part.strip()]


#: validators of the value a vocabulary column's codes map to
VOCABULARIES: dict[str, Callable[[str], None]] = {
    "drug": _drug,
    "unit": _unit,
    "place_type": _choice(PlaceType, "place type"),
    "transport_mode": _choice(TransportMode, "transport mode"),
    "role": _choice(ArrestRole, "role"),
    "offence_category": _choice(OffenceCategory, "offence category"),
    "sex": _choice(Sex, "sex (M, F or U)", str.upper),
    "nationality": lambda value: validate_country(value.strip().upper()),
    "province": lambda value: validate_province(value.strip().upper()),
    "district": _district,
    "charges": _charges,
}


def _text_problem(field: str, text: Any, what: str) -> str | None:
    if not isinstance(text, str):
        return f"{what} must be text."
    if len(text) > MAX_TEXT:
        return f"{what} “{text[:40]}…” is longer than {MAX_TEXT} characters."
    return None


def check_profile(record_type: str, column_map: Any, value_map: Any) -> Problems:
    """Every problem of a profile as (field, message), field being ``record_type``,
    ``column_map`` or ``value_map``; an empty list when it may be saved."""
    if record_type not in ImportRecordType.values:
        return [("record_type", f"“{record_type}” is not a record type.")]
    columns = columns_for(record_type)
    problems = _check_columns(record_type, columns, column_map)
    problems += _check_values(record_type, columns, value_map)
    return problems


def _check_columns(record_type: str, columns: tuple[str, ...], column_map: Any) -> Problems:
    if not isinstance(column_map, dict):
        return [("column_map", "The column mapping must map headers to columns.")]
    if len(column_map) > MAX_COLUMN_ENTRIES:
        return [("column_map", f"At most {MAX_COLUMN_ENTRIES} headers can be mapped.")]
    problems: Problems = []
    seen: dict[str, str] = {}
    for theirs, ours in column_map.items():
        for text, what in ((theirs, "A header"), (ours, "A column")):
            problem = _text_problem("column_map", text, what)
            if problem:
                problems.append(("column_map", problem))
        if not isinstance(theirs, str) or not isinstance(ours, str):
            continue
        key = column_key(theirs)
        if not key:
            problems.append(("column_map", f"Give your header for “{ours}”."))
            continue
        if key in seen:
            problems.append(
                (
                    "column_map",
                    f"“{seen[key]}” and “{theirs}” are the same header "
                    "(case and spaces do not count).",
                )
            )
        seen[key] = theirs
        if column_key(ours) not in columns:
            problems.append(
                (
                    "column_map",
                    f"“{ours}” is not a column of {record_type} rows; "
                    f"use one of: {', '.join(columns)}.",
                )
            )
    return problems


def _check_values(record_type: str, columns: tuple[str, ...], value_map: Any) -> Problems:
    if not isinstance(value_map, dict):
        return [("value_map", "The value mapping must map columns to their codes.")]
    problems: Problems = []
    entries = 0
    for column, codes in value_map.items():
        problem = _text_problem("value_map", column, "A column")
        if problem:
            problems.append(("value_map", problem))
            continue
        target = column_key(column)
        if target not in columns:
            problems.append(("value_map", f"“{column}” is not a column of {record_type} rows."))
            continue
        if not isinstance(codes, dict):
            problems.append(("value_map", f"The codes of “{column}” must map values to values."))
            continue
        entries += len(codes)
        if entries > MAX_VALUE_ENTRIES:
            return [("value_map", f"At most {MAX_VALUE_ENTRIES} codes can be mapped.")]
        problems += _check_codes(target, codes)
    return problems


def _check_codes(column: str, codes: dict[Any, Any]) -> Problems:
    problems: Problems = []
    seen: dict[str, str] = {}
    validator = VOCABULARIES.get(column)
    for theirs, ours in codes.items():
        bad = [
            p
            for p in (
                _text_problem("value_map", theirs, "A code"),
                _text_problem("value_map", ours, "A value"),
            )
            if p
        ]
        if bad:
            problems += [("value_map", p) for p in bad]
            continue
        key = value_key(theirs)
        if key in seen:
            problems.append(
                ("value_map", f"{column}: “{seen[key]}” and “{theirs}” are the same code.")
            )
        seen[key] = theirs
        if validator is None:
            continue
        if not ours.strip():
            problems.append(("value_map", f"{column}: give the value “{theirs}” stands for."))
            continue
        try:
            validator(ours)
        except ValidationError as exc:
            problems += [("value_map", f"{column}: {message}") for message in exc.messages]
    return problems
