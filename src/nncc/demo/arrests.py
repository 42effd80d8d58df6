"""Planning the arrests of the demo, with the exact counts the campaign states.

Narcotics arrests are made in seizure events (by the event's lead agency, as the services
require); the year's count, and how many of them are foreigners, are set exactly. About a hundred
repeat offenders are each recorded by two or three agencies and arrested more than once. Arrests
for illegal stay stand alone; exactly the stated number are of Afghans in Balochistan, Khyber
Pakhtunkhwa and Sindh, and a few others (elsewhere, or of other nationals) test the filter.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from nncc.demo.catalogue import AGENCIES, BY_CODE
from nncc.demo.people import People
from nncc.demo.plan import ArrestPlan, EventPlan, Targets
from nncc.demo.seizures import allocate, must_arrest

#: foreigners among narcotics arrests, by nationality (Afghans first, then couriers by air)
FOREIGN_MIX = {"AF": 52, "IR": 9, "NG": 6, "TZ": 2, "BD": 2, "GB": 1, "CN": 1, "LK": 1, "UG": 1}
_IRAN_BORDER = ("BA-GWD", "BA-KCG", "BA-PNJ", "BA-CHG", "BA-WSK", "BA-KRN", "BA-LSB")
_STAY_DISTRICTS = {
    "PK-BA": {"BA-QTA": 30, "BA-CHM": 20, "BA-KAF": 15, "BA-PSN": 10, "BA-CHG": 10, "BA-NSK": 5},
    "PK-KP": {"KP-PEW": 40, "KP-KHY": 20, "KP-NWS": 10, "KP-MDN": 10, "KP-KHT": 5, "KP-DIK": 5},
    "PK-SD": {"SD-KHW": 35, "SD-KHE": 20, "SD-KMR": 15, "SD-KHM": 15, "SD-HYD": 10, "SD-SKR": 5},
    "PK-PB": {"PB-LHR": 40, "PB-RWP": 30, "PB-ATK": 15, "PB-FSD": 15},
    "PK-IS": {"IS-ICT": 1},
}


@dataclass
class Slot:
    event: int
    nationality: str = "PK"
    taken: bool = False


def _charges(event: EventPlan, role: str) -> list[str]:
    if role == "cultivator":
        return ["4"]
    largest = max((line.quantity for line in event.lines if line.unit == "kg"), default=0)
    section = "9(c)" if largest >= 10 else "9(b)" if largest >= 1 else "9(a)"
    charges = [section]
    if event.origin and event.origin != ["PK"]:
        charges.append("7")
    if role in ("facilitator", "financier"):
        charges.append("14" if role == "facilitator" else "8")
    return charges


_ROLES = ["courier", "owner", "facilitator", "financier", "other"]
_ROLE_WEIGHTS = [6, 3, 2, 1, 1]


def _role(rng: random.Random, event: EventPlan, index: int) -> str:
    if event.lines[0].unit == "plants":
        return "cultivator"
    if event.place_type in ("airport", "post_office"):
        return "courier"
    if index == 0 and event.transport_mode in ("truck", "car", "vessel"):
        return "driver"
    if event.place_type in ("residence", "commercial") or event.transport_mode == "pedestrian":
        return rng.choice(["dealer", "owner", "dealer"])
    return rng.choices(_ROLES, _ROLE_WEIGHTS)[0]


class ArrestPlanner:
    def __init__(self, rng: random.Random, people: People, events: list[EventPlan]) -> None:
        self.rng = rng
        self.people = people
        self.events = events
        self.arrests: list[ArrestPlan] = []
        self._sequence: dict[str, int] = {}
        self._per_event: dict[int, int] = defaultdict(int)

    def _record_id(self, agency: str, year: int) -> str:
        self._sequence[agency] = self._sequence.get(agency, 0) + 1
        return f"{BY_CODE[agency].prefix}-A-{year}-{self._sequence[agency]:05d}"

    def narcotics(self, indices: list[int], total: int, foreign: int, repeaters: int) -> None:
        """Exactly ``total`` narcotics arrests in the events at ``indices``, ``foreign`` of them
        not Pakistani, with ``repeaters`` individuals recorded by several agencies."""
        slots = self._slots(indices, total)
        self._nationalities(slots, foreign)
        self._repeat_offenders(slots, repeaters)
        for slot in slots:
            if not slot.taken:
                event = self.events[slot.event]
                ident = self.people.identity(slot.nationality, event.province, event.district)
                person = self.people.record(
                    ident, event.agency, at_airport=event.place_type == "airport"
                )
                self._arrest(slot, person)

    def _slots(self, indices: list[int], total: int) -> list[Slot]:
        rng = self.rng
        counts: dict[int, int] = {}
        least: dict[int, int] = {}
        for i in indices:
            event = self.events[i]
            rate = BY_CODE[event.agency].arrest_rate * 0.75
            least[i] = int(must_arrest(event))
            counts[i] = least[i]
            if rng.random() < rate:
                crew = event.place_type in ("territorial_waters", "international_waters")
                counts[i] = rng.choices(
                    [1, 2, 3, 4, 5], [0, 3, 3, 2, 1] if crew else [70, 20, 7, 3, 0]
                )[0]
        if sum(least.values()) > total:
            raise ValueError(
                f"{sum(least.values())} passengers and couriers exceed {total} arrests."
            )
        arrested = [i for i in indices if counts[i] > least[i]]
        while sum(counts.values()) > total:
            i = rng.choice([j for j in arrested if counts[j] > least[j]])
            counts[i] -= 1
        while sum(counts.values()) < total:
            i = rng.choice(indices)
            counts[i] += 1
        return [Slot(event=i) for i in indices for _ in range(counts[i])]

    def _nationalities(self, slots: list[Slot], foreign: int) -> None:
        rng = self.rng
        mix = list(FOREIGN_MIX)
        for nationality, n in zip(mix, allocate(foreign, list(FOREIGN_MIX.values())), strict=True):
            fits = [s for s in slots if s.nationality == "PK" and self._fits(s, nationality)]
            if len(fits) < n:
                fits = [s for s in slots if s.nationality == "PK"]
            for slot in rng.sample(fits, n):
                slot.nationality = nationality

    def _fits(self, slot: Slot, nationality: str) -> bool:
        event = self.events[slot.event]
        if nationality == "AF":
            return event.province in ("PK-BA", "PK-KP") or event.district.startswith("SD-KH")
        if nationality == "IR":
            return event.district in _IRAN_BORDER or event.place_type.endswith("_waters")
        if nationality == "BD":
            return event.province == "PK-SD"
        return event.place_type in ("airport", "post_office")

    def _repeat_offenders(self, slots: list[Slot], count: int) -> None:
        rng = self.rng
        afghans = max(1, round(count * 0.08))
        for number in range(count):
            nationality = "AF" if number < afghans else "PK"
            if nationality == "AF":
                home = rng.choice(["PK-BA", "PK-BA", "PK-KP"])
            else:
                home = rng.choices(["PK-BA", "PK-KP", "PK-PB", "PK-SD"], [3, 3, 2, 2])[0]
            by_agency = self._free_by_agency(slots, nationality, home)
            if len(by_agency) < 2:
                by_agency = self._free_by_agency(slots, nationality, None)
            if len(by_agency) < 2:
                continue
            agencies = rng.sample(sorted(by_agency), min(len(by_agency), rng.choice([2, 2, 3])))
            first = self.events[by_agency[agencies[0]][0].event]
            ident = self.people.identity(nationality, home, first.district, sex="M")
            for agency in agencies:
                person = self.people.record(ident, agency, repeat=True)
                used: set[int] = set()
                for _ in range(rng.choice([1, 1, 2])):
                    free = [s for s in by_agency[agency] if not s.taken and s.event not in used]
                    if not free:
                        break
                    slot = rng.choice(free)
                    used.add(slot.event)
                    self._arrest(slot, person)

    def _free_by_agency(
        self, slots: list[Slot], nationality: str, province: str | None
    ) -> dict[str, list[Slot]]:
        found: dict[str, list[Slot]] = defaultdict(list)
        for slot in slots:
            event = self.events[slot.event]
            if slot.taken or slot.nationality != nationality:
                continue
            if province is None or event.province == province:
                found[event.agency].append(slot)
        return found

    def _arrest(self, slot: Slot, person: int) -> None:
        slot.taken = True
        event = self.events[slot.event]
        role = _role(self.rng, event, self._per_event[slot.event])
        self._per_event[slot.event] += 1
        self.arrests.append(
            ArrestPlan(
                agency=event.agency,
                person=person,
                event=slot.event,
                arrested_on=event.occurred_at.date(),
                province=event.province,
                district=event.district,
                nationality=slot.nationality,
                role=role,
                charges=_charges(event, role),
                offence_category="narcotics",
                record_id=self._record_id(event.agency, event.occurred_at.year),
                handling_code=event.handling_code,
            )
        )

    def illegal_stay(self, year: int, afghans: int, *, others: bool = True) -> None:
        """``afghans`` Afghans arrested for illegal stay in Balochistan, Khyber Pakhtunkhwa and
        Sindh, and (``others``) a few that the campaign's figure must not count."""
        rng = self.rng
        plan: list[tuple[str, str, int]] = list(
            zip(
                ["PK-BA", "PK-KP", "PK-SD"],
                ["AF"] * 3,
                allocate(afghans, [50, 32, 18]),
                strict=True,
            )
        )
        if others:
            few = max(1, round(afghans * 0.04))
            plan += [
                ("PK-PB", "AF", max(1, round(afghans * 0.07))),
                ("PK-IS", "AF", max(1, round(afghans * 0.03))),
                ("PK-BA", "IR", few),
                ("PK-SD", "BD", max(1, round(afghans * 0.03))),
            ]
        for province, nationality, n in plan:
            agencies = [a.code for a in AGENCIES if province in a.illegal_stay]
            weights = [3 if code == "FIA" else 7 / max(1, len(agencies) - 1) for code in agencies]
            districts = _STAY_DISTRICTS[province]
            for _ in range(n):
                agency = rng.choices(agencies, weights)[0]
                district = rng.choices(list(districts), list(districts.values()))[0]
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
                ident = self.people.identity(nationality, province, district)
                person = self.people.record(ident, agency)
                self.arrests.append(
                    ArrestPlan(
                        agency=agency,
                        person=person,
                        event=None,
                        arrested_on=day,
                        province=province,
                        district=district,
                        nationality=nationality,
                        role="other",
                        charges=["FA-14"],
                        offence_category="illegal_stay",
                        record_id=self._record_id(agency, year),
                        handling_code=rng.choices(["restricted", "shared"], [7, 3])[0],
                    )
                )


def plan_arrests(
    rng: random.Random, people: People, events: list[EventPlan], targets: Targets
) -> list[ArrestPlan]:
    planner = ArrestPlanner(rng, people, events)
    this_year = [i for i, e in enumerate(events) if e.occurred_at.year == targets.year]
    earlier = [i for i, e in enumerate(events) if e.occurred_at.year != targets.year]
    planner.narcotics(
        this_year, targets.narcotics_arrests, targets.foreign_arrests, targets.repeat_offenders
    )
    planner.illegal_stay(targets.year, targets.afghan_illegal_stay)
    if earlier:
        planner.narcotics(earlier, len(earlier) // 2 + 1, 1, 0)
        planner.illegal_stay(
            targets.year - 1, max(2, targets.afghan_illegal_stay // 14), others=False
        )
    return planner.arrests
