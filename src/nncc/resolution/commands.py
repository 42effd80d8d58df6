"""``nncc resolve INPUT.csv --out OUTPUT.csv``: batch resolution of a person file.

Needs no database server and no Django settings. The input file is checked before any work
(UTF-8, the contract's columns, unique record ids); a bad file is a clear message and exit code
2, never a traceback. Values that cannot be read (a malformed CNIC, an impossible date) are not
errors: the record resolves on the rest, and the problems are counted on stderr and listed with
``--problems FILE``.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

#: The input columns, in contract order; every one but record_id may be empty.
COLUMNS = (
    "record_id",
    "source",
    "full_name",
    "father_name",
    "date_of_birth",
    "sex",
    "nationality",
    "cnic",
    "passport",
    "phone",
    "district",
)


class InputError(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


@click.command("resolve")
@click.argument("input_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "output_file",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write record_id,cluster_id (one row per input record, input order).",
)
@click.option(
    "--problems",
    "problems_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Also write record_id,problem for every value that could not be read.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    default=None,
    help="Link pairs at or above this match probability (default: the model's).",
)
@click.option(
    "--backend",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Where Splink scores the candidate pairs (spark needs pyspark).",
)
def resolve(
    input_file: Path,
    output_file: Path,
    problems_file: Path | None,
    threshold: float | None,
    backend: str,
) -> None:
    """Group the records of INPUT.csv that are about the same person.

    INPUT.csv has a header row with the columns record_id, source, full_name, father_name,
    date_of_birth (YYYY-MM-DD or YYYY), sex (M/F), nationality (ISO alpha-2), cnic, passport
    (a PoR card number starting with "PoR" is read as one), phone, district; UTF-8.

    Example: nncc resolve persons.csv --out clusters.csv --problems problems.csv
    """
    from rich.console import Console

    from nncc.resolution.records import PersonRecord

    console = Console(stderr=True)
    # The rows as read are not kept: the records hold the same values.
    records = [_record(row, PersonRecord) for row in read_input(input_file)]
    started = time.monotonic()
    result = _run(records, console, threshold, backend)
    write_output(output_file, [r.record_id for r in records], result.clusters)
    clusters = len(set(result.clusters.values()))
    problems = sum(len(found) for found in result.problems.values())
    console.print(
        f"{len(records):,} records → {clusters:,} persons in {time.monotonic() - started:.1f} s; "
        f"{problems:,} unreadable values in {len(result.problems):,} records"
        + (
            f" (listed in {problems_file})"
            if problems_file
            else " (see --problems)"
            if problems
            else ""
        )
    )
    if problems_file:
        write_problems(problems_file, [r.record_id for r in records], result.problems)


def _run(records: list[Any], console: Any, threshold: float | None, backend: str) -> Any:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from nncc.resolution.batch import resolve_detailed

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            return resolve_detailed(
                records, progress=progress, threshold=threshold, backend=backend
            )
        except ImportError as exc:
            raise InputError(f"the {backend} backend is not available: {exc}") from exc


def read_input(path: Path) -> list[dict[str, str]]:
    """The rows of the input file, or an ``InputError`` naming what is wrong with it."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        raise InputError(f"{path} is empty; it needs a header row: {','.join(COLUMNS)}")
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise InputError(f"{path} lacks the column(s) {', '.join(missing)}")
    reader.fieldnames = header
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    try:
        for line, row in enumerate(reader, start=2):
            record_id = (row.get("record_id") or "").strip()
            if not record_id:
                raise InputError(f"{path}, row {line}: record_id is empty")
            if record_id in seen:
                raise InputError(
                    f"{path}, row {line}: record_id {record_id!r} repeats row {seen[record_id]}"
                )
            seen[record_id] = line
            rows.append({column: (row.get(column) or "").strip() for column in COLUMNS})
    except csv.Error as exc:
        raise InputError(f"{path} is not a readable CSV file ({exc})") from exc
    return rows


def _record(row: dict[str, str], record_class: Any) -> Any:
    document = row["passport"]
    # The contract has one document column; a PoR card number is told apart by its prefix.
    is_por = document.replace("-", "").replace(" ", "").upper().startswith("POR")
    return record_class(
        record_id=row["record_id"],
        source=row["source"],
        full_name=row["full_name"],
        father_name=row["father_name"],
        date_of_birth=row["date_of_birth"],
        sex=row["sex"],
        nationality=row["nationality"],
        district=row["district"],
        cnics=_one(row["cnic"]),
        passports=() if is_por else _one(document),
        pors=_one(document) if is_por else (),
        phones=_one(row["phone"]),
    )


def _one(value: str) -> tuple[str, ...]:
    return (value,) if value else ()


def write_output(path: Path, order: list[str], clusters: dict[str, str]) -> None:
    _write_atomically(path, ["record_id", "cluster_id"], ([rid, clusters[rid]] for rid in order))


def write_problems(path: Path, order: list[str], problems: dict[str, tuple[str, ...]]) -> None:
    _write_atomically(path, ["record_id", "problem"], _problem_rows(order, problems))


def _problem_rows(order: list[str], problems: dict[str, tuple[str, ...]]) -> Iterator[list[str]]:
    for record_id in order:
        for problem in problems.get(record_id, ()):
            yield [record_id, problem]


def _write_atomically(path: Path, header: list[str], rows: Iterator[list[str]]) -> None:
    """Write next to ``path`` and rename, so a failed run never leaves half a file."""
    directory = path.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.")
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror})") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(resolve())
