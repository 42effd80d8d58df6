"""Pairwise precision, recall and F1 of a clustering against the truth.

A *pair* is two records put in one cluster. Precision is the share of the found pairs that are
true (same entity), recall the share of the true pairs that were found. Counting is done per
cluster intersection, so a million records cost one pass, never a list of pairs.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    true_pairs: int  # pairs of records of the same entity
    found_pairs: int  # pairs of records the resolver put together
    correct_pairs: int  # found pairs that are true pairs

    @property
    def precision(self) -> float:
        # Finding nothing makes no false claim.
        return self.correct_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def pairwise_scores(
    predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]
) -> PairwiseScores:
    """Score ``predicted`` (record → cluster) against ``truth`` (record → entity).

    Both must name exactly the same records: a resolver that loses or invents a record is
    broken, and silently treating the lost ones as singletons would flatter it.
    """
    if predicted.keys() != truth.keys():
        missing = len(truth.keys() - predicted.keys())
        extra = len(predicted.keys() - truth.keys())
        raise ValueError(f"records differ from the truth: {missing} missing, {extra} unknown")
    true_sizes = Counter(truth.values())
    found_sizes = Counter(predicted.values())
    both = Counter((predicted[record], truth[record]) for record in truth)
    return PairwiseScores(
        true_pairs=sum(_pairs(size) for size in true_sizes.values()),
        found_pairs=sum(_pairs(size) for size in found_sizes.values()),
        correct_pairs=sum(_pairs(size) for size in both.values()),
    )


def _members(mapping: Mapping[str, Hashable]) -> list[list[str]]:
    groups: dict[Hashable, list[str]] = defaultdict(list)
    for record, label in mapping.items():
        groups[label].append(record)
    return [records for records in groups.values() if len(records) > 1]


def false_pairs(
    predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]
) -> Iterator[tuple[str, str]]:
    """Pairs put together that are two different entities."""
    for records in _members(predicted):
        for left, right in itertools.combinations(records, 2):
            if truth[left] != truth[right]:
                yield left, right


def missed_pairs(
    predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]
) -> Iterator[tuple[str, str]]:
    """Pairs of one entity left apart."""
    for records in _members(truth):
        for left, right in itertools.combinations(records, 2):
            if predicted[left] != predicted[right]:
                yield left, right
