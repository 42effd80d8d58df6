"""Reads of entity resolution, always through the viewer's visibility of the statements.

Resolution may use every statement; a user sees only the statements ``kernel.access`` lets him
see. The rules here:

- an identity is the user's to open when he may see at least one of its statements; else 404;
- on it, each statement he may see is shown in full; each one he may not see is a *pointer*:
  "another agency holds a record on this person — contact …", one per holding agency, with no
  name, no number, no count and no score derived from it;
- a candidate pair is in a reviewer's queue only when he may see both statements; any other
  pair answers 404, as a missing one does;
- a merge is his to open (and, for a reviewer, to undo) when he may see the statements of both
  sides whose match caused it; its explanation is shown only then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from nncc.agencies.models import Agency
from nncc.registry.models import Person
from nncc.resolution.models import Identity, IdentityMember, MatchCandidate, Merge, Via


def visible_persons(user: Any) -> QuerySet[Person]:
    return Person.objects.visible_to(user)


def _with_documents(queryset: QuerySet[Person]) -> QuerySet[Person]:
    return queryset.select_related("agency").prefetch_related("identifiers", "phones")


# --- candidates -----------------------------------------------------------------------------


def reviewable_candidates(user: Any) -> QuerySet[MatchCandidate]:
    """Pairs whose two statements the user may both see (views check he is a reviewer)."""
    visible = visible_persons(user).values("pk")
    return MatchCandidate.objects.filter(
        person_a_id__in=visible, person_b_id__in=visible
    ).select_related("person_a__agency", "person_b__agency", "decided_by")


def _one_or_404(queryset: QuerySet[Any], pk: Any) -> Any:
    """One row of an already visibility-narrowed queryset, or 404 for missing and not-yours."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such record.") from exc


def candidate_get(user: Any, pk: Any) -> MatchCandidate:
    queryset = reviewable_candidates(user).prefetch_related(
        Prefetch("person_a", queryset=_with_documents(Person.objects.all())),
        Prefetch("person_b", queryset=_with_documents(Person.objects.all())),
    )
    return _one_or_404(queryset, pk)


# --- identities -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pointer:
    """Another agency holds a statement the viewer may not see: whom to ask, nothing else."""

    agency_code: str
    agency_name: str
    contact: str


@dataclass
class IdentityView:
    identity: Identity
    statements: list[Person] = field(default_factory=list)
    pointers: list[Pointer] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.statements)


def identities_visible_to(user: Any) -> QuerySet[Identity]:
    visible = visible_persons(user).values("pk")
    seen = IdentityMember.objects.filter(identity=OuterRef("pk"), person_id__in=visible)
    return Identity.objects.filter(Exists(seen))


def identity_get(user: Any, pk: Any) -> Identity:
    return _one_or_404(identities_visible_to(user), pk)


def pointers_for(agency_ids: set[int]) -> list[Pointer]:
    return [
        Pointer(agency_code=a.code, agency_name=a.name, contact=a.contact)
        for a in Agency.objects.filter(pk__in=agency_ids).order_by("code")
    ]


def identity_view(user: Any, identity: Identity) -> IdentityView:
    """The statements of an identity the user may see, and pointers for the others."""
    members = IdentityMember.objects.filter(identity=identity)
    view = IdentityView(identity=identity)
    visible_ids = set(
        visible_persons(user)
        .filter(identity_membership__identity=identity)
        .values_list("pk", flat=True)
    )
    view.statements = list(
        _with_documents(Person.objects.filter(pk__in=visible_ids)).order_by("agency__code", "pk")
    )
    hidden_agencies = set(
        members.exclude(person_id__in=visible_ids).values_list("person__agency_id", flat=True)
    )
    view.pointers = pointers_for(hidden_agencies)
    # how each statement came here; one that has been in place from the start says nothing
    via = {
        member.person_id: member.get_via_display()
        for member in members.filter(person_id__in=visible_ids).exclude(via=Via.ALONE)
    }
    for person in view.statements:
        person.joined_via = via.get(person.pk, "")  # type: ignore[attr-defined]
    return view


def identity_of_person(user: Any, person: Person) -> IdentityView | None:
    """The identity a statement (already visible to the user) belongs to, as he may see it."""
    member = IdentityMember.objects.filter(person=person).select_related("identity").first()
    if member is None:
        return None
    return identity_view(user, member.identity)


# --- merges ---------------------------------------------------------------------------------


def merges_visible_to(user: Any) -> QuerySet[Merge]:
    visible = visible_persons(user).values("pk")
    return Merge.objects.filter(person_a_id__in=visible, person_b_id__in=visible)


def merge_get(user: Any, pk: Any) -> Merge:
    queryset = merges_visible_to(user).select_related("candidate", "created_by", "undone_by")
    return _one_or_404(queryset, pk)


@dataclass
class MergeRow:
    merge: Merge
    #: the user may see both statements whose match caused it: shown with its explanation
    explained: bool
    #: agencies holding the statements of the side the user may not see
    pointers: list[Pointer] = field(default_factory=list)


def identity_merges(user: Any, identity: Identity) -> list[MergeRow]:
    """The joins that made (or unmade) this identity, newest first."""
    merges = (
        Merge.objects.filter(Q(identity=identity) | Q(absorbed=identity))
        .select_related("candidate", "created_by", "undone_by", "person_a", "person_b")
        .order_by("-created_at", "-pk")
    )
    visible = set(
        visible_persons(user)
        .filter(pk__in=[p for m in merges for p in (m.person_a_id, m.person_b_id) if p is not None])
        .values_list("pk", flat=True)
    )
    rows = []
    for merge in merges:
        anchors = [merge.person_a, merge.person_b]
        hidden = {p.agency_id for p in anchors if p is not None and p.pk not in visible}
        explained = all(p is not None and p.pk in visible for p in anchors)
        rows.append(MergeRow(merge=merge, explained=explained, pointers=pointers_for(hidden)))
    return rows
