"""The permission matrix of bulk imports: every persona against each page and endpoint.

An import job, and the rows it refused, belong to the agency that sent the file: its members
read them (whatever their role), nobody else does, the centre included, since refused rows never
became records with a handling code. Writers upload for their own agency. Who may do what is
written out below as literal tables, not computed by the access code under test.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from nncc.intake.models import ImportJob, ImportRejection, ImportStatus
from nncc.kernel.models import AuditAction, AuditEntry
from nncc.kernel.testing import (
    Outcome,
    PermissionMatrix,
    Persona,
    World,
    api_client,
    assert_api_answer,
    assert_ui_answer,
    ui_client,
)
from nncc.kernel.testing.clients import rows_of

#: who reads the import jobs of each agency: its own members, nobody else
JOB_READERS: dict[str, frozenset[str]] = {
    "owner": frozenset(
        {
            "owner_analyst",
            "owner_auditor",
            "owner_field_officer",
            "owner_supervisor",
            "owner_agency_admin",
        }
    ),
    "other": frozenset({"other_analyst", "other_supervisor"}),
    "centre": frozenset({"centre_analyst", "centre_auditor"}),
}
#: who may upload a file (each for his own agency)
UPLOADERS = frozenset(
    {"owner_field_officer", "owner_supervisor", "owner_agency_admin", "other_supervisor"}
)

#: arguments that make each route's URL, to tell whether it exists yet
ROUTE_ARGS: dict[str, list[Any]] = {
    "intake:import_list": [],
    "intake:import_upload": [],
    "intake:import_preview": ["token"],
    "intake:import_detail": [1],
    "intake:import_progress": [1],
    "intake:import_rejects": [1, "csv"],
    "intake:import_resume": [1],
    "import-list": [],
    "import-detail": [1],
    "import-rejections": [1],
}
_numbers = itertools.count(1)
HEADER = "agency_record_id,occurred_at,district,place_type,transport_mode,drug,quantity,unit"


def csv_file(name: str = "matrix.csv") -> SimpleUploadedFile:
    line = f"MX-IMP-{next(_numbers)},2025-05-01 10:00,BA-QTA,road,car,charas,1.5,kg"
    return SimpleUploadedFile(name, f"{HEADER}\r\n{line}\r\n".encode())


def read_outcome(persona: Persona, variant: str) -> Outcome:
    if not persona.signed_in:
        return Outcome.LOGIN
    return Outcome.OK if persona.name in JOB_READERS[variant] else Outcome.NOT_FOUND


def upload_outcome(persona: Persona) -> Outcome:
    if not persona.signed_in:
        return Outcome.LOGIN
    return Outcome.OK if persona.name in UPLOADERS else Outcome.FORBIDDEN


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


class ImportJobMatrix(PermissionMatrix):
    """A finished job of each agency (owner, other, centre), with one refused row."""

    model = ImportJob
    route_list: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def variants(cls) -> tuple[str, ...]:
        return ("owner", "other", "centre")

    def route_names(self) -> list[str]:
        return list(self.route_list)

    def missing_route(self) -> str | None:
        for name in self.route_names():
            try:
                reverse(name, args=ROUTE_ARGS[name])
            except NoReverseMatch:
                return f"endpoint not built yet: {name}"
        return None

    def make_job(self, world: World, key: str) -> ImportJob:
        number = next(_numbers)
        job = ImportJob.objects.create(
            agency=world.agency(key),
            created_by=world.clerk(world.agency(key)),
            file_name=f"{key}-{number}.csv",
            sha256=hashlib.sha256(f"{key}{number}".encode()).hexdigest(),
            format="csv",
            source="web",
            status=ImportStatus.COMPLETED,
            received=2,
            created=1,
            rejected=1,
            position=3,
            started_at=timezone.now(),
            finished_at=timezone.now(),
        )
        ImportRejection.objects.create(
            job=job,
            row_number=3,
            column="quantity",
            value="lots",
            reason="“lots” is not a number.",
            row_values={"FIR": f"{key}-secret", "quantity": "lots"},
        )
        return job

    def jobs(self, world: World) -> dict[str, ImportJob]:
        return {key: self.make_job(world, key) for key in self.variants()}


class TestImportHistoryAndReports(ImportJobMatrix):
    route_list = (
        "intake:import_list",
        "intake:import_detail",
        "intake:import_progress",
        "intake:import_rejects",
    )
    shapes: ClassVar[dict[str, str]] = {"test_list": "persona"}

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        jobs = self.jobs(world)
        response = ui_client(world.user(persona)).get(reverse("intake:import_list"))
        if not persona.signed_in:
            assert_ui_answer(response, Outcome.LOGIN, persona)
            return
        assert response.status_code == 200
        shown = {job.pk for job in response.context["rows"]}
        listed = {key for key, job in jobs.items() if job.pk in shown}
        expected = {key for key, readers in JOB_READERS.items() if persona.name in readers}
        assert listed == expected, f"{persona} lists {sorted(listed)}"

    def test_job_pages(self, world: World, persona: Persona, variant: str) -> None:
        job = self.jobs(world)[variant]
        client = ui_client(world.user(persona))
        expected = read_outcome(persona, variant)
        for url in (
            reverse("intake:import_detail", args=[job.pk]),
            reverse("intake:import_progress", args=[job.pk]),
            reverse("intake:import_rejects", args=[job.pk, "csv"]),
            reverse("intake:import_rejects", args=[job.pk, "xlsx"]),
        ):
            response = client.get(url)
            assert_ui_answer(response, expected, persona)
            if expected is Outcome.OK and url.endswith(".csv"):
                content = b"".join(response.streaming_content).decode("utf-8-sig")
                assert f"{variant}-secret" in content
        exported = AuditEntry.objects.filter(action=AuditAction.EXPORT, target_id=str(job.pk))
        assert exported.count() == (2 if expected is Outcome.OK else 0)


class TestImportUpload(ImportJobMatrix):
    route_list = ("intake:import_upload", "intake:import_preview")
    shapes: ClassVar[dict[str, str]] = {
        "test_upload_form": "persona",
        "test_upload": "persona",
        "test_preview_of_another_upload": "persona",
    }

    def test_upload_form(self, world: World, persona: Persona, variant: None) -> None:
        response = ui_client(world.user(persona)).get(reverse("intake:import_upload"))
        assert_ui_answer(response, upload_outcome(persona), persona)

    def test_upload(self, world: World, persona: Persona, variant: None) -> None:
        response = ui_client(world.user(persona)).post(
            reverse("intake:import_upload"), {"file": csv_file(), "record_type": "seizure"}
        )
        expected = upload_outcome(persona)
        assert_ui_answer(response, expected, persona)
        stored = list(Path(django_settings.DATA_DIR).rglob("*.csv"))
        if expected is Outcome.OK:
            agency = world.agency(persona.agency)
            assert [path.parent.name for path in stored] == [str(agency.pk)]
        else:
            assert stored == [], f"{persona}: a refused upload was stored"

    def test_preview_of_another_upload(self, world: World, persona: Persona, variant: None) -> None:
        """A preview token lives in its uploader's session: nobody else may preview or run it."""
        uploader = ui_client(world.clerk(world.owner))
        response = uploader.post(
            reverse("intake:import_upload"), {"file": csv_file(), "record_type": "seizure"}
        )
        assert response.status_code == 302
        preview_url = response["Location"]
        assert uploader.get(preview_url).status_code == 200
        expected = upload_outcome(persona)
        if expected is Outcome.OK:
            expected = Outcome.NOT_FOUND  # a writer, but not of this upload
        client = ui_client(world.user(persona))
        assert_ui_answer(client.get(preview_url), expected, persona)
        assert_ui_answer(client.post(preview_url), expected, persona)
        assert not ImportJob.objects.exists()


class TestImportResume(ImportJobMatrix):
    """Resuming an interrupted job, or marking it failed, is a write of its own agency's
    writers: its readers without a write role get 403, everybody else 404."""

    route_list = ("intake:import_resume",)

    def test_mark_failed(self, world: World, persona: Persona, variant: str) -> None:
        job = self.jobs(world)[variant]
        # Killed mid-run: RUNNING, no run holds it, and its stored file is gone.
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, finished_at=None)
        expected = read_outcome(persona, variant)
        if expected is Outcome.OK and persona.name not in UPLOADERS:
            expected = Outcome.FORBIDDEN
        client = ui_client(world.user(persona))
        url = reverse("intake:import_resume", args=[job.pk])
        # Without its file the job cannot be resumed: the answer says so, nothing changes.
        assert_ui_answer(client.post(url), expected, persona)
        job.refresh_from_db()
        assert job.status == ImportStatus.RUNNING
        assert_ui_answer(client.post(url, {"give_up": "1"}), expected, persona)
        job.refresh_from_db()
        if expected is Outcome.OK:
            assert job.status == ImportStatus.FAILED
            assert AuditEntry.objects.filter(
                action=AuditAction.UPDATE, target_id=str(job.pk), actor=world.user(persona)
            ).exists()
        else:
            assert job.status == ImportStatus.RUNNING, f"{persona} changed another's job"


# --- the API ------------------------------------------------------------------------------


class TestImportAPI(ImportJobMatrix):
    route_list = ("import-list", "import-detail", "import-rejections")
    shapes: ClassVar[dict[str, str]] = {"test_list": "persona", "test_create": "persona"}

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        jobs = self.jobs(world)
        response = api_client(world.user(persona)).get("/api/imports/")
        expected = Outcome.OK if persona.signed_in else Outcome.LOGIN
        assert_api_answer(response, expected, persona)
        if expected is Outcome.OK:
            shown = {row["id"] for row in rows_of(response)}
            listed = {key for key, job in jobs.items() if job.pk in shown}
            readable = {key for key, readers in JOB_READERS.items() if persona.name in readers}
            assert listed == readable, f"{persona} lists {sorted(listed)}"

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        job = self.jobs(world)[variant]
        client = api_client(world.user(persona))
        expected = read_outcome(persona, variant)
        for path in (f"/api/imports/{job.pk}/", f"/api/imports/{job.pk}/rejections/"):
            response = client.get(path)
            assert_api_answer(response, expected, persona)
        if expected is Outcome.OK:
            assert response.json()["results"][0]["row_values"]["FIR"] == f"{variant}-secret"

    def test_create(self, world: World, persona: Persona, variant: None) -> None:
        number = next(_numbers)
        line = (
            f'{{"agency_record_id": "MX-API-{number}", "occurred_at": "2025-05-01 10:00", '
            '"district": "BA-QTA", "place_type": "road", "transport_mode": "car", '
            '"drug": "charas", "quantity": "2", "unit": "kg"}\n'
        )
        # A client naming another agency or owner gets its own agency regardless.
        response = api_client(world.user(persona)).post(
            f"/api/imports/?agency={world.centre.pk}&created_by=1",
            data=line.encode(),
            content_type="application/x-ndjson",
        )
        expected = upload_outcome(persona)
        assert_api_answer(response, expected, persona, success=201)
        if expected is Outcome.OK:
            job = ImportJob.objects.get(pk=response.json()["job"]["id"])
            assert job.agency == world.agency(persona.agency)
            assert job.created_by == world.user(persona)
        else:
            assert not ImportJob.objects.exists()
