"""Seizure events and arrests in and out of the API. Shapes and types only: the services validate
quantities, units, dates, countries, record ids and who may point at what."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from nncc.agencies.models import Agency
from nncc.agencies.models import Unit as AgencyUnit
from nncc.intake.models import SeizureEvent
from nncc.intake.services import ArrestData, DrugLineData, ParticipantData, SeizureData
from nncc.intake.vocabularies import (
    ArrestRole,
    Concealment,
    OffenceCategory,
    PlaceType,
    RouteRole,
    TransportMode,
)
from nncc.kernel.access import viewer_for
from nncc.kernel.api import NamedChoiceField, VisibleRecordField
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.reference.models import Drug, DrugGroup
from nncc.registry.api.serializers import (
    COUNTRY_HELP,
    DistrictCodeField,
    OperationalFields,
    coordinate_field,
)
from nncc.registry.models import Person


class DrugLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reported_term = serializers.CharField(
        max_length=80, help_text="the drug as your agency wrote it (charas, ice, heroin…)"
    )
    drug = serializers.PrimaryKeyRelatedField(
        queryset=Drug.objects.all(),
        allow_null=True,
        default=None,
        help_text="the UNODC drug (/api/drugs/); found from the reported term when omitted",
    )
    drug_name = serializers.CharField(source="drug.name", read_only=True)
    drug_group = NamedChoiceField(
        enum_name="DrugGroup", source="drug.group", choices=DrugGroup.choices, read_only=True
    )
    # Bounded only far beyond any plausible seizure, below decimal arithmetic's 28 digits: the
    # service tells a negative, over-precise or implausible quantity apart in words.
    quantity = serializers.DecimalField(max_digits=24, decimal_places=None)
    unit = serializers.CharField(
        max_length=20, help_text="kg, g, mg, L, mL, tablets or plants (as reported)"
    )
    measured_weight_kg = serializers.DecimalField(
        max_digits=16,
        decimal_places=6,
        allow_null=True,
        default=None,
        help_text="the weighed total, when tablets or plants were also weighed",
    )
    kg_equivalent = serializers.DecimalField(
        max_digits=18, decimal_places=6, read_only=True, allow_null=True
    )
    kg_factor = serializers.DecimalField(
        max_digits=18, decimal_places=9, read_only=True, allow_null=True
    )
    kg_rule = serializers.CharField(read_only=True, help_text="how kg_equivalent was derived")


class ParticipantSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.filter(is_active=True),
        help_text="code of a participating agency (/api/agencies/)",
    )
    credit_share = serializers.DecimalField(
        max_digits=4, decimal_places=3, help_text="share of the credit, between 0 and 1"
    )


class RouteField(serializers.ListField):
    """Countries of one route role (origin, transit, destination), in order."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            child=serializers.CharField(max_length=8),
            default=list,
            help_text=f"list of countries: {COUNTRY_HELP}",
            **kwargs,
        )

    def get_attribute(self, instance: SeizureEvent) -> list[str]:
        return instance.route(str(self.field_name))


class OwnUnitField(serializers.PrimaryKeyRelatedField):
    """A unit (directorate, police station…) of the reporting user's own agency."""

    default_error_messages = {
        **serializers.PrimaryKeyRelatedField.default_error_messages,
        "does_not_exist": "Your agency has no unit {pk_value}.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=AgencyUnit.objects.all(), **kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        agency_id = viewer_for(getattr(request, "user", None)).agency_id
        units = super().get_queryset()
        assert units is not None
        return units.filter(agency_id=agency_id)


class SeizureSerializer(OperationalFields):
    agency_record_id = serializers.CharField(
        max_length=80, help_text="your agency's own id (FIR or case number), unique in it"
    )
    occurred_at = serializers.DateTimeField()
    province = serializers.ChoiceField(
        choices=PROVINCE_CHOICES, help_text="ISO 3166-2:PK, e.g. PK-BA"
    )
    district = DistrictCodeField(help_text="district code (/api/districts/), e.g. BA-QTA")
    place = serializers.CharField(max_length=200, allow_blank=True, default="")
    place_type = serializers.ChoiceField(choices=PlaceType.choices)
    latitude = coordinate_field()
    longitude = coordinate_field()
    transport_mode = serializers.ChoiceField(choices=TransportMode.choices)
    concealment = serializers.ChoiceField(choices=Concealment.choices, allow_blank=True, default="")
    concealment_detail = serializers.CharField(max_length=300, allow_blank=True, default="")
    unit = OwnUnitField(allow_null=True, default=None, help_text="a unit of your agency")
    summary = serializers.CharField(allow_blank=True, default="")
    drug_lines = DrugLineSerializer(many=True)
    origin = RouteField()
    transit = RouteField()
    destination = RouteField()
    participants = ParticipantSerializer(
        many=True,
        source="participations",
        default=list,
        help_text="agencies that took part in a joint seizure; the lead keeps the rest",
    )

    def current_values(self, instance: SeizureEvent) -> dict[str, Any]:
        values = super().current_values(instance)
        values["drug_lines"] = [
            {
                "reported_term": line.reported_term,
                "drug": line.drug,
                "quantity": line.quantity,
                "unit": line.unit,
                "measured_weight_kg": line.measured_weight_kg,
            }
            for line in instance.drug_lines.select_related("drug")
        ]
        for role in RouteRole.values:
            values[role] = instance.route(role)
        values["participations"] = [
            {"agency": p.agency, "credit_share": p.credit_share}
            for p in instance.participations.select_related("agency")
        ]
        return values

    def build(self, values: dict[str, Any]) -> SeizureData:
        unit = values["unit"]
        return SeizureData(
            agency_record_id=values["agency_record_id"],
            occurred_at=values["occurred_at"],
            province=values["province"],
            district=values["district"],
            place_type=values["place_type"],
            transport_mode=values["transport_mode"],
            place=values["place"],
            latitude=values["latitude"],
            longitude=values["longitude"],
            concealment=values["concealment"],
            concealment_detail=values["concealment_detail"],
            summary=values["summary"],
            handling_code=values["handling_code"],
            unit_id=unit.pk if unit is not None else None,
            drug_lines=[DrugLineData(**line) for line in values["drug_lines"]],
            origin=list(values["origin"]),
            transit=list(values["transit"]),
            destination=list(values["destination"]),
            participants=[ParticipantData(**p) for p in values["participations"]],
        )


class ArrestSerializer(OperationalFields):
    event = VisibleRecordField(
        queryset=SeizureEvent.objects,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": "No such seizure."},
        help_text="id of your agency's seizure the arrest was made in, if any",
    )
    person = VisibleRecordField(
        queryset=Person.objects,
        error_messages={"does_not_exist": "No such person."},
        help_text="id of the person as your agency recorded him (/api/persons/)",
    )
    agency_record_id = serializers.CharField(max_length=80, allow_blank=True, default="")
    arrested_on = serializers.DateField()
    province = serializers.ChoiceField(choices=PROVINCE_CHOICES)
    district = DistrictCodeField()
    role = serializers.ChoiceField(choices=ArrestRole.choices, default=ArrestRole.OTHER)
    charges = serializers.ListField(
        child=serializers.CharField(max_length=20),
        default=list,
        help_text="CNSA 1997 sections (6, 9(c)…) or immigration sections (FA-14)",
    )
    nationality_at_arrest = serializers.CharField(max_length=8, help_text=COUNTRY_HELP)
    offence_category = serializers.ChoiceField(
        choices=OffenceCategory.choices, default=OffenceCategory.NARCOTICS
    )

    def build(self, values: dict[str, Any]) -> ArrestData:
        return ArrestData(
            person=values["person"],
            arrested_on=values["arrested_on"],
            province=values["province"],
            district=values["district"],
            nationality_at_arrest=values["nationality_at_arrest"],
            event=values["event"],
            role=values["role"],
            charges=list(values["charges"]),
            offence_category=values["offence_category"],
            agency_record_id=values["agency_record_id"],
            handling_code=values["handling_code"],
        )
