"""Import jobs: the durable record of one file's import, and who may run it when.

A job is keyed by agency and file hash, so the same file sent again is the same job: it resumes
where an interrupted run stopped, or (once completed) is checked again from the start.

Only one run of a job at a time. Its status cannot say so (a run killed with kill -9 leaves it
RUNNING), so a run holds a lock that dies with its process: a PostgreSQL advisory lock (held by
the database session, released when the connection drops), or on SQLite, whose writers all run
on one machine, a lock on a byte of a lock file beside the database (released by the operating
system when the process ends). A second run meanwhile is refused with ``ImportAlreadyRunning``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from nncc.intake.models import ImportJob, ImportRecordType, ImportStatus

COUNTS = ["received", "created", "updated", "unchanged", "rejected", "position"]
#: the first key of the advisory locks of import jobs (the second is the job's id)
_LOCK_NAMESPACE = 0x6E6E6363
#: how long a run waits for the lock of a job another run holds (it may be just ending)
LOCK_WAIT_SECONDS = 3.0
#: a job QUEUED this long that no run holds was lost on its way to a worker (a task queue
#: emptied, a worker that never started): it counts as interrupted
QUEUED_GRACE = timedelta(minutes=15)


class ImportAlreadyRunning(Exception):
    """Another run of the same import job is under way."""

    def __init__(self, job: ImportJob) -> None:
        super().__init__(
            f"Import job {job.pk} ({job.file_name}) is already running; wait for it to finish "
            "or fail, then run it again to resume."
        )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _restart(job: ImportJob) -> None:
    """A completed job sent again: every row is checked again (they come out unchanged)."""
    job.rejections.all().delete()
    for name in COUNTS:
        setattr(job, name, 0)
    job.total, job.started_at, job.finished_at = None, timezone.now(), None


def job_for_file(
    *, acting_user: Any, agency_id: int, path: Path, sha256: str | None = None, **fields: Any
) -> ImportJob:
    """The job of this file for the agency, made QUEUED if there is none yet; ``sha256`` is the
    file's hash when the caller has it already (worked out as the file was stored)."""
    job, _ = ImportJob.objects.get_or_create(
        agency_id=agency_id,
        sha256=sha256 or file_sha256(path),
        defaults={
            "created_by": acting_user,
            "file_name": path.name[:255],
            "status": ImportStatus.QUEUED,
            "started_at": timezone.now(),
            **fields,
        },
    )
    return job


def requeue(job: ImportJob, *, acting_user: Any, **fields: Any) -> ImportJob:
    """Mark a job QUEUED for a new run (restarted if it had completed); refused while a run
    of it is under way."""
    with job_lock(job), transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status == ImportStatus.COMPLETED:
            _restart(job)
        _check_same_kind(job, fields)
        for name, value in fields.items():
            setattr(job, name, value)
        job.status, job.error, job.created_by = ImportStatus.QUEUED, "", acting_user
        # The time it was queued: a job left QUEUED long after it is taken as lost.
        job.started_at = timezone.now()
        job.save()
    return job


def start(job: ImportJob, *, acting_user: Any, **fields: Any) -> ImportJob:
    """Mark a job RUNNING for this run (the caller holds its lock): a completed job starts
    again from the first row, any other resumes after its last committed row."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status == ImportStatus.COMPLETED:
            _restart(job)
        _check_same_kind(job, fields)
        for name, value in fields.items():
            setattr(job, name, value)
        job.status, job.error, job.created_by = ImportStatus.RUNNING, "", acting_user
        job.finished_at = None
        job.save()
    return job


def _check_same_kind(job: ImportJob, fields: dict[str, Any]) -> None:
    # Rows already committed were read as one record type; the rest must be read the same way.
    record_type = fields.get("record_type", job.record_type)
    if job.position and record_type != job.record_type:
        raise ValueError(
            f"This file was being imported as {ImportRecordType(job.record_type).label.lower()}"
            f" rows (up to row {job.position}); import it as the same type to finish it."
        )


def fail(job: ImportJob, message: str) -> None:
    """Record why a run stopped; counts and position stay those of the last committed batch."""
    job.refresh_from_db()
    job.status, job.error, job.finished_at = ImportStatus.FAILED, message[:4000], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def is_running(job: ImportJob) -> bool:
    """True when a run of ``job`` holds its lock now (probed without waiting)."""
    try:
        with job_lock(job, wait=0):
            return False
    except ImportAlreadyRunning:
        return True


def is_interrupted(job: ImportJob) -> bool:
    """A job whose status says a run is under way or coming, but no run holds it: its process
    was killed (RUNNING), or its task was lost (QUEUED for longer than ``QUEUED_GRACE``)."""
    if job.status == ImportStatus.RUNNING:
        return not is_running(job)
    if job.status == ImportStatus.QUEUED:
        stale = job.started_at is None or job.started_at < timezone.now() - QUEUED_GRACE
        return stale and not is_running(job)
    return False


# --- one run at a time ----------------------------------------------------------------------

_running: set[int] = set()  # jobs run by this process (threads of a web or task worker)
_running_guard = threading.Lock()


@contextlib.contextmanager
def job_lock(job: ImportJob, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the run lock of ``job`` or raise ``ImportAlreadyRunning``."""
    with _running_guard:
        if job.pk in _running:
            raise ImportAlreadyRunning(job)
        _running.add(job.pk)
    try:
        with _database_lock(job, wait):
            yield
    finally:
        with _running_guard:
            _running.discard(job.pk)


def _database_lock(job: ImportJob, wait: float) -> contextlib.AbstractContextManager[None]:
    if connection.vendor == "postgresql":
        return _advisory_lock(job, wait)
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and name and "memory" not in name and name != ":memory:":
        return _file_lock(Path(f"{name}.import-locks"), job, wait)
    return contextlib.nullcontext()


def _poll(take: Any, job: ImportJob, wait: float) -> None:
    deadline = time.monotonic() + wait
    while not take():
        if time.monotonic() >= deadline:
            raise ImportAlreadyRunning(job)
        time.sleep(0.1)


@contextlib.contextmanager
def _advisory_lock(job: ImportJob, wait: float) -> Iterator[None]:
    key = [_LOCK_NAMESPACE, job.pk % 2**31]

    def take() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
            return bool(cursor.fetchone()[0])

    _poll(take, job, wait)
    try:
        yield
    finally:
        # A connection lost meanwhile took the lock with it.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


#: the lock file's descriptor of this process, by path and process id: closing any descriptor
#: of a file drops every lock the process holds on it, so one stays open and each lock is
#: released byte by byte (a forked child opens its own, as it inherits no locks)
_lock_files: dict[tuple[str, int], int] = {}


def _lock_descriptor(path: Path) -> int:
    key = (str(path), os.getpid())
    with _running_guard:
        if key not in _lock_files:
            _lock_files[key] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        return _lock_files[key]


@contextlib.contextmanager
def _file_lock(path: Path, job: ImportJob, wait: float) -> Iterator[None]:
    import fcntl

    descriptor = _lock_descriptor(path)

    def take() -> bool:
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, job.pk)
        except OSError:
            return False
        return True

    _poll(take, job, wait)
    try:
        yield
    finally:
        fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, job.pk)
