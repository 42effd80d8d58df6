"""The person form: one agency's statement about a person, with identifier and phone rows.

Forms only read what was typed; the service validates CNICs, passports and phone numbers and its
errors are put back on the row that sent them (see ``kernel.rows.name_row_fields``).
"""

from __future__ import annotations

from typing import Any

from django import forms

from nncc.kernel.forms import StyledForm, grouped_country_choices
from nncc.kernel.models import HandlingCode
from nncc.registry.models import IdentifierKind, Person, Sex
from nncc.registry.services import IdentifierData, PersonData

URDU = {"dir": "rtl", "lang": "ur", "class": "form-control urdu"}
#: person fields passed to the service as text ("" when left blank)
_TEXT_FIELDS = (
    "name_latin",
    "name_urdu",
    "father_name_latin",
    "father_name_urdu",
    "alias",
    "nationality",
    "handling_code",
    "agency_record_id",
)


def country_choices() -> list[Any]:
    return grouped_country_choices(blank="—")


class PersonForm(StyledForm):
    columns = {
        "sex": "col-md-3",
        "date_of_birth": "col-md-3",
        "birth_year": "col-md-3",
        "nationality": "col-md-3",
    }

    name_latin = forms.CharField(label="Name (Latin script)", max_length=200, required=False)
    name_urdu = forms.CharField(
        label="Name (Urdu script)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=URDU),
    )
    father_name_latin = forms.CharField(
        label="Father's name (Latin)", max_length=200, required=False
    )
    father_name_urdu = forms.CharField(
        label="Father's name (Urdu)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=URDU),
    )
    alias = forms.CharField(max_length=200, required=False)
    sex = forms.ChoiceField(choices=Sex.choices, initial=Sex.UNKNOWN)
    date_of_birth = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    birth_year = forms.IntegerField(
        label="Year of birth",
        required=False,
        min_value=1900,
        max_value=2100,
        help_text="when only the year is known",
    )
    nationality = forms.ChoiceField(choices=country_choices, required=False)
    handling_code = forms.ChoiceField(choices=HandlingCode.choices, initial=HandlingCode.RESTRICTED)
    agency_record_id = forms.CharField(
        label="Your agency's record id", max_length=80, required=False
    )

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in PersonForm.base_fields}

    def person_data(self, identifiers: list[IdentifierData], phones: list[str]) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            **{name: data[name] or "" for name in _TEXT_FIELDS},
            sex=data["sex"],
            date_of_birth=data["date_of_birth"],
            birth_year=data["birth_year"],
            identifiers=identifiers,
            phones=phones,
        )


class IdentifierForm(StyledForm):
    small = True

    # Nothing is required: a row left blank (or ticked "remove") is simply not sent.
    kind = forms.ChoiceField(choices=IdentifierKind.choices, initial=IdentifierKind.CNIC)
    value = forms.CharField(label="Number", max_length=60, required=False)
    issuing_country = forms.ChoiceField(label="Issued by", choices=country_choices, required=False)

    def identifier_data(self) -> IdentifierData | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("DELETE") or not (data.get("value") or "").strip():
            return None
        return IdentifierData(
            kind=data["kind"], value=data["value"], issuing_country=data["issuing_country"]
        )


class PhoneForm(StyledForm):
    small = True

    number = forms.CharField(
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "placeholder": "0300 1234567"}),
    )

    def phone(self) -> str | None:
        data = getattr(self, "cleaned_data", {})
        number = (data.get("number") or "").strip()
        return None if data.get("DELETE") or not number else number


# One blank row each, so the form works without JavaScript; htmx adds more rows on demand.
IdentifierFormSet = forms.formset_factory(IdentifierForm, extra=1, can_delete=True)
PhoneFormSet = forms.formset_factory(PhoneForm, extra=1, can_delete=True)

IDENTIFIERS_PREFIX = "identifiers"
PHONES_PREFIX = "phones"


class PersonForms:
    """The person form and its two row sets, bound or not, read and shown together."""

    def __init__(self, data: Any = None, *, person: Person | None = None) -> None:
        initial: dict[str, Any] = {}
        identifiers: list[dict[str, str]] = []
        phones: list[dict[str, str]] = []
        if person is not None:
            initial = PersonForm.initial_for(person)
            identifiers = [
                {"kind": i.kind, "value": i.raw or i.value, "issuing_country": i.issuing_country}
                for i in person.identifiers.all()
            ]
            phones = [{"number": p.raw or p.e164} for p in person.phones.all()]
        self.person = PersonForm(data, initial=initial)
        self.identifiers = IdentifierFormSet(
            data, initial=None if data else identifiers, prefix=IDENTIFIERS_PREFIX
        )
        self.phones = PhoneFormSet(data, initial=None if data else phones, prefix=PHONES_PREFIX)

    def is_valid(self) -> bool:
        # Evaluate all three so every error shows at once.
        results = [self.person.is_valid(), self.identifiers.is_valid(), self.phones.is_valid()]
        return all(results)

    def sent_identifier_forms(self) -> list[IdentifierForm]:
        """Rows that carry an identifier, in the order they are sent to the service."""
        return [f for f in self.identifiers.forms if f.identifier_data() is not None]

    def sent_phone_forms(self) -> list[PhoneForm]:
        return [f for f in self.phones.forms if f.phone() is not None]

    def person_data(self) -> PersonData:
        identifiers = [i for f in self.identifiers.forms if (i := f.identifier_data()) is not None]
        phones = [p for f in self.phones.forms if (p := f.phone()) is not None]
        return self.person.person_data(identifiers, phones)
