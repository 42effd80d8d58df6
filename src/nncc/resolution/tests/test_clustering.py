"""Constrained clustering: most probable pairs first, never across different strong identifiers."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from nncc.resolution.clustering import cluster


def groups(result: dict[str, str]) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for record_id, cluster_id in result.items():
        found.setdefault(cluster_id, set()).add(record_id)
    return {frozenset(members) for members in found.values()}


def test_pairs_above_the_threshold_join_and_the_id_is_the_first_record():
    result = cluster(["a", "b", "c", "d"], [("b", "c", 0.95), ("c", "d", 0.4)], {}, 0.9)
    assert result == {"a": "a", "b": "b", "c": "b", "d": "d"}


def test_two_different_cnics_never_share_a_cluster_even_transitively():
    strong = {"a": {"cnic": {"3520212345671"}}, "c": {"cnic": {"6110198765433"}}}
    # b has no CNIC and looks like both; the stronger link wins, the weaker is refused.
    pairs = [("a", "b", 0.99), ("b", "c", 0.97), ("a", "c", 0.2)]
    result = cluster(["a", "b", "c"], pairs, strong, 0.5)
    assert groups(result) == {frozenset({"a", "b"}), frozenset({"c"})}


def test_each_hard_kind_is_checked_on_its_own():
    strong = {
        "a": {"por": {"POR123456"}, "cnic": {"3520212345671"}},
        "b": {"por": {"POR999999"}},
        "c": {"passport": {"AB1234567"}, "cnic": {"3520212345671"}},
    }
    pairs = [("a", "b", 0.99), ("a", "c", 0.99)]
    assert groups(cluster(["a", "b", "c"], pairs, strong, 0.5)) == {
        frozenset({"a", "c"}),
        frozenset({"b"}),
    }


def test_passports_are_soft_unless_asked():
    strong = {"a": {"passport": {"AB1234567"}}, "b": {"passport": {"XY7654321"}}}
    pairs = [("a", "b", 0.99)]
    assert groups(cluster(["a", "b"], pairs, strong, 0.5)) == {frozenset({"a", "b"})}
    hard = cluster(["a", "b"], pairs, strong, 0.5, hard_kinds=("cnic", "passport", "por"))
    assert groups(hard) == {frozenset({"a"}), frozenset({"b"})}


def test_one_typo_apart_is_the_same_number_but_not_two_typos():
    strong = {
        "a": {"cnic": {"3520212345671"}},
        "b": {"cnic": {"3520212345617"}},  # neighbours swapped: a typing slip
        "c": {"cnic": {"3520212349917"}},  # two more digits off from a
    }
    pairs = [("a", "b", 0.99), ("b", "c", 0.98)]
    assert groups(cluster(["a", "b", "c"], pairs, strong, 0.5)) == {
        frozenset({"a", "b"}),
        frozenset({"c"}),
    }


def test_reviewers_decisions_come_before_scores():
    pairs = [("a", "b", 0.99), ("c", "d", 0.1)]
    result = cluster(
        ["a", "b", "c", "d"],
        pairs,
        {},
        0.5,
        must_link=[("c", "d")],
        cannot_link=[("a", "b")],
    )
    assert groups(result) == {frozenset({"a"}), frozenset({"b"}), frozenset({"c", "d"})}


def test_cannot_link_holds_transitively():
    pairs = [("a", "b", 0.99), ("b", "c", 0.98)]
    result = cluster(["a", "b", "c"], pairs, {}, 0.5, cannot_link=[("a", "c")])
    assert groups(result) == {frozenset({"a", "b"}), frozenset({"c"})}


def test_unknown_ids_in_pairs_are_ignored_and_every_record_is_answered():
    result = cluster(["a", "b"], [("a", "zz", 0.99)], {}, 0.5)
    assert result == {"a": "a", "b": "b"}


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_no_cluster_ever_holds_two_different_cnics(seed: int):
    rng = random.Random(seed)
    ids = [f"r{i}" for i in range(30)]
    cnics = ["1111111111111", "2222222222222", "3333333333333"]
    strong = {i: {"cnic": {rng.choice(cnics)}} for i in ids if rng.random() < 0.5}
    pairs = [(rng.choice(ids), rng.choice(ids), rng.random()) for _ in range(120)]
    result = cluster(ids, pairs, strong, 0.3)
    for members in groups(result):
        values = set().union(*(strong.get(m, {}).get("cnic", set()) for m in members))
        assert len(values) <= 1, members
    # and the answer does not depend on the order the pairs came in
    rng.shuffle(pairs)
    assert cluster(ids, pairs, strong, 0.3) == result


def test_clusters_need_average_support_to_join_but_pairs_do_not():
    # a1–a2 and b1–b2 are two brothers' records; a2 looks like b1 (shared father and phone),
    # but nothing else across the two clusters does.
    pairs = [("a1", "a2", 0.99), ("b1", "b2", 0.98), ("a2", "b1", 0.9)]
    ids = ["a1", "a2", "b1", "b2"]
    assert len(groups(cluster(ids, pairs, {}, 0.5))) == 1  # single link chains them
    apart = cluster(ids, pairs, {}, 0.5, min_support=0.3)  # 0.9 / 4 cross pairs = 0.225
    assert groups(apart) == {frozenset({"a1", "a2"}), frozenset({"b1", "b2"})}
    # a third record like both of one cluster joins it; a reviewer's "same" needs no support
    joined = cluster(
        ["a1", "a2", "c"], [*pairs, ("c", "a1", 0.6), ("c", "a2", 0.6)], {}, 0.5, min_support=0.3
    )
    assert groups(joined) == {frozenset({"a1", "a2", "c"})}
    reviewed = cluster(ids, pairs, {}, 0.5, min_support=0.3, must_link=[("a1", "b2")])
    assert len(groups(reviewed)) == 1
