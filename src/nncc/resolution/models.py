"""Resolved persons: which agencies' statements are about the same individual.

A ``registry.Person`` stays one agency's statement, never altered by resolution. An ``Identity``
groups statements through ``IdentityMember`` rows (one per resolved person record). Every join of
two identities is a ``Merge`` that remembers exactly which statements moved, so it can be undone.
``MatchCandidate`` rows are the pairs the scorer found: auto-linked, or waiting in the review queue
for a human's decision (same, different, unsure). ``ResolutionKey`` is the indexed table of
blocking keys through which online resolution finds candidates in a few queries.

Identities, merges and candidates have no owner of their own: who may see them follows the
statements they rest on (see ``resolution.selectors``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from nncc.kernel.models import VisibleQuerySet


class Identity(models.Model):
    """One resolved person. Its content is its members' statements; it holds none itself.

    An identity emptied by a merge is kept (not deleted), so undoing the merge puts the moved
    statements back into the very identity they came from.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return f"identity {self.pk}"


class Via(models.TextChoices):
    """How a statement came into its identity."""

    ALONE = "alone", "Alone (no match yet)"
    AUTO = "auto", "Linked automatically"
    DECISION = "decision", "A reviewer's decision"
    BATCH = "batch", "Batch resolution"
    UNDO = "undo", "A merge was undone"


class IdentityMember(models.Model):
    """A statement's place in an identity; visible to whoever may see the statement."""

    visibility_parent = "person__"

    person = models.OneToOneField(
        "registry.Person", on_delete=models.CASCADE, related_name="identity_membership"
    )
    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="members")
    since = models.DateTimeField()
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.ALONE)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["identity_id", "person_id"]

    def __str__(self) -> str:
        return f"person {self.person_id} in identity {self.identity_id}"


class ResolutionKey(models.Model):
    """One blocking key of a statement, hashed to 64 bits so the table and its index stay lean.

    A hash collision only adds a candidate, which the scorer then rejects.
    """

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="resolution_keys"
    )
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="resolution_key_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="resolution_key_unique")
        ]

    def __str__(self) -> str:
        return f"key of person {self.person_id}"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    AUTO = "auto", "Linked automatically"
    SAME = "same", "Same person"
    DIFFERENT = "different", "Different persons"
    UNSURE = "unsure", "Unsure"
    #: closed unreviewed: its two statements came into one identity through other statements
    JOINED = "joined", "Joined through other statements"


#: what a reviewer may decide
DECISIONS = (CandidateStatus.SAME, CandidateStatus.DIFFERENT, CandidateStatus.UNSURE)


class MatchCandidate(models.Model):
    """A pair of statements the scorer compared: its probability and why, and what was decided.

    ``person_a`` is always the lower id, so a pair has one row whichever side arrived first.
    """

    person_a = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    match_weight = models.FloatField(default=0.0)
    #: the scorer's per-feature explanation: [{name, outcome, detail, weight}]
    explanation = models.JSONField(default=list, blank=True)
    conflict = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_pair_unique"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="candidate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "probability"], name="candidate_queue")]

    def __str__(self) -> str:
        # Never names the persons: the label ends up in the audit trail and in messages.
        return f"match candidate {self.pk}"


class MergeKind(models.TextChoices):
    AUTO = "auto", "Automatic link"
    DECISION = "decision", "Reviewer's decision"
    BATCH = "batch", "Batch resolution"


class Merge(models.Model):
    """``identity`` absorbed ``absorbed``: the statements in ``moved`` went from one to the other.

    ``person_a`` (in ``identity``) and ``person_b`` (in ``absorbed``) are the pair whose match
    caused it. Undoing the merge moves exactly ``moved`` back into ``absorbed``.
    """

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="merges")
    absorbed = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="absorbed_by")
    person_a = models.ForeignKey(
        "registry.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_b = models.ForeignKey(
        "registry.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: ids of the statements that moved from ``absorbed`` into ``identity``
    moved = models.JSONField(default=list)
    kind = models.CharField(max_length=10, choices=MergeKind.choices)
    candidate = models.ForeignKey(
        MatchCandidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    probability = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"merge {self.pk}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class StoredModel(models.Model):
    """Scorer parameters trained on this registry; the newest one is used, else the shipped one.

    ``parameters`` is the model's JSON (``Model.to_json``) as stored by ``nncc manage
    resolution_model``; storing one makes it the active model of online and batch resolution.
    """

    parameters = models.JSONField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"scoring model {self.pk}"
