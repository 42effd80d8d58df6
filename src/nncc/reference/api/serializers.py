from __future__ import annotations

from rest_framework import serializers

from nncc.kernel.api import NamedChoiceField
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.reference.models import DrugGroup, PriceLevel, PriceMarket


class DrugSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    group = NamedChoiceField(enum_name="DrugGroup", choices=DrugGroup.choices, read_only=True)
    group_label = serializers.CharField(source="get_group_display", read_only=True)
    tablet_weight_mg = serializers.IntegerField(read_only=True, allow_null=True)


class DrugTermSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    term = serializers.CharField(read_only=True)
    drug = serializers.IntegerField(source="drug_id", read_only=True)
    drug_name = serializers.CharField(source="drug.name", read_only=True)


class DistrictSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    province = serializers.ChoiceField(choices=PROVINCE_CHOICES, read_only=True)


class PriceEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    drug = serializers.IntegerField(source="drug_id", read_only=True)
    drug_name = serializers.CharField(source="drug.name", read_only=True)
    market = serializers.ChoiceField(choices=PriceMarket.choices, read_only=True)
    level = serializers.ChoiceField(choices=PriceLevel.choices, read_only=True)
    year = serializers.IntegerField(read_only=True)
    usd_per_kg = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    # A declared field named like the ``Field.source`` attribute: DRF moves it into ``fields``.
    source = serializers.CharField(read_only=True)  # type: ignore[assignment]
