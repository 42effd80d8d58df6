"""The permission matrix of entity resolution: the review queue, resolved persons and merges, in
the web UI and the API, for every persona and every handling code of the statement they rest on.

Expected answers (written out here, not computed by the code under test):

- anonymous and disabled users: sent to log in (UI) or 401 (API);
- the review queue and merges are for analysts (``REVIEWERS``); anyone else gets 403;
- a pair or merge resting on a statement the persona may not see (``VISIBLE``) answers 404, and
  the pair is not listed;
- a resolved person is open to anyone who may see one of its statements, else 404; the
  statements he may not see are pointers that name the holding agency and nothing else.
"""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

from django.urls import reverse
from factories import IdentifierFactory, PersonFactory

from nncc.kernel.testing import (
    SHARED,
    SOURCE_RESTRICTED,
    VISIBLE,
    Outcome,
    PermissionMatrix,
    Persona,
    World,
    api_client,
    assert_api_answer,
    assert_ui_answer,
    ui_client,
)
from nncc.registry.models import Person
from nncc.resolution.models import IdentityMember, MatchCandidate, Merge
from nncc.resolution.services import identities_merge

#: who reviews candidate pairs and undoes merges
REVIEWERS = frozenset({"owner_analyst", "other_analyst", "centre_analyst"})
#: a name only the hidden statement carries; it must never reach a user who may not see it
CANARY = "Canaryshah"

_numbers = itertools.count(1)


def review_outcome(persona: Persona, variant: str) -> Outcome:
    if not persona.signed_in:
        return Outcome.LOGIN
    if persona.name not in REVIEWERS:
        return Outcome.FORBIDDEN
    return Outcome.OK if variant in VISIBLE[persona.name] else Outcome.NOT_FOUND


def read_outcome(persona: Persona, variant: str) -> Outcome:
    if not persona.signed_in:
        return Outcome.LOGIN
    return Outcome.OK if variant in VISIBLE[persona.name] else Outcome.NOT_FOUND


def statement(world: World, handling_code: str, name: str = "Gul Khan Afridi") -> Person:
    return PersonFactory(
        agency=world.owner,
        handling_code=handling_code,
        name_latin=name,
        created_by=world.clerk(world.owner),
    )


class ResolutionMatrix(PermissionMatrix):
    model = Person
    #: "ui" or "api"
    kind: ClassVar[str] = "ui"

    def client(self, world: World, persona: Persona) -> Any:
        user = world.user(persona)
        return ui_client(user) if self.kind == "ui" else api_client(user)

    def check(self, response: Any, outcome: Outcome, persona: Persona, success: int = 200) -> None:
        if self.kind == "ui":
            assert_ui_answer(response, outcome, persona)
        else:
            assert_api_answer(response, outcome, persona, success)

    def pair(self, world: World, variant: str) -> MatchCandidate:
        """A pair of the owner's statements: one with the variant's handling code, one shared."""
        a, b = sorted([statement(world, variant), statement(world, SHARED)], key=lambda p: p.pk)
        return MatchCandidate.objects.create(person_a=a, person_b=b, probability=0.8)


class TestReviewQueuePages(ResolutionMatrix):
    shapes: ClassVar[dict[str, str]] = {"test_list": "persona"}

    def route_names(self) -> list[str]:
        return [
            "resolution:candidate_list",
            "resolution:candidate_detail",
            "resolution:candidate_decide",
        ]

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        pairs = {v: self.pair(world, v) for v in self.variants()}
        response = self.client(world, persona).get(reverse("resolution:candidate_list"))
        if not persona.signed_in or persona.name not in REVIEWERS:
            self.check(response, review_outcome(persona, SHARED), persona)
            return
        assert response.status_code == 200
        listed = {row.pk for row in response.context["rows"]}
        expected = {pairs[v].pk for v in pairs if v in VISIBLE[persona.name]}
        assert listed == expected, f"{persona} is shown {listed}, expected {expected}"

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        candidate = self.pair(world, variant)
        url = reverse("resolution:candidate_detail", args=[candidate.pk])
        self.check(self.client(world, persona).get(url), review_outcome(persona, variant), persona)

    def test_decide(self, world: World, persona: Persona, variant: str) -> None:
        candidate = self.pair(world, variant)
        url = reverse("resolution:candidate_decide", args=[candidate.pk])
        response = self.client(world, persona).post(url, {"decision": "unsure"})
        outcome = review_outcome(persona, variant)
        self.check(response, outcome, persona)
        candidate.refresh_from_db()
        assert (candidate.status == "unsure") == (outcome is Outcome.OK)


class TestReviewQueueAPI(TestReviewQueuePages):
    kind = "api"

    def route_names(self) -> list[str]:
        return ["match-candidate-list", "match-candidate-detail", "match-candidate-decide"]

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        pairs = {v: self.pair(world, v) for v in self.variants()}
        response = self.client(world, persona).get("/api/match-candidates/")
        if not persona.signed_in or persona.name not in REVIEWERS:
            self.check(response, review_outcome(persona, SHARED), persona)
            return
        assert response.status_code == 200
        listed = {row["id"] for row in response.json()["results"]}
        assert listed == {pairs[v].pk for v in pairs if v in VISIBLE[persona.name]}

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        candidate = self.pair(world, variant)
        response = self.client(world, persona).get(f"/api/match-candidates/{candidate.pk}/")
        self.check(response, review_outcome(persona, variant), persona)

    def test_decide(self, world: World, persona: Persona, variant: str) -> None:
        candidate = self.pair(world, variant)
        response = self.client(world, persona).post(
            f"/api/match-candidates/{candidate.pk}/decide/", {"decision": "unsure"}, format="json"
        )
        outcome = review_outcome(persona, variant)
        self.check(response, outcome, persona)
        candidate.refresh_from_db()
        assert (candidate.status == "unsure") == (outcome is Outcome.OK)


class TestIdentityPage(ResolutionMatrix):
    """A resolved person of two owner statements: one of the variant's handling code, and a
    source-restricted one (with a canary name) that only the owner's people may see."""

    def route_names(self) -> list[str]:
        return ["resolution:identity_detail"]

    def identity(self, world: World, variant: str) -> int:
        shown = statement(world, variant)
        hidden = statement(world, SOURCE_RESTRICTED, name=f"{CANARY} Gul")
        IdentifierFactory(person=hidden, value="30000-7777777-1")
        identities_merge(acting_user=None, person_a=shown.pk, person_b=hidden.pk, kind="auto")
        return IdentityMember.objects.get(person=shown).identity_id

    def get(self, world: World, persona: Persona, identity: int) -> Any:
        url = reverse("resolution:identity_detail", args=[identity])
        return self.client(world, persona).get(url)

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        identity = self.identity(world, variant)
        response = self.get(world, persona, identity)
        outcome = read_outcome(persona, variant)
        self.check(response, outcome, persona)
        if outcome is Outcome.OK:
            text = response.content.decode()
            sees_hidden = SOURCE_RESTRICTED in VISIBLE[persona.name]
            assert (CANARY in text) == sees_hidden, f"{persona}: canary shown={CANARY in text}"
            assert ("30000-7777777-1" in text) == sees_hidden
            assert self.pointer_shown(response) != sees_hidden

    def pointer_shown(self, response: Any) -> bool:
        return "Another agency holds a record" in response.content.decode()


class TestIdentityAPI(TestIdentityPage):
    kind = "api"

    def route_names(self) -> list[str]:
        return ["identity-detail"]

    def get(self, world: World, persona: Persona, identity: int) -> Any:
        return self.client(world, persona).get(f"/api/identities/{identity}/")

    def pointer_shown(self, response: Any) -> bool:
        return bool(response.json()["pointers"])


class TestMergeUndoPage(ResolutionMatrix):
    def route_names(self) -> list[str]:
        return ["resolution:merge_undo"]

    def merge(self, world: World, variant: str) -> Merge:
        a, b = statement(world, variant), statement(world, SHARED)
        merge = identities_merge(acting_user=None, person_a=a.pk, person_b=b.pk, kind="auto")
        assert merge is not None
        return merge

    def path(self, merge: Merge) -> str:
        return reverse("resolution:merge_undo", args=[merge.pk])

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        merge = self.merge(world, variant)
        response = self.client(world, persona).get(self.path(merge))
        self.check(response, review_outcome(persona, variant), persona)

    def test_undo(self, world: World, persona: Persona, variant: str) -> None:
        merge = self.merge(world, variant)
        response = self.client(world, persona).post(self.path(merge))
        outcome = review_outcome(persona, variant)
        self.check(response, outcome, persona)
        merge.refresh_from_db()
        assert merge.is_undone == (outcome is Outcome.OK)


class TestMergeAPI(TestMergeUndoPage):
    kind = "api"

    def route_names(self) -> list[str]:
        return ["merge-detail", "merge-undo"]

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        merge = self.merge(world, variant)
        response = self.client(world, persona).get(f"/api/merges/{merge.pk}/")
        self.check(response, review_outcome(persona, variant), persona)

    def test_undo(self, world: World, persona: Persona, variant: str) -> None:
        merge = self.merge(world, variant)
        response = self.client(world, persona).post(f"/api/merges/{merge.pk}/undo/")
        outcome = review_outcome(persona, variant)
        self.check(response, outcome, persona)
        merge.refresh_from_db()
        assert merge.is_undone == (outcome is Outcome.OK)
