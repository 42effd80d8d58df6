"""Benchmark data sets as files: the ``nncc resolve`` input and the truth.

``Dataset`` (rows in the command's columns, with the truth) and ``person_records`` live with the
generator in ``nncc.resolution.synthetic``; FEBRL is loaded into the same shape.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from nncc.resolution.commands import COLUMNS as RESOLVE_COLUMNS
from nncc.resolution.synthetic.rows import Dataset, is_por_card, person_records

#: The input columns of ``nncc resolve``, in contract order (the command's own list).
COLUMNS = RESOLVE_COLUMNS

__all__ = [
    "COLUMNS",
    "Dataset",
    "is_por_card",
    "person_records",
    "read_mapping",
    "write_rows",
    "write_truth",
]


def write_rows(path: Path | str, rows: Iterable[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_truth(path: Path | str, truth: dict[str, str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "entity_id"])
        writer.writerows(truth.items())


def read_mapping(path: Path | str, value_column: str) -> dict[str, str]:
    """A two-column CSV (``record_id`` and ``value_column``) as a dict, e.g. the CLI's output."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["record_id"]: row[value_column] for row in csv.DictReader(handle)}
