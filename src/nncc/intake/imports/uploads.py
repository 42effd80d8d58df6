"""Uploaded import files, kept under the data directory by content hash.

A file sent through the web page or the API is written to
``DATA_DIR/imports/<agency id>/<sha256>.<format>``: never under the sender's own file name (which
could climb out of the directory or clash with another file), and the same content always lands
in the same place, as the import job is keyed by agency and hash too.

The size limit (``settings.NNCC_IMPORT_MAX_BYTES``, read by ``parsing.max_bytes``) is enforced
while the bytes stream in, so an oversized upload is refused before it fills the disk:
``SizeLimitHandler`` stops Django's multipart parser, and ``store_upload`` stops copying any
other stream.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from nncc.intake.imports.parsing import max_bytes

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
    partial = directory / f".upload-{uuid.uuid4().hex}.part"
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
