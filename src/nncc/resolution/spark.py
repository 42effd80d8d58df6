"""Splink on Spark: the same model and the same candidate pairs on a cluster of machines.

For national-scale batches (tens of millions of statements) DuckDB on one machine is not
enough; Splink runs the same settings on Spark. The SQL levels call a few ``nncc_*`` functions
that DuckDB gets as macros (``comparisons.DUCKDB_MACROS``); on Spark they are registered as
Python UDFs built from the very Python functions ``scoring.compare`` uses, so both backends put a
pair in the same level. Needs ``pyspark`` (not a dependency of nncc; install it where Spark runs).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from nncc.resolution.blocking import MAX_BLOCK_SIZE
from nncc.resolution.comparisons import one_typo
from nncc.resolution.model import Model


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


def score_with_spark(
    rows: pa.Table, keys: pa.Table, model: Model, report: Any, spark: Any, floor: float
) -> tuple[list[tuple[str, str, float]], int]:
    from pyspark.sql import SparkSession
    from splink import Linker, SparkAPI

    spark = spark or SparkSession.builder.master("local[2]").appName("nncc").getOrCreate()
    register_functions(spark)
    frame = spark.createDataFrame(rows.to_pandas())
    key_frame = spark.createDataFrame(keys.to_pandas())
    key_frame.createOrReplaceTempView("nncc_keys")
    blocked = spark.sql(  # constant text: the only value put into it is MAX_BLOCK_SIZE
        f"""
        with sizes as (
            select key from nncc_keys group by key
            having count(*) between 2 and {MAX_BLOCK_SIZE}
        ), kept as (select k.unique_id, k.key from nncc_keys k join sizes s on k.key = s.key)
        select distinct 'k' as match_key, a.unique_id as join_key_l, b.unique_id as join_key_r
        from kept a join kept b on a.key = b.key and a.unique_id < b.unique_id
        """  # noqa: S608
    )
    candidates = blocked.count()
    report("finding candidate pairs", candidates, candidates)
    db_api = SparkAPI(spark_session=spark)
    linker = Linker(db_api.register(frame), model.splink_settings())
    linker.table_management.register_blocked_pairs_for_predict(db_api.register(blocked))
    predictions = linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
    pairs = [
        (row["unique_id_l"], row["unique_id_r"], float(row["match_probability"]))
        for row in predictions.as_spark_dataframe()
        .select("unique_id_l", "unique_id_r", "match_probability")
        .collect()
    ]
    report("scoring candidate pairs", candidates, candidates)
    return pairs, candidates
