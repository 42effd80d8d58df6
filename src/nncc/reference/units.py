"""Units as reported, and UNODC's rules for converting a quantity to kilogram-equivalent.

UNODC seizure totals are bulk weight without purity adjustment; volumes count 1 kg per litre;
tablets reported only as a count take an assumed weight per tablet (90–300 mg by drug). Plants are
counted, not weighed, and have no kilogram-equivalent. The factor and the rule used are kept on
every drug line so a total can always be explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models


class Unit(models.TextChoices):
    KG = "kg", "kg"
    G = "g", "g"
    MG = "mg", "mg"
    L = "L", "litres"
    ML = "mL", "millilitres"
    TABLETS = "tablets", "tablets / units"
    PLANTS = "plants", "plants"


#: the largest plausible quantity in each unit; anything above is a typing error
MAX_QUANTITY = {
    Unit.KG: Decimal("100000"),
    Unit.G: Decimal("100000000"),
    Unit.MG: Decimal("100000000000"),
    Unit.L: Decimal("100000"),
    Unit.ML: Decimal("100000000"),
    Unit.TABLETS: Decimal("100000000"),
    Unit.PLANTS: Decimal("100000000"),
}

_FIXED = {
    Unit.KG: (Decimal("1"), "kg as reported"),
    Unit.G: (Decimal("0.001"), "1 g = 0.001 kg"),
    Unit.MG: (Decimal("0.000001"), "1 mg = 0.000001 kg"),
    Unit.L: (Decimal("1"), "UNODC: 1 litre = 1 kg"),
    Unit.ML: (Decimal("0.001"), "UNODC: 1 litre = 1 kg"),
}


@dataclass(frozen=True)
class Conversion:
    kg_equivalent: Decimal | None
    factor: Decimal | None
    rule: str


def to_kg_equivalent(
    *,
    quantity: Decimal,
    unit: str,
    tablet_weight_mg: int | None = None,
    measured_weight_kg: Decimal | None = None,
) -> Conversion:
    if measured_weight_kg is not None:
        factor = (measured_weight_kg / quantity) if quantity else Decimal(0)
        return Conversion(measured_weight_kg, factor, "measured weight as reported")
    if unit in _FIXED:
        factor, rule = _FIXED[Unit(unit)]
        return Conversion(quantity * factor, factor, rule)
    if unit == Unit.TABLETS:
        if not tablet_weight_mg:
            return Conversion(None, None, "tablets of a drug with no assumed tablet weight")
        factor = Decimal(tablet_weight_mg) / Decimal(1_000_000)
        return Conversion(
            quantity * factor, factor, f"UNODC assumed tablet weight {tablet_weight_mg} mg"
        )
    return Conversion(None, None, f"{unit} are counted, not converted to kg")
