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
) -> AuditEntry:
    """Write one audit entry; must run inside the caller's transaction when it records a change."""
    context = current_context()
    viewer = viewer_for(actor)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
        target_label = target_label or str(target)[:300]
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
