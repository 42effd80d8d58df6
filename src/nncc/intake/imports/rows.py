"""One flat import row turned into the data the services take, with errors named by column.

The row gets its text turned into objects here (dates, districts, drugs), and every column is
checked in one pass with the validators the forms use, so a rejected row reports all its
problems at once rather than one per attempt. The services check everything again when the row
is written: a file is held to the same rules as the forms.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from nncc.intake.imports.parsing import column_key
from nncc.intake.services import DrugLineData, SeizureData
from nncc.intake.validators import clean_quantity, clean_unit
from nncc.intake.vocabularies import ArrestRole, PlaceType, TransportMode
from nncc.kernel.validators import validate_not_future
from nncc.reference.geography import countries, provinces
from nncc.reference.models import District, Drug, DrugTerm
from nncc.registry.identifiers import clean_cnic, clean_phone
from nncc.registry.models import IdentifierKind
from nncc.registry.services import IdentifierData, PersonData

#: the columns of a seizure row, in the order of the downloadable template
COLUMNS = (
    "agency_record_id",
    "occurred_at",
    "province",
    "district",
    "place_type",
    "transport_mode",
    "place",
    "drug",
    "quantity",
    "unit",
    "person_name",
    "person_name_urdu",
    "father_name",
    "cnic",
    "phone",
    "nationality",
    "role",
)
_COLUMN_SET = frozenset(COLUMNS)
_PERSON_COLUMNS = ("person_name", "person_name_urdu", "father_name", "cnic", "phone")
# Day first, as Pakistani agencies write dates; ISO 8601 is tried before these.
_DATE_FORMATS = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)

#: service error keys (full key, first or last segment) → the column the agency should fix
ERROR_COLUMNS = {
    "drug_lines": "drug",
    "reported_term": "drug",
    "quantity": "quantity",
    "unit": "unit",
    "name_latin": "person_name",
    "name_urdu": "person_name_urdu",
    "father_name_latin": "father_name",
    "identifiers": "cnic",
    "phones": "phone",
    "nationality_at_arrest": "nationality",
    "arrested_on": "occurred_at",
    "person": "person_name",
    "event": "agency_record_id",
}

Problems = list[tuple[str, str]]


class RowRejected(Exception):
    """A row refused, with (column, reason) for every problem found."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("; ".join(reason for _, reason in problems))
        self.problems = problems


def column_of(
    key: str, columns: tuple[str, ...] = COLUMNS, errors: dict[str, str] | None = None
) -> str:
    """The row column a service error key (``drug_lines.0.unit``) is about."""
    errors = ERROR_COLUMNS if errors is None else errors
    parts = key.split(".")
    for candidate in (key, parts[-1], parts[0]):
        if candidate in errors:
            return errors[candidate]
        if candidate in columns:
            return candidate
    return "" if key == "__all__" else key


_KEYS: dict[str, str] = {}


def normalised(values: dict[str, str]) -> dict[str, str]:
    """Row values keyed by ``column_key`` (a row that did not go through a profile)."""
    keyed: dict[str, str] = {}
    for name, value in values.items():
        key = _KEYS.get(name)
        if key is None:
            key = column_key(name)
            if len(_KEYS) < 10_000:  # the same few headers come on every row
                _KEYS[name] = key
        keyed[key] = value
    return keyed


def allowed(choices: Any) -> str:
    return ", ".join(choices.values)


class CellReader:
    """Reads cells into objects, collecting a (column, reason) for each cell that is wrong.

    The vocabularies (districts, drug terms, countries) are read once per import, not per row.
    """

    def __init__(self) -> None:
        self._by_code: dict[str, District] = {}
        self._by_name: dict[str, list[District]] = {}
        for district in District.objects.all():
            self._by_code[district.code.lower()] = district
            self._by_name.setdefault(district.name.lower(), []).append(district)
        drugs = {drug.pk: drug for drug in Drug.objects.all()}
        self._drug_names = {drug.name.lower(): drug for drug in drugs.values()}
        self._drug_terms = {
            term: drugs[drug_id] for term, drug_id in DrugTerm.objects.values_list("term", "drug")
        }
        self._zone = timezone.get_current_timezone()
        self._countries = frozenset(countries())
        self._provinces = frozenset(provinces())
        self._choices: dict[Any, frozenset[str]] = {}
        self.problems: Problems = []
        self._deferred: list[tuple[str, Callable[..., Any], tuple[Any, ...]]] = []

    def reset(self) -> None:
        self.problems = []
        self._deferred = []

    def add(self, column: str, reason: str) -> None:
        self.problems.append((column, reason))

    def check(self, column: str, validator: Callable[..., Any], *args: Any) -> Any:
        """The validator's answer, or None with its messages noted against ``column``."""
        try:
            return validator(*args)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(column, message)
            return None

    def defer(self, column: str, validator: Callable[..., Any], *args: Any) -> None:
        """Check later, and only if the row is rejected anyway.

        The services check identity numbers and phones again when the row is written, and
        these checks are the dearest of a row; a good row is checked once, by the services,
        and a rejected row still reports every problem at once.
        """
        self._deferred.append((column, validator, args))

    def raise_if_any(self) -> None:
        if self.problems:
            for column, validator, args in self._deferred:
                self.check(column, validator, *args)
            problems, self.problems, self._deferred = self.problems, [], []
            raise RowRejected(problems)
        self._deferred = []

    # -- cells ---------------------------------------------------------------------------

    def moment(self, column: str, text: str, *, required: bool = True) -> datetime.datetime | None:
        text = text.strip()
        if not text:
            if required:
                self.add(column, "Give the date (2025-03-01 14:30 or 01/03/2025).")
            return None
        value = parse_moment(text, self._zone)
        if value is None:
            self.add(column, f"“{text}” is not a date; write 2025-03-01 14:30 or 01/03/2025.")
            return None
        return value

    def day(self, column: str, text: str, *, required: bool = True) -> datetime.date | None:
        value = self.moment(column, text, required=required)
        return None if value is None else timezone.localdate(value)

    def not_future(self, column: str, value: datetime.date | datetime.datetime | None) -> None:
        if value is not None:
            self.check(column, validate_not_future, value)

    def province(self, text: str) -> str:
        code = text.strip().upper()
        if code and code not in self._provinces:
            self.add("province", f"“{text}” is not a province code (e.g. PK-BA, PK-SD).")
        return code

    def country(self, column: str, text: str, *, required: bool = False) -> str:
        code = text.strip().upper()
        if not code and required:
            self.add(column, "Give the nationality as an ISO country code (e.g. PK, AF).")
        elif code and code not in self._countries:
            self.add(column, f"“{text}” is not an ISO 3166 country code (e.g. PK, AF, IR).")
        return code

    def district(self, text: str, province: str) -> District | None:
        key = " ".join(text.split()).lower()
        if not key:
            self.add("district", "Give the district (code or name).")
            return None
        found = self._by_code.get(key)
        if found is None:
            named = self._by_name.get(key, [])
            if province:
                named = [d for d in named if d.province == province] or named
            if len(named) > 1:
                self.add("district", f"“{text}” names several districts; give the province.")
                return None
            if not named:
                self.add("district", f"“{text}” is not a district code or name.")
                return None
            found = named[0]
        if province and province in self._provinces and found.province != province:
            self.add("district", f"{found.name} is not in {province}.")
        return found

    def choice(self, column: str, text: str, choices: Any, what: str, default: str = "") -> str:
        allowed_values = self._choices.get(choices)
        if allowed_values is None:
            allowed_values = self._choices[choices] = frozenset(choices.values)
        value = text.strip().lower() or default
        if value not in allowed_values:
            self.add(column, f"“{text}” is not a {what}; use one of: {allowed(choices)}.")
        return value

    def drug(self, text: str) -> Drug | None:
        term = " ".join(text.split()).lower()
        if not term:
            self.add("drug", "Say how the drug was reported (e.g. charas).")
            return None
        found = self._drug_terms.get(term) or self._drug_names.get(term)
        if found is None:
            self.add("drug", f"“{text}” is not a known drug term; choose the UNODC drug it means.")
        return found

    def quantity(self, text: str, unit_text: str) -> tuple[Decimal | None, str | None]:
        unit = self.check("unit", clean_unit, unit_text.strip())
        quantity = self.check("quantity", clean_quantity, text.strip(), unit or "")
        return quantity, unit

    def cnic(self, column: str, text: str) -> str:
        if text.strip():
            self.defer(column, clean_cnic, text.strip())
        return text.strip()

    def phone(self, column: str, text: str) -> str:
        if text.strip():
            self.defer(column, clean_phone, text.strip())
        return text.strip()


def parse_moment(text: str, zone: Any = None) -> datetime.datetime | None:
    """A date or date and time as agencies write them, in ``zone`` (by default the centre's
    time zone, Asia/Karachi) if naive."""
    value: datetime.datetime | None = None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        for pattern in _DATE_FORMATS:
            try:
                value = datetime.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if value is None:
        return None
    if timezone.is_naive(value):
        try:
            value = timezone.make_aware(value, zone)
        except (ValueError, OverflowError):
            return None
    return value


@dataclass
class RowData:
    seizure: SeizureData
    person: PersonData | None
    role: str
    nationality: str

    @property
    def person_key(self) -> str:
        # One flat row names at most one person, so the seizure's id plus a suffix keys him.
        return f"{self.seizure.agency_record_id}#1"


class RowReader(CellReader):
    """Builds service data from seizure rows."""

    def build(self, values: dict[str, str]) -> RowData:
        self.reset()
        values = normalised(values)
        get = values.get
        record_id = (get("agency_record_id") or "").strip()
        if not record_id:
            self.add("agency_record_id", "Give your agency's record id (FIR or case number).")
        occurred_at = self.moment("occurred_at", get("occurred_at", ""))
        self.not_future("occurred_at", occurred_at)
        province = self.province(get("province") or "")
        district = self.district(get("district", ""), province)
        if district is not None and not province:
            province = district.province  # the district says which province it is in
        place_type = self.choice("place_type", get("place_type", ""), PlaceType, "place type")
        transport = self.choice(
            "transport_mode", get("transport_mode", ""), TransportMode, "transport mode"
        )
        drug = self.drug(get("drug", ""))
        quantity, unit = self.quantity(get("quantity", ""), get("unit", ""))
        person = self._person(values)
        role = nationality = ""
        if person is not None:
            nationality = self.country("nationality", get("nationality", ""), required=True)
            role = self.choice("role", get("role", ""), ArrestRole, "role", ArrestRole.OTHER)
        self.raise_if_any()
        assert occurred_at is not None and district is not None
        seizure = SeizureData(
            agency_record_id=record_id,
            occurred_at=occurred_at,
            province=province,
            district=district,
            place_type=place_type,
            transport_mode=transport,
            place=get("place", ""),
            drug_lines=[
                DrugLineData(
                    reported_term=get("drug", ""),
                    quantity=quantity,
                    unit=unit or "",
                    drug=drug,
                )
            ],
        )
        return RowData(seizure=seizure, person=person, role=role, nationality=nationality)

    def _person(self, values: dict[str, str]) -> PersonData | None:
        if not any((values.get(name) or "").strip() for name in _PERSON_COLUMNS):
            return None
        name_latin, name_urdu = values.get("person_name", ""), values.get("person_name_urdu", "")
        if not name_latin.strip() and not name_urdu.strip():
            self.add("person_name", "Give the person's name in Latin or Urdu script.")
        cnic = self.cnic("cnic", values.get("cnic", ""))
        phone = self.phone("phone", values.get("phone", ""))
        return PersonData(
            name_latin=name_latin,
            name_urdu=name_urdu,
            father_name_latin=values.get("father_name", ""),
            nationality=(values.get("nationality") or "").strip().upper(),
            identifiers=[IdentifierData(kind=IdentifierKind.CNIC, value=cnic)] if cnic else [],
            phones=[phone] if phone else [],
            # Provenance: the row as the agency sent it, for entity resolution later.
            source_payload={"import_row": {k: v for k, v in values.items() if k in _COLUMN_SET}},
        )
