"""Filters of the seizure and arrest lists. They narrow a queryset already limited by
``visible_to``; choices of agencies, districts and drugs are reference data, not records."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from nncc.agencies.models import Agency
from nncc.intake.forms import district_choices
from nncc.intake.models import Arrest, DrugLine, Participation, SeizureEvent
from nncc.intake.vocabularies import ArrestRole, OffenceCategory
from nncc.kernel.filtersets import StyledFilterSet
from nncc.kernel.forms import SearchInput, grouped_country_choices
from nncc.kernel.models import HandlingCode
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.reference.models import District, Drug
from nncc.registry.models import Person

_DATE = forms.DateInput(attrs={"type": "date"})
_YES_NO = (("yes", "Joint only"), ("no", "Single agency"))


class _GroupedDistricts:
    """Show the district filter grouped by province (the filter still accepts any district)."""

    @property
    def form(self) -> Any:
        form = super().form  # type: ignore[misc]
        if "district" in form.fields and not getattr(form, "_nncc_districts", False):
            form.fields["district"].widget.choices = district_choices(blank="All")
            form._nncc_districts = True
        return form


class SeizureFilterSet(_GroupedDistricts, StyledFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_q",
        widget=SearchInput(attrs={"placeholder": "Record id, place, summary…"}),
    )
    date_from = django_filters.DateFilter(
        label="From", field_name="occurred_at", lookup_expr="date__gte", widget=_DATE
    )
    date_to = django_filters.DateFilter(
        label="To", field_name="occurred_at", lookup_expr="date__lte", widget=_DATE
    )
    province = django_filters.ChoiceFilter(choices=PROVINCE_CHOICES, empty_label="All")
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all(), empty_label="All")
    agency = django_filters.ModelChoiceFilter(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        method="filter_agency",
        empty_label="All",
    )
    drug = django_filters.ModelChoiceFilter(
        label="Drug", queryset=Drug.objects.all(), method="filter_drug", empty_label="All"
    )
    handling_code = django_filters.ChoiceFilter(
        label="Handling", choices=HandlingCode.choices, empty_label="All"
    )
    joint = django_filters.ChoiceFilter(
        label="Joint", choices=_YES_NO, method="filter_joint", empty_label="All"
    )

    class Meta:
        model = SeizureEvent
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(agency_record_id__icontains=value)
            | Q(place__icontains=value)
            | Q(summary__icontains=value)
            | Q(district__name__icontains=value)
        )

    def filter_agency(self, queryset: QuerySet, name: str, value: Agency | None) -> QuerySet:
        # The lead agency or a partner of a joint seizure: both took part.
        if value is None:
            return queryset
        partner = Participation.objects.filter(event=OuterRef("pk"), agency=value)
        return queryset.filter(Q(agency=value) | Q(Exists(partner)))

    def filter_drug(self, queryset: QuerySet, name: str, value: Drug | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(Exists(DrugLine.objects.filter(event=OuterRef("pk"), drug=value)))

    def filter_joint(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        joint = Exists(Participation.objects.filter(event=OuterRef("pk")))
        if value == "yes":
            return queryset.filter(joint)
        if value == "no":
            return queryset.filter(~joint)
        return queryset


class ArrestFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_q",
        widget=SearchInput(attrs={"placeholder": "Name, record id, seizure id…"}),
    )
    date_from = django_filters.DateFilter(
        label="From", field_name="arrested_on", lookup_expr="gte", widget=_DATE
    )
    date_to = django_filters.DateFilter(
        label="To", field_name="arrested_on", lookup_expr="lte", widget=_DATE
    )
    province = django_filters.ChoiceFilter(choices=PROVINCE_CHOICES, empty_label="All")
    nationality = django_filters.ChoiceFilter(
        label="Nationality",
        field_name="nationality_at_arrest",
        choices=grouped_country_choices(),
        empty_label="All",
    )
    offence_category = django_filters.ChoiceFilter(
        label="Offence", choices=OffenceCategory.choices, empty_label="All"
    )
    role = django_filters.ChoiceFilter(choices=ArrestRole.choices, empty_label="All")
    agency = django_filters.ModelChoiceFilter(
        label="Agency", queryset=Agency.objects.filter(is_active=True), empty_label="All"
    )

    class Meta:
        model = Arrest
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # Names match only persons the user may see: an arrest can be shared while the person's
        # record is not, and a search must not reveal who that is.
        user = getattr(self.request, "user", None)
        by_name = Person.objects.visible_to(user).filter(
            Q(name_latin__icontains=value)
            | Q(name_urdu__icontains=value)
            | Q(alias__icontains=value)
        )
        return queryset.filter(
            Q(agency_record_id__icontains=value)
            | Q(event__agency_record_id__icontains=value)
            | Q(person__in=by_name.values("pk"))
        )
