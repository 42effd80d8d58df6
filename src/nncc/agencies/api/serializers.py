from __future__ import annotations

from rest_framework import serializers

from nncc.agencies.models import AgencyKind


class AgencySerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=AgencyKind.choices, read_only=True)
    contact = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
