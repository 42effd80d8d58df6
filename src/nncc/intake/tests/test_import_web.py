"""The import pages end to end: upload, preview, run (immediate task backend), progress,
report, rejects files, history, and who may do what."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.intake.imports.jobs import job_lock
from nncc.intake.models import (
    ImportJob,
    ImportProfile,
    ImportRejection,
    ImportStatus,
    SeizureEvent,
)
from nncc.kernel.access import Role
from nncc.kernel.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-2025"
#: the agency's own headers; "FIR No" reaches agency_record_id through its profile
HEADERS = ["FIR No", "occurred_at", "district", "place_type", "transport_mode", "place"]
HEADERS += ["drug", "quantity", "unit", "Remarks"]


def row(n: int, **changes: str) -> dict[str, str]:
    values = {
        "FIR No": f"WEB-{n:03d}",
        "occurred_at": f"2025-04-{n:02d} 09:15",
        "district": "BA-QTA",
        "place_type": "road",
        "transport_mode": "car",
        "place": "N-25 checkpost",
        "drug": "charas",
        "quantity": f"{n}.5",
        "unit": "kg",
        "Remarks": "",
    }
    values.update(changes)
    return values


def csv_bytes(rows: list[dict[str, str]], headers: list[str] = HEADERS) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


#: five rows; the third is broken, with formula-like cells an attacker might plant
ROWS = [
    row(1),
    row(2),
    row(3, quantity="=1+1", place="@SUM(A1:A9)", Remarks="-2+3"),
    row(4),
    row(5),
]


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def agencies(db: Any) -> dict[str, Any]:
    return {
        "anf": agency_create(acting_user=None, code="ANF", name="ANF", kind="federal"),
        "customs": agency_create(acting_user=None, code="CUS", name="Customs", kind="federal"),
    }


def member(agency: Any, username: str, role: str) -> Any:
    return user_add_to_agency(
        acting_user=None, username=username, password=PASSWORD, agency=agency, roles=[role]
    )


@pytest.fixture
def officer(agencies: dict[str, Any]) -> Any:
    return member(agencies["anf"], "anf.officer", Role.FIELD_OFFICER)


@pytest.fixture
def profile(agencies: dict[str, Any]) -> ImportProfile:
    return ImportProfile.objects.create(
        agency=agencies["anf"], name="ANF register", column_map={"FIR No": "agency_record_id"}
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, content: bytes, name: str = "april.csv", **fields: Any) -> Any:
    data = {"file": SimpleUploadedFile(name, content), "record_type": "seizure", **fields}
    return client.post(reverse("intake:import_upload"), data)


def run_file(client: Client, content: bytes, profile: ImportProfile | None) -> ImportJob:
    """Upload, preview and run a file; the job it made."""
    response = upload(client, content, profile=profile.pk if profile else "")
    assert response.status_code == 302, response.content[:2000]
    preview_url = response["Location"]
    assert client.get(preview_url).status_code == 200
    response = client.post(preview_url)
    assert response.status_code == 302, response.content[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_upload_preview_run_report_and_rejects(officer, profile, data_dir):
    client = signed_in(officer)
    assert client.get(reverse("intake:import_upload")).status_code == 200

    response = upload(client, csv_bytes(ROWS), profile=profile.pk)
    assert response.status_code == 302
    stored = list((data_dir / "imports").rglob("*.csv"))
    assert len(stored) == 1 and stored[0].stem != "april" and len(stored[0].stem) == 64

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    shown = preview.context["preview"]
    assert ("FIR No", "agency_record_id") in shown.headers
    assert shown.unmapped == ["Remarks"]
    assert [r.number for r in shown.rows] == [2, 3, 4, 5, 6]
    judged = {r.number: (r.outcome, r.problems) for r in shown.rows}
    assert judged[2][0] == "created"
    assert judged[4][0] == "rejected" and judged[4][1][0][0] == "quantity"
    assert "=1+1" in preview.content.decode()  # shown as text (the page escapes it)
    assert not SeizureEvent.objects.exists(), "a preview writes nothing"

    run = client.post(response["Location"])
    assert run.status_code == 302
    job = ImportJob.objects.get()
    assert run["Location"] == reverse("intake:import_detail", args=[job.pk])
    assert job.status == ImportStatus.COMPLETED and job.source == "web"
    assert job.task_id and job.file_name == "april.csv" and job.profile == profile
    assert job.counts() == {
        "received": 5,
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert SeizureEvent.objects.filter(agency_record_id__startswith="WEB-").count() == 4
    task_entries = AuditEntry.objects.filter(channel="task", action=AuditAction.CREATE)
    assert task_entries.filter(request_id=job.task_id).exists()

    report = client.get(run["Location"])
    assert report.status_code == 200
    assert report.context["summary"]["adds_up"]
    assert [r.row_number for r in report.context["rejections"]] == [4]
    page = report.content.decode()
    assert "rows/s" in page and 'hx-trigger="every 1s"' not in page  # finished: no polling

    progress = client.get(reverse("intake:import_progress", args=[job.pk]), {"poll": "1"})
    assert progress.status_code == 200 and progress["HX-Refresh"] == "true"

    rejects = client.get(reverse("intake:import_rejects", args=[job.pk, "csv"]))
    assert rejects.status_code == 200
    lines = list(csv.reader(io.StringIO(b"".join(rejects.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == [*HEADERS, "nncc_row", "nncc_problems"]
    assert len(lines) == 2
    cells = dict(zip(lines[0], lines[1], strict=True))
    assert cells["FIR No"] == "WEB-003" and cells["nncc_row"] == "4"
    planted = (cells["quantity"], cells["place"], cells["Remarks"])
    assert planted == ("'=1+1", "'@SUM(A1:A9)", "'-2+3")
    assert cells["nncc_problems"].startswith("quantity: ")

    workbook = client.get(reverse("intake:import_rejects", args=[job.pk, "xlsx"]))
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0] == [*HEADERS, "nncc_row", "nncc_problems"]
    assert values[1][HEADERS.index("quantity")] == "'=1+1"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)

    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT, target_id=str(job.pk))
    assert sorted(e.detail["rejects_file"] for e in exports) == ["csv", "xlsx"]
    assert all(e.target_agency_id == job.agency_id for e in exports)


def test_the_same_file_again_changes_nothing(officer, profile):
    client = signed_in(officer)
    first = run_file(client, csv_bytes(ROWS), profile)
    again = run_file(client, csv_bytes(ROWS), profile)
    assert again.pk == first.pk
    assert (again.created, again.unchanged, again.rejected) == (0, 4, 1)
    assert ImportRejection.objects.filter(job=again).values("row_number").distinct().count() == 1


def test_history_lists_own_agency_jobs_only(officer, profile, agencies):
    mine = run_file(signed_in(officer), csv_bytes(ROWS), profile)
    theirs_officer = member(agencies["customs"], "cus.officer", Role.FIELD_OFFICER)
    theirs = run_file(signed_in(theirs_officer), csv_bytes([row(7)]), None)
    assert theirs.agency == agencies["customs"]

    analyst = member(agencies["anf"], "anf.analyst", Role.ANALYST)
    response = signed_in(analyst).get(reverse("intake:import_list"))
    assert response.status_code == 200
    assert [job.pk for job in response.context["rows"]] == [mine.pk]
    page = response.content.decode()
    assert "april.csv" in page and "anf.officer" in page and "Web upload" in page


def test_another_agency_gets_404_on_every_job_page(officer, profile, agencies):
    job = run_file(signed_in(officer), csv_bytes(ROWS), profile)
    stranger = signed_in(member(agencies["customs"], "cus.supervisor", Role.SUPERVISOR))
    for url in (
        reverse("intake:import_detail", args=[job.pk]),
        reverse("intake:import_progress", args=[job.pk]),
        reverse("intake:import_rejects", args=[job.pk, "csv"]),
        reverse("intake:import_rejects", args=[job.pk, "xlsx"]),
    ):
        assert stranger.get(url).status_code == 404, url
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_upload_token_is_its_uploaders_alone(officer, profile, agencies):
    response = upload(signed_in(officer), csv_bytes(ROWS), profile=profile.pk)
    preview_url = response["Location"]
    colleague = signed_in(member(agencies["anf"], "anf.supervisor", Role.SUPERVISOR))
    stranger = signed_in(member(agencies["customs"], "cus.officer", Role.FIELD_OFFICER))
    for client in (colleague, stranger):
        assert client.get(preview_url).status_code == 404
        assert client.post(preview_url).status_code == 404
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.AUDITOR])
def test_read_only_roles_may_not_upload(agencies, role, data_dir):
    client = signed_in(member(agencies["anf"], "anf.reader", role))
    assert client.get(reverse("intake:import_upload")).status_code == 403
    assert upload(client, csv_bytes(ROWS)).status_code == 403
    assert not (data_dir / "imports").exists()
    assert client.get(reverse("intake:import_list")).status_code == 200


def test_anonymous_is_sent_to_sign_in(data_dir):
    response = upload(Client(), csv_bytes(ROWS))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not (data_dir / "imports").exists()


def test_an_oversized_upload_is_refused_while_it_streams(officer, settings, data_dir):
    settings.NNCC_IMPORT_MAX_BYTES = 10_000
    content = csv_bytes([row(1, Remarks="x" * 200) for _ in range(60)])
    assert len(content) > 10_000
    response = upload(signed_in(officer), content)
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not list(data_dir.rglob("*.csv")) and not list(data_dir.rglob("*.part"))


def test_an_unknown_kind_of_file_is_refused_on_the_form(officer):
    response = upload(signed_in(officer), b"%PDF-1.4", name="april.pdf")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_a_binary_file_renamed_csv_is_refused_in_the_preview(officer):
    client = signed_in(officer)
    response = upload(client, b"PK\x03\x04" + bytes(range(256)) * 8, name="april.csv")
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert preview.context["error"] and preview.context["preview"] is None
    assert "Run import" not in preview.content.decode()


def test_another_agencys_profile_is_not_a_choice(officer, agencies):
    foreign = ImportProfile.objects.create(agency=agencies["customs"], name="theirs")
    response = upload(signed_in(officer), csv_bytes(ROWS), profile=foreign.pk)
    assert response.status_code == 200
    assert "profile" in response.context["form"].errors


def test_the_upload_form_checks_its_csrf_token(officer, data_dir):
    """The upload view sets its size limit before the CSRF check reads the body; the check
    must still run."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert upload(client, csv_bytes(ROWS)).status_code == 403
    assert not (data_dir / "imports").exists()


def test_a_running_job_polls_its_progress(officer, agencies):
    job = ImportJob.objects.create(
        agency=agencies["anf"],
        created_by=officer,
        file_name="big.csv",
        sha256="a" * 64,
        format="csv",
        source="web",
        status=ImportStatus.RUNNING,
        total=1000,
        received=250,
        created=250,
        position=251,
        started_at=timezone.now() - datetime.timedelta(seconds=10),
    )
    client = signed_in(officer)
    with job_lock(job):  # as the run under way holds it
        page = client.get(reverse("intake:import_detail", args=[job.pk])).content.decode()
        assert 'hx-trigger="every 1s"' in page and "25%" in page and "of 1,000 rows" in page
        assert "rows/s" in page and "left" in page
        poll = client.get(reverse("intake:import_progress", args=[job.pk]), {"poll": "1"})
        assert poll.status_code == 200 and "HX-Refresh" not in poll
    # The run is gone while its job says RUNNING: the page reloads to show it interrupted.
    poll = client.get(reverse("intake:import_progress", args=[job.pk]), {"poll": "1"})
    assert poll["HX-Refresh"] == "true" and "Interrupted" in poll.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error="Disk full.")
    poll = client.get(reverse("intake:import_progress", args=[job.pk]), {"poll": "1"})
    assert poll["HX-Refresh"] == "true" and "Disk full." in poll.content.decode()


def test_a_workbook_goes_the_same_way(officer, profile, data_dir):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for values in ROWS:
        sheet.append([values[name] for name in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = signed_in(officer)
    response = upload(client, buffer.getvalue(), name="april.xlsx", profile=profile.pk)
    assert response.status_code == 302
    assert [path.suffix for path in (data_dir / "imports").rglob("*.*")] == [".xlsx"]
    preview = client.get(response["Location"]).context["preview"]
    assert [r.outcome for r in preview.rows].count("created") == 4
    job = ImportJob.objects.get(
        pk=int(client.post(response["Location"])["Location"].split("/")[-2])
    )
    assert (job.format, job.created, job.rejected) == ("xlsx", 4, 1)
