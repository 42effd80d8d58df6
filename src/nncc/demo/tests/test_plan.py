"""The demo plan: deterministic, calibrated, and written identically from the same seed."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction

from nncc.demo.calibrate import CHEMICAL_RANGE, CalibrationError, kg_of
from nncc.demo.drugs import DRUGS, precursors, valuation
from nncc.demo.fingerprint import database_fingerprint
from nncc.demo.generator import build_plan, seed_demo
from nncc.demo.plan import FULL, SMALL
from nncc.intake.validators import resolve_drug
from nncc.stats.campaign import campaign_report


def _figures(plan):
    """The campaign figures counted straight from a plan (the report counts the database):
    kilograms and value of drugs, precursor chemicals apart."""
    year = plan.targets.year
    every_line = [line for e in plan.events if e.occurred_at.year == year for line in e.lines]
    lines = [line for line in every_line if line.drug not in precursors()]
    chemicals = [line for line in every_line if line.drug in precursors()]
    prices = valuation(year)
    kg = sum((kg_of(line) for line in lines), Decimal(0))
    value = sum((kg_of(line) * prices.get(line.drug, 0) for line in lines), Decimal(0))
    arrests = [a for a in plan.arrests if a.arrested_on.year == year]
    narcotics = [a for a in arrests if a.offence_category == "narcotics"]
    return {
        "kg": kg,
        "value": value,
        "precursor_litres": sum((kg_of(line) for line in chemicals), Decimal(0)),
        "suspects": len(narcotics),
        "foreigners": sum(a.nationality != "PK" for a in narcotics),
        "afghans": sum(
            a.offence_category == "illegal_stay"
            and a.nationality == "AF"
            and a.province in ("PK-BA", "PK-KP", "PK-SD")
            for a in arrests
        ),
        "acres": sum(r.acres for r in plan.eradication if r.cleared_on.year == year),
    }


def test_the_full_plan_meets_the_campaign_figures():
    figures = _figures(build_plan(2025, FULL))

    assert figures["kg"] == FULL.seized_kg
    assert abs(figures["value"] - FULL.value_usd) <= 1000
    assert (figures["suspects"], figures["foreigners"], figures["afghans"]) == (2001, 75, 110)
    assert figures["acres"] == FULL.acres
    assert figures["precursor_litres"] > 10_000  # seized, but outside the drug total


@pytest.mark.parametrize("seed", [1, 2025, 99991])
def test_any_seed_is_calibrated(seed):
    figures = _figures(build_plan(seed, SMALL))

    assert figures["kg"] == SMALL.seized_kg
    assert abs(figures["value"] - SMALL.value_usd) <= 1000
    assert figures["suspects"] == SMALL.narcotics_arrests
    assert figures["acres"] == SMALL.acres


def test_the_plan_is_the_same_in_every_process():
    # A different hash seed changes the order of sets and dicts of strings built from sets:
    # the plan must not depend on it.
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'nncc.config.settings'); django.setup(); "
        "from nncc.demo.generator import build_plan; from nncc.demo.plan import SMALL; "
        "print(build_plan(2025, SMALL).digest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "NNCC_TESTING": "1"}
    other = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert other.stdout.strip() == build_plan(2025, SMALL).digest()
    assert build_plan(2025, SMALL).digest() != build_plan(2026, SMALL).digest()


def test_quantities_are_plausible_and_mixed():
    plan = build_plan(2025, FULL)
    units = Counter(line.unit for e in plan.events for line in e.lines)
    assert {"kg", "g", "L", "tablets", "plants"} <= set(units)
    for event in plan.events:
        for line in event.lines:
            assert line.quantity > 0
            assert line.quantity == line.quantity.quantize(Decimal("0.001"))
            assert kg_of(line) <= 5000 or line.unit in ("tablets", "plants")
    chemicals = [line for e in plan.events for line in e.lines if line.drug in precursors()]
    assert {line.drug for line in chemicals} == {"Acetic anhydride", "Hydrochloric acid"}
    low, high = CHEMICAL_RANGE
    # drums and cans: a few hundred to a few thousand litres a seizure
    assert all(line.unit == "L" and low <= line.quantity <= high for line in chemicals)
    assert 500 <= sorted(line.quantity for line in chemicals)[len(chemicals) // 2] <= 1500
    joint = sum(bool(e.participants) for e in plan.events) / len(plan.events)
    assert 0.05 <= joint <= 0.10
    assert Counter(e.occurred_at.year for e in plan.events)[2024] == FULL.previous_year_events


def test_impossible_targets_are_refused():
    too_rich = dataclasses.replace(SMALL, value_usd=SMALL.seized_kg * 400_000)
    with pytest.raises(CalibrationError):
        build_plan(2025, too_rich)


@pytest.mark.django_db
def test_every_term_means_the_drug_intended():
    for spec in DRUGS:
        for term in spec.terms:
            if not term.endswith("*"):
                assert resolve_drug(term).name == spec.name, term


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_database():
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():
            seed_demo(seed=7, targets=SMALL)
            report = campaign_report(year=SMALL.year)
            fingerprints.append(database_fingerprint())
            transaction.set_rollback(True)
        assert report["suspects_arrested"] == SMALL.narcotics_arrests
        assert report["foreigners_arrested"] == SMALL.foreign_arrests
        assert report["afghan_nationals_arrested_illegal_stay"] == SMALL.afghan_illegal_stay
        assert report["acres_cleared"] == float(SMALL.acres)
        assert report["seized_kg"] == float(SMALL.seized_kg)
        assert abs(report["value_usd"] - int(SMALL.value_usd)) <= 1000

    assert fingerprints[0] == fingerprints[1]
