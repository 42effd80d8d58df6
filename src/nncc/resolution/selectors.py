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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from nncc.agencies.models import Agency
from nncc.registry.models import Person
from nncc.resolution.models import (
    CandidateStatus,
    Identity,
    IdentityMember,
    MatchCandidate,
    Merge,
    Via,
)


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


def waiting_for_review(queryset: QuerySet[MatchCandidate]) -> QuerySet[MatchCandidate]:
    """Pending pairs, without those whose statements are already one person through others
    (joins close them as ``joined``; this also hides any such pair a join has not closed)."""
    together = IdentityMember.objects.filter(
        person_id=OuterRef("person_a_id"), identity__members__person_id=OuterRef("person_b_id")
    )
    return queryset.filter(status=CandidateStatus.PENDING).exclude(Exists(together))


def candidate_queue(user: Any, params: Mapping[str, Any]) -> QuerySet[MatchCandidate]:
    """The review queue before its filters (``filtersets.CandidateFilterSet``), for the page and
    the API alike: without a status asked for, the pairs waiting for review."""
    queryset = reviewable_candidates(user)
    if "status" not in params:
        queryset = waiting_for_review(queryset)
    return queryset


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
    if not agency_ids:
        return []
    return [
        Pointer(agency_code=a.code, agency_name=a.name, contact=a.contact)
        for a in Agency.objects.filter(pk__in=agency_ids).order_by("code")
    ]


def _members_seen_by(user: Any, identity_filter: Q) -> Any:
    """Members of an identity, each marked with whether the user may see its statement.

    (Typed ``Any``: the type checker's Django plugin does not carry the ``seen`` annotation
    through a return type, and the callers read it by name.)"""
    visible = visible_persons(user).filter(pk=OuterRef("person_id"))
    return IdentityMember.objects.filter(identity_filter).annotate(seen=Exists(visible))


def identity_view(user: Any, identity: Identity) -> IdentityView:
    """The statements of an identity the user may see, and pointers for the others.

    The members are read once, with whether the user may see each; then the statements shown
    (with their documents) and, if any is hidden, the agencies to point at.
    """
    members = list(
        _members_seen_by(user, Q(identity=identity)).values_list(
            "person_id", "person__agency_id", "via", "seen"
        )
    )
    # how each statement came here; one that has been in place from the start says nothing
    via_label = dict(Via.choices)
    via = {pk: via_label.get(how, "") for pk, _, how, seen in members if seen and how != Via.ALONE}
    hidden_agencies = {agency for _, agency, _, seen in members if not seen}
    view = IdentityView(identity=identity)
    shown = [pk for pk, *_, seen in members if seen]
    # through the rule again, so nothing but what it lets him see is ever loaded for him
    view.statements = list(
        _with_documents(visible_persons(user).filter(pk__in=shown)).order_by("agency__code", "pk")
    )
    view.pointers = pointers_for(hidden_agencies)
    for person in view.statements:
        person.joined_via = via.get(person.pk, "")  # type: ignore[attr-defined]
    return view


@dataclass
class IdentityCard:
    """What a statement's page says about its resolved person: no statement's content."""

    identity_id: int
    #: statements of the identity the user may see, this one included
    size: int
    #: agencies of the other statements the user may see
    other_agencies: list[str] = field(default_factory=list)
    pointers: list[Pointer] = field(default_factory=list)


def identity_card(user: Any, person: Person) -> IdentityCard | None:
    """The resolved person a statement (already visible to the user) belongs to, as the card on
    its page shows it, in one query; None when it has not been resolved yet."""
    identity = IdentityMember.objects.filter(person_id=person.pk).values("identity_id")[:1]
    rows = list(
        _members_seen_by(user, Q(identity_id=Subquery(identity)))
        .order_by("person__agency__code", "person_id")
        .values_list(
            "identity_id",
            "person_id",
            "seen",
            "person__agency__code",
            "person__agency__name",
            "person__agency__contact",
        )
    )
    if not rows:
        return None
    card = IdentityCard(identity_id=rows[0][0], size=0)
    pointed: set[str] = set()
    for _, pk, seen, code, name, contact in rows:
        if seen:
            card.size += 1
            if pk != person.pk:
                card.other_agencies.append(code)
        elif code not in pointed:
            pointed.add(code)
            card.pointers.append(Pointer(agency_code=code, agency_name=name, contact=contact))
    return card


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
    """The joins that made (or unmade) this identity, newest first, in a fixed number of
    queries however many there are."""
    merges = list(
        Merge.objects.filter(Q(identity=identity) | Q(absorbed=identity))
        .select_related(
            "candidate", "created_by", "undone_by", "person_a__agency", "person_b__agency"
        )
        .order_by("-created_at", "-pk")
    )
    anchors = {p for m in merges for p in (m.person_a_id, m.person_b_id) if p is not None}
    visible = set(visible_persons(user).filter(pk__in=anchors).values_list("pk", flat=True))
    hidden_of = {
        merge.pk: {
            p.agency_id for p in (merge.person_a, merge.person_b) if p and p.pk not in visible
        }
        for merge in merges
    }
    pointers = {p.agency_code: p for p in pointers_for(set().union(*hidden_of.values()))}
    code_of = {
        p.agency_id: p.agency.code
        for m in merges
        for p in (m.person_a, m.person_b)
        if p is not None
    }
    rows = []
    for merge in merges:
        explained = all(p is not None and p.pk in visible for p in (merge.person_a, merge.person_b))
        hidden = [pointers[code] for code in sorted(code_of[a] for a in hidden_of[merge.pk])]
        rows.append(MergeRow(merge=merge, explained=explained, pointers=hidden))
    return rows
