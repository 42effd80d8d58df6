"""The trained parameters of the Fellegi–Sunter model, and their form as Splink settings.

A ``Model`` holds, for every comparison level of ``comparisons``, the probability of that
level among true matches (m) and among random pairs (u); the prior probability that two random
records match; term frequencies of whole names; and the two decision thresholds. It is plain
data (JSON), trained without labels by ``nncc.resolution.train`` and shipped in
``data/model.json``, so online scoring needs neither Splink nor a database.

Thresholds (probabilities): at or above ``auto_link_threshold`` a pair is linked without a
human; between ``review_threshold`` and it, the pair goes to the review queue; below, nothing.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from nncc.resolution.comparisons import ComparisonSpec, build_specs

#: Probabilities are kept away from 0 and 1 so every level has a finite weight.
_FLOOR = 1e-6
#: A level the training data never showed: rare among matches, rarer among random pairs.
_UNOBSERVED = {"m": 0.001, "u": 0.00001}
#: No level is impossible for a true match: agencies mistype anything (bounds negative weights).
MIN_M = 0.005
#: Rare among true matches, whatever EM makes of fathers and sons: different strong identifiers
#: (beyond one typo), and years of birth more than five years apart.
MAX_M_DIFFERENT = {"cnic": 0.01, "passport": 0.01, "por": 0.01, "birth": 0.02}
#: Two different people share an identity number only by a typing error or a fraud. Splink's
#: u from random pairs counts the true matches among them too, which for a number unique to a
#: person is most of the agreements (u ≈ prior × m), and would leave a shared CNIC alone at
#: even odds; u of an exact identifier is bounded by this instead.
MAX_U_SAME_ID = 1e-6
#: Levels that say nothing either way, whatever EM learns (m = u): a phone shared by men of
#: different names is a family's (``comparisons.PHONE_LEVELS``); random pairs never show it, so
#: EM would read it as strong evidence for the match it is not.
NEUTRAL_LEVELS = {"phone": ("household",)}
_UNOBSERVED_NEUTRAL = {"m": 0.001, "u": 0.001}


@dataclass
class Model:
    prior: float
    #: comparison name → level label → {"m": float, "u": float}
    parameters: dict[str, dict[str, dict[str, float]]]
    #: TF column ("name_sorted", "father_sorted") → value → share of records
    term_frequencies: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Rarer names than this share get no more credit than this share (bounds the TF bonus).
    tf_minimum: float = 1e-4
    auto_link_threshold: float = 0.99
    review_threshold: float = 0.5
    #: the batch clustering threshold (with ``clustering.MIN_SUPPORT``, pairwise F1 is best here
    #: on the synthetic benchmark; ``train.py`` chooses it)
    cluster_threshold: float = 0.5
    description: str = ""

    # --- weights ---------------------------------------------------------------------------

    def level_weight(self, comparison: str, label: str) -> float:
        params = self.parameters.get(comparison, {}).get(label)
        if not params or label == "missing":
            return 0.0
        m = min(max(params["m"], _FLOOR), 1.0)
        u = min(max(params["u"], _FLOOR), 1.0)
        return math.log2(m / u)

    def tf_adjustment(self, column: str, exact_u: float, left: str, right: str) -> float:
        """Splink's adjustment: the name's own frequency replaces the level's average u."""
        table = self.term_frequencies.get(column, {})
        values = [table[v] for v in (left, right) if v in table]
        if not values:
            return 0.0
        frequency = max(*values, self.tf_minimum)
        return math.log2(max(exact_u, _FLOOR)) - math.log2(frequency)

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def guarded(self) -> Model:
        """Domain bounds on m that unsupervised training cannot learn from clean data.

        EM on synthetic data learns that sexes never differ between records of one person
        (m ≈ 0, an almost infinite penalty) and, confused by fathers and sons, that different
        CNICs are common among matches. Every m is raised to ``MIN_M``; m of "different" levels
        is capped by ``MAX_M_DIFFERENT``; each comparison's m is renormalised; u of a shared
        identity number is bounded by ``MAX_U_SAME_ID``; ``NEUTRAL_LEVELS`` get u = m.
        """
        for comparison, levels in self.parameters.items():
            for label, params in levels.items():
                params["m"] = max(params["m"], MIN_M)
                if comparison in MAX_M_DIFFERENT and label == "different":
                    params["m"] = min(params["m"], MAX_M_DIFFERENT[comparison])
                if comparison in ("cnic", "passport", "por") and label == "exact":
                    params["u"] = min(params["u"], MAX_U_SAME_ID)
            total = sum(params["m"] for params in levels.values())
            for params in levels.values():
                params["m"] = round(params["m"] / total, 8)
            for label in NEUTRAL_LEVELS.get(comparison, ()):
                if label in levels:
                    levels[label]["u"] = levels[label]["m"]
        return self

    # --- JSON ------------------------------------------------------------------------------

    def to_json(self) -> str:
        data = {
            "format": "nncc-resolution-model/1",
            "description": self.description,
            "prior": self.prior,
            "auto_link_threshold": self.auto_link_threshold,
            "review_threshold": self.review_threshold,
            "cluster_threshold": self.cluster_threshold,
            "tf_minimum": self.tf_minimum,
            "parameters": self.parameters,
            "term_frequencies": self.term_frequencies,
        }
        return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        parameters = data["parameters"]
        # A model saved before a neutral level existed still scores it, as nothing.
        for comparison, labels in NEUTRAL_LEVELS.items():
            for label in labels:
                parameters.setdefault(comparison, {}).setdefault(label, dict(_UNOBSERVED_NEUTRAL))
        return cls(
            prior=float(data["prior"]),
            parameters=parameters,
            term_frequencies=data.get("term_frequencies", {}),
            tf_minimum=float(data.get("tf_minimum", 1e-4)),
            auto_link_threshold=float(data["auto_link_threshold"]),
            review_threshold=float(data["review_threshold"]),
            cluster_threshold=float(data.get("cluster_threshold", Model.cluster_threshold)),
            description=data.get("description", ""),
        )

    # --- Splink ----------------------------------------------------------------------------

    def splink_settings(self, *, with_parameters: bool = True) -> dict[str, Any]:
        return splink_settings(self if with_parameters else None)

    @classmethod
    def from_splink(
        cls, settings: dict[str, Any], base: Model | None = None, **overrides: Any
    ) -> Model:
        """Read m and u of every level from a trained Splink model (``save_model_to_json``)."""
        parameters: dict[str, dict[str, dict[str, float]]] = {}
        for comparison in settings["comparisons"]:
            levels: dict[str, dict[str, float]] = {}
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                label = level["label_for_charts"]
                fallback = (base.parameters if base else {}).get(
                    comparison["output_column_name"], {}
                )
                old = fallback.get(label, _UNOBSERVED)
                levels[label] = {
                    "m": float(level.get("m_probability", old["m"])),
                    "u": float(level.get("u_probability", old["u"])),
                }
            parameters[comparison["output_column_name"]] = levels
        values: dict[str, Any] = {
            "prior": float(settings["probability_two_random_records_match"]),
            "parameters": parameters,
        }
        if base is not None:
            for name in (
                "term_frequencies",
                "tf_minimum",
                "auto_link_threshold",
                "review_threshold",
                "cluster_threshold",
                "description",
            ):
                values[name] = getattr(base, name)
        values.update(overrides)
        return cls(**values)


def splink_settings(model: Model | None) -> dict[str, Any]:
    """A Splink settings dictionary with our levels and, given a model, its parameters."""
    comparisons = [_splink_comparison(spec, model) for spec in specs()]
    settings: dict[str, Any] = {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "em_convergence": 0.0001,
        "max_iterations": 30,
    }
    if model is not None:
        settings["probability_two_random_records_match"] = model.prior
    return settings


def _splink_comparison(spec: ComparisonSpec, model: Model | None) -> dict[str, Any]:
    levels = []
    for level in spec.levels:
        entry: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.label}
        if level.null:
            entry["is_null_level"] = True
        if level.tf_column:
            entry["tf_adjustment_column"] = level.tf_column
            entry["tf_adjustment_weight"] = 1.0
            entry["tf_minimum_u_value"] = model.tf_minimum if model else 1e-4
        params = model.parameters.get(spec.name, {}).get(level.label) if model else None
        if params and not level.null:
            entry["m_probability"] = min(max(params["m"], _FLOOR), 1.0)
            entry["u_probability"] = min(max(params["u"], _FLOOR), 1.0)
        levels.append(entry)
    return {
        "output_column_name": spec.name,
        "comparison_description": spec.description,
        "comparison_levels": levels,
    }


@lru_cache(maxsize=1)
def specs() -> tuple[ComparisonSpec, ...]:
    return build_specs()


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped parameters (``data/model.json``, written by ``nncc.resolution.train``)."""
    text = resources.files("nncc.resolution").joinpath("data", "model.json").read_text("utf-8")
    return Model.from_json(text)
