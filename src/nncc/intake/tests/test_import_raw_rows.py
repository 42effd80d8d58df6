"""A row the reader cannot read has no cells to give back: its text is kept (bounded) and comes
back in the rejects file's ``nncc_raw`` column, neutralised like every cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nncc.intake.imports.parsing import RAW_MAX_CHARS, read_rows
from nncc.intake.tests.test_import_web import (
    HEADERS,
    agencies,  # noqa: F401 - fixtures
    csv_bytes,
    data_dir,  # noqa: F401
    officer,  # noqa: F401
    profile,  # noqa: F401
    row,
    run_file,
    signed_in,
)

pytestmark = pytest.mark.django_db

RAGGED = '=HYPERLINK("http://x"),2025-04-09,BA-QTA,road,car,N-25,charas,1,kg,,one,too many'


def rejects_csv(client, job) -> list[list[str]]:
    response = client.get(reverse("intake:import_rejects", args=[job.pk, "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_ragged_csv_row_comes_back_as_its_text(officer, profile):  # noqa: F811
    content = csv_bytes([row(1), row(2, quantity="lots")]) + RAGGED.encode() + b"\r\n"
    client = signed_in(officer)
    job = run_file(client, content, profile)
    assert (job.received, job.created, job.rejected) == (3, 1, 2)
    rows = rejects_csv(client, job)
    assert rows[0] == [*HEADERS, "nncc_row", "nncc_problems", "nncc_raw"]
    by_number = {line[len(HEADERS)]: line for line in rows[1:]}
    assert by_number["3"][-1] == ""  # a readable row gives its cells back instead
    assert by_number["3"][HEADERS.index("quantity")] == "lots"
    ragged = by_number["4"]
    assert ragged[-1] == "'" + RAGGED  # the formula is neutralised
    assert "12 cells" in ragged[-2] and ragged[: len(HEADERS)] == [""] * len(HEADERS)
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(
                    reverse("intake:import_rejects", args=[job.pk, "xlsx"])
                ).streaming_content
            )
        )
    )
    sheet = list(workbook.active.iter_rows(values_only=True))
    assert sheet[0][-1] == "nncc_raw" and sheet[2][-1] == "'" + RAGGED
    page = client.get(reverse("intake:import_detail", args=[job.pk])).content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;),2025-04-09" in page


def test_a_rejects_file_without_unreadable_rows_has_no_raw_column(officer, profile):  # noqa: F811
    client = signed_in(officer)
    job = run_file(client, csv_bytes([row(1, quantity="lots")]), profile)
    assert rejects_csv(client, job)[0] == [*HEADERS, "nncc_row", "nncc_problems"]


def test_a_broken_json_line_is_kept_through_the_api(officer):  # noqa: F811
    client = signed_in(officer)
    broken = '{"agency_record_id": "API-9", "quantity": \x00 oops'
    good = (
        '{"agency_record_id": "API-1", "occurred_at": "2025-05-01 10:00", "district": "BA-QTA",'
        ' "place_type": "road", "transport_mode": "car", "drug": "charas", "quantity": "2",'
        ' "unit": "kg"}'
    )
    response = client.post(
        "/api/imports/", data=f"{good}\n{broken}\n", content_type="application/x-ndjson"
    )
    assert response.status_code == 201, response.content
    job_id = response.json()["job"]["id"]
    rejection = client.get(f"/api/imports/{job_id}/rejections/").json()["results"][0]
    assert rejection["row_number"] == 2 and rejection["value"] == broken.replace("\x00", "\ufffd")
    from nncc.intake.models import ImportJob

    rows = rejects_csv(client, ImportJob.objects.get(pk=job_id))
    assert rows[0][-1] == "nncc_raw" and rows[1][-1] == broken.replace("\x00", "\ufffd")


def test_the_kept_text_is_bounded(tmp_path: Path):
    path = tmp_path / "long.csv"
    path.write_text("a,b\n" + "x," * 5000 + "y\n1,2\n", encoding="utf-8")
    first, second = read_rows(path, "csv")
    assert first.error and len(first.raw) == RAW_MAX_CHARS and first.raw.endswith("…")
    assert second.values == {"a": "1", "b": "2"} and second.raw == ""
