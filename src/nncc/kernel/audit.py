"""Writing the audit trail.

Services call ``audit_log`` explicitly (not signals), inside their transaction, so a change and its
audit entry commit or roll back together, and the CLI, tasks and the shell are audited like web
requests. Reads that matter (a person's record, a search, an export, a report) are entries too.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from nncc.kernel.access import viewer_for
from nncc.kernel.context import current_context
from nncc.kernel.models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, **extra: Any) -> dict[str, Any]:
    """The concrete field values of an instance (foreign keys as ids), for before/after."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        data[field.attname] = _jsonable(getattr(instance, field.attname))
    data.update(_jsonable(extra))
    return data


def owner_of(target: models.Model) -> tuple[int | None, str]:
    """The owning agency id and handling code of a target, or ``(None, "")`` when it has none.

    An operational record answers for itself; a child row (``visibility_parent``, e.g. a drug
    line) answers with its parent's; an audit entry answers with the record it is about.
    """
    if isinstance(target, AuditEntry):
        return target.target_agency_id, target.target_handling_code
    owner: Any = target
    for step in getattr(target, "visibility_parent", "").split("__"):
        if step:
            owner = getattr(owner, step, None)
    if owner is None or not hasattr(owner, "agency_id") or not hasattr(owner, "handling_code"):
        return None, ""
    return owner.agency_id, owner.handling_code or ""


def audit_log(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: Any = "",
    target_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
    target_agency_id: int | None = None,
    target_handling_code: str = "",
) -> AuditEntry:
    """Write one audit entry; must run inside the caller's transaction when it records a change.

    The target's owning agency and handling code are taken from ``target`` unless given (a
    deleted record no longer has them to give; ``audited_delete`` passes them).
    """
    context = current_context()
    viewer = viewer_for(actor)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
        target_label = target_label or str(target)[:300]
        if target_agency_id is None and not target_handling_code:
            target_agency_id, target_handling_code = owner_of(target)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        time=timezone.now(),
        actor=actor if authenticated else None,
        actor_username=getattr(actor, "username", "") if authenticated else "",
        agency_id=viewer.agency_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id or ""),
        target_label=target_label[:300],
        target_agency_id=target_agency_id,
        target_handling_code=target_handling_code,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        detail=_jsonable(detail) if detail is not None else None,
        channel=context.channel,
        request_id=context.request_id,
        client_address=context.client_address,
    )


def audit_read(*, actor: Any, action: str, **kwargs: Any) -> AuditEntry:
    """Audit a read (view, search, export, report) in its own small transaction."""
    with transaction.atomic():
        return audit_log(actor=actor, action=action, **kwargs)
