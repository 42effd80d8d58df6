from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from nncc.kernel.validators import EARLIEST_EVENT_DATE


class CampaignQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="calendar year; default this year"
    )

    def validate_year(self, value: int | None) -> int | None:
        this_year = timezone.localdate().year
        if value is not None and not (EARLIEST_EVENT_DATE.year <= value <= this_year):
            raise serializers.ValidationError(
                f"Give a year between {EARLIEST_EVENT_DATE.year} and {this_year}."
            )
        return value
