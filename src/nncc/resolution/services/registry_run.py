"""Batch resolution of the whole registry: ``resolve_all``.

Every statement is prepared and keyed (the key table is rebuilt), pairs sharing a key are
scored, and ``clustering.cluster`` groups them — reviewers' "same" decisions and the statements
already in one identity as must-links, their "different" decisions as cannot-links. Each group
that spans several identities is then joined by ordinary merges (strongest pair first), so every
join the batch makes is recorded, audited and can be undone like any other. Pairs in the grey
zone go to the review queue.

The batch only joins; it never splits an identity (undoing a merge does). Pairs already waiting
for a reviewer, or judged "unsure", are left to the reviewer rather than joined by the machine.

This scores pairs one by one in Python, which suits a registry of tens of thousands of
statements; larger runs take their pairs from the Splink batch (``resolution.batch``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from nncc.kernel.access import Role, viewer_for
from nncc.kernel.audit import audit_log
from nncc.kernel.models import AuditAction
from nncc.registry.models import Person
from nncc.resolution.models import CandidateStatus, IdentityMember, MatchCandidate, MergeKind
from nncc.resolution.services.joined import close_joined_candidates
from nncc.resolution.services.merges import ensure_identities, identities_merge
from nncc.resolution.statements import records_of, strong_ids_of

CHUNK = 2000


@dataclass
class RunSummary:
    persons: int = 0
    pairs_scored: int = 0
    merges: int = 0
    queued: int = 0
    refused: int = 0
    problems: int = 0
    #: pairs waiting for review that the run's joins made one person (closed as ``joined``)
    closed: int = 0


def require_batch_runner(user: Any) -> None:
    """The batch touches every agency's statements: the system (CLI, demo), platform
    administrators and the centre's analysts run it."""
    if user is None:
        return
    viewer = viewer_for(user)
    if not (viewer.is_platform_admin or viewer.has_role(Role.CENTRE_ANALYST)):
        raise PermissionDenied("Only the centre's analysts run resolution over the registry.")


def _prepare_all(say: Callable[[str], None]) -> tuple[dict[int, Any], int]:
    from nncc.resolution.online import prepared_of

    prepared: dict[int, Any] = {}
    problems = 0
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        persons = Person.objects.filter(pk__in=ids[start : start + CHUNK])
        chunk = prepared_of(records_of(persons))
        problems += sum(bool(getattr(p, "problems", ())) for p in chunk.values())
        prepared.update(chunk)
        say(f"prepared {len(prepared):,} of {len(ids):,} statements")
    return prepared, problems


def _rebuild_keys(prepared: dict[int, Any]) -> dict[int, list[int]]:
    """Replace the key table; returns key → statements for the keys that are not too common."""
    from nncc.resolution.models import ResolutionKey
    from nncc.resolution.online import MAX_PER_KEY, keys_of

    groups: dict[int, list[int]] = defaultdict(list)
    for pk, item in prepared.items():
        for value in keys_of(item):
            groups[value].append(pk)
    usable = {key: ids for key, ids in groups.items() if len(ids) <= MAX_PER_KEY}
    ResolutionKey.objects.all().delete()
    rows = [ResolutionKey(person_id=pk, key=key) for key, ids in usable.items() for pk in ids]
    ResolutionKey.objects.bulk_create(rows, batch_size=5000)
    return usable


def _scored_pairs(prepared: dict[int, Any], groups: dict[int, list[int]], model: Any) -> dict:
    from nncc.resolution.scoring import compare

    pairs: set[tuple[int, int]] = set()
    for ids in groups.values():
        pairs.update(combinations(sorted(ids), 2))
    return {pair: compare(prepared[pair[0]], prepared[pair[1]], model) for pair in sorted(pairs)}


def resolve_all(*, acting_user: Any, progress: Callable[[str], None] | None = None) -> RunSummary:
    """Resolve every statement of the registry against every other; see the module docstring."""
    from nncc.resolution.clustering import cluster
    from nncc.resolution.online import current_model, explanation_of

    require_batch_runner(acting_user)
    say = progress or (lambda message: None)
    model = current_model()
    summary = RunSummary()
    with transaction.atomic():
        prepared, summary.problems = _prepare_all(say)
        summary.persons = len(prepared)
        groups = _rebuild_keys(prepared)
        identity_of = ensure_identities(prepared)
        scored = _scored_pairs(prepared, groups, model)
        summary.pairs_scored = len(scored)
        say(f"scored {len(scored):,} candidate pairs")

        rows = {(c.person_a_id, c.person_b_id): c for c in MatchCandidate.objects.all()}
        must = [pair for pair, row in rows.items() if row.status == CandidateStatus.SAME]
        cannot = [pair for pair, row in rows.items() if row.status == CandidateStatus.DIFFERENT]
        together: dict[int, list[int]] = defaultdict(list)
        for pk, identity in identity_of.items():
            together[identity].append(pk)
        must += [(ids[0], other) for ids in together.values() for other in ids[1:]]
        strong = [
            (a, b, c.probability)
            for (a, b), c in scored.items()
            if not c.conflict and not _left_to_reviewers(rows.get((a, b)))
        ]
        clusters = cluster(
            list(prepared),
            strong,
            strong_ids_of(prepared),
            model.auto_link_threshold,
            must_link=must,
            cannot_link=cannot,
        )
        joined_before = MatchCandidate.objects.filter(status=CandidateStatus.JOINED).count()
        _apply(scored, rows, clusters, model, acting_user, summary, explanation_of)
        # each merge closed the waiting pairs it joined; this closes the pairs queued above
        # whose statements were one person already (and any left over from before)
        close_joined_candidates(acting_user=acting_user, detail={"batch": True})
        joined_after = MatchCandidate.objects.filter(status=CandidateStatus.JOINED).count()
        summary.closed = joined_after - joined_before
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target_type="resolution.identity",
            target_label="batch resolution of the registry",
            detail={
                "persons": summary.persons,
                "pairs_scored": summary.pairs_scored,
                "merges": summary.merges,
                "queued": summary.queued,
                "refused": summary.refused,
                "closed": summary.closed,
            },
        )
    say(f"{summary.merges} merges, {summary.queued} pairs queued for review")
    return summary


#: pairs the batch leaves to reviewers: waiting, judged unsure, or judged different
_WAITING = frozenset({CandidateStatus.PENDING, CandidateStatus.UNSURE, CandidateStatus.DIFFERENT})


def _left_to_reviewers(row: MatchCandidate | None) -> bool:
    return row is not None and row.status in _WAITING


def _apply(
    scored: dict,
    rows: dict,
    clusters: dict[int, int],
    model: Any,
    acting_user: Any,
    summary: RunSummary,
    explanation_of: Callable[[Any], list],
) -> None:
    """Join what the clustering grouped (strongest pair first); queue the grey zone."""
    for (a, b), comparison in sorted(scored.items(), key=lambda item: -item[1].probability):
        row = rows.get((a, b))
        same_cluster = clusters.get(a) == clusters.get(b)
        # A pair waiting for a reviewer is never the machine's join, even when its two
        # statements share a cluster through others: those other pairs join them, and the
        # closing sweep marks this one ``joined``.
        if (
            same_cluster
            and comparison.probability >= model.auto_link_threshold
            and not _left_to_reviewers(row)
        ):
            placed = dict(
                IdentityMember.objects.filter(person_id__in=(a, b)).values_list(
                    "person_id", "identity_id"
                )
            )
            if placed.get(a) == placed.get(b):
                continue
            if row is None:
                row = MatchCandidate.objects.create(
                    person_a_id=a,
                    person_b_id=b,
                    probability=comparison.probability,
                    match_weight=comparison.match_weight,
                    explanation=explanation_of(comparison),
                    status=CandidateStatus.AUTO,
                )
                rows[(a, b)] = row
            try:
                with transaction.atomic():
                    merge = identities_merge(
                        acting_user=acting_user,
                        person_a=a,
                        person_b=b,
                        kind=MergeKind.BATCH,
                        candidate=row,
                        probability=comparison.probability,
                    )
            except ValidationError:
                summary.refused += 1
                continue
            summary.merges += merge is not None
        elif (
            row is None
            and not comparison.conflict
            and comparison.probability >= model.review_threshold
        ):
            rows[(a, b)] = MatchCandidate.objects.create(
                person_a_id=a,
                person_b_id=b,
                probability=comparison.probability,
                match_weight=comparison.match_weight,
                explanation=explanation_of(comparison),
                status=CandidateStatus.PENDING,
            )
            summary.queued += 1
