from __future__ import annotations

import django_filters
from django import forms

from nncc.agencies.models import Agency
from nncc.eradication.models import Crop, EradicationRecord
from nncc.kernel.filtersets import StyledFilterSet
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.reference.models import District

DATE = forms.DateInput(attrs={"type": "date"})


class EradicationFilterSet(StyledFilterSet):
    cleared_from = django_filters.DateFilter(
        label="Cleared from", field_name="cleared_on", lookup_expr="gte", widget=DATE
    )
    cleared_to = django_filters.DateFilter(
        label="Cleared to", field_name="cleared_on", lookup_expr="lte", widget=DATE
    )
    province = django_filters.ChoiceFilter(choices=PROVINCE_CHOICES, empty_label="Any")
    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.order_by("name"), empty_label="Any"
    )
    crop = django_filters.ChoiceFilter(choices=Crop.choices, empty_label="Any")
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.filter(is_active=True), empty_label="Any"
    )

    class Meta:
        model = EradicationRecord
        fields = ["cleared_from", "cleared_to", "province", "district", "crop", "agency"]
