"""What the registry tells the apps above it, sent explicitly by its services.

The registry must not import resolution (apps depend downward only), yet every new or changed
person statement has to be resolved. The services send ``persons_changed`` inside their writing
transaction; a receiver defers its work until the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

#: sent with ``person_ids`` (a list of ints) when person statements were created or changed
persons_changed = Signal()


def announce_persons_changed(person_ids: Iterable[int]) -> None:
    ids = [int(pk) for pk in person_ids]
    if ids:
        persons_changed.send(sender=None, person_ids=ids)
