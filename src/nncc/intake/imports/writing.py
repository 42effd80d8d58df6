"""Writing import rows: create, update (audited) or leave unchanged.

The agency's record id is the key. A known record is updated through the services, only where
the row differs; what the file does not carry (coordinates, route, partners, other identifiers)
is kept as it is, so an import never wipes what an officer added through the forms. Rows of new
record ids are checked with the same service checks and saved a batch at once
(``SeizureBatchWriter``), which is what makes a large file fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from nncc.agencies.models import Agency
from nncc.intake.imports.bulk import (
    check_fields,
    insert_all,
    insert_rows,
    insert_values,
    maker,
    record_snapshot,
)
from nncc.intake.imports.rows import RowData, RowRejected
from nncc.intake.models import Arrest, DrugLine, SeizureEvent
from nncc.intake.services import (
    ArrestData,
    ParticipantData,
    SeizureData,
    arrest_record,
    arrest_update,
    check_arrest,
    check_seizure,
    new_arrest,
    new_seizure_event,
    seizure_record,
    seizure_snapshot,
    seizure_snapshot_extras,
    seizure_update,
)
from nncc.intake.validators import resolve_drug
from nncc.kernel.access import require_write
from nncc.kernel.audit import ENTRY_COLUMNS, create_entry_rows, snapshot
from nncc.kernel.models import AuditEntry
from nncc.kernel.services import ErrorCollector
from nncc.reference.models import Drug
from nncc.registry.models import Identifier, Person, Phone, Sex
from nncc.registry.services import (
    IdentifierData,
    PersonData,
    check_person,
    new_person,
    person_children_values,
    person_record,
    person_update,
)
from nncc.registry.services.persons import person_snapshot
from nncc.registry.signals import announce_persons_changed


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


def keep_person_extras(person: Person, data: PersonData) -> PersonData:
    """What a row does not carry stays as it is (alias, other documents, other phones), the
    same whether the person came in a seizure row or an arrest row."""
    data.alias, data.handling_code = person.alias, person.handling_code
    data.birth_year = person.birth_year if data.date_of_birth is None else None
    if data.date_of_birth is None:
        data.date_of_birth = person.date_of_birth
    if data.sex == Sex.UNKNOWN:
        data.sex = person.sex
    if not data.father_name_urdu:
        data.father_name_urdu = person.father_name_urdu
    given = {identifier.kind for identifier in data.identifiers}
    data.identifiers += [
        IdentifierData(kind=i.kind, value=i.raw or i.value, issuing_country=i.issuing_country)
        for i in person.identifiers.all()
        if i.kind not in given
    ]
    data.phones += [p.raw or p.e164 for p in person.phones.all()]
    data.source_payload = None  # provenance stays that of the first statement
    return data


def arrest_data(row: RowData, event: SeizureEvent, person: Person) -> ArrestData:
    """The arrest a row states: its person, in its seizure, keyed like the person."""
    return ArrestData(
        person=person,
        event=event,
        arrested_on=timezone.localdate(row.seizure.occurred_at),
        province=row.seizure.province,
        district=row.seizure.district,
        nationality_at_arrest=row.nationality,
        role=row.role,
        agency_record_id=row.person_key,
    )


class RowWriter:
    """Writes one row at a time through the services (the path of known record ids)."""

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
            data = keep_person_extras(found, row.person)
            changed = _changed(
                Person,
                found.pk,
                person_snapshot,
                lambda: person_update(acting_user=self.user, person=found, data=data),
            )
        data_of_arrest = arrest_data(row, event, person)
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


#: what writing one row came to: its outcome, or why it was refused
Written = Outcome | RowRejected | ValidationError | IntegrityError


def write_one(writer: Any, data: Any) -> Written:
    """Write one row in a savepoint, so a refused row leaves nothing behind."""
    try:
        with transaction.atomic():
            return Outcome(writer.write(data))
    except (RowRejected, ValidationError, IntegrityError) as exc:
        return exc


@dataclass
class _NewRow:
    """A checked row of a new record id, ready to be saved with others."""

    index: int
    row: RowData
    event: SeizureEvent
    lines: list[DrugLine]
    person: Person | None = None
    #: field values of the person's identifier and phone rows (``person_children_values``)
    identifiers: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)
    arrest: Arrest | None = None


class SeizureBatchWriter:
    """Writes a batch of seizure rows: new record ids together, known ones through the services.

    A row whose record id is new to the agency is checked with the services' own checks
    (``check_seizure``, ``check_person``, ``check_arrest`` and the model's field checks) and
    then saved with the other new rows of the batch in one statement per table, each record
    with the same create entry in the audit trail as the services write. What costs a query
    per row in the services (is this id taken?) is asked once per batch.

    A row whose id is known, or repeated within the batch, goes through ``RowWriter`` (update
    with before/after, or unchanged), after the new rows before it are saved, so the file is
    applied in its order exactly as the services would apply it.
    """

    def __init__(self, acting_user: Any, agency_id: int) -> None:
        require_write(acting_user, agency_id)
        self.user = acting_user
        self.agency = Agency.objects.get(pk=agency_id)
        self.rows = RowWriter(acting_user, agency_id)
        self._drugs: dict[str, Drug | list[str]] = {}

    def write(self, row: RowData) -> Outcome:
        return self.rows.write(row)

    def write_batch(self, rows: list[RowData]) -> list[Written]:
        results: list[Written | None] = [None] * len(rows)
        known = self._known_ids(rows)
        waiting: list[_NewRow] = []
        waiting_ids: set[str] = set()
        for index, row in enumerate(rows):
            record_id = row.seizure.agency_record_id.strip()
            if record_id in known or record_id in waiting_ids:
                self._save(waiting, results)
                waiting_ids.clear()
                results[index] = write_one(self.rows, row)
                known.add(record_id)
                continue
            try:
                waiting.append(self._checked(index, row))
            except ValidationError as exc:
                results[index] = exc
            else:
                waiting_ids.add(record_id)
        self._save(waiting, results)
        assert all(result is not None for result in results)
        return [result for result in results if result is not None]

    def _known_ids(self, rows: list[RowData]) -> set[str]:
        """Record ids of the batch that the agency already has: as a seizure, or (by the key
        derived from the id) as a person or an arrest; those rows take the services' path."""
        agency_id = self.agency.pk
        ids = {row.seizure.agency_record_id.strip() for row in rows}
        keys = [f"{record_id}#1" for record_id in ids]
        known = set(
            SeizureEvent.objects.filter(agency_id=agency_id, agency_record_id__in=ids)
            .order_by()
            .values_list("agency_record_id", flat=True)
        )
        for model in (Person, Arrest):
            # Excluding the empty id (none of these is) lets the database use the index of
            # record ids, which leaves empty ids out: without it, each batch would read every
            # person or arrest of the agency, and a large import would slow as it went.
            for key in (
                model._default_manager.filter(agency_id=agency_id, agency_record_id__in=keys)
                .exclude(agency_record_id="")
                .order_by()
                .values_list("agency_record_id", flat=True)
            ):
                known.add(key.removesuffix("#1"))
        return known

    def _drug(self, reported_term: str, drug: Drug | None) -> Drug:
        """``resolve_drug``, remembered per term for the import (a file names few drugs)."""
        if drug is not None:
            return drug
        found = self._drugs.get(reported_term)
        if found is None:
            try:
                found = resolve_drug(reported_term)
            except ValidationError as exc:
                found = exc.messages
            if len(self._drugs) < 10_000:  # a hostile file must not grow it without bound
                self._drugs[reported_term] = found
        if isinstance(found, list):
            raise ValidationError(found)
        return found

    def _checked(self, index: int, row: RowData) -> _NewRow:
        """The row's records, unsaved, checked as the services check them (same order, same
        messages); raises ValidationError on the first record that fails, as they would."""
        agency_id, user = self.agency.pk, self.user
        errors = ErrorCollector()
        lines = check_seizure(
            row.seizure,
            agency_id=agency_id,
            errors=errors,
            resolve=self._drug,
            make_line=maker(DrugLine),
        )
        errors.raise_if_any()
        event = new_seizure_event(
            row.seizure, agency_id=agency_id, created_by=user, make=maker(SeizureEvent)
        )
        event._state.fields_cache["agency"] = self.agency  # its label names the agency
        check_fields(event)
        for line in lines:
            line.event = event
        new = _NewRow(index=index, row=row, event=event, lines=lines)
        if row.person is None:
            return new
        row.person.agency_record_id = row.person_key
        identifiers, phones = check_person(row.person, errors=errors)
        errors.raise_if_any()
        new.person = new_person(
            row.person, agency_id=agency_id, created_by=user, make=maker(Person)
        )
        check_fields(new.person)
        new.identifiers, new.phones = person_children_values(identifiers, phones)
        arrest = arrest_data(row, event, new.person)
        check_arrest(arrest, agency_id=agency_id, errors=errors)
        errors.raise_if_any()
        new.arrest = new_arrest(arrest, agency_id=agency_id, created_by=user, make=maker(Arrest))
        check_fields(new.arrest)
        return new

    def _save(self, waiting: list[_NewRow], results: list[Written | None]) -> None:
        if not waiting:
            return
        try:
            with transaction.atomic():
                self._insert(waiting)
        except IntegrityError:
            # Another writer took one of these ids since the batch looked; row by row, only
            # that row is refused (or updated), the others are created.
            for new in waiting:
                results[new.index] = write_one(self.rows, new.row)
        else:
            for new in waiting:
                results[new.index] = Outcome.CREATED
        waiting.clear()

    def _insert(self, waiting: list[_NewRow]) -> None:
        """Parents first; each child takes its parent's id once the parent has one."""
        insert_all([new.event for new in waiting])
        for new in waiting:
            for line in new.lines:
                _attach(line, "event_id", new.event)
        insert_all([line for new in waiting for line in new.lines])
        with_person = [new for new in waiting if new.person is not None]
        insert_all([new.person for new in with_person if new.person])
        for new in with_person:
            assert new.person is not None and new.arrest is not None
            for values in (*new.identifiers, *new.phones):
                values["person_id"] = new.person.pk
            _attach(new.arrest, "event_id", new.event)
            _attach(new.arrest, "person_id", new.person)
        insert_values(Identifier, [i for new in with_person for i in new.identifiers])
        insert_values(Phone, [phone for new in with_person for phone in new.phones])
        insert_all([new.arrest for new in with_person if new.arrest])
        announce_persons_changed(new.person.pk for new in with_person if new.person)
        entries = create_entry_rows(actor=self.user, created=self._created(waiting))
        insert_rows(AuditEntry, ENTRY_COLUMNS, list(entries))

    def _created(self, waiting: list[_NewRow]) -> Iterator[tuple[Model, dict[str, Any]]]:
        """Each new record with its snapshot, in the order the services write their entries;
        the snapshots are those the services take (``seizure_snapshot_of``,
        ``person_snapshot_of``, ``snapshot``), made from the values at hand."""
        for new in waiting:
            yield new.event, record_snapshot(new.event, seizure_snapshot_extras(new.lines))
            if new.person is not None and new.arrest is not None:
                identifiers = sorted((i["kind"], i["value"]) for i in new.identifiers)
                yield (
                    new.person,
                    record_snapshot(
                        new.person,
                        {
                            "identifiers": [f"{kind}:{value}" for kind, value in identifiers],
                            "phones": sorted(phone["e164"] for phone in new.phones),
                        },
                    ),
                )
                yield new.arrest, record_snapshot(new.arrest, {})


def _attach(child: Model, attname: str, parent: Model) -> None:
    """Set a child's key to its parent's new id, as assigning the parent again would (the
    parent stays the child's cached relation, at hand for labels), without the descriptor's
    round of checks per child."""
    assert parent.pk is not None
    child.__dict__[attname] = parent.pk
