"""Property-based tests of the import parsers, profiles and validators (hypothesis).

- the parsers never raise on arbitrary bytes or text, except ``ImportRefused`` for a file
  refused as a whole;
- every row in is one row out: numbers increase, nothing is dropped;
- arbitrary Unicode cells (Urdu included) survive CSV in every encoding the importer reads, and
  JSON lines;
- ``apply_profile`` keeps the count and the numbers of rows, whatever the profile;
- the validators the forms share raise nothing but ``ValidationError``.

The example counts suit every pull request; set ``HYPOTHESIS_PROFILE=nightly`` for ten thousand.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nncc.intake.imports.parsing import ImportRefused, Row, count_rows, read_rows
from nncc.intake.imports.profiles import apply_profile, check_profile
from nncc.intake.imports.rows import COLUMNS, RowReader, RowRejected, parse_moment
from nncc.intake.validators import clean_quantity, clean_unit
from nncc.kernel.exports import restore_neutralised
from nncc.kernel.validators import validate_not_future
from nncc.reference.validators import validate_country, validate_province
from nncc.registry.identifiers import clean_cnic, clean_passport, clean_phone, clean_por_card

settings.register_profile("pull_request", max_examples=150, deadline=None)
settings.register_profile("nightly", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "pull_request"))

URDU = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےۓ۔،؟ "
#: text a person types into a cell: any letters and signs (no control characters beyond line
#: breaks and tabs, which a text file refuses in bulk), Urdu always among them
cell_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(URDU),
        st.sampled_from('\t\n\r ,;"'),
    ),
    max_size=30,
)


@contextmanager
def a_file(content: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"file{suffix}"
        path.write_bytes(content)
        yield path


def read_all(path: Path, format: str) -> list[Row] | None:
    """Every row, or None for a refused file; any other exception fails the property."""
    try:
        return list(read_rows(path, format))
    except ImportRefused as refused:
        assert str(refused), "a refusal says why"
        return None


def assert_rows_in_order(rows: list[Row]) -> None:
    numbers = [row.number for row in rows]
    assert numbers == sorted(set(numbers)), f"row numbers not increasing: {numbers}"
    assert all(number >= 1 for number in numbers)


# --- parsers on arbitrary input -------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "jsonl"])
@given(content=st.binary(min_size=1, max_size=2_000))
def test_text_parsers_never_raise_on_arbitrary_bytes(format: str, content: bytes) -> None:
    with a_file(content, f".{format}") as path:
        rows = read_all(path, format)
        count = count_rows(path, format)
    if rows is not None:
        assert_rows_in_order(rows)
        if format == "jsonl":
            assert count == len(rows)


@pytest.mark.parametrize("format", ["csv", "jsonl"])
@given(text=st.text(max_size=2_000))
def test_text_parsers_never_raise_on_arbitrary_text(format: str, text: str) -> None:
    with a_file(text.encode("utf-8", "surrogatepass"), f".{format}") as path:
        rows = read_all(path, format)
    if rows is not None:
        assert_rows_in_order(rows)


def _workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS[:4]))
    sheet.append(["FIR-1", "2025-03-01", "PK-BA", "Quetta"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook_bytes()


def _with_sheet(sheet: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(WORKBOOK))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data)
    return buffer.getvalue()


SHEET = zipfile.ZipFile(io.BytesIO(WORKBOOK)).read("xl/worksheets/sheet1.xml")


@given(
    position=st.integers(min_value=0, max_value=len(SHEET)),
    cut=st.integers(min_value=0, max_value=40),
    insert=st.one_of(
        st.binary(max_size=60),
        st.sampled_from(
            [
                b'<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>',
                b'<c r="XFD1" t="s"><v>99999</v></c>',
                b'<dimension ref="A1:XFD1048576"/>',
                b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>]>",
                b'<c r="B2" t="d"><v>not a date</v></c>',
                b'<c r="B2" t="n"><v>1e999</v></c>',
            ]
        ),
    ),
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_the_workbook_reader_never_raises_on_a_damaged_sheet(
    position: int, cut: int, insert: bytes
) -> None:
    damaged = SHEET[:position] + insert + SHEET[position + cut :]
    with a_file(_with_sheet(damaged), ".xlsx") as path:
        rows = read_all(path, "xlsx")
        count_rows(path, "xlsx")
    if rows is not None:
        assert_rows_in_order(rows)


@given(content=st.binary(max_size=3_000))
def test_the_workbook_reader_never_raises_on_arbitrary_bytes(content: bytes) -> None:
    with a_file(b"PK\x03\x04" + content, ".xlsx") as path:
        read_all(path, "xlsx")
        count_rows(path, "xlsx")


# --- round trips --------------------------------------------------------------------------------

rows_of_cells = st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(
        st.lists(cell_text, min_size=width, max_size=width).filter(
            lambda cells: any(cell.strip() for cell in cells)
        ),
        max_size=12,
    )
)


def csv_bytes(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
@given(rows=rows_of_cells)
def test_csv_round_trip_of_unicode_cells(encoding: str, rows: list[list[str]]) -> None:
    header = [f"column {n}" for n in range(len(rows[0]) if rows else 1)]
    with a_file(csv_bytes(header, rows, encoding), ".csv") as path:
        read = read_all(path, "csv")
        count = count_rows(path, "csv")
    assert read is not None, "a file of text cells is never refused"
    assert len(read) == len(rows) == count, "every row in is one row out"
    assert_rows_in_order(read)
    for row, cells in zip(read, rows, strict=True):
        assert not row.error, row.error
        # A cell like "'=x" is read as "=x": it is how our rejects files neutralise formulas.
        expected = {
            name: restore_neutralised(cell.strip())
            for name, cell in zip(header, cells, strict=True)
        }
        assert row.values == expected


# Windows-1252 text is only told apart from UTF-8 when it is not valid UTF-8 too: letters that
# encode to lead bytes only (À to ÿ) beside ASCII can never form a UTF-8 sequence.
cp1252_cell = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0xC0, max_codepoint=0xFF),
    ),
    max_size=20,
)


@given(
    rows=st.lists(
        st.lists(cp1252_cell, min_size=2, max_size=2).filter(lambda c: any(x.strip() for x in c)),
        max_size=10,
    )
)
def test_csv_round_trip_in_windows_1252(rows: list[list[str]]) -> None:
    header = ["name", "place"]
    with a_file(csv_bytes(header, rows, "cp1252"), ".csv") as path:
        read = read_all(path, "csv")
    assert read is not None and len(read) == len(rows)
    for row, cells in zip(read, rows, strict=True):
        # A cell like "'=x" is read as "=x": it is how our rejects files neutralise formulas.
        expected = {
            name: restore_neutralised(cell.strip())
            for name, cell in zip(header, cells, strict=True)
        }
        assert row.values == expected


@given(
    rows=st.lists(
        st.dictionaries(st.sampled_from(COLUMNS), cell_text, min_size=1, max_size=5),
        min_size=1,
        max_size=10,
    ),
    blank_lines=st.lists(st.booleans(), max_size=10),
)
def test_json_lines_round_trip(rows: list[dict[str, str]], blank_lines: list[bool]) -> None:
    lines: list[str] = []
    for index, row in enumerate(rows):
        if index < len(blank_lines) and blank_lines[index]:
            lines.append("")
        lines.append(json.dumps(row, ensure_ascii=index % 2 == 0))
    with a_file("\n".join(lines).encode("utf-8"), ".jsonl") as path:
        read = read_all(path, "jsonl")
    assert read is not None and len(read) == len(rows)
    assert_rows_in_order(read)
    for row, sent in zip(read, rows, strict=True):
        assert row.values == {key: value.strip() for key, value in sent.items()}


# --- profiles ---------------------------------------------------------------------------------

headers = st.text(min_size=1, max_size=12)
profile_maps = st.fixed_dictionaries(
    {
        "column_map": st.dictionaries(headers, st.sampled_from(COLUMNS), max_size=6),
        "value_map": st.dictionaries(
            st.sampled_from(COLUMNS), st.dictionaries(cell_text, cell_text, max_size=4), max_size=3
        ),
    }
)


@given(
    maps=profile_maps,
    rows=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=3),
            st.dictionaries(headers, cell_text, max_size=6),
            st.sampled_from(["", "The row cannot be read."]),
        ),
        max_size=15,
    ),
)
def test_apply_profile_keeps_every_row_and_its_number(
    maps: dict[str, Any], rows: list[tuple[int, dict[str, str], str]]
) -> None:
    from nncc.intake.models import ImportProfile

    profile = ImportProfile(name="p", record_type="seizure", **maps)
    numbered, number = [], 1
    for step, values, error in rows:
        number += step
        numbered.append(Row(number, {} if error else values, error))
    mapped = list(apply_profile(numbered, profile))
    assert [row.number for row in mapped] == [row.number for row in numbered]
    for before, after in zip(numbered, mapped, strict=True):
        assert set(after.values) <= set(COLUMNS)
        if before.error:
            assert after == before


@given(record_type=st.text(max_size=10), column_map=st.from_type(object), value_map=cell_text)
def test_check_profile_never_raises_on_odd_shapes(
    record_type: str, column_map: Any, value_map: Any
) -> None:
    assert isinstance(check_profile(record_type, column_map, value_map), list)


# --- validators -------------------------------------------------------------------------------

any_text = st.text(max_size=60)


def only_validation_errors(function: Any, *args: Any) -> None:
    try:
        function(*args)
    except ValidationError as error:
        assert error.messages and all(isinstance(m, str) and m for m in error.messages)


@given(text=any_text)
def test_identity_and_phone_cleaners_raise_only_validation_errors(text: str) -> None:
    for cleaner in (clean_cnic, clean_phone, clean_passport, clean_por_card):
        only_validation_errors(cleaner, text)


@given(quantity=st.one_of(any_text, st.sampled_from(["1e999999", "NaN", "-0", "0.0001"])))
def test_quantity_and_unit_parsing_raise_only_validation_errors(quantity: str) -> None:
    only_validation_errors(clean_unit, quantity)
    for unit in ("kg", "tablets", "", quantity):
        only_validation_errors(clean_quantity, quantity, unit)


@given(
    text=st.one_of(
        any_text,
        st.sampled_from(["0001-01-01", "9999-12-31 23:59", "31/02/2025", "2025-03-01T10:00+14:00"]),
    )
)
def test_dates_parse_or_say_no(text: str) -> None:
    value = parse_moment(text)
    if value is not None:
        assert value.tzinfo is not None
        only_validation_errors(validate_not_future, value)
    only_validation_errors(validate_country, text)
    only_validation_errors(validate_province, text)


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=100)
@given(values=st.dictionaries(st.sampled_from(COLUMNS), any_text, max_size=len(COLUMNS)))
def test_the_row_reader_raises_only_row_rejections(values: dict[str, str]) -> None:
    try:
        RowReader().build(values)
    except RowRejected as rejected:
        assert rejected.problems and all(column and reason for column, reason in rejected.problems)
