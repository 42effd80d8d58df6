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


@register.filter
def can_write_for(viewer: Any, agency_id: int | None) -> bool:
    """``{% if viewer|can_write_for:object.agency_id %}``: show Edit only to those who may."""
    return bool(viewer and viewer.can_write_for(agency_id))


@register.filter
def can_delete_for(viewer: Any, agency_id: int | None) -> bool:
    return bool(viewer and viewer.can_delete_for(agency_id))


@register.filter
def can_report(viewer: Any) -> bool:
    """Whether the viewer may report new records for his own agency."""
    return bool(viewer and viewer.can_write_for(viewer.agency_id))


@register.filter
def country(code: str | None) -> str:
    from nncc.reference.geography import country_name

    return country_name(code) if code else "—"


@register.filter
def province(code: str | None) -> str:
    from nncc.reference.geography import provinces

    return provinces().get(code, code) if code else "—"


@register.filter
def urdu(text: str | None) -> str:
    """Urdu text in a right-to-left span, so it renders correctly inside English lines."""
    if not text:
        return ""
    return format_html('<span class="urdu" lang="ur" dir="rtl">{}</span>', text)


@register.filter
def percent(value: Decimal | float | None) -> str:
    """A share (0–1) as a percentage: 0.25 → 25%."""
    if value is None:
        return "—"
    number = float(value) * 100
    return f"{number:.0f}%" if number % 1 < 0.05 else f"{number:.1f}%"


@register.filter
def number(value: Decimal | float | int | None) -> str:
    """A count or amount with thousands separators and no needless decimals."""
    if value is None:
        return "—"
    numeric = float(value)
    # Fractions matter for small amounts only: 2.5 acres, but 34,393 acres.
    return f"{numeric:,.0f}" if numeric % 1 == 0 or abs(numeric) >= 100 else f"{numeric:,.2f}"


@register.inclusion_tag("kernel/_record_actions.html", takes_context=True)
def record_actions(context: dict[str, Any], obj: Any, edit: str = "", delete: str = "") -> dict:
    """Edit / Delete buttons for a record, each shown only to a user who may use it."""
    from django.urls import reverse

    viewer = context.get("viewer")
    return {
        "edit_url": reverse(edit, args=[obj.pk])
        if edit and can_write_for(viewer, obj.agency_id)
        else "",
        "delete_url": reverse(delete, args=[obj.pk])
        if delete and can_delete_for(viewer, obj.agency_id)
        else "",
    }


@register.filter
def house_style(form: Any) -> Any:
    """``{{ form|house_style }}`` renders a form made elsewhere (Django's auth forms) our way."""
    from nncc.kernel.forms import restyle

    return restyle(form)


@register.filter
def usd(value: Decimal | float | None) -> str:
    """US dollars for headlines: $12.797 billion, $4.2 million, $35,000."""
    if value is None:
        return "—"
    amount = float(value)
    if abs(amount) >= 1e9:
        return _with_unit(f"${amount / 1e9:,.3f}", "billion")
    if abs(amount) >= 1e6:
        return _with_unit(f"${amount / 1e6:,.1f}", "million")
    return f"${amount:,.0f}"


def _with_unit(number: str, unit: str) -> str:
    """A figure and its unit; the unit is set smaller so a headline fits its card."""
    return format_html('{}<span class="unit">\u00a0{}</span>', number, unit)


@register.filter
def weight(value: Decimal | float | None) -> str:
    """A headline weight: tonnes from 1,000 kg up, else kilograms."""
    if value is None:
        return "—"
    kilograms = float(value)
    if abs(kilograms) >= 1000:
        return _with_unit(f"{kilograms / 1000:,.1f}", "t")
    return _with_unit(kg(value), "kg")


#: provinces whose names are too long for a table cell, as people abbreviate them
_PROVINCE_SHORT = {"PK-KP": "KP", "PK-JK": "AJK", "PK-GB": "G-B"}


@register.filter
def province_short(code: str | None) -> str:
    """A province for a crowded table: KP, AJK, G-B, else the full name."""
    if not code:
        return "—"
    return _PROVINCE_SHORT.get(code) or province(code)
