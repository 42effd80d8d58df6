"""A synthetic data set in the shape of the ``nncc resolve`` input, with its truth.

Rows carry the command's columns as text, so every resolver sees exactly what the command would
read from a CSV; ``person_records`` turns them into the engine's records the way the command
does. The truth maps each record id to the id of the real person behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from nncc.resolution.records import PersonRecord


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


def person_records(rows: Iterable[dict[str, str]]) -> Iterator[PersonRecord]:
    """The rows as ``PersonRecord``, one identifier per column."""
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
