"""Joining identities, and undoing a join.

A merge moves every statement of one identity (``absorbed``) into another (``identity``) and
remembers exactly which statements moved, so undoing it moves exactly those back. Two rules keep
an identity one person, checked before every merge, whoever asks for it (the online resolver,
batch resolution, a reviewer):

- the two sides never give different numbers of one hard document (CNIC, PoR card: the batch
  clustering's rule, `clustering.hard_conflict`; a passport is renewed under a new number),
  so an identity never holds two different CNICs, also through chains of merges;
- no reviewer has judged a statement of one side and a statement of the other to be different
  persons (a "different" decision is a cannot-link).

A merge can be undone while the statements it moved are still where it put them; when a later
merge has moved them on, that one is undone first.

A pair waiting for review whose statements a merge puts into one identity is closed as
``joined``; undoing the merge sends it back to the queue (``services.joined``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nncc.kernel.audit import audit_log
from nncc.kernel.models import AuditAction
from nncc.resolution.models import (
    CandidateStatus,
    Identity,
    IdentityMember,
    MatchCandidate,
    Merge,
    MergeKind,
    Via,
)
from nncc.resolution.services.joined import close_joined_candidates, reopen_parted_candidates
from nncc.resolution.statements import strong_conflict, strong_ids_of

_DOCUMENT_NAMES = {"cnic": "CNIC", "passport": "passport", "por": "PoR card"}
_VIA = {MergeKind.AUTO: Via.AUTO, MergeKind.DECISION: Via.DECISION, MergeKind.BATCH: Via.BATCH}


def ensure_identities(person_ids: Iterable[int]) -> dict[int, int]:
    """Person id → identity id; a statement without one gets an identity of its own."""
    ids = list(dict.fromkeys(person_ids))
    found = dict(
        IdentityMember.objects.filter(person_id__in=ids).values_list("person_id", "identity_id")
    )
    missing = [pk for pk in ids if pk not in found]
    if missing:
        now = timezone.now()
        with transaction.atomic():
            identities = Identity.objects.bulk_create([Identity() for _ in missing])
            # A concurrent resolution may place the same statement first; its place wins (the
            # identity made here then stays empty, which nothing shows).
            IdentityMember.objects.bulk_create(
                [
                    IdentityMember(person_id=pk, identity_id=identity.pk, since=now, via=Via.ALONE)
                    for pk, identity in zip(missing, identities, strict=True)
                ],
                ignore_conflicts=True,
            )
        found.update(
            IdentityMember.objects.filter(person_id__in=missing).values_list(
                "person_id", "identity_id"
            )
        )
    return found


def members_of(identity_id: int) -> list[int]:
    return list(
        IdentityMember.objects.filter(identity_id=identity_id)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )


def cannot_link_between(side_a: list[int], side_b: list[int]) -> MatchCandidate | None:
    """A "different" decision about a statement of each side, if a reviewer made one."""
    both = side_a + side_b
    rows = MatchCandidate.objects.filter(
        status=CandidateStatus.DIFFERENT, person_a_id__in=both, person_b_id__in=both
    )
    set_a = set(side_a)
    for row in rows:
        if (row.person_a_id in set_a) != (row.person_b_id in set_a):
            return row
    return None


def merge_refusal(side_a: list[int], side_b: list[int]) -> str:
    """Why two groups of statements may not be one identity, or ""."""
    kind = strong_conflict(strong_ids_of(side_a + side_b), side_a, side_b)
    if kind:
        name = _DOCUMENT_NAMES[kind]
        return f"The two identities give different {name} numbers; they cannot be one person."
    decision = cannot_link_between(side_a, side_b)
    if decision is not None:
        return (
            "A reviewer judged statements of these two identities to be different persons "
            f"({decision}); they cannot be joined."
        )
    return ""


def identities_merge(
    *,
    acting_user: Any,
    person_a: int,
    person_b: int,
    kind: str,
    candidate: MatchCandidate | None = None,
    probability: float | None = None,
) -> Merge | None:
    """Join the identities of two statements; None when they already are one.

    Raises ``ValidationError`` (nothing written) when the two may not be one person.
    """
    with transaction.atomic():
        identity_of = ensure_identities([person_a, person_b])
        # Lock both identities (in one order, so two merges never wait on each other), then
        # read the memberships again: a concurrent merge may have moved them meanwhile.
        _lock(identity_of.values())
        identity_of = ensure_identities([person_a, person_b])
        first, second = identity_of[person_a], identity_of[person_b]
        if first == second:
            return None
        side_first, side_second = members_of(first), members_of(second)
        reason = merge_refusal(side_first, side_second)
        if reason:
            raise ValidationError(reason)
        # The larger identity stays, so fewer statements change place.
        if (len(side_second), -second) > (len(side_first), -first):
            first, second, side_second = second, first, side_first
            person_a, person_b = person_b, person_a
        IdentityMember.objects.filter(identity_id=second).update(
            identity_id=first, via=_VIA[MergeKind(kind)], since=timezone.now()
        )
        Identity.objects.filter(pk=first).update(updated_at=timezone.now())
        merge = Merge.objects.create(
            identity_id=first,
            absorbed_id=second,
            person_a_id=person_a,
            person_b_id=person_b,
            moved=side_second,
            kind=kind,
            candidate=candidate,
            probability=probability,
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        closed = close_joined_candidates(
            acting_user=acting_user,
            person_ids=side_second,
            exclude=candidate.pk if candidate else None,
            detail={"merge": merge.pk, "identity": first},
        )
        audit_log(
            actor=acting_user,
            action=AuditAction.CREATE,
            target=merge,
            detail={
                "identity": first,
                "absorbed": second,
                "moved": side_second,
                "kind": kind,
                "candidate": candidate.pk if candidate else None,
                "probability": probability,
                "closed": closed,
            },
        )
    return merge


def _lock(identity_ids: Iterable[int]) -> None:
    list(Identity.objects.select_for_update().filter(pk__in=set(identity_ids)).order_by("pk"))


def later_merge_of(merge: Merge) -> Merge | None:
    """A live merge that has since moved this merge's identity into another."""
    return (
        Merge.objects.filter(absorbed_id=merge.identity_id, undone_at__isnull=True, pk__gt=merge.pk)
        .order_by("pk")
        .first()
    )


def undo_refusal(merge: Merge) -> str:
    """Why ``merge`` cannot be undone now, or ""."""
    if merge.undone_at is not None:
        return "This merge has already been undone."
    placed = IdentityMember.objects.filter(person_id__in=merge.moved)
    if placed.exclude(identity_id=merge.identity_id).exists():
        later = later_merge_of(merge)
        which = f" ({later})" if later else ""
        return f"These statements have been merged further since{which}; undo that merge first."
    return ""


def merge_undo(*, acting_user: Any, merge: Merge) -> Merge:
    """Move the statements a merge moved back into the identity they came from, audited.

    The pair that caused the merge goes back to the review queue, so neither the online
    resolver nor batch resolution joins the two again without a reviewer.
    """
    from nncc.resolution.services.decisions import require_reviewer

    require_reviewer(acting_user)
    with transaction.atomic():
        merge = Merge.objects.select_for_update().get(pk=merge.pk)
        _lock([merge.identity_id, merge.absorbed_id])
        reason = undo_refusal(merge)
        if reason:
            raise ValidationError(reason)
        now = timezone.now()
        IdentityMember.objects.filter(person_id__in=merge.moved).update(
            identity_id=merge.absorbed_id, via=Via.UNDO, since=now
        )
        merge.undone_at, merge.undone_by = now, acting_user
        merge.save(update_fields=["undone_at", "undone_by"])
        requeued = _requeue(merge, acting_user)
        reopened = reopen_parted_candidates(
            acting_user=acting_user,
            person_ids=merge.moved,
            detail={"merge": merge.pk, "undone": True},
        )
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=merge,
            before={"identity": merge.identity_id, "moved": merge.moved},
            after={"identity": merge.absorbed_id, "moved": merge.moved},
            detail={"undone": True, "candidate": requeued, "reopened": reopened},
        )
    return merge


def _requeue(merge: Merge, acting_user: Any) -> int | None:
    """Put the merge's pair back in the queue; returns the candidate's id."""
    if merge.person_a_id is None or merge.person_b_id is None:
        return None
    low, high = sorted((merge.person_a_id, merge.person_b_id))
    note = f"{merge} was undone by {getattr(acting_user, 'username', 'the system')}."
    candidate, created = MatchCandidate.objects.get_or_create(
        person_a_id=low,
        person_b_id=high,
        defaults={"probability": merge.probability or 0.0, "note": note},
    )
    if not created:
        candidate.status = CandidateStatus.PENDING
        candidate.decided_by, candidate.decided_at = None, None
        candidate.note = note
        candidate.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
    return candidate.pk


def live_merges_between(person_ids: Iterable[int]) -> list[Merge]:
    """Live merges that joined any of these statements: what to undo to separate them."""
    ids = set(person_ids)
    identities = IdentityMember.objects.filter(person_id__in=ids).values_list(
        "identity_id", flat=True
    )
    # JSON containment queries differ across databases; the live merges of a few identities
    # are few, so they are filtered here.
    merges = Merge.objects.filter(undone_at__isnull=True, identity_id__in=list(identities))
    return [m for m in merges if set(m.moved) & ids or {m.person_a_id, m.person_b_id} & ids]
