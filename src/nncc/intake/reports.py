"""What an import tells the agency back: the preview, its summary and the rejects file.

The rejects file has one line per refused row, with the row's own columns in the file's own
header order (read from the stored file; any other column of a refused row after them), then
``nncc_row`` (the row's number in the file sent) and ``nncc_problems`` ("column: reason; ...").
A row the reader could not read at all (a ragged CSV row, a line that is not JSON) has no cells
to give back: its text, as the file had it, comes in a last column ``nncc_raw`` (present only
when there is such a row), kept in the rejection's ``value``.
The agency fixes the cells and sends the file back; the import keys rows by their record id, so
the corrected rows land and the rest stay as they were.

Every cell goes through ``kernel.exports.neutralise_formula``: a rejected row is exactly the
kind of input nobody checked, and a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would run as a formula in the spreadsheet of whoever opens the file.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from nncc.intake.imports.parsing import ImportRefused, Row, read_rows
from nncc.intake.imports.profiles import ProfileMapper, apply_profile
from nncc.intake.imports.service import import_file
from nncc.intake.models import ImportJob, ImportProfile, ImportRejection
from nncc.kernel.exports import neutralise_formula

ROW_COLUMN = "nncc_row"
PROBLEMS_COLUMN = "nncc_problems"
RAW_COLUMN = "nncc_raw"
OUR_COLUMNS = (ROW_COLUMN, PROBLEMS_COLUMN, RAW_COLUMN)
# Control characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses a cell with them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


PREVIEW_ROWS = 20
#: rows read from a stored file to find its header for the rejects file
_HEADER_ROWS = 50


@dataclass
class PreviewRow:
    number: int
    values: dict[str, str]
    error: str = ""
    outcome: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: the row's values in the order of the preview's columns
    cells: list[str] = field(default_factory=list)


@dataclass
class Preview:
    #: (the file's header, our column it maps to, or "" when nothing takes it)
    headers: list[tuple[str, str]]
    #: our columns the preview table shows, in the file's order
    columns: list[str]
    rows: list[PreviewRow]

    @property
    def unmapped(self) -> list[str]:
        return [header for header, ours in self.headers if not ours]


class _PreviewDone(Exception):
    """Stops the dry run once the preview's rows are judged: the rest of the file is the
    import's business, and a preview must answer at once whatever the file's length."""


def _header_map(headers: list[str], profile: ImportProfile | None) -> list[tuple[str, str]]:
    """Which of our columns each of the file's headers feeds, as ``apply_profile`` maps it."""
    mapper = ProfileMapper(profile)
    return [(header, mapper.target(header) or "") for header in headers]


def preview(
    *,
    acting_user: Any,
    path: Path,
    format: str,
    profile: ImportProfile | None,
    record_type: str,
    limit: int = PREVIEW_ROWS,
) -> Preview:
    """The first ``limit`` rows of a file after the profile's mapping, each judged by a dry run
    of the import service (nothing is written). Raises ``ImportRefused`` for a refused file."""
    raw = list(itertools.islice(read_rows(path, format, record_type=record_type), limit))
    headers: dict[str, None] = {}
    for row in raw:
        headers.update(dict.fromkeys(row.values))
    mapped: list[Row] = list(apply_profile(iter(raw), profile))
    rows = {row.number: PreviewRow(row.number, dict(row.values), row.error) for row in mapped}
    columns: dict[str, None] = {}
    for row in mapped:
        columns.update(dict.fromkeys(row.values))

    def judged(number: int, outcome: str, record_id: Any, problems: Any) -> None:
        if number in rows:
            rows[number].outcome = str(outcome)
            rows[number].problems = [_problem(problem) for problem in problems or []]
        if number >= max(rows, default=0):
            raise _PreviewDone

    if rows:
        with contextlib.suppress(_PreviewDone):
            import_file(
                acting_user=acting_user,
                path=path,
                format=format,
                profile=profile,
                record_type=record_type,
                dry_run=True,
                batch_size=limit,
                on_row=judged,
            )
    for judged_row in rows.values():
        judged_row.cells = [judged_row.values.get(column, "") for column in columns]
    return Preview(
        headers=_header_map(list(headers), profile),
        columns=list(columns),
        rows=list(rows.values()),
    )


def _problem(problem: Any) -> tuple[str, str]:
    if isinstance(problem, ImportRejection):
        return problem.column, problem.reason
    if isinstance(problem, dict):
        return str(problem.get("column", "")), str(problem.get("reason", ""))
    column, reason = problem
    return str(column), str(reason)


def summary(job: ImportJob) -> dict[str, Any]:
    """The job's counts, and whether they add up (they always should; the page says so)."""
    counts = job.counts()
    landed = counts["created"] + counts["updated"] + counts["unchanged"] + counts["rejected"]
    return {
        **counts,
        "adds_up": landed == counts["received"],
        "rejected_rows": job.rejections.values("row_number").distinct().count() if job.pk else 0,
        "problems": job.rejections.count() if job.pk else 0,
    }


def _rejected_rows(job: ImportJob) -> Iterator[tuple[int, dict[str, Any], list[str], str]]:
    """(row number, the row as sent, its problems, the text of a row that could not be read)
    for each refused row, in file order."""
    number: int | None = None
    values: dict[str, Any] = {}
    problems: list[str] = []
    raw = ""
    rejections = (
        ImportRejection.objects.filter(job=job)
        .order_by("row_number", "id")
        .values_list("row_number", "column", "reason", "row_values", "value")
    )
    for row_number, column, reason, row_values, value in rejections.iterator(chunk_size=2000):
        if row_number != number:
            if number is not None:
                yield number, values, problems, raw
            number, values, problems, raw = row_number, {}, [], ""
        if isinstance(row_values, dict):
            values.update(row_values)
        if not column and value and not values:
            raw = value  # a row problem with a value but no cells: the row's own text
        problems.append(f"{column}: {reason}" if column else reason)
    if number is not None:
        yield number, values, problems, raw


def _file_header(job: ImportJob) -> list[str]:
    """The header of the job's stored file, in the file's order; [] when it cannot be read.

    The rejected rows are stored as JSON, and PostgreSQL's JSON does not keep the order of
    keys; the file does. Only the first rows are read: every row of a CSV or workbook has the
    header's columns, and JSON lines written by one script share theirs.
    """
    path = Path(job.stored_file) if job.stored_file else None
    if path is None or not path.is_file():
        return []
    try:
        rows = read_rows(path, job.format, record_type=job.record_type)
        for row in itertools.islice(rows, _HEADER_ROWS):
            if not row.error:
                return [str(name) for name in row.values]
    except (ImportRefused, OSError, ValueError, csv.Error):
        pass
    return []


def rejects_header(job: ImportJob) -> list[str]:
    """The file's own columns (in its order), any other column of a refused row after them,
    then ours."""
    seen: dict[str, None] = dict.fromkeys(_file_header(job))
    for row_values in (
        ImportRejection.objects.filter(job=job)
        .order_by("row_number", "id")
        .values_list("row_values", flat=True)
        .iterator(chunk_size=2000)
    ):
        if isinstance(row_values, dict):
            for key in row_values:
                seen.setdefault(str(key), None)
    # A file column named like ours would be hidden by it; ours come last and win only there.
    ours = [ROW_COLUMN, PROBLEMS_COLUMN]
    if _has_unreadable_rows(job):
        ours.append(RAW_COLUMN)
    return [name for name in seen if name not in OUR_COLUMNS] + ours


def _has_unreadable_rows(job: ImportJob) -> bool:
    return (
        ImportRejection.objects.filter(job=job, column="", row_values={}).exclude(value="").exists()
    )


def rejects_rows(job: ImportJob) -> Iterator[list[Any]]:
    """The rejects file as rows of neutralised cells, the header first."""
    header = rejects_header(job)
    with_raw = header[-1] == RAW_COLUMN
    original = header[: -3 if with_raw else -2]
    yield [neutralise_formula(name) for name in header]
    for number, values, problems, raw in _rejected_rows(job):
        cells = [values.get(name, "") for name in original] + [number, "; ".join(problems)]
        if with_raw:
            cells.append(raw)
        yield [neutralise_formula(cell) for cell in cells]


def write_rejects_csv(job: ImportJob, handle: IO[str]) -> int:
    """Write the rejects file as CSV (with a byte-order mark for spreadsheet programs);
    returns the number of rejected rows written."""
    handle.write("\ufeff")
    writer = csv.writer(handle)
    written = -1
    for written, row in enumerate(rejects_rows(job)):  # noqa: B007 - the count is the answer
        writer.writerow(row)
    return max(written, 0)


def write_rejects_xlsx(job: ImportJob, handle: IO[bytes]) -> int:
    """Write the rejects file as an XLSX workbook (streamed, one sheet); returns the number of
    rejected rows written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("rejected rows")
    written = -1
    for written, row in enumerate(rejects_rows(job)):  # noqa: B007 - the count is the answer
        # Stripped first, neutralised again: "\x01=..." must not become a formula once cleaned.
        sheet.append(
            [neutralise_formula(_NOT_XML.sub("", c)) if isinstance(c, str) else c for c in row]
        )
    workbook.save(handle)
    return max(written, 0)
