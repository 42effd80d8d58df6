"""One flat import row turned into the data the services take, with errors named by column.

The row only gets its text turned into objects here (dates, districts); every rule about what a
valid seizure, person or arrest is stays in the services, so a file is held to the same rules as
the forms.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from nncc.intake.services import DrugLineData, SeizureData
from nncc.intake.vocabularies import ArrestRole
from nncc.reference.models import District
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
_PERSON_COLUMNS = ("person_name", "person_name_urdu", "father_name", "cnic", "phone")
# Day first, as Pakistani agencies write dates; ISO 8601 is tried before these.
_DATE_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y")

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


class RowRejected(Exception):
    """A row refused, with (column, reason) for every problem found."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(reason for _, reason in problems))
        self.problems = problems


def column_of(key: str) -> str:
    parts = key.split(".")
    for candidate in (key, parts[-1], parts[0]):
        if candidate in ERROR_COLUMNS:
            return ERROR_COLUMNS[candidate]
        if candidate in COLUMNS:
            return candidate
    return "" if key == "__all__" else key


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


class RowReader:
    """Builds service data from rows; the district list is read once per import, not per row."""

    def __init__(self) -> None:
        self._by_code: dict[str, District] = {}
        self._by_name: dict[str, list[District]] = {}
        for district in District.objects.all():
            self._by_code[district.code.lower()] = district
            self._by_name.setdefault(district.name.lower(), []).append(district)

    def build(self, values: dict[str, str]) -> RowData:
        problems: list[tuple[str, str]] = []
        get = values.get
        occurred_at = self._when(get("occurred_at", ""), problems)
        province = (get("province") or "").upper()
        district = self._district(get("district", ""), province, problems)
        if district is not None and not province:
            province = district.province  # the district says which province it is in
        if problems:
            raise RowRejected(problems)
        assert occurred_at is not None and district is not None
        seizure = SeizureData(
            agency_record_id=get("agency_record_id", ""),
            occurred_at=occurred_at,
            province=province,
            district=district,
            place_type=(get("place_type") or "").lower(),
            transport_mode=(get("transport_mode") or "").lower(),
            place=get("place", ""),
            drug_lines=[
                DrugLineData(
                    reported_term=get("drug", ""),
                    quantity=get("quantity", ""),
                    unit=get("unit", ""),
                )
            ],
        )
        nationality = (get("nationality") or "").upper()
        return RowData(
            seizure=seizure,
            person=self._person(values, nationality),
            role=(get("role") or ArrestRole.OTHER).lower(),
            nationality=nationality,
        )

    def _person(self, values: dict[str, str], nationality: str) -> PersonData | None:
        if not any(values.get(name) for name in _PERSON_COLUMNS):
            return None
        cnic, phone = values.get("cnic", ""), values.get("phone", "")
        return PersonData(
            name_latin=values.get("person_name", ""),
            name_urdu=values.get("person_name_urdu", ""),
            father_name_latin=values.get("father_name", ""),
            nationality=nationality,
            identifiers=[IdentifierData(kind=IdentifierKind.CNIC, value=cnic)] if cnic else [],
            phones=[phone] if phone else [],
            # Provenance: the row as the agency sent it, for entity resolution later.
            source_payload={"import_row": {k: v for k, v in values.items() if k in COLUMNS}},
        )

    @staticmethod
    def _when(text: str, problems: list[tuple[str, str]]) -> datetime.datetime | None:
        value: Any = None
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
            problems.append(
                ("occurred_at", f"“{text}” is not a date; write 2025-03-01 14:30 or 01/03/2025.")
            )
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value)  # the centre's time zone, Asia/Karachi
        return value

    def _district(
        self, text: str, province: str, problems: list[tuple[str, str]]
    ) -> District | None:
        key = " ".join(text.split()).lower()
        found = self._by_code.get(key)
        if found is not None:
            return found
        named = self._by_name.get(key, [])
        if province:
            named = [d for d in named if d.province == province] or named
        if len(named) == 1:
            return named[0]
        if named:
            problems.append(("district", f"“{text}” names several districts; give the province."))
        else:
            problems.append(("district", f"“{text}” is not a district code or name."))
        return None
