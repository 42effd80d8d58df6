"""Person statements are resolved when their write commits (``registry.signals.persons_changed``).

``deferred()`` turns this off for a block that resolves everything itself afterwards (the demo
seeding ends with ``resolve_all``), so thousands of single-person tasks are not queued for nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import transaction

_deferred = contextvars.ContextVar("nncc_resolution_deferred", default=False)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def on_persons_changed(sender: Any, person_ids: list[int], **kwargs: Any) -> None:
    if _deferred.get():
        return
    ids = list(person_ids)

    def enqueue() -> None:
        from nncc.resolution.tasks import resolve_persons_task

        resolve_persons_task.enqueue(person_ids=ids)

    # Registered inside the writer's transaction (or savepoint): a rollback drops it with the rows.
    transaction.on_commit(enqueue)
