"""The kinds of rows a file may hold, and what reads, writes and describes each.

A record type names a reader (``build(values) -> data``, raising ``RowRejected`` or
``ValidationError``), a writer made for the acting user and agency, and the columns of its
template. A writer writes one row (``write(data) -> outcome``, run by the import in a savepoint)
and may also write a whole batch (``write_batch(rows) -> outcomes or refusals``), as the seizure
writer does to be fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from nncc.intake.models import ImportRecordType


class Reader(Protocol):
    def build(self, values: dict[str, str]) -> Any: ...


class Writer(Protocol):
    def write(self, data: Any) -> Any: ...


@dataclass(frozen=True)
class RecordType:
    name: str
    reader: Callable[[], Reader]
    writer: Callable[[Any, int], Writer]
    columns: Sequence[str]


def _seizure() -> RecordType:
    from nncc.intake.imports.rows import COLUMNS, RowReader
    from nncc.intake.imports.writing import SeizureBatchWriter

    return RecordType(ImportRecordType.SEIZURE, RowReader, SeizureBatchWriter, COLUMNS)


def _arrest() -> RecordType:
    from nncc.intake.imports.arrests import ARREST_COLUMNS, ArrestRowReader, ArrestRowWriter

    return RecordType(ImportRecordType.ARREST, ArrestRowReader, ArrestRowWriter, ARREST_COLUMNS)


# Modules are imported when a type is asked for: the writers import the services, which must
# not be loaded merely to list the types.
_TYPES: dict[str, Callable[[], RecordType]] = {
    ImportRecordType.SEIZURE: _seizure,
    ImportRecordType.ARREST: _arrest,
}


def record_type_of(name: str) -> RecordType:
    """The record type called ``name`` (seizure or arrest); ValueError for anything else."""
    try:
        make = _TYPES[name]
    except KeyError:
        raise ValueError(
            f"“{name}” is not a record type; use {' or '.join(ImportRecordType.values)}."
        ) from None
    return make()
