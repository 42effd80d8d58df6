"""Template helpers shared by every page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context: dict[str, Any], key: str, label: str) -> str:
    """A column header that sorts by ``key``, toggling direction, keeping the filters."""
    request = context["request"]
    current = context.get("sort", "")
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    descending = current == key
    query["sort"] = f"-{key}" if descending else key
    arrow = ""
    if current.lstrip("-") == key:
        arrow = " ▾" if current.startswith("-") else " ▴"
    return format_html('<a href="?{}">{}{}</a>', query.urlencode(), label, arrow)


@register.simple_tag(takes_context=True)
def page_link(context: dict[str, Any], number: int) -> str:
    query = context.get("query_without_page", "")
    return f"?{query}&page={number}" if query else f"?page={number}"


@register.filter
def kg(value: Decimal | float | None) -> str:
    """Kilograms for people: 3 decimals below 1 kg, else thousands separators."""
    if value is None:
        return "—"
    number = float(value)
    if abs(number) < 1:
        return f"{number:,.3f}"
    return f"{number:,.1f}" if number % 1 else f"{number:,.0f}"


@register.inclusion_tag("kernel/_handling_badge.html")
def handling_badge(code: str) -> dict[str, str]:
    from nncc.kernel.models import HandlingCode

    return {"code": code, "label": dict(HandlingCode.choices).get(code, code).split(" — ")[0]}
