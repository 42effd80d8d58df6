"""Dates of birth: exact, day and month swapped, year only, years apart."""

from __future__ import annotations

from nncc.resolution.comparisons.levels import Level
from nncc.resolution.records import Prepared

_FULL_L = "birth_month_l is not null and birth_day_l is not null"
_FULL_R = "birth_month_r is not null and birth_day_r is not null"
BIRTH_LEVELS = (
    Level("missing", "birth_year_l is null or birth_year_r is null", "missing", null=True),
    Level(
        "exact",
        f"{_FULL_L} and {_FULL_R} and birth_year_l = birth_year_r"
        " and birth_month_l = birth_month_r and birth_day_l = birth_day_r",
        "agree",
    ),
    Level(
        "day_month_swapped",
        f"{_FULL_L} and {_FULL_R} and birth_year_l = birth_year_r"
        " and birth_month_l = birth_day_r and birth_day_l = birth_month_r",
        "close",
    ),
    Level(
        "year_only",
        f"birth_year_l = birth_year_r and not ({_FULL_L} and {_FULL_R})",
        "agree",
    ),
    Level("same_year", "birth_year_l = birth_year_r", "close"),
    Level("within_1_year", "abs(birth_year_l - birth_year_r) <= 1", "close"),
    Level("within_5_years", "abs(birth_year_l - birth_year_r) <= 5", "disagree"),
    Level("different", "else", "disagree"),
)


def birth_level(a: Prepared, b: Prepared) -> str:
    if a.birth_year is None or b.birth_year is None:
        return "missing"
    full = a.birth_day is not None and b.birth_day is not None
    same_year = a.birth_year == b.birth_year
    if full and same_year:
        if (a.birth_month, a.birth_day) == (b.birth_month, b.birth_day):
            return "exact"
        if (a.birth_month, a.birth_day) == (b.birth_day, b.birth_month):
            return "day_month_swapped"
        return "same_year"
    if same_year:
        return "year_only"
    gap = abs(a.birth_year - b.birth_year)
    return "within_1_year" if gap <= 1 else "within_5_years" if gap <= 5 else "different"
