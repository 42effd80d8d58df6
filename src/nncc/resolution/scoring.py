"""Score one pair of prepared records, in pure Python, with an explanation per feature.

The weights are the model's Fellegi–Sunter weights (log2 of m/u per level, plus the prior and
Splink's term-frequency adjustment for names), so a pair scored here gets the weight Splink gives
it in a batch. Online resolution and the review queue use this; ``conflict`` tells the clustering
that two records hold different strong identifiers and may never be merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from nncc.resolution.model import Model, default_model, specs
from nncc.resolution.records import Prepared

#: Hard identifiers (``clustering.HARD_IDENTIFIERS``): a "different" level is a conflict
#: (cannot-link). Different passports weigh strongly against a match but are no conflict: a
#: renewed passport has a new number.
STRONG_COMPARISONS = {"cnic": "CNICs", "por": "PoR cards"}


@dataclass(frozen=True)
class Feature:
    name: str
    outcome: str  # "agree" | "close" | "disagree" | "missing" | "conflict"
    detail: str
    weight: float


@dataclass(frozen=True)
class Comparison:
    probability: float
    match_weight: float
    features: list[Feature]
    conflict: str  # "" or e.g. "different CNICs": the pair may never be merged


def compare(a: Prepared, b: Prepared, model: Model | None = None) -> Comparison:
    model = model or default_model()
    total = model.prior_weight
    features: list[Feature] = []
    conflicts: list[str] = []
    for spec in specs():
        level = spec.levels[spec.level_index(a, b)]
        weight = model.level_weight(spec.name, level.label)
        if level.tf_column:
            exact_u = model.parameters.get(spec.name, {}).get("exact", {}).get("u", 1.0)
            column = level.tf_column
            field = column.removesuffix("_sorted")
            weight += model.tf_adjustment(
                column, exact_u, getattr(a, field).sorted_text, getattr(b, field).sorted_text
            )
        total += weight
        if level.outcome == "conflict" and spec.name in STRONG_COMPARISONS:
            conflicts.append(f"different {STRONG_COMPARISONS[spec.name]}")
        features.append(
            Feature(
                name=spec.name,
                outcome=level.outcome,
                detail=_detail(spec.name, level.label, a, b),
                weight=round(weight, 3),
            )
        )
    return Comparison(
        probability=weight_to_probability(total),
        match_weight=total,
        features=features,
        conflict="; ".join(conflicts),
    )


def weight_to_probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0**weight
    return odds / (1 + odds)


def _detail(name: str, label: str, a: Prepared, b: Prepared) -> str:
    label_text = label.replace("_", " ")
    values = {
        "name": (" ".join(a.name.tokens), " ".join(b.name.tokens)),
        "father": (" ".join(a.father.tokens), " ".join(b.father.tokens)),
        "birth": (a.birth_date, b.birth_date),
        "cnic": (", ".join(a.cnics), ", ".join(b.cnics)),
        "passport": (", ".join(a.passports), ", ".join(b.passports)),
        "por": (", ".join(a.pors), ", ".join(b.pors)),
        "phone": (", ".join(a.phones), ", ".join(b.phones)),
        "sex": (a.sex, b.sex),
        "nationality": (a.nationality, b.nationality),
        "district": (a.district, b.district),
    }[name]
    if label == "missing":
        return "missing on one side"
    return f"{label_text}: “{values[0]}” / “{values[1]}”"
