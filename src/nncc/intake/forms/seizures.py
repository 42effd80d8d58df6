"""The seizure form, its drug lines and its partner agencies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from nncc.agencies.models import Agency
from nncc.agencies.models import Unit as AgencyUnit
from nncc.intake.forms.common import (
    BLANK,
    HANDLING_HELP,
    PlaceFieldsMixin,
    blank_choice,
)
from nncc.intake.models import SeizureEvent
from nncc.intake.services import DrugLineData, ParticipantData, SeizureData
from nncc.intake.vocabularies import (
    Concealment,
    PlaceType,
    RouteRole,
    TransportMode,
)
from nncc.kernel.access import Viewer
from nncc.kernel.forms import (
    StyledForm,
    add_service_errors,
    grouped_country_choices,
)
from nncc.kernel.models import HandlingCode
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.reference.models import District, Drug
from nncc.reference.units import Unit


class SeizureForm(PlaceFieldsMixin, StyledForm):
    agency_record_id = forms.CharField(
        label="Record id",
        max_length=80,
        help_text="Your agency's own id: FIR or case number. Unique within your agency.",
    )
    occurred_at = forms.DateTimeField(
        label="Date and time",
        help_text="Pakistan time.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    province = forms.ChoiceField(choices=blank_choice(PROVINCE_CHOICES))
    district = forms.ModelChoiceField(queryset=District.objects.all(), empty_label=BLANK)
    place = forms.CharField(
        max_length=200, required=False, help_text="e.g. Chaman border crossing, N-25 near Khuzdar"
    )
    place_type = forms.ChoiceField(label="Type of place", choices=blank_choice(PlaceType.choices))
    transport_mode = forms.ChoiceField(
        label="Mode of transport", choices=blank_choice(TransportMode.choices)
    )
    concealment = forms.ChoiceField(choices=blank_choice(Concealment.choices), required=False)
    concealment_detail = forms.CharField(label="Concealment detail", max_length=300, required=False)
    latitude = forms.DecimalField(
        max_digits=9, decimal_places=6, required=False, help_text="optional, e.g. 30.9210"
    )
    longitude = forms.DecimalField(
        max_digits=9, decimal_places=6, required=False, help_text="optional, e.g. 66.4597"
    )
    origin = forms.MultipleChoiceField(label="Origin countries", required=False)
    transit = forms.MultipleChoiceField(label="Transit countries", required=False)
    destination = forms.MultipleChoiceField(label="Destination countries", required=False)
    unit = forms.ModelChoiceField(
        label="Reporting unit", queryset=AgencyUnit.objects.none(), required=False
    )
    handling_code = forms.ChoiceField(
        label="Handling",
        choices=HandlingCode.choices,
        initial=HandlingCode.RESTRICTED,
        help_text=HANDLING_HELP,
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    columns = {"summary": "col-12", "handling_code": "col-12"}

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = grouped_country_choices()
        for name in ("origin", "transit", "destination"):
            field = self.fields[name]
            field.choices = countries  # type: ignore[attr-defined]
            field.widget.attrs.update({"size": 6, "class": "form-select country-multi"})
            field.help_text = "Ctrl-click (⌘-click) to choose several."
        self.fields["unit"].queryset = AgencyUnit.objects.filter(  # type: ignore[attr-defined]
            agency_id=viewer.agency_id
        )
        if not self.fields["unit"].queryset.exists():  # type: ignore[attr-defined]
            del self.fields["unit"]
        self.link_district()


class DrugLineForm(StyledForm):
    reported_term = forms.CharField(
        label="Reported as",
        max_length=80,
        widget=forms.TextInput(attrs={"list": "drug-terms", "autocomplete": "off"}),
    )
    drug = forms.ModelChoiceField(
        label="UNODC drug",
        queryset=Drug.objects.all(),
        required=False,
        empty_label="— from the term —",
    )
    quantity = forms.DecimalField(widget=forms.NumberInput(attrs={"step": "any"}))
    unit = forms.ChoiceField(choices=Unit.choices, initial=Unit.KG)
    measured_weight_kg = forms.DecimalField(
        label="Weighed (kg)",
        required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    small = True

    def data_for_service(self) -> DrugLineData:
        data = self.cleaned_data
        return DrugLineData(
            reported_term=data["reported_term"],
            quantity=data["quantity"],
            unit=data["unit"],
            drug=data.get("drug"),
            measured_weight_kg=data.get("measured_weight_kg"),
        )


class BaseLineFormSet(forms.BaseFormSet):
    def kept_forms(self) -> list[forms.Form]:
        """The line forms to save, in order: existing or filled-in lines not marked for removal."""
        initial = self.initial_form_count()
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < initial or form.has_changed())
            and not (self.can_delete and self._should_delete_form(form))
        ]


DrugLineFormSet = forms.formset_factory(
    DrugLineForm,
    formset=BaseLineFormSet,
    extra=0,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class ParticipantForm(StyledForm):
    """A partner agency of a joint seizure; leave the agency empty for no partner."""

    agency = forms.ModelChoiceField(
        label="Partner agency", queryset=Agency.objects.none(), required=False, empty_label=BLANK
    )
    credit_share = forms.DecimalField(
        label="Credit share",
        required=False,
        max_digits=4,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"step": "0.05", "placeholder": "e.g. 0.25"}),
    )
    small = True

    def __init__(self, *args: Any, lead_agency_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).exclude(pk=lead_agency_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agency") and data.get("credit_share") is None:
            self.add_error("credit_share", "Give the partner's share of the credit (0–1).")
        if data.get("credit_share") is not None and not data.get("agency"):
            self.add_error("agency", "Choose the partner agency, or clear the share.")
        return data

    def data_for_service(self) -> ParticipantData | None:
        if not self.cleaned_data.get("agency"):
            return None
        return ParticipantData(
            agency=self.cleaned_data["agency"], credit_share=self.cleaned_data["credit_share"]
        )


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=3, max_num=3, validate_max=True)


LINES_PREFIX = "lines"
PARTNERS_PREFIX = "partners"


def seizure_initial(event: SeizureEvent) -> dict[str, Any]:
    """The form's initial values from a saved event (the edit page)."""
    initial: dict[str, Any] = {
        name: getattr(event, name)
        for name in (
            "agency_record_id",
            "province",
            "place",
            "place_type",
            "transport_mode",
            "concealment",
            "concealment_detail",
            "latitude",
            "longitude",
            "handling_code",
            "summary",
        )
    }
    initial["occurred_at"] = timezone.localtime(event.occurred_at)
    initial["district"] = event.district_id
    initial["unit"] = event.unit_id
    for role in RouteRole.values:
        initial[role] = event.route(role)
    return initial


class SeizureForms:
    """The seizure form with its drug lines and partner agencies, validated and saved together."""

    def __init__(self, data: Any, *, viewer: Viewer, event: SeizureEvent | None = None) -> None:
        lead = event.agency_id if event else viewer.agency_id
        initial = seizure_initial(event) if event else None
        lines = (
            [
                {
                    "reported_term": line.reported_term,
                    "drug": line.drug_id,
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "measured_weight_kg": line.measured_weight_kg,
                }
                for line in event.drug_lines.all()
            ]
            if event
            else []
        )
        partners = (
            [
                {"agency": p.agency_id, "credit_share": p.credit_share}
                for p in event.participations.all()
            ]
            if event
            else []
        )
        self.form = SeizureForm(data, initial=initial, viewer=viewer)
        self.lines = DrugLineFormSet(data, initial=lines or None, prefix=LINES_PREFIX)
        if data is None and not lines:
            # A new report starts with one empty line to fill in.
            self.lines = DrugLineFormSet(prefix=LINES_PREFIX, initial=[{"unit": Unit.KG}])
        self.partners = ParticipantFormSet(
            data,
            initial=partners or None,
            prefix=PARTNERS_PREFIX,
            form_kwargs={"lead_agency_id": lead},
        )

    def is_valid(self) -> bool:
        # Evaluate all three so every error shows at once.
        return all([self.form.is_valid(), self.lines.is_valid(), self.partners.is_valid()])

    def kept_partner_forms(self) -> list[ParticipantForm]:
        return [f for f in self.partners.forms if f.data_for_service() is not None]

    def data_for_service(self) -> SeizureData:
        data = self.form.cleaned_data
        return SeizureData(
            agency_record_id=data["agency_record_id"],
            occurred_at=data["occurred_at"],
            province=data["province"],
            district=data["district"],
            place_type=data["place_type"],
            transport_mode=data["transport_mode"],
            place=data["place"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            concealment=data["concealment"],
            concealment_detail=data["concealment_detail"],
            summary=data["summary"],
            handling_code=data["handling_code"],
            unit_id=data["unit"].pk if data.get("unit") else None,
            drug_lines=[form.data_for_service() for form in self.lines.kept_forms()],
            origin=data["origin"],
            transit=data["transit"],
            destination=data["destination"],
            participants=[
                p for f in self.kept_partner_forms() if (p := f.data_for_service()) is not None
            ],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(
            self.form,
            error,
            children={
                "drug_lines": self.lines.kept_forms(),
                "participants": self.kept_partner_forms(),
            },
        )
