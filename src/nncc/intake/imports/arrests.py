"""Arrest rows: one arrest with the arrested person, optionally in one of the agency's seizures.

The arrest's own record id is the key: a new id is created, a known one updated (audited with
before/after) only where the row differs, else left unchanged. The person is an agency person
record keyed by the row's ``person_record_id`` (so several arrests of one man name one person),
else by the arrest's id with ``#person``; the row as sent is kept as his provenance. Rows go
through the same services as the forms (``arrest_record``/``arrest_update``,
``person_record``/``person_update``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from nncc.intake.imports.profiles import split_list
from nncc.intake.imports.rows import CellReader, RowRejected, column_of, normalised
from nncc.intake.imports.service import problems_of
from nncc.intake.imports.writing import Outcome, _changed, keep_person_extras
from nncc.intake.models import Arrest, SeizureEvent
from nncc.intake.services import ArrestData, arrest_record, arrest_update
from nncc.intake.vocabularies import CHARGE_CHOICES, ArrestRole, OffenceCategory
from nncc.kernel.audit import snapshot
from nncc.kernel.validators import validate_birth_date
from nncc.reference.models import District
from nncc.registry.identifiers import clean_passport
from nncc.registry.models import IdentifierKind, Person, Sex
from nncc.registry.services import IdentifierData, PersonData, person_record, person_update
from nncc.registry.services.persons import person_snapshot

#: the columns of an arrest row, in the order of the downloadable template
ARREST_COLUMNS = (
    "agency_record_id",
    "arrested_on",
    "province",
    "district",
    "nationality",
    "role",
    "charges",
    "offence_category",
    "seizure_record_id",
    "person_record_id",
    "person_name",
    "person_name_urdu",
    "father_name",
    "father_name_urdu",
    "sex",
    "date_of_birth",
    "cnic",
    "passport",
    "phone",
)
_ARREST_COLUMN_SET = frozenset(ARREST_COLUMNS)
_CARRIED_KINDS = (IdentifierKind.CNIC, IdentifierKind.PASSPORT)
_CHARGE_CODES = {code.casefold(): code for code, _ in CHARGE_CHOICES}

#: service error keys → the arrest column the agency should fix
ARREST_ERROR_COLUMNS = {
    "arrested_on": "arrested_on",
    "nationality_at_arrest": "nationality",
    "nationality": "nationality",
    "event": "seizure_record_id",
    "person": "person_name",
    "name_latin": "person_name",
    "name_urdu": "person_name_urdu",
    "father_name_latin": "father_name",
    "identifiers": "cnic",
    "phones": "phone",
    "agency_record_id": "agency_record_id",
}


def arrest_column_of(key: str) -> str:
    return column_of(key, ARREST_COLUMNS, ARREST_ERROR_COLUMNS)


@dataclass
class ArrestRowData:
    agency_record_id: str
    arrested_on: datetime.date
    province: str
    district: District
    nationality: str
    person: PersonData
    person_key: str
    role: str = ArrestRole.OTHER
    charges: list[str] = field(default_factory=list)
    offence_category: str = OffenceCategory.NARCOTICS
    seizure_record_id: str = ""


class ArrestRowReader(CellReader):
    """Builds the data of one arrest row, reporting every faulty column at once."""

    def build(self, values: dict[str, str]) -> ArrestRowData:
        self.reset()
        values = normalised(values)
        get = values.get
        record_id = (get("agency_record_id") or "").strip()
        if not record_id:
            self.add("agency_record_id", "Give your agency's id of the arrest.")
        arrested_on = self.day("arrested_on", get("arrested_on", ""))
        self.not_future("arrested_on", arrested_on)
        province = self.province(get("province") or "")
        district = self.district(get("district", ""), province)
        if district is not None and not province:
            province = district.province
        nationality = self.country("nationality", get("nationality", ""), required=True)
        role = self.choice("role", get("role", ""), ArrestRole, "role", ArrestRole.OTHER)
        category = self.choice(
            "offence_category",
            get("offence_category", ""),
            OffenceCategory,
            "offence category",
            OffenceCategory.NARCOTICS,
        )
        charges = self._charges(get("charges", ""))
        person = self._person(values, nationality)
        self.raise_if_any()
        assert arrested_on is not None and district is not None
        person_key = (get("person_record_id") or "").strip() or f"{record_id}#person"
        return ArrestRowData(
            agency_record_id=record_id,
            arrested_on=arrested_on,
            province=province,
            district=district,
            nationality=nationality,
            person=person,
            person_key=person_key[:80],
            role=role,
            charges=charges,
            offence_category=category,
            seizure_record_id=(get("seizure_record_id") or "").strip(),
        )

    def _charges(self, text: str) -> list[str]:
        charges: list[str] = []
        for part in split_list(text):
            code = _CHARGE_CODES.get(part.casefold().removeprefix("s.").strip())
            if code is None:
                self.add("charges", f"“{part}” is not a charge section (e.g. 9(c), 6, FA-14).")
            else:
                charges.append(code)
        return charges

    def _person(self, values: dict[str, str], nationality: str) -> PersonData:
        get = values.get
        name_latin, name_urdu = get("person_name", ""), get("person_name_urdu", "")
        if not name_latin.strip() and not name_urdu.strip():
            self.add("person_name", "Give the person's name in Latin or Urdu script.")
        sex = (get("sex") or "").strip().upper() or Sex.UNKNOWN
        if sex not in Sex.values:
            self.add("sex", f"“{get('sex')}” is not M, F or U.")
        born = self.day("date_of_birth", get("date_of_birth", ""), required=False)
        if born is not None:
            self.check("date_of_birth", validate_birth_date, born)
        identifiers: list[IdentifierData] = []
        cnic = self.cnic("cnic", get("cnic", ""))
        if cnic:
            identifiers.append(IdentifierData(kind=IdentifierKind.CNIC, value=cnic))
        passport = (get("passport") or "").strip()
        if passport:
            self.defer("passport", clean_passport, passport)
            identifiers.append(IdentifierData(kind=IdentifierKind.PASSPORT, value=passport))
        phone = self.phone("phone", get("phone", ""))
        return PersonData(
            name_latin=name_latin,
            name_urdu=name_urdu,
            father_name_latin=get("father_name", ""),
            father_name_urdu=get("father_name_urdu", ""),
            sex=sex,
            date_of_birth=born,
            nationality=nationality,
            identifiers=identifiers,
            phones=[phone] if phone else [],
            # Provenance: the row as the agency sent it, for entity resolution later.
            source_payload={
                "import_row": {k: v for k, v in values.items() if k in _ARREST_COLUMN_SET}
            },
        )


class ArrestRowWriter:
    """Writes arrest rows through the services; the caller gives each row a savepoint."""

    def __init__(self, acting_user: Any, agency_id: int) -> None:
        self.user = acting_user
        self.agency_id = agency_id

    def write(self, data: ArrestRowData) -> Outcome:
        """Create, update or leave the arrest; service errors come back as ``RowRejected``
        naming the row's columns."""
        try:
            return self._write(data)
        except ValidationError as exc:
            raise RowRejected(problems_of(exc, arrest_column_of)) from exc

    def _write(self, data: ArrestRowData) -> Outcome:
        event = None
        if data.seizure_record_id:
            event = SeizureEvent.objects.filter(
                agency_id=self.agency_id, agency_record_id=data.seizure_record_id
            ).first()
            if event is None:
                raise RowRejected(
                    [
                        (
                            "seizure_record_id",
                            f"Your agency has no seizure “{data.seizure_record_id}”; "
                            "import the seizure first.",
                        )
                    ]
                )
        person, person_changed = self._person(data)
        values = ArrestData(
            person=person,
            event=event,
            arrested_on=data.arrested_on,
            province=data.province,
            district=data.district,
            nationality_at_arrest=data.nationality,
            role=data.role,
            charges=list(data.charges),
            offence_category=data.offence_category,
            agency_record_id=data.agency_record_id,
        )
        arrest = Arrest.objects.filter(
            agency_id=self.agency_id, agency_record_id=data.agency_record_id
        ).first()
        if arrest is None:
            arrest_record(acting_user=self.user, data=values)
            return Outcome.CREATED
        values.handling_code = arrest.handling_code
        if not values.charges:
            values.charges = list(arrest.charges)  # the file gave none; keep what is known
        stored = arrest
        changed = _changed(
            Arrest,
            stored.pk,
            snapshot,
            lambda: arrest_update(acting_user=self.user, arrest=stored, data=values),
        )
        return Outcome.UPDATED if changed or person_changed else Outcome.UNCHANGED

    def _person(self, data: ArrestRowData) -> tuple[Person, bool]:
        """The arrested person's record, created or updated; True if anything was written."""
        statement = data.person
        statement.agency_record_id = data.person_key
        found = Person.objects.filter(
            agency_id=self.agency_id, agency_record_id=data.person_key
        ).first()
        if found is None:
            return person_record(acting_user=self.user, data=statement), True
        person = found
        merged = keep_person_extras(person, statement)
        changed = _changed(
            Person,
            person.pk,
            person_snapshot,
            lambda: person_update(acting_user=self.user, person=person, data=merged),
        )
        person.refresh_from_db()
        return person, changed
