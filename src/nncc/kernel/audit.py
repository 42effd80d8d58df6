"""Writing the audit trail.

Services call ``audit_log`` explicitly (not signals), inside their transaction, so a change and its
audit entry commit or roll back together, and the CLI, tasks and the shell are audited like web
requests. Reads that matter (a person's record, a search, an export, a report) are entries too.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from nncc.kernel.access import viewer_for
from nncc.kernel.context import current_context
from nncc.kernel.models import AuditAction, AuditEntry

_PLAIN = frozenset({str, int, bool, float})


def _isoformat(value: datetime.date | datetime.time) -> str:
    return value.isoformat()


#: the conversion of the commonest types, found by the exact type before the checks below
_CONVERT: dict[type, Any] = {
    decimal.Decimal: str,
    datetime.datetime: _isoformat,
    datetime.date: _isoformat,
    uuid.UUID: str,
}


def jsonable(value: Any) -> Any:
    """``value`` as the audit trail stores it in JSON (decimals and times as text, sets as
    lists); the bulk importer builds its snapshots with it too, so both paths store the same."""
    kind = type(value)
    if value is None or kind in _PLAIN:
        return value  # most values: answered first, as snapshots of bulk imports are many
    convert = _CONVERT.get(kind)
    if convert is not None:
        return convert(value)
    if kind is dict:
        return {k: v if v is None or type(v) in _PLAIN else jsonable(v) for k, v in value.items()}
    if kind is list:
        return [v if v is None or type(v) in _PLAIN else jsonable(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    # Plain items are taken as they are without a call each: a snapshot holds mostly those.
    if isinstance(value, dict):
        return {k: v if v is None or type(v) in _PLAIN else jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [v if v is None or type(v) in _PLAIN else jsonable(v) for v in value]
    return value


#: per model, the attribute names a snapshot holds (worked out once: bulk imports take many)
_SNAPSHOT_NAMES: dict[type[models.Model], tuple[str, ...]] = {}


def _snapshot_names(model: type[models.Model]) -> tuple[str, ...]:
    names = _SNAPSHOT_NAMES.get(model)
    if names is None:
        names = _SNAPSHOT_NAMES[model] = tuple(
            field.attname
            for field in model._meta.concrete_fields
            if field.name not in {"created_at", "updated_at"}
        )
    return names


def snapshot(instance: models.Model, **extra: Any) -> dict[str, Any]:
    """The concrete field values of an instance (foreign keys as ids), for before/after."""
    data = jsonable({name: getattr(instance, name) for name in _snapshot_names(type(instance))})
    data.update(jsonable(extra))
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
    if owner is None or not hasattr(owner, "agency_id"):
        return None, ""
    # Agency-owned configuration (an import profile, an import job) has no handling code.
    return owner.agency_id, getattr(owner, "handling_code", "") or ""


def audit_log(*, actor: Any, action: str, **details: Any) -> AuditEntry:
    """Write one audit entry (the arguments are ``entry_fields``'); must run inside the caller's
    transaction when it records a change."""
    return AuditEntry.objects.create(**entry_fields(actor=actor, action=action, **details))


def entry_fields(
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
) -> dict[str, Any]:
    """The fields of an audit entry.

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
    return {
        "time": timezone.now(),
        "actor": actor if authenticated else None,
        "actor_username": getattr(actor, "username", "") if authenticated else "",
        "agency_id": viewer.agency_id,
        "action": action,
        "target_type": target_type,
        "target_id": str(target_id or ""),
        "target_label": target_label[:300],
        "target_agency_id": target_agency_id,
        "target_handling_code": target_handling_code,
        "before": jsonable(before) if before is not None else None,
        "after": jsonable(after) if after is not None else None,
        "detail": jsonable(detail) if detail is not None else None,
        "channel": context.channel,
        "request_id": context.request_id,
        "client_address": context.client_address,
    }


#: the attribute names of an audit entry's columns in table order, its id left out: the order
#: of the values of ``create_entry_rows``
ENTRY_COLUMNS: tuple[str, ...] = tuple(
    field.attname for field in AuditEntry._meta.concrete_fields if not field.primary_key
)
_TARGET_COLUMNS = tuple(
    ENTRY_COLUMNS.index(name)
    for name in (
        "target_type",
        "target_id",
        "target_label",
        "target_agency_id",
        "target_handling_code",
        "after",
    )
)


def create_entry_rows(
    *, actor: Any, created: Iterable[tuple[models.Model, dict[str, Any]]]
) -> Iterator[tuple[Any, ...]]:
    """The create entry of each (record, snapshot) pair as the values of its row, in
    ``ENTRY_COLUMNS`` order: the values ``audit_log`` would write one by one, for a bulk import
    to insert a batch's entries at once without making an ``AuditEntry`` of each.

    What every entry shares (actor, agency, channel, request, client address and the time: a
    batch is written at one moment) is worked out once; each snapshot is taken as ``snapshot``
    made it, already JSON-safe, rather than made so again.
    """
    common = entry_fields(actor=actor, action=AuditAction.CREATE)
    author = common.pop("actor")
    common["actor_id"] = author.pk if author is not None else None
    template = [common[name] for name in ENTRY_COLUMNS]
    at_type, at_id, at_label, at_agency, at_code, at_after = _TARGET_COLUMNS
    labels: dict[type[models.Model], str] = {}
    for target, after in created:
        kind = type(target)
        label = labels.get(kind)
        if label is None:
            label = labels[kind] = target._meta.label_lower
        row = template.copy()
        row[at_type] = label
        row[at_id] = str(target.pk or "")
        row[at_label] = str(target)[:300]
        row[at_agency], row[at_code] = owner_of(target)
        row[at_after] = after
        yield tuple(row)


def audit_read(*, actor: Any, action: str, **kwargs: Any) -> AuditEntry:
    """Audit a read (view, search, export, report) in its own small transaction."""
    with transaction.atomic():
        return audit_log(actor=actor, action=action, **kwargs)


def audit_reads(
    *,
    actor: Any,
    action: str,
    targets: Iterable[models.Model],
    detail: dict[str, Any] | None = None,
) -> list[AuditEntry]:
    """Audit one read of each target (the statements of one page) as ``audit_read`` would, one
    entry per target, written with one insert in its own small transaction.

    What every entry shares (actor, agency, channel, request, detail) is worked out once.
    """
    targets = list(targets)
    if not targets:
        return []
    common = entry_fields(actor=actor, action=action, detail=detail)
    now = timezone.now()
    entries = []
    for target in targets:
        agency_id, handling_code = owner_of(target)
        entries.append(
            AuditEntry(
                **{
                    **common,
                    "time": now,
                    "target_type": target._meta.label_lower,
                    "target_id": str(target.pk or ""),
                    "target_label": str(target)[:300],
                    "target_agency_id": agency_id,
                    "target_handling_code": handling_code,
                }
            )
        )
    with transaction.atomic():
        return AuditEntry.objects.bulk_create(entries)
