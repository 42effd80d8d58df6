"""The Spark backend of batch resolution scores and clusters exactly as the DuckDB one.

Runs only where pyspark is installed (the ``spark`` extra); Spark runs in local mode on the
loopback interface.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from nncc.resolution import synthetic
from nncc.resolution.batch import MIN_RECORDS_FOR_OWN_TF, resolve_detailed
from nncc.resolution.commands import COLUMNS
from nncc.resolution.spark import local_session

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    session = local_session(str(tmp_path_factory.mktemp("spark")), cores=2)
    yield session
    session.stop()


def test_same_pairs_scores_and_clusters_as_duckdb(spark, tmp_path):
    records, _truth = synthetic.generate(400, seed=5)
    # Small enough that both backends must take name frequencies from the model, not the batch.
    assert len(records) < MIN_RECORDS_FOR_OWN_TF
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))

    on_duckdb = resolve_detailed(records, train=False)
    on_spark = resolve_detailed(records, backend="spark", train=False, spark=spark)

    assert on_spark.candidate_pairs == on_duckdb.candidate_pairs > 0
    expected = {(left, right): p for left, right, p in on_duckdb.pairs}
    scored = {(left, right): p for left, right, p in on_spark.pairs}
    assert scored.keys() == expected.keys()
    assert all(abs(scored[pair] - expected[pair]) < 1e-6 for pair in expected)
    assert on_spark.clusters == on_duckdb.clusters
    assert len(set(on_spark.clusters.values())) < len(records)  # some records were joined
    # The caller's session keeps running; the intermediate tables written for this run are gone.
    assert spark.range(1).count() == 1
    checkpoint = Path(spark.sparkContext.getCheckpointDir().removeprefix("file:"))
    assert not list(checkpoint.glob("nncc-*"))


def test_the_command_line_resolves_on_spark_as_on_duckdb(tmp_path):
    data = synthetic.dataset(40, seed=9)  # rows in the command's columns
    source = tmp_path / "persons.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(data.rows)
    script = Path(sys.executable).with_name("nncc")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nncc.cli"]
    work = tmp_path / "cwd"
    work.mkdir()
    for backend in ("duckdb", "spark"):
        out = tmp_path / f"{backend}.csv"
        # the installed command on a file this test wrote
        result = subprocess.run(  # noqa: S603
            [*command, "resolve", str(source), "--out", str(out), "--backend", backend],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    on_duckdb = (tmp_path / "duckdb.csv").read_text(encoding="utf-8")
    assert (tmp_path / "spark.csv").read_text(encoding="utf-8") == on_duckdb
    clusters = {line.split(",")[1] for line in on_duckdb.splitlines()[1:]}
    assert len(clusters) < len(data.rows)  # some records were joined
    assert not list(work.iterdir())  # no spark-warehouse or metastore left where it ran
