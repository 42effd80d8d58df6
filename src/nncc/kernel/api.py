"""API plumbing shared by every app: error bodies, the visibility-filtered viewset base, the audit
trail's read-only endpoint.

Every operational endpoint is an ``OperationalViewSet``. Its lists start from
``Model.objects.visible_to(request.user)``; one object is fetched with ``access_object``, so a
record of another agency the user may not see answers 404 exactly like a missing one. A write
parses the request with a ``ServiceInputSerializer`` (shapes and types only, it never saves) and
calls the app's service, which validates, writes and audits in one transaction; the owning agency
and the author come from the acting user, never from the request. A list with any filter is a
search and is audited with its parameters.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any, ClassVar, cast

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from nncc.kernel.access import access_object, require_write, viewer_for, visible_to
from nncc.kernel.audit import audit_read
from nncc.kernel.models import AuditAction, AuditEntry, HandlingCode
from nncc.kernel.selectors import audit_entries_visible_to, audit_entry_for_reader

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


# --- error bodies ---------------------------------------------------------------------------


def validation_error_body(error: DjangoValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {
            (field if field != "__all__" else NON_FIELD): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in error.messages]}


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as dotted keys (``drug_lines.0.unit``), the shape services use, so a
    client reads one error format whichever layer rejected the input."""
    flat: dict[str, list[str]] = {}

    def add(key: str, messages: list[str]) -> None:
        flat.setdefault(key or NON_FIELD, []).extend(messages)

    if isinstance(detail, dict):
        for key, value in detail.items():
            name = prefix if key == NON_FIELD and prefix else str(key)
            if prefix and key != NON_FIELD:
                name = f"{prefix}.{key}"
            for sub_key, messages in flatten_errors(value, name).items():
                add(sub_key, messages)
    elif isinstance(detail, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in detail):
            add(prefix, [str(item) for item in detail])
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for sub_key, messages in flatten_errors(item, name).items():
                    add(sub_key, messages)
    else:
        add(prefix, [str(detail)])
    return flat


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django validation errors from services become 400 with field errors, never a 500."""
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        # Constraints are checked by services first; this is the race where two writers collide.
        return Response(
            {NON_FIELD: ["The record conflicts with another record; retry."]},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DataError | decimal.InvalidOperation):
        # A number the database column cannot hold (PostgreSQL refuses it; SQLite stores it and
        # fails to read it back). It happens inside the service's transaction, which rolled back,
        # so nothing was written.
        return Response(
            {NON_FIELD: ["A value is out of range for the database; check the numbers."]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("No such record.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = flatten_errors(response.data)
    return response


class ErrorBodySerializer(serializers.Serializer):
    """For the schema: a 400 answer maps field paths (``drug_lines.0.unit``) to messages."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


class DetailBodySerializer(serializers.Serializer):
    """For the schema: 401, 403 and 404 answers."""

    detail = serializers.CharField()


class ErrorDocumentingSchema(AutoSchema):
    """Documents the error answers (400 field errors, 401, 403, 404) beside each record's own."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction)
        errors: dict[str, type[serializers.Serializer]] = {"401": DetailBodySerializer}
        if self.method in {"POST", "PUT", "PATCH", "DELETE"}:
            errors.update({"400": ErrorBodySerializer, "403": DetailBodySerializer})
        if "{" in self.path:  # one record: missing and not-yours both answer 404
            errors["404"] = DetailBodySerializer
        for code, serializer in errors.items():
            if code not in bodies:
                bodies[code] = self._get_response_for_code(serializer, code, direction=direction)
        return bodies


# --- input ----------------------------------------------------------------------------------


class ServiceInputSerializer(serializers.Serializer):
    """Parses a request into the dataclass a service takes, and renders the record back.

    It checks shapes and types only; every rule (valid CNIC, known unit, plausible quantity, dates
    not in the future, record ids unique in the agency) is the service's. It never saves.
    A partial update (PATCH) starts from the record's current values.
    """

    def current_values(self, instance: Any) -> dict[str, Any]:
        raise NotImplementedError

    def build(self, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def to_data(self, instance: Any = None) -> Any:
        values = dict(self.validated_data)
        if instance is not None and self.partial:
            values = {**self.current_values(instance), **values}
        return self.build(values)


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choices are one named schema component.

    For a vocabulary that appears under several field names (``source_type`` and ``target_type``;
    a drug's ``group`` and a drug line's ``drug_group``), so the schema names it once.
    """

    def __init__(self, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(**kwargs)


class NamedChoiceFieldSchema(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Any) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.target.choices)}


class VisibleRecordField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a record the requesting user may see; anything else is "no such"."""

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        assert queryset is not None
        return visible_to(queryset, getattr(self.context.get("request"), "user", None))


# --- viewsets -------------------------------------------------------------------------------


class OperationalFilter(django_filters.FilterSet):
    """Filters every operational record has; apps add their own fields."""

    agency = django_filters.CharFilter(field_name="agency__code", help_text="owning agency code")
    handling_code = django_filters.ChoiceFilter(choices=HandlingCode.choices)
    created = django_filters.IsoDateTimeFromToRangeFilter(field_name="created_at")


class SearchAuditMixin:
    """A list with any filter or search parameter is a search; it is audited with them."""

    #: query parameters that page or sort a list rather than select records
    page_params: ClassVar[frozenset[str]] = frozenset({"page", "ordering", "format"})
    model: type[Model]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        params = {
            key: values[0] if len(values) == 1 else values
            for key, values in request.query_params.lists()
            if key not in self.page_params
        }
        if params:
            detail: dict[str, Any] = {"params": params}
            if isinstance(response.data, dict) and "count" in response.data:
                detail["results"] = response.data["count"]
            audit_read(
                actor=request.user,
                action=AuditAction.SEARCH,
                target_type=self.model._meta.label_lower,
                detail=detail,
            )
        return response


class OperationalViewSet(SearchAuditMixin, viewsets.ModelViewSet):
    """Lists, reads and writes of one kind of operational record, through its services."""

    model: type[Model]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    #: ``record(acting_user=, data=)``, ``update(acting_user=, <target>=, data=)``,
    #: ``delete(acting_user=, <target>=)``; ``service_target`` names the record's keyword
    record_service: Callable[..., Any]
    update_service: Callable[..., Any]
    delete_service: Callable[..., None]
    service_target: str
    ordering_fields: ClassVar[list[str]] = ["created_at", "id"]
    schema = ErrorDocumentingSchema()

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.select_related(*self.select_related).prefetch_related(
            *self.prefetch_related
        )

    def get_queryset(self) -> QuerySet:
        return visible_to(self.base_queryset(), self.request.user)

    def get_object(self) -> Any:
        lookup = self.lookup_url_kwarg or self.lookup_field
        if self.action == "retrieve":
            queryset = self.base_queryset()
        else:
            # Services snapshot the record's children after rewriting them; a prefetched copy
            # would give them stale children.
            queryset = self.model._default_manager.select_related(*self.select_related)
        record = access_object(queryset, user=self.request.user, pk=self.kwargs[lookup])
        self.check_object_permissions(self.request, record)
        return record

    def rendered(self, record: Any, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.base_queryset().get(pk=record.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A user who may not report is refused before his input is examined.
        require_write(request.user)
        serializer = cast(ServiceInputSerializer, self.get_serializer(data=request.data))
        serializer.is_valid(raise_exception=True)
        record = type(self).record_service(acting_user=request.user, data=serializer.to_data())
        return self.rendered(record, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        require_write(request.user, instance.agency_id)
        partial = kwargs.pop("partial", False)
        serializer = cast(
            ServiceInputSerializer,
            self.get_serializer(instance, data=request.data, partial=partial),
        )
        serializer.is_valid(raise_exception=True)
        record = type(self).update_service(
            acting_user=request.user,
            data=serializer.to_data(instance),
            **{self.service_target: instance},
        )
        return self.rendered(record)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        type(self).delete_service(acting_user=request.user, **{self.service_target: instance})
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- the audit trail ------------------------------------------------------------------------


class CanReadAudit(permissions.BasePermission):
    message = "Only auditors may read the audit trail."

    def has_permission(self, request: Any, view: Any) -> bool:
        return viewer_for(request.user).can_read_audit


class AuditEntrySerializer(serializers.Serializer):
    """One entry as the requesting user may read it: the content of another agency's
    source-restricted record (label, before, after, detail) is withheld, and ``note`` says so."""

    id = serializers.IntegerField(read_only=True)
    time = serializers.DateTimeField(read_only=True)
    actor_username = serializers.CharField(read_only=True)
    agency = serializers.CharField(read_only=True, allow_null=True)  # the actor's agency code
    action = serializers.CharField(read_only=True)
    target_type = serializers.CharField(read_only=True)
    target_id = serializers.CharField(read_only=True)
    target_label = serializers.CharField(read_only=True)
    before = serializers.JSONField(read_only=True, allow_null=True)
    after = serializers.JSONField(read_only=True, allow_null=True)
    detail = serializers.JSONField(read_only=True, allow_null=True)
    channel = serializers.CharField(read_only=True)
    request_id = serializers.CharField(read_only=True)
    client_address = serializers.IPAddressField(read_only=True, allow_null=True)
    withheld = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)

    def to_representation(self, instance: AuditEntry) -> dict[str, Any]:
        request = self.context.get("request")
        # The fields are read from what this user may read of the entry, never from the entry.
        readable = audit_entry_for_reader(instance, getattr(request, "user", None))
        return super().to_representation(readable)


class AuditEntryFilter(django_filters.FilterSet):
    time = django_filters.IsoDateTimeFromToRangeFilter()
    action = django_filters.ChoiceFilter(choices=AuditAction.choices)
    actor = django_filters.CharFilter(field_name="actor_username")
    agency = django_filters.CharFilter(field_name="agency__code")

    class Meta:
        model = AuditEntry
        fields = ["target_type", "target_id", "channel", "request_id"]


class AuditEntryViewSet(SearchAuditMixin, viewsets.ReadOnlyModelViewSet):
    """The audit trail, read-only. Which entries a user reads, and what of each, is decided in
    ``kernel.selectors`` (the same rule as the audit page)."""

    model = AuditEntry
    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, CanReadAudit]
    filterset_class = AuditEntryFilter
    ordering_fields = ["time", "id"]
    schema = ErrorDocumentingSchema()

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return audit_entries_visible_to(self.request.user).select_related("agency", "target_agency")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Reading the trail is itself on the trail, as a search of it is.
        entry = self.get_object()
        audit_read(actor=request.user, action=AuditAction.VIEW, target=entry)
        return Response(self.get_serializer(entry).data)
