"""Helpers every app's services share: collecting field errors, and the audited write steps.

A service validates everything first (``ErrorCollector``), then calls ``audited_create``,
``audited_update`` or ``audited_delete``, which write the record, its child rows and exactly one
audit entry in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet

from nncc.kernel.audit import audit_log, owner_of, snapshot
from nncc.kernel.models import AuditAction, HandlingCode

M = TypeVar("M", bound=Model)


_HANDLING_CODES = frozenset(HandlingCode.values)  # ``Choices.values`` is a new list each time


class ErrorCollector:
    """Gathers field errors so a user sees every problem at once, then raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    @contextmanager
    def field(self, name: str) -> Iterator[None]:
        try:
            yield
        except ValidationError as exc:
            for message in exc.messages:
                self.add(name, message)

    def check(self, name: str, validator: Any, *args: Any) -> Any:
        try:
            return validator(*args)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(name, message)
            return None

    def merge(self, exc: ValidationError, prefix: str = "") -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                key = (
                    field if not prefix else (prefix if field == "__all__" else f"{prefix}.{field}")
                )
                for message in errors:
                    self.add(key, message)
        else:
            for message in exc.messages:
                self.add(prefix or "__all__", message)

    def check_handling_code(self, code: str) -> None:
        if code not in _HANDLING_CODES:
            self.add("handling_code", f"“{code}” is not a handling code.")

    def check_unique(
        self, field: str, queryset: QuerySet[Any], *, instance: Model | None, message: str
    ) -> None:
        """Add ``message`` on ``field`` when ``queryset`` finds a row other than ``instance``."""
        if instance is not None:
            queryset = queryset.exclude(pk=instance.pk)
        if queryset.exists():
            self.add(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


Snapshot = Callable[[Any], dict[str, Any]]


def _validate_fields(record: Model) -> None:
    """Field-level validation before saving. Uniqueness and constraints are left out on purpose:
    services check uniqueness themselves (to word the error for the user) and the database
    enforces every constraint, so repeating them here would only cost queries."""
    record.full_clean(validate_unique=False, validate_constraints=False)


def audited_create(
    *,
    acting_user: Any,
    record: M,
    write_children: Callable[[M], None] | None = None,
    snapshot_of: Snapshot = snapshot,
) -> M:
    """Save a validated new record (and its child rows) with its one audit entry, atomically."""
    with transaction.atomic():
        _validate_fields(record)
        record.save()
        if write_children is not None:
            write_children(record)
        audit_log(
            actor=acting_user, action=AuditAction.CREATE, target=record, after=snapshot_of(record)
        )
    return record


def audited_update(
    *,
    acting_user: Any,
    record: M,
    values: dict[str, Any],
    write_children: Callable[[M], None] | None = None,
    snapshot_of: Snapshot = snapshot,
) -> M:
    """Change a record (and replace its child rows) with one audit entry holding before/after."""
    with transaction.atomic():
        before = snapshot_of(record)
        for name, value in values.items():
            setattr(record, name, value)
        _validate_fields(record)
        record.save()
        if write_children is not None:
            write_children(record)
        audit_log(
            actor=acting_user,
            action=AuditAction.UPDATE,
            target=record,
            before=before,
            after=snapshot_of(record),
        )
    return record


def audited_delete(*, acting_user: Any, record: Model, snapshot_of: Snapshot = snapshot) -> None:
    """Delete a record with one audit entry that keeps what it was."""
    with transaction.atomic():
        before = snapshot_of(record)
        target_type, target_id, label = record._meta.label_lower, record.pk, str(record)
        owner_id, handling_code = owner_of(record)
        record.delete()
        audit_log(
            actor=acting_user,
            action=AuditAction.DELETE,
            target_type=target_type,
            target_id=target_id,
            target_label=label,
            target_agency_id=owner_id,
            target_handling_code=handling_code,
            before=before,
        )
