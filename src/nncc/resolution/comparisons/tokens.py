"""When a token of one name agrees with the other name: keys, folding and typo variants.

A token agrees when its phonetic key (``names.phonetic_key`` of the canonical form, which
absorbs spelling variants and most typos) is among the other's keys, when one of the two is an
initial of the other, or when the two are one typo apart. Names the table knows are held apart
more strictly than spellings it does not (``probe_keys``, ``probed_variants``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nncc.resolution.records import NameForm


@lru_cache(maxsize=1)
def known_tokens() -> frozenset[str]:
    from nncc.resolution.names.table import TABLE

    return frozenset(TABLE.kinds)


@lru_cache(maxsize=100_000)
def _fold(canonical: str) -> str:
    """A known name with its long vowels and doubled letters written short: "rasheed" and
    "rashid", "waheed" and "wahid" meet (agencies write one for the other); "hassan" and
    "hussain", "muhammad" and "mahmood" stay apart."""
    short = canonical.replace("ee", "i").replace("oo", "u")
    return re.sub(r"(.)\1+", r"\1", short)


@lru_cache(maxsize=100_000)  # a batch asks for the same few thousand tokens again and again
def probe_keys(token: str, key: str) -> tuple[str, ...]:
    """What a token of one name looks up among the other name's ``match_keys``.

    The phonetic key alone would let two different names of the table agree because their
    consonants do ("Hassan" / "Hussain", "Muhammad" / "Mahmood", "Aslam" / "Islam": brothers'
    names). Two names the table knows agree only on their folded canonical form (``_fold``); a
    spelling the table does not know still agrees with either by its phonetic key.
    """
    if len(token) == 1:
        return (f"~{token}",)  # an initial's key can never equal a full token's key
    if token in known_tokens():
        return (f"={_fold(token)}", f"?{key}")
    return (key,)


def match_keys(token: str, key: str) -> tuple[str, ...]:
    """The keys a token offers to the other name's ``probe_keys`` (see there)."""
    probes = probe_keys(token, key)
    if len(probes) == 2:
        return (probes[0], key)
    return (key, f"?{key}")


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


#: Marks the variants of a token the name table does not know (see ``probed_variants``).
_LOOSE = "!"


@lru_cache(maxsize=100_000)
def probed_variants(token: str) -> frozenset[str]:
    """What a token looks up among the other name's ``name_variants``.

    Two names the table knows are different names even one letter apart: brothers are named
    to rhyme ("Nadeem" and "Naeem", "Sajid" and "Majid", "Asif" and "Atif"), so a known token
    takes a typo only from a spelling the table does not know ("Nadem"), which offers its
    variants a second time, marked. The other reading of a shared spelling still agrees.
    """
    from nncc.resolution.names import SHARED_SPELLINGS

    if token not in known_tokens():
        return typo_variants(token)
    shared = SHARED_SPELLINGS.get(token, frozenset())
    return frozenset(_LOOSE + v for v in typo_variants(token) - shared) | shared


@lru_cache(maxsize=100_000)
def offered_variants(token: str) -> frozenset[str]:
    """What a token offers to the other name's ``probed_variants``."""
    variants = typo_variants(token)
    if token in known_tokens():
        return variants
    return variants | frozenset(_LOOSE + v for v in variants)


def name_variants(form: NameForm) -> frozenset[str]:
    return frozenset().union(*(offered_variants(token) for token in form.tokens))


@lru_cache(maxsize=1)
def common_tokens() -> frozenset[str]:
    """Tokens that alone make no "rare_token" agreement: the very common names, and tribe and
    clan names, which a man shares with his brothers, cousins and sons ("Asif Afridi" and
    "Tariq Afridi" are likelier brothers than one man)."""
    from nncc.resolution import names

    return frozenset(names.COMMON_TOKENS | names.CLAN_TOKENS)
