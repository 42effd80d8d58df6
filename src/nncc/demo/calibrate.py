"""Turning relative seizure sizes into reported quantities that meet the campaign figures.

Every drug but two gets a random total near its share of the year's kilograms, spread over its
lines in proportion to their sizes. Hashish and heroin then take what is left: two unknowns
(their totals) and two equations,

    kg(hashish) + kg(heroin)                       = target kg − kg(others)
    price(hashish)·kg(hashish) + price(heroin)·kg(heroin) = target value − value(others)

solved exactly and spread over their lines in the same way. Kilograms are counted exactly as the
services will derive them (``reference.units.to_kg_equivalent``: tablets at the drug's assumed
weight or the measured weight, litres as kg, grams / 1000, plants not at all), so the report's
sums over the stored lines equal the targets.

Precursor chemicals are outside the targets: the report counts them apart from the drugs. Each
chemical line is a seizure of drums and cans, a few hundred to a few thousand litres, larger as
its relative size is larger.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from nncc.demo.drugs import (
    ADJUSTERS,
    BY_NAME,
    HASHISH,
    HEROIN,
    PLANTS,
    precursors,
    tablet_weights,
    valuation,
)
from nncc.demo.plan import EventPlan, LinePlan, Targets
from nncc.reference.units import MAX_QUANTITY, Unit, to_kg_equivalent

_MILLI = Decimal("0.001")
#: litres of a precursor seizure: a typical one, and the smallest and largest
CHEMICAL_LITRES = 800.0
CHEMICAL_RANGE = (150.0, 4500.0)


class CalibrationError(ValueError):
    """The targets cannot be met with plausible quantities."""


def kg_of(line: LinePlan) -> Decimal:
    conversion = to_kg_equivalent(
        quantity=line.quantity,
        unit=line.unit,
        tablet_weight_mg=tablet_weights()[line.drug],
        measured_weight_kg=line.measured_weight_kg,
    )
    return conversion.kg_equivalent or Decimal(0)


def _round(value: Decimal, step: Decimal = _MILLI) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def report(rng: random.Random, line: LinePlan, kg: Decimal) -> None:
    """Write ``kg`` of a line as an officer would report it: tablets counted (sometimes also
    weighed), whole litres, small amounts of a powder or resin in grams."""
    if line.unit == Unit.TABLETS:
        weight = Decimal(tablet_weights()[line.drug] or 100) / Decimal(1_000_000)
        count = max(1, int(_round(kg / weight, Decimal(1))))
        line.quantity = Decimal(count)
        if rng.random() < 0.3:
            measured = _round(count * weight * Decimal(repr(rng.uniform(0.8, 1.3))))
            line.measured_weight_kg = max(measured, _MILLI)
    elif line.unit == Unit.L:
        # chemicals and liquid amphetamine come in cans and drums: whole litres
        line.quantity = max(_round(kg, Decimal(1)), Decimal(1))
    elif kg < 1 and rng.random() < 0.85:
        line.unit = Unit.G
        line.quantity = max(_round(kg * 1000, Decimal(1)), Decimal(1))
    else:
        line.unit = Unit.KG
        line.quantity = max(_round(kg), _MILLI)


def _plants(rng: random.Random, line: LinePlan) -> None:
    line.quantity = Decimal(max(5, round(float(line.quantity) * 1500 * rng.uniform(0.5, 1.5))))


def _typical_size(lines: list[LinePlan]) -> Decimal:
    """The geometric mean of the lines' relative sizes."""
    logs = [math.log(float(line.quantity)) for line in lines]
    return Decimal(repr(round(math.exp(sum(logs) / len(logs)), 6)))


def _chemicals(rng: random.Random, lines: list[LinePlan], typical: Decimal) -> None:
    """Litres of precursor seizures: ``CHEMICAL_LITRES`` for a line of the typical size, with
    half the spread of the relative sizes (in logarithms), to 5 litres, within the range."""
    low, high = CHEMICAL_RANGE
    for line in lines:
        litres = CHEMICAL_LITRES * math.sqrt(float(line.quantity) / float(typical))
        litres = min(max(5 * round(litres / 5), low), high)
        report(rng, line, Decimal(repr(litres)))


def calibrate(rng: random.Random, events: list[EventPlan], targets: Targets) -> dict[str, Decimal]:
    """Set the quantities of the target year's lines; returns kg per unit of relative size, by
    drug (for a precursor chemical: its typical relative size), so other years' seizures can be
    sized alike."""
    by_drug: dict[str, list[LinePlan]] = defaultdict(list)
    for event in events:
        for line in event.lines:
            by_drug[line.drug].append(line)
    prices = valuation(targets.year)
    factors: dict[str, Decimal] = {}
    fixed_kg = Decimal(0)
    fixed_value = Decimal(0)
    for name, lines in sorted(by_drug.items()):
        if name == PLANTS:
            for line in lines:
                _plants(rng, line)
            continue
        if name in ADJUSTERS:
            continue
        if name in precursors():
            factors[name] = _typical_size(lines)
            _chemicals(rng, lines, factors[name])
            continue
        share = BY_NAME[name].share or Decimal(0)
        target = targets.seized_kg * share * Decimal(repr(round(rng.uniform(0.93, 1.07), 4)))
        factors[name] = _spread(rng, lines, target)
        _to_the_gram(lines)
        kg = sum((kg_of(line) for line in lines), Decimal(0))
        fixed_kg += kg
        fixed_value += kg * prices.get(name, Decimal(0))

    rest_kg = targets.seized_kg - fixed_kg
    rest_value = targets.value_usd - fixed_value
    low, high = prices[HASHISH], prices[HEROIN]
    heroin = _round((rest_value - low * rest_kg) / (high - low))
    hashish = _round(rest_kg - heroin)
    if heroin <= 0 or hashish <= 0:
        raise CalibrationError(
            f"With the other drugs at {fixed_kg} kg worth ${fixed_value}, hashish and heroin "
            f"cannot make up {rest_kg} kg worth ${rest_value} at ${low} and ${high} per kg."
        )
    for name, total in ((HASHISH, hashish), (HEROIN, heroin)):
        factors[name] = _spread(rng, by_drug[name], total, exact=True)
    return factors


def _spread(
    rng: random.Random, lines: list[LinePlan], total: Decimal, *, exact: bool = False
) -> Decimal:
    """Give ``lines`` quantities in proportion to their sizes, adding up to about ``total`` kg
    (exactly, to the gram, when ``exact``). Returns kg per unit of size."""
    if not lines:
        if exact and total:
            raise CalibrationError("No seizure line to carry the calibrated quantity.")
        return Decimal(0)
    sizes = [line.quantity for line in lines]
    factor = total / sum(sizes)
    for line, size in zip(lines, sizes, strict=True):
        report(rng, line, size * factor)
    if exact:
        _settle(lines, total)
    return factor


def _to_the_gram(lines: list[LinePlan]) -> None:
    """Round a drug's counted tablets to a whole number of grams (a few more tablets on its
    largest count), so the year's kilograms can come out exact to the gram."""
    counted = [line for line in lines if line.unit == Unit.TABLETS and not line.measured_weight_kg]
    if not counted:
        return
    largest = max(counted, key=lambda line: line.quantity)
    for _ in range(1000):
        total = sum((kg_of(line) for line in counted), Decimal(0))
        if total == _round(total):
            return
        largest.quantity += 1
    raise CalibrationError(f"Cannot bring {largest.drug} tablets to whole grams.")


def _settle(lines: list[LinePlan], total: Decimal) -> None:
    """Put the rounding remainder on the largest line reported in kg."""
    largest = max((line for line in lines if line.unit == Unit.KG), key=lambda line: line.quantity)
    remainder = total - sum((kg_of(line) for line in lines), Decimal(0))
    largest.quantity += remainder
    if largest.quantity <= 0 or largest.quantity > MAX_QUANTITY[Unit.KG]:
        raise CalibrationError(f"Calibration needs an implausible {largest.quantity} kg line.")
    assert largest.quantity == _round(largest.quantity)


def size_like(rng: random.Random, events: list[EventPlan], factors: dict[str, Decimal]) -> None:
    """Quantities for events outside the target year, sized like the target year's."""
    for event in events:
        for line in event.lines:
            if line.drug == PLANTS:
                _plants(rng, line)
            elif line.drug in precursors():
                _chemicals(rng, [line], factors.get(line.drug) or line.quantity)
            else:
                report(rng, line, line.quantity * factors.get(line.drug, Decimal(1)))
