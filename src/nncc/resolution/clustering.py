"""Constrained greedy clustering: join the most probable pairs first, never across a conflict.

Plain connected components over the scored pairs let one weak link chain unrelated men into one
person. Here pairs are taken in descending probability, and two clusters are joined only if the
union would hold no two different values of a hard identifier (``HARD_IDENTIFIERS``: CNIC and
PoR card, numbers a person keeps for life) — "different" meaning more than one typo apart, the
same tolerance the scoring gives these numbers — and no pair a reviewer declared different
(``cannot_link``). Passports are not hard: a man renews his passport and gets a new number, so
two passport numbers are strong evidence against a match (a large negative weight in scoring),
not a proof; pass ``hard_kinds`` to make them one. A reviewer's "same"
(``must_link``) joins clusters first, whatever the score; it still cannot join two different
CNICs (the records themselves would then be wrong, and the reviewer sees the conflict).

Greedy joining alone is single-link: brothers who share a father and the family phone, each
scored just above the threshold against one record of the other, chain whole families into one
man. With ``min_support`` (batch resolution uses ``MIN_SUPPORT``) two clusters of more than one
record between them join only when the mean probability over all their cross pairs — a pair
never scored counting as 0 — reaches it: a true duplicate resembles most of the other cluster,
a relative only the one record he was confused with. Measured on the synthetic benchmark (20,000
records) this raised pairwise F1 from 0.933 to 0.946 at the 0.5 threshold.

The cluster id is the first record id of the cluster in the order the records were given, so a
re-run over the same input gives the same ids.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from nncc.resolution.comparisons import one_typo

Id = TypeVar("Id", bound=Hashable)

#: Identifier kinds of which a cluster never holds two different values.
HARD_IDENTIFIERS = ("cnic", "por")
#: The mean cross-pair probability two multi-record clusters need to join (see above).
MIN_SUPPORT = 0.2


def hard_conflict(
    ours: Mapping[str, Iterable[str]],
    theirs: Mapping[str, Iterable[str]],
    kinds: Iterable[str] = HARD_IDENTIFIERS,
) -> str:
    """The first hard identifier kind on which two groups of records disagree, or "".

    One rule for the batch clustering and for a reviewer's merge: a person has one number of
    each hard kind, so any two of them more than one typo apart mean two people.
    """
    for kind in kinds:
        left, right = ours.get(kind), theirs.get(kind)
        if left and right and any(not one_typo(x, y) for x in left for y in right):
            return kind
    return ""


def cluster(
    record_ids: Iterable[Id],
    pairs: Iterable[tuple[Id, Id, float]],
    strong_ids: Mapping[Id, Mapping[str, set[str]]],
    threshold: float,
    *,
    must_link: Iterable[tuple[Id, Id]] = (),
    cannot_link: Iterable[tuple[Id, Id]] = (),
    hard_kinds: Iterable[str] = HARD_IDENTIFIERS,
    min_support: float = 0.0,
) -> dict[Id, Id]:
    """Map every record id to its cluster id (the cluster's first record id)."""
    order = {record_id: index for index, record_id in enumerate(record_ids)}
    parent: dict[Id, Id] = {record_id: record_id for record_id in order}
    members: dict[Id, list[Id]] = {record_id: [record_id] for record_id in order}
    hard = set(hard_kinds)
    values: dict[Id, dict[str, set[str]]] = {
        record_id: {
            kind: set(v) for kind, v in strong_ids.get(record_id, {}).items() if v and kind in hard
        }
        for record_id in order
    }
    forbidden: dict[Id, set[Id]] = {}
    for left, right in cannot_link:
        if left in order and right in order:
            forbidden.setdefault(left, set()).add(right)
            forbidden.setdefault(right, set()).add(left)

    def find(node: Id) -> Id:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:  # path compression keeps later finds short
            parent[node], node = root, parent[node]
        return root

    def compatible(a: Id, b: Id) -> bool:
        if hard_conflict(values[a], values[b], hard):
            return False
        if forbidden:
            smaller, larger = sorted((a, b), key=lambda root: len(members[root]))
            others = set(members[larger])
            for member in members[smaller]:
                if forbidden.get(member, set()) & others:
                    return False
        return True

    pairs = [pair for pair in pairs if pair[0] in order and pair[1] in order]
    neighbours: dict[Id, dict[Id, float]] = {}
    if min_support > 0:
        for left, right, probability in pairs:
            neighbours.setdefault(left, {})[right] = probability
            neighbours.setdefault(right, {})[left] = probability

    def supported(a: Id, b: Id) -> bool:
        ours, theirs = members[a], members[b]
        if len(ours) == 1 and len(theirs) == 1:
            return True
        smaller, larger = (ours, theirs) if len(ours) < len(theirs) else (theirs, ours)
        others = set(larger)
        total = sum(
            probability
            for member in smaller
            for other, probability in neighbours.get(member, {}).items()
            if other in others
        )
        return total >= min_support * len(ours) * len(theirs)

    def union(a: Id, b: Id, *, reviewed: bool = False) -> None:
        root_a, root_b = find(a), find(b)
        if root_a == root_b or not compatible(root_a, root_b):
            return
        if min_support > 0 and not reviewed and not supported(root_a, root_b):
            return
        if len(members[root_a]) < len(members[root_b]):
            root_a, root_b = root_b, root_a
        parent[root_b] = root_a
        members[root_a].extend(members.pop(root_b))
        for kind, found in values.pop(root_b).items():
            values[root_a].setdefault(kind, set()).update(found)

    for left, right in must_link:
        if left in order and right in order:
            union(left, right)
    ranked = sorted(
        (pair for pair in pairs if pair[2] >= threshold),
        key=lambda pair: (-pair[2], order[pair[0]], order[pair[1]]),
    )
    for left, right, _probability in ranked:
        union(left, right)

    result: dict[Id, Id] = {}
    for group in members.values():
        first = min(group, key=order.__getitem__)
        for member in group:
            result[member] = first
    return {record_id: result[record_id] for record_id in order}
