"""Writing one import row through the services: create, update (audited) or leave unchanged.

The agency's record id is the key. A known record is updated only where the row differs; what
the file does not carry (coordinates, route, partners, other identifiers) is kept as it is, so an
import never wipes what an officer added through the forms.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from nncc.intake.imports.rows import RowData
from nncc.intake.models import Arrest, SeizureEvent
from nncc.intake.services import (
    ArrestData,
    ParticipantData,
    SeizureData,
    arrest_record,
    arrest_update,
    seizure_record,
    seizure_snapshot,
    seizure_update,
)
from nncc.kernel.audit import snapshot
from nncc.registry.models import IdentifierKind, Person
from nncc.registry.services import IdentifierData, PersonData, person_record, person_update
from nncc.registry.services.persons import person_snapshot


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def _changed(model: type[Model], pk: Any, snapshot_of: Callable[[Any], Any], write: Any) -> bool:
    """Run ``write`` in a savepoint and keep it only if the stored record changed.

    Both snapshots are of the record as read back from the database, so a value written in
    another form (12.5 for 12.500, +05:00 for UTC) is not mistaken for a change; an unchanged
    record therefore gets no write and no audit entry.
    """
    before = snapshot_of(model._default_manager.get(pk=pk))
    savepoint = transaction.savepoint()
    write()
    if snapshot_of(model._default_manager.get(pk=pk)) == before:
        transaction.savepoint_rollback(savepoint)
        return False
    transaction.savepoint_commit(savepoint)
    return True


def _keep_event_extras(event: SeizureEvent, data: SeizureData) -> SeizureData:
    for name in ("latitude", "longitude", "concealment", "concealment_detail", "summary"):
        setattr(data, name, getattr(event, name))
    data.handling_code, data.unit_id = event.handling_code, event.unit_id
    data.origin, data.transit = event.route("origin"), event.route("transit")
    data.destination = event.route("destination")
    data.participants = [
        ParticipantData(agency=p.agency, credit_share=p.credit_share)
        for p in event.participations.select_related("agency")
    ]
    return data


def _keep_person_extras(person: Person, data: PersonData) -> PersonData:
    for name in ("alias", "sex", "date_of_birth", "birth_year", "father_name_urdu"):
        setattr(data, name, getattr(person, name))
    data.handling_code = person.handling_code
    data.identifiers += [
        IdentifierData(kind=i.kind, value=i.raw or i.value, issuing_country=i.issuing_country)
        for i in person.identifiers.exclude(kind=IdentifierKind.CNIC)
    ]
    data.phones += [p.raw or p.e164 for p in person.phones.all()]
    data.source_payload = None  # provenance stays that of the first statement
    return data


class RowWriter:
    def __init__(self, acting_user: Any, agency_id: int) -> None:
        self.user = acting_user
        self.agency_id = agency_id

    def write(self, row: RowData) -> Outcome:
        event = SeizureEvent.objects.filter(
            agency_id=self.agency_id, agency_record_id=row.seizure.agency_record_id.strip()
        ).first()
        if event is None:
            event = seizure_record(acting_user=self.user, data=row.seizure)
            self._arrest(row, event)
            return Outcome.CREATED
        changed = _changed(
            SeizureEvent,
            event.pk,
            seizure_snapshot,
            lambda: seizure_update(
                acting_user=self.user, event=event, data=_keep_event_extras(event, row.seizure)
            ),
        )
        changed = self._arrest(row, event) or changed
        return Outcome.UPDATED if changed else Outcome.UNCHANGED

    def _arrest(self, row: RowData, event: SeizureEvent) -> bool:
        """Record or update the row's arrested person; True if anything was written."""
        if row.person is None:
            return False
        key = row.person_key
        row.person.agency_record_id = key
        person = Person.objects.filter(agency_id=self.agency_id, agency_record_id=key).first()
        changed = person is None
        if person is None:
            person = person_record(acting_user=self.user, data=row.person)
        else:
            found = person
            data = _keep_person_extras(found, row.person)
            changed = _changed(
                Person,
                found.pk,
                person_snapshot,
                lambda: person_update(acting_user=self.user, person=found, data=data),
            )
        data_of_arrest = ArrestData(
            person=person,
            event=event,
            arrested_on=timezone.localdate(row.seizure.occurred_at),
            province=row.seizure.province,
            district=row.seizure.district,
            nationality_at_arrest=row.nationality,
            role=row.role,
            agency_record_id=key,
        )
        arrest = Arrest.objects.filter(agency_id=self.agency_id, agency_record_id=key).first()
        if arrest is None:
            arrest_record(acting_user=self.user, data=data_of_arrest)
            return True
        data_of_arrest.charges = list(arrest.charges)
        data_of_arrest.offence_category = arrest.offence_category
        data_of_arrest.handling_code = arrest.handling_code
        stored = arrest
        return (
            _changed(
                Arrest,
                stored.pk,
                snapshot,
                lambda: arrest_update(acting_user=self.user, arrest=stored, data=data_of_arrest),
            )
            or changed
        )
