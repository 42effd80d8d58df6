"""Name comparisons (own name, father's name) as order-insensitive token sets.

Tokens in ``names.COMMON_TOKENS`` ("muhammad", "khan") and clan names agree too, but a level
that rests only on them is kept apart, so that sharing "Muhammad Khan" weighs little. The SQL
calls the ``DUCKDB_MACROS``; ``name_level`` is the same rule in Python.
"""

from __future__ import annotations

from nncc.resolution.comparisons.levels import Level
from nncc.resolution.comparisons.tokens import (
    match_keys,
    name_variants,
    probe_keys,
    probed_variants,
)
from nncc.resolution.records import NameForm

#: Table macros the SQL levels call; created on the DuckDB connection before Splink runs.
#: A token ``x`` of one name agrees with the other name (its keys ``kb``, first letters ``fb``,
#: initials ``ib``, typo variants ``vb``) when its phonetic key is among ``kb``, or — for an
#: initial — its letter is among ``fb``, or — for a full token — its first letter is one of the
#: other's initials, or one of its typo variants (``typo_variants``) is among ``vb``.
#: One pass over each name, no nested loops: millions of pairs score in seconds.
DUCKDB_MACROS = (
    """create or replace macro nncc_token_agrees(x, kb, fb, ib, vb) as
        case when x.i then list_contains(fb, x.f)
        else list_has_any(x.k, kb) or list_contains(ib, x.f) or list_has_any(x.d, vb) end""",
    """create or replace macro nncc_matched(a, kb, fb, ib, vb) as
        len(list_filter(a, lambda x: nncc_token_agrees(x, kb, fb, ib, vb)))""",
    """create or replace macro nncc_rare_matched(a, kb, fb, ib, vb) as
        len(list_filter(a, lambda x: not x.i and not x.c
            and nncc_token_agrees(x, kb, fb, ib, vb)))""",
    "create or replace macro nncc_len(a) as len(a)",
    "create or replace macro nncc_overlap(a, b) as list_has_any(a, b)",
    """create or replace macro nncc_typo(a, b) as
        len(list_filter(a, lambda x: len(list_filter(b,
            lambda y: damerau_levenshtein(x, y) <= 1)) > 0)) > 0""",
)


def _name_conditions(column: str) -> tuple[str, str, str, str]:
    """SQL: (all of the left name's tokens agree, all of the right's, an uncommon token agrees,
    some token agrees)."""

    def matched(macro: str, a: str, b: str) -> str:
        return (
            f"{macro}({column}_items_{a}, {column}_keys_{b}, {column}_firsts_{b},"
            f" {column}_initials_{b}, {column}_variants_{b})"
        )

    all_l = f"{matched('nncc_matched', 'l', 'r')} = nncc_len({column}_items_l)"
    all_r = f"{matched('nncc_matched', 'r', 'l')} = nncc_len({column}_items_r)"
    rare_l = matched("nncc_rare_matched", "l", "r")
    rare_r = matched("nncc_rare_matched", "r", "l")
    return all_l, all_r, f"({rare_l} + {rare_r}) > 0", f"{matched('nncc_matched', 'l', 'r')} > 0"


def names_differ_sql(column: str = "name") -> str:
    """SQL for ``name_level`` giving "common_only" or "different": two names present that fall
    in none of the agreeing levels. With no uncommon token agreeing, "contained" needs all of a
    name of two tokens or more, so four matchings decide it (the levels' own SQL takes ten)."""
    all_l, all_r, rare, _some = _name_conditions(column)
    return (
        f"{column}_sorted_l <> {column}_sorted_r and not ({rare})"
        f" and not (({all_l}) and (({all_r}) or nncc_len({column}_items_l) >= 2))"
        f" and not (({all_r}) and nncc_len({column}_items_r) >= 2)"
    )


def name_levels(column: str) -> tuple[Level, ...]:
    all_l, all_r, rare, some = _name_conditions(column)
    return (
        Level("missing", f"{column}_items_l is null or {column}_items_r is null", "missing", True),
        Level("exact", f"{column}_sorted_l = {column}_sorted_r", "agree"),
        Level("all_tokens", f"{all_l} and {all_r}", "agree"),
        Level(
            "contained",
            f"(({all_l}) and ({rare} or nncc_len({column}_items_l) >= 2))"
            f" or (({all_r}) and ({rare} or nncc_len({column}_items_r) >= 2))",
            "close",
        ),
        Level("rare_token", rare, "close"),
        Level("common_only", some, "disagree"),
        Level("different", "else", "disagree"),
    )


def _matched(a: NameForm, b: NameForm, common: frozenset[str]) -> tuple[int, int]:
    """(tokens of ``a`` agreeing with ``b``, of which uncommon full tokens), as the macros."""
    keys = {
        m for t, k in zip(b.tokens, b.keys, strict=True) if len(t) > 1 for m in match_keys(t, k)
    }
    firsts = {t[:1] for t in b.tokens}
    initials = {t for t in b.tokens if len(t) == 1}
    variants = name_variants(b)
    matched = rare = 0
    for token, key in zip(a.tokens, a.keys, strict=True):
        if len(token) == 1:
            matched += token in firsts
        elif (
            not keys.isdisjoint(probe_keys(token, key))
            or token[:1] in initials
            or not variants.isdisjoint(probed_variants(token))
        ):
            matched += 1
            rare += token not in common
    return matched, rare


def name_level(a: NameForm, b: NameForm, common: frozenset[str]) -> str:
    if not a or not b:
        return "missing"
    if a.sorted_text == b.sorted_text:
        return "exact"
    matched_a, rare_a = _matched(a, b, common)
    matched_b, rare_b = _matched(b, a, common)
    all_a = matched_a == len(a.tokens)
    all_b = matched_b == len(b.tokens)
    if all_a and all_b:
        return "all_tokens"
    rare = rare_a + rare_b > 0
    # One name inside the other: a missing middle name or surname, if two tokens or an
    # uncommon one carry it ("Asif Khan" in "Muhammad Asif Khan", not "Khan" in "Ali Khan").
    if (all_a and (rare or len(a.tokens) >= 2)) or (all_b and (rare or len(b.tokens) >= 2)):
        return "contained"
    if rare:
        return "rare_token"
    return "common_only" if matched_a > 0 else "different"
