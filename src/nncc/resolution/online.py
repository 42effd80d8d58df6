"""Online resolution: when a statement arrives, find who else it may be, link or queue.

``resolve_person(person)`` stores the statement's blocking keys (the same keys batch
resolution uses), finds candidates through them in a few indexed queries, scores each pair with
the model and then:

- at or above the model's ``auto_link_threshold`` joins the two identities, unless the pair
  conflicts (different CNICs, passports or PoR cards), a reviewer judged them different, or the
  join would put two different documents into one identity (then the pair is queued instead);
- between ``review_threshold`` and that, queues the pair for a reviewer;
- below, forgets it.

A pair that already has a reviewer's decision keeps it: "different" is never linked, "same" is
kept joined, and a pair waiting for review waits (its score is refreshed).

Keeping the key table lean: a key more than ``MAX_PER_KEY`` statements share ("name muhammad
khan", a common birth year with a common name) finds too many people to say anything; it is not
looked up and not stored for newer statements. Only the ``MAX_SCORED`` statements sharing the
most evidence with the new one (a shared document or phone weighs more than a shared name or
birth date) are scored. All the keys are looked up in one query, which reads at most
``MAX_PER_KEY + 1`` index entries per key, so the work per statement is bounded however large
the registry grows.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from nncc.kernel.audit import audit_log
from nncc.kernel.models import AuditAction
from nncc.registry.models import Person
from nncc.resolution.models import (
    CandidateStatus,
    MatchCandidate,
    MergeKind,
    ResolutionKey,
    StoredModel,
)
from nncc.resolution.services.joined import close_joined_candidates
from nncc.resolution.services.merges import ensure_identities, identities_merge
from nncc.resolution.statements import records_of

#: a key shared by more statements than this is too common to find anyone; skipped
MAX_PER_KEY = 200
#: the statements sharing the most keys with the new one that are scored
MAX_SCORED = 20
#: how much a shared key of each kind says (the text before ":" in ``blocking.blocking_keys``)
KEY_WEIGHTS = {"cnic": 4, "passport": 4, "por": 4, "phone": 3, "dob": 1}


def hash_key(key: str) -> int:
    """A blocking key as a signed 64-bit integer (lean rows, one small index)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


_model_cache: dict[str, Any] = {}


def current_model() -> Any:
    """The newest stored model trained on this registry, else the shipped default."""
    from nncc.resolution.model import Model, default_model

    stored = (
        StoredModel.objects.order_by("-created_at", "-id")
        .values("pk", "created_at", "parameters")
        .first()
    )
    if stored is None:
        return default_model()
    # with its time: an id rolled back (SQLite reuses it) must not bring back an older model
    key = f"stored:{stored['pk']}:{stored['created_at'].isoformat()}"
    if key not in _model_cache:
        _model_cache.clear()
        parameters = stored["parameters"]
        text = parameters if isinstance(parameters, str) else json.dumps(parameters)
        _model_cache[key] = Model.from_json(text)
    return _model_cache[key]


def prepared_of(records: dict[int, Any]) -> dict[int, Any]:
    from nncc.resolution.records import prepare

    return {pk: prepare(record) for pk, record in records.items()}


def keyed(prepared: Any) -> dict[int, str]:
    """A statement's blocking keys, hashed, with their text."""
    from nncc.resolution.blocking import blocking_keys

    return {hash_key(key): key for key in blocking_keys(prepared)}


def keys_of(prepared: Any) -> set[int]:
    return set(keyed(prepared))


def explanation_of(comparison: Any) -> list[dict[str, Any]]:
    return [asdict(feature) for feature in comparison.features]


def compare_pair(a: Person, b: Person, model: Any = None) -> Any:
    """The scorer's comparison of two statements (its probability, features and conflict)."""
    from nncc.resolution.scoring import compare

    prepared = prepared_of(records_of([a, b]))
    return compare(prepared[a.pk], prepared[b.pk], model or current_model())


def find_candidates(person_id: int, keys: dict[int, str]) -> tuple[list[int], set[int]]:
    """Statements sharing keys with ``person_id``, the likeliest first, and the keys too
    common to use. ``keys`` maps each hashed key to its text, whose kind weighs the evidence:
    a shared document or phone counts for more than a shared name or birth date.

    One query for all the keys: a key is stored for at most ``MAX_PER_KEY + 1`` statements (one
    that finds more holders does not store it, and the batch stores none held by more), so the
    rows read stay bounded. Should concurrent writers have pushed a key past that bound, the
    query stops at it and the keys are looked up one by one, each read bounded.
    """
    if not keys:
        return [], set()
    bound = (MAX_PER_KEY + 1) * len(keys)
    rows = list(
        ResolutionKey.objects.filter(key__in=list(keys)).values_list("key", "person_id")[
            : bound + 1
        ]
    )
    holders: dict[int, list[int]] = {value: [] for value in keys}
    if len(rows) <= bound:
        for value, pk in rows:
            holders[value].append(pk)
    else:
        for value in keys:
            holders[value] = list(
                ResolutionKey.objects.filter(key=value).values_list("person_id", flat=True)[
                    : MAX_PER_KEY + 1
                ]
            )
    shared: Counter[int] = Counter()
    saturated: set[int] = set()
    for value, ids in holders.items():
        if len(ids) > MAX_PER_KEY:
            saturated.add(value)
            continue
        weight = KEY_WEIGHTS.get(keys[value].partition(":")[0], 1)
        for pk in ids:
            if pk != person_id:
                shared[pk] += weight
    return [pk for pk, _ in shared.most_common(MAX_SCORED)], saturated


def store_keys(person_id: int, hashes: set[int]) -> None:
    ResolutionKey.objects.filter(person_id=person_id).exclude(key__in=hashes).delete()
    existing = set(ResolutionKey.objects.filter(person_id=person_id).values_list("key", flat=True))
    ResolutionKey.objects.bulk_create(
        ResolutionKey(person_id=person_id, key=value) for value in hashes - existing
    )


@dataclass
class OnlineResult:
    person_id: int
    identity_id: int = 0
    candidates: int = 0
    linked: list[int] = field(default_factory=list)
    queued: list[int] = field(default_factory=list)
    problems: tuple[str, ...] = ()


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def resolve_person(person: Person, *, acting_user: Any = None, model: Any = None) -> OnlineResult:
    """Store a statement's keys, then link or queue the statements it matches."""
    model = model or current_model()
    result = OnlineResult(person_id=person.pk)
    with transaction.atomic():
        mine = prepared_of(records_of([person]))[person.pk]
        result.problems = tuple(getattr(mine, "problems", ()))
        keys = keyed(mine)
        candidate_ids, saturated = find_candidates(person.pk, keys)
        store_keys(person.pk, set(keys) - saturated)
        ensure_identities([person.pk])
        result.candidates = len(candidate_ids)
        if candidate_ids:
            _link_or_queue(person.pk, mine, candidate_ids, model, acting_user, result)
        if result.queued:
            # a pair in the grey zone whose two statements are already one person through
            # others has nothing left for a reviewer
            closed = close_joined_candidates(
                acting_user=acting_user, person_ids=[person.pk], detail={"person": person.pk}
            )
            result.queued = [pk for pk in result.queued if pk not in closed]
        result.identity_id = ensure_identities([person.pk])[person.pk]
        if result.queued:
            audit_log(
                actor=acting_user,
                action=AuditAction.UPDATE,
                target_type="resolution.identity",
                target_id=result.identity_id,
                target_label=f"identity {result.identity_id}",
                target_agency_id=person.agency_id,
                target_handling_code=person.handling_code,
                detail={"person": person.pk, "queued": result.queued, "linked": result.linked},
            )
    return result


def _link_or_queue(
    person_id: int,
    mine: Any,
    candidate_ids: list[int],
    model: Any,
    acting_user: Any,
    result: OnlineResult,
) -> None:
    from nncc.resolution.scoring import compare

    others = prepared_of(records_of(Person.objects.filter(pk__in=candidate_ids)))
    existing = {
        (row.person_a_id, row.person_b_id): row
        for row in MatchCandidate.objects.filter(
            Q(person_a_id=person_id, person_b_id__in=candidate_ids)
            | Q(person_b_id=person_id, person_a_id__in=candidate_ids)
        )
    }
    scored = sorted(
        ((compare(mine, others[pk], model), pk) for pk in candidate_ids if pk in others),
        key=lambda item: -item[0].probability,
    )
    for comparison, other in scored:
        pair = _pair(person_id, other)
        row = existing.get(pair)
        if row is not None:
            _revisit(row, comparison, acting_user, result)
            continue
        if comparison.conflict or comparison.probability < model.review_threshold:
            continue
        # get_or_create: another statement's resolution may have written the pair meanwhile
        row, created = MatchCandidate.objects.get_or_create(
            person_a_id=pair[0],
            person_b_id=pair[1],
            defaults={
                "probability": comparison.probability,
                "match_weight": comparison.match_weight,
                "explanation": explanation_of(comparison),
                "conflict": comparison.conflict[:200],
                "status": CandidateStatus.PENDING,
            },
        )
        if not created:
            _revisit(row, comparison, acting_user, result)
        elif comparison.probability >= model.auto_link_threshold:
            _auto_link(row, acting_user, result)
        else:
            result.queued.append(row.pk)


def _auto_link(row: MatchCandidate, acting_user: Any, result: OnlineResult) -> None:
    try:
        with transaction.atomic():
            merge = identities_merge(
                acting_user=acting_user,
                person_a=row.person_a_id,
                person_b=row.person_b_id,
                kind=MergeKind.AUTO,
                candidate=row,
                probability=row.probability,
            )
    except ValidationError as refusal:
        # A strong score that would join two different documents: a reviewer looks at it.
        row.note = " ".join(refusal.messages)[:500]
        row.save(update_fields=["note", "updated_at"])
        result.queued.append(row.pk)
        return
    row.status = CandidateStatus.AUTO
    row.save(update_fields=["status", "updated_at"])
    if merge is not None:
        result.linked.append(row.pk)


def _revisit(row: MatchCandidate, comparison: Any, acting_user: Any, result: OnlineResult) -> None:
    """A pair seen before keeps its decision; a waiting pair gets its fresh score."""
    if row.status in (CandidateStatus.PENDING, CandidateStatus.UNSURE):
        row.probability = comparison.probability
        row.match_weight = comparison.match_weight
        row.explanation = explanation_of(comparison)
        row.conflict = comparison.conflict[:200]
        row.save(
            update_fields=["probability", "match_weight", "explanation", "conflict", "updated_at"]
        )
    elif row.status == CandidateStatus.SAME:
        try:
            with transaction.atomic():
                identities_merge(
                    acting_user=acting_user,
                    person_a=row.person_a_id,
                    person_b=row.person_b_id,
                    kind=MergeKind.DECISION,
                    candidate=row,
                    probability=row.probability,
                )
        except ValidationError:
            return  # an edit brought a conflicting document; the identity page shows both


@dataclass
class BatchSummary:
    persons: int = 0
    linked: int = 0
    queued: int = 0


def resolve_persons(
    person_ids: Iterable[int],
    *,
    acting_user: Any = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = 500,
) -> BatchSummary:
    """``resolve_person`` for many statements (an import), one model load for all."""
    model = current_model()
    summary = BatchSummary()
    ids = list(dict.fromkeys(person_ids))
    for start in range(0, len(ids), chunk):
        persons = Person.objects.filter(pk__in=ids[start : start + chunk]).order_by("pk")
        for person in persons:
            outcome = resolve_person(person, acting_user=acting_user, model=model)
            summary.persons += 1
            summary.linked += len(outcome.linked)
            summary.queued += len(outcome.queued)
        if progress is not None:
            progress(summary.persons)
    return summary
