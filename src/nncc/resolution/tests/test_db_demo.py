"""The demo's repeat offenders are found across agencies by the resolution run at seeding."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from itertools import combinations

import pytest

from nncc.demo.generator import seed_demo
from nncc.demo.plan import SMALL
from nncc.registry.models import Person
from nncc.resolution.models import CandidateStatus, IdentityMember, MatchCandidate

pytestmark = pytest.mark.django_db

#: a small campaign with more men arrested by several agencies, so recall is measured on more
#: than a handful of pairs
TARGETS = dataclasses.replace(SMALL, repeat_offenders=20)


def pairs_of(groups):
    return {frozenset(pair) for group in groups for pair in combinations(sorted(group), 2)}


def test_repeat_offenders_are_found_across_agencies():
    result = seed_demo(seed=2025, targets=TARGETS)
    by_record = {
        (agency, record_id): pk
        for pk, agency, record_id in Person.objects.values_list(
            "pk", "agency__code", "agency_record_id"
        )
    }
    truth = pairs_of([[by_record[r] for r in group] for group in result.repeat_offenders])
    assert len(truth) >= 15

    placed = dict(IdentityMember.objects.values_list("person_id", "identity_id"))
    assert len(placed) == Person.objects.count(), "every statement is resolved"
    members = defaultdict(list)
    for person, identity in placed.items():
        members[identity].append(person)
    joined = pairs_of(members.values())
    queued = {
        frozenset(pair)
        for pair in MatchCandidate.objects.filter(status=CandidateStatus.PENDING).values_list(
            "person_a_id", "person_b_id"
        )
    }

    recall = len(truth & joined) / len(truth)
    found = len(truth & (joined | queued)) / len(truth)
    precision = len(truth & joined) / max(1, len(joined))
    print(f"demo: recall {recall:.2f}, with the queue {found:.2f}, precision {precision:.2f}")
    # What stays apart are pairs with nothing but a common name in common (an Urdu-only name
    # against a Latin one, no document, no date): a reviewer's work, not the machine's.
    assert recall >= 0.80  # 0.81 measured (0.75 before Masood/Mehsud agreed)
    assert found >= recall
    assert precision >= 0.95
