"""Batch resolution: prepare, block, score with Splink, cluster under constraints.

Needs no database server: Splink runs on an embedded, in-memory DuckDB (or on Spark for
national-scale batches, ``backend="spark"``). Candidate pairs come from ``blocking.blocking_keys``
— the keys online resolution uses — so a batch and the online path find the same candidates.
From ``MIN_RECORDS_TO_TRAIN`` records on, the model's m and u are learnt afresh on (a sample of)
the batch, without labels, exactly as the shipped parameters were learnt (``train``); smaller
batches use the shipped model. Splink's term frequencies of whole names always come from the
batch itself, so a name common in this file weighs little.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from nncc.resolution.blocking import MAX_BLOCK_SIZE, blocking_keys
from nncc.resolution.clustering import MIN_SUPPORT, cluster
from nncc.resolution.comparisons import DUCKDB_MACROS, arrow_table, chunks
from nncc.resolution.model import Model, default_model
from nncc.resolution.records import PersonRecord, Prepared, prepare

#: progress(stage, done, total): stage is a short text; total is None when unknown
Progress = Callable[[str, int, int | None], None]

#: From this many records on, the model is trained on the batch itself (``_train_on_sample``).
MIN_RECORDS_TO_TRAIN = 1000
#: Below this many records, name frequencies come from the model, not from the batch.
MIN_RECORDS_FOR_OWN_TF = 1000
#: DuckDB's own memory; beyond it, it spills to a temporary directory.
DUCKDB_MEMORY_LIMIT = "1GB"
#: Training looks at a random sample of at most this many records, to bound its time.
TRAINING_SAMPLE = 20_000
#: Random pairs u is estimated from: Splink holds their comparison vectors in memory (about
#: 450 MB a million), but a million measured 0.001 lower pairwise F1 on the synthetic set.
TRAINING_U_PAIRS = 2e6


@dataclass
class BatchResult:
    clusters: dict[str, str]
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    problems: dict[str, tuple[str, ...]] = field(default_factory=dict)
    candidate_pairs: int = 0
    model: Model | None = None


def resolve(
    records: Iterable[PersonRecord],
    *,
    progress: Progress | None = None,
    model: Model | None = None,
    backend: str = "duckdb",
    threshold: float | None = None,
    train: bool | None = None,
    spark: Any = None,
) -> dict[str, str]:
    """record_id → cluster_id (the cluster's first record id in input order)."""
    return resolve_detailed(
        records,
        progress=progress,
        model=model,
        backend=backend,
        threshold=threshold,
        train=train,
        spark=spark,
    ).clusters


def resolve_detailed(
    records: Iterable[PersonRecord],
    *,
    progress: Progress | None = None,
    model: Model | None = None,
    backend: str = "duckdb",
    threshold: float | None = None,
    train: bool | None = None,
    spark: Any = None,
) -> BatchResult:
    """Like ``resolve``, also returning the scored pairs and each record's problems."""
    report = progress or (lambda stage, done, total: None)
    model = model or default_model()
    prepared = _prepare_all(records, report)
    ids = [p.record_id for p in prepared]
    strong = {p.record_id: p.strong_ids for p in prepared}
    problems = {p.record_id: p.problems for p in prepared if p.problems}
    if len(prepared) < 2:
        return BatchResult({i: i for i in ids}, problems=problems, model=model)

    # Training first: its own DuckDB is the largest user of memory, and the columns of the
    # whole batch need not exist yet while it runs.
    if train or (train is None and len(prepared) >= MIN_RECORDS_TO_TRAIN):
        report("training the model on this batch", 0, None)
        model = _train_on_sample(prepared, model)
        report("training the model on this batch", 1, 1)
    report("building columns", 0, None)
    rows = arrow_table(prepared)
    keys = _keys_table(prepared)
    report("building columns", len(ids), len(ids))
    del prepared  # the columns hold what scoring needs; the records would only take memory
    report("finding candidate pairs", 0, None)
    cut = threshold or model.cluster_threshold
    scorer = _SCORERS[backend]
    # Pairs are kept from the lower of the cut and the review threshold, so a cut set below the
    # review threshold (``--threshold 0.3``) has pairs to act on.
    floor = min(cut, model.review_threshold)
    pairs, candidates = scorer(rows, keys, model, report, spark, floor)
    report("clustering", 0, None)
    clusters = cluster(ids, pairs, strong, cut, min_support=MIN_SUPPORT)
    report("clustering", len(ids), len(ids))
    return BatchResult(clusters, pairs, problems, candidates, model)


def _train_on_sample(prepared: list[Prepared], model: Model) -> Model:
    """Fellegi–Sunter parameters of this batch, learnt without labels from a sample of it.

    How agencies misspell, which fields they leave out and how common names are differ from
    one file to the next (FEBRL's corrupted numbers are not a Levies register), so m and u are
    learnt afresh; the thresholds and the bounds on m (``Model.guarded``) stay the shipped
    model's. Should the data give Splink nothing to learn from, the shipped model is kept.
    """
    import random

    import duckdb
    from splink.internals.exceptions import SplinkException

    from nncc.resolution.train import train

    sample = prepared
    if len(prepared) > TRAINING_SAMPLE:
        sample = random.Random(len(prepared)).sample(prepared, TRAINING_SAMPLE)
    try:
        with quiet_splink():
            return train(sample, base=model, max_pairs=TRAINING_U_PAIRS)
    except (SplinkException, ValueError, ArithmeticError, duckdb.Error):
        # Training only sharpens the parameters; a batch it cannot learn from still resolves.
        return model


KEYS_SCHEMA = pa.schema([("unique_id", pa.string()), ("key", pa.string())])


def _keys_table(prepared: list[Prepared]) -> pa.Table:
    """``keys(unique_id, key)``: every record's blocking keys, built a chunk at a time."""
    batches = []
    for chunk in chunks(prepared, 5000):
        ids: list[str] = []
        keys: list[str] = []
        for p in chunk:
            found = blocking_keys(p)
            ids.extend([p.record_id] * len(found))
            keys.extend(found)
        batches.append(pa.record_batch([ids, keys], schema=KEYS_SCHEMA))
    return pa.Table.from_batches(batches, schema=KEYS_SCHEMA)


def _prepare_all(records: Iterable[PersonRecord], report: Progress) -> list[Prepared]:
    prepared: list[Prepared] = []
    for record in records:
        prepared.append(prepare(record))
        if len(prepared) % 5000 == 0:
            report("preparing records", len(prepared), None)
    report("preparing records", len(prepared), len(prepared))
    return prepared


#: Distinct pairs sharing at least one key, skipping keys held by too many records: the query
#: over a table ``keys(unique_id, key)`` both backends run.
#: (A constant: the only value put into it is ``MAX_BLOCK_SIZE``.)
CANDIDATE_PAIRS_SQL = f"""
with sizes as (
    select key, count(*) as n from keys group by key having count(*) between 2 and {MAX_BLOCK_SIZE}
), kept as (
    select k.unique_id, k.key from keys k join sizes s using (key)
)
select distinct a.unique_id as join_key_l, b.unique_id as join_key_r
from kept a join kept b on a.key = b.key and a.unique_id < b.unique_id
"""  # noqa: S608


def model_term_frequency_lookups(model: Model) -> dict[str, pa.Table]:
    """Splink lookups of the model's name frequencies, one table per column."""
    return {
        column: pa.Table.from_pylist(
            [{column: value, f"tf_{column}": share} for value, share in table.items()],
            schema=pa.schema([(column, pa.string()), (f"tf_{column}", pa.float64())]),
        )
        for column, table in model.term_frequencies.items()
    }


def _score_duckdb(
    rows: pa.Table, keys: pa.Table, model: Model, report: Progress, spark: Any, floor: float
) -> tuple[list[tuple[str, str, float]], int]:
    import duckdb
    from splink import DuckDBAPI, Linker

    # Insertion order is of no use here (pairs are clustered by probability) and keeping it
    # holds whole intermediate results in memory; the limit makes DuckDB spill, not grow.
    connection = duckdb.connect(
        config={"preserve_insertion_order": False, "memory_limit": DUCKDB_MEMORY_LIMIT}
    )
    try:
        for macro in DUCKDB_MACROS:
            connection.execute(macro)
        connection.register("keys", keys)
        pairs_sql = (
            f"create table blocked as select 'k' as match_key, * from ({CANDIDATE_PAIRS_SQL})"  # noqa: S608
        )
        connection.execute(pairs_sql)
        candidates = connection.execute("select count(*) from blocked").fetchall()[0][0]
        report("finding candidate pairs", candidates, candidates)
        db_api = DuckDBAPI(connection=connection)
        with quiet_splink():
            report("scoring candidate pairs", 0, candidates)
            linker = Linker(
                db_api.register(rows), model.splink_settings(), log_level=logging.WARNING
            )
            if rows.num_rows < MIN_RECORDS_FOR_OWN_TF:
                # In a handful of records every name looks common; use the model's frequencies.
                for column, lookup in model_term_frequency_lookups(model).items():
                    linker.table_management.register_term_frequency_lookup(
                        db_api.register(lookup), column
                    )
            linker.table_management.register_blocked_pairs_for_predict(db_api.register("blocked"))
            predictions = linker.inference.predict(
                threshold_match_probability=floor, warning_mode="never"
            )
            scored = predictions.as_duckdbpyrelation().select(
                "unique_id_l, unique_id_r, match_probability"
            )
            pairs = [(left, right, float(p)) for left, right, p in scored.fetchall()]
        report("scoring candidate pairs", candidates, candidates)
    finally:
        connection.close()  # also when Splink fails, so its memory goes with it
    return pairs, candidates


def _score_spark(
    rows: pa.Table, keys: pa.Table, model: Model, report: Progress, spark: Any, floor: float
) -> tuple[list[tuple[str, str, float]], int]:
    from nncc.resolution.spark import score_with_spark

    return score_with_spark(rows, keys, model, report, spark, floor)


_SCORERS = {"duckdb": _score_duckdb, "spark": _score_spark}


class quiet_splink:
    """Splink logs every step at INFO; a batch shows its own progress instead."""

    def __enter__(self) -> None:
        self.logger = logging.getLogger("splink")
        self.level = self.logger.level
        self.logger.setLevel(logging.WARNING)

    def __exit__(self, *exc: object) -> None:
        self.logger.setLevel(self.level)
