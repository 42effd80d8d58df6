"""Persons, vehicles, organisations, addresses and links over the API.

Reading a person's record is audited (``view``) like his page in the UI; lists with filters are
audited as searches by the base viewset.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from rest_framework.request import Request
from rest_framework.response import Response

from nncc.kernel.api import OperationalFilter, OperationalViewSet
from nncc.kernel.audit import audit_read
from nncc.kernel.models import AuditAction
from nncc.registry import services
from nncc.registry.api.serializers import (
    LINKABLE_TYPES,
    AddressSerializer,
    LinkSerializer,
    OrganisationSerializer,
    PersonSerializer,
    VehicleSerializer,
)
from nncc.registry.identifiers import CLEANERS, clean_phone
from nncc.registry.models import Address, Identifier, Link, Organisation, Person, Phone, Vehicle


def identifier_spellings(value: str) -> set[str]:
    """A typed document number as each kind stores it, so ``3520112345671`` finds a CNIC."""
    spellings = {value}
    for cleaner in CLEANERS.values():
        try:
            spellings.add(cleaner(value))
        except ValidationError:
            continue
    return spellings


class PersonFilter(OperationalFilter):
    q = django_filters.CharFilter(
        method="search", help_text="name, alias, father's name, identifier or phone"
    )
    identifier = django_filters.CharFilter(method="by_identifier")
    phone = django_filters.CharFilter(method="by_phone")
    name = django_filters.CharFilter(method="by_name")

    class Meta:
        model = Person
        fields = ["nationality", "sex", "agency_record_id", "birth_year"]

    @staticmethod
    def _named(value: str) -> Q:
        return (
            Q(name_latin__icontains=value)
            | Q(name_urdu__icontains=value)
            | Q(alias__icontains=value)
            | Q(father_name_latin__icontains=value)
            | Q(father_name_urdu__icontains=value)
        )

    @staticmethod
    def _has_identifier(value: str) -> Exists:
        return Exists(
            Identifier.objects.filter(person=OuterRef("pk"), value__in=identifier_spellings(value))
        )

    @staticmethod
    def _has_phone(value: str) -> Exists:
        try:
            number = clean_phone(value)
        except ValidationError:
            number = value
        return Exists(Phone.objects.filter(person=OuterRef("pk"), e164=number))

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            self._named(value) | self._has_identifier(value) | self._has_phone(value)
        )

    def by_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self._named(value.strip()))

    def by_identifier(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self._has_identifier(value.strip()))

    def by_phone(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self._has_phone(value.strip()))


class PersonViewSet(OperationalViewSet):
    """Persons as each agency recorded them, with identifiers and phones.

    Reading one person is audited (``view``); a list with any filter is an audited search.
    """

    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    select_related = ("agency",)
    prefetch_related = ("identifiers", "phones")
    ordering_fields = ["name_latin", "created_at", "id"]
    record_service = services.person_record
    update_service = services.person_update
    delete_service = services.person_delete
    service_target = "person"

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        audit_read(actor=request.user, action=AuditAction.VIEW, target=person)
        return Response(self.get_serializer(person).data)


class VehicleFilter(OperationalFilter):
    registration = django_filters.CharFilter(method="by_registration")

    class Meta:
        model = Vehicle
        fields = ["kind", "make", "chassis_number"]

    def by_registration(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(registration__icontains=" ".join(value.split()))


class VehicleViewSet(OperationalViewSet):
    """Vehicles an agency recorded."""

    model = Vehicle
    serializer_class = VehicleSerializer
    filterset_class = VehicleFilter
    select_related = ("agency",)
    ordering_fields = ["registration", "created_at", "id"]
    record_service = services.vehicle_record
    update_service = services.vehicle_update
    delete_service = services.vehicle_delete
    service_target = "vehicle"


class OrganisationFilter(OperationalFilter):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Organisation
        fields = ["kind", "country"]


class OrganisationViewSet(OperationalViewSet):
    """Companies, networks and transporters an agency recorded."""

    model = Organisation
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    select_related = ("agency",)
    ordering_fields = ["name", "created_at", "id"]
    record_service = services.organisation_record
    update_service = services.organisation_update
    delete_service = services.organisation_delete
    service_target = "organisation"


class AddressFilter(OperationalFilter):
    line = django_filters.CharFilter(lookup_expr="icontains")
    district = django_filters.CharFilter(field_name="district__code")

    class Meta:
        model = Address
        fields = ["province", "country"]


class AddressViewSet(OperationalViewSet):
    """Addresses an agency recorded."""

    model = Address
    serializer_class = AddressSerializer
    filterset_class = AddressFilter
    select_related = ("agency", "district")
    ordering_fields = ["line", "created_at", "id"]
    record_service = services.address_record
    update_service = services.address_update
    delete_service = services.address_delete
    service_target = "address"


class LinkFilter(OperationalFilter):
    source_type = django_filters.ChoiceFilter(
        field_name="source_type__model", choices=[(t, t) for t in LINKABLE_TYPES]
    )
    target_type = django_filters.ChoiceFilter(
        field_name="target_type__model", choices=[(t, t) for t in LINKABLE_TYPES]
    )

    class Meta:
        model = Link
        fields = ["kind", "source_id", "target_id"]


class LinkViewSet(OperationalViewSet):
    """Links an agency states between its own persons, vehicles, organisations and addresses."""

    model = Link
    serializer_class = LinkSerializer
    filterset_class = LinkFilter
    select_related = ("agency", "source_type", "target_type")
    record_service = services.link_record
    update_service = services.link_update
    delete_service = services.link_delete
    service_target = "link"
