"""Rows of an Excel workbook (.xlsx), streamed with openpyxl's read-only mode.

A workbook is a zip of XML files, so a small upload can unpack into gigabytes (a zip bomb) or
claim a sheet of millions of rows. Before openpyxl opens anything, the zip directory is checked:
number of members, total unpacked size and each member's compression ratio. Python's zip reader
never unpacks more than a member's declared size, so the checked sizes are the sizes read. The
sheet's declared dimension is checked next, and row numbers are watched while streaming, since
a hostile sheet can jump from row 2 to row 10¹² and openpyxl would fill the gap.

Cells become text as a person reads them in Excel: dates in ISO 8601, whole numbers without
".0", empty cells as "". Cells to the right of the last header are ignored (they have no
column name to go under).
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from nncc.intake.imports.parsing import ImportRefused, Row, header_names, max_bytes, max_rows
from nncc.kernel.exports import restore_neutralised

#: at most this many files inside the workbook (a real one has a few dozen)
MAX_MEMBERS = 2_000
#: at most this unpacked size in all, as a multiple of the upload limit
UNPACKED_PER_UPLOADED = 10
#: a member above MIN_RATIO_SIZE may not unpack to more than this many times its packed size;
#: spreadsheet XML packs 5–50 times, a zip bomb a thousand times
MAX_RATIO = 200
MIN_RATIO_SIZE = 1 << 20
#: parts openpyxl reads whole into memory (the others are streamed); each may unpack to at most
#: the upload limit
WHOLE_PARTS = ("xl/sharedstrings.xml", "xl/styles.xml", "xl/workbook.xml")
#: the widest header read
MAX_COLUMNS = 1_024
#: the last row Excel itself can hold
EXCEL_MAX_ROW = 1_048_576


def check_workbook(path: Path) -> None:
    """Refuse what is not an .xlsx file, or unpacks beyond sane bounds, before parsing it."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused("This is an old Excel .xls workbook; save it as .xlsx or CSV.")
    if not zipfile.is_zipfile(path):
        raise ImportRefused("This is not an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(f"This workbook cannot be opened: {exc}.") from exc
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(f"The workbook holds {len(members):,} files; this is not a sheet.")
    total = 0
    limit = max_bytes() * UNPACKED_PER_UPLOADED
    for member in members:
        total += member.file_size
        if member.filename.lower() in WHOLE_PARTS and member.file_size > max_bytes():
            raise ImportRefused(
                f"The workbook's part {member.filename} unpacks to {member.file_size:,} bytes; "
                f"at most {max_bytes():,} are read. Split the file."
            )
        packed = max(member.compress_size, 1)
        if member.file_size > MIN_RATIO_SIZE and member.file_size / packed > MAX_RATIO:
            raise ImportRefused(
                f"The workbook's part {member.filename} unpacks {member.file_size // packed:,} "
                "times its size; it is refused as a zip bomb."
            )
    if total > limit:
        raise ImportRefused(
            f"The workbook unpacks to {total:,} bytes (the limit is {limit:,}); split it."
        )


def _open_sheet(path: Path, record_type: str) -> tuple[Any, Any]:
    """The workbook and its sheet of rows: the one named like the record type, else the first."""
    import openpyxl

    check_workbook(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        # openpyxl raises many kinds of errors for damaged files (KeyError for a missing part,
        # XML errors, ValueError); for the agency they all mean the same.
        raise ImportRefused(f"This workbook cannot be read: {exc.__class__.__name__}.") from exc
    sheets = list(workbook.worksheets)
    if not sheets:
        workbook.close()
        raise ImportRefused("The workbook has no sheet of rows.")
    wanted = {record_type.lower(), f"{record_type.lower()}s"} if record_type else set()
    sheet = next((s for s in sheets if s.title.strip().lower() in wanted), sheets[0])
    return workbook, sheet


def _check_dimension(sheet: Any) -> None:
    rows, columns = sheet.max_row, sheet.max_column
    if rows is not None and rows - 1 > max_rows():
        raise ImportRefused(
            f"The sheet “{sheet.title}” says it has {rows:,} rows; at most {max_rows():,} rows "
            "are accepted. Delete the empty rows below the data or split the file."
        )
    if columns is not None and columns > MAX_COLUMNS:
        raise ImportRefused(
            f"The sheet “{sheet.title}” says it has {columns:,} columns; at most "
            f"{MAX_COLUMNS:,} are read."
        )


def cell_text(value: Any) -> str:
    """A cell's value as the text a person reads in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()  # a date typed into a date cell
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # 12.0 is the number 12, and a CNIC stays 13 digits
        return format(Decimal(repr(value)).normalize(), "f")
    return restore_neutralised(str(value).replace("\x00", "").strip())


def read_xlsx(path: Path, *, record_type: str = "") -> Iterator[Row]:
    """Rows of the workbook's sheet; header in row 1; row numbers as Excel shows them."""
    workbook, sheet = _open_sheet(path, record_type)  # eager: a bad workbook is refused now
    try:
        _check_dimension(sheet)
    except ImportRefused:
        workbook.close()
        raise
    return _sheet_rows(workbook, sheet)


def _sheet_rows(workbook: Any, sheet: Any) -> Iterator[Row]:
    try:
        # The declared dimension is not trusted beyond the check above: without it openpyxl
        # neither pads rows nor adds empty rows after the last one.
        sheet.reset_dimensions()
        first = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        cells = [cell_text(value) for value in first]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            raise ImportRefused(f"Row 1 of the sheet “{sheet.title}” must hold the headers.")
        columns = header_names(cells)
        width = len(columns)
        for number, values in enumerate(
            sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
        ):
            if number > EXCEL_MAX_ROW:
                raise ImportRefused(
                    f"The sheet has rows numbered beyond {EXCEL_MAX_ROW:,}, Excel's last row."
                )
            texts = [cell_text(value) for value in values]
            if not any(texts):
                continue  # an empty row is not a row (Excel numbering goes on)
            texts += [""] * (width - len(texts))
            yield Row(number, dict(zip(columns, texts, strict=False)))
    except ImportRefused:
        raise
    except Exception as exc:
        # Damage found while streaming (bad XML further down the sheet) ends the file.
        raise ImportRefused(
            f"The sheet cannot be read beyond this point: {exc.__class__.__name__}."
        ) from exc
    finally:
        workbook.close()


def count_xlsx(path: Path) -> int | None:
    """Rows below the header as the sheet declares them (cheap; None when undeclared)."""
    workbook, sheet = _open_sheet(path, "")
    try:
        rows = sheet.max_row
        return None if rows is None else max(rows - 1, 0)
    finally:
        workbook.close()
