"""The comparison levels of the model, written twice: as DuckDB SQL for Splink and in Python.

Splink trains the model and scores whole batches; ``scoring.compare`` scores one pair in Python
for online resolution and for explanations. Both must put a pair in the same level, so each
level is defined here once in SQL and once in Python, next to each other, and a test scores a
sample of pairs both ways and compares the weights.

Names are compared as token sets (order-insensitive): a token of one name agrees with the other
name when its phonetic key (``names.phonetic_key`` of the canonical form, which absorbs spelling
variants and most typos) is among the other's keys, or when one of the two is an initial of the
other. Tokens in ``names.COMMON_TOKENS`` ("muhammad", "khan") agree too, but a level that rests
only on them is kept apart, so that sharing "Muhammad Khan" weighs little.

The modules: ``levels`` (what a level is), ``tokens`` (when two name tokens agree), ``names``,
``births`` and ``identifiers`` (the comparisons), ``specs`` (the model's comparisons in order)
and ``columns`` (the columns the SQL reads).
"""

from nncc.resolution.comparisons.births import birth_level
from nncc.resolution.comparisons.columns import (
    NAME_COLUMNS,
    arrow_schema,
    arrow_table,
    chunks,
    splink_row,
)
from nncc.resolution.comparisons.identifiers import (
    identifier_level,
    one_typo,
    phone_level,
    phone_tail,
)
from nncc.resolution.comparisons.levels import ComparisonSpec, Level
from nncc.resolution.comparisons.names import DUCKDB_MACROS, name_level, names_differ_sql
from nncc.resolution.comparisons.specs import build_specs
from nncc.resolution.comparisons.tokens import (
    common_tokens,
    match_keys,
    name_variants,
    offered_variants,
    probe_keys,
    probed_variants,
    typo_variants,
)

__all__ = [
    "DUCKDB_MACROS",
    "NAME_COLUMNS",
    "ComparisonSpec",
    "Level",
    "arrow_schema",
    "arrow_table",
    "birth_level",
    "build_specs",
    "chunks",
    "common_tokens",
    "identifier_level",
    "match_keys",
    "name_level",
    "name_variants",
    "names_differ_sql",
    "offered_variants",
    "one_typo",
    "phone_level",
    "phone_tail",
    "probe_keys",
    "probed_variants",
    "splink_row",
    "typo_variants",
]
