"""Streaming readers of import files: one row at a time, whatever the file's size or encoding.

A row that cannot be read (ragged, NUL bytes, bad JSON) comes out as a row with an error, never as
an exception: the import must report it and go on with the next row.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

_CHUNK = 1 << 16


class Row(NamedTuple):
    number: int
    values: dict[str, str]
    error: str = ""


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


def _text(path: Path, encoding: str) -> io.TextIOWrapper:
    # cp1252 leaves five bytes undefined; replacing them keeps the row readable and visible.
    errors = "replace" if encoding == "cp1252" else "strict"
    return open(path, encoding=encoding, errors=errors, newline="")


def read_csv(path: Path) -> Iterator[Row]:
    """Rows of a CSV file with a header row; row numbers are as a spreadsheet shows them."""
    with _text(path, detect_encoding(path)) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Row(1, {}, f"The header row cannot be read: {exc}.")
            return
        columns = [name.replace("\x00", "").strip().lower() for name in header]
        number = 1
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Row(number, {}, f"The row cannot be read as CSV: {exc}.")
                continue
            except UnicodeDecodeError:
                yield Row(number, {}, f"The file is not valid {handle.encoding} from this row on.")
                return
            if not any(cell.strip() for cell in cells):
                number -= 1  # blank lines are not rows; they neither count nor shift numbering
                continue
            yield _csv_row(number, columns, cells)


def _csv_row(number: int, columns: list[str], cells: list[str]) -> Row:
    if any("\x00" in cell for cell in cells):
        return Row(number, {}, "The row contains NUL bytes; is this a binary file?")
    if len(cells) != len(columns):
        return Row(
            number,
            {},
            f"The row has {len(cells)} cells but the header has {len(columns)} columns.",
        )
    return Row(number, {name: cell.strip() for name, cell in zip(columns, cells, strict=True)})


def read_jsonl(path: Path) -> Iterator[Row]:
    """Rows of a JSON-lines file: one JSON object per line; row numbers are line numbers."""
    with _text(path, "utf-8-sig") as handle:
        number = 0
        while True:
            number += 1
            try:
                line = handle.readline()
            except UnicodeDecodeError:
                yield Row(number, {}, "The file is not UTF-8 text from this line on.")
                return
            if not line:
                return
            if not line.strip():
                continue
            yield _json_row(number, line)


def _json_row(number: int, line: str) -> Row:
    if "\x00" in line:
        return Row(number, {}, "The line contains NUL bytes; is this a binary file?")
    try:
        value = json.loads(line)
    except ValueError as exc:
        return Row(number, {}, f"The line is not valid JSON: {exc}.")
    if not isinstance(value, dict):
        return Row(number, {}, "Each line must be a JSON object.")
    values: dict[str, str] = {}
    for key, item in value.items():
        if isinstance(item, dict | list):
            return Row(number, {}, f"“{key}” must be a single value, not a list or object.")
        values[str(key).strip().lower()] = "" if item is None else str(item).strip()
    return Row(number, values)


def read_rows(path: Path, format: str) -> Iterator[Row]:
    return read_jsonl(path) if format == "jsonl" else read_csv(path)
