"""Bulk import pages: upload, preview, run in the background, progress, report, history.

The flow: the upload form stores the file under the data directory (by hash, size limit
enforced while it streams in) and remembers it in the user's session; the preview shows the
first rows through the chosen profile with a dry run of each; "Run import" queues the job and
enqueues ``intake.tasks.run_import``; the job's page polls its progress and becomes its report.

Who: uploading, previewing and running need a writer of the agency (``require_write``). Jobs
are read by their own agency only (``selectors.import_jobs``); another agency's job answers
404 on every page and download, as does another user's upload token.
"""

from __future__ import annotations

import io
import secrets
import tempfile
from pathlib import Path
from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nncc.intake import reports, selectors
from nncc.intake.forms.imports import ImportUploadForm
from nncc.intake.imports import jobs
from nncc.intake.imports.parsing import ImportRefused
from nncc.intake.imports.profiles import profiles_visible_to
from nncc.intake.imports.service import (
    ImportAlreadyRunning,
    NotResumable,
    give_up_job,
    queue_job,
    resume_job,
)
from nncc.intake.imports.uploads import (
    SizeLimitHandler,
    UploadTooLarge,
    declared_too_large,
    max_bytes,
    store_upload,
    stored_path,
)
from nncc.intake.models import (
    ImportJob,
    ImportRecordType,
    ImportSource,
    ImportStatus,
)
from nncc.intake.tasks import run_import
from nncc.kernel.access import require_write
from nncc.kernel.audit import audit_read
from nncc.kernel.filtersets import StyledFilterSet
from nncc.kernel.listing import ListSpec, render_list, wants_partial
from nncc.kernel.models import AuditAction

#: where the session keeps the user's uploads awaiting a run, by token
_SESSION_KEY = "nncc_import_uploads"
_SESSION_KEEP = 10
REJECTIONS_PER_PAGE = 50
REJECTS_FORMATS = ("csv", "xlsx")
TARGET_TYPE = "intake.importjob"
UPLOAD_TARGET = "intake.importupload"


# --- upload, preview, run -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@csrf_exempt
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload form. The size limit must be in place before anything reads the body, and
    the CSRF check reads it; so the check runs in ``_upload``, after the handlers are set."""
    require_write(request.user)  # refused before the body is read
    limiter = None
    if request.method == "POST":
        if declared_too_large(request.META):
            return _too_large(request)
        limiter = SizeLimitHandler(request)
        request.upload_handlers = [limiter, TemporaryFileUploadHandler(request)]
    return _upload(request, limiter)


@csrf_protect
def _upload(request: HttpRequest, limiter: SizeLimitHandler | None) -> HttpResponse:
    viewer = require_write(request.user)
    assert viewer.agency_id is not None
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
    )
    if limiter is not None and limiter.exceeded:
        return _too_large(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = store_upload(
                agency_id=viewer.agency_id,
                chunks=upload.chunks(),
                format=form.cleaned_data["format"],
            )
        except UploadTooLarge:
            return _too_large(request)
        profile = form.cleaned_data["profile"]
        token = _remember(
            request,
            {
                "sha256": stored.sha256,
                "format": form.cleaned_data["format"],
                "file_name": Path(upload.name or "upload").name[:255],
                "size": stored.size,
                "record_type": form.cleaned_data["record_type"],
                "profile_id": profile.pk if profile else None,
                "agency_id": viewer.agency_id,
            },
        )
        audit_read(
            actor=request.user,
            action=AuditAction.CREATE,
            target_type=UPLOAD_TARGET,
            target_id=stored.sha256,
            target_label=Path(upload.name or "").name[:300],
            target_agency_id=viewer.agency_id,
            detail={"size": stored.size, "format": form.cleaned_data["format"]},
        )
        return redirect("intake:import_preview", token=token)
    context = {"form": form, "cancel_url": _history_url(), "submit_label": "Upload and preview"}
    return render(request, "intake/import_upload.html", context)


def _too_large(request: HttpRequest) -> HttpResponse:
    context = {
        "form": ImportUploadForm(user=request.user),
        "cancel_url": _history_url(),
        "submit_label": "Upload and preview",
        "refusal": f"The file is larger than {filesizeformat(max_bytes())}; "
        "split it into smaller files.",
    }
    return render(request, "intake/import_upload.html", context, status=413)


def _history_url() -> str:
    return reverse("intake:import_list")


def _remember(request: HttpRequest, upload: dict[str, Any]) -> str:
    uploads = dict(request.session.get(_SESSION_KEY, {}))
    token = secrets.token_urlsafe(16)
    uploads[token] = upload
    # Keep the latest few: an abandoned upload needs no place in the session for ever.
    request.session[_SESSION_KEY] = dict(list(uploads.items())[-_SESSION_KEEP:])
    return token


def _upload_of(request: HttpRequest, token: str) -> tuple[dict[str, Any], Path, Any]:
    """The session's upload under ``token`` with its stored file and profile, or 404 (another
    user's token is not in this session; another agency's file is not in its directory)."""
    viewer = require_write(request.user)
    upload = request.session.get(_SESSION_KEY, {}).get(token)
    if not upload or upload.get("agency_id") != viewer.agency_id:
        raise Http404("No such upload.")
    assert viewer.agency_id is not None  # require_write: a writer belongs to an agency
    path = stored_path(viewer.agency_id, upload["sha256"], upload["format"])
    if path is None:
        raise Http404("No such upload.")
    profile = None
    if upload.get("profile_id"):
        profile = profiles_visible_to(request.user).filter(pk=upload["profile_id"]).first()
        if profile is None:
            raise Http404("The profile of this upload is gone.")
    return upload, path, profile


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the first rows through the profile, each dry-run. POST: run the import."""
    upload, path, profile = _upload_of(request, token)
    if request.method == "POST":
        try:
            job = _queue(request, upload, path, profile)
        except (ValidationError, ImportRefused, ImportAlreadyRunning, ValueError) as exc:
            messages.error(request, " ".join(_messages_of(exc)))
        else:
            request.session[_SESSION_KEY] = {
                key: value
                for key, value in request.session.get(_SESSION_KEY, {}).items()
                if key != token
            }
            return redirect("intake:import_detail", pk=job.pk)
    error = ""
    preview = None
    try:
        preview = reports.preview(
            acting_user=request.user,
            path=path,
            format=upload["format"],
            profile=profile,
            record_type=upload["record_type"],
        )
    except (ImportRefused, ValueError) as exc:
        error = str(exc)
    audit_read(
        actor=request.user,
        action=AuditAction.VIEW,
        target_type=UPLOAD_TARGET,
        target_id=upload["sha256"],
        target_label=upload["file_name"],
        target_agency_id=upload["agency_id"],
        detail={"preview": True},
    )
    context = {
        "upload": upload,
        "profile": profile,
        "record_type_label": ImportRecordType(upload["record_type"]).label,
        "preview": preview,
        "error": error,
        "token": token,
    }
    return render(request, "intake/import_preview.html", context)


def _messages_of(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(message) for message in exc.messages]
    return [str(exc)]


def _queue(request: HttpRequest, upload: dict[str, Any], path: Path, profile: Any) -> ImportJob:
    job = queue_job(
        acting_user=request.user,
        path=path,
        format=upload["format"],
        profile=profile,
        record_type=upload["record_type"],
        source=ImportSource.WEB,
    )
    # The job shows the name the agency gave its file; on disk it is only ever the hash.
    ImportJob.objects.filter(pk=job.pk).update(file_name=upload["file_name"])
    _enqueue(request, job, label=upload["file_name"], detail={"source": "web", "queued": True})
    return job


def _enqueue(request: HttpRequest, job: ImportJob, *, label: str, detail: dict[str, Any]) -> None:
    result = run_import.enqueue(job_id=job.pk, acting_user_id=request.user.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    audit_read(
        actor=request.user,
        action=AuditAction.CREATE if detail.get("queued") else AuditAction.UPDATE,
        target=job,
        target_label=label,
        target_agency_id=job.agency_id,
        detail={**detail, "task_id": str(result.id)},
    )


# --- a job: progress and report -------------------------------------------------------------


def _progress(job: ImportJob, interrupted: bool = False) -> dict[str, Any]:
    end = job.finished_at or timezone.now()
    seconds = max((end - job.started_at).total_seconds(), 0.001) if job.started_at else 0.0
    rate = job.received / seconds if seconds and job.received else 0.0
    percent = None
    eta = None
    if job.total:
        percent = min(100, round(100 * job.received / job.total))
        if rate and job.status == ImportStatus.RUNNING and not interrupted:
            eta = max(job.total - job.received, 0) / rate
    return {
        "percent": percent,
        "rate": rate,
        "eta": eta,
        # An interrupted job is not polled: nothing will move it until someone resumes it.
        "active": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING) and not interrupted,
    }


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job: a live progress bar while it runs, then its report with the rejected rows."""
    job = selectors.import_job(request.user, pk)
    rejections = job.rejections.order_by("row_number", "id")
    page = Paginator(rejections, REJECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    interrupted = jobs.is_interrupted(job)
    context = {
        "job": job,
        "progress": _progress(job, interrupted),
        "interrupted": interrupted,
        "resumable": interrupted or job.status == ImportStatus.FAILED,
        "file_kept": bool(job.stored_file) and Path(job.stored_file).is_file(),
        "summary": reports.summary(job),
        "page": page,
        "rejections": page.object_list,
        "query_without_page": query.urlencode(),
    }
    if wants_partial(request):  # a page of the rejections table
        return render(request, "intake/_import_rejections.html", context)
    audit_read(
        actor=request.user,
        action=AuditAction.VIEW,
        target=job,
        target_agency_id=job.agency_id,
    )
    return render(request, "intake/import_detail.html", context)


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled every second; once the job is over, the page reloads
    to show the report. Not audited per poll: opening the job's page was."""
    job = selectors.import_job(request.user, pk)
    interrupted = jobs.is_interrupted(job)
    progress = _progress(job, interrupted)
    context = {"job": job, "progress": progress, "interrupted": interrupted}
    response = render(request, "intake/_import_progress.html", context)
    if request.GET.get("poll") and not progress["active"]:
        response["HX-Refresh"] = "true"  # the page shows the report, or the Resume button
    return response


@login_required
@require_POST
def import_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue an interrupted (or failed) job again on its stored file: it goes on after its
    last committed row. With ``give_up``, mark an interrupted job failed instead (when its
    stored file is gone and nobody will send it again)."""
    job = selectors.import_job(request.user, pk)  # another agency's job: 404
    require_write(request.user)
    try:
        if request.POST.get("give_up"):
            give_up_job(
                acting_user=request.user,
                job=job,
                reason="Interrupted, and marked as failed by "
                f"{request.user.get_username()}; rows committed before it stopped are kept.",
            )
            audit_read(
                actor=request.user,
                action=AuditAction.UPDATE,
                target=job,
                target_agency_id=job.agency_id,
                detail={"marked_failed": True, "position": job.position},
            )
            messages.success(request, "The import is marked as failed.")
        else:
            position = job.position
            job = resume_job(acting_user=request.user, job=job)
            _enqueue(
                request,
                job,
                label=job.file_name,
                detail={"source": job.source, "resumed": True, "position": position},
            )
    except (NotResumable, ImportAlreadyRunning, ImportRefused, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("intake:import_detail", pk=job.pk)


@login_required
@require_GET
def import_rejects(request: HttpRequest, pk: int, format: str) -> HttpResponseBase:
    """The rejects file (CSV or XLSX): refused rows as sent, with their row and problems."""
    job = selectors.import_job(request.user, pk)
    if format not in REJECTS_FORMATS:
        raise Http404("The rejects file comes as CSV or XLSX.")
    base = Path(job.file_name).stem or "import"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in base)[:80]
    # The file is built on disk, not in memory, and FileResponse closes it once sent.
    handle: Any = tempfile.TemporaryFile()  # noqa: SIM115
    if format == "xlsx":
        written = reports.write_rejects_xlsx(job, handle)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        written = reports.write_rejects_csv(job, text)
        text.flush()
        text.detach()
        content_type = "text/csv; charset=utf-8"
    handle.seek(0)
    audit_read(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=job,
        target_agency_id=job.agency_id,
        detail={"rejects_file": format, "rows": written},
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{safe}-rejected.{format}",
        content_type=content_type,
    )


# --- history --------------------------------------------------------------------------------


class ImportJobFilterSet(StyledFilterSet):
    status = django_filters.ChoiceFilter(choices=ImportStatus.choices)
    source = django_filters.ChoiceFilter(choices=ImportSource.choices)
    record_type = django_filters.ChoiceFilter(
        label="Rows", choices=[(value, value.title()) for value in ImportRecordType.values]
    )

    class Meta:
        model = ImportJob
        fields: list[str] = []


IMPORT_LIST = ListSpec(
    template="intake/import_list.html",
    results_template="intake/_import_results.html",
    filterset_class=ImportJobFilterSet,
    sort_fields={"started": "started_at", "received": "received", "rejected": "rejected"},
    default_sort="-started",
    target_type=TARGET_TYPE,
)


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    """The agency's imports, newest first: status, counts, who, when, from where."""
    visible = selectors.import_jobs(request.user)
    # Few jobs are ever RUNNING or QUEUED at once; each is probed for a run holding it.
    candidates = visible.filter(status__in=[ImportStatus.RUNNING, ImportStatus.QUEUED])[:200]
    interrupted = {job.pk for job in candidates if jobs.is_interrupted(job)}
    return render_list(request, IMPORT_LIST, visible, {"interrupted": interrupted})
