"""Storing the scorer's parameters: the newest ``StoredModel`` is the active one, the model
online resolution and the batch run score with (``online.current_model``).

A model comes from a file written by ``python -m nncc.resolution.train`` or is trained here on
the registry's own statements, without labels, as the batch trains on a file: m, u and the prior
are learnt afresh, the thresholds and term frequencies stay the active model's. An older stored
model is made active again by storing its parameters anew, so the newest row always says which
one is in use and since when. Each is audited.
"""

from __future__ import annotations

import json
import random
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from nncc.kernel.audit import audit_log
from nncc.kernel.models import AuditAction
from nncc.registry.models import Person
from nncc.resolution.models import StoredModel
from nncc.resolution.services.registry_run import require_batch_runner
from nncc.resolution.statements import records_of

#: fewer statements than this say too little to learn m and u from (the batch's own floor)
MIN_STATEMENTS = 1000
#: statements of the registry training reads at most, drawn at random (the batch's sample)
TRAINING_SAMPLE = 20_000
NOTE_LENGTH = 200
_CHUNK = 2000


def parsed_model(text: str) -> Any:
    """The model in ``text`` (``Model.to_json``), checked; ``ValidationError`` if it is not one."""
    from nncc.resolution.model import Model, default_model

    try:
        model = Model.from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(f"Not a resolution model: {exc}.") from exc
    problems = []
    missing = set(default_model().parameters) - set(model.parameters)
    if missing:
        problems.append(f"it has no parameters for {', '.join(sorted(missing))}")
    if not 0 < model.prior < 1:
        problems.append("its prior is not a probability")
    if not 0 < model.review_threshold <= model.auto_link_threshold <= 1:
        problems.append("its thresholds must satisfy 0 < review ≤ auto-link ≤ 1")
    if problems:
        raise ValidationError(f"Not a usable resolution model: {'; '.join(problems)}.")
    return model


def model_store(*, acting_user: Any, model: Any, note: str = "", source: str = "") -> StoredModel:
    """Store ``model`` as the active one, audited."""
    require_batch_runner(acting_user)
    note = " ".join(note.split())
    if len(note) > NOTE_LENGTH:
        raise ValidationError({"note": [f"Keep the note under {NOTE_LENGTH} characters."]})
    text = model.to_json()
    parsed_model(text)
    with transaction.atomic():
        stored = StoredModel.objects.create(parameters=json.loads(text), note=note)
        audit_log(
            actor=acting_user,
            action=AuditAction.CREATE,
            target=stored,
            detail={
                "source": source,
                "note": note,
                "description": model.description,
                "prior": model.prior,
                "auto_link_threshold": model.auto_link_threshold,
                "review_threshold": model.review_threshold,
            },
        )
    return stored


def model_activate(*, acting_user: Any, stored: StoredModel, note: str = "") -> StoredModel:
    """Make an older stored model the active one again (stored anew, audited)."""
    model = parsed_model(json.dumps(stored.parameters))
    return model_store(
        acting_user=acting_user,
        model=model,
        note=note or f"{stored} made active again",
        source=f"stored:{stored.pk}",
    )


def model_train_on_registry(
    *,
    acting_user: Any,
    note: str = "",
    minimum: int = MIN_STATEMENTS,
    sample: int = TRAINING_SAMPLE,
) -> StoredModel:
    """Train m, u and the prior on (a sample of) the registry's statements and store the
    model as the active one."""
    import duckdb
    from splink.internals.exceptions import SplinkException

    from nncc.resolution.online import current_model, prepared_of
    from nncc.resolution.train import train

    require_batch_runner(acting_user)
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    if len(ids) < minimum:
        raise ValidationError(
            f"The registry holds {len(ids)} statements; training needs at least {minimum}."
        )
    if len(ids) > sample:
        ids = sorted(random.Random(len(ids)).sample(ids, sample))
    prepared: list[Any] = []
    for start in range(0, len(ids), _CHUNK):
        persons = Person.objects.filter(pk__in=ids[start : start + _CHUNK])
        prepared.extend(prepared_of(records_of(persons)).values())
    base = current_model()
    try:
        model = train(prepared, base=base)
    except (SplinkException, ValueError, ArithmeticError, duckdb.Error) as exc:
        # too few or too alike statements leave Splink nothing to estimate some level from
        raise ValidationError(
            f"The registry's statements gave the training nothing to learn from ({exc})."
        ) from exc
    model.description = (
        f"Trained without labels on {len(prepared)} statements of the registry; thresholds "
        f"and name frequencies of the model active before."
    )
    return model_store(
        acting_user=acting_user, model=model, note=note, source=f"registry:{len(prepared)}"
    )
