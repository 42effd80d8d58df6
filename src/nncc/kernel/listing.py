"""The one shape of a list page: filter, sort, paginate what the user may see; audit searches.

Views pass a queryset already narrowed by ``visible_to``; this module never widens it. With htmx
the filter form swaps only the results partial, so filtering needs no page reload.

A list page is two templates: the page (``{% extends "kernel/list.html" %}``, which holds the
filter form) and the results partial (a table, its sort links and ``kernel/_pagination.html``).
htmx requests (the filter form, sort links, pagination) get the partial alone; a full load and
htmx's history restore get the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_filters import FilterSet

from nncc.kernel.audit import audit_read
from nncc.kernel.models import AuditAction

PAGE_SIZES = (25, 50, 100)
_NOT_FILTERS = {"page", "sort", "per_page"}


@dataclass
class ListSpec:
    template: str
    results_template: str
    filterset_class: type[FilterSet]
    #: public sort key -> ORM ordering expression
    sort_fields: Mapping[str, str]
    default_sort: str
    target_type: str


def active_filters(request: HttpRequest) -> dict[str, list[str]]:
    return {
        key: [v for v in values if v]
        for key, values in request.GET.lists()
        if key not in _NOT_FILTERS and any(values)
    }


def render_list(
    request: HttpRequest,
    spec: ListSpec,
    queryset: QuerySet,
    extra_context: dict[str, Any] | None = None,
) -> HttpResponse:
    filterset = spec.filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    if filterset.is_bound and not filterset.is_valid():
        rows = queryset.none()

    sort = request.GET.get("sort") or spec.default_sort
    if sort.lstrip("-") not in spec.sort_fields:
        sort = spec.default_sort
    column = F(spec.sort_fields[sort.lstrip("-")])
    # Empty values sort last both ways, the same on SQLite and PostgreSQL (whose defaults differ).
    ordering = column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True)
    rows = rows.order_by(ordering, "-pk")

    try:
        per_page = int(request.GET.get("per_page", PAGE_SIZES[1]))
    except ValueError:
        per_page = PAGE_SIZES[1]
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[1]
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))

    filters = active_filters(request)
    if filters:
        audit_read(
            actor=request.user,
            action=AuditAction.SEARCH,
            target_type=spec.target_type,
            detail={"filters": filters, "results": page.paginator.count},
        )

    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "rows": page.object_list,
        "sort": sort,
        "query_without_page": query.urlencode(),
        "filters_active": bool(filters),
        "results_template": spec.results_template,
        **(extra_context or {}),
    }
    response = render(
        request, spec.results_template if wants_partial(request) else spec.template, context
    )
    # The same URL answers a page or a partial; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def wants_partial(request: HttpRequest) -> bool:
    """True for htmx requests that swap a fragment; history restores need the whole page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request
