"""Filters of the person list. Identifier and phone searches match the normalised values the
registry stores, so ``3520212345671`` finds the CNIC kept as ``35202-1234567-1``."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet

from nncc.agencies.models import Agency
from nncc.kernel.filtersets import StyledFilterSet
from nncc.reference.geography import COUNTRY_CHOICES
from nncc.registry.identifiers import clean_identifier, clean_phone
from nncc.registry.models import Identifier, IdentifierKind, Person, Phone, Sex

_SEARCHABLE_KINDS = (IdentifierKind.CNIC, IdentifierKind.PASSPORT, IdentifierKind.POR_CARD)

YES_NO = [("", "Any"), ("true", "Yes"), ("false", "No")]


class PhoneField(forms.CharField):
    """A phone number in any common spelling, cleaned to E.164 as the registry keeps it."""

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return clean_phone(value) if value else ""


class PhoneFilter(django_filters.CharFilter):
    field_class = PhoneField


def identifier_candidates(value: str) -> set[str]:
    """The stored forms an identifier typed by a user may take."""
    value = value.strip()
    candidates = {value}
    for kind in _SEARCHABLE_KINDS:
        try:
            candidates.add(clean_identifier(kind, value))
        except ValidationError:
            continue
    return candidates


class PersonFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(
        label="Name or alias",
        method="filter_name",
        widget=forms.SearchInput(attrs={"placeholder": "Latin or Urdu"}),
    )
    identifier = django_filters.CharFilter(
        label="CNIC / passport / PoR", method="filter_identifier"
    )
    phone = PhoneFilter(label="Phone", method="filter_phone")
    nationality = django_filters.ChoiceFilter(choices=COUNTRY_CHOICES, empty_label="Any")
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.filter(is_active=True), empty_label="Any"
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, empty_label="Any")
    has_arrests = django_filters.BooleanFilter(
        label="Has arrests", method="filter_has_arrests", widget=forms.Select(choices=YES_NO)
    )

    class Meta:
        model = Person
        fields = ["q", "identifier", "phone", "nationality", "agency", "sex", "has_arrests"]

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for field in (
            "name_latin",
            "name_urdu",
            "father_name_latin",
            "father_name_urdu",
            "alias",
        ):
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)

    def filter_identifier(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        matches = Identifier.objects.filter(
            person=OuterRef("pk"), value__in=identifier_candidates(value)
        )
        return queryset.filter(Exists(matches))

    def filter_phone(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Exists(Phone.objects.filter(person=OuterRef("pk"), e164=value)))

    def filter_has_arrests(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        # ``arrest_count`` is annotated by the selector and counts only arrests the viewer sees.
        if value is None:
            return queryset
        return queryset.filter(arrest_count__gt=0) if value else queryset.filter(arrest_count=0)
