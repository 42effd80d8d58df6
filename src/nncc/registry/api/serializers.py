"""Registry records in and out of the API. Shapes and types only: the services validate."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from rest_framework import serializers

from nncc.kernel.access import visible_to
from nncc.kernel.api import NamedChoiceField, ServiceInputSerializer
from nncc.kernel.models import HandlingCode
from nncc.reference.geography import PAKISTAN, PROVINCE_CHOICES
from nncc.reference.models import District
from nncc.registry.models import (
    Address,
    IdentifierKind,
    Link,
    LinkKind,
    Organisation,
    Person,
    Sex,
    Vehicle,
)
from nncc.registry.services import (
    AddressData,
    IdentifierData,
    LinkData,
    OrganisationData,
    PersonData,
    VehicleData,
)

COUNTRY_HELP = "ISO 3166-1 alpha-2 country code, e.g. PK, AF, IR"


class DistrictCodeField(serializers.SlugRelatedField):
    """A district named by its code (``BA-QTA``); the list is at /api/districts/."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "does_not_exist": "No district with code “{value}”.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=District.objects.all(), **kwargs)


def coordinate_field() -> serializers.DecimalField:
    """A latitude or longitude in degrees (the range is checked by the model)."""
    return serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, default=None)


class OperationalFields(ServiceInputSerializer):
    """What every operational record shows and never takes from input."""

    id = serializers.IntegerField(read_only=True)
    agency = serializers.CharField(
        source="agency.code", read_only=True, help_text="the owning agency (the reporter's)"
    )
    handling_code = serializers.ChoiceField(
        choices=HandlingCode.choices, default=HandlingCode.RESTRICTED
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def current_values(self, instance: Any) -> dict[str, Any]:
        # Every writable plain field: a partial update starts from the record as it is.
        sources = [field.source for field in self.fields.values() if not field.read_only]
        return {
            source: getattr(instance, source)
            for source in sources
            if source and source != "*" and hasattr(instance, source)
        }


# --- persons --------------------------------------------------------------------------------


class IdentifierSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)
    value = serializers.CharField(
        help_text="as written; stored normalised (a CNIC as 12345-1234567-1)"
    )
    raw = serializers.CharField(read_only=True, help_text="the value as it was reported")
    issuing_country = serializers.CharField(allow_blank=True, default="", help_text=COUNTRY_HELP)


class PhonesField(serializers.ListField):
    """Phone numbers in, E.164 numbers out."""

    def get_attribute(self, instance: Person) -> list[str]:
        return [phone.e164 for phone in instance.phones.all()]


class PersonSerializer(OperationalFields):
    agency_record_id = serializers.CharField(
        max_length=80, allow_blank=True, default="", help_text="your agency's own id"
    )
    name_latin = serializers.CharField(max_length=200, allow_blank=True, default="")
    name_urdu = serializers.CharField(max_length=200, allow_blank=True, default="")
    father_name_latin = serializers.CharField(max_length=200, allow_blank=True, default="")
    father_name_urdu = serializers.CharField(max_length=200, allow_blank=True, default="")
    alias = serializers.CharField(max_length=200, allow_blank=True, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = serializers.DateField(allow_null=True, default=None)
    birth_year = serializers.IntegerField(allow_null=True, default=None)
    nationality = serializers.CharField(allow_blank=True, default="", help_text=COUNTRY_HELP)
    identifiers = IdentifierSerializer(many=True, default=list)
    phones = PhonesField(child=serializers.CharField(), default=list)
    source_payload = serializers.JSONField(
        allow_null=True,
        default=None,
        help_text="the record exactly as your system holds it; kept unchanged when omitted",
    )

    def current_values(self, instance: Person) -> dict[str, Any]:
        values = super().current_values(instance)
        values["identifiers"] = [
            {"kind": i.kind, "value": i.value, "issuing_country": i.issuing_country}
            for i in instance.identifiers.all()
        ]
        values["phones"] = [phone.e164 for phone in instance.phones.all()]
        values["source_payload"] = None
        return values

    def build(self, values: dict[str, Any]) -> PersonData:
        return PersonData(
            name_latin=values["name_latin"],
            name_urdu=values["name_urdu"],
            father_name_latin=values["father_name_latin"],
            father_name_urdu=values["father_name_urdu"],
            alias=values["alias"],
            sex=values["sex"],
            date_of_birth=values["date_of_birth"],
            birth_year=values["birth_year"],
            nationality=values["nationality"],
            agency_record_id=values["agency_record_id"],
            handling_code=values["handling_code"],
            identifiers=[IdentifierData(**identifier) for identifier in values["identifiers"]],
            phones=list(values["phones"]),
            source_payload=values["source_payload"],
        )


# --- vehicles, organisations, addresses -----------------------------------------------------


class VehicleSerializer(OperationalFields):
    registration = serializers.CharField(max_length=30, allow_blank=True, default="")
    kind = serializers.CharField(
        max_length=40, allow_blank=True, default="", help_text="car, truck, motorcycle, bus…"
    )
    make = serializers.CharField(max_length=60, allow_blank=True, default="")
    model = serializers.CharField(max_length=60, allow_blank=True, default="")
    colour = serializers.CharField(max_length=30, allow_blank=True, default="")
    chassis_number = serializers.CharField(max_length=40, allow_blank=True, default="")

    def build(self, values: dict[str, Any]) -> VehicleData:
        return VehicleData(
            registration=values["registration"],
            kind=values["kind"],
            make=values["make"],
            model=values["model"],
            colour=values["colour"],
            chassis_number=values["chassis_number"],
            handling_code=values["handling_code"],
        )


class OrganisationSerializer(OperationalFields):
    name = serializers.CharField(max_length=200)
    kind = serializers.CharField(
        max_length=60, allow_blank=True, default="", help_text="company, network, transporter…"
    )
    country = serializers.CharField(allow_blank=True, default="", help_text=COUNTRY_HELP)

    def build(self, values: dict[str, Any]) -> OrganisationData:
        return OrganisationData(
            name=values["name"],
            kind=values["kind"],
            country=values["country"],
            handling_code=values["handling_code"],
        )


class AddressSerializer(OperationalFields):
    line = serializers.CharField(max_length=300)
    district = DistrictCodeField(allow_null=True, default=None)
    province = serializers.ChoiceField(
        choices=PROVINCE_CHOICES,
        allow_blank=True,
        default="",
        help_text="ISO 3166-2:PK; taken from the district when omitted",
    )
    country = serializers.CharField(default=PAKISTAN, help_text=COUNTRY_HELP)

    def build(self, values: dict[str, Any]) -> AddressData:
        return AddressData(
            line=values["line"],
            district=values["district"],
            province=values["province"],
            country=values["country"],
            handling_code=values["handling_code"],
        )


# --- links ----------------------------------------------------------------------------------

#: the API's name of each linkable record type (also its content type's model name)
LINKABLE_TYPES: dict[str, type[Model]] = {
    "person": Person,
    "vehicle": Vehicle,
    "organisation": Organisation,
    "address": Address,
}


class RecordTypeField(NamedChoiceField):
    """The type of a link's end, by name; read from the link's content type."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(enum_name="RecordType", choices=list(LINKABLE_TYPES), **kwargs)

    def to_representation(self, value: Any) -> str:
        return value.model if isinstance(value, ContentType) else super().to_representation(value)


class LinkSerializer(OperationalFields):
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    detail = serializers.CharField(
        max_length=200, allow_blank=True, default="", help_text="e.g. father, brother"
    )
    source_type = RecordTypeField()
    source_id = serializers.IntegerField(min_value=1)
    target_type = RecordTypeField()
    target_id = serializers.IntegerField(min_value=1)

    def current_values(self, instance: Link) -> dict[str, Any]:
        values = super().current_values(instance)
        values["source_type"] = instance.source_type.model
        values["target_type"] = instance.target_type.model
        return values

    def _end(self, values: dict[str, Any], end: str) -> Any:
        """The record at one end, looked up among those the user may see."""
        model = LINKABLE_TYPES[values[f"{end}_type"]]
        user = self.context["request"].user
        record = (
            visible_to(model._default_manager.all(), user).filter(pk=values[f"{end}_id"]).first()
        )
        if record is None:
            raise serializers.ValidationError({f"{end}_id": [f"No such {values[f'{end}_type']}."]})
        return record

    def build(self, values: dict[str, Any]) -> LinkData:
        ends = {}
        errors: dict[str, Any] = {}
        for end in ("source", "target"):
            try:
                ends[end] = self._end(values, end)
            except serializers.ValidationError as exc:
                errors.update(exc.detail)  # type: ignore[arg-type]
        if errors:
            raise serializers.ValidationError(errors)
        return LinkData(
            kind=values["kind"],
            source=ends["source"],
            target=ends["target"],
            detail=values["detail"],
            handling_code=values["handling_code"],
        )
