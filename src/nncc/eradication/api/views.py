"""Eradication records over the API; writes go through ``eradication.services``."""

from __future__ import annotations

import django_filters

from nncc.eradication import services
from nncc.eradication.api.serializers import EradicationSerializer
from nncc.eradication.models import Crop, EradicationRecord
from nncc.kernel.api import OperationalFilter, OperationalViewSet
from nncc.reference.geography import PROVINCE_CHOICES


class EradicationFilter(OperationalFilter):
    cleared = django_filters.DateFromToRangeFilter(field_name="cleared_on")
    province = django_filters.ChoiceFilter(choices=PROVINCE_CHOICES)
    district = django_filters.CharFilter(field_name="district__code", help_text="district code")
    crop = django_filters.ChoiceFilter(choices=Crop.choices)

    class Meta:
        model = EradicationRecord
        fields = ["agency_record_id"]


class EradicationViewSet(OperationalViewSet):
    """Poppy and cannabis fields cleared, in acres (hectares derived)."""

    model = EradicationRecord
    serializer_class = EradicationSerializer
    filterset_class = EradicationFilter
    select_related = ("agency", "district")
    ordering_fields = ["cleared_on", "acres", "created_at", "id"]
    record_service = services.eradication_record
    update_service = services.eradication_update
    delete_service = services.eradication_delete
    service_target = "record"
