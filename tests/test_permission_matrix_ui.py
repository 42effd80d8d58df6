"""The permission matrix of the web pages: every persona × record × action of each record type.

Each class names a record type's pages and how to make its records; the tests are inherited
from ``nncc.kernel.testing.UIMatrix`` (see there for what each asserts).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from typing import Any

import pytest
from django.urls import reverse
from factories import (
    ArrestFactory,
    EradicationRecordFactory,
    PersonFactory,
    PersonWithDocumentsFactory,
    SeizureEventFactory,
    district,
    seizure_weighing,
    synthetic_cnic,
)

from nncc.eradication.forms import EradicationForm
from nncc.eradication.models import EradicationRecord
from nncc.intake.forms import ArrestForms, SeizureForms, arrest_initial
from nncc.intake.models import Arrest, SeizureEvent
from nncc.kernel.access import viewer_for
from nncc.kernel.testing import (
    VISIBLE,
    AuditTrailPages,
    FiguresMatrix,
    Outcome,
    PermissionMatrix,
    Persona,
    ReferencePage,
    UIMatrix,
    World,
    assert_ui_answer,
    form_errors,
    make_user,
    ui_client,
)
from nncc.reference.models import PriceEntry
from nncc.registry.forms import PersonForms
from nncc.registry.models import Person

_numbers = itertools.count(1)


class TestSeizurePages(UIMatrix):
    model = SeizureEvent
    namespace, thing = "intake", "seizure"
    joint = True
    edit_field, edit_value = "summary", "Edited by the permission matrix."

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return SeizureEventFactory(
            agency=agency,
            handling_code=handling_code,
            participants=[partner] if partner else [],
            created_by=world.clerk(agency),
        )

    def page_forms(self, world: World, agency: Any, obj: Any) -> list[Any]:
        forms = SeizureForms(None, viewer=viewer_for(world.clerk(agency)), event=obj)
        return [forms.form, forms.lines, forms.partners]

    def create_values(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "agency_record_id": f"MX-FIR-{next(_numbers)}",
            "occurred_at": "2025-06-01T10:30",
            "province": "PK-PB",
            "district": district().pk,
            "place_type": "road",
            "transport_mode": "car",
            "handling_code": "restricted",
            "lines-0-reported_term": "charas",
            "lines-0-quantity": "12.5",
            "lines-0-unit": "kg",
        }


class TestArrestPages(UIMatrix):
    model = Arrest
    namespace, thing = "intake", "arrest"
    joint = True
    edit_field, edit_value = "agency_record_id", "MX-ARREST-EDITED"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        event = None
        if partner is not None:
            event = SeizureEventFactory(
                agency=agency, handling_code=handling_code, participants=[partner]
            )
        return ArrestFactory(
            agency=agency, event=event, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def page_forms(self, world: World, agency: Any, obj: Any) -> list[Any]:
        initial = arrest_initial(obj) if obj is not None else None
        forms = ArrestForms(None, viewer=viewer_for(world.clerk(agency)), initial=initial)
        return [forms.form, forms.person]

    def create_values(self, world: World, agency: Any) -> dict[str, Any]:
        person = PersonWithDocumentsFactory(agency=agency)
        return {
            "person": person.pk,
            "arrested_on": "2025-06-02",
            "province": "PK-PB",
            "district": district().pk,
            "nationality_at_arrest": "PK",
            "role": "courier",
            "charges": ["9(c)"],
            "handling_code": "restricted",
        }

    def test_a_foreign_person_or_seizure_is_refused(self, world: World) -> None:
        """Object substitution: the form takes only the agency's own persons and seizures."""
        officer = world.user("owner_field_officer")
        foreign = {
            "person": PersonFactory(agency=world.other, handling_code="shared").pk,
            "event": SeizureEventFactory(
                agency=world.other, handling_code="restricted", participants=[world.owner]
            ).pk,
        }
        for field, value in foreign.items():
            data = {**self.create_data(world, world.owner), field: str(value)}
            before = self.existing_pks()
            response = ui_client(officer).post(self.url("create"), data)
            assert response.status_code == 200, "the form should come back with an error"
            assert field in str(form_errors(response)), form_errors(response)
            assert self.new_rows(before) == []


class TestPersonPages(UIMatrix):
    model = Person
    namespace, thing = "registry", "person"
    edit_field, edit_value = "alias", "Edited alias"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return PersonWithDocumentsFactory(
            agency=agency, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def page_forms(self, world: World, agency: Any, obj: Any) -> list[Any]:
        forms = PersonForms(None, person=obj)
        return [forms.person, forms.identifiers, forms.phones]

    def create_values(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "name_latin": "Matrix Person",
            "father_name_latin": "Matrix Father",
            "sex": "M",
            "birth_year": "1979",
            "nationality": "PK",
            "handling_code": "restricted",
            "identifiers-0-kind": "cnic",
            "identifiers-0-value": synthetic_cnic(next(_numbers) + 9000),
        }


class TestEradicationPages(UIMatrix):
    model = EradicationRecord
    namespace, thing = "eradication", "record"
    edit_field, edit_value = "place", "Edited by the permission matrix"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return EradicationRecordFactory(
            agency=agency, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def page_forms(self, world: World, agency: Any, obj: Any) -> list[Any]:
        initial = EradicationForm.initial_for(obj) if obj is not None else None
        return [EradicationForm(None, initial=initial)]

    def create_values(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "agency_record_id": f"MX-ERD-{next(_numbers)}",
            "cleared_on": "2025-04-10",
            "crop": "opium_poppy",
            "acres": "7.50",
            "province": "PK-KP",
            "district": district("PK-KP").pk,
            "place": "Bara",
            "handling_code": "shared",
        }


# --- pages that are not one record type ----------------------------------------------------


class TestAuditTrailPage(AuditTrailPages):
    pass


class TestPricesPage(ReferencePage):
    model = PriceEntry
    url_name = "stats:prices"


class TestCampaignPage(FiguresMatrix):
    model = SeizureEvent

    def route_names(self) -> list[str]:
        return ["stats:campaign"]

    def make_seizure(self, world, agency, handling_code, kilograms, partner=None):
        return seizure_weighing(agency, handling_code, kilograms, partner=partner, year=self.year)

    def get(self, world: World, persona: Persona) -> Any:
        client = ui_client(world.user(persona))
        return client.get(reverse("stats:campaign"), {"year": self.year})

    def seized_kg(self, response: Any) -> Any:
        return response.context["figures"]["seized_kg"]


class TestCampaignExport(TestCampaignPage):
    """The CSV export of the report counts the same seizures as the page."""

    def get(self, world: World, persona: Persona) -> Any:
        client = ui_client(world.user(persona))
        return client.get(reverse("stats:campaign"), {"year": self.year, "format": "csv"})

    def seized_kg(self, response: Any) -> Any:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        for row in rows:
            if row and row[0] == "Narcotics seized (kg)":
                return row[-1]
        raise AssertionError(f"no seized_kg row in the export: {rows[:5]}")


class TestDashboard(TestCampaignPage):
    """The home page shows the campaign figures over what the user may see."""

    def route_names(self) -> list[str]:
        return ["home"]

    def get(self, world: World, persona: Persona) -> Any:
        return ui_client(world.user(persona)).get(reverse("home"))

    def seized_kg(self, response: Any) -> Any:
        return (response.context["report"] or {}).get("seized_kg")

    def test_latest_seizures(self, world: World, persona: Persona, variant: None) -> None:
        seizures = {
            key: SeizureEventFactory(agency=world.owner, handling_code=key)
            for key in ("shared", "restricted", "source_restricted")
        }
        response = self.get(world, persona)
        if not persona.signed_in:
            assert_ui_answer(response, Outcome.LOGIN, persona)
            return
        shown = {event.pk for event in response.context["latest_seizures"]}
        for key, event in seizures.items():
            assert (event.pk in shown) == (key in VISIBLE[persona.name]), f"{persona}: {key}"

    shapes = {"test_figures": "persona", "test_latest_seizures": "persona"}


class TestPersonOptions(PermissionMatrix):
    """The person picker of the arrest form offers only the user's own agency's persons."""

    model = Person

    def route_names(self) -> list[str]:
        return ["intake:person_options"]

    shapes = {"test_options": "persona"}

    def test_options(self, world: World, persona: Persona, variant: None) -> None:
        owned = {
            key: PersonFactory(agency=world.owner, handling_code=key, name_latin=f"Picked {key}")
            for key in ("shared", "restricted", "source_restricted")
        }
        foreign = PersonFactory(agency=world.other, handling_code="shared", name_latin="Picked x")
        client = ui_client(world.user(persona))
        for query in ("", "Picked"):
            response = client.get(reverse("intake:person_options"), {"q": query})
            if not persona.signed_in:
                assert_ui_answer(response, Outcome.LOGIN, persona)
                continue
            assert response.status_code == 200
            offered = set(re.findall(r'<option value="(\d+)"', response.content.decode()))
            expected = {str(p.pk) for p in owned.values()} if persona.agency == "owner" else set()
            if persona.agency == "other":
                expected = {str(foreign.pk)}
            assert offered == expected, f"{persona} is offered {offered}, expected {expected}"


# --- regressions ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "make"),
    [
        ("intake:seizure_detail", SeizureEventFactory),
        ("intake:arrest_detail", ArrestFactory),
        ("registry:person_detail", PersonWithDocumentsFactory),
        ("eradication:record_detail", EradicationRecordFactory),
    ],
)
def test_a_record_whose_creator_was_deleted_still_shows(route: str, make: Any) -> None:
    world = World()
    creator = make_user(world.owner, "field_officer", username="leaver")
    record = make(agency=world.owner, created_by=creator)
    creator.delete()
    client = ui_client(world.user("owner_analyst"))
    client.raise_request_exception = False
    assert client.get(reverse(route, args=[record.pk])).status_code == 200
