"""Merges, their undoing, and reviewers' decisions, on the database.

These need no scorer: pairs are made by hand, as the resolver would leave them.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from nncc.kernel.models import AuditEntry
from nncc.resolution.models import CandidateStatus, IdentityMember, MatchCandidate, Merge
from nncc.resolution.services import (
    candidate_decide,
    ensure_identities,
    identities_merge,
    merge_undo,
)
from nncc.resolution.tests.db_world import make_world, memberships, statement

pytestmark = pytest.mark.django_db

CNIC_1 = "30000-1234567-1"
CNIC_2 = "30000-7654321-3"


@pytest.fixture
def world():
    return make_world()


def pair(a, b, probability=0.8, status=CandidateStatus.PENDING):
    low, high = sorted((a, b), key=lambda p: p.pk)
    return MatchCandidate.objects.create(
        person_a=low, person_b=high, probability=probability, status=status
    )


def test_every_statement_gets_an_identity_of_its_own(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.customs, "Sher Ali")
    placed = ensure_identities([a.pk, b.pk])
    assert placed[a.pk] != placed[b.pk]
    assert ensure_identities([a.pk, b.pk]) == placed  # stable


def test_a_merge_joins_and_its_undo_restores_both_sides_exactly(world):
    a1 = statement(world.anf, "Gul Khan")
    a2 = statement(world.anf, "Gul Khan Afridi")
    b1 = statement(world.customs, "Gul Afridi")
    identities_merge(acting_user=None, person_a=a1.pk, person_b=a2.pk, kind="auto")
    ensure_identities([b1.pk])
    before = memberships(a1, a2, b1)
    merge = identities_merge(
        acting_user=world.centre_analyst, person_a=a1.pk, person_b=b1.pk, kind="decision"
    )
    joined = memberships(a1, a2, b1)
    assert len(set(joined.values())) == 1
    assert merge.moved == [b1.pk]  # the smaller identity moves into the larger
    assert AuditEntry.objects.filter(target_type="resolution.merge", action="create").count() == 2

    merge_undo(acting_user=world.centre_analyst, merge=merge)
    assert memberships(a1, a2, b1) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == world.centre_analyst
    undo = AuditEntry.objects.get(target_type="resolution.merge", action="update")
    assert undo.actor == world.centre_analyst and undo.detail["undone"] is True
    # the pair goes back to the queue, so nothing joins it again without a reviewer
    requeued = MatchCandidate.objects.get(person_a=a1, person_b=b1)
    assert requeued.status == CandidateStatus.PENDING


def test_an_identity_never_holds_two_cnics_even_through_a_chain(world):
    a = statement(world.anf, "Gul Khan", cnic=CNIC_1)
    b = statement(world.customs, "Gul Khan")  # no CNIC: could be either
    c = statement(world.customs, "Gul Khan", cnic=CNIC_2)
    identities_merge(acting_user=None, person_a=a.pk, person_b=b.pk, kind="auto")
    with pytest.raises(ValidationError, match="different CNIC"):
        identities_merge(acting_user=None, person_a=b.pk, person_b=c.pk, kind="auto")
    placed = memberships(a, b, c)
    assert placed[a.pk] == placed[b.pk] != placed.get(c.pk)
    assert Merge.objects.count() == 1


def test_a_renewed_passport_does_not_block_a_merge_as_in_the_batch(world):
    # one rule with the batch clustering: passports are renewed, CNICs are for life
    a = statement(world.anf, "Gul Khan", passport="AB1234567")
    b = statement(world.customs, "Gul Khan", passport="XY7654321")
    assert identities_merge(acting_user=None, person_a=a.pk, person_b=b.pk, kind="auto")


def test_a_mistyped_cnic_does_not_block_a_merge(world):
    a = statement(world.anf, "Gul Khan", cnic=CNIC_1)
    b = statement(world.customs, "Gul Khan", cnic="30000-1234576-1")  # two digits swapped
    assert identities_merge(acting_user=None, person_a=a.pk, person_b=b.pk, kind="auto")


def test_a_different_decision_is_a_cannot_link_between_identities(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.customs, "Gul Khan")
    c = statement(world.customs, "Gul Khan Afridi")
    candidate = pair(a, b)
    candidate_decide(acting_user=world.centre_analyst, candidate=candidate, decision="different")
    identities_merge(acting_user=None, person_a=b.pk, person_b=c.pk, kind="auto")
    with pytest.raises(ValidationError, match="different persons"):
        identities_merge(acting_user=None, person_a=a.pk, person_b=c.pk, kind="auto")


def test_same_decisions_are_transitive(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.customs, "Gul Khan")
    c = statement(world.customs, "Gul Khan s/o Sher")
    d = statement(world.anf, "G. Khan")
    first = candidate_decide(
        acting_user=world.centre_analyst, candidate=pair(a, b), decision="same", note="same CNIC"
    )
    candidate_decide(acting_user=world.centre_analyst, candidate=pair(c, d), decision="same")
    candidate_decide(acting_user=world.centre_analyst, candidate=pair(b, c), decision="same")
    assert len(set(memberships(a, b, c, d).values())) == 1
    decided = first.candidate
    decided.refresh_from_db()
    assert decided.status == "same" and decided.decided_by == world.centre_analyst
    assert decided.decided_at is not None and decided.note == "same CNIC"
    entry = AuditEntry.objects.filter(target_type="resolution.matchcandidate").first()
    assert entry.before["status"] == "pending" and entry.after["status"] == "same"


def test_only_analysts_decide_and_only_about_what_they_see(world):
    mine = statement(world.anf, "Gul Khan")
    theirs = statement(world.customs, "Gul Khan", handling_code="restricted")
    candidate = pair(mine, theirs)
    with pytest.raises(PermissionDenied):
        candidate_decide(acting_user=world.anf_officer, candidate=candidate, decision="same")
    with pytest.raises(Http404):
        candidate_decide(acting_user=world.anf_analyst, candidate=candidate, decision="same")
    candidate.refresh_from_db()
    assert candidate.status == "pending" and not IdentityMember.objects.exists()


def test_a_bad_decision_is_refused_and_writes_nothing(world):
    candidate = pair(statement(world.anf, "Gul Khan"), statement(world.anf, "Gul Khan"))
    with pytest.raises(ValidationError) as error:
        candidate_decide(acting_user=world.anf_analyst, candidate=candidate, decision="maybe")
    assert "decision" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        candidate_decide(
            acting_user=world.anf_analyst, candidate=candidate, decision="same", note="x" * 501
        )
    assert "note" in error.value.message_dict
    assert not Merge.objects.exists()
    assert not AuditEntry.objects.filter(target_type="resolution.matchcandidate").exists()


def test_a_same_decision_that_would_join_two_cnics_is_refused_whole(world):
    a = statement(world.anf, "Gul Khan", cnic=CNIC_1)
    b = statement(world.anf, "Gul Khan", cnic=CNIC_2)
    candidate = pair(a, b)
    with pytest.raises(ValidationError):
        candidate_decide(acting_user=world.anf_analyst, candidate=candidate, decision="same")
    candidate.refresh_from_db()
    assert candidate.status == "pending" and not Merge.objects.exists()


def test_undo_waits_for_the_later_merge(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.anf, "Gul Khan")
    c = statement(world.anf, "Gul Khan")
    d = statement(world.anf, "Gul Khan")
    first = identities_merge(acting_user=None, person_a=a.pk, person_b=b.pk, kind="auto")
    identities_merge(acting_user=None, person_a=c.pk, person_b=d.pk, kind="auto")
    # c+d is as large as a+b; whichever side stays, one of the two earlier merges is covered
    later = identities_merge(acting_user=None, person_a=c.pk, person_b=a.pk, kind="auto")
    covered = Merge.objects.filter(identity_id=later.absorbed_id).get()
    with pytest.raises(ValidationError, match="undo that merge first"):
        merge_undo(acting_user=world.anf_analyst, merge=covered)
    merge_undo(acting_user=world.anf_analyst, merge=later)
    merge_undo(acting_user=world.anf_analyst, merge=covered)
    assert len(set(memberships(a, b, c, d).values())) == 3
    with pytest.raises(ValidationError, match="already been undone"):
        merge_undo(acting_user=world.anf_analyst, merge=later)
    assert first is not None


def test_a_different_decision_on_a_joined_pair_must_undo_the_merge_first(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.anf, "Gul Khan")
    candidate = pair(a, b, probability=0.995)
    candidate_decide(acting_user=world.anf_analyst, candidate=candidate, decision="same")
    with pytest.raises(ValidationError, match="undo that merge first"):
        candidate_decide(acting_user=world.anf_analyst, candidate=candidate, decision="different")


def test_a_deleted_statement_leaves_its_identity(world):
    a = statement(world.anf, "Gul Khan", born=datetime.date(1980, 1, 1))
    b = statement(world.anf, "Gul Khan")
    merge = identities_merge(acting_user=None, person_a=a.pk, person_b=b.pk, kind="auto")
    b.delete()
    assert IdentityMember.objects.filter(person_id=b.pk).count() == 0
    merge_undo(acting_user=world.anf_analyst, merge=merge)  # nothing left to move, no error


# --- pending pairs overtaken by joins -------------------------------------------------------


def _queue(user):
    from nncc.resolution.selectors import candidate_queue

    return set(candidate_queue(user, {}).values_list("pk", flat=True))


def _status_entries(candidate):
    return [
        (e.before["status"], e.after["status"])
        for e in AuditEntry.objects.filter(
            target_type="resolution.matchcandidate", target_id=str(candidate.pk)
        ).order_by("id")
    ]


def test_a_waiting_pair_joined_through_others_leaves_the_queue_and_returns_on_undo(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.anf, "Gul Khan Afridi")
    c = statement(world.anf, "Gul Afridi")
    waiting = pair(a, c)
    assert _queue(world.anf_analyst) == {waiting.pk}
    identities_merge(acting_user=None, person_a=a.pk, person_b=b.pk, kind="auto")
    waiting.refresh_from_db()
    assert waiting.status == CandidateStatus.PENDING  # a and c are still apart
    joined = identities_merge(
        acting_user=world.anf_analyst, person_a=b.pk, person_b=c.pk, kind="decision"
    )
    waiting.refresh_from_db()
    assert waiting.status == CandidateStatus.JOINED
    assert _queue(world.anf_analyst) == set()
    assert _status_entries(waiting) == [("pending", "joined")]
    assert joined.candidate is None
    entry = AuditEntry.objects.get(target_type="resolution.merge", target_id=str(joined.pk))
    assert entry.detail["closed"] == [waiting.pk]

    merge_undo(acting_user=world.anf_analyst, merge=joined)
    waiting.refresh_from_db()
    assert waiting.status == CandidateStatus.PENDING
    assert waiting.pk in _queue(world.anf_analyst)
    assert _status_entries(waiting) == [("pending", "joined"), ("joined", "pending")]


def test_undo_reopens_only_the_pairs_it_parts(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.anf, "Gul Khan")
    c = statement(world.anf, "Gul Khan")
    d = statement(world.anf, "Gul Khan")
    inner, outer = pair(a, b), pair(a, d)
    identities_merge(acting_user=None, person_a=a.pk, person_b=c.pk, kind="auto")
    identities_merge(acting_user=None, person_a=b.pk, person_b=c.pk, kind="auto")  # a, b, c
    last = identities_merge(acting_user=None, person_a=c.pk, person_b=d.pk, kind="auto")
    assert set(MatchCandidate.objects.values_list("status", flat=True)) == {"joined"}
    assert last.moved == [d.pk]
    merge_undo(acting_user=world.anf_analyst, merge=last)
    inner.refresh_from_db()
    outer.refresh_from_db()
    # a and b are still one person; a and d are apart again
    assert (inner.status, outer.status) == ("joined", "pending")


def test_a_same_decision_closes_the_waiting_pairs_it_joins_but_not_itself(world):
    a = statement(world.anf, "Gul Khan")
    b = statement(world.anf, "Gul Khan")
    c = statement(world.anf, "Gul Khan")
    identities_merge(acting_user=None, person_a=a.pk, person_b=b.pk, kind="auto")
    waiting, decided = pair(a, c), pair(b, c)
    candidate_decide(acting_user=world.anf_analyst, candidate=decided, decision="same")
    waiting.refresh_from_db()
    decided.refresh_from_db()
    assert (waiting.status, decided.status) == ("joined", "same")
    # an unsure pair is a reviewer's: left as he put it
    d = statement(world.anf, "Gul Khan")
    unsure = pair(a, d, status=CandidateStatus.UNSURE)
    candidate_decide(acting_user=world.anf_analyst, candidate=pair(c, d), decision="same")
    unsure.refresh_from_db()
    assert unsure.status == "unsure"


def test_the_batch_run_closes_what_its_joins_overtake(world):
    from nncc.resolution.services import resolve_all

    born = datetime.date(1980, 3, 4)
    same = {"father": "Sher Khan", "cnic": CNIC_1, "born": born}
    a = statement(world.anf, "Gul Khan Afridi", **same)
    b = statement(world.customs, "Gul Khan Afridi", **same)
    c = statement(world.customs, "Gul Khan Afridi", **same)
    waiting = pair(a, b)  # the batch leaves a waiting pair to its reviewer...
    identities_merge(acting_user=None, person_a=a.pk, person_b=c.pk, kind="auto")
    stale = pair(a, c)  # ...and older code could leave a pair pending after its join
    summary = resolve_all(acting_user=None)
    # ...but joins b through c, after which the waiting pair has nothing left to decide
    assert len(set(memberships(a, b, c).values())) == 1
    waiting.refresh_from_db()
    stale.refresh_from_db()
    assert (waiting.status, stale.status) == ("joined", "joined")
    assert summary.closed == 2
    assert _status_entries(stale) == [("pending", "joined")]
