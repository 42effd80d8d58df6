"""A reviewer's decision about a candidate pair: same, different or unsure.

Who reviews: analysts — the centre's analysts, and agencies' analysts — and only pairs whose
two statements they may both see (``selectors.reviewable_candidates``); a pair resting on a
statement the reviewer may not see is not his to judge.

"Same" joins the two identities (transitively: every statement of both becomes one identity);
"different" is a cannot-link that no later merge may cross; "unsure" records the doubt and leaves
the pair out of the queue's default view. Each decision is recorded with the user and the time and
audited in the same transaction as the merge it causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from nncc.kernel.access import Role, access_object, viewer_for
from nncc.kernel.audit import audit_log
from nncc.kernel.models import AuditAction
from nncc.registry.models import Person
from nncc.resolution.models import DECISIONS, CandidateStatus, MatchCandidate, Merge, MergeKind
from nncc.resolution.services.merges import (
    ensure_identities,
    identities_merge,
    live_merges_between,
)

REVIEWER_ROLES = (Role.ANALYST, Role.CENTRE_ANALYST)
NOTE_LENGTH = 500


def is_reviewer(user: Any) -> bool:
    return viewer_for(user).has_role(*REVIEWER_ROLES)


def require_reviewer(user: Any) -> None:
    if not is_reviewer(user):
        raise PermissionDenied("Only analysts review candidate matches and undo merges.")


@dataclass
class DecisionResult:
    candidate: MatchCandidate
    merge: Merge | None = None
    #: said to the reviewer when the decision cannot take full effect by itself
    warning: str = ""


def _check(decision: str, note: str) -> None:
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["decision"] = [f"“{decision}” is not a decision: choose same, different or unsure."]
    if len(note) > NOTE_LENGTH:
        errors["note"] = [f"Keep the note under {NOTE_LENGTH} characters."]
    if errors:
        raise ValidationError(errors)


def candidate_decide(
    *, acting_user: Any, candidate: MatchCandidate, decision: str, note: str = ""
) -> DecisionResult:
    """Record a reviewer's decision about a pair; "same" joins their identities."""
    require_reviewer(acting_user)
    # The view fetched the pair through the reviewer's visibility; checked again here so no
    # caller can decide about a statement the reviewer may not see (404, as for a missing one).
    for person_id in (candidate.person_a_id, candidate.person_b_id):
        access_object(Person.objects.all(), user=acting_user, pk=person_id)
    note = " ".join((note or "").split())
    _check(decision, note)

    with transaction.atomic():
        candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
        before = {"status": candidate.status, "note": candidate.note}
        pair = [candidate.person_a_id, candidate.person_b_id]
        live = [m for m in live_merges_between(pair) if m.candidate_id == candidate.pk]
        if decision != CandidateStatus.SAME and live:
            raise ValidationError(
                {"decision": [f"These two were joined by {live[0]}; undo that merge first."]}
            )
        merge = None
        warning = ""
        if decision == CandidateStatus.SAME:
            merge = identities_merge(
                acting_user=acting_user,
                person_a=candidate.person_a_id,
                person_b=candidate.person_b_id,
                kind=MergeKind.DECISION,
                candidate=candidate,
                probability=candidate.probability,
            )
        elif decision == CandidateStatus.DIFFERENT:
            identities = ensure_identities(pair)
            if identities[pair[0]] == identities[pair[1]]:
                joined = ", ".join(str(m) for m in live_merges_between(pair)) or "earlier merges"
                warning = (
                    "Recorded. The two are still in one identity through other statements "
                    f"({joined}); undo those merges to separate them."
                )
        candidate.status = decision
        candidate.decided_by = acting_user
        candidate.decided_at = timezone.now()
        candidate.note = note
        candidate.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=candidate,
            before=before,
            after={"status": decision, "note": note},
            detail={"persons": pair, "merge": merge.pk if merge else None},
        )
    return DecisionResult(candidate=candidate, merge=merge, warning=warning)
