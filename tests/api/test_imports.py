"""The bulk import endpoint: JSON lines over real HTTP, per-row results, limits, bad bodies,
and the caller's jobs (other agencies' answer 404)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nncc.intake.api import imports as imports_api
from nncc.intake.models import ImportJob, ImportProfile, SeizureEvent
from nncc.kernel.models import AuditAction, AuditEntry

from .helpers import counts

NDJSON = "application/x-ndjson"


def line(n: int, **changes: Any) -> str:
    values = {
        "agency_record_id": f"API-{n:03d}",
        "occurred_at": "2025-06-01 08:00",
        "district": "BA-QTA",
        "place_type": "road",
        "transport_mode": "car",
        "drug": "charas",
        "quantity": f"{n}.25",
        "unit": "kg",
        **changes,
    }
    return json.dumps(values, ensure_ascii=False)


#: three good lines, one that is not JSON, one with a bad quantity, a blank line between
BODY = "\n".join(
    [line(1), line(2), "{not json", "", line(4, quantity="lots"), line(5, place="=cmd()")]
)


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def token_header(user: Any) -> dict[str, str]:
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


# --- over real HTTP ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_json_lines_over_http_answer_each_row(world, live_server):
    url = f"{live_server.url}/api/imports/"
    headers = {**token_header(world.officer), "Content-Type": NDJSON}
    response = requests.post(url, data=BODY.encode(), headers=headers, timeout=60)
    assert response.status_code == 201, response.text
    answer = response.json()
    results = {row["row"]: row for row in answer["results"]}
    assert sorted(results) == [1, 2, 3, 5, 6]
    assert results[1] == {"row": 1, "outcome": "created", "record_id": "API-001", "problems": []}
    assert results[3]["outcome"] == "rejected" and "JSON" in results[3]["problems"][0]["reason"]
    assert results[5]["outcome"] == "rejected"
    assert results[5]["problems"][0]["column"] == "quantity"
    assert results[6]["outcome"] == "created"
    job = answer["job"]
    assert (job["received"], job["created"], job["rejected"]) == (5, 3, 2)
    assert job["source"] == "api" and job["status"] == "completed" and job["agency"] == "ANF"
    assert SeizureEvent.objects.filter(agency_record_id__startswith="API-").count() == 3

    again = requests.post(url, data=BODY.encode(), headers=headers, timeout=60)
    assert again.status_code == 200, again.text
    assert again.json()["job"]["id"] == job["id"]
    assert {row["outcome"] for row in again.json()["results"]} == {"unchanged", "rejected"}
    assert SeizureEvent.objects.filter(agency_record_id__startswith="API-").count() == 3


@pytest.mark.django_db(transaction=True)
def test_an_oversized_body_is_413_over_http(world, live_server, settings):
    settings.NNCC_IMPORT_MAX_BYTES = 1000
    body = "\n".join(line(n) for n in range(1, 400)).encode()
    before = counts()
    response = requests.post(
        f"{live_server.url}/api/imports/",
        data=body,
        headers={**token_header(world.officer), "Content-Type": NDJSON},
        timeout=60,
    )
    assert response.status_code == 413
    assert "web upload" in response.json()["detail"]
    assert counts() == before and not ImportJob.objects.exists()


# --- through the test client ---------------------------------------------------------------


@pytest.mark.django_db
def test_more_rows_than_a_request_may_carry_is_413(world, api, monkeypatch):
    monkeypatch.setattr(imports_api, "SYNC_MAX_ROWS", 3)
    body = "\n".join(line(n) for n in range(1, 5))
    response = api(world.officer).post("/api/imports/", body, content_type=NDJSON)
    assert response.status_code == 413
    assert "at most 3" in response.json()["detail"] and "web upload" in response.json()["detail"]
    assert not ImportJob.objects.exists() and not SeizureEvent.objects.exists()


MALFORMED = {
    "empty": (b"", NDJSON, "body"),
    "not UTF-8": (b'{"agency_record_id": "\xff\xfe"}\n', NDJSON, "body"),
    "an image": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), NDJSON, "body"),
    "NUL bytes throughout": (b"\x00" * 500, NDJSON, "body"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "content_type", "key"), MALFORMED.values(), ids=MALFORMED)
def test_a_malformed_body_is_400(world, api, body, content_type, key):
    before = counts()
    response = api(world.officer).post("/api/imports/", body, content_type=content_type)
    assert response.status_code == 400, response.content
    assert response.json()[key]
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("record_type=vehicle", "record_type"),
        ("dry_run=perhaps", "dry_run"),
        ("profile=nobody's", "profile"),
    ],
)
def test_bad_parameters_are_400(world, api, query, key):
    response = api(world.officer).post(f"/api/imports/?{query}", line(1), content_type=NDJSON)
    assert response.status_code == 400
    assert key in response.json()
    assert not SeizureEvent.objects.exists()


@pytest.mark.django_db
def test_an_unsupported_content_type_is_415(world, api):
    response = api(world.officer).post("/api/imports/", line(1), content_type="text/plain")
    assert response.status_code == 415


@pytest.mark.django_db
def test_dry_run_writes_nothing(world, api):
    before = counts()
    response = api(world.officer).post("/api/imports/?dry_run=true", BODY, content_type=NDJSON)
    assert response.status_code == 200
    answer = response.json()
    assert answer["dry_run"] is True and answer["job"]["id"] is None
    assert [r["outcome"] for r in answer["results"]].count("created") == 3
    assert not ImportJob.objects.exists() and not SeizureEvent.objects.exists()
    after = counts()
    assert {k: v for k, v in after.items() if k != "AuditEntry"} == {
        k: v for k, v in before.items() if k != "AuditEntry"
    }


@pytest.mark.django_db
def test_jsonl_content_type_and_a_profile(world, api):
    ImportProfile.objects.create(
        agency=world.anf,
        name="scripts",
        column_map={"fir": "agency_record_id"},
        value_map={"drug": {"HSH": "hashish"}},
    )
    body = json.dumps({**json.loads(line(9)), "fir": "API-FIR-9", "drug": "HSH"})
    body = body.replace('"agency_record_id": "API-009", ', "")
    response = api(world.officer).post(
        "/api/imports/?profile=scripts", body, content_type="application/jsonl"
    )
    assert response.status_code == 201, response.json()
    event = SeizureEvent.objects.get(agency_record_id="API-FIR-9")
    assert event.drug_lines.get().reported_term.lower() == "hashish"


@pytest.mark.django_db
def test_a_multipart_csv_file(world, api):
    csv_text = (
        "agency_record_id,occurred_at,district,place_type,transport_mode,drug,quantity,unit\r\n"
        "API-CSV-1,2025-06-02 09:00,BA-QTA,road,car,charas,3,kg\r\n"
    )
    upload = SimpleUploadedFile("june.csv", csv_text.encode())
    response = api(world.officer).post(
        "/api/imports/", {"file": upload, "dry_run": "false"}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["job"]["file_name"] == "june.csv"
    assert SeizureEvent.objects.filter(agency_record_id="API-CSV-1").exists()


@pytest.mark.django_db
def test_who_may_post(world, api):
    assert api(None).post("/api/imports/", line(1), content_type=NDJSON).status_code == 401
    response = api(world.analyst).post("/api/imports/", line(1), content_type=NDJSON)
    assert response.status_code == 403
    assert not SeizureEvent.objects.exists()


@pytest.mark.django_db
def test_jobs_are_read_by_their_agency_alone_and_audited(world, api):
    posted = api(world.officer).post("/api/imports/", BODY, content_type=NDJSON).json()
    job_id = posted["job"]["id"]
    theirs = api(world.customs_officer).post("/api/imports/", line(8), content_type=NDJSON)
    assert theirs.status_code == 201

    reader = api(world.analyst)
    listed = reader.get("/api/imports/").json()
    assert [job["id"] for job in listed["results"]] == [job_id]
    detail = reader.get(f"/api/imports/{job_id}/")
    assert detail.status_code == 200 and detail.json()["rejected"] == 2
    rejections = reader.get(f"/api/imports/{job_id}/rejections/").json()
    assert rejections["count"] == 2
    assert [r["row_number"] for r in rejections["results"]] == [3, 5]
    assert rejections["results"][1]["row_values"]["quantity"] == "lots"

    for outsider in (world.customs_officer, world.centre_analyst):
        client = api(outsider)
        assert client.get(f"/api/imports/{job_id}/").status_code == 404
        assert client.get(f"/api/imports/{job_id}/rejections/").status_code == 404
        assert job_id not in [job["id"] for job in client.get("/api/imports/").json()["results"]]

    entries = AuditEntry.objects.filter(actor=world.analyst, target_type="intake.importjob")
    assert entries.filter(action=AuditAction.SEARCH).count() == 1
    assert entries.filter(action=AuditAction.VIEW, target_id=str(job_id)).count() == 2
    assert AuditEntry.objects.filter(
        actor=world.officer, action=AuditAction.CREATE, target_type="intake.importjob"
    ).exists()


@pytest.mark.django_db
def test_an_oversized_multipart_file_is_stopped_while_it_streams(world, api, settings):
    settings.NNCC_IMPORT_MAX_BYTES = 200
    content = "\n".join(line(n) for n in range(1, 6)).encode()
    assert len(content) > 200
    upload = SimpleUploadedFile("big.jsonl", content)
    response = api(world.officer).post("/api/imports/", {"file": upload}, format="multipart")
    assert response.status_code == 413
    assert not ImportJob.objects.exists() and not SeizureEvent.objects.exists()
    assert not list(Path(settings.DATA_DIR).rglob("*.jsonl"))


@pytest.mark.django_db
def test_a_browser_session_may_post_a_file_too(world, settings):
    """Session authentication reads the form for its CSRF check before the view sets its size
    limit on the upload; the file is still imported, or refused past the limit."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.officer)
    token = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = token

    def post(number: int) -> Any:
        upload = SimpleUploadedFile("june.jsonl", line(number).encode())
        return client.post(
            "/api/imports/", {"file": upload}, format="multipart", HTTP_X_CSRFTOKEN=token
        )

    assert post(11).status_code == 201
    settings.NNCC_IMPORT_MAX_BYTES = 50
    assert post(12).status_code == 413
    assert not SeizureEvent.objects.filter(agency_record_id="API-012").exists()


@pytest.mark.django_db
def test_a_synchronous_import_keeps_no_copy_of_the_body(world, api, settings):
    """The body holds CNICs and phones; once the answer is given it is not kept on disk."""
    response = api(world.officer).post("/api/imports/", BODY, content_type=NDJSON)
    assert response.status_code == 201, response.content
    refused = api(world.officer).post("/api/imports/", "\x00\x01", content_type=NDJSON)
    assert refused.status_code == 400
    kept = [path for path in Path(settings.DATA_DIR).rglob("*") if path.is_file()]
    assert kept == []


@pytest.mark.django_db
def test_the_same_body_posted_again_is_the_same_job_checked_again(world, api):
    """Keyed by agency and body hash: a re-post writes nothing new and answers "unchanged";
    the job's rejected rows are those of the last check, still readable."""
    client = api(world.officer)
    first = client.post("/api/imports/", BODY, content_type=NDJSON)
    assert first.status_code == 201
    job_id = first.json()["job"]["id"]
    second = client.post("/api/imports/", BODY, content_type=NDJSON)
    assert second.status_code == 200  # nothing created
    answer = second.json()
    assert answer["job"]["id"] == job_id and ImportJob.objects.count() == 1
    assert [r["outcome"] for r in answer["results"]] == [
        "unchanged",
        "unchanged",
        "rejected",
        "rejected",
        "unchanged",
    ]
    assert SeizureEvent.objects.count() == 3
    job = client.get(f"/api/imports/{job_id}/").json()
    assert (job["received"], job["unchanged"], job["rejected"], job["created"]) == (5, 3, 2, 0)
    assert job["interrupted"] is False
    rejections = client.get(f"/api/imports/{job_id}/rejections/").json()
    assert [r["row_number"] for r in rejections["results"]] == [3, 5]
    assert rejections["results"][1]["row_values"]["quantity"] == "lots"
    assert rejections["results"][0]["value"] == "{not json"  # the line as sent


@pytest.mark.django_db
def test_a_killed_api_import_reads_as_interrupted_and_a_re_post_finishes_it(world, api):
    client = api(world.officer)
    job_id = client.post("/api/imports/", BODY, content_type=NDJSON).json()["job"]["id"]
    # As a run killed after its first row leaves it: RUNNING, no run holding its lock.
    ImportJob.objects.filter(pk=job_id).update(
        status="running", position=1, received=1, created=1, rejected=0, finished_at=None
    )
    ImportJob.objects.get(pk=job_id).rejections.all().delete()
    detail = client.get(f"/api/imports/{job_id}/").json()
    assert detail["status"] == "running" and detail["interrupted"] is True
    again = client.post("/api/imports/", BODY, content_type=NDJSON).json()
    assert [r["row"] for r in again["results"]] == [2, 3, 5, 6]  # after the committed row
    job = client.get(f"/api/imports/{job_id}/").json()
    assert job["status"] == "completed" and job["interrupted"] is False
    assert (job["received"], job["rejected"]) == (5, 2)
