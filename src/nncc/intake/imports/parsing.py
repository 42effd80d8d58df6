"""Streaming readers of import files: one row at a time, whatever the file's size or encoding.

Two kinds of trouble are told apart:

- a file refused as a whole (too big, too many rows, not text, not a workbook, a zip bomb)
  raises ``ImportRefused`` with a message for the agency, before any row is read where that can
  be known up front;
- a row that cannot be read (ragged, NUL bytes, bad JSON) comes out as a row with an error,
  never as an exception: the import must report it and go on with the next row.

Headers are kept as the agency wrote them (trimmed), so a rejects file can give the agency its
own columns back; ``profiles.apply_profile`` maps them onto nncc's columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

from nncc.kernel.exports import restore_neutralised

_CHUNK = 1 << 16
#: the formats ``read_rows`` reads
FORMATS = ("csv", "xlsx", "jsonl")
_EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_ROWS = 1_000_000

# Leading bytes of files that are not text, and what to tell the agency when one is sent as CSV.
_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "an Excel workbook or another zip file; import it as XLSX"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook; save it as .xlsx or CSV"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
)
# Text has few control characters besides tab, line breaks and form feed; a file whose first
# block is more than this share of NUL or other control characters is not a CSV file.
_MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


#: the most of an unreadable row's text kept, to give it back in the rejects file
RAW_MAX_CHARS = 4_000


class Row(NamedTuple):
    number: int
    values: dict[str, str]
    error: str = ""
    #: the text of a row that could not be read (it has no cells to give back), bounded
    raw: str = ""


def raw_text(text: str) -> str:
    """A row's text as kept: line break trimmed, NUL (which PostgreSQL's JSON and text refuse)
    shown as a replacement character, at most ``RAW_MAX_CHARS``."""
    text = text.rstrip("\r\n").replace("\x00", "\ufffd")
    return text if len(text) <= RAW_MAX_CHARS else text[: RAW_MAX_CHARS - 1] + "…"


class ImportRefused(Exception):
    """The file is refused as a whole; the message says why, for the agency that sent it."""


def column_key(name: str) -> str:
    """A header as a column key: case, spaces, hyphens and underscores do not matter
    ("Occurred At", "occurred-at" and "OCCURRED_AT" are all ``occurred_at``)."""
    return "_".join(name.replace("-", " ").replace("_", " ").casefold().split())


def max_bytes() -> int:
    return int(getattr(settings, "NNCC_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "NNCC_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def detect_format(filename: str | Path) -> str:
    """csv, xlsx or jsonl from the file name's extension; anything else is refused."""
    suffix = Path(str(filename)).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix in {".xls", ".xlsm", ".xlsb", ".ods"}:
        raise ImportRefused(f"“{suffix}” files cannot be imported; save the sheet as .xlsx or CSV.")
    raise ImportRefused(
        f"“{Path(str(filename)).name}” is not a .csv, .xlsx or .jsonl file; "
        "save it in one of these formats."
    )


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused("The file is empty.")
    limit = max_bytes()
    if size > limit:
        raise ImportRefused(
            f"The file is {size:,} bytes; files up to {limit:,} bytes are accepted. "
            "Split it into smaller files."
        )


def _limited(rows: Iterable[Row], limit: int) -> Iterator[Row]:
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise ImportRefused(
                f"The file has more than {limit:,} rows; split it into smaller files."
            )
        yield row


def read_rows(path: str | Path, format: str, *, record_type: str = "") -> Iterator[Row]:
    """The rows of a file in ``format`` (csv, xlsx or jsonl), streamed.

    Whole-file checks that need no parsing (size, text or binary, the zip directory of a
    workbook) run now and raise ``ImportRefused``; the row limit is enforced while streaming,
    when it is passed. ``record_type`` picks a workbook's sheet of that name, if there is one.
    """
    path = Path(path)
    if format not in FORMATS:
        raise ImportRefused(f"“{format}” is not an import format; use csv, xlsx or jsonl.")
    check_size(path)
    rows: Iterable[Row]
    if format == "xlsx":
        from nncc.intake.imports import xlsx  # openpyxl is loaded only when a workbook comes

        rows = xlsx.read_xlsx(path, record_type=record_type)
    elif format == "jsonl":
        check_text(path, "utf-8-sig")
        rows = read_jsonl(path)
    else:
        rows = read_csv(path)
    return _limited(rows, max_rows())


def count_rows(path: str | Path, format: str) -> int | None:
    """How many rows ``read_rows`` will give, for progress; None when it cannot tell cheaply
    (``read_rows`` then says what is wrong with the file)."""
    path = Path(path)
    try:
        check_size(path)
        if format == "xlsx":
            from nncc.intake.imports import xlsx

            return xlsx.count_xlsx(path)
        if format == "jsonl":
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if format == "csv":
            return _count_csv(path)
    except (ImportRefused, OSError, UnicodeDecodeError, csv.Error):
        return None
    return None


# --- text -----------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) and UTF-16 by their BOM; a file that is not valid UTF-8 is taken
    as Windows-1252, which is what spreadsheet programs in Pakistan save as "CSV" by default."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        # The whole file is checked, chunk by chunk, so one bad byte near the end still counts.
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def check_text(path: Path, encoding: str) -> None:
    """Refuse a binary file sent as text (a workbook, a PDF, an image renamed .csv)."""
    with path.open("rb") as handle:
        check_head(handle.read(_CHUNK), encoding)


def check_head(head: bytes, encoding: str) -> None:
    """``check_text`` of a file's first block, for a caller reading the file anyway."""
    for signature, what in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise ImportRefused(f"This is not a text file but {what}.")
    if encoding != "utf-16" and head.count(b"\x00") > len(head) * _MAX_CONTROL_SHARE:
        raise ImportRefused(
            "This is not a text file: it is full of NUL bytes. Is it a binary file renamed? "
            "(UTF-16 text needs its byte-order mark; or save it as UTF-8.)"
        )
    sample = head.decode(encoding, errors="replace")
    controls = sum(1 for char in sample if char < " " and char not in _TEXT_CONTROLS)
    if controls > len(sample) * _MAX_CONTROL_SHARE:
        raise ImportRefused("This is not a text file; is it a binary file renamed .csv?")


def _text(path: Path, encoding: str) -> io.TextIOWrapper:
    # cp1252 leaves five bytes undefined; replacing them keeps the row readable and visible.
    errors = "replace" if encoding == "cp1252" else "strict"
    return open(path, encoding=encoding, errors=errors, newline="")


def _delimiter(handle: io.TextIOWrapper) -> str:
    """Comma, unless the header line has none and is split by semicolons (spreadsheets set to a
    decimal comma save those) or tabs."""
    try:
        first = handle.readline(_CHUNK)
    except UnicodeDecodeError:
        first = ""
    handle.seek(0)
    if "," in first:
        return ","
    counts = {delimiter: first.count(delimiter) for delimiter in (";", "\t")}
    best = max(counts, key=lambda key: counts[key])
    return best if counts[best] else ","


def header_names(cells: Iterable[str]) -> list[str]:
    """Header cells as column names: trimmed, NUL and byte-order marks removed; a name given
    twice is refused, as one of the two columns would be lost."""
    names = [" ".join(cell.replace("\x00", "").replace("\ufeff", "").split()) for cell in cells]
    seen: set[str] = set()
    for name in names:
        key = name.casefold()
        if key and key in seen:
            raise ImportRefused(f"The header names the column “{name}” twice.")
        seen.add(key)
    return names


def _open_csv(path: Path) -> tuple[io.TextIOWrapper, str]:
    encoding = detect_encoding(path)
    check_text(path, encoding)
    handle = _text(path, encoding)
    return handle, _delimiter(handle)


def read_csv(path: Path) -> Iterator[Row]:
    """Rows of a CSV file with a header row; row numbers are as a spreadsheet shows them."""
    handle, delimiter = _open_csv(path)  # eager: a binary file is refused before any row
    return _csv_rows(handle, delimiter)


class _Lines:
    """The file's lines as the CSV reader takes them, keeping those of the row being read, so
    a row that cannot be read is given back as its text."""

    def __init__(self, handle: io.TextIOWrapper) -> None:
        self.handle = handle
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.handle)
        self.taken.append(line)
        return line

    def pop(self) -> str:
        text = "".join(self.taken)
        self.taken.clear()
        return text


def _csv_rows(handle: io.TextIOWrapper, delimiter: str) -> Iterator[Row]:
    with handle:
        lines = _Lines(handle)
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportRefused(f"The header row cannot be read: {exc}.") from exc
        columns = header_names(header)
        lines.pop()
        number = 1
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raw = raw_text(lines.pop())
                yield Row(number, {}, f"The row cannot be read as CSV: {exc}.", raw)
                continue
            except UnicodeDecodeError:
                yield Row(number, {}, f"The file is not valid {handle.encoding} from this row on.")
                return
            text = lines.pop()
            if not any(cell.strip() for cell in cells):
                number -= 1  # blank lines are not rows; they neither count nor shift numbering
                continue
            row = _csv_row(number, columns, cells)
            yield row._replace(raw=raw_text(text)) if row.error else row


def _csv_row(number: int, columns: list[str], cells: list[str]) -> Row:
    if any("\x00" in cell for cell in cells):
        return Row(number, {}, "The row contains NUL bytes; is this a binary file?")
    if len(cells) != len(columns):
        # A spreadsheet pads short rows and trails empty columns; only cells with text count.
        extra = cells[len(columns) :]
        if len(cells) < len(columns) or any(cell.strip() for cell in extra):
            return Row(
                number,
                {},
                f"The row has {len(cells)} cells but the header has {len(columns)} columns.",
            )
    return Row(
        number,
        {
            name: restore_neutralised(cell.strip())
            for name, cell in zip(columns, cells, strict=False)
        },
    )


def _count_csv(path: Path) -> int:
    handle, delimiter = _open_csv(path)
    count = 0
    with handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader, None)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return count
            except csv.Error:
                count += 1
                continue
            if any(cell.strip() for cell in cells):
                count += 1


# --- JSON lines -----------------------------------------------------------------------------


def read_jsonl(path: Path) -> Iterator[Row]:
    """Rows of a JSON-lines file: one JSON object per line; row numbers are line numbers.

    Lines are decoded one by one, so a line that is not UTF-8 is that row's error only.
    """
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw_text(raw.decode("utf-8", errors="replace"))
                yield Row(number, {}, "The line is not UTF-8 text.", text)
                continue
            if line.strip():
                row = json_row(number, line)
                yield row._replace(raw=raw_text(line)) if row.error else row


def json_row(number: int, line: str) -> Row:
    """One JSON object as a row; anything else is a row with an error."""
    if "\x00" in line:
        return Row(number, {}, "The line contains NUL bytes; is this a binary file?")
    try:
        value = json.loads(line)
    except ValueError as exc:
        return Row(number, {}, f"The line is not valid JSON: {exc}.")
    except RecursionError:
        return Row(number, {}, "The line is nested too deeply to be a row.")
    if not isinstance(value, dict):
        return Row(number, {}, "Each line must be a JSON object.")
    values: dict[str, str] = {}
    seen: set[str] = set()
    for key, item in value.items():
        if isinstance(item, dict | list):
            return Row(number, {}, f"“{key}” must be a single value, not a list or object.")
        name = " ".join(str(key).split())
        if name.casefold() in seen:
            return Row(number, {}, f"The object names “{name}” twice.")
        seen.add(name.casefold())
        values[name] = _json_text(item)
    return Row(number, values)


def _json_text(item: object) -> str:
    if item is None:
        return ""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, float) and item.is_integer() and abs(item) < 1e15:
        return str(int(item))  # 12.0 is the number 12, as a spreadsheet shows it
    return str(item).strip()
