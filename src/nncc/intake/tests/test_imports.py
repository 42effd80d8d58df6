"""Bulk import of seizure rows: counts that add up, idempotence, resume, encodings, broken input;
the agency, the job's life (queued, running once, failed with its reason), per-row answers, and
the batched path held to the services' rules and audit entries.

Files are written to a temporary directory and imported with the service, as the CLI does.
"""

from __future__ import annotations

import csv
import datetime
import importlib.util
import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nncc.agencies.models import Agency
from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.intake.imports import record_types
from nncc.intake.imports.jobs import job_lock
from nncc.intake.imports.parsing import detect_encoding, read_csv
from nncc.intake.imports.rows import COLUMNS, RowReader
from nncc.intake.imports.service import (
    ImportAlreadyRunning,
    ImportRefused,
    file_sha256,
    import_file,
    queue_job,
)
from nncc.intake.imports.writing import RowWriter
from nncc.intake.models import (
    Arrest,
    DrugLine,
    ImportJob,
    ImportRejection,
    ImportStatus,
    SeizureEvent,
)
from nncc.kernel.access import Role
from nncc.kernel.models import AuditAction, AuditEntry
from nncc.registry.models import Person

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-2025"


@pytest.fixture
def officer(db: Any) -> Any:
    anf = agency_create(acting_user=None, code="ANF", name="ANF", kind="federal")
    return user_add_to_agency(
        acting_user=None,
        username="anf.officer",
        password=PASSWORD,
        agency=anf,
        roles=[Role.FIELD_OFFICER],
    )


def seizure_row(n: int, **changes: str) -> dict[str, str]:
    row = {
        "agency_record_id": f"FIR-{n:03d}",
        "occurred_at": f"2025-03-{n % 27 + 1:02d} 10:30",
        "province": "PK-BA",
        "district": "BA-QTA" if n % 2 else "Quetta",
        "place_type": "road",
        "transport_mode": "car",
        "place": "N-25 checkpost",
        "drug": "charas",
        "quantity": f"{n}.5",
        "unit": "kg",
        "person_name": f"Suspect {n}",
        "person_name_urdu": "محمد خان",
        "father_name": "Gul Khan",
        "cnic": f"30000{n:07d}1",
        "phone": f"+92300555{n:04d}",
        "nationality": "PK",
        "role": "courier",
    }
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def twenty_rows() -> list[dict[str, str]]:
    rows = [seizure_row(n) for n in range(1, 21)]
    rows[6] = seizure_row(7, quantity="lots")  # the broken one: row 8 of the file
    return rows


def counts(job: ImportJob) -> dict[str, int]:
    return job.counts()


def test_twenty_rows_one_broken(officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    job = import_file(acting_user=officer, path=path, batch_size=6)
    assert counts(job) == {
        "received": 20,
        "created": 19,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert job.status == ImportStatus.COMPLETED and job.position == 21
    rejection = ImportRejection.objects.get(job=job)
    assert (rejection.row_number, rejection.column, rejection.value) == (8, "quantity", "lots")
    assert "not a number" in rejection.reason
    assert SeizureEvent.objects.count() == DrugLine.objects.count() == 19
    assert Arrest.objects.count() == Person.objects.count() == 19
    person = Person.objects.get(agency_record_id="FIR-001#1")
    assert person.name_urdu == "محمد خان"
    assert person.source_payload["import_row"]["cnic"] == "3000000000011"
    created = AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_type="intake.seizureevent"
    )
    assert created.count() == 19


def test_same_file_again_changes_nothing(officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    first = import_file(acting_user=officer, path=path)
    entries = AuditEntry.objects.count()
    again = import_file(acting_user=officer, path=path)
    assert again.pk == first.pk
    assert counts(again) == {
        "received": 20,
        "created": 0,
        "updated": 0,
        "unchanged": 19,
        "rejected": 1,
    }
    assert ImportRejection.objects.filter(job=again).count() == 1
    assert SeizureEvent.objects.count() == 19 and Person.objects.count() == 19
    assert AuditEntry.objects.count() == entries  # no write, no audit entry


def test_edited_row_is_updated_with_before_and_after(officer: Any, tmp_path: Path) -> None:
    import_file(acting_user=officer, path=write_csv(tmp_path / "a.csv", twenty_rows()))
    rows = twenty_rows()
    rows[2] = seizure_row(3, quantity="30", place="Chaman road")
    job = import_file(acting_user=officer, path=write_csv(tmp_path / "b.csv", rows))
    assert (job.created, job.updated, job.unchanged, job.rejected) == (0, 1, 18, 1)
    event = SeizureEvent.objects.get(agency_record_id="FIR-003")
    assert event.place == "Chaman road"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, target_id=str(event.pk))
    assert entry.before["place"] == "N-25 checkpost" and entry.after["place"] == "Chaman road"
    assert entry.after["drug_lines"][0]["quantity"] == "30.000"


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig")]
)
def test_utf16_and_bom_files(officer: Any, tmp_path: Path, encoding: str, expected: str) -> None:
    path = write_csv(tmp_path / "urdu.csv", [seizure_row(1), seizure_row(2)], encoding)
    assert detect_encoding(path) == expected
    job = import_file(acting_user=officer, path=path)
    assert (job.created, job.rejected) == (2, 0)
    assert Person.objects.get(agency_record_id="FIR-002#1").name_urdu == "محمد خان"


def test_windows_1252_file(officer: Any, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "excel.csv",
        [seizure_row(1, place="Café at Zhob road", person_name_urdu="")],
        "cp1252",
    )
    assert detect_encoding(path) == "cp1252"
    import_file(acting_user=officer, path=path)
    assert SeizureEvent.objects.get().place == "Café at Zhob road"


def test_ragged_row_and_nul_byte_are_row_errors(officer: Any, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", [seizure_row(1), seizure_row(2), seizure_row(3)])
    lines = good.read_bytes().split(b"\r\n")
    lines[2] = lines[2] + b",extra"
    lines[3] = lines[3].replace(b"N-25", b"N-\x0025")
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\r\n".join(lines))
    errors = {row.number: row.error for row in read_csv(path)}
    assert "18 cells" in errors[3] and "NUL" in errors[4]
    job = import_file(acting_user=officer, path=path)
    assert (job.received, job.created, job.rejected) == (3, 1, 2)
    assert sorted(job.rejections.values_list("row_number", flat=True)) == [3, 4]


def test_dry_run_writes_nothing(officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    entries = AuditEntry.objects.count()
    job = import_file(acting_user=officer, path=path, dry_run=True, batch_size=7)
    assert (job.received, job.created, job.rejected) == (20, 19, 1)
    assert [r.row_number for r in job.preview_rejections] == [8]
    assert job.pk is None and not ImportJob.objects.exists()
    assert not SeizureEvent.objects.exists() and not Person.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_resume_after_interruption(officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    job = import_file(acting_user=officer, path=path, batch_size=5)
    # As if the process had been killed after the batch ending at row 11 committed: the job
    # says running, and rows after 11 are not in the database.
    late = SeizureEvent.objects.filter(agency_record_id__gte="FIR-011")
    Arrest.objects.filter(event__in=late).delete()
    Person.objects.filter(agency_record_id__gte="FIR-011").delete()
    late.delete()
    job.rejections.filter(row_number__gt=11).delete()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, position=11, received=10, created=9, rejected=1
    )
    resumed = import_file(acting_user=officer, path=path, batch_size=5)
    assert resumed.pk == job.pk
    assert counts(resumed) == {
        "received": 20,
        "created": 19,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert SeizureEvent.objects.count() == 19 and Person.objects.count() == 19
    assert len(set(SeizureEvent.objects.values_list("agency_record_id", flat=True))) == 19
    assert resumed.rejections.count() == 1


def test_jsonl(officer: Any, tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    lines = [json.dumps(seizure_row(1), ensure_ascii=False), "", "[1, 2]", "{not json"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    job = import_file(acting_user=officer, path=path, format="jsonl")
    assert (job.received, job.created, job.rejected) == (3, 1, 2)
    assert sorted(job.rejections.values_list("row_number", flat=True)) == [3, 4]


def test_unknown_district_names_its_column(officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [seizure_row(1, district="Atlantis")])
    job = import_file(acting_user=officer, path=path)
    rejection = job.rejections.get()
    assert (rejection.column, rejection.value) == ("district", "Atlantis")


def test_cli_import_is_audited_as_cli(officer: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nncc.cli import main

    path = write_csv(tmp_path / "march.csv", twenty_rows())
    result = CliRunner().invoke(main, ["import", str(path), "--as", "anf.officer"])
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "row 8 quantity" in result.output
    entries = AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_type="intake.seizureevent"
    )
    assert set(entries.values_list("channel", flat=True)) == {"cli"}


# --- the agency, the job's life, per-row answers -------------------------------------------


@pytest.fixture
def customs_officer(officer: Any) -> Any:
    customs = agency_create(acting_user=None, code="CUSTOMS", name="Customs", kind="federal")
    return user_add_to_agency(
        acting_user=None,
        username="customs.officer",
        password=PASSWORD,
        agency=customs,
        roles=[Role.FIELD_OFFICER],
    )


def test_an_agency_imports_only_for_itself(
    officer: Any, customs_officer: Any, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    for agency in ("CUSTOMS", Agency.objects.get(code="CUSTOMS"), "NOSUCH"):
        with pytest.raises(PermissionDenied):
            import_file(acting_user=officer, path=path, agency=agency)
    assert not ImportJob.objects.exists() and not SeizureEvent.objects.exists()
    job = import_file(acting_user=officer, path=path, agency="anf")
    assert job.agency.code == "ANF" and job.created == 19


def test_on_row_tells_each_row_after_its_batch_commits(officer: Any, tmp_path: Path) -> None:
    rows = [*twenty_rows()[:10], seizure_row(3, place="Chaman road")]
    path = write_csv(tmp_path / "march.csv", rows)
    told: list[tuple[int, str, str, list[tuple[str, str]]]] = []
    committed: list[int] = []

    def on_row(number: int, outcome: str, record_id: str, problems: Any) -> None:
        told.append((number, outcome, record_id, problems))
        committed.append(ImportJob.objects.get().position)

    job = import_file(acting_user=officer, path=path, batch_size=4, on_row=on_row)
    assert [number for number, *_ in told] == list(range(2, 13))
    assert told[0] == (2, "created", "FIR-001", [])
    assert told[6][:3] == (8, "rejected", "FIR-007")
    assert told[6][3] == [("quantity", "“lots” is not a number.")]
    assert told[-1][:3] == (12, "updated", "FIR-003")
    # Each row is told once its batch is committed: the job's position has passed it.
    assert all(position >= number for (number, *_), position in zip(told, committed, strict=True))
    assert job.total == 11 and (job.created, job.updated, job.rejected) == (9, 1, 1)


def test_queue_job_then_run_it(officer: Any, customs_officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    queued = queue_job(
        acting_user=officer, path=path, format="csv", profile=None, record_type=None, source="web"
    )
    assert queued.status == ImportStatus.QUEUED and queued.total is None
    assert queued.sha256 == file_sha256(path) and queued.source == "web"
    with pytest.raises(PermissionDenied):  # another agency cannot run it
        import_file(acting_user=customs_officer, path=path, job=queued)
    job = import_file(acting_user=officer, path=path, job=queued, source="web")
    assert job.pk == queued.pk and job.status == ImportStatus.COMPLETED
    assert (job.total, job.received, job.created) == (20, 20, 19)
    again = queue_job(acting_user=officer, path=path, format="csv", source="web")
    assert again.pk == job.pk and again.status == ImportStatus.QUEUED
    assert again.received == 0 and not again.rejections.exists()


def test_a_changed_file_is_not_run_as_the_queued_one(officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    queued = queue_job(acting_user=officer, path=path, format="csv")
    write_csv(path, twenty_rows()[:5])
    with pytest.raises(ImportRefused):
        import_file(acting_user=officer, path=path, job=queued)
    queued.refresh_from_db()
    assert queued.status == ImportStatus.FAILED and "changed" in queued.error
    assert not SeizureEvent.objects.exists()


def test_a_second_run_of_a_running_job_is_refused(officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    queued = queue_job(acting_user=officer, path=path, format="csv")
    with job_lock(queued), pytest.raises(ImportAlreadyRunning, match="already running"):
        import_file(acting_user=officer, path=path)
    assert not SeizureEvent.objects.exists()
    assert import_file(acting_user=officer, path=path).created == 19  # once the lock is free


def test_a_refused_file_fails_the_job_with_its_reason(
    officer: Any, tmp_path: Path, settings: Any
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportRefused):
        import_file(acting_user=officer, path=empty)
    job = ImportJob.objects.get()
    assert (job.status, job.error) == (ImportStatus.FAILED, "The file is empty.")

    settings.NNCC_IMPORT_MAX_ROWS = 7
    path = write_csv(tmp_path / "march.csv", [seizure_row(n) for n in range(1, 21)])
    with pytest.raises(ImportRefused, match="more than 7 rows"):
        import_file(acting_user=officer, path=path, batch_size=3)
    job = ImportJob.objects.get(file_name="march.csv")
    assert job.status == ImportStatus.FAILED and "more than 7 rows" in job.error
    # The batches before the limit committed; no row past them was written.
    assert (job.position, job.created) == (7, 6) and SeizureEvent.objects.count() == 6


# --- the batched path ------------------------------------------------------------------------


def test_a_record_id_repeated_within_a_batch(officer: Any, tmp_path: Path) -> None:
    rows = [
        seizure_row(1),
        seizure_row(2),
        seizure_row(1, place="Chaman road"),  # the same id again, changed: an update
        seizure_row(4),
        seizure_row(1, place="Chaman road"),  # and again, as it now stands: unchanged
        seizure_row(2, quantity="-1"),  # again, broken: rejected, the record untouched
    ]
    job = import_file(acting_user=officer, path=write_csv(tmp_path / "a.csv", rows))
    assert counts(job) == {
        "received": 6,
        "created": 3,
        "updated": 1,
        "unchanged": 1,
        "rejected": 1,
    }
    assert SeizureEvent.objects.count() == Person.objects.count() == Arrest.objects.count() == 3
    event = SeizureEvent.objects.get(agency_record_id="FIR-001")
    assert event.place == "Chaman road"
    update = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert (update.target_id, update.before["place"]) == (str(event.pk), "N-25 checkpost")
    assert job.rejections.get().row_number == 7
    assert DrugLine.objects.get(event__agency_record_id="FIR-002").quantity == Decimal("2.5")


def test_an_id_taken_by_a_person_only_goes_through_the_services(
    officer: Any, tmp_path: Path
) -> None:
    # FIR-002's person exists (recorded by hand) but the seizure does not: the row creates the
    # seizure and updates that person, as the services would.
    import_file(acting_user=officer, path=write_csv(tmp_path / "a.csv", [seizure_row(2)]))
    SeizureEvent.objects.all().delete()
    job = import_file(
        acting_user=officer,
        path=write_csv(tmp_path / "b.csv", [seizure_row(1), seizure_row(2, father_name="Ali")]),
    )
    assert (job.created, job.rejected) == (2, 0)
    assert Person.objects.count() == 2
    assert Person.objects.get(agency_record_id="FIR-002#1").father_name_latin == "Ali"


def _normalised_entries(agency_code: str) -> list[tuple[Any, ...]]:
    """Create entries of an agency's records, without what differs by agency or id."""
    ids = {"id", "agency_id", "created_by_id", "event_id", "person_id"}
    entries = AuditEntry.objects.filter(
        action=AuditAction.CREATE, target_agency__code=agency_code
    ).order_by("id")
    return [
        (
            entry.target_type,
            entry.target_label.replace(agency_code, "AGENCY"),
            entry.target_handling_code,
            entry.channel,
            {key: (None if key in ids else value) for key, value in entry.after.items()},
            {key for key in entry.after if key in ids and entry.after[key] is not None},
        )
        for entry in entries
    ]


def test_batched_rows_are_audited_as_the_services_audit_them(
    officer: Any, customs_officer: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "march.csv", twenty_rows())
    import_file(acting_user=officer, path=path)  # batched
    monkeypatch.setitem(record_types._TYPES, "seizure", _row_by_row)
    import_file(acting_user=customs_officer, path=path)  # row by row, through the services
    batched, by_services = _normalised_entries("ANF"), _normalised_entries("CUSTOMS")
    assert len(batched) == 19 * 3
    assert batched == by_services


def _row_by_row() -> record_types.RecordType:
    return record_types.RecordType("seizure", RowReader, RowWriter, COLUMNS)


class CountingWriter(RowWriter):
    """A writer of one row at a time (as the arrest writer is), counting its rows."""

    written = 0

    def write(self, row: Any) -> Any:
        CountingWriter.written += 1
        if row.seizure.agency_record_id == "FIR-005":
            # Half-written, then refused: the row's savepoint must take the half back.
            super().write(row)
            raise ValidationError({"place": ["Refused by the test writer."]})
        return super().write(row)


def test_a_writer_of_single_rows_runs_each_in_a_savepoint(
    officer: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        record_types._TYPES,
        "seizure",
        lambda: record_types.RecordType("seizure", RowReader, CountingWriter, COLUMNS),
    )
    CountingWriter.written = 0
    job = import_file(acting_user=officer, path=write_csv(tmp_path / "a.csv", twenty_rows()))
    assert CountingWriter.written == 19
    assert (job.created, job.rejected) == (18, 2)
    assert not SeizureEvent.objects.filter(agency_record_id="FIR-005").exists()
    assert not Person.objects.filter(agency_record_id="FIR-005#1").exists()
    rejection = job.rejections.get(row_number=6)
    assert (rejection.column, rejection.reason) == ("place", "Refused by the test writer.")


def test_an_unknown_record_type_is_refused(officer: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", twenty_rows())
    with pytest.raises(ValueError, match="not a record type"):
        import_file(acting_user=officer, path=path, record_type="vehicle")
    assert not ImportJob.objects.exists()


def test_rejections_keep_the_whole_row_as_sent(officer: Any, tmp_path: Path) -> None:
    job = import_file(acting_user=officer, path=write_csv(tmp_path / "a.csv", twenty_rows()))
    rejection = job.rejections.get()
    assert rejection.row_values == seizure_row(7, quantity="lots")


def test_cli_refuses_another_agency(officer: Any, customs_officer: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nncc.cli import main

    path = write_csv(tmp_path / "march.csv", twenty_rows())
    arguments = ["import", str(path), "--as", "anf.officer", "--agency", "CUSTOMS"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2 and "your own agency (ANF)" in result.output
    assert not SeizureEvent.objects.exists()
    result = CliRunner().invoke(main, ["import", str(path), "--as", "anf.officer", "--strict"])
    assert result.exit_code == 3, result.output


def test_the_import_benchmark_still_runs(
    officer: Any, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bench/intake_import.py on a few rows, so it does not rot between benchmark runs."""
    source = Path(__file__).resolve().parents[4] / "bench" / "intake_import.py"
    if not source.exists():
        pytest.skip("the benchmarks are not beside this installation")
    spec = importlib.util.spec_from_file_location("bench_intake_import", source)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, bench)  # its dataclasses look themselves up
    spec.loader.exec_module(bench)
    results = bench.measure(200, "test run", tmp_path)
    assert {key: result.created for key, result in results.items()} == {
        "baseline": 20,
        "quarter": 50,
        "full": 200,
    }
    printed = capsys.readouterr().out
    assert "row by row (baseline)" in printed and "rows/s" in printed and "peak" in printed


def test_the_batched_path_asks_the_database_per_batch_not_per_row(
    officer: Any, tmp_path: Path
) -> None:
    def queries(name: str, numbers: range) -> int:
        path = write_csv(tmp_path / name, [seizure_row(n) for n in numbers])
        with CaptureQueriesContext(connection) as captured:
            job = import_file(acting_user=officer, path=path)
        assert job.created == len(numbers)
        return len(captured)

    queries("warm.csv", range(1, 3))  # what is read once per process (the user's agency…)
    assert queries("ten.csv", range(11, 21)) == queries("forty.csv", range(101, 141))


def test_arrest_rows_go_through_the_arrest_writer(officer: Any, tmp_path: Path) -> None:
    import_file(acting_user=officer, path=write_csv(tmp_path / "s.csv", [seizure_row(1)]))
    arrest_columns = record_types.record_type_of("arrest").columns
    rows = [
        {"agency_record_id": "ARR-1", "arrested_on": "2025-03-03", "province": "PK-BA"},
        {"agency_record_id": "ARR-2", "arrested_on": "someday", "province": "PK-BA"},
    ]
    for row in rows:
        row.update(district="BA-QTA", nationality="AF", person_name="Gul", charges="9(c)")
        row.update(seizure_record_id="FIR-001", offence_category="narcotics")
    path = tmp_path / "arrests.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(arrest_columns), restval="")
        writer.writeheader()
        writer.writerows(rows)
    job = import_file(acting_user=officer, path=path, record_type="arrest")
    assert (job.record_type, job.created, job.rejected) == ("arrest", 1, 1), list(
        job.rejections.values_list("column", "reason")
    )
    arrest = Arrest.objects.get(agency_record_id="ARR-1")
    assert arrest.event.agency_record_id == "FIR-001" and arrest.nationality_at_arrest == "AF"
    assert job.rejections.get().column == "arrested_on"


def _arrest_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        columns = record_types.record_type_of("arrest").columns
        writer = csv.DictWriter(handle, fieldnames=list(columns), restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _person_as_stored(agency_code: str) -> tuple[Any, ...]:
    person = Person.objects.get(agency__code=agency_code, agency_record_id="FIR-001#1")
    return (
        person.name_latin,
        person.father_name_latin,
        person.father_name_urdu,
        person.alias,
        person.sex,
        person.date_of_birth,
        person.nationality,
        sorted(person.identifiers.values_list("kind", "value")),
        sorted(person.phones.values_list("e164", flat=True)),
    )


def test_the_same_person_cells_give_the_same_person_as_seizure_or_arrest_row(
    officer: Any, customs_officer: Any, tmp_path: Path
) -> None:
    """A person known with more than a row carries (alias, sex, birth date, Urdu father's
    name, a passport, his CNIC) is stated again by a row without his CNIC: the seizure row and
    the arrest row keep the same things, so both agencies end with the same person."""
    from nncc.registry.services import IdentifierData, PersonData, person_update

    first = write_csv(tmp_path / "first.csv", [seizure_row(1)])
    cells = {"person_name": "Suspect One", "father_name": "Gul Khan", "phone": "+923005550999"}
    for user, code in ((officer, "ANF"), (customs_officer, "CUSTOMS")):
        import_file(acting_user=user, path=first)
        person = Person.objects.get(agency__code=code, agency_record_id="FIR-001#1")
        person_update(
            acting_user=user,
            person=person,
            data=PersonData(
                agency_record_id=person.agency_record_id,
                name_latin=person.name_latin,
                name_urdu=person.name_urdu,
                father_name_latin=person.father_name_latin,
                father_name_urdu="گل خان",
                alias="Lala",
                sex="M",
                date_of_birth=datetime.date(1990, 5, 1),
                nationality="PK",
                identifiers=[
                    IdentifierData(kind="cnic", value="3000000000011"),
                    IdentifierData(kind="passport", value="AB1234567"),
                ],
                phones=["+923005550001"],
            ),
        )
    again = seizure_row(1, cnic="", person_name_urdu="", **cells)
    job = import_file(acting_user=officer, path=write_csv(tmp_path / "again.csv", [again]))
    assert (job.updated, job.rejected) == (1, 0)
    arrest = {
        "agency_record_id": "ARR-1",
        "arrested_on": "2025-03-02",
        "province": "PK-BA",
        "district": "BA-QTA",
        "nationality": "PK",
        "person_record_id": "FIR-001#1",
        **cells,
    }
    path = _arrest_csv(tmp_path / "arrest.csv", [arrest])
    job = import_file(acting_user=customs_officer, path=path, record_type="arrest")
    assert (job.rejected, job.created) == (0, 1), list(job.rejections.values_list("reason"))
    by_seizure, by_arrest = _person_as_stored("ANF"), _person_as_stored("CUSTOMS")
    assert by_seizure == by_arrest
    assert ("cnic", "30000-0000001-1") in by_seizure[7]  # kept: the row did not carry it
    assert ("passport", "AB1234567") in by_seizure[7]
    assert by_seizure[3:6] == ("Lala", "M", datetime.date(1990, 5, 1))
