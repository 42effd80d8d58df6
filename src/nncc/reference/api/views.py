"""Shared vocabularies: read by every authenticated user, changed only by data migrations."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import viewsets

from nncc.kernel.api import ErrorDocumentingSchema
from nncc.reference.api.serializers import (
    DistrictSerializer,
    DrugSerializer,
    DrugTermSerializer,
    PriceEntrySerializer,
)
from nncc.reference.models import District, Drug, DrugTerm, PriceEntry


class DrugFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Drug
        fields = ["group"]


class DrugViewSet(viewsets.ReadOnlyModelViewSet):
    """UNODC drug names and groups."""

    serializer_class = DrugSerializer
    filterset_class = DrugFilter
    ordering_fields = ["name", "group"]
    schema = ErrorDocumentingSchema()

    def get_queryset(self) -> QuerySet[Drug]:
        return Drug.objects.all()


class DrugTermFilter(django_filters.FilterSet):
    term = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = DrugTerm
        fields = ["drug"]


class DrugTermViewSet(viewsets.ReadOnlyModelViewSet):
    """Terms as agencies write them (charas, ice) and the UNODC drug each means."""

    serializer_class = DrugTermSerializer
    filterset_class = DrugTermFilter
    ordering_fields = ["term"]
    schema = ErrorDocumentingSchema()

    def get_queryset(self) -> QuerySet[DrugTerm]:
        return DrugTerm.objects.select_related("drug")


class DistrictFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = District
        fields = ["province"]


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """Districts of Pakistan by code, with their province (ISO 3166-2:PK)."""

    serializer_class = DistrictSerializer
    filterset_class = DistrictFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["code", "name", "province"]
    schema = ErrorDocumentingSchema()

    def get_queryset(self) -> QuerySet[District]:
        return District.objects.all()


class PriceEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Dated, sourced prices in US dollars per kilogram."""

    serializer_class = PriceEntrySerializer
    filterset_fields = ["drug", "market", "level", "year"]
    ordering_fields = ["year", "usd_per_kg"]
    schema = ErrorDocumentingSchema()

    def get_queryset(self) -> QuerySet[PriceEntry]:
        return PriceEntry.objects.select_related("drug")
