"""Filters of the audit list."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from nncc.agencies.models import Agency
from nncc.kernel.filtersets import StyledFilterSet
from nncc.kernel.models import AuditAction, AuditEntry
from nncc.kernel.selectors import filter_by_target_label

CHANNELS = [
    ("web", "Web"),
    ("api", "API"),
    ("cli", "Command line"),
    ("task", "Task"),
    ("shell", "Shell"),
]
DATE = forms.DateInput(attrs={"type": "date"})


class AuditFilterSet(StyledFilterSet):
    actor = django_filters.CharFilter(
        label="User", field_name="actor_username", lookup_expr="iexact"
    )
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), empty_label="Any")
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, empty_label="Any")
    target_type = django_filters.CharFilter(
        label="Target type",
        widget=forms.TextInput(attrs={"placeholder": "registry.person"}),
        lookup_expr="iexact",
    )
    target_id = django_filters.CharFilter(label="Target id")
    target_label = django_filters.CharFilter(label="Target label", method="filter_target_label")
    since = django_filters.DateFilter(
        label="From", field_name="time", lookup_expr="date__gte", widget=DATE
    )
    until = django_filters.DateFilter(
        label="To", field_name="time", lookup_expr="date__lte", widget=DATE
    )
    channel = django_filters.ChoiceFilter(choices=CHANNELS, empty_label="Any")
    request_id = django_filters.CharFilter(label="Request id")

    class Meta:
        model = AuditEntry
        fields = [
            "actor",
            "agency",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "since",
            "until",
            "channel",
            "request_id",
        ]

    def filter_target_label(
        self, queryset: QuerySet[AuditEntry], name: str, value: str
    ) -> QuerySet[AuditEntry]:
        # A label the reader may not read is never matched, so the filter cannot reveal it.
        return filter_by_target_label(queryset, getattr(self.request, "user", None), value)
