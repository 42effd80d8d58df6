"""Import profiles over the API: an agency's own column and code mappings.

Only the agency's own users read its profiles (another agency's answer 404, like a missing
one); writes go through ``intake.services`` (writers create and edit, supervisors and admins
delete), which validate the mappings and audit each change. Reading one profile is audited.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from nncc.intake import services
from nncc.intake.imports.profiles import access_profile, profiles_visible_to
from nncc.intake.models import ImportProfile, ImportRecordType
from nncc.kernel.access import require_write
from nncc.kernel.api import ErrorDocumentingSchema


class ImportProfileSerializer(serializers.Serializer):
    """A profile: ``column_map`` is {your header: nncc column}; ``value_map`` is {nncc column:
    {your code: nncc value}}, e.g. {"drug": {"HSH": "hashish"}}."""

    id = serializers.IntegerField(read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    name = serializers.CharField(max_length=80)
    record_type = serializers.ChoiceField(
        choices=ImportRecordType.choices, default=ImportRecordType.SEIZURE
    )
    column_map = serializers.DictField(
        child=serializers.CharField(max_length=200), required=False, default=dict
    )
    value_map = serializers.DictField(
        child=serializers.DictField(
            child=serializers.CharField(max_length=200, allow_blank=True, trim_whitespace=False)
        ),
        required=False,
        default=dict,
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def to_data(self, instance: ImportProfile | None = None) -> services.ProfileData:
        values = dict(self.validated_data)
        if instance is not None and self.partial:
            current = {
                "name": instance.name,
                "record_type": instance.record_type,
                "column_map": instance.column_map,
                "value_map": instance.value_map,
                "notes": instance.notes,
            }
            values = {**current, **values}
        return services.ProfileData(
            name=values["name"],
            record_type=values.get("record_type", ImportRecordType.SEIZURE),
            column_map=dict(values.get("column_map") or {}),
            value_map={k: dict(v) for k, v in (values.get("value_map") or {}).items()},
            notes=values.get("notes", ""),
        )


class ImportProfileViewSet(viewsets.ModelViewSet):
    """Import profiles of the caller's agency."""

    serializer_class = ImportProfileSerializer
    schema = ErrorDocumentingSchema()
    ordering_fields = ["name", "updated_at", "id"]
    queryset = ImportProfile.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet[ImportProfile]:
        return profiles_visible_to(self.request.user).order_by("name", "pk")

    def get_object(self) -> ImportProfile:
        profile = access_profile(self.request.user, self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, profile)
        return profile

    def _serializer(self, *args: Any, **kwargs: Any) -> ImportProfileSerializer:
        serializer = self.get_serializer(*args, **kwargs)
        assert isinstance(serializer, ImportProfileSerializer)
        return serializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile = self.get_object()
        services.profile_read(acting_user=request.user, profile=profile)
        return Response(self._serializer(profile).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_write(request.user)  # refused before the input is examined
        serializer = self._serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.profile_create(acting_user=request.user, data=serializer.to_data())
        return Response(self._serializer(profile).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile = self.get_object()
        require_write(request.user, profile.agency_id)
        partial = kwargs.pop("partial", False)
        serializer = self._serializer(profile, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        saved = services.profile_update(
            acting_user=request.user, profile=profile, data=serializer.to_data(profile)
        )
        return Response(self._serializer(saved).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile = self.get_object()
        services.profile_delete(acting_user=request.user, profile=profile)
        return Response(status=status.HTTP_204_NO_CONTENT)
