"""Request bodies and checks shared by the API tests."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from nncc.intake.models import Arrest, DrugLine, SeizureEvent
from nncc.kernel.models import AuditEntry
from nncc.registry.models import Identifier, Person, Phone

PASSWORD = "correct horse battery staple"
#: synthetic: locality 0000 is not issued, the 555 exchange is not in use
SYNTHETIC_CNIC = "30000-1234567-1"
SYNTHETIC_PHONE = "+923005550001"


def seizure_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "agency_record_id": "FIR-2025-001",
        "occurred_at": "2025-03-01T10:30:00+05:00",
        "province": "PK-BA",
        "district": "BA-QTA",
        "place": "Quetta bypass checkpoint",
        "place_type": "road",
        "transport_mode": "car",
        "concealment": "vehicle_cavity",
        "drug_lines": [{"reported_term": "charas", "quantity": "12.5", "unit": "kg"}],
        "origin": ["AF"],
        "destination": ["IR"],
    }
    payload.update(overrides)
    return payload


def person_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "agency_record_id": "P-001",
        "name_latin": "Gul Khan",
        "father_name_latin": "Sher Khan",
        "sex": "M",
        "birth_year": 1985,
        "nationality": "PK",
        "identifiers": [{"kind": "cnic", "value": SYNTHETIC_CNIC}],
        "phones": [SYNTHETIC_PHONE],
    }
    payload.update(overrides)
    return payload


def counts() -> dict[str, int]:
    """Rows that a rejected write must leave as they were."""
    return {
        model.__name__: model.objects.count()
        for model in (SeizureEvent, DrugLine, Arrest, Person, Identifier, Phone, AuditEntry)
    }


def create_seizure(client: APIClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/seizures/", seizure_payload(**overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()
