"""Filters of the review queue, for its page and its API alike: agency, score band and status
(without one, ``selectors.candidate_queue`` shows the pairs waiting for review)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from nncc.agencies.models import Agency
from nncc.kernel.filtersets import StyledFilterSet
from nncc.resolution.models import CandidateStatus, MatchCandidate
from nncc.resolution.selectors import waiting_for_review

#: score bands: name → (label, lowest probability, highest probability (excluded))
BANDS = {
    "high": ("0.9 and above", 0.9, 2.0),
    "middle": ("0.7 to 0.9", 0.7, 0.9),
    "low": ("below 0.7", -1.0, 0.7),
}
ALL = "all"
STATUS_CHOICES = [*CandidateStatus.choices, (ALL, "Any status")]


def band_filter(queryset: QuerySet[Any], band: str) -> QuerySet[Any]:
    if band not in BANDS:
        return queryset
    _, low, high = BANDS[band]
    return queryset.filter(probability__gte=low, probability__lt=high)


def agency_filter(queryset: QuerySet[Any], code: str) -> QuerySet[Any]:
    return queryset.filter(Q(person_a__agency__code=code) | Q(person_b__agency__code=code))


def status_filter(queryset: QuerySet[Any], status: str) -> QuerySet[Any]:
    if status == ALL:
        return queryset
    if status == CandidateStatus.PENDING:
        return waiting_for_review(queryset)
    return queryset.filter(status=status)


class CandidateFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="by_status",
        empty_label=None,
        help_text="default: pending (waiting for review)",
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.filter(is_active=True),
        to_field_name="code",
        method="by_agency",
        label="Agency",
        help_text="code of the agency holding either statement",
    )
    band = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _, _) in BANDS.items()],
        method="by_band",
        label="Score",
        empty_label="Any score",
    )

    class Meta:
        model = MatchCandidate
        fields: list[str] = []

    def by_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return status_filter(queryset, value)

    def by_agency(self, queryset: QuerySet[Any], name: str, value: Agency) -> QuerySet[Any]:
        return agency_filter(queryset, value.code)

    def by_band(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return band_filter(queryset, value)
