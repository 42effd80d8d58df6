"""Bulk import of seizure rows: counts that add up, idempotence, resume, encodings, broken input.

Files are written to a temporary directory and imported with the service, as the CLI does.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.intake.imports.parsing import detect_encoding, read_csv
from nncc.intake.imports.rows import COLUMNS
from nncc.intake.imports.service import import_file
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
