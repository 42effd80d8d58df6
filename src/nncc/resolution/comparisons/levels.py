"""What a comparison is: its levels, each once as SQL and once as a Python rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nncc.resolution.records import Prepared


@dataclass(frozen=True)
class Level:
    label: str  # stable name, also the key of the level's parameters in model.json
    sql: str
    outcome: str  # "agree" | "close" | "disagree" | "missing" | "conflict" (for explanations)
    null: bool = False
    tf_column: str = ""


@dataclass(frozen=True)
class ComparisonSpec:
    name: str
    description: str
    levels: tuple[Level, ...]
    #: the label of the level a pair falls in, or "" for the last (else) level
    python: Callable[[Prepared, Prepared], str]

    def level_index(self, a: Prepared, b: Prepared) -> int:
        label = self.python(a, b)
        for index, level in enumerate(self.levels):
            if level.label == label:
                return index
        return len(self.levels) - 1


def with_tf(levels: tuple[Level, ...], column: str, labels: set[str]) -> tuple[Level, ...]:
    """``levels`` with Splink's term-frequency adjustment on ``column`` for ``labels``."""
    return tuple(
        Level(lv.label, lv.sql, lv.outcome, lv.null, column if lv.label in labels else "")
        for lv in levels
    )
