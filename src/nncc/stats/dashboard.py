"""The home dashboard: the campaign headline figures and the latest seizures, both computed
over what the user may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nncc.intake.selectors import seizure_rows
from nncc.reference.models import DrugGroup
from nncc.stats.campaign import campaign_report

#: the headline cards of the dashboard: key in the campaign report, label, format filter
HEADLINE_FIGURES = (
    ("seized_kg", "Drugs seized", "weight"),
    ("value_usd", "Estimated value", "usd"),
    ("suspects_arrested", "Suspects arrested", "number"),
    ("foreigners_arrested", "Foreigners arrested", "number"),
    ("afghan_nationals_arrested_illegal_stay", "Afghan nationals held for illegal stay", "number"),
    ("acres_cleared", "Acres of poppy and cannabis cleared", "number"),
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Shown on every visit, so not audited as a report; the reports page is.
    report = campaign_report(year=None, user=request.user, audit=False)
    figures = [
        {"key": key, "label": label, "value": report[key], "format": fmt}
        for key, label, fmt in HEADLINE_FIGURES
    ]
    context = {
        "report": report,
        "figures": figures,
        "groups": _groups(report),
        "latest_seizures": seizure_rows(request.user)[:10],
    }
    return render(request, "stats/home.html", context)


def _groups(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Kilograms by UNODC drug group, largest first, with each group's share for a bar."""
    by_group = report["seized_kg_by_group"]
    total = sum(by_group.values()) or 1
    labels = dict(DrugGroup.choices)
    return [
        {"label": labels.get(group, group), "kg": kg, "share": round(100 * kg / total)}
        for group, kg in sorted(by_group.items(), key=lambda item: -item[1])
    ]
