"""The bulk import endpoint: JSON lines in, one result per row out.

``POST /api/imports/`` takes a JSON-lines body (``application/x-ndjson`` or
``application/jsonl``: one JSON object per line, the columns of the import template) or a
multipart file (``file``: CSV, XLSX or JSON lines), with ``record_type``, ``profile`` (a
profile name of the caller's agency) and ``dry_run`` as query parameters (or form fields). It
runs the one import service synchronously and answers with the job's counts and each row's
outcome, so an agency's script knows exactly which lines to fix. A body of more than
``SYNC_MAX_ROWS`` rows is refused with 413: large files go through the web upload, which runs
in the background with progress.

A line that is not a JSON object is a rejected row with its reason (the line's text kept as the
rejection's ``value``), not a failed request; a body that is not JSON-lines text at all is a 400.

A body is keyed, like a file, by the agency and its SHA-256: posting the same body again is the
same job, never a second one. A job that completed is checked again from its first row (rows
already written answer "unchanged", the job's counts and rejected rows become those of this
check), so a client may safely re-send a body it is unsure about. A job whose run was killed
(``interrupted`` in its detail) resumes after its last committed row (``position``) when the same
body is posted again: there is no separate resume call, since the body is not kept on disk.
Jobs are read by their own agency only (``selectors.import_jobs``): another agency's job answers
404. Every call is audited.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from nncc.intake import selectors
from nncc.intake.api.import_serializers import (
    ImportJobSerializer,
    ImportRejectionSerializer,
    ImportResultSerializer,
    ImportUploadSerializer,
    RejectionPageSerializer,
)
from nncc.intake.imports.parsing import (
    ImportRefused,
    check_head,
    check_size,
    count_rows,
    detect_format,
)
from nncc.intake.imports.profiles import profiles_visible_to
from nncc.intake.imports.service import ImportAlreadyRunning, import_file
from nncc.intake.imports.uploads import (
    SizeLimitHandler,
    UploadTooLarge,
    declared_too_large,
    max_bytes,
    store_upload,
)
from nncc.intake.models import (
    ImportJob,
    ImportProfile,
    ImportRecordType,
    ImportRejection,
    ImportSource,
)
from nncc.kernel.access import require_write
from nncc.kernel.api import DetailBodySerializer, ErrorDocumentingSchema
from nncc.kernel.audit import audit_read
from nncc.kernel.models import AuditAction

#: the most rows one synchronous request may carry; larger files go through the web upload
SYNC_MAX_ROWS = 10_000
_CHUNK = 1 << 16
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


class JSONLinesParser(BaseParser):
    """Hands the raw body on: the view copies it to disk under the size limit, never into
    memory whole."""

    media_type = "application/x-ndjson"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        return stream


class JSONLParser(JSONLinesParser):
    media_type = "application/jsonl"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The same body is being imported by another request; retry later."
    default_code = "conflict"


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The body is too large."
    default_code = "too_large"


# --- the endpoint ---------------------------------------------------------------------------

_PARAMETERS = [
    OpenApiParameter(
        "record_type",
        str,
        enum=ImportRecordType.values,
        description="what each row is (default seizure)",
    ),
    OpenApiParameter("profile", str, description="name of one of your agency's column profiles"),
    OpenApiParameter("dry_run", bool, description="check every row, write nothing"),
]


class ImportJobViewSet(viewsets.GenericViewSet):
    """Bulk imports of the caller's agency: run one (``POST``), list them, read one and its
    rejected rows. Another agency's import answers 404."""

    serializer_class = ImportJobSerializer
    parser_classes = [JSONLinesParser, JSONLParser, MultiPartParser]
    ordering_fields = ["started_at", "id"]
    schema = ErrorDocumentingSchema()

    def get_queryset(self) -> QuerySet[ImportJob]:
        return selectors.import_jobs(self.request.user)

    def list(self, request: Request) -> Response:
        jobs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(jobs)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        audit_read(
            actor=request.user,
            action=AuditAction.SEARCH,
            target_type="intake.importjob",
            detail={"params": dict(request.query_params.items()), "results": jobs.count()},
        )
        return response

    def retrieve(self, request: Request, pk: str) -> Response:
        job = selectors.import_job(request.user, pk)
        audit_read(actor=request.user, action=AuditAction.VIEW, target=job, **_owner(job))
        return Response(self.get_serializer(job).data)

    @extend_schema(responses={200: RejectionPageSerializer}, filters=False)
    @action(detail=True, methods=["get"])
    def rejections(self, request: Request, pk: str) -> Response:
        """The rejected rows of a job: row, column, value, reason and the row as sent."""
        job = selectors.import_job(request.user, pk)
        paginator = self.paginator
        assert paginator is not None
        rejections = job.rejections.order_by("row_number", "id")
        page = paginator.paginate_queryset(rejections, request, view=self)
        data = ImportRejectionSerializer(page, many=True).data
        audit_read(
            actor=request.user,
            action=AuditAction.VIEW,
            target=job,
            detail={"rejections": request.query_params.get("page", "1")},
            **_owner(job),
        )
        return paginator.get_paginated_response(data)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "create":
            # Before anything parses the body: a writer only, and a size limit on the stream.
            require_write(request.user)
            if declared_too_large(request.META):
                raise TooLarge(_too_large_message())
            self.limiter = SizeLimitHandler(request._request)
            # A session-authenticated call has had its form read by the CSRF check already
            # (to disk past a small size); its file is then held to the limit when stored.
            if not hasattr(request._request, "_files"):
                request._request.upload_handlers = [
                    self.limiter,
                    TemporaryFileUploadHandler(request._request),
                ]

    @extend_schema(
        request={
            "application/x-ndjson": OpenApiTypes.STR,
            "application/jsonl": OpenApiTypes.STR,
            "multipart/form-data": ImportUploadSerializer,
        },
        parameters=_PARAMETERS,
        responses={
            200: ImportResultSerializer,
            201: ImportResultSerializer,
            409: OpenApiResponse(DetailBodySerializer, description="the same body is running"),
            413: OpenApiResponse(DetailBodySerializer, description="more rows than allowed"),
        },
        filters=False,
    )
    def create(self, request: Request) -> Response:
        """Import JSON lines (or a file) for your agency; answers each row's outcome.

        Idempotent by content: the same body (same bytes) sent again by your agency is the same
        job. Completed, it is checked again and its rows answer "unchanged"; interrupted, it
        resumes after the job's ``position``. Its rejected rows are those of the latest check.
        """
        viewer = require_write(request.user)
        assert viewer.agency_id is not None
        params = _params(request)  # a multipart body is parsed here, under the size limit
        if self.limiter.exceeded:
            raise TooLarge(_too_large_message())
        record_type = params.get("record_type") or ImportRecordType.SEIZURE
        if record_type not in ImportRecordType.values:
            raise exceptions.ValidationError(
                {"record_type": [f"Use one of {', '.join(ImportRecordType.values)}."]}
            )
        dry_run = _boolean(params.get("dry_run", ""), "dry_run")
        profile = _profile(request, params.get("profile", ""), record_type)
        file_name, format, chunks = _body(request)
        try:
            stored = store_upload(agency_id=viewer.agency_id, chunks=chunks, format=format)
        except UploadTooLarge as exc:
            raise TooLarge(str(exc)) from exc
        try:
            rows = _check_body(stored.path, format)
            return self._run(
                request,
                _Body(stored.path, file_name, format, stored.sha256, rows),
                profile,
                record_type,
                dry_run,
            )
        finally:
            # A synchronous import is over when it answers (a re-post stores the body again);
            # the body holds CNICs and phones, so it is not kept on disk.
            stored.path.unlink(missing_ok=True)

    def _run(
        self,
        request: Request,
        body: _Body,
        profile: ImportProfile | None,
        record_type: str,
        dry_run: bool,
    ) -> Response:
        file_name = body.file_name
        results: list[dict[str, Any]] = []

        def on_row(number: int, outcome: Any, record_id: Any, problems: Any) -> None:
            results.append(
                {
                    "row": number,
                    "outcome": str(outcome),
                    "record_id": record_id or None,
                    "problems": [_problem(p) for p in problems or []],
                }
            )

        try:
            job = import_file(
                acting_user=request.user,
                path=body.path,
                format=body.format,
                profile=profile,
                record_type=record_type,
                dry_run=dry_run,
                source=ImportSource.API,
                on_row=on_row,
                # Known from storing and checking the body: it is read once more, to import.
                sha256=body.sha256,
                total=body.rows,
            )
        except ImportRefused as exc:
            raise exceptions.ValidationError({"body": [str(exc)]}) from exc
        except ValueError as exc:  # e.g. a file half imported as another record type
            raise exceptions.ValidationError({"record_type": [str(exc)]}) from exc
        except ImportAlreadyRunning as exc:
            raise Conflict(str(exc)) from exc
        if not dry_run and job.pk:
            ImportJob.objects.filter(pk=job.pk).update(file_name=file_name)
            job.file_name = file_name
        audit_read(
            actor=request.user,
            action=AuditAction.VIEW if dry_run else AuditAction.CREATE,
            target_type="intake.importjob",
            target_id=job.pk or "",
            target_label=file_name,
            target_agency_id=job.agency_id,
            detail={"source": "api", "dry_run": dry_run, **job.counts()},
        )
        body = {
            "job": ImportJobSerializer(job).data,
            "dry_run": dry_run,
            "results": results,
        }
        created = not dry_run and job.created > 0
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@dataclass(frozen=True)
class _Body:
    """A stored request body, with what storing and checking it found out."""

    path: Path
    file_name: str
    format: str
    sha256: str
    rows: int | None


def _owner(job: ImportJob) -> dict[str, Any]:
    # A job has no handling code; its entries belong to its agency, whose auditors read them.
    return {"target_agency_id": job.agency_id}


def _too_large_message() -> str:
    return (
        f"The body is larger than {max_bytes():,} bytes. Send large files through the web "
        "upload (Imports → Import a file), which runs them in the background."
    )


def _params(request: Request) -> dict[str, str]:
    params = {key: str(value) for key, value in request.query_params.items()}
    form = request.data
    if request.content_type.startswith("multipart/form-data") and isinstance(form, Mapping):
        for key in ("record_type", "profile", "dry_run"):
            value = form.get(key)
            if isinstance(value, str):
                params.setdefault(key, value)
    return params


def _boolean(text: str, name: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise exceptions.ValidationError({name: ["Use true or false."]})


def _profile(request: Request, name: str, record_type: str) -> ImportProfile | None:
    if not name:
        return None
    profile = profiles_visible_to(request.user).filter(name=name[:80]).first()
    if profile is None:
        raise exceptions.ValidationError({"profile": ["Your agency has no profile of this name."]})
    if profile.record_type != record_type:
        raise exceptions.ValidationError({"profile": ["This profile is for another kind of rows."]})
    return profile


def _body(request: Request) -> tuple[str, str, Iterator[bytes]]:
    """The body's file name, format and bytes, from a multipart file or the raw JSON lines."""
    if request.content_type.startswith("multipart/form-data"):
        upload = request.data.get("file") if hasattr(request.data, "get") else None
        if upload is None or isinstance(upload, str):
            raise exceptions.ValidationError({"file": ["Send the rows as a file named “file”."]})
        try:
            format = detect_format(upload.name or "")
        except ImportRefused as exc:
            raise exceptions.ValidationError({"file": [str(exc)]}) from exc
        return (upload.name or "upload")[:255], format, iter(upload.chunks())
    stream = request.data
    if not hasattr(stream, "read"):
        raise exceptions.ValidationError(
            {"body": ["The body is empty; send one JSON object per line."]}
        )
    return "api-request.jsonl", "jsonl", iter(lambda: stream.read(_CHUNK), b"")


def _check_body(path: Path, format: str) -> int | None:
    """The body's row count; a body that is not rows at all is a 400, one with too many rows
    a 413. JSON lines are checked (text, UTF-8) and counted in one reading."""
    try:
        rows = _jsonl_rows(path) if format == "jsonl" else count_rows(path, format)
    except ImportRefused as exc:
        raise exceptions.ValidationError({"body": [str(exc)]}) from exc
    if rows == 0:
        raise exceptions.ValidationError({"body": ["The body has no rows."]})
    if rows is not None and rows > SYNC_MAX_ROWS:
        raise TooLarge(
            f"The body has {rows:,} rows; one request may carry at most {SYNC_MAX_ROWS:,}. "
            "Split it, or send the file through the web upload (Imports → Import a file), "
            "which runs it in the background."
        )
    return rows


def _jsonl_rows(path: Path) -> int:
    """The rows of a JSON-lines body (its lines that are not blank, as ``count_rows`` counts
    them), refused unless it is text (``check_text``) and UTF-8 throughout; in one reading."""
    check_size(path)
    decoder = codecs.getincrementaldecoder("utf-8")()
    head, rows = b"", 0
    with path.open("rb") as handle:
        try:
            # A line ends at a newline byte, which is never inside a UTF-8 character, so
            # decoding line by line is decoding the whole body.
            for line in handle:
                if len(head) < _CHUNK:
                    head += line[: _CHUNK - len(head)]
                    if len(head) == _CHUNK:
                        check_head(head, "utf-8-sig")
                decoder.decode(line)
                if line.strip():
                    rows += 1
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            if len(head) < _CHUNK:  # a binary file is refused as one first
                handle.seek(0)
                check_head(handle.read(_CHUNK), "utf-8-sig")
            raise ImportRefused(
                f"The body is not UTF-8 text (byte {exc.start} of a line cannot be read)."
            ) from exc
    if len(head) < _CHUNK:
        check_head(head, "utf-8-sig")
    return rows


def _problem(problem: Any) -> dict[str, str]:
    if isinstance(problem, ImportRejection):
        return {"column": problem.column, "reason": problem.reason}
    if isinstance(problem, dict):
        return {"column": str(problem.get("column", "")), "reason": str(problem.get("reason", ""))}
    column, reason = problem
    return {"column": str(column), "reason": str(reason)}
