"""The comparison levels of the model, written twice: as DuckDB SQL for Splink and in Python.

Splink trains the model and scores whole batches; ``scoring.compare`` scores one pair in Python
for online resolution and for explanations. Both must put a pair in the same level, so each
level is defined here once in SQL and once in Python, next to each other, and a test scores a
sample of pairs both ways and compares the weights.

Names are compared as token sets (order-insensitive): a token of one name agrees with the other
name when its phonetic key (``names.phonetic_key`` of the canonical form, which absorbs spelling
variants and most typos) is among the other's keys, or when one of the two is an initial of the
other. Tokens in ``names.COMMON_TOKENS`` ("muhammad", "khan") agree too, but a level that rests
only on them is kept apart, so that sharing "Muhammad Khan" weighs little.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jellyfish
import pyarrow as pa

from nncc.resolution.records import NameForm, Prepared

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


# --- names -----------------------------------------------------------------------------------


def _name_levels(column: str) -> tuple[Level, ...]:
    def matched(macro: str, a: str, b: str) -> str:
        return (
            f"{macro}({column}_items_{a}, {column}_keys_{b}, {column}_firsts_{b},"
            f" {column}_initials_{b}, {column}_variants_{b})"
        )

    all_l = f"{matched('nncc_matched', 'l', 'r')} = nncc_len({column}_items_l)"
    all_r = f"{matched('nncc_matched', 'r', 'l')} = nncc_len({column}_items_r)"
    rare_l = matched("nncc_rare_matched", "l", "r")
    rare_r = matched("nncc_rare_matched", "r", "l")
    rare = f"({rare_l} + {rare_r}) > 0"
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
        Level("common_only", f"{matched('nncc_matched', 'l', 'r')} > 0", "disagree"),
        Level("different", "else", "disagree"),
    )


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    from nncc.resolution.names.table import TABLE

    return frozenset(TABLE.kinds)


def _fold(canonical: str) -> str:
    """A known name with its long vowels and doubled letters written short: "rasheed" and
    "rashid", "waheed" and "wahid" meet (agencies write one for the other); "hassan" and
    "hussain", "muhammad" and "mahmood" stay apart."""
    short = canonical.replace("ee", "i").replace("oo", "u")
    return re.sub(r"(.)\1+", r"\1", short)


def probe_keys(token: str, key: str) -> tuple[str, ...]:
    """What a token of one name looks up among the other name's ``match_keys``.

    The phonetic key alone would let two different names of the table agree because their
    consonants do ("Hassan" / "Hussain", "Muhammad" / "Mahmood", "Aslam" / "Islam": brothers'
    names). Two names the table knows agree only on their folded canonical form (``_fold``); a
    spelling the table does not know still agrees with either by its phonetic key.
    """
    if len(token) == 1:
        return (f"~{token}",)  # an initial's key can never equal a full token's key
    if token in _known():
        return (f"={_fold(token)}", f"?{key}")
    return (key,)


def match_keys(token: str, key: str) -> tuple[str, ...]:
    """The keys a token offers to the other name's ``probe_keys`` (see there)."""
    probes = probe_keys(token, key)
    if len(probes) == 2:
        return (probes[0], key)
    return (key, f"?{key}")


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
            or not variants.isdisjoint(typo_variants(token))
        ):
            matched += 1
            rare += token not in common
    return matched, rare


#: Tokens shorter than this get no typo tolerance beyond their phonetic key ("ali" / "ala").
TYPO_MIN_LENGTH = 4


@lru_cache(maxsize=100_000)
def typo_variants(token: str) -> frozenset[str]:
    """The token and every string one deletion away: two tokens one typo apart (a letter
    changed, added, dropped, or two neighbours swapped) always share one of these. A name one
    spelling serves for two (``names.SHARED_SPELLINGS``) adds the other reading, so "Masood"
    agrees with "Mehsud"."""
    from nncc.resolution.names import SHARED_SPELLINGS

    shared = SHARED_SPELLINGS.get(token, frozenset())
    if len(token) < TYPO_MIN_LENGTH:
        return shared | {token} if shared else frozenset()
    return frozenset([token, *(token[:i] + token[i + 1 :] for i in range(len(token)))]) | shared


def name_variants(form: NameForm) -> frozenset[str]:
    return frozenset().union(*(typo_variants(token) for token in form.tokens))


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


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """Tokens that alone make no "rare_token" agreement: the very common names, and tribe and
    clan names, which a man shares with his brothers, cousins and sons ("Asif Afridi" and
    "Tariq Afridi" are likelier brothers than one man)."""
    from nncc.resolution import names

    return frozenset(names.COMMON_TOKENS | names.CLAN_TOKENS)


# --- dates of birth --------------------------------------------------------------------------

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


# --- identifiers -----------------------------------------------------------------------------


def _identifier_levels(column: str, hard: bool) -> tuple[Level, ...]:
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


PHONE_LEVELS = (
    Level("missing", "phones_l is null or phones_r is null", "missing", null=True),
    Level("exact", "nncc_overlap(phones_l, phones_r)", "agree"),
    Level("last_7_digits", "nncc_overlap(phone_tails_l, phone_tails_r)", "close"),
    Level("different", "else", "disagree"),
)


def phone_tail(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())[-7:]


def phone_level(a: Prepared, b: Prepared) -> str:
    if not a.phones or not b.phones:
        return "missing"
    if set(a.phones) & set(b.phones):
        return "exact"
    if {phone_tail(p) for p in a.phones} & {phone_tail(p) for p in b.phones}:
        return "last_7_digits"
    return "different"


def _equality_levels(column: str) -> tuple[Level, ...]:
    return (
        Level("missing", f"{column}_l is null or {column}_r is null", "missing", null=True),
        Level("exact", f"{column}_l = {column}_r", "agree"),
        Level("different", "else", "disagree"),
    )


def _equal(field: str) -> Callable[[Prepared, Prepared], str]:
    def level(a: Prepared, b: Prepared) -> str:
        x, y = getattr(a, field), getattr(b, field)
        if not x or not y:
            return "missing"
        return "exact" if x == y else "different"

    return level


def _with_tf(levels: tuple[Level, ...], column: str, labels: set[str]) -> tuple[Level, ...]:
    return tuple(
        Level(lv.label, lv.sql, lv.outcome, lv.null, column if lv.label in labels else "")
        for lv in levels
    )


def build_specs() -> tuple[ComparisonSpec, ...]:
    common = _common()
    name_tf = {"exact", "all_tokens"}
    return (
        ComparisonSpec(
            "name",
            "own name, order-insensitive token sets",
            _with_tf(_name_levels("name"), "name_sorted", name_tf),
            lambda a, b: name_level(a.name, b.name, common),
        ),
        ComparisonSpec(
            "father",
            "father's name",
            _with_tf(_name_levels("father"), "father_sorted", name_tf),
            lambda a, b: name_level(a.father, b.father, common),
        ),
        ComparisonSpec("birth", "date of birth", BIRTH_LEVELS, birth_level),
        ComparisonSpec(
            "cnic",
            "CNIC",
            _identifier_levels("cnics", hard=True),
            lambda a, b: identifier_level(a.cnics, b.cnics),
        ),
        ComparisonSpec(
            "passport",
            "passport",
            _identifier_levels("passports", hard=False),
            lambda a, b: identifier_level(a.passports, b.passports),
        ),
        ComparisonSpec(
            "por",
            "PoR card",
            _identifier_levels("pors", hard=True),
            lambda a, b: identifier_level(a.pors, b.pors),
        ),
        ComparisonSpec("phone", "phone", PHONE_LEVELS, phone_level),
        ComparisonSpec("sex", "sex", _equality_levels("sex"), _equal("sex")),
        ComparisonSpec(
            "nationality", "nationality", _equality_levels("nationality"), _equal("nationality")
        ),
        ComparisonSpec("district", "district", _equality_levels("district"), _equal("district")),
    )


NAME_COLUMNS = ("items", "keys", "firsts", "initials", "variants")


def splink_row(p: Prepared) -> dict[str, Any]:
    """The columns the SQL levels read, for one prepared record (empty values are NULL)."""
    common = _common()

    def columns(prefix: str, form: NameForm) -> dict[str, Any]:
        if not form:
            return {f"{prefix}_{suffix}": None for suffix in ("sorted", *NAME_COLUMNS)}
        pairs = list(zip(form.tokens, form.keys, strict=True))
        return {
            f"{prefix}_sorted": form.sorted_text,
            f"{prefix}_items": [
                {
                    "k": list(probe_keys(t, k)),
                    "f": t[:1],
                    "c": t in common,
                    "i": len(t) == 1,
                    "d": sorted(typo_variants(t)),
                }
                for t, k in pairs
            ],
            f"{prefix}_variants": sorted(name_variants(form)),
            f"{prefix}_keys": sorted({m for t, k in pairs if len(t) > 1 for m in match_keys(t, k)}),
            f"{prefix}_firsts": sorted({t[:1] for t, _ in pairs}),
            f"{prefix}_initials": sorted({t for t, _ in pairs if len(t) == 1}),
        }

    return {
        "unique_id": p.record_id,
        **columns("name", p.name),
        **columns("father", p.father),
        "birth_year": p.birth_year,
        "birth_month": p.birth_month,
        "birth_day": p.birth_day,
        "cnics": list(p.cnics) or None,
        "passports": list(p.passports) or None,
        "pors": list(p.pors) or None,
        "phones": list(p.phones) or None,
        "phone_tails": [phone_tail(x) for x in p.phones] or None,
        "sex": p.sex or None,
        "nationality": p.nationality or None,
        "district": p.district or None,
    }


def arrow_schema() -> pa.Schema:
    item = pa.struct(
        [
            ("k", pa.list_(pa.string())),
            ("f", pa.string()),
            ("c", pa.bool_()),
            ("i", pa.bool_()),
            ("d", pa.list_(pa.string())),
        ]
    )
    strings = pa.list_(pa.string())
    name_columns = [
        (f"{prefix}_{suffix}", kind)
        for prefix in ("name", "father")
        for suffix, kind in (
            ("sorted", pa.string()),
            ("items", pa.list_(item)),
            ("keys", strings),
            ("firsts", strings),
            ("initials", strings),
            ("variants", strings),
        )
    ]
    return pa.schema(
        [
            ("unique_id", pa.string()),
            *name_columns,
            ("birth_year", pa.int32()),
            ("birth_month", pa.int32()),
            ("birth_day", pa.int32()),
            ("cnics", strings),
            ("passports", strings),
            ("pors", strings),
            ("phones", strings),
            ("phone_tails", strings),
            ("sex", pa.string()),
            ("nationality", pa.string()),
            ("district", pa.string()),
        ]
    )
