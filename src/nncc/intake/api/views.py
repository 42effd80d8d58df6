"""Seizure events and arrests over the API; writes go through ``intake.services``."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, QuerySet

from nncc.intake import services
from nncc.intake.api.serializers import ArrestSerializer, SeizureSerializer
from nncc.intake.models import Arrest, DrugLine, SeizureEvent
from nncc.intake.vocabularies import OffenceCategory, PlaceType, TransportMode
from nncc.kernel.api import OperationalFilter, OperationalViewSet
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.reference.models import Drug, DrugGroup


class SeizureFilter(OperationalFilter):
    occurred = django_filters.IsoDateTimeFromToRangeFilter(field_name="occurred_at")
    occurred_on = django_filters.DateFromToRangeFilter(field_name="occurred_at__date")
    province = django_filters.ChoiceFilter(choices=PROVINCE_CHOICES)
    district = django_filters.CharFilter(field_name="district__code", help_text="district code")
    drug = django_filters.ModelChoiceFilter(queryset=Drug.objects.all(), method="by_drug")
    drug_group = django_filters.ChoiceFilter(choices=DrugGroup.choices, method="by_drug_group")
    place_type = django_filters.ChoiceFilter(choices=PlaceType.choices)
    transport_mode = django_filters.ChoiceFilter(choices=TransportMode.choices)
    participant = django_filters.CharFilter(
        field_name="participations__agency__code", help_text="code of a participating agency"
    )

    class Meta:
        model = SeizureEvent
        fields = ["agency_record_id"]

    # Exists rather than a join: a seizure with two lines of one drug is listed once.
    def by_drug(self, queryset: QuerySet, name: str, value: Drug) -> QuerySet:
        return queryset.filter(Exists(DrugLine.objects.filter(event=OuterRef("pk"), drug=value)))

    def by_drug_group(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Exists(DrugLine.objects.filter(event=OuterRef("pk"), drug__group=value))
        )


class SeizureViewSet(OperationalViewSet):
    """Seizure events with their drug lines, route and joint partners.

    The reporting agency owns the event; ``kg_equivalent`` and its factor and rule are derived
    from the quantity and unit as reported. A list with any filter is an audited search.
    """

    model = SeizureEvent
    serializer_class = SeizureSerializer
    filterset_class = SeizureFilter
    select_related = ("agency", "district", "unit")
    prefetch_related = ("drug_lines__drug", "route_countries", "participations__agency")
    ordering_fields = ["occurred_at", "created_at", "id"]
    record_service = services.seizure_record
    update_service = services.seizure_update
    delete_service = services.seizure_delete
    service_target = "event"


class ArrestFilter(OperationalFilter):
    arrested = django_filters.DateFromToRangeFilter(field_name="arrested_on")
    province = django_filters.ChoiceFilter(choices=PROVINCE_CHOICES)
    district = django_filters.CharFilter(field_name="district__code", help_text="district code")
    nationality = django_filters.CharFilter(
        field_name="nationality_at_arrest", help_text="ISO 3166-1 alpha-2"
    )
    offence_category = django_filters.ChoiceFilter(choices=OffenceCategory.choices)
    # Plain numbers, not model choices: a choice filter would answer "not a valid choice" for
    # a missing id and not for another agency's, telling the two apart.
    event = django_filters.NumberFilter(field_name="event_id")
    person = django_filters.NumberFilter(field_name="person_id")

    class Meta:
        model = Arrest
        fields = ["role", "agency_record_id"]


class ArrestViewSet(OperationalViewSet):
    """Arrests, in a seizure event of the agency or on their own (illegal stay).

    ``event`` and ``person`` are ids of the agency's own seizure and person records.
    """

    model = Arrest
    serializer_class = ArrestSerializer
    filterset_class = ArrestFilter
    select_related = ("agency", "district")
    ordering_fields = ["arrested_on", "created_at", "id"]
    record_service = services.arrest_record
    update_service = services.arrest_update
    delete_service = services.arrest_delete
    service_target = "arrest"
