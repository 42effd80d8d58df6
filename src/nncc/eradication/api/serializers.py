from __future__ import annotations

from typing import Any

from rest_framework import serializers

from nncc.eradication.models import Crop
from nncc.eradication.services import EradicationData
from nncc.kernel.models import HandlingCode
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.registry.api.serializers import (
    DistrictCodeField,
    OperationalFields,
    coordinate_field,
)


class EradicationSerializer(OperationalFields):
    # Cleared fields are shared by default: poppy-free status is a national figure.
    handling_code = serializers.ChoiceField(
        choices=HandlingCode.choices, default=HandlingCode.SHARED
    )
    agency_record_id = serializers.CharField(max_length=80, help_text="your agency's own id")
    cleared_on = serializers.DateField()
    province = serializers.ChoiceField(choices=PROVINCE_CHOICES)
    district = DistrictCodeField()
    place = serializers.CharField(max_length=200, allow_blank=True, default="")
    crop = serializers.ChoiceField(choices=Crop.choices, default=Crop.OPIUM_POPPY)
    # Unbounded here: the service says in words what a plausible area is.
    acres = serializers.DecimalField(max_digits=None, decimal_places=None)
    hectares = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    latitude = coordinate_field()
    longitude = coordinate_field()

    def build(self, values: dict[str, Any]) -> EradicationData:
        return EradicationData(
            agency_record_id=values["agency_record_id"],
            cleared_on=values["cleared_on"],
            province=values["province"],
            district=values["district"],
            acres=values["acres"],
            crop=values["crop"],
            place=values["place"],
            latitude=values["latitude"],
            longitude=values["longitude"],
            handling_code=values["handling_code"],
        )
