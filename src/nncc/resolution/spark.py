"""Splink on Spark: the same model and the same candidate pairs on a cluster of machines.

For national-scale batches (tens of millions of statements) DuckDB on one machine is not
enough; Splink runs the same settings on Spark. The SQL levels call a few ``nncc_*`` functions
that DuckDB gets as macros (``comparisons.DUCKDB_MACROS``); on Spark they are registered as
Python UDFs built from the very Python functions ``scoring.compare`` uses, so both backends put a
pair in the same level. Candidate pairs come from the DuckDB path's own query, and small batches
take name frequencies from the model as there, so both backends score the same pairs alike.

Needs ``pyspark`` (the ``spark`` extra). Without a session from the caller, one is started in
local mode bound to the loopback interface, with no web UI, and stopped afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from nncc.resolution.batch import (
    CANDIDATE_PAIRS_SQL,
    MIN_RECORDS_FOR_OWN_TF,
    model_term_frequency_lookups,
    quiet_splink,
)
from nncc.resolution.comparisons import one_typo
from nncc.resolution.model import Model

#: Shuffle partitions of a local session: Spark's default of 200 is meant for clusters and
#: only adds scheduling overhead on one machine.
LOCAL_SHUFFLE_PARTITIONS = 8


def _matched(
    items: Any, keys: Any, firsts: Any, initials: Any, variants: Any, rare_only: bool
) -> int:
    keys, firsts, initials = set(keys or ()), set(firsts or ()), set(initials or ())
    variants = set(variants or ())
    count = 0
    for item in items or ():
        if item["i"]:
            count += (not rare_only) and item["f"] in firsts
        elif (
            keys & set(item["k"] or ()) or item["f"] in initials or variants & set(item["d"] or ())
        ):
            count += (not rare_only) or not item["c"]
    return int(count)


def register_functions(spark: Any) -> None:
    # Plain (pickled) Python UDFs: Arrow-optimised ones measured slower on these nested lists of
    # structs, which they pass through pandas.
    from pyspark.sql.types import BooleanType, IntegerType

    spark.udf.register(
        "nncc_matched", lambda a, k, f, i, v: _matched(a, k, f, i, v, False), IntegerType()
    )
    spark.udf.register(
        "nncc_rare_matched", lambda a, k, f, i, v: _matched(a, k, f, i, v, True), IntegerType()
    )
    spark.udf.register("nncc_len", lambda a: len(a or ()), IntegerType())
    spark.udf.register(
        "nncc_overlap", lambda a, b: bool(set(a or ()) & set(b or ())), BooleanType()
    )
    spark.udf.register(
        "nncc_typo",
        lambda a, b: any(one_typo(x, y) for x in a or () for y in b or ()),
        BooleanType(),
    )


def local_session(directory: str, cores: int | None = None) -> Any:
    """A Spark session on this machine only: loopback addresses, no web UI, files in directory."""
    from pyspark.sql import SparkSession

    cores = cores or min(os.cpu_count() or 1, 8)
    settings = {
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(LOCAL_SHUFFLE_PARTITIONS),
        "spark.local.dir": os.path.join(directory, "scratch"),
        "spark.sql.warehouse.dir": os.path.join(directory, "warehouse"),
        # In local mode the driver's heap is all of Spark's memory (Spark's default is 1g).
        "spark.driver.memory": os.environ.get("NNCC_SPARK_DRIVER_MEMORY", "2g"),
    }
    # Python workers start from PYSPARK_PYTHON (else whatever "python3" is on the PATH), and
    # the JVM picks its own address from SPARK_LOCAL_IP (else the first outward interface).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.master(f"local[{cores}]").appName("nncc-resolve")
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextmanager
def _session(spark: Any) -> Iterator[tuple[Any, str]]:
    """The session to run on and a directory for intermediate tables that all executors see.

    A caller's session keeps its checkpoint directory (on a cluster, shared storage) and is left
    running; one started here lives in a temporary directory removed afterwards.
    """
    if spark is None:
        from pyspark.sql import SparkSession

        # A session already running in this process is the caller's: use it, never stop it.
        spark = SparkSession.getActiveSession()
    if spark is not None:
        checkpoint = spark.sparkContext.getCheckpointDir()
        if checkpoint is None:
            # Splink breaks long plans by writing parquet under the checkpoint directory.
            spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="nncc-spark-"))
            checkpoint = spark.sparkContext.getCheckpointDir()
        work = f"{checkpoint.rstrip('/')}/nncc-{uuid.uuid4().hex}"
        try:
            yield spark, work
        finally:
            _delete(spark, work)
        return
    with tempfile.TemporaryDirectory(prefix="nncc-spark-") as directory:
        session = local_session(directory)
        session.sparkContext.setCheckpointDir(os.path.join(directory, "checkpoints"))
        try:
            yield session, os.path.join(directory, "work")
        finally:
            session.stop()


def _delete(spark: Any, path: str) -> None:
    """Remove a directory on whatever file system Spark wrote it (local, HDFS, object store)."""
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(
        hadoop_path, True
    )


def score_with_spark(
    rows: pa.Table, keys: pa.Table, model: Model, report: Any, spark: Any, floor: float
) -> tuple[list[tuple[str, str, float]], int]:
    """The pairs scoring at least floor, and the number of candidate pairs: as ``_score_duckdb``.

    The candidate pairs stay in Spark (written once as parquet); only the scored pairs reach
    this process, one partition at a time.
    """
    from splink import Linker, SparkAPI

    with _session(spark) as (session, work):
        register_functions(session)
        session.createDataFrame(keys).createOrReplaceTempView("keys")
        blocked_path = f"{work}/blocked"
        session.sql(f"select 'k' as match_key, * from ({CANDIDATE_PAIRS_SQL})").write.parquet(  # noqa: S608
            blocked_path
        )
        blocked = session.read.parquet(blocked_path)
        candidates = blocked.count()
        report("finding candidate pairs", candidates, candidates)
        # The similarity functions of Splink's jar are not used by our levels, so its jar need
        # not be on the classpath; parquet breaks lineage under the checkpoint directory.
        db_api = SparkAPI(
            spark_session=session, break_lineage_method="parquet", register_udfs_automatically=False
        )
        with quiet_splink():
            report("scoring candidate pairs", 0, candidates)
            linker = Linker(db_api.register(session.createDataFrame(rows)), model.splink_settings())
            if rows.num_rows < MIN_RECORDS_FOR_OWN_TF:
                # In a handful of records every name looks common; use the model's frequencies.
                for column, lookup in model_term_frequency_lookups(model).items():
                    linker.table_management.register_term_frequency_lookup(
                        db_api.register(lookup), column
                    )
            linker.table_management.register_blocked_pairs_for_predict(db_api.register(blocked))
            predictions = linker.inference.predict(
                threshold_match_probability=floor, warning_mode="never"
            )
            scored = predictions.as_spark_dataframe().select(
                "unique_id_l", "unique_id_r", "match_probability"
            )
            # Splink has written the predictions as parquet; read them back partition by
            # partition rather than collecting them in one piece.
            pairs = [
                (left, right, float(probability))
                for left, right, probability in scored.toLocalIterator()
            ]
        report("scoring candidate pairs", candidates, candidates)
    return pairs, candidates
