"""Import jobs that outlive their run: a killed run is shown as interrupted, and its agency's
writer resumes it on the stored file (or marks it failed when the file is gone)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nncc.intake.imports import jobs
from nncc.intake.imports.service import import_file, queue_job
from nncc.intake.models import ImportJob, ImportProfile, ImportStatus, SeizureEvent
from nncc.intake.tests.test_import_web import (
    agencies,  # noqa: F401 - fixtures
    csv_bytes,
    data_dir,  # noqa: F401
    member,
    officer,  # noqa: F401
    profile,  # noqa: F401
    row,
    run_file,
    signed_in,
    upload,
)
from nncc.kernel.access import Role
from nncc.kernel.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

#: seven rows, the fourth refused (a quantity that is no number)
ROWS = [row(n) for n in (1, 2, 3)] + [row(4, quantity="lots")] + [row(n) for n in (5, 6, 7)]


class Killed(BaseException):
    """Stands for kill -9: nothing in the import catches it, so the job stays RUNNING."""


def killed_job(client: Client, user: Any, mapping: ImportProfile) -> ImportJob:
    """Upload the file, then run it in batches of two and kill the run after its first batch."""
    assert upload(client, csv_bytes(ROWS), profile=mapping.pk).status_code == 302
    [stored] = _data().rglob("*.csv")
    job = queue_job(
        acting_user=user, path=stored, format="csv", profile=mapping, record_type="seizure"
    )

    def kill(job: ImportJob) -> None:
        raise Killed

    with pytest.raises(Killed):
        import_file(
            acting_user=user,
            path=stored,
            format="csv",
            profile=mapping,
            record_type="seizure",
            source="web",
            job=job,
            batch_size=2,
            progress=kill,
        )
    job.refresh_from_db()
    return job


def _data() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR)


def test_a_killed_run_is_interrupted_and_resumes_to_the_counts_of_one_run(
    officer,  # noqa: F811
    profile,  # noqa: F811
    agencies,  # noqa: F811
):
    client = signed_in(officer)
    job = killed_job(client, officer, profile)
    assert job.status == ImportStatus.RUNNING and job.position == 3  # rows 2 and 3 committed
    assert jobs.is_interrupted(job) and not jobs.is_running(job)

    page = client.get(reverse("intake:import_detail", args=[job.pk])).content.decode()
    assert "Interrupted" in page and "interrupted after 2 rows" in page
    assert reverse("intake:import_resume", args=[job.pk]) in page
    assert "hx-trigger" not in page  # nothing to poll: nothing is running it
    assert "Interrupted" in client.get(reverse("intake:import_list")).content.decode()
    api = client.get(f"/api/imports/{job.pk}/").json()
    assert api["status"] == "running" and api["interrupted"] is True

    response = client.post(reverse("intake:import_resume", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    # The same counts as one uninterrupted run of the same file by another agency.
    customs = member(agencies["customs"], "cus.officer", Role.FIELD_OFFICER)
    customs_profile = ImportProfile.objects.create(
        agency=agencies["customs"], name="register", column_map={"FIR No": "agency_record_id"}
    )
    straight = run_file(signed_in(customs), csv_bytes(ROWS), customs_profile)
    assert straight.status == job.status == ImportStatus.COMPLETED
    assert (
        job.counts()
        == straight.counts()
        == {
            "received": 7,
            "created": 6,
            "updated": 0,
            "unchanged": 0,
            "rejected": 1,
        }
    )
    assert SeizureEvent.objects.filter(agency=agencies["anf"]).count() == 6
    assert list(job.rejections.values_list("row_number", flat=True)) == [5]
    assert not jobs.is_interrupted(job)
    resumed = AuditEntry.objects.get(
        action=AuditAction.UPDATE, target_id=str(job.pk), actor=officer
    )
    assert resumed.detail["resumed"] is True and resumed.detail["position"] == 3


def test_only_the_agencys_writers_resume_and_only_with_the_csrf_token(
    officer,  # noqa: F811
    profile,  # noqa: F811
    agencies,  # noqa: F811
):
    job = killed_job(signed_in(officer), officer, profile)
    url = reverse("intake:import_resume", args=[job.pk])
    analyst = member(agencies["anf"], "anf.analyst", Role.ANALYST)
    assert signed_in(analyst).post(url).status_code == 403
    stranger = member(agencies["customs"], "cus.super", Role.SUPERVISOR)
    assert signed_in(stranger).post(url).status_code == 404
    assert Client().post(url).status_code == 302  # to sign in
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(officer)
    assert guarded.post(url).status_code == 403
    assert signed_in(officer).get(url).status_code == 405
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.received == 2


def test_a_job_a_run_holds_is_not_interrupted_and_cannot_be_resumed(
    officer,  # noqa: F811
    profile,  # noqa: F811
):
    client = signed_in(officer)
    job = killed_job(client, officer, profile)
    with jobs.job_lock(job):
        assert jobs.is_running(job) and not jobs.is_interrupted(job)
        page = client.get(reverse("intake:import_detail", args=[job.pk])).content.decode()
        assert "Interrupted" not in page and "hx-trigger" in page
        response = client.post(reverse("intake:import_resume", args=[job.pk]), follow=True)
        assert "not stopped" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.received == 2


def test_without_its_stored_file_it_says_so_and_may_be_marked_failed(
    officer,  # noqa: F811
    profile,  # noqa: F811
):
    client = signed_in(officer)
    job = killed_job(client, officer, profile)
    Path(job.stored_file).unlink()
    url = reverse("intake:import_resume", args=[job.pk])
    page = client.get(reverse("intake:import_detail", args=[job.pk])).content.decode()
    assert "stored file of this import is gone" in page and "Mark as failed" in page
    response = client.post(url, follow=True)
    assert "stored file of this import is gone" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    client.post(url, {"give_up": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "marked as failed" in job.error
    assert job.received == 2  # the committed rows stay
    assert not jobs.is_interrupted(job)


def test_a_long_queued_job_nobody_runs_is_interrupted(officer, profile):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    client = signed_in(officer)
    assert upload(client, csv_bytes(ROWS), profile=profile.pk).status_code == 302
    [stored] = _data().rglob("*.csv")
    job = queue_job(
        acting_user=officer, path=stored, format="csv", profile=profile, record_type="seizure"
    )
    assert not jobs.is_interrupted(job)  # just queued: its task may still come
    job.started_at = timezone.now() - jobs.QUEUED_GRACE - timedelta(minutes=1)
    job.save()
    assert jobs.is_interrupted(job)
    client.post(reverse("intake:import_resume", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.COMPLETED and job.received == 7
