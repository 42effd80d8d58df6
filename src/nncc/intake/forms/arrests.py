"""The arrest form and the inline form of a new person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from nncc.intake.forms.common import (
    BLANK,
    HANDLING_HELP,
    PICKER_LIMIT,
    PlaceFieldsMixin,
    blank_choice,
)
from nncc.intake.models import Arrest, SeizureEvent
from nncc.intake.services import ArrestData
from nncc.intake.vocabularies import (
    CHARGE_CHOICES,
    ArrestRole,
    OffenceCategory,
)
from nncc.kernel.access import Viewer
from nncc.kernel.forms import (
    StyledForm,
    grouped_country_choices,
)
from nncc.kernel.models import HandlingCode
from nncc.reference.geography import PROVINCE_CHOICES
from nncc.reference.models import District
from nncc.registry.models import IdentifierKind, Person, Sex
from nncc.registry.services import IdentifierData, PersonData


def person_label(person: Person) -> str:
    parts = [person.display_name]
    if person.father_name_latin or person.father_name_urdu:
        parts.append(f"s/o {person.father_name_latin or person.father_name_urdu}")
    facts = [str(person.year_of_birth)] if person.year_of_birth else []
    if person.nationality:
        facts.append(person.nationality)
    label = " ".join(parts)
    return f"{label} ({', '.join(facts)})" if facts else label


def event_label(event: SeizureEvent) -> str:
    return f"{event.agency_record_id} — {event.occurred_at:%d %b %Y}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return event_label(obj)


class ArrestForm(PlaceFieldsMixin, StyledForm):
    event = EventChoiceField(
        label="Seizure",
        queryset=SeizureEvent.objects.none(),
        required=False,
        empty_label="— none (e.g. illegal stay) —",
        help_text="One of your agency's seizures; leave empty for an arrest on its own.",
    )
    person = PersonChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        required=False,
        empty_label="— choose, or record a new person below —",
    )
    arrested_on = forms.DateField(
        label="Date of arrest", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    province = forms.ChoiceField(choices=blank_choice(PROVINCE_CHOICES))
    district = forms.ModelChoiceField(queryset=District.objects.all(), empty_label=BLANK)
    nationality_at_arrest = forms.ChoiceField(label="Nationality at arrest")
    role = forms.ChoiceField(choices=ArrestRole.choices, initial=ArrestRole.OTHER)
    offence_category = forms.ChoiceField(
        label="Offence", choices=OffenceCategory.choices, initial=OffenceCategory.NARCOTICS
    )
    charges = forms.MultipleChoiceField(
        choices=CHARGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    agency_record_id = forms.CharField(
        label="Record id",
        max_length=80,
        required=False,
        help_text="Your agency's own id for this arrest, if it has one.",
    )
    handling_code = forms.ChoiceField(
        label="Handling",
        choices=HandlingCode.choices,
        initial=HandlingCode.RESTRICTED,
        help_text=HANDLING_HELP,
    )

    columns = {"charges": "col-12", "handling_code": "col-12", "person": "col-12"}

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality_at_arrest"].choices = grouped_country_choices(  # type: ignore[attr-defined]
            blank=BLANK
        )
        # Only the agency's own events and persons may be named (the service insists too).
        own_events = SeizureEvent.objects.filter(agency_id=viewer.agency_id)
        own_persons = Person.objects.filter(agency_id=viewer.agency_id)
        self.fields["event"].queryset = own_events  # type: ignore[attr-defined]
        self.fields["person"].queryset = own_persons  # type: ignore[attr-defined]
        # A select cannot hold thousands of records: it shows the latest few and the current
        # choice; the search box above the person select fetches others with htmx.
        self._limit_choices("event", own_events.order_by("-occurred_at", "-pk"), event_label)
        self._limit_choices("person", own_persons.order_by("-created_at", "-pk"), person_label)
        self.link_district()

    def _limit_choices(self, name: str, queryset: Any, label: Any) -> None:
        field = self.fields[name]
        current = self[name].value()
        current = getattr(current, "pk", current)
        shown = list(queryset[:PICKER_LIMIT])
        if current and str(current).isdigit() and all(str(o.pk) != str(current) for o in shown):
            shown += list(queryset.filter(pk=current))
        field.widget.choices = [("", field.empty_label), *((o.pk, label(o)) for o in shown)]  # type: ignore[attr-defined]


class NewPersonForm(StyledForm):
    """A person recorded on the spot with the arrest (registry.services.person_record)."""

    name_latin = forms.CharField(label="Name (Latin script)", max_length=200, required=False)
    name_urdu = forms.CharField(
        label="Name (Urdu script)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ur", "class": "form-control urdu"}),
    )
    father_name_latin = forms.CharField(
        label="Father's name (Latin)", max_length=200, required=False
    )
    father_name_urdu = forms.CharField(
        label="Father's name (Urdu)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ur", "class": "form-control urdu"}),
    )
    sex = forms.ChoiceField(choices=Sex.choices, initial=Sex.MALE)
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    birth_year = forms.IntegerField(
        label="or year of birth", required=False, help_text="when only the year is known"
    )
    cnic = forms.CharField(
        label="CNIC",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "12345-1234567-1", "inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label="Phone",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "0300 1234567", "inputmode": "tel"}),
    )

    columns = dict.fromkeys(("sex", "date_of_birth", "birth_year"), "col-md-6 col-xl-3")


PERSON_PREFIX = "person"
#: service keys of a person statement and the inline fields that hold them
PERSON_ERROR_FIELDS = {"identifiers.0": "cnic", "phones.0": "phone"}


def arrest_initial(arrest: Arrest) -> dict[str, Any]:
    initial = {
        name: getattr(arrest, name)
        for name in (
            "arrested_on",
            "province",
            "nationality_at_arrest",
            "role",
            "charges",
            "offence_category",
            "agency_record_id",
            "handling_code",
        )
    }
    initial.update(event=arrest.event_id, person=arrest.person_id, district=arrest.district_id)
    return initial


def arrest_initial_from_event(event: SeizureEvent) -> dict[str, Any]:
    """A new arrest in a seizure starts with the seizure's date and place."""
    return {
        "event": event.pk,
        "arrested_on": timezone.localtime(event.occurred_at).date(),
        "province": event.province,
        "district": event.district_id,
        "handling_code": event.handling_code,
    }


class ArrestForms:
    """The arrest form and the inline new-person form: one existing person, or a new one."""

    def __init__(self, data: Any, *, viewer: Viewer, initial: dict[str, Any] | None = None) -> None:
        self.form = ArrestForm(data, initial=initial, viewer=viewer)
        self.person = NewPersonForm(data, prefix=PERSON_PREFIX)

    @property
    def wants_new_person(self) -> bool:
        return self.person.is_bound and self.person.has_changed()

    def is_valid(self) -> bool:
        valid = all([self.form.is_valid(), self.person.is_valid()])
        if not valid:
            return False
        chosen = self.form.cleaned_data.get("person")
        if chosen is None and not self.wants_new_person:
            self.form.add_error("person", "Choose a person, or record a new person below.")
            return False
        if chosen is not None and self.wants_new_person:
            self.form.add_error(
                "person", "Either choose a person or record a new one below, not both."
            )
            return False
        return True

    def person_data(self) -> PersonData:
        """The new person's statement; the nationality is the one at arrest."""
        data = self.person.cleaned_data
        cnic = (data.get("cnic") or "").strip()
        phone = (data.get("phone") or "").strip()
        return PersonData(
            name_latin=data["name_latin"],
            name_urdu=data["name_urdu"],
            father_name_latin=data["father_name_latin"],
            father_name_urdu=data["father_name_urdu"],
            sex=data["sex"],
            date_of_birth=data["date_of_birth"],
            birth_year=data["birth_year"],
            nationality=self.form.cleaned_data["nationality_at_arrest"],
            handling_code=self.form.cleaned_data["handling_code"],
            identifiers=[IdentifierData(kind=IdentifierKind.CNIC, value=cnic)] if cnic else [],
            phones=[phone] if phone else [],
        )

    def arrest_data(self, person: Person) -> ArrestData:
        data = self.form.cleaned_data
        return ArrestData(
            person=person,
            arrested_on=data["arrested_on"],
            province=data["province"],
            district=data["district"],
            nationality_at_arrest=data["nationality_at_arrest"],
            event=data["event"],
            role=data["role"],
            charges=data["charges"],
            offence_category=data["offence_category"],
            agency_record_id=data["agency_record_id"],
            handling_code=data["handling_code"],
        )
