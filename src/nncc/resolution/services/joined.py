"""Pairs waiting for review whose statements are already one person, and their reopening.

A pending pair can be overtaken: its two statements come into one identity through other
statements (an automatic link, another pair's "same", a batch run). Nothing is left for a reviewer
to decide, so such a pair is closed as ``joined``. Undoing a merge can part the two statements
again; a ``joined`` pair then goes back to the queue. Each status change is audited like a
reviewer's decision (before and after), all the entries of one join or undo in one insert.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from nncc.kernel.audit import entry_fields
from nncc.kernel.models import AuditAction, AuditEntry
from nncc.resolution.models import CandidateStatus, IdentityMember, MatchCandidate


def _touching(person_ids: Iterable[int] | None) -> Q:
    if person_ids is None:
        return Q()
    ids = list(set(person_ids))
    return Q(person_a_id__in=ids) | Q(person_b_id__in=ids)


def _placed(rows: list[MatchCandidate]) -> dict[int, int]:
    ids = {pk for row in rows for pk in (row.person_a_id, row.person_b_id)}
    return dict(
        IdentityMember.objects.filter(person_id__in=ids).values_list("person_id", "identity_id")
    )


def _set_status(
    rows: list[MatchCandidate], status: str, acting_user: Any, detail: dict[str, Any]
) -> list[int]:
    if not rows:
        return []
    ids = [row.pk for row in rows]
    MatchCandidate.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())
    entries = []
    for row in rows:
        fields = entry_fields(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=row,
            before={"status": row.status},
            after={"status": status},
            detail={"persons": [row.person_a_id, row.person_b_id], **detail},
        )
        entries.append(AuditEntry(**fields))
        row.status = status
    AuditEntry.objects.bulk_create(entries)
    return ids


def close_joined_candidates(
    *,
    acting_user: Any,
    person_ids: Iterable[int] | None = None,
    exclude: int | None = None,
    detail: dict[str, Any] | None = None,
) -> list[int]:
    """Close the pending pairs (touching ``person_ids``, or all) whose two statements are in
    one identity; returns their ids. ``exclude`` is the pair the caller itself is deciding."""
    queryset = MatchCandidate.objects.filter(_touching(person_ids), status=CandidateStatus.PENDING)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    rows = list(queryset.only("pk", "person_a_id", "person_b_id", "status"))
    placed = _placed(rows)
    together = [
        row
        for row in rows
        if placed.get(row.person_a_id) is not None
        and placed.get(row.person_a_id) == placed.get(row.person_b_id)
    ]
    return _set_status(together, CandidateStatus.JOINED, acting_user, detail or {})


def reopen_parted_candidates(
    *, acting_user: Any, person_ids: Iterable[int], detail: dict[str, Any] | None = None
) -> list[int]:
    """Send back to the queue the ``joined`` pairs touching ``person_ids`` whose statements are
    no longer in one identity; returns their ids."""
    rows = list(
        MatchCandidate.objects.filter(_touching(person_ids), status=CandidateStatus.JOINED).only(
            "pk", "person_a_id", "person_b_id", "status"
        )
    )
    placed = _placed(rows)
    parted = [row for row in rows if placed.get(row.person_a_id) != placed.get(row.person_b_id)]
    return _set_status(parted, CandidateStatus.PENDING, acting_user, detail or {})
