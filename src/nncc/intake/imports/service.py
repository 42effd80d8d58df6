"""``import_file``: a file of seizure rows into the records, in batches, resumable, audited.

Each batch commits its records, its rejections and the job's counts and position in one
transaction, so a crash at any moment loses no committed row and a re-run of the same file
resumes after the last committed row. Counts always add up:
received = created + updated + unchanged + rejected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nncc.intake.imports.parsing import Row, read_rows
from nncc.intake.imports.rows import RowReader, RowRejected, column_of
from nncc.intake.imports.writing import RowWriter
from nncc.intake.models import ImportFormat, ImportJob, ImportRejection, ImportStatus
from nncc.kernel.access import require_write

Progress = Callable[[ImportJob], None]
_COUNTS = ["received", "created", "updated", "unchanged", "rejected", "position"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _open_job(*, acting_user: Any, agency_id: int, path: Path, format: str, dry_run: bool) -> Any:
    """The job of this file: resumed if it stopped, started afresh if it completed before."""
    sha256 = file_sha256(path)
    fresh = ImportJob(
        agency_id=agency_id,
        created_by=acting_user,
        file_name=path.name[:255],
        sha256=sha256,
        format=format,
        started_at=timezone.now(),
    )
    if dry_run:
        return fresh  # never saved: a dry run leaves no trace but its answer
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update().filter(agency_id=agency_id, sha256=sha256).first()
        )
        if job is None:
            fresh.save()
            return fresh
        if job.status == ImportStatus.COMPLETED:
            # Sent again after it finished: check every row again (they come out unchanged).
            job.rejections.all().delete()
            for name in _COUNTS:
                setattr(job, name, 0)
            job.started_at, job.finished_at = timezone.now(), None
        job.status, job.error, job.created_by = ImportStatus.RUNNING, "", acting_user
        job.save()
        return job


def _rejections(job: ImportJob, row: Row, problems: Iterable[tuple[str, str]]) -> list[Any]:
    return [
        ImportRejection(
            job=job,
            row_number=row.number,
            column=column[:80],
            value=row.values.get(column, "")[:1000],
            reason=reason,
        )
        for column, reason in problems
    ]


def _problems_of(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            (column_of(key), message)
            for key, messages in exc.message_dict.items()
            for message in messages
        ]
    return [("", message) for message in exc.messages]


class _Run:
    def __init__(self, job: ImportJob, acting_user: Any, dry_run: bool) -> None:
        self.job, self.dry_run = job, dry_run
        self.reader = RowReader()
        self.writer = RowWriter(acting_user, job.agency_id)

    def row(self, row: Row) -> tuple[str, list[Any]]:
        """The outcome of one row and its rejections; the row lands whole or not at all."""
        if row.error:
            return "rejected", _rejections(self.job, row, [("", row.error)])
        try:
            data = self.reader.build(row.values)
            with transaction.atomic():
                return str(self.writer.write(data)), []
        except RowRejected as exc:
            problems = exc.problems
        except ValidationError as exc:
            problems = _problems_of(exc)
        except IntegrityError:
            # Someone wrote the same record id between our check and our write.
            problems = [("agency_record_id", "Another write of this record id happened meanwhile.")]
        return "rejected", _rejections(self.job, row, problems)

    def batch(self, rows: list[Row]) -> None:
        job = self.job
        with transaction.atomic():
            rejections: list[Any] = []
            for row in rows:
                outcome, refused = self.row(row)
                setattr(job, outcome, getattr(job, outcome) + 1)
                rejections += refused
            job.received += len(rows)
            job.position = rows[-1].number
            if self.dry_run:
                job.preview_rejections += rejections
            else:
                ImportRejection.objects.bulk_create(rejections)
                job.save(update_fields=_COUNTS)


def import_file(
    *,
    acting_user: Any,
    path: str | Path,
    format: str = ImportFormat.CSV,
    dry_run: bool = False,
    batch_size: int = 500,
    progress: Progress | None = None,
) -> ImportJob:
    """Import a file of seizure rows for the acting user's agency; returns the job with counts.

    ``dry_run`` validates every row the same way and writes nothing (the job is not saved and
    its rejections are in ``job.preview_rejections``).
    """
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    if format not in ImportFormat.values:
        raise ValueError(f"Unknown import format {format!r}; use csv or jsonl.")
    path = Path(path)
    job = _open_job(
        acting_user=acting_user,
        agency_id=viewer.agency_id,
        path=path,
        format=format,
        dry_run=dry_run,
    )
    run = _Run(job, acting_user, dry_run)
    try:
        if dry_run:
            # One transaction rolled back at the end, so a record id repeated in the file is
            # judged against the earlier row just as in a real import.
            with transaction.atomic():
                _run_batches(run, read_rows(path, format), batch_size, progress)
                transaction.set_rollback(True)
        else:
            # No outer transaction: each batch must commit on its own to survive a crash.
            _run_batches(run, read_rows(path, format), batch_size, progress)
    except Exception as exc:
        if not dry_run:
            job.refresh_from_db()  # the counts of the batch that failed were never committed
            job.status, job.error = ImportStatus.FAILED, f"{type(exc).__name__}: {exc}"[:4000]
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
        raise
    job.status, job.finished_at = ImportStatus.COMPLETED, timezone.now()
    if not dry_run:
        job.save(update_fields=["status", "finished_at"])
    return job


def _run_batches(
    run: _Run, rows: Iterable[Row], batch_size: int, progress: Progress | None
) -> None:
    batch: list[Row] = []
    for row in rows:
        if row.number <= run.job.position:
            continue  # committed by an earlier, interrupted run of the same file
        batch.append(row)
        if len(batch) >= max(batch_size, 1):
            run.batch(batch)
            batch = []
            if progress is not None:
                progress(run.job)
    if batch:
        run.batch(batch)
    if progress is not None:
        progress(run.job)
