"""Showing JSON kept on records: a source payload as sent, an audit entry's before and after."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import template

from nncc.kernel.selectors import audit_entry_for_reader

register = template.Library()

_ABSENT = object()


@register.filter
def pretty_json(value: Any) -> str:
    """Indented JSON, keys in the order they were sent; escaped by the template as usual."""
    if value is None:
        return ""
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


@dataclass(frozen=True)
class Change:
    key: str
    before: Any
    after: Any

    @property
    def added(self) -> bool:
        return self.before is _ABSENT

    @property
    def removed(self) -> bool:
        return self.after is _ABSENT

    @property
    def before_text(self) -> str:
        return "" if self.added else json.dumps(self.before, ensure_ascii=False, default=str)

    @property
    def after_text(self) -> str:
        return "" if self.removed else json.dumps(self.after, ensure_ascii=False, default=str)


@register.filter
def json_changes(entry: Any) -> list[Change]:
    """The top-level keys whose value differs between an entry's ``before`` and ``after``.

    Only meaningful when both are objects (an update); creations and deletions show their one
    snapshot in full instead.
    """
    if isinstance(entry, Mapping):
        before, after = entry.get("before"), entry.get("after")
    else:
        before, after = getattr(entry, "before", None), getattr(entry, "after", None)
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    keys = list(before) + [k for k in after if k not in before]
    return [
        Change(key, before.get(key, _ABSENT), after.get(key, _ABSENT))
        for key in keys
        if before.get(key, _ABSENT) != after.get(key, _ABSENT)
    ]


@register.filter
def for_reader(entry: Any, viewer: Any) -> dict[str, Any]:
    """What ``viewer`` may read of an audit entry (``kernel.selectors.audit_entry_for_reader``)."""
    return audit_entry_for_reader(entry, viewer)
