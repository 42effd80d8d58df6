"""Spreadsheet-safe CSV responses.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is run as a
formula by spreadsheet programs, so a name typed by one user could execute in another user's
spreadsheet. Text cells are prefixed with an apostrophe, which spreadsheets show as plain text;
numbers are left alone so negative figures stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def restore_neutralised(text: str) -> str:
    """Undo ``neutralise_formula`` on a cell read back from a file we exported, so that a fixed
    rejects file sent back gives "+923001234567", not "'+923001234567"."""
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    return text


def csv_response(filename: str, rows: Iterable[Iterable[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark lets spreadsheet programs read Urdu names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
    return response
