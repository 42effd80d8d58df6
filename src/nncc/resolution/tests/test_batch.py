"""Batch resolution end to end on synthetic records with known truth (no database needed)."""

from __future__ import annotations

import pytest

from nncc.resolution import synthetic
from nncc.resolution.batch import resolve, resolve_detailed
from nncc.resolution.records import PersonRecord


def test_small_inputs():
    assert resolve([]) == {}
    assert resolve([PersonRecord("only")]) == {"only": "only"}


def test_the_same_man_across_agencies_and_not_his_son():
    records = [
        PersonRecord(
            "anf-1",
            full_name="Muhammad Asif Khan s/o Gul Khan",
            date_of_birth="1984-07-02",
            cnics=("35202-1234567-1",),
        ),
        PersonRecord(
            "cus-1", full_name="Mohd Aasif Khan", father_name="Gul Khan", phones=("03001234567",)
        ),
        PersonRecord(
            "lev-1",
            full_name="محمد آصف خان",
            father_name="گل خان",
            date_of_birth="1984",
            phones=("+92 300 1234567",),
        ),
        PersonRecord("anf-2", full_name="Gul Khan s/o Sher Khan", date_of_birth="1950"),
    ]
    clusters = resolve(records)
    assert clusters["anf-1"] == clusters["cus-1"] == clusters["lev-1"] == "anf-1"
    assert clusters["anf-2"] == "anf-2"


def test_different_cnics_are_never_merged_whatever_the_names():
    twins = [
        PersonRecord(
            "a", full_name="Asif Khan", father_name="Gul Khan", cnics=("35202-1234567-1",)
        ),
        PersonRecord(
            "b", full_name="Asif Khan", father_name="Gul Khan", cnics=("61101-9876543-3",)
        ),
        PersonRecord("c", full_name="Asif Khan", father_name="Gul Khan", date_of_birth="1984"),
    ]
    clusters = resolve(twins)
    assert clusters["a"] != clusters["b"]


def test_problems_are_reported_per_record_and_the_record_still_resolves():
    records = [
        PersonRecord(
            "a", full_name="12345", cnics=("35202-1234567-1",), date_of_birth="1990-02-30"
        ),
        PersonRecord("b", full_name="Asif Khan", cnics=("35202-1234567-1",)),
    ]
    result = resolve_detailed(records)
    assert result.clusters == {"a": "a", "b": "a"}
    assert "a" in result.problems and "b" not in result.problems


@pytest.mark.slow
def test_pairwise_f1_on_the_synthetic_sample():
    records, truth = synthetic.generate(3000, seed=21)
    progress: list[str] = []
    clusters = resolve(records, progress=lambda stage, done, total: progress.append(stage))
    assert set(clusters) == set(truth)
    scores = synthetic.pairwise_scores(clusters, truth)
    assert scores.precision > 0.95, scores
    assert scores.f1 > 0.9, scores
    assert "scoring candidate pairs" in progress


def test_columns_and_keys_built_in_chunks_hold_every_record_once():
    import pyarrow as pa

    from nncc.resolution.batch import _keys_table
    from nncc.resolution.blocking import blocking_keys
    from nncc.resolution.comparisons import arrow_schema, arrow_table, splink_row
    from nncc.resolution.records import prepare

    records, _truth = synthetic.generate(23, seed=3)
    prepared = [prepare(record) for record in records]
    whole = pa.Table.from_pylist([splink_row(p) for p in prepared], schema=arrow_schema())
    chunked = arrow_table(prepared, chunk_rows=5)
    assert chunked.num_rows == 23
    assert chunked.to_pylist() == whole.to_pylist()
    keys = _keys_table(prepared)
    expected = {(p.record_id, key) for p in prepared for key in blocking_keys(p)}
    assert keys.num_rows == len(expected)
    assert set(zip(keys["unique_id"].to_pylist(), keys["key"].to_pylist(), strict=True)) == (
        expected
    )
