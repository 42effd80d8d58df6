"""The eradication form: parses what was typed; ``eradication.services`` validates it."""

from __future__ import annotations

from typing import Any

from django import forms

from nncc.eradication.models import Crop, EradicationRecord
from nncc.eradication.services import EradicationData
from nncc.intake.forms.common import PlaceFieldsMixin
from nncc.kernel.forms import StyledForm
from nncc.kernel.models import HandlingCode
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.reference.models import District

_FIELDS = (
    "agency_record_id",
    "cleared_on",
    "province",
    "district",
    "place",
    "crop",
    "acres",
    "latitude",
    "longitude",
    "handling_code",
)


class EradicationForm(PlaceFieldsMixin, StyledForm):
    columns = {
        "cleared_on": "col-md-3",
        "crop": "col-md-3",
        "acres": "col-md-3",
        "latitude": "col-md-3",
        "longitude": "col-md-3",
        "place": "col-md-6",
    }

    agency_record_id = forms.CharField(label="Your agency's record id", max_length=80)
    cleared_on = forms.DateField(
        label="Cleared on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    crop = forms.ChoiceField(choices=Crop.choices, initial=Crop.OPIUM_POPPY)
    acres = forms.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    province = forms.ChoiceField(choices=[("", "—"), *PROVINCE_CHOICES])
    district = forms.ModelChoiceField(queryset=District.objects.all())
    place = forms.CharField(max_length=200, required=False, help_text="village, valley or tehsil")
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False)
    handling_code = forms.ChoiceField(choices=HandlingCode.choices, initial=HandlingCode.SHARED)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The district list follows the province (all districts, grouped, without JavaScript).
        self.link_district()

    @staticmethod
    def initial_for(record: EradicationRecord) -> dict[str, Any]:
        return {name: getattr(record, name) for name in _FIELDS}

    def eradication_data(self) -> EradicationData:
        return EradicationData(**{name: self.cleaned_data[name] for name in _FIELDS})
