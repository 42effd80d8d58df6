"""Resolution in the background: person statements are resolved after their write commits, so a
form, an import batch or an API call never waits for candidate search and scoring."""

from __future__ import annotations

from typing import Any

from nncc.kernel.tasks import audited_task


@audited_task()
def resolve_persons_task(*, person_ids: list[int], acting_user: Any = None) -> dict[str, int]:
    from nncc.resolution.online import resolve_persons

    summary = resolve_persons(person_ids, acting_user=acting_user)
    return {"persons": summary.persons, "linked": summary.linked, "queued": summary.queued}
