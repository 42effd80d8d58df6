"""Background work of intake: running a queued import.

The web page stores the upload, queues the job (``imports.service.queue_job``) and enqueues
``run_import``; the task runs the one import service over the stored file as the user who
queued it, with channel "task" and the task's id on every audit entry. The job row carries the
progress (``received``, ``position`` against ``total``), which the progress page polls.

A task that dies (worker killed) leaves the job RUNNING with its committed batches; running the
task again for the same job resumes after the last committed row.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from nncc.intake.imports.service import ImportAlreadyRunning, ImportRefused, import_file
from nncc.intake.imports.uploads import cleanup_uploads
from nncc.intake.models import ImportJob, ImportStatus
from nncc.kernel.tasks import audited_task


@audited_task()
def run_import(*, job_id: int, acting_user: Any) -> dict[str, Any]:
    """Run queued import job ``job_id``; returns its status and counts."""
    job = ImportJob.objects.select_related("profile").filter(pk=job_id).first()
    if job is None:
        return {"status": "missing"}
    if acting_user is None:
        # The user was disabled (or removed) between queueing and running: nobody may act for
        # him, so the job stops here, saying why.
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            error="The user who queued this import can no longer sign in.",
            finished_at=timezone.now(),
        )
        return {"status": ImportStatus.FAILED}
    try:
        job = import_file(
            acting_user=acting_user,
            path=Path(job.stored_file),
            format=job.format,
            profile=job.profile,
            record_type=job.record_type,
            source=job.source,
            job=job,
        )
    except ImportAlreadyRunning:
        # Enqueued twice: the run under way finishes the job; this one leaves it alone.
        return {"status": "already running"}
    except ImportRefused as exc:
        # A refused file is the agency's to fix, not a fault of the worker: import_file has
        # recorded the reason on the job, which the job's page shows.
        return {"status": ImportStatus.FAILED, "error": str(exc)}
    # Any other exception also leaves the job FAILED with its reason (import_file records it)
    # and fails the task, so the worker's log keeps the traceback.
    return {"status": job.status, **job.counts()}


@audited_task()
def cleanup_imports(*, acting_user: Any, older_than_hours: float = 24.0) -> dict[str, Any]:
    """Delete stored uploads no import needs any more (``uploads.cleanup_uploads``); a worker
    may enqueue it when it starts, so abandoned previews do not keep CNICs on disk."""
    removed = cleanup_uploads(older_than=timedelta(hours=older_than_hours))
    return {"deleted": len(removed), "bytes": sum(upload.size for upload in removed)}
