"""The summary line under each demo seizure report, written as an officer writes it."""

from __future__ import annotations

import random

from nncc.demo.catalogue import BY_CODE
from nncc.demo.plan import EventPlan, LinePlan

_OPENERS = {
    "airport": ["During screening of passengers"],
    "post_office": ["During examination of mail"],
    "territorial_waters": ["During a patrol at sea"],
    "international_waters": ["During a patrol at sea"],
    "dry_port": ["During examination of goods", "Acting on a tip-off"],
    "seaport": ["During examination of containers", "Acting on a tip-off"],
    "residence": ["Acting on a tip-off", "In an intelligence-based raid"],
    "warehouse": ["Acting on a tip-off", "In an intelligence-based raid"],
    "commercial": ["Acting on a tip-off", "In a raid"],
    "road": ["At a snap checkpoint", "During routine checking", "Acting on a tip-off"],
    "open_ground": ["During a search operation", "During patrolling", "Acting on a tip-off"],
}
_NOBODY = {
    "residence": "The owner was not present; raids are under way to arrest him.",
    "warehouse": "The owner was not present; raids are under way to arrest him.",
    "commercial": "The shopkeeper fled; raids are under way to arrest him.",
    "post_office": "The consignee is being traced.",
    "seaport": "The consignee is being traced.",
    "dry_port": "The driver fled; the importer is being traced.",
    "road": "The accused fled, leaving the vehicle; efforts to arrest him are under way.",
}


def _amount(line: LinePlan) -> str:
    quantity = f"{line.quantity.normalize():,f}"
    if line.unit == "tablets":
        weighed = (
            f" ({line.measured_weight_kg.normalize():f} kg)" if line.measured_weight_kg else ""
        )
        if "tab" in line.reported_term.lower():
            return f"{quantity} {line.reported_term}{weighed}"
        return f"{quantity} tablets of {line.reported_term}{weighed}"
    if line.unit == "plants":
        return f"{quantity} cannabis plants"
    unit = {"L": "litres", "kg": "kg", "g": "g"}.get(line.unit, line.unit)
    return f"{quantity} {unit} {line.reported_term}"


def describe(rng: random.Random, event: EventPlan, arrested: int, foreigners: int) -> str:
    """The summary an officer writes under the report."""
    opener = rng.choice(_OPENERS.get(event.place_type, ["Acting on a tip-off"]))
    spec = BY_CODE[event.agency]
    unit = spec.unit_for(event.district)
    actor = unit[1] if unit else spec.name
    what = ", ".join(_amount(line) for line in event.lines)
    hidden = f", {event.concealment_detail}" if event.concealment_detail else ""
    at_sea = event.place.startswith(("off ", "about "))
    where = event.place if at_sea else f"at {event.place}"
    if arrested:
        people = "one accused" if arrested == 1 else f"{arrested} accused"
        among = (
            ""
            if not foreigners
            else ", a foreign national"
            if arrested == 1
            else ", one of them a foreign national"
            if foreigners == 1
            else f", {foreigners} of them foreign nationals"
        )
        outcome = f"Arrested {people}{among}."
    else:
        outcome = _NOBODY.get(event.place_type, "No arrest; the consignment was found abandoned.")
    return (
        f"{opener}, {actor} recovered {what} {where}{hidden}. {outcome} "
        "Case registered under the CNS Act 1997."
    )
