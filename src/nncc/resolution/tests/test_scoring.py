"""Scoring one pair in Python, and its agreement with Splink's weights for the same pairs."""

from __future__ import annotations

import copy
import logging
from collections import Counter

import duckdb
import pyarrow as pa
import pytest
from splink import DuckDBAPI, Linker

from nncc.resolution import synthetic
from nncc.resolution.batch import CANDIDATE_PAIRS_SQL
from nncc.resolution.blocking import blocking_keys
from nncc.resolution.comparisons import DUCKDB_MACROS, arrow_schema, splink_row
from nncc.resolution.model import Model, default_model
from nncc.resolution.records import PersonRecord, prepare
from nncc.resolution.scoring import compare

ASIF = PersonRecord(
    record_id="anf-1",
    full_name="Muhammad Asif Khan s/o Gul Khan",
    date_of_birth="1984-07-02",
    sex="M",
    nationality="PK",
    cnics=("35202-1234567-1",),
)


def test_the_same_man_written_differently_matches():
    customs = PersonRecord(
        record_id="cus-7",
        full_name="Mohd Asif Khan",
        father_name="Gul Khan",
        date_of_birth="1984",
        phones=("0300-1234567",),
    )
    result = compare(prepare(ASIF), prepare(customs))
    assert result.probability > 0.9
    assert result.conflict == ""
    outcomes = {feature.name: feature.outcome for feature in result.features}
    assert outcomes["name"] == "agree" and outcomes["father"] == "agree"
    assert outcomes["cnic"] == "missing"


def test_different_passports_weigh_against_but_are_no_conflict():
    a = PersonRecord(record_id="a", full_name="Asif Khan", passports=("AB1234567",))
    b = PersonRecord(record_id="b", full_name="Asif Khan", passports=("XY7654321",))
    result = compare(prepare(a), prepare(b))
    assert result.conflict == ""
    assert next(f for f in result.features if f.name == "passport").weight < -3


def test_different_cnics_are_a_conflict_and_a_strong_negative():
    other = PersonRecord(
        record_id="x", full_name="Muhammad Asif Khan", cnics=("61101-9876543-3",), sex="M"
    )
    result = compare(prepare(ASIF), prepare(other))
    assert result.conflict == "different CNICs"
    cnic = next(f for f in result.features if f.name == "cnic")
    assert cnic.outcome == "conflict" and cnic.weight < -3


def test_a_cnic_one_typo_apart_is_no_conflict():
    typo = PersonRecord(record_id="x", full_name="Asif Khan", cnics=("35202-1234576-1",))
    result = compare(prepare(ASIF), prepare(typo))
    assert result.conflict == ""
    assert next(f for f in result.features if f.name == "cnic").outcome == "close"


def test_father_and_son_sharing_names_do_not_match():
    father = PersonRecord(
        record_id="f", full_name="Gul Khan s/o Sher Khan", date_of_birth="1950", sex="M"
    )
    son = PersonRecord(
        record_id="s", full_name="Asif Khan s/o Gul Khan", date_of_birth="1984", sex="M"
    )
    assert compare(prepare(father), prepare(son)).probability < 0.05


def _outcome(a: PersonRecord, b: PersonRecord, feature: str) -> tuple[str, str, float]:
    found = next(f for f in compare(prepare(a), prepare(b)).features if f.name == feature)
    return found.outcome, found.detail, found.weight


def test_brothers_named_to_rhyme_do_not_agree_by_a_typo():
    # Nadeem / Naeem, Sajid / Majid: two names the table knows, one letter apart, are two names.
    for left, right in (("Muhammad Nadeem Khosa", "Muhammad Naeem Khosa"), ("Sajid", "Majid")):
        a = PersonRecord("a", full_name=left)
        b = PersonRecord("b", full_name=right)
        outcome, detail, _weight = _outcome(a, b, "name")
        assert outcome == "disagree", detail


def test_a_typo_in_a_known_name_still_agrees():
    a = PersonRecord("a", full_name="Muhammad Nadeem")
    for typo in ("Muhammad Nadem", "Muhammad Nadeeem"):
        outcome, detail, _weight = _outcome(a, PersonRecord("b", full_name=typo), "name")
        assert outcome == "agree", detail
    masood = PersonRecord("m", full_name="Masood Khan")
    outcome, detail, _weight = _outcome(masood, PersonRecord("t", full_name="Mehsud Khan"), "name")
    assert outcome == "agree", detail


def test_a_family_phone_says_nothing_between_men_of_different_names():
    brother = PersonRecord("a", full_name="Muhammad Akram Khan", phones=("0300-5550120",))
    other = PersonRecord("b", full_name="Muhammad Arshad Khan", phones=("+92 300 5550120",))
    again = PersonRecord("c", full_name="Akram Khan", phones=("0300 5550120",))
    outcome, detail, weight = _outcome(brother, other, "phone")
    assert detail.startswith("household") and weight == 0.0
    outcome, detail, weight = _outcome(brother, again, "phone")
    assert outcome == "agree" and weight > 5, detail


def test_a_model_saved_without_the_household_level_scores_it_as_nothing():
    text = default_model().to_json()
    old = Model.from_json(text)
    del old.parameters["phone"]["household"]
    loaded = Model.from_json(old.to_json())
    assert loaded.level_weight("phone", "household") == 0.0
    learnt = Model.from_json(text)
    learnt.parameters["phone"]["household"] = {"m": 0.01, "u": 1e-6}
    assert learnt.guarded().level_weight("phone", "household") == 0.0


def test_common_names_weigh_less_than_rare_ones():
    model = copy.deepcopy(default_model())
    model.term_frequencies = {"name_sorted": {"khan muhammad": 0.02, "yousafzai zarghun": 0.0001}}

    def weight(name: str) -> float:
        a = prepare(PersonRecord("a", full_name=name))
        b = prepare(PersonRecord("b", full_name=name))
        return next(f.weight for f in compare(a, b, model).features if f.name == "name")

    assert weight("Muhammad Khan") < weight("Zarghun Yousafzai") - 5


def test_model_json_round_trip():
    model = default_model()
    again = Model.from_json(model.to_json())
    assert again == model
    assert 0 < model.review_threshold < model.auto_link_threshold < 1


@pytest.mark.slow
def test_python_weights_agree_with_splink_for_a_sample_of_pairs():
    records, _truth = synthetic.generate(400, seed=3)
    prepared = {p.record_id: p for p in map(prepare, records)}
    model = copy.deepcopy(default_model())
    # Term frequencies of this sample, so the TF adjustment is exercised on both sides.
    for column, field in (("name_sorted", "name"), ("father_sorted", "father")):
        values = [getattr(p, field).sorted_text for p in prepared.values()]
        counts = Counter(v for v in values if v)
        total = sum(counts.values())
        model.term_frequencies[column] = {v: n / total for v, n in counts.items() if n > 1}

    connection = duckdb.connect()
    for macro in DUCKDB_MACROS:
        connection.execute(macro)
    rows = pa.Table.from_pylist([splink_row(p) for p in prepared.values()], schema=arrow_schema())
    keys = pa.Table.from_pylist(
        [{"unique_id": rid, "key": key} for rid, p in prepared.items() for key in blocking_keys(p)]
    )
    connection.register("keys", keys)
    blocked = f"create table blocked as select 'k' as match_key, * from ({CANDIDATE_PAIRS_SQL})"  # noqa: S608
    connection.execute(blocked)
    db_api = DuckDBAPI(connection=connection)
    linker = Linker(db_api.register(rows), model.splink_settings(), log_level=logging.WARNING)
    for column, table in model.term_frequencies.items():
        tf = pa.Table.from_pylist(
            [{column: value, f"tf_{column}": share} for value, share in table.items()]
        )
        linker.table_management.register_term_frequency_lookup(db_api.register(tf), column)
    linker.table_management.register_blocked_pairs_for_predict(db_api.register("blocked"))
    predictions = linker.inference.predict(warning_mode="never").as_duckdbpyrelation()
    scored = predictions.select("unique_id_l, unique_id_r, match_weight").fetchall()
    assert len(scored) > 500

    gaps = []
    for left, right, splink_weight in scored:
        ours = compare(prepared[left], prepared[right], model).match_weight
        gaps.append(abs(ours - splink_weight))
    assert max(gaps) < 1e-6, f"largest gap {max(gaps)} over {len(gaps)} pairs"


def _name_outcome(left: str, right: str) -> str:
    a = prepare(PersonRecord(record_id="a", full_name=left))
    b = prepare(PersonRecord(record_id="b", full_name=right))
    return compare(a, b).features[0].outcome


def test_one_spelling_of_two_names_agrees_with_both():
    # "Masood" is also how the Mehsud tribe is written (seen on the demo: one man, one phone)
    assert _name_outcome("Sher Masood", "SHER MEHSUD") == "agree"
    assert _name_outcome("Muh. Asif", "Muhammad Asif") == "agree"


def test_two_known_names_sharing_consonants_do_not_agree():
    # brothers are often Hassan and Hussain; Muhammad and Mahmood are two names, not spellings
    assert _name_outcome("Hassan Afridi", "Hussain Afridi") == "disagree"
    assert _name_outcome("Mahmood Khattak", "Muhammad Khattak") == "disagree"
    # a long vowel agencies write either way still agrees, and so does an unknown misspelling
    assert _name_outcome("Rasheed Ahmad", "Rashid Ahmad") == "agree"
    assert _name_outcome("Husein Afridi", "Hussain Afridi") == "agree"
