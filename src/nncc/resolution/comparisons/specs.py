"""The comparisons of the model, in order: each with its SQL levels and its Python rule."""

from __future__ import annotations

from nncc.resolution.comparisons.births import BIRTH_LEVELS, birth_level
from nncc.resolution.comparisons.identifiers import (
    PHONE_LEVELS,
    equal,
    equality_levels,
    identifier_level,
    identifier_levels,
    phone_level,
)
from nncc.resolution.comparisons.levels import ComparisonSpec, with_tf
from nncc.resolution.comparisons.names import name_level, name_levels
from nncc.resolution.comparisons.tokens import common_tokens


def build_specs() -> tuple[ComparisonSpec, ...]:
    common = common_tokens()
    name_tf = {"exact", "all_tokens"}
    return (
        ComparisonSpec(
            "name",
            "own name, order-insensitive token sets",
            with_tf(name_levels("name"), "name_sorted", name_tf),
            lambda a, b: name_level(a.name, b.name, common),
        ),
        ComparisonSpec(
            "father",
            "father's name",
            with_tf(name_levels("father"), "father_sorted", name_tf),
            lambda a, b: name_level(a.father, b.father, common),
        ),
        ComparisonSpec("birth", "date of birth", BIRTH_LEVELS, birth_level),
        ComparisonSpec(
            "cnic",
            "CNIC",
            identifier_levels("cnics", hard=True),
            lambda a, b: identifier_level(a.cnics, b.cnics),
        ),
        ComparisonSpec(
            "passport",
            "passport",
            identifier_levels("passports", hard=False),
            lambda a, b: identifier_level(a.passports, b.passports),
        ),
        ComparisonSpec(
            "por",
            "PoR card",
            identifier_levels("pors", hard=True),
            lambda a, b: identifier_level(a.pors, b.pors),
        ),
        ComparisonSpec("phone", "phone", PHONE_LEVELS, phone_level),
        ComparisonSpec("sex", "sex", equality_levels("sex"), equal("sex")),
        ComparisonSpec(
            "nationality", "nationality", equality_levels("nationality"), equal("nationality")
        ),
        ComparisonSpec("district", "district", equality_levels("district"), equal("district")),
    )
