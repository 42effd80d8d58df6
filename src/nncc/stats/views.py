"""Report pages: the campaign figures of a year, and the price table behind their value.

The figures come from ``stats.campaign.campaign_report`` over what the user may see; that
function records the report in the audit trail. A CSV download is recorded again, as an export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from nncc.eradication.models import Crop
from nncc.kernel.audit import audit_read
from nncc.kernel.exports import csv_response
from nncc.kernel.filtersets import StyledFilterSet
from nncc.kernel.listing import ListSpec, render_list
from nncc.kernel.models import AuditAction
from nncc.reference.geography import country_name, provinces
from nncc.reference.models import DrugGroup, PriceEntry, PriceLevel, PriceMarket
from nncc.stats.campaign import campaign_report

FIRST_YEAR = 2015

#: the headline cards: key in the report, label, unit shown after the figure
HEADLINE_FIGURES = (
    ("seized_kg", "Narcotics seized", "kg"),
    ("value_usd", "Worth (US$)", ""),
    ("suspects_arrested", "Suspects arrested", ""),
    ("foreigners_arrested", "Foreigners arrested", ""),
    ("afghan_nationals_arrested_illegal_stay", "Afghan nationals held for illegal stay", ""),
    ("acres_cleared", "Acres of poppy and cannabis cleared", "acres"),
    ("seizure_events", "Seizure events", ""),
    ("joint_events", "of which joint (counted once)", ""),
)


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]

    @property
    def display_rows(self) -> Iterator[list[str]]:
        for row in self.rows:
            yield [_display(cell) for cell in row]


def _display(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _labels(choices: Iterable[tuple[str, str]]) -> Callable[[Any], str]:
    names = dict(choices)
    return lambda code: names.get(code, code)


def _mapping(title: str, value: Any, columns: list[str], label: Callable[[Any], str]) -> Table:
    items = value.items() if isinstance(value, Mapping) else []
    return Table(title, columns, [[label(key), amount] for key, amount in items])


def _records(title: str, value: Any, columns: Mapping[str, str]) -> Table:
    rows = value if isinstance(value, list) else []
    return Table(
        title,
        list(columns.values()),
        [[row.get(key) for key in columns] for row in rows if isinstance(row, Mapping)],
    )


def report_tables(figures: Mapping[str, Any]) -> list[Table]:
    """The breakdowns of a campaign report that it carries; a missing one is an empty table."""
    group = _labels(DrugGroup.choices)
    province = _labels(provinces().items())
    tables = [
        _mapping("Seized by drug group", figures.get("seized_kg_by_group"), ["Group", "kg"], group),
        _records(
            "Seized by drug",
            figures.get("seized_kg_by_drug"),
            {
                "drug": "Drug",
                "kg": "kg",
                "events": "Events",
                "usd_per_kg": "US$ per kg",
                "price_year": "Price year",
                "value_usd": "Value (US$)",
            },
        ),
        _mapping(
            "Seized by province", figures.get("seized_kg_by_province"), ["Province", "kg"], province
        ),
        _records(
            "Not converted to kilograms",
            figures.get("unconverted"),
            {"drug": "Drug", "unit": "Unit", "quantity": "Quantity", "lines": "Lines"},
        ),
        _mapping(
            "Foreigners arrested by nationality",
            figures.get("foreigners_by_nationality"),
            ["Nationality", "Arrests"],
            country_name,
        ),
        _mapping(
            "Afghan nationals held for illegal stay, by province",
            figures.get("afghan_illegal_stay_by_province"),
            ["Province", "Arrests"],
            province,
        ),
        _mapping(
            "Cleared by crop",
            figures.get("acres_cleared_by_crop"),
            ["Crop", "Acres"],
            _labels(Crop.choices),
        ),
    ]
    return [table for table in tables if table.rows]


def headline(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"key": key, "label": label, "value": figures.get(key), "unit": unit}
        for key, label, unit in HEADLINE_FIGURES
        if key in figures
    ]


def campaign_csv_rows(figures: Mapping[str, Any]) -> Iterator[list[Any]]:
    yield ["Campaign report", figures.get("year")]
    yield []
    yield ["Figure", "Value"]
    for figure in headline(figures):
        yield [
            figure["label"] + (f" ({figure['unit']})" if figure["unit"] else ""),
            figure["value"],
        ]
    if "unpriced_kg" in figures:
        yield ["Kilograms without a price (not valued)", figures["unpriced_kg"]]
    for table in report_tables(figures):
        yield []
        yield [table.title]
        yield table.columns
        yield from table.rows
    basis = figures.get("price_basis")
    if isinstance(basis, Mapping):
        yield []
        yield ["Price basis"]
        yield from ([key, value] for key, value in basis.items() if not isinstance(value, list))
    yield []
    yield ["Counting rules"]
    yield from ([rule] for rule in figures.get("counting_rules") or [])


def _year(request: HttpRequest) -> int | None:
    """The year asked for, or None (the report then picks the latest year with seizures)."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= timezone.localdate().year else None


@login_required
@require_GET
def campaign(request: HttpRequest) -> HttpResponse:
    years = list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))
    figures = campaign_report(year=_year(request), user=request.user)
    year = figures.get("year")
    if request.GET.get("format") == "csv":
        audit_read(
            actor=request.user,
            action=AuditAction.EXPORT,
            target_type="stats.campaign",
            target_label=f"Campaign report {year}",
            detail={"year": year, "format": "csv"},
        )
        return csv_response(f"campaign-report-{year}.csv", campaign_csv_rows(figures))
    context = {
        "figures": figures,
        "year": year,
        "years": years,
        "headline": headline(figures),
        "tables": report_tables(figures),
        "price_basis": figures.get("price_basis") or {},
        "counting_rules": figures.get("counting_rules") or [],
    }
    return render(request, "stats/campaign.html", context)


class PriceFilterSet(StyledFilterSet):
    year = django_filters.NumberFilter()
    market = django_filters.ChoiceFilter(choices=PriceMarket.choices, empty_label="Any")
    level = django_filters.ChoiceFilter(choices=PriceLevel.choices, empty_label="Any")
    drug = django_filters.CharFilter(field_name="drug__name", lookup_expr="icontains")

    class Meta:
        model = PriceEntry
        fields = ["year", "market", "level", "drug"]


PRICE_LIST = ListSpec(
    template="stats/price_list.html",
    results_template="stats/_price_results.html",
    filterset_class=PriceFilterSet,
    sort_fields={
        "drug": "drug__name",
        "market": "market",
        "level": "level",
        "year": "year",
        "usd": "usd_per_kg",
    },
    default_sort="-year",
    target_type="reference.priceentry",
)


@login_required
@require_GET
def prices(request: HttpRequest) -> HttpResponse:
    # Prices are reference data every signed-in user may read, like drugs and districts.
    return render_list(request, PRICE_LIST, PriceEntry.objects.select_related("drug"))
