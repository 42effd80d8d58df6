"""A benchmark data set in the shape of the ``nncc resolve`` input, with its truth.

Rows carry the CLI contract's columns as text, so every resolver sees exactly what the command
would read from a CSV. The truth maps each record id to the id of the real entity behind it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nncc.resolution.commands import COLUMNS as RESOLVE_COLUMNS

#: The input columns of ``nncc resolve``, in contract order (the command's own list).
COLUMNS = RESOLVE_COLUMNS


@dataclass(frozen=True)
class Dataset:
    name: str
    rows: list[dict[str, str]]
    truth: dict[str, str]  # record_id → entity id
    #: entity id → the family or crowd of namesakes it belongs to (synthetic data only)
    groups: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = [row["record_id"] for row in self.rows]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.name}: duplicate record ids")
        if set(ids) != set(self.truth):
            raise ValueError(f"{self.name}: the truth does not cover exactly the records")


def is_por_card(value: str) -> bool:
    """The contract has one document column; a PoR card number is told apart by its prefix."""
    return value.replace("-", "").replace(" ", "").upper().startswith("POR")


def person_records(rows: Iterable[dict[str, str]]) -> Iterator[Any]:
    """The rows as ``nncc.resolution.records.PersonRecord``, one identifier per column."""
    from nncc.resolution.records import PersonRecord

    for row in rows:
        document = row.get("passport", "").strip()
        por = document if document and is_por_card(document) else ""
        passport = document if document and not por else ""
        yield PersonRecord(
            record_id=row["record_id"],
            source=row.get("source", ""),
            full_name=row.get("full_name", ""),
            father_name=row.get("father_name", ""),
            date_of_birth=row.get("date_of_birth", ""),
            sex=row.get("sex", ""),
            nationality=row.get("nationality", ""),
            district=row.get("district", ""),
            cnics=_one(row.get("cnic", "")),
            passports=_one(passport),
            pors=_one(por),
            phones=_one(row.get("phone", "")),
        )


def _one(value: str) -> tuple[str, ...]:
    value = value.strip()
    return (value,) if value else ()


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
