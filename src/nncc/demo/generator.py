"""The demo: one campaign year of seizures, arrests, persons and eradication across the agencies.

``seed_demo`` builds a plan from one seed (``build_plan``: plain Python, no database), then
writes it through the services exactly as field officers' reports are written, so the demo's
records are validated and audited like real input. The same seed gives the same records.

On the demo database, ``nncc report campaign`` gives the campaign's figures: 134,000 kg seized,
worth US$ 12.797 billion internationally, 2,001 suspects arrested of whom 75 foreigners, 110
Afghan nationals arrested for illegal stay in Balochistan, Khyber Pakhtunkhwa and Sindh, and
40,659 acres cleared. The precursor chemicals seized (acetic anhydride, hydrochloric acid, in
litres) are reported apart and are not part of the 134,000 kg.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nncc.demo import writer
from nncc.demo.arrests import plan_arrests
from nncc.demo.calibrate import calibrate, size_like
from nncc.demo.eradication import plan_eradication
from nncc.demo.people import People
from nncc.demo.plan import FULL, DemoPlan, Targets
from nncc.demo.seizures import add_partners, plan_events
from nncc.demo.summaries import describe
from nncc.resolution.services import resolve_all
from nncc.resolution.signals import deferred as resolution_deferred

#: the one password of every demo account; it is printed with the logins, so it protects nothing
DEMO_PASSWORD = "nncc-demo-2025"  # noqa: S105
#: share of seizure events that are joint operations with a participating agency
JOINT_SHARE = 0.075


@dataclass
class DemoResult:
    logins: list[dict[str, Any]]
    password: str
    counts: dict[str, int] = field(default_factory=dict)
    #: per repeat offender, the (agency, person record id) of each agency's record of him
    repeat_offenders: list[list[tuple[str, str]]] = field(default_factory=list)
    plan_digest: str = ""


def _stream(seed: int, name: str) -> random.Random:
    """An independent random stream per part, so changing one part leaves the others as they
    were. String seeds are hashed with SHA-512 by ``random``, the same in every process."""
    return random.Random(f"{seed}:{name}")


def build_plan(seed: int = 2025, targets: Targets = FULL) -> DemoPlan:
    """Everything the demo will write, calibrated to ``targets``; no database needed."""
    plan = DemoPlan(seed=seed, targets=targets)
    rng = _stream(seed, "events")
    current = plan_events(rng, targets.year, targets.events)
    earlier = plan_events(rng, targets.year - 1, targets.previous_year_events, late_only=True)
    plan.events = earlier + current
    add_partners(_stream(seed, "joint"), plan.events, JOINT_SHARE)
    factors = calibrate(_stream(seed, "quantities"), current, targets)
    size_like(_stream(seed, "earlier quantities"), earlier, factors)

    people = People(_stream(seed, "people"), targets.year)
    plan.arrests = plan_arrests(_stream(seed, "arrests"), people, plan.events, targets)
    plan.persons = people.persons

    arrested: Counter[int] = Counter()
    foreign: Counter[int] = Counter()
    for arrest in plan.arrests:
        if arrest.event is not None:
            arrested[arrest.event] += 1
            foreign[arrest.event] += arrest.nationality != "PK"
    rng = _stream(seed, "summaries")
    for index, event in enumerate(plan.events):
        event.summary = describe(rng, event, arrested[index], foreign[index])

    rng = _stream(seed, "eradication")
    plan.eradication = plan_eradication(
        rng, targets.year - 1, max(3, targets.eradication_records // 28), None
    ) + plan_eradication(rng, targets.year, targets.eradication_records, targets.acres)
    return plan


def seed_demo(
    *,
    seed: int = 2025,
    progress: Callable[[str], None] | None = None,
    targets: Targets = FULL,
) -> DemoResult:
    """Create the demo's agencies, accounts, price table and records in the current database."""
    say = progress or (lambda message: None)
    say(f"Planning one campaign year ({targets.year}) from seed {seed}")
    plan = build_plan(seed, targets)
    logins = writer.write_accounts(DEMO_PASSWORD, say)
    writer.write_prices(say)
    with resolution_deferred():  # resolved all at once below, not one task per person
        writer.write_records(plan, say)
    # Last, as the centre's own run would: group every agency's statements of one man.
    say("Resolving persons across agencies")
    resolve_all(acting_user=None, progress=lambda message: say(f"  {message}"))
    return DemoResult(
        logins=logins,
        password=DEMO_PASSWORD,
        counts={
            "seizure_events": len(plan.events),
            "persons": len(plan.persons),
            "arrests": len(plan.arrests),
            "eradication_records": len(plan.eradication),
        },
        repeat_offenders=plan.repeat_offenders(),
        plan_digest=plan.digest(),
    )
