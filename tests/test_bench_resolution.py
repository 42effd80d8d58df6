"""The entity-resolution benchmark: its metrics on hand-made cases, its generator, and the whole
pipeline on a tiny synthetic set so that it does not rot between benchmark runs."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import phonenumbers
import pytest
from stdnum.pk import cnic

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ lives beside src/, outside the installed package

from bench.resolution import febrl, run, synthetic  # noqa: E402
from bench.resolution.dataset import COLUMNS, Dataset, is_por_card, person_records  # noqa: E402
from nncc.resolution.synthetic.metrics import false_pairs, missed_pairs, pairwise_scores  # noqa: E402

URDU = re.compile("[\u0600-\u06ff]")


# --- metrics ------------------------------------------------------------------------------------


def test_perfect_clustering_scores_one_whatever_the_labels():
    truth = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P3"}
    predicted = {"a": "P2", "b": "P2", "c": "x", "d": "x", "e": "P1"}  # labels mean nothing
    scores = pairwise_scores(predicted, truth)
    assert (scores.true_pairs, scores.found_pairs, scores.correct_pairs) == (2, 2, 2)
    assert scores.precision == scores.recall == scores.f1 == 1.0


def test_one_big_cluster_has_full_recall_and_poor_precision():
    truth = {"a": 1, "b": 1, "c": 2, "d": 2}
    scores = pairwise_scores(dict.fromkeys(truth, "all"), truth)
    assert (scores.true_pairs, scores.found_pairs, scores.correct_pairs) == (2, 6, 2)
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == 1.0
    assert scores.f1 == pytest.approx(0.5)


def test_a_split_entity_loses_recall_not_precision():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "z"}
    scores = pairwise_scores(predicted, truth)
    assert (scores.true_pairs, scores.found_pairs, scores.correct_pairs) == (3, 1, 1)
    assert scores.precision == 1.0
    assert scores.recall == pytest.approx(1 / 3)
    assert scores.f1 == pytest.approx(0.5)


def test_singletons_find_nothing():
    truth = {"a": 1, "b": 1, "c": 2}
    scores = pairwise_scores({"a": "a", "b": "b", "c": "c"}, truth)
    assert scores.found_pairs == 0
    assert scores.recall == 0.0
    assert scores.f1 == 0.0


def test_a_merge_of_two_entities_counts_the_false_pairs():
    truth = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3}
    predicted = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}
    scores = pairwise_scores(predicted, truth)
    # found: ab, ac, bc; correct: ab; true: ab, cd
    assert (scores.true_pairs, scores.found_pairs, scores.correct_pairs) == (2, 3, 1)
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(0.5)


def test_error_pairs_are_listed():
    truth = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3}
    predicted = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}
    assert sorted(map(sorted, false_pairs(predicted, truth))) == [["a", "c"], ["b", "c"]]
    assert sorted(map(sorted, missed_pairs(predicted, truth))) == [["c", "d"]]


def test_errors_are_explained_by_who_was_merged():
    def row(record_id: str, name: str) -> dict[str, str]:
        return {"record_id": record_id, "full_name": name}

    dataset = Dataset(
        name="hand-made",
        rows=[
            row("f", "Gul Khan"),
            row("s", "Asif Khan"),
            row("s2", "آصف خان"),
            row("n1", "Muhammad Khan"),
            row("n2", "Muhammad Khan"),
            row("x", "Sher Ali"),
        ],
        truth={"f": "F", "s": "S", "s2": "S", "n1": "N1", "n2": "N2", "x": "X"},
        groups={"F": "family-1", "S": "family-1", "N1": "crowd-2", "N2": "crowd-2"},
    )
    # father with son; the son's Urdu record alone; two namesakes together; one stranger with them
    clusters = {"f": "1", "s": "1", "s2": "2", "n1": "3", "n2": "3", "x": "3"}
    assert run.explain(dataset, clusters) == (
        "false pairs 4 = relatives 1 + namesakes 1 + others 2; "
        "missed pairs 1 = Latin–Latin 0 + Latin–Urdu 1 + Urdu–Urdu 0"
    )


def test_lost_or_invented_records_are_refused():
    with pytest.raises(ValueError, match="1 missing, 0 unknown"):
        pairwise_scores({"a": 1}, {"a": 1, "b": 1})
    with pytest.raises(ValueError, match="0 missing, 1 unknown"):
        pairwise_scores({"a": 1, "b": 1, "c": 2}, {"a": 1, "b": 1})


# --- the synthetic benchmark --------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated():
    return synthetic.generate(3000, seed=11)


def test_generation_is_deterministic_for_a_seed():
    first = synthetic.generate(300, seed=3)
    assert synthetic.generate(300, seed=3) == first
    assert synthetic.generate(300, seed=4).rows != first.rows
    assert len(first.rows) == 300
    assert all(tuple(row) == COLUMNS for row in first.rows)


def test_records_look_like_agency_statements(generated):
    rows = generated.rows
    count = len(rows)

    def share(predicate) -> float:
        return sum(1 for row in rows if predicate(row)) / count

    persons = Counter(generated.truth.values())
    assert 1.8 < count / len(persons) < 3.0
    assert max(persons.values()) <= 5
    assert 0.3 < share(lambda r: r["cnic"]) < 0.5
    assert 0.3 < share(lambda r: r["phone"]) < 0.5
    assert 0.05 < share(lambda r: URDU.search(r["full_name"])) < 0.3
    assert share(lambda r: re.search(r"(?i)\bs/o|son of|ولد", r["full_name"])) > 0.05
    assert share(lambda r: re.fullmatch(r"\d{4}", r["date_of_birth"])) > 0.1
    assert share(lambda r: r["nationality"] == "AF") > 0.03
    assert share(lambda r: r["sex"] == "F") < 0.1
    assert share(lambda r: re.search(r"(?i)\b(mohd|md|mohammad|mohammed)\b", r["full_name"])) > 0
    names = Counter(r["full_name"] for r in rows)
    assert names.most_common(1)[0][1] >= 10  # very common names crowd the data


def test_identifiers_are_well_formed_and_marked_synthetic(generated):
    valid = typos = 0
    for row in generated.rows:
        if row["cnic"]:
            digits = re.sub(r"\D", "", row["cnic"])
            assert len(digits) == 13
            if digits[1:5] == "0000" and cnic.is_valid(digits):
                valid += 1
            else:
                typos += 1
        if row["phone"]:
            assert phonenumbers.is_valid_number(phonenumbers.parse(row["phone"], "PK"))
            assert "555" in row["phone"].replace(" ", "").replace("-", "")[-7:]
        if is_por_card(row["passport"]):
            assert row["cnic"] == ""  # Afghan refugees hold no CNIC
    assert valid > 0
    assert typos < valid * 0.08  # a few per cent mistyped


def test_one_persons_records_differ_and_hard_negatives_exist(generated):
    by_person: dict[str, list[dict[str, str]]] = {}
    for row in generated.rows:
        by_person.setdefault(generated.truth[row["record_id"]], []).append(row)
    varied = sum(1 for rows in by_person.values() if len({r["full_name"] for r in rows}) > 1)
    assert varied > len([r for r in by_person.values() if len(r) > 1]) * 0.5
    # Distinct men bearing the very same name in the same district.
    holders: dict[tuple[str, str], set[str]] = {}
    for row in generated.rows:
        if row["district"]:
            key = (row["full_name"], row["district"])
            holders.setdefault(key, set()).add(generated.truth[row["record_id"]])
    assert max(len(persons) for persons in holders.values()) >= 3
    # A phone given by two different persons: a family phone.
    phone_holders: dict[str, set[str]] = {}
    for row in generated.rows:
        if row["phone"]:
            digits = re.sub(r"\D", "", row["phone"])[-10:]
            phone_holders.setdefault(digits, set()).add(generated.truth[row["record_id"]])
    assert any(len(persons) > 1 for persons in phone_holders.values())


def test_por_cards_travel_apart_from_passports():
    records = list(
        person_records(
            [
                {"record_id": "1", "passport": "PoR-0000-123456", "cnic": "", "phone": ""},
                {"record_id": "2", "passport": "AB0001234", "cnic": "", "phone": ""},
            ]
        )
    )
    assert (records[0].pors, records[0].passports) == (("PoR-0000-123456",), ())
    assert (records[1].pors, records[1].passports) == ((), ("AB0001234",))


def test_command_writes_contract_files(tmp_path):
    out, truth = tmp_path / "in.csv", tmp_path / "truth.csv"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.resolution.synthetic",
            "--records",
            "300",
            "--out",
            str(out),
            "--truth",
            str(truth),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    with truth.open(encoding="utf-8", newline="") as handle:
        mapping = {row["record_id"]: row["entity_id"] for row in csv.DictReader(handle)}
    assert len(rows) == 300
    assert {row["record_id"] for row in rows} == set(mapping)
    assert rows == synthetic.generate(300).rows


def test_febrl_maps_onto_the_contract():
    dataset = febrl.load("febrl1")
    assert len(dataset.rows) == 1000
    assert pairwise_scores(dataset.truth, dataset.truth).true_pairs == 500
    row = next(r for r in dataset.rows if r["date_of_birth"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date_of_birth"])
    assert all(tuple(r) == COLUMNS for r in dataset.rows)


# --- the whole pipeline -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["exact-cnic", "nncc"])
def test_pipeline_runs_on_a_tiny_synthetic_set(engine):
    out = io.StringIO()
    # In process: a test worker has threads (DuckDB's, other tests'), and a child forked from
    # it can hang on a lock one of them held at the fork.
    results = run.run(
        datasets=("synthetic",), synthetic_records=300, engine=engine, out=out, isolate=False
    )
    printed = out.getvalue()
    [(_dataset, engine_run, baseline_run)] = results
    assert not engine_run.error, engine_run.error
    assert not baseline_run.error, baseline_run.error
    assert engine_run.scores and baseline_run.scores
    assert engine_run.scores.true_pairs == baseline_run.scores.true_pairs > 0
    assert engine_run.seconds > 0 and baseline_run.seconds > 0
    assert "synthetic-300" in printed and "ΔF1" in printed
    assert printed.count("false pairs") == 2  # the error breakdown of each resolver
