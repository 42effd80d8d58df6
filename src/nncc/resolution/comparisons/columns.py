"""The columns the SQL levels read: one row per prepared record, and their Arrow schema."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from nncc.resolution.comparisons.identifiers import phone_tail
from nncc.resolution.comparisons.tokens import (
    common_tokens,
    match_keys,
    name_variants,
    probe_keys,
    probed_variants,
)
from nncc.resolution.records import NameForm, Prepared

NAME_COLUMNS = ("items", "keys", "firsts", "initials", "variants")
#: Records turned into Python rows at a time by ``arrow_table``.
CHUNK_ROWS = 5000


def splink_row(p: Prepared) -> dict[str, Any]:
    """The columns the SQL levels read, for one prepared record (empty values are NULL)."""
    common = common_tokens()

    def columns(prefix: str, form: NameForm) -> dict[str, Any]:
        if not form:
            return {f"{prefix}_{suffix}": None for suffix in ("sorted", *NAME_COLUMNS)}
        pairs = list(zip(form.tokens, form.keys, strict=True))
        return {
            f"{prefix}_sorted": form.sorted_text,
            f"{prefix}_items": [
                {
                    "k": list(probe_keys(t, k)),
                    "f": t[:1],
                    "c": t in common,
                    "i": len(t) == 1,
                    "d": sorted(probed_variants(t)),
                }
                for t, k in pairs
            ],
            f"{prefix}_variants": sorted(name_variants(form)),
            f"{prefix}_keys": sorted({m for t, k in pairs if len(t) > 1 for m in match_keys(t, k)}),
            f"{prefix}_firsts": sorted({t[:1] for t, _ in pairs}),
            f"{prefix}_initials": sorted({t for t, _ in pairs if len(t) == 1}),
        }

    return {
        "unique_id": p.record_id,
        **columns("name", p.name),
        **columns("father", p.father),
        "birth_year": p.birth_year,
        "birth_month": p.birth_month,
        "birth_day": p.birth_day,
        "cnics": list(p.cnics) or None,
        "passports": list(p.passports) or None,
        "pors": list(p.pors) or None,
        "phones": list(p.phones) or None,
        "phone_tails": [phone_tail(x) for x in p.phones] or None,
        "sex": p.sex or None,
        "nationality": p.nationality or None,
        "district": p.district or None,
    }


def arrow_schema() -> pa.Schema:
    item = pa.struct(
        [
            ("k", pa.list_(pa.string())),
            ("f", pa.string()),
            ("c", pa.bool_()),
            ("i", pa.bool_()),
            ("d", pa.list_(pa.string())),
        ]
    )
    strings = pa.list_(pa.string())
    name_columns = [
        (f"{prefix}_{suffix}", kind)
        for prefix in ("name", "father")
        for suffix, kind in (
            ("sorted", pa.string()),
            ("items", pa.list_(item)),
            ("keys", strings),
            ("firsts", strings),
            ("initials", strings),
            ("variants", strings),
        )
    ]
    return pa.schema(
        [
            ("unique_id", pa.string()),
            *name_columns,
            ("birth_year", pa.int32()),
            ("birth_month", pa.int32()),
            ("birth_day", pa.int32()),
            ("cnics", strings),
            ("passports", strings),
            ("pors", strings),
            ("phones", strings),
            ("phone_tails", strings),
            ("sex", pa.string()),
            ("nationality", pa.string()),
            ("district", pa.string()),
        ]
    )


def arrow_table(prepared: Iterable[Prepared], chunk_rows: int = CHUNK_ROWS) -> pa.Table:
    """``splink_row`` of every record as one Arrow table, built a chunk at a time.

    The rows of a whole batch as Python dicts take five times the memory of the finished
    table, and the process keeps that memory after they are freed (DuckDB allocates its own),
    so at most ``chunk_rows`` of them exist at once.
    """
    schema = arrow_schema()
    batches = [
        pa.RecordBatch.from_pylist([splink_row(p) for p in chunk], schema=schema)
        for chunk in chunks(prepared, chunk_rows)
    ]
    return pa.Table.from_batches(batches, schema=schema)


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
