"""Uploaded import files, kept under the data directory by content hash.

A file sent through the web page or the API is written to
``DATA_DIR/imports/<agency id>/<sha256>.<format>``: never under the sender's own file name (which
could climb out of the directory or clash with another file), and the same content always lands
in the same place, as the import job is keyed by agency and hash too.

The size limit (``settings.NNCC_IMPORT_MAX_BYTES``, read by ``parsing.max_bytes``) is enforced
while the bytes stream in, so an oversized upload is refused before it fills the disk:
``SizeLimitHandler`` stops Django's multipart parser, and ``store_upload`` stops copying any
other stream.

A stored file holds CNICs and phone numbers, so it is kept only while an import may need it:
``cleanup_uploads`` (``nncc manage imports_cleanup``, and the ``intake.tasks.cleanup_imports``
task) deletes, once older than a day, the uploads no import was run on (a preview left open),
the files of finished jobs (completed or failed: their rejected rows are kept whole in
``ImportRejection.row_values``, and sending the file again resumes a failed job), and half-written
uploads. Files of jobs QUEUED or RUNNING, interrupted ones included, are kept for their resume.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.utils import timezone

from nncc.intake.imports.parsing import max_bytes
from nncc.intake.models import ImportJob, ImportStatus
from nncc.kernel.audit import audit_log
from nncc.kernel.models import AuditAction

#: how long a stored upload is kept at least (a preview left open over lunch is still there)
DEFAULT_KEEP = datetime.timedelta(hours=24)
UPLOAD_TARGET = "intake.importupload"
_PARTIAL_PREFIX = ".upload-"

#: room for the other fields of a multipart form beside the file, when checking its length
_FORM_OVERHEAD = 64 * 1024


class UploadTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The file is larger than the limit of {limit / 1024 / 1024:,.0f} MB; "
            "split it into smaller files."
        )
        self.limit = limit


def declared_too_large(meta: Any, limit: int | None = None) -> bool:
    """True when the request announces a body beyond any file the limit allows."""
    limit = max_bytes() if limit is None else limit
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit + _FORM_OVERHEAD


class SizeLimitHandler(FileUploadHandler):
    """First of a request's upload handlers: counts each file's bytes as they arrive and stops
    the upload past the limit; the view then reads ``exceeded`` and answers with the reason."""

    def __init__(self, request: Any = None, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = max_bytes() if limit is None else limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            # The rest of the body is bounded by its Content-Length, so reading it out
            # (connection_reset=False) lets the error page reach the browser.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@dataclass(frozen=True)
class StoredUpload:
    path: Path
    sha256: str
    size: int


def upload_dir(agency_id: int) -> Path:
    return Path(settings.DATA_DIR) / "imports" / str(int(agency_id))


def store_upload(
    *, agency_id: int, chunks: Iterable[bytes], format: str, limit: int | None = None
) -> StoredUpload:
    """Copy an upload into the agency's import directory; refuse it past the size limit.

    The bytes go to a temporary name first and are renamed once complete, so a half-written
    file never sits under a hash it does not have.
    """
    limit = max_bytes() if limit is None else limit
    directory = upload_dir(agency_id)
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f"{_PARTIAL_PREFIX}{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("wb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise UploadTooLarge(limit)
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        sha256 = digest.hexdigest()
        extension = "".join(c for c in format.lower() if c.isalnum()) or "bin"
        final = directory / f"{sha256}.{extension}"
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return StoredUpload(path=final, sha256=sha256, size=size)


def stored_path(agency_id: int, sha256: str, format: str) -> Path | None:
    """The stored file of an agency with this hash and format, if there is one."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        return None
    extension = "".join(c for c in format.lower() if c.isalnum())
    path = upload_dir(agency_id) / f"{sha256}.{extension}"
    return path if path.is_file() else None


@dataclass(frozen=True)
class RemovedUpload:
    path: Path
    agency_id: int
    size: int
    #: why it could go: "never imported", "import completed", "import failed", "partial"
    reason: str
    job_id: int | None = None


def cleanup_uploads(
    *, older_than: datetime.timedelta = DEFAULT_KEEP, now: datetime.datetime | None = None
) -> list[RemovedUpload]:
    """Delete stored uploads no import needs any more, older than ``older_than``; one audit
    entry per file deleted (by the system, on the caller's channel)."""
    cutoff = (now or timezone.now()) - older_than
    root = Path(settings.DATA_DIR) / "imports"
    removed: list[RemovedUpload] = []
    if not root.is_dir():
        return removed
    for directory in sorted(root.iterdir()):
        if not directory.is_dir() or not directory.name.isdigit():
            continue
        agency_id = int(directory.name)
        for path in sorted(directory.iterdir()):
            found = _removable(path, agency_id, cutoff)
            if found is not None:
                _remove(found)
                removed.append(found)
    return removed


def _removable(path: Path, agency_id: int, cutoff: datetime.datetime) -> RemovedUpload | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    modified = datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.UTC)
    if not path.is_file() or modified >= cutoff:
        return None
    if path.name.startswith(_PARTIAL_PREFIX):
        # Left by a process killed while it copied an upload in.
        return RemovedUpload(path, agency_id, stat.st_size, "partial")
    job = (
        ImportJob.objects.filter(agency_id=agency_id, sha256=path.name.split(".", 1)[0])
        .only("pk", "status", "finished_at")
        .first()
    )
    if job is None:
        return RemovedUpload(path, agency_id, stat.st_size, "never imported")
    if job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return None  # under way, or interrupted and waiting to be resumed on this file
    if job.finished_at is not None and job.finished_at >= cutoff:
        return None
    return RemovedUpload(path, agency_id, stat.st_size, f"import {job.status}", job.pk)


def _remove(upload: RemovedUpload) -> None:
    with transaction.atomic():
        upload.path.unlink(missing_ok=True)
        audit_log(
            actor=None,
            action=AuditAction.DELETE,
            target_type=UPLOAD_TARGET,
            target_id=upload.path.name.split(".", 1)[0][:64],
            target_label=upload.path.name,
            target_agency_id=upload.agency_id,
            detail={"reason": upload.reason, "size": upload.size, "job": upload.job_id},
        )
