"""Blocking keys: which records are worth comparing at all.

Two records become a candidate pair when they share a key. Batch resolution and online
resolution use the same keys, so a record that would be compared in a batch is also found
online. Keys built only from very common names ("muhammad", "khan") are avoided: they would
put thousands of records in one block and say little; a key shared by more than
``MAX_BLOCK_SIZE`` records is skipped by the batch for the same reason.
"""

from __future__ import annotations

from itertools import combinations

from nncc.resolution.comparisons import phone_tail
from nncc.resolution.names import COMMON_TOKENS
from nncc.resolution.records import NameForm, Prepared

#: A key shared by more records than this is too common to find anyone by.
MAX_BLOCK_SIZE = 50


def blocking_keys(p: Prepared) -> set[str]:

    keys: set[str] = set()
    keys.update(f"cnic:{value}" for value in p.cnics)
    keys.update(f"passport:{value}" for value in p.passports)
    keys.update(f"por:{value}" for value in p.pors)
    keys.update(f"phone:{phone_tail(value)}" for value in p.phones)
    if p.birth_day is not None:
        keys.add(f"dob:{p.birth_date}")

    name_rare, name_all = _keys(p.name, COMMON_TOKENS)
    father_rare, father_all = _keys(p.father, COMMON_TOKENS)
    # Two tokens of the name, in any order, at least one of them uncommon: survives name-order
    # swaps, a missing middle name and a spelling variant of one token.
    for first, second in combinations(sorted(name_all), 2):
        if first in name_rare or second in name_rare:
            keys.add(f"nn:{first}|{second}")
    # A token of the own name with one of the father's, leaving out the family name both share
    # (a son's "Khan" and his father's "Khan" would put every Khan family in one block).
    own = sorted(name_all - father_all) or sorted(name_all)
    fathers = sorted(father_rare - name_all) or sorted(father_all - name_all) or sorted(father_all)
    for token in own[:3]:
        for father in fathers[:2]:
            keys.add(f"nf:{token}|{father}")
        # Every uncommon token of the father, the family name too: the choice above depends on
        # whether the own name repeats the family name, which one agency writes and another not
        # ("Ghulam Ali Mahar s/o Ashraf Mahar" / "Ghulam Ali s/o Ashraf Mahar").
        for father in sorted(father_rare)[:3]:
            keys.add(f"nf:{token}|{father}")
        if p.birth_year is not None:
            # One token and the year: finds "M. Khalid" (born 2002) as "Khalid Afridi" (2002).
            keys.add(f"ty:{token}|{p.birth_year}")
    if name_all:
        # The whole name (order-insensitive), alone and with the year of birth or the father:
        # names made of common tokens only ("Muhammad Asif Khan") are found this way.
        whole = "+".join(sorted(name_all))
        # A one-word name ("Ihsan") is its own key; a longer one only as a whole.
        keys.add(f"nw:{whole}")
        if p.birth_year is not None:
            keys.add(f"ny:{whole}|{p.birth_year}")
        if father_all:
            keys.add(f"nwf:{whole}|{'+'.join(sorted(father_all))}")
    return keys


def _keys(form: NameForm, common: frozenset[str]) -> tuple[set[str], set[str]]:
    rare: set[str] = set()
    every: set[str] = set()
    for token, key in zip(form.tokens, form.keys, strict=True):
        if len(token) < 2:  # initials find no one
            continue
        every.add(key)
        if token not in common:
            rare.add(key)
    return rare, every
