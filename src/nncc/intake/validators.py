"""Validation of seizure reports, shared by forms, the API, imports and services."""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from nncc.reference.models import District, Drug, DrugTerm
from nncc.reference.units import MAX_QUANTITY, Unit

_UNITS = frozenset(Unit.values)  # ``Choices.values`` is a new list each time


# A pure function of its text, asked twice for each row of a bulk import: each distinct text
# is looked up once (a refusal is not remembered, and is raised afresh every time).
@functools.lru_cache(maxsize=1024)
def clean_unit(value: str) -> str:
    for unit in Unit:
        if value == unit.value or value.lower() == unit.value.lower():
            return unit.value
    aliases = {
        "kgs": "kg",
        "kilogram": "kg",
        "kilograms": "kg",
        "gram": "g",
        "grams": "g",
        "gm": "g",
        "litre": "L",
        "litres": "L",
        "liter": "L",
        "liters": "L",
        "l": "L",
        "ml": "mL",
        "tabs": "tablets",
        "tablet": "tablets",
        "pills": "tablets",
        "units": "tablets",
        "plant": "plants",
    }
    if value.lower() in aliases:
        return aliases[value.lower()]
    raise ValidationError(
        f"“{value}” is not a unit; use one of: {', '.join(u.value for u in Unit)}."
    )


def clean_quantity(value: object, unit: str) -> Decimal:
    try:
        quantity = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(f"“{value}” is not a number.") from exc
    if not quantity.is_finite() or quantity <= 0:
        raise ValidationError("The quantity must be greater than zero.")
    limit = MAX_QUANTITY.get(Unit(unit)) if unit in _UNITS else None
    if limit is not None and quantity > limit:
        raise ValidationError(
            f"{quantity.normalize():f} {unit} is beyond any plausible seizure "
            f"(limit {limit:,} {unit})."
        )
    try:
        exact = quantity == quantity.quantize(Decimal("0.001"))
    except InvalidOperation:  # more digits than any real quantity has
        exact = False
    if not exact:
        raise ValidationError("Give the quantity with at most three decimals.")
    return quantity


def resolve_drug(reported_term: str, drug: Drug | None = None) -> Drug:
    """The UNODC drug for a term as reported; an explicit drug wins over the term."""
    if drug is not None:
        return drug
    term = " ".join(reported_term.split()).lower()
    found = DrugTerm.objects.select_related("drug").filter(term=term).first()
    if found:
        return found.drug
    by_name = Drug.objects.filter(name__iexact=term).first()
    if by_name:
        return by_name
    raise ValidationError(
        f"“{reported_term}” is not a known drug term; choose the UNODC drug it means."
    )


def validate_district_in_province(district: District, province: str) -> None:
    if district.province != province:
        raise ValidationError(f"{district.name} is not in {province}.")
