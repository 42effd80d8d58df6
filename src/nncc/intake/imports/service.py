"""``import_file``: a file of rows into the records, in batches, resumable, audited.

Each batch commits its records, its rejections and the job's counts and position in one
transaction, so a crash at any moment loses no committed row and a re-run of the same file
resumes after the last committed row. Counts always add up:
received = created + updated + unchanged + rejected.

The CLI calls ``import_file`` directly; the web page and the API first ``queue_job`` (so the
job exists with its hash before the background task starts) and the task runs
``import_file(job=...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nncc.agencies.models import Agency
from nncc.intake.imports import jobs
from nncc.intake.imports.jobs import ImportAlreadyRunning, file_sha256
from nncc.intake.imports.parsing import ImportRefused, Row, column_key, count_rows, read_rows
from nncc.intake.imports.record_types import RecordType, record_type_of
from nncc.intake.imports.rows import RowRejected, column_of
from nncc.intake.imports.writing import Written, write_one
from nncc.intake.models import (
    ImportFormat,
    ImportJob,
    ImportProfile,
    ImportRecordType,
    ImportRejection,
    ImportSource,
    ImportStatus,
)
from nncc.kernel.access import require_write

__all__ = [
    "ImportAlreadyRunning",
    "ImportRefused",
    "NotResumable",
    "file_sha256",
    "give_up_job",
    "import_file",
    "queue_job",
    "resume_job",
]

Progress = Callable[[ImportJob], None]
#: rows written and committed together: a larger batch costs less per row (fewer commits,
#: which wait for the disk, and fewer round trips), and holds about 12 MB while it is written
DEFAULT_BATCH_SIZE = 1_000
MAX_BATCH_SIZE = 5_000
Problems = list[tuple[str, str]]
#: called for each row once its batch is committed: row number, outcome (created, updated,
#: unchanged, rejected), the row's record id, and (column, reason) of each problem
OnRow = Callable[[int, str, str, Problems], None]


def _agency_id(acting_user: Any, agency: Agency | str | None) -> int:
    """The agency the import is for: the user's own, whether named or not."""
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    if agency is not None:
        code = agency.code if isinstance(agency, Agency) else str(agency)
        if code.strip().upper() != viewer.agency_code.upper():
            raise PermissionDenied(
                f"You may only import records for your own agency ({viewer.agency_code})."
            )
    return viewer.agency_id


def _record_type(
    agency_id: int, profile: ImportProfile | None, record_type: str | None, format: str
) -> str:
    if format not in ImportFormat.values:
        raise ValueError(f"“{format}” is not an import format; use csv, xlsx or jsonl.")
    if profile is not None and profile.agency_id != agency_id:
        raise PermissionDenied("You may only use your own agency's import profiles.")
    name = record_type or (profile.record_type if profile else ImportRecordType.SEIZURE)
    if profile is not None and profile.record_type != name:
        raise ValueError(
            f"The profile “{profile.name}” maps {profile.record_type} rows, not {name} rows."
        )
    record_type_of(name)  # an unknown type is refused before anything is written
    return name


def queue_job(
    *,
    acting_user: Any,
    path: str | Path,
    format: str,
    profile: ImportProfile | None = None,
    record_type: str | None = None,
    source: str = ImportSource.WEB,
    agency: Agency | str | None = None,
) -> ImportJob:
    """The job of a stored file, QUEUED for a background run of ``import_file(job=...)``.

    The same file queued again is the same job (resumed, or checked again if it completed);
    refused with ``ImportAlreadyRunning`` while a run of it is under way.
    """
    agency_id = _agency_id(acting_user, agency)
    name = _record_type(agency_id, profile, record_type, format)
    path = Path(path)
    fields: dict[str, Any] = {
        "format": format,
        "record_type": name,
        "profile": profile,
        "source": source,
        "stored_file": str(path)[:500],
    }
    job = jobs.job_for_file(acting_user=acting_user, agency_id=agency_id, path=path, **fields)
    return jobs.requeue(job, acting_user=acting_user, **fields)


class NotResumable(Exception):
    """The job cannot be queued again: it is not stopped, or its stored file is gone."""

    def __init__(self, message: str, *, file_missing: bool = False) -> None:
        super().__init__(message)
        self.file_missing = file_missing


def _own_job(acting_user: Any, job: ImportJob) -> None:
    if job.agency_id != _agency_id(acting_user, None):
        raise PermissionDenied("You may only run your own agency's imports.")


def resumable(job: ImportJob) -> bool:
    """Stopped before its end: interrupted (killed, lost) or failed."""
    return job.status == ImportStatus.FAILED or jobs.is_interrupted(job)


def resume_job(*, acting_user: Any, job: ImportJob) -> ImportJob:
    """Queue an interrupted or failed job again on its stored file; its run goes on after the
    last committed row (``import_file`` skips rows up to ``job.position``). Raises
    ``NotResumable`` when the job is not stopped or its file is gone."""
    _own_job(acting_user, job)
    if not resumable(job):
        raise NotResumable("This import is not stopped: it is still queued, running or done.")
    path = Path(job.stored_file) if job.stored_file else None
    if path is None or not path.is_file():
        how = "run the command again" if job.source == ImportSource.CLI else "upload it again"
        raise NotResumable(
            f"The stored file of this import is gone; {how} to finish it (the rows already "
            "imported are not duplicated), or mark this import as failed.",
            file_missing=True,
        )
    return queue_job(
        acting_user=acting_user,
        path=path,
        format=job.format,
        profile=job.profile,
        record_type=job.record_type,
        source=job.source,
    )


def give_up_job(*, acting_user: Any, job: ImportJob, reason: str) -> ImportJob:
    """Mark an interrupted job FAILED (nobody will finish it); its committed rows stay."""
    _own_job(acting_user, job)
    if not jobs.is_interrupted(job):
        raise NotResumable("Only an interrupted import can be marked as failed.")
    with jobs.job_lock(job, wait=0):  # a run that started meanwhile keeps its job
        jobs.fail(job, reason)
    return job


def import_file(
    *,
    acting_user: Any,
    path: str | Path,
    format: str = ImportFormat.CSV,
    agency: Agency | str | None = None,
    profile: ImportProfile | None = None,
    record_type: str | None = None,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    source: str = ImportSource.CLI,
    job: ImportJob | None = None,
    progress: Progress | None = None,
    on_row: OnRow | None = None,
    sha256: str | None = None,
    total: int | None = None,
) -> ImportJob:
    """Import a file of rows for the acting user's agency; returns the job with its counts.

    ``dry_run`` checks every row the same way and writes nothing (the job is not saved and
    its rejections are in ``job.preview_rejections``). ``job`` is a job ``queue_job`` made.
    ``sha256`` and ``total`` are the file's hash and row count when the caller knows them
    already (the API works them out as it stores and checks a body), so the file is not read
    again for them.
    A file refused as a whole raises ``ImportRefused``, a second run of a job under way
    ``ImportAlreadyRunning``; a run that fails leaves the job FAILED with the reason.
    """
    agency_id = _agency_id(acting_user, agency)
    name = _record_type(agency_id, profile, record_type, format)
    path = Path(path)
    fields: dict[str, Any] = {
        "format": format,
        "record_type": name,
        "profile": profile,
        "source": source,
    }
    if dry_run:
        preview = ImportJob(
            agency_id=agency_id, file_name=path.name[:255], started_at=timezone.now(), **fields
        )
        run = _Run(preview, acting_user, name, on_row)
        return _dry_run(run, path, batch_size, progress, total)
    queued = job is not None
    if job is None:
        job = jobs.job_for_file(
            acting_user=acting_user, agency_id=agency_id, path=path, sha256=sha256, **fields
        )
    elif job.agency_id != agency_id:
        raise PermissionDenied("You may only run your own agency's imports.")
    with jobs.job_lock(job):
        job = jobs.start(job, acting_user=acting_user, **fields)
        try:
            if queued and (sha256 or file_sha256(path)) != job.sha256:
                raise ImportRefused("The file changed since the import was queued.")
            if job.total is None:
                job.total = total if total is not None else count_rows(path, format)
                job.save(update_fields=["total"])
            run = _Run(job, acting_user, name, on_row)
            run.batches(_rows(path, format, profile, name), batch_size, progress)
        except ImportRefused as exc:
            jobs.fail(job, str(exc))
            raise
        except Exception as exc:
            jobs.fail(job, f"{type(exc).__name__}: {exc}")
            raise
        job.status, job.finished_at = ImportStatus.COMPLETED, timezone.now()
        job.save(update_fields=["status", "finished_at"])
    return job


def _dry_run(
    run: _Run, path: Path, batch_size: int, progress: Progress | None, total: int | None
) -> ImportJob:
    job = run.job
    job.total = total if total is not None else count_rows(path, job.format)
    # One transaction rolled back at the end, so a record id repeated in the file is judged
    # against the earlier row just as in a real import.
    with transaction.atomic():
        run.batches(_rows(path, job.format, job.profile, job.record_type), batch_size, progress)
        transaction.set_rollback(True)
    job.status, job.finished_at = ImportStatus.COMPLETED, timezone.now()
    return job


def _rows(
    path: Path, format: str, profile: ImportProfile | None, record_type: str
) -> Iterator[tuple[Row, Row]]:
    """Each row as the file has it, beside the same row mapped onto nncc's columns."""
    rows = read_rows(path, format, record_type=record_type)
    if profile is None:
        for row in rows:
            yield row, row
        return
    from nncc.intake.imports.profiles import apply_profile

    sent: dict[int, Row] = {}

    def keep(rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            sent[row.number] = row
            yield row

    for mapped in apply_profile(keep(rows), profile):
        yield sent.pop(mapped.number, mapped), mapped
        sent.clear()  # a row the profile passed over is not kept for ever


def problems_of(exc: Exception, column: Callable[[str], str] = column_of) -> Problems:
    """(column, reason) of each problem of a refused row; ``column`` names the row column a
    service error key is about (each record type has its own columns)."""
    if isinstance(exc, RowRejected):
        return exc.problems
    if isinstance(exc, IntegrityError):
        # Someone wrote the same record id between our check and our write.
        return [("agency_record_id", "Another write of this record id happened meanwhile.")]
    assert isinstance(exc, ValidationError)
    if hasattr(exc, "error_dict"):
        return [
            (column(key), message)
            for key, messages in exc.message_dict.items()
            for message in messages
        ]
    return [("", message) for message in exc.messages]


class _Run:
    def __init__(self, job: ImportJob, acting_user: Any, name: str, on_row: OnRow | None) -> None:
        self.job, self.on_row = job, on_row
        kind: RecordType = record_type_of(name)
        self.reader = kind.reader()
        self.writer = kind.writer(acting_user, job.agency_id)

    def batches(
        self, rows: Iterable[tuple[Row, Row]], batch_size: int, progress: Progress | None
    ) -> None:
        # A batch's record ids are looked up in one query, whose parameters SQLite caps.
        size = min(max(batch_size, 1), MAX_BATCH_SIZE)
        batch: list[tuple[Row, Row]] = []
        for sent, row in rows:
            if row.number <= self.job.position:
                continue  # committed by an earlier, interrupted run of the same file
            batch.append((sent, row))
            if len(batch) >= size:
                self.batch(batch)
                batch = []
                if progress is not None:
                    progress(self.job)
        if batch:
            self.batch(batch)
        if progress is not None:
            progress(self.job)

    def batch(self, rows: list[tuple[Row, Row]]) -> None:
        """Write a batch and its job counts in one transaction; tell ``on_row`` once committed."""
        job = self.job
        with transaction.atomic():
            outcomes = self.outcomes([row for _, row in rows])
            rejections: list[ImportRejection] = []
            for (sent, row), (outcome, problems) in zip(rows, outcomes, strict=True):
                setattr(job, outcome, getattr(job, outcome) + 1)
                if problems:
                    rejections += _rejections(job, sent, row, problems)
            job.received += len(rows)
            job.position = rows[-1][1].number
            if job.pk is None:
                job.preview_rejections += rejections
            else:
                ImportRejection.objects.bulk_create(rejections)
                job.save(update_fields=jobs.COUNTS)
        if self.on_row is not None:
            for (_, row), (outcome, problems) in zip(rows, outcomes, strict=True):
                self.on_row(row.number, outcome, _value(row, "agency_record_id"), problems)

    def outcomes(self, rows: list[Row]) -> list[tuple[str, Problems]]:
        """The outcome of each row and its problems; a row lands whole or not at all."""
        results: list[tuple[str, Problems]] = [("rejected", [])] * len(rows)
        built: list[tuple[int, Any]] = []
        for index, row in enumerate(rows):
            if row.error:
                results[index] = ("rejected", [("", row.error)])
                continue
            try:
                built.append((index, self.reader.build(row.values)))
            except (RowRejected, ValidationError) as exc:
                results[index] = ("rejected", problems_of(exc))
        write_batch = getattr(self.writer, "write_batch", None)
        written: list[Written] = (
            write_batch([data for _, data in built])
            if write_batch is not None
            else [write_one(self.writer, data) for _, data in built]
        )
        for (index, _), result in zip(built, written, strict=True):
            if isinstance(result, Exception):
                results[index] = ("rejected", problems_of(result))
            else:
                results[index] = (str(result), [])
        return results


def _value(row: Row, column: str) -> str:
    value = row.values.get(column)
    if value is None:
        value = next((v for k, v in row.values.items() if column_key(k) == column), "")
    return value


def _rejections(job: ImportJob, sent: Row, row: Row, problems: Problems) -> list[ImportRejection]:
    return [
        ImportRejection(
            job=job,
            row_number=row.number,
            column=column[:80],
            # A row that could not be read has no cells: its text is kept whole instead.
            value=_value(row, column)[:1000] if column else sent.raw or row.raw,
            reason=reason,
            row_values=sent.values,
        )
        for column, reason in problems
    ]
