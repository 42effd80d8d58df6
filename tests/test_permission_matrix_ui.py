"""The permission matrix of the web pages: every persona × record × action of each record type.

Each class names a record type's pages and how to make its records; the tests are inherited
from ``nncc.kernel.testing.UIMatrix`` (see there for what each asserts).
"""

from __future__ import annotations

import itertools
from typing import Any

from factories import (
    ArrestFactory,
    EradicationRecordFactory,
    PersonWithDocumentsFactory,
    SeizureEventFactory,
    district,
    synthetic_cnic,
)
from nncc.eradication.forms import EradicationForm
from nncc.eradication.models import EradicationRecord
from nncc.intake.forms import ArrestForms, SeizureForms, arrest_initial
from nncc.intake.models import Arrest, SeizureEvent
from nncc.kernel.access import viewer_for
from nncc.kernel.testing import UIMatrix, World
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
