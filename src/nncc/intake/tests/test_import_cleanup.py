"""Stored uploads no import needs are deleted after a day (``nncc manage imports_cleanup``);
those of queued, running or interrupted jobs stay for their resume."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.utils import timezone

from nncc.cli import main
from nncc.intake.imports import jobs
from nncc.intake.imports.service import import_file, queue_job
from nncc.intake.imports.uploads import store_upload, upload_dir
from nncc.intake.models import ImportJob, ImportStatus
from nncc.intake.tasks import cleanup_imports
from nncc.intake.tests.test_import_web import (
    agencies,  # noqa: F401 - fixtures
    csv_bytes,
    data_dir,  # noqa: F401
    officer,  # noqa: F401
    row,
)
from nncc.kernel.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Django's command line closes the database connections when a command ends, which on
    PostgreSQL would end the test's transaction (and a committing test would flush the
    reference data other tests need): the connection is left open instead."""
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


HEADERS = ["agency_record_id", "occurred_at", "district", "place_type", "transport_mode"]
HEADERS += ["place", "drug", "quantity", "unit"]


def content(*numbers: int) -> bytes:
    rows = [row(n) for n in numbers]
    for values in rows:
        values["agency_record_id"] = values.pop("FIR No")
        values.pop("Remarks")
    return csv_bytes(rows, HEADERS)


def stored(user: Any, data: bytes) -> Path:
    return store_upload(
        agency_id=user.memberships.first().agency_id, chunks=[data], format="csv"
    ).path


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


class Killed(BaseException):
    pass


@pytest.fixture
def files(officer: Any) -> dict[str, Path]:  # noqa: F811
    """One stored file in each state, all two days old but ``fresh``."""
    found = {
        "never_run": stored(officer, content(1)),
        "completed": stored(officer, content(2)),
        "queued": stored(officer, content(3)),
        "interrupted": stored(officer, content(4, 5, 6)),
        "fresh": stored(officer, content(7)),
    }
    done = queue_job(acting_user=officer, path=found["completed"], format="csv")
    import_file(acting_user=officer, path=found["completed"], job=done, source="web")
    ImportJob.objects.filter(pk=done.pk).update(finished_at=timezone.now() - timedelta(days=2))
    queue_job(acting_user=officer, path=found["queued"], format="csv")
    killed = queue_job(acting_user=officer, path=found["interrupted"], format="csv")

    def kill(job: ImportJob) -> None:
        raise Killed

    with pytest.raises(Killed):
        import_file(
            acting_user=officer,
            path=found["interrupted"],
            job=killed,
            source="web",
            batch_size=1,
            progress=kill,
        )
    killed.refresh_from_db()
    assert jobs.is_interrupted(killed)
    partial = upload_dir(officer.memberships.first().agency_id) / ".upload-dead.part"
    partial.write_bytes(b"agency_record_id\n")
    found["partial"] = partial
    for name, path in found.items():
        if name != "fresh":
            age(path, 48)
    return found


def test_the_command_deletes_what_no_import_needs_and_audits_each_file(files):
    result = CliRunner().invoke(main, ["manage", "imports_cleanup"])
    assert result.exit_code == 0, result.output
    assert "3 file(s) deleted" in result.output
    left = {name for name, path in files.items() if path.exists()}
    assert left == {"queued", "interrupted", "fresh"}
    entries = AuditEntry.objects.filter(
        action=AuditAction.DELETE, target_type="intake.importupload"
    )
    assert sorted(entry.detail["reason"] for entry in entries) == [
        "import completed",
        "never imported",
        "partial",
    ]
    assert set(entries.values_list("channel", flat=True)) == {"cli"}
    assert all(entry.target_agency_id for entry in entries)

    result = CliRunner().invoke(main, ["manage", "imports_cleanup", "--older-than", "0"])
    assert result.exit_code == 0, result.output
    assert {name for name, path in files.items() if path.exists()} == {"queued", "interrupted"}


def test_a_job_finished_within_the_day_keeps_its_file(files):
    job = ImportJob.objects.get(status=ImportStatus.COMPLETED)
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now())
    CliRunner().invoke(main, ["manage", "imports_cleanup"])
    assert files["completed"].exists() and not files["never_run"].exists()


def test_the_task_cleans_up_on_the_task_channel(files):
    cleanup_imports.enqueue(older_than_hours=24)
    assert not files["never_run"].exists() and files["interrupted"].exists()
    channels = AuditEntry.objects.filter(
        action=AuditAction.DELETE, target_type="intake.importupload"
    ).values_list("channel", flat=True)
    assert set(channels) == {"task"}


def test_a_negative_age_is_refused():
    result = CliRunner().invoke(main, ["manage", "imports_cleanup", "--older-than", "-1"])
    assert result.exit_code != 0
