"""Rows: the rows a filtered list shows (for totals), and errors of formset rows.

``render_list`` owns filtering for display; ``filtered_queryset`` repeats its rule so a page can
show a total (acres, kilograms) over exactly the rows the list shows, never over more.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django_filters import FilterSet


def filtered_queryset(
    request: HttpRequest, filterset_class: type[FilterSet], queryset: QuerySet
) -> QuerySet:
    """The rows a list shows before sorting and paging; nothing when the filters are invalid."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if not filterset.is_bound:
        return queryset
    return filterset.qs if filterset.is_valid() else queryset.none()


def name_row_fields(error: ValidationError, fields: Mapping[str, str]) -> ValidationError:
    """Name the field of a row error a service keys by index alone.

    Services key an error about the n-th item of a list ``"<list>.<n>"`` (``"identifiers.0"``
    when the number itself is wrong). ``fields`` names the row field that carries the item
    (``{"identifiers": "value"}``), so ``kernel.forms.add_service_errors`` puts the message
    beside what the user typed rather than above the row.
    """
    if not hasattr(error, "error_dict"):
        return error
    named: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        head, _, index = key.partition(".")
        if head in fields and index.isdigit():
            key = f"{key}.{fields[head]}"
        named.setdefault(key, []).extend(messages)
    return ValidationError(named)
