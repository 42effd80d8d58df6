"""Fixtures shared by the cross-app tests: three agencies, their people, records of each kind.

ANF and Customs are federal agencies; NNCC is the coordination centre. Users are named after
their agency and role (``anf_officer`` is an ANF field officer).
"""

from __future__ import annotations

from typing import Any

import pytest
from factories import (
    AddressFactory,
    AgencyFactory,
    ArrestFactory,
    CentreAgencyFactory,
    EradicationRecordFactory,
    LinkFactory,
    OrganisationFactory,
    PersonWithDocumentsFactory,
    SeizureEventFactory,
    VehicleFactory,
    make_user,
)

from nncc.kernel.access import Role
from nncc.kernel.models import HandlingCode


@pytest.fixture
def anf(db: Any) -> Any:
    return AgencyFactory(code="ANF", name="Anti-Narcotics Force")


@pytest.fixture
def customs(db: Any) -> Any:
    return AgencyFactory(code="CUSTOMS", name="Pakistan Customs")


@pytest.fixture
def centre(db: Any) -> Any:
    return CentreAgencyFactory()


@pytest.fixture
def anf_officer(anf: Any) -> Any:
    return make_user(anf, Role.FIELD_OFFICER, username="anf_officer")


@pytest.fixture
def anf_analyst(anf: Any) -> Any:
    return make_user(anf, Role.ANALYST, username="anf_analyst")


@pytest.fixture
def anf_supervisor(anf: Any) -> Any:
    return make_user(anf, Role.SUPERVISOR, username="anf_supervisor")


@pytest.fixture
def anf_admin(anf: Any) -> Any:
    return make_user(anf, Role.AGENCY_ADMIN, username="anf_admin")


@pytest.fixture
def anf_auditor(anf: Any) -> Any:
    return make_user(anf, Role.AUDITOR, username="anf_auditor")


@pytest.fixture
def customs_officer(customs: Any) -> Any:
    return make_user(customs, Role.FIELD_OFFICER, username="customs_officer")


@pytest.fixture
def customs_analyst(customs: Any) -> Any:
    return make_user(customs, Role.ANALYST, username="customs_analyst")


@pytest.fixture
def centre_analyst(centre: Any) -> Any:
    return make_user(centre, Role.CENTRE_ANALYST, username="centre_analyst")


@pytest.fixture
def centre_auditor(centre: Any) -> Any:
    return make_user(centre, Role.AUDITOR, username="centre_auditor")


@pytest.fixture
def platform_admin(db: Any) -> Any:
    return make_user(None, username="platform_admin", is_superuser=True)


@pytest.fixture
def anf_seizures(anf: Any) -> dict[str, Any]:
    """One ANF seizure per handling code, keyed by the code."""
    return {
        code: SeizureEventFactory(agency=anf, handling_code=code, agency_record_id=f"ANF-{code}")
        for code in HandlingCode.values
    }


@pytest.fixture
def joint_seizure(anf: Any, customs: Any) -> Any:
    """A restricted ANF seizure in which Customs took part."""
    return SeizureEventFactory(
        agency=anf,
        handling_code=HandlingCode.RESTRICTED,
        agency_record_id="ANF-joint",
        participants=[customs],
    )


@pytest.fixture
def anf_records(anf: Any, anf_officer: Any) -> dict[str, dict[str, Any]]:
    """For every operational record type, one ANF record per handling code:
    ``anf_records["arrest"]["shared"]``. Child rows (drug lines, identifiers, phones) come with
    their parents."""
    factories = {
        "seizure": SeizureEventFactory,
        "arrest": ArrestFactory,
        "person": PersonWithDocumentsFactory,
        "vehicle": VehicleFactory,
        "organisation": OrganisationFactory,
        "address": AddressFactory,
        "link": LinkFactory,
        "eradication": EradicationRecordFactory,
    }
    return {
        kind: {
            code: make(agency=anf, handling_code=code, created_by=anf_officer)
            for code in HandlingCode.values
        }
        for kind, make in factories.items()
    }
