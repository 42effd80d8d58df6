"""A digest of the records a demo wrote, to show that the same seed gives the same database.

Rows are read by their natural keys (agency code and record id), never by primary key or time
stamp, so two databases seeded alike agree even when their sequences or clocks differ.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from typing import Any

from nncc.eradication.models import EradicationRecord
from nncc.intake.models import Arrest, DrugLine, Participation, RouteCountry, SeizureEvent
from nncc.reference.models import PriceEntry
from nncc.registry.models import Identifier, Person, Phone


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


_TABLES: list[tuple[Any, str]] = [
    (
        SeizureEvent.objects.order_by("agency__code", "agency_record_id"),
        "agency__code agency_record_id occurred_at district__code place place_type "
        "transport_mode concealment latitude longitude handling_code unit__code summary",
    ),
    (
        DrugLine.objects.order_by("event__agency__code", "event__agency_record_id", "id"),
        "event__agency__code event__agency_record_id reported_term drug__name quantity "
        "unit measured_weight_kg kg_equivalent kg_rule",
    ),
    (
        RouteCountry.objects.order_by(
            "event__agency__code", "event__agency_record_id", "role", "position"
        ),
        "event__agency__code event__agency_record_id role country position",
    ),
    (
        Participation.objects.order_by("event__agency__code", "event__agency_record_id"),
        "event__agency__code event__agency_record_id agency__code credit_share",
    ),
    (
        Person.objects.order_by("agency__code", "agency_record_id"),
        "agency__code agency_record_id name_latin name_urdu father_name_latin "
        "father_name_urdu alias sex date_of_birth birth_year nationality handling_code "
        "source_payload",
    ),
    (
        Identifier.objects.order_by("person__agency__code", "person__agency_record_id", "kind"),
        "person__agency__code person__agency_record_id kind value raw",
    ),
    (
        Phone.objects.order_by("person__agency__code", "person__agency_record_id", "e164"),
        "person__agency__code person__agency_record_id e164 raw",
    ),
    (
        Arrest.objects.order_by("agency__code", "agency_record_id"),
        "agency__code agency_record_id person__agency_record_id event__agency_record_id "
        "arrested_on district__code role charges nationality_at_arrest offence_category "
        "handling_code",
    ),
    (
        EradicationRecord.objects.order_by("agency__code", "agency_record_id"),
        "agency__code agency_record_id cleared_on district__code place crop acres "
        "latitude longitude handling_code",
    ),
    (
        PriceEntry.objects.order_by("drug__name", "market", "level", "year"),
        "drug__name market level year usd_per_kg source",
    ),
]


def database_fingerprint() -> str:
    digest = hashlib.sha256()
    for queryset, fields in _TABLES:
        digest.update(queryset.model._meta.label.encode())
        for row in queryset.values_list(*fields.split()):
            digest.update("\x1f".join(_text(value) for value in row).encode())
            digest.update(b"\x1e")
    return digest.hexdigest()
