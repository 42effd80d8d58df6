"""Import file formats and hostile files: XLSX, CSV dialects, JSON-lines edge cases, limits.

Files are written to a temporary directory; whole-file refusals must be ``ImportRefused`` with
a message for the agency, and readable trouble in one row must stay a row with an error.
"""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.intake.imports import xlsx
from nncc.intake.imports.parsing import (
    ImportRefused,
    Row,
    count_rows,
    detect_format,
    read_rows,
)
from nncc.intake.imports.profiles import apply_profile
from nncc.intake.imports.rows import COLUMNS, RowReader
from nncc.intake.imports.service import import_file
from nncc.intake.models import SeizureEvent
from nncc.kernel.access import Role
from nncc.registry.models import Person

URDU = "محمد خان"


def workbook(path: Path, rows: list[list[Any]], title: str = "Sheet") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def rewrite_member(path: Path, name: str, content: bytes) -> Path:
    """The workbook at ``path`` with one part replaced (or added), deflated."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[name] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in parts.items():
            target.writestr(member, data)
    return path


def rows_of(path: Path, format: str, **kwargs: Any) -> list[Row]:
    return list(read_rows(path, format, **kwargs))


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_cells_become_text_as_excel_shows_them(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "book.xlsx",
        [
            ["Record", "When", "Day", "Quantity", "Whole", "CNIC", "Name", "Empty", "Flag"],
            [
                "FIR-1",
                datetime.datetime(2025, 3, 1, 14, 30),
                datetime.datetime(2025, 3, 2),
                12.5,
                12.0,
                3000012345671,
                URDU,
                None,
                True,
            ],
            [],
            ["FIR-2", datetime.date(2025, 3, 4), None, 0.1, 7, None, " padded ", None, False],
        ],
    )
    rows = rows_of(path, "xlsx")
    assert [row.number for row in rows] == [2, 4]  # the empty row 3 is skipped, not renumbered
    first, second = (row.values for row in rows)
    assert first == {
        "Record": "FIR-1",
        "When": "2025-03-01 14:30",
        "Day": "2025-03-02",
        "Quantity": "12.5",
        "Whole": "12",
        "CNIC": "3000012345671",
        "Name": URDU,
        "Empty": "",
        "Flag": "true",
    }
    assert second["When"] == "2025-03-04" and second["Quantity"] == "0.1"
    assert second["Whole"] == "7" and second["Name"] == "padded" and second["CNIC"] == ""
    assert count_rows(path, "xlsx") == 3  # as declared: rows 2 to 4


def test_xlsx_takes_the_sheet_named_like_the_record_type(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["a"])  # type: ignore[union-attr]
    book.active.append(["first sheet"])  # type: ignore[union-attr]
    arrests = book.create_sheet("Arrests")
    arrests.append(["a"])
    arrests.append(["arrest sheet"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert rows_of(path, "xlsx")[0].values == {"a": "first sheet"}
    assert rows_of(path, "xlsx", record_type="arrest")[0].values == {"a": "arrest sheet"}


def test_xlsx_ignores_cells_right_of_the_last_header(tmp_path: Path) -> None:
    path = workbook(tmp_path / "wide.xlsx", [["a", "b"], ["1", "2", "note"]])
    assert rows_of(path, "xlsx") == [Row(2, {"a": "1", "b": "2"})]


def test_xlsx_without_headers_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "headless.xlsx", [[None, None], ["1", "2"]])
    with pytest.raises(ImportRefused, match="Row 1"):
        rows_of(path, "xlsx")


@pytest.fixture
def officer(db: Any) -> Any:
    anf = agency_create(acting_user=None, code="ANF", name="ANF", kind="federal")
    return user_add_to_agency(
        acting_user=None,
        username="anf.officer",
        password="a-long-test-password-2025",
        agency=anf,
        roles=[Role.FIELD_OFFICER],
    )


def test_an_xlsx_file_imports_with_urdu_and_dates(officer: Any, tmp_path: Path) -> None:
    header = list(COLUMNS)
    row = {
        "agency_record_id": "FIR-X1",
        "occurred_at": datetime.datetime(2025, 3, 1, 10, 30),
        "province": "PK-BA",
        "district": "Quetta",
        "place_type": "road",
        "transport_mode": "car",
        "place": "N-25",
        "drug": "charas",
        "quantity": 12.5,
        "unit": "kg",
        "person_name": "Gul Khan",
        "person_name_urdu": URDU,
        "father_name": "Sher Khan",
        "cnic": "30000-1234567-1",
        "phone": "+923005550001",
        "nationality": "PK",
        "role": "courier",
    }
    path = workbook(tmp_path / "march.xlsx", [header, [row[c] for c in header]])
    job = import_file(acting_user=officer, path=path, format="xlsx")
    assert (job.received, job.created, job.rejected) == (1, 1, 0)
    event = SeizureEvent.objects.get(agency_record_id="FIR-X1")
    when = timezone.localtime(event.occurred_at)
    assert (when.day, when.hour, when.minute) == (1, 10, 30)
    assert Person.objects.get().name_urdu == URDU


# --- hostile workbooks ------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_the_directory_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook(tmp_path / "bomb.xlsx", [["a"], ["1"]])
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + b" " * (8 << 20) + b"</sheetData></worksheet>"
    )
    rewrite_member(path, "xl/worksheets/sheet1.xml", sheet)
    assert path.stat().st_size < 100_000  # a small upload that unpacks to 8 MB

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(ImportRefused, match="zip bomb"):
        read_rows(path, "xlsx")
    assert count_rows(path, "xlsx") is None


def test_a_workbook_unpacking_beyond_the_limit_is_refused(tmp_path: Path, settings: Any) -> None:
    path = workbook(tmp_path / "big.xlsx", [["a", "b"], *(["same", "row"] for _ in range(60_000))])
    settings.NNCC_IMPORT_MAX_BYTES = path.stat().st_size + 1  # the file itself is accepted
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    assert unpacked > path.stat().st_size * xlsx.UNPACKED_PER_UPLOADED
    with pytest.raises(ImportRefused, match="unpacks to"):
        read_rows(path, "xlsx")


def test_a_part_read_whole_may_not_unpack_beyond_the_upload_limit(
    tmp_path: Path, settings: Any
) -> None:
    path = workbook(tmp_path / "strings.xlsx", [["a"], ["1"]])
    strings = b"".join(b"<si><t>name %d</t></si>" % n for n in range(20_000))
    rewrite_member(path, "xl/sharedStrings.xml", b"<sst>" + strings + b"</sst>")
    settings.NNCC_IMPORT_MAX_BYTES = path.stat().st_size + 1
    with pytest.raises(ImportRefused, match=r"sharedStrings\.xml unpacks to"):
        read_rows(path, "xlsx")


def test_a_sheet_claiming_too_many_rows_is_refused(tmp_path: Path, settings: Any) -> None:
    settings.NNCC_IMPORT_MAX_ROWS = 1_000
    path = workbook(tmp_path / "claims.xlsx", [["a"], ["1"]])
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    claimed = re.sub(rb'<dimension ref="A1:A2" ?/>', b'<dimension ref="A1:Q1048576"/>', sheet)
    assert claimed != sheet
    rewrite_member(path, "xl/worksheets/sheet1.xml", claimed)
    with pytest.raises(ImportRefused, match="1,048,576 rows"):
        read_rows(path, "xlsx")


def test_a_row_numbered_beyond_excel_is_refused_while_streaming(tmp_path: Path) -> None:
    path = workbook(tmp_path / "jump.xlsx", [["a"], ["1"]])
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    jumped = re.sub(rb'<dimension ref="A1:A2" ?/>', b"", sheet).replace(
        b"</sheetData>",
        b'<row r="999999999999"><c r="A999999999999"><v>5</v></c></row></sheetData>',
    )
    assert b"999999999999" in jumped and b"dimension" not in jumped
    rewrite_member(path, "xl/worksheets/sheet1.xml", jumped)
    rows = read_rows(path, "xlsx")
    assert next(rows) == Row(2, {"a": "1"})
    with pytest.raises(ImportRefused, match="Excel's last row"):
        next(rows)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"agency_record_id,drug\nFIR-1,charas\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, r"old Excel \.xls"),
        (b"PK\x03\x04" + b"\x00" * 100, "cannot be opened|not an Excel"),
    ],
)
def test_what_is_not_a_workbook_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        read_rows(path, "xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ImportRefused, match="cannot be read"):
        read_rows(path, "xlsx")


# --- size and row limits ----------------------------------------------------------------------


def csv_file(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("format", ["csv", "jsonl", "xlsx"])
def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, settings: Any, format: str
) -> None:
    path = tmp_path / f"big.{format}"
    path.write_bytes(b"x" * 2_000)
    settings.NNCC_IMPORT_MAX_BYTES = 1_000
    with pytest.raises(ImportRefused, match=r"2,000 bytes.*1,000 bytes"):
        read_rows(path, format)
    assert count_rows(path, format) is None


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportRefused, match="empty"):
        read_rows(path, "csv")


@pytest.mark.parametrize("format", ["csv", "jsonl", "xlsx"])
def test_the_row_limit_is_refused_when_passed(tmp_path: Path, settings: Any, format: str) -> None:
    settings.NNCC_IMPORT_MAX_ROWS = 5
    values = [{"a": str(n)} for n in range(8)]
    path = tmp_path / f"rows.{format}"
    if format == "csv":
        csv_file(path, ["a", *(v["a"] for v in values)])
    elif format == "jsonl":
        path.write_text("\n".join(json.dumps(v) for v in values), encoding="utf-8")
    else:
        workbook(path, [["a"], *([v["a"]] for v in values)])
        with pytest.raises(ImportRefused, match="says it has 9 rows"):
            read_rows(path, format)  # the declared dimension is refused up front
        with zipfile.ZipFile(path) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml")
        rewrite_member(path, "xl/worksheets/sheet1.xml", re.sub(rb"<dimension[^>]*>", b"", sheet))
    rows = read_rows(path, format)
    taken = [next(rows) for _ in range(5)]
    assert [row.values["a"] for row in taken] == ["0", "1", "2", "3", "4"]
    with pytest.raises(ImportRefused, match="more than 5 rows"):
        next(rows)


# --- binary files sent as text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "PNG image"),
        (b"PK\x03\x04" + b"\x00" * 2_000, "import it as XLSX"),
        (b"\x00\x01\x02\x03" * 2_000, "NUL bytes"),
        (bytes(range(1, 32)) * 200, "not a text file"),
        (b"%PDF-1.7\n" + b"x" * 100, "PDF"),
    ],
)
def test_a_binary_file_renamed_csv_is_refused_clearly(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "renamed.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        read_rows(path, "csv")
    assert count_rows(path, "csv") is None


def test_a_binary_file_renamed_jsonl_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "renamed.jsonl"
    path.write_bytes(b"\x00\x01" * 5_000)
    with pytest.raises(ImportRefused, match="not a text file"):
        read_rows(path, "jsonl")


# --- CSV dialects -----------------------------------------------------------------------------


def test_semicolons_trailing_empty_columns_and_own_headers(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "semi.csv",
        ["Agency Record ID;Drug;;", "FIR-1;charas;;", "FIR-2;Charas;x;"],
    )
    rows = rows_of(path, "csv")
    assert rows[0] == Row(2, {"Agency Record ID": "FIR-1", "Drug": "charas", "": ""})
    assert "4 cells" not in rows[1].error and rows[1].values["Drug"] == "Charas"
    mapped = list(apply_profile(rows, None))
    assert mapped[0].values == {"agency_record_id": "FIR-1", "drug": "charas"}


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "twice.csv", ["drug,Drug ", "a,b"])
    with pytest.raises(ImportRefused, match="twice"):
        rows_of(path, "csv")


def test_cp1252_and_utf16_with_urdu(tmp_path: Path) -> None:
    utf16 = csv_file(tmp_path / "u16.csv", ["name,place", f"{URDU},Zhob"], "utf-16")
    assert rows_of(utf16, "csv")[0].values == {"name": URDU, "place": "Zhob"}
    cp = csv_file(tmp_path / "cp.csv", ["name,place", "Gul,Café"], "cp1252")
    assert rows_of(cp, "csv")[0].values == {"name": "Gul", "place": "Café"}
    assert count_rows(utf16, "csv") == count_rows(cp, "csv") == 1


def test_embedded_newlines_keep_numbering_as_a_spreadsheet_shows(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "multi.csv", ["a,b", '1,"two\r\nlines"', "", "3,4"])
    rows = rows_of(path, "csv")
    assert [(r.number, r.values["b"]) for r in rows] == [(2, "two\r\nlines"), (3, "4")]
    assert count_rows(path, "csv") == 2


# --- JSON lines ---------------------------------------------------------------------------------


def test_json_lines_edge_cases(tmp_path: Path) -> None:
    lines = [
        "\ufeff" + json.dumps({"Drug": "charas", "quantity": 12.0, "flag": True, "none": None}),
        "   ",
        json.dumps({"name": URDU}, ensure_ascii=False),
        '"just a string"',
        "[" * 100_000 + "]" * 100_000,
        '{"a": 1, "A": 2}',
        '{"a": {"nested": 1}}',
        '{"a": 1e400, "b": 12345678901234567890}',
        "{broken",
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    rows = rows_of(path, "jsonl")
    assert [row.number for row in rows] == [1, 3, 4, 5, 6, 7, 8, 9]
    by_number = {row.number: row for row in rows}
    assert by_number[1].values == {"Drug": "charas", "quantity": "12", "flag": "true", "none": ""}
    assert by_number[3].values == {"name": URDU}
    assert "JSON object" in by_number[4].error
    assert "nested too deeply" in by_number[5].error or "not valid JSON" in by_number[5].error
    assert "twice" in by_number[6].error
    assert "single value" in by_number[7].error
    assert by_number[8].values == {"a": "inf", "b": "12345678901234567890"}
    assert "not valid JSON" in by_number[9].error
    assert count_rows(path, "jsonl") == 8


def test_json_lines_that_stop_being_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"a": "1"}\n{"a": "\xff\xfe"}\n{"a": "3"}\n')
    rows = rows_of(path, "jsonl")
    assert rows[0] == Row(1, {"a": "1"})
    assert rows[1].number == 2 and "not UTF-8" in rows[1].error
    assert rows[2] == Row(3, {"a": "3"})  # one bad line is that row's error only


# --- formats by name ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("march.CSV", "csv"),
        ("march.txt", "csv"),
        ("book.xlsx", "xlsx"),
        ("rows.jsonl", "jsonl"),
        ("rows.ndjson", "jsonl"),
    ],
)
def test_detect_format(name: str, format: str) -> None:
    assert detect_format(name) == format


@pytest.mark.parametrize(("name", "message"), [("old.xls", "xlsx or CSV"), ("a.pdf", "not a")])
def test_detect_format_refuses_others(name: str, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        detect_format(name)


# --- one pass, every problem ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_row_reports_every_faulty_column_at_once() -> None:
    from nncc.intake.imports.rows import RowRejected

    values = {
        "agency_record_id": "",
        "occurred_at": "yesterday",
        "province": "PK-XX",
        "district": "Atlantis",
        "place_type": "moon",
        "transport_mode": "rocket",
        "drug": "unobtainium",
        "quantity": "lots",
        "unit": "bags",
        "person_name": "Gul",
        "cnic": "123",
        "phone": "12",
        "nationality": "XX",
        "role": "boss",
    }
    with pytest.raises(RowRejected) as caught:
        RowReader().build(values)
    columns = {column for column, _ in caught.value.problems}
    assert columns == {
        "agency_record_id",
        "occurred_at",
        "province",
        "district",
        "place_type",
        "transport_mode",
        "drug",
        "quantity",
        "unit",
        "cnic",
        "phone",
        "nationality",
        "role",
    }
    reasons = dict(caught.value.problems)
    assert "road" in reasons["place_type"]  # the allowed values are named


def test_cells_neutralised_by_our_rejects_file_read_back_as_sent(tmp_path: Path) -> None:
    """A rejects file puts an apostrophe before "+92…" so spreadsheets don't run it; the agency
    fixes the row and sends the file back, and the phone must arrive as it was first sent."""
    csv_file = tmp_path / "fixed.csv"
    csv_file.write_text("phone,place,note\n'+923001234567,'-3 km,'it's fine\n", encoding="utf-8")
    book = workbook(tmp_path / "fixed.xlsx", [["phone", "note"], ["'+923001234567", "'=A1"]])
    [csv_row] = read_rows(csv_file, "csv")
    [xlsx_row] = read_rows(book, "xlsx")
    assert csv_row.values == {"phone": "+923001234567", "place": "-3 km", "note": "'it's fine"}
    assert xlsx_row.values == {"phone": "+923001234567", "note": "=A1"}
