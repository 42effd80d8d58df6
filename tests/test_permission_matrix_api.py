"""The permission matrix of the API: every persona × record × method of each endpoint.

Operational endpoints inherit their tests from ``nncc.kernel.testing.APIMatrix``; reference
endpoints from ``ReadOnlyAPIMatrix``; the audit trail from ``AuditTrailAPI``.
"""

from __future__ import annotations

import itertools
from typing import Any

from factories import (
    AddressFactory,
    ArrestFactory,
    EradicationRecordFactory,
    LinkFactory,
    OrganisationFactory,
    PersonFactory,
    PersonWithDocumentsFactory,
    SeizureEventFactory,
    VehicleFactory,
    district,
    seizure_weighing,
    synthetic_cnic,
    synthetic_phone,
)

from nncc.agencies.models import Agency
from nncc.eradication.models import EradicationRecord
from nncc.intake.models import Arrest, SeizureEvent
from nncc.kernel.testing import (
    APIMatrix,
    AuditTrailAPI,
    FiguresMatrix,
    Persona,
    ReadOnlyAPIMatrix,
    World,
    api_client,
)
from nncc.reference.models import District, Drug, DrugTerm, PriceEntry
from nncc.registry.models import Address, Link, Organisation, Person, Vehicle

_numbers = itertools.count(1)


class TestSeizureAPI(APIMatrix):
    model = SeizureEvent
    path, basename = "/api/seizures/", "seizure"
    joint = True
    edit_field, edit_value = "summary", "Edited by the permission matrix."

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return SeizureEventFactory(
            agency=agency,
            handling_code=handling_code,
            participants=[partner] if partner else [],
            created_by=world.clerk(agency),
        )

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "agency_record_id": f"MX-API-FIR-{next(_numbers)}",
            "occurred_at": "2025-06-01T10:30:00+05:00",
            "province": "PK-PB",
            "district": district().code,
            "place_type": "road",
            "transport_mode": "car",
            "handling_code": "restricted",
            "drug_lines": [{"reported_term": "charas", "quantity": "12.5", "unit": "kg"}],
        }


class TestArrestAPI(APIMatrix):
    model = Arrest
    path, basename = "/api/arrests/", "arrest"
    joint = True
    edit_field, edit_value = "agency_record_id", "MX-API-ARREST-EDITED"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        event = None
        if partner is not None:
            event = SeizureEventFactory(
                agency=agency, handling_code=handling_code, participants=[partner]
            )
        return ArrestFactory(
            agency=agency, event=event, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "person": PersonFactory(agency=agency).pk,
            "arrested_on": "2025-06-02",
            "province": "PK-PB",
            "district": district().code,
            "nationality_at_arrest": "PK",
            "role": "courier",
            "charges": ["9(c)"],
            "handling_code": "restricted",
        }

    def test_a_foreign_person_or_seizure_is_refused(self, world: World) -> None:
        """Object substitution: an arrest names only its own agency's person and seizure,
        even when another agency's are visible (shared, or a joint seizure)."""
        officer = world.user("owner_field_officer")
        foreign = {
            "person": PersonFactory(agency=world.other, handling_code="shared").pk,
            "event": SeizureEventFactory(
                agency=world.other, handling_code="restricted", participants=[world.owner]
            ).pk,
        }
        own = self.make_object(world, world.owner, "restricted")
        for field, value in foreign.items():
            data = {**self.create_data(world, world.owner), field: value}
            before = self.existing_pks()
            response = api_client(officer).post(self.path, data, format="json")
            assert response.status_code == 400 and field in response.json(), response.content
            assert self.new_rows(before) == []
            response = api_client(officer).patch(
                self.detail_path(own), {field: value}, format="json"
            )
            assert response.status_code == 400 and field in response.json(), response.content
            fresh = Arrest.objects.get(pk=own.pk)
            assert (fresh.person_id, fresh.event_id) == (own.person_id, own.event_id)


class TestPersonAPI(APIMatrix):
    model = Person
    path, basename = "/api/persons/", "person"
    edit_field, edit_value = "alias", "Edited alias"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return PersonWithDocumentsFactory(
            agency=agency, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        number = next(_numbers)
        return {
            "name_latin": "Matrix Person",
            "father_name_latin": "Matrix Father",
            "sex": "M",
            "birth_year": 1979,
            "nationality": "PK",
            "handling_code": "restricted",
            "identifiers": [{"kind": "cnic", "value": synthetic_cnic(number + 8000)}],
            "phones": [synthetic_phone(number + 8000)],
        }


class TestVehicleAPI(APIMatrix):
    model = Vehicle
    path, basename = "/api/vehicles/", "vehicle"
    edit_field, edit_value = "colour", "maroon"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return VehicleFactory(
            agency=agency, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "registration": f"MX-{next(_numbers):04d}",
            "kind": "truck",
            "make": "Hino",
            "colour": "blue",
            "handling_code": "restricted",
        }


class TestOrganisationAPI(APIMatrix):
    model = Organisation
    path, basename = "/api/organisations/", "organisation"
    edit_field, edit_value = "kind", "network"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return OrganisationFactory(
            agency=agency, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "name": f"Matrix Transport {next(_numbers)}",
            "kind": "transporter",
            "country": "PK",
            "handling_code": "restricted",
        }


class TestAddressAPI(APIMatrix):
    model = Address
    path, basename = "/api/addresses/", "address"
    edit_field, edit_value = "line", "House 9, Street 1, edited"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return AddressFactory(
            agency=agency, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "line": f"House {next(_numbers)}, Mall Road",
            "district": district().code,
            "province": "PK-PB",
            "country": "PK",
            "handling_code": "restricted",
        }


class TestLinkAPI(APIMatrix):
    model = Link
    path, basename = "/api/links/", "link"
    edit_field, edit_value = "detail", "drives it every week"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return LinkFactory(
            agency=agency, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "kind": "drives",
            "source_type": "person",
            "source_id": PersonFactory(agency=agency).pk,
            "target_type": "vehicle",
            "target_id": VehicleFactory(agency=agency).pk,
            "handling_code": "restricted",
        }

    def test_a_link_to_another_agencys_record_is_refused(self, world: World) -> None:
        """Object substitution: a link joins the agency's own records only."""
        officer = world.user("owner_field_officer")
        foreign = PersonFactory(agency=world.other, handling_code="shared")
        for end in ("source", "target"):
            data = {
                **self.create_data(world, world.owner),
                f"{end}_type": "person",
                f"{end}_id": foreign.pk,
            }
            before = self.existing_pks()
            response = api_client(officer).post(self.path, data, format="json")
            assert response.status_code == 400, response.content
            assert self.new_rows(before) == []


class TestEradicationAPI(APIMatrix):
    model = EradicationRecord
    path, basename = "/api/eradication/", "eradication"
    edit_field, edit_value = "place", "Edited by the permission matrix"

    def make_object(self, world: World, agency: Any, handling_code: str, partner: Any = None):
        return EradicationRecordFactory(
            agency=agency, handling_code=handling_code, created_by=world.clerk(agency)
        )

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        return {
            "agency_record_id": f"MX-API-ERD-{next(_numbers)}",
            "cleared_on": "2025-04-10",
            "province": "PK-KP",
            "district": district("PK-KP").code,
            "crop": "opium_poppy",
            "acres": "7.50",
            "place": "Bara",
            "handling_code": "shared",
        }


# --- reference data ------------------------------------------------------------------------


class TestAgencyAPI(ReadOnlyAPIMatrix):
    model = Agency
    path, basename, lookup = "/api/agencies/", "agency", "code"

    def reference_object(self, world: World) -> Any:
        return world.other


class TestDrugAPI(ReadOnlyAPIMatrix):
    model = Drug
    path, basename = "/api/drugs/", "drug"


class TestDrugTermAPI(ReadOnlyAPIMatrix):
    model = DrugTerm
    path, basename = "/api/drug-terms/", "drug-term"


class TestDistrictAPI(ReadOnlyAPIMatrix):
    model = District
    path, basename, lookup = "/api/districts/", "district", "code"


class TestPriceAPI(ReadOnlyAPIMatrix):
    model = PriceEntry
    path, basename = "/api/prices/", "price"

    def reference_object(self, world: World) -> Any:
        return PriceEntry.objects.create(
            drug=Drug.objects.get(name="Heroin"),
            market="pakistan",
            level="wholesale",
            year=2024,
            usd_per_kg="9000.00",
            source="Matrix test figure",
        )


# --- the audit trail -----------------------------------------------------------------------


class TestAuditTrailAPI(AuditTrailAPI):
    pass


# --- reports -------------------------------------------------------------------------------


class TestCampaignReportAPI(FiguresMatrix):
    model = SeizureEvent
    kind = "api"

    def route_names(self) -> list[str]:
        return ["campaign-report"]

    def make_seizure(self, world, agency, handling_code, kilograms, partner=None):
        return seizure_weighing(agency, handling_code, kilograms, partner=partner, year=self.year)

    def get(self, world: World, persona: Persona) -> Any:
        return api_client(world.user(persona)).get("/api/reports/campaign/", {"year": self.year})

    def seized_kg(self, response: Any) -> Any:
        return response.json()["seized_kg"]
