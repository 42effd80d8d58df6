"""Helpers every app's services share: collecting field errors, checking uniqueness."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError


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

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
