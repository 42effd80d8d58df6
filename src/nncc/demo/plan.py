"""What the demo will write, decided before anything is written.

The generator first builds a plan in plain Python (no database), so it can be calibrated to the
campaign figures exactly, fingerprinted and tested cheaply; the writer then sends every planned
record through the same services a field officer's report goes through.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Targets:
    """The figures the demo year must produce, and the size of what produces them."""

    year: int = 2025
    events: int = 3050
    previous_year_events: int = 36
    seized_kg: Decimal = Decimal("134000")
    value_usd: Decimal = Decimal("12797000000")
    narcotics_arrests: int = 2001
    foreign_arrests: int = 75
    afghan_illegal_stay: int = 110
    acres: Decimal = Decimal("40659")
    eradication_records: int = 420
    repeat_offenders: int = 100


FULL = Targets()
#: a small campaign with the same proportions, for fast tests of the machinery
SMALL = Targets(
    events=160,
    previous_year_events=6,
    seized_kg=Decimal("7000"),
    value_usd=Decimal("668500000"),
    narcotics_arrests=105,
    foreign_arrests=9,
    afghan_illegal_stay=8,
    acres=Decimal("2100"),
    eradication_records=24,
    repeat_offenders=6,
)


@dataclass
class LinePlan:
    drug: str  # UNODC name, as in reference/data/drugs.csv
    reported_term: str
    unit: str
    quantity: Decimal
    measured_weight_kg: Decimal | None = None
    #: the officer picked the UNODC drug himself (the term is not in the vocabulary)
    explicit_drug: bool = False


@dataclass
class EventPlan:
    agency: str
    record_id: str
    occurred_at: datetime.datetime
    district: str
    province: str
    place: str
    place_type: str
    transport_mode: str
    concealment: str
    concealment_detail: str
    latitude: Decimal
    longitude: Decimal
    handling_code: str
    unit: str | None
    lines: list[LinePlan]
    origin: list[str] = field(default_factory=list)
    transit: list[str] = field(default_factory=list)
    destination: list[str] = field(default_factory=list)
    participants: list[tuple[str, Decimal]] = field(default_factory=list)
    summary: str = ""
    #: scale of the operation (drives quantities); not written
    size: float = 1.0


@dataclass
class PersonPlan:
    agency: str
    record_id: str
    name_latin: str
    name_urdu: str
    father_name_latin: str
    father_name_urdu: str
    alias: str
    sex: str
    date_of_birth: datetime.date | None
    birth_year: int | None
    nationality: str
    identifiers: list[tuple[str, str, str]]  # kind, value as written, issuing country
    phones: list[str]
    handling_code: str
    #: the real individual behind the statement (shared by a repeat offender's records); not written
    identity: int


@dataclass
class ArrestPlan:
    agency: str
    person: int  # index into DemoPlan.persons
    event: int | None  # index into DemoPlan.events
    arrested_on: datetime.date
    province: str
    district: str
    nationality: str
    role: str
    charges: list[str]
    offence_category: str
    record_id: str
    handling_code: str


@dataclass
class EradicationPlan:
    agency: str
    record_id: str
    cleared_on: datetime.date
    province: str
    district: str
    place: str
    crop: str
    acres: Decimal
    latitude: Decimal
    longitude: Decimal
    handling_code: str


@dataclass
class DemoPlan:
    seed: int
    targets: Targets
    events: list[EventPlan] = field(default_factory=list)
    persons: list[PersonPlan] = field(default_factory=list)
    arrests: list[ArrestPlan] = field(default_factory=list)
    eradication: list[EradicationPlan] = field(default_factory=list)

    def repeat_offenders(self) -> list[list[tuple[str, str]]]:
        """Per individual reported by more than one agency: (agency, person record id) pairs —
        the ground truth an entity-resolution run on the demo can be scored against."""
        groups: dict[int, list[tuple[str, str]]] = {}
        for person in self.persons:
            groups.setdefault(person.identity, []).append((person.agency, person.record_id))
        return [records for records in groups.values() if len({a for a, _ in records}) > 1]

    def digest(self) -> str:
        """A fingerprint of everything planned: equal plans, equal digests."""
        body = {
            "events": [asdict(e) for e in self.events],
            "persons": [asdict(p) for p in self.persons],
            "arrests": [asdict(a) for a in self.arrests],
            "eradication": [asdict(r) for r in self.eradication],
        }
        text = json.dumps(body, sort_keys=True, default=_plain, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)
