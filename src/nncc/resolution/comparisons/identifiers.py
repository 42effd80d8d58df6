"""Identity numbers, phones and the plain fields compared for equality."""

from __future__ import annotations

from collections.abc import Callable

import jellyfish

from nncc.resolution.comparisons.levels import Level
from nncc.resolution.comparisons.names import name_level, names_differ_sql
from nncc.resolution.comparisons.tokens import common_tokens
from nncc.resolution.records import Prepared


def identifier_levels(column: str, hard: bool) -> tuple[Level, ...]:
    return (
        Level("missing", f"{column}_l is null or {column}_r is null", "missing", null=True),
        Level("exact", f"nncc_overlap({column}_l, {column}_r)", "agree"),
        Level("one_typo", f"nncc_typo({column}_l, {column}_r)", "close"),
        Level("different", "else", "conflict" if hard else "disagree"),
    )


def one_typo(x: str, y: str) -> bool:
    """One substitution, insertion, deletion or transposition of neighbours apart (or equal)."""
    if x == y:
        return True
    if abs(len(x) - len(y)) > 1:
        return False
    return jellyfish.damerau_levenshtein_distance(x, y) <= 1


def identifier_level(xs: tuple[str, ...], ys: tuple[str, ...]) -> str:
    if not xs or not ys:
        return "missing"
    if set(xs) & set(ys):
        return "exact"
    if any(one_typo(x, y) for x in xs for y in ys):
        return "one_typo"
    return "different"


#: A phone shared by two men whose own names differ is the household's: brothers, a father and
#: his sons give the family number. It says they are related, not that they are one man, so
#: the level weighs nothing (``model.NEUTRAL_LEVELS``).
PHONE_LEVELS = (
    Level("missing", "phones_l is null or phones_r is null", "missing", null=True),
    Level(
        "household",
        # CASE: the names are matched only for the few pairs sharing a phone
        f"case when nncc_overlap(phone_tails_l, phone_tails_r) then {names_differ_sql()}"
        " else false end",
        "close",
    ),
    Level("exact", "nncc_overlap(phones_l, phones_r)", "agree"),
    Level("last_7_digits", "nncc_overlap(phone_tails_l, phone_tails_r)", "close"),
    Level("different", "else", "disagree"),
)


def phone_tail(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())[-7:]


def phone_level(a: Prepared, b: Prepared) -> str:
    if not a.phones or not b.phones:
        return "missing"
    shared_tail = bool({phone_tail(p) for p in a.phones} & {phone_tail(p) for p in b.phones})
    if shared_tail and name_level(a.name, b.name, common_tokens()) in ("common_only", "different"):
        return "household"
    if set(a.phones) & set(b.phones):
        return "exact"
    if {phone_tail(p) for p in a.phones} & {phone_tail(p) for p in b.phones}:
        return "last_7_digits"
    return "different"


def equality_levels(column: str) -> tuple[Level, ...]:
    return (
        Level("missing", f"{column}_l is null or {column}_r is null", "missing", null=True),
        Level("exact", f"{column}_l = {column}_r", "agree"),
        Level("different", "else", "disagree"),
    )


def equal(field: str) -> Callable[[Prepared, Prepared], str]:
    def level(a: Prepared, b: Prepared) -> str:
        x, y = getattr(a, field), getattr(b, field)
        if not x or not y:
            return "missing"
        return "exact" if x == y else "different"

    return level
