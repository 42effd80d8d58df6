"""Train the shipped model without labels: ``python -m nncc.resolution.train``.

Splink estimates the parameters on DuckDB from synthetic records (``synthetic.generate``, the
generator the benchmark measures on):
u from random pairs, m by expectation maximisation in three sessions, each blocked on one kind of
evidence so the other comparisons can be learnt (same name → the rest; same date of birth → the
names; same CNIC → everything else). No label is used for training; the labels of a second,
independent sample only choose the thresholds and print the pairwise figures. The result is
written to ``data/model.json`` (or ``--out``).

Example:
    python -m nncc.resolution.train --records 20000 --out /tmp/model.json
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa

from nncc.resolution import synthetic
from nncc.resolution.comparisons import DUCKDB_MACROS, arrow_schema, splink_row
from nncc.resolution.model import Model, splink_settings
from nncc.resolution.records import Prepared, prepare

DEFAULT_OUT = Path(__file__).with_name("data") / "model.json"

#: EM sessions: each blocking rule fixes the comparisons it uses and trains the others.
EM_BLOCKING_RULES = (
    "l.name_sorted = r.name_sorted",
    "l.birth_year = r.birth_year and l.birth_month = r.birth_month and l.birth_day = r.birth_day",
    "l.cnics = r.cnics",
)
#: Rules that find some true matches with near certainty, for the prior.
PRIOR_RULES = ("l.cnics = r.cnics", "l.passports = r.passports", "l.pors = r.pors")
PRIOR_RECALL = 0.45
#: Names held by fewer records than this get no TF entry (and so Splink's average weight).
TF_MIN_COUNT = 5


#: DuckDB's memory for training (scoring has its own: ``batch.DUCKDB_MEMORY_LIMIT``)
TRAINING_MEMORY_LIMIT = "512MB"


def train(
    prepared: list[Prepared],
    *,
    description: str = "",
    base: Model | None = None,
    max_pairs: float = 5e6,
) -> Model:
    """Learn m, u and the prior from ``prepared`` without labels; thresholds from ``base``."""
    import duckdb
    from splink import DuckDBAPI, Linker
    from splink.internals.exceptions import SplinkException

    # Estimating u holds the comparison vectors of millions of random pairs: bounded, DuckDB
    # spills them instead of growing past what the scoring afterwards needs.
    connection = duckdb.connect(
        config={"preserve_insertion_order": False, "memory_limit": TRAINING_MEMORY_LIMIT}
    )
    try:
        for macro in DUCKDB_MACROS:
            connection.execute(macro)
        rows = pa.Table.from_pylist([splink_row(p) for p in prepared], schema=arrow_schema())
        db_api = DuckDBAPI(connection=connection)
        settings = splink_settings(None)
        settings["probability_two_random_records_match"] = 1e-4
        linker = Linker(db_api.register(rows), settings, log_level=logging.WARNING)
        # Without identifiers to anchor the prior on, the starting value stays.
        with contextlib.suppress(SplinkException):
            linker.training.estimate_probability_two_random_records_match(
                list(PRIOR_RULES), recall=PRIOR_RECALL
            )
        linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=1)
        for rule in EM_BLOCKING_RULES:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True
                )
            except SplinkException:
                continue  # this data has no such pairs (no CNICs, say); the other sessions learn
        trained = linker.misc.save_model_to_json()
    finally:
        connection.close()
    if base is not None:
        return Model.from_splink(trained, base=base).guarded()
    model = Model.from_splink(
        trained,
        description=description,
        # Chosen on labelled synthetic samples (see ``choose_thresholds``): above 0.99 pairwise
        # precision is about 0.98–0.99; batch F1 is best at 0.5 once clusters need average
        # support to join (``clustering.MIN_SUPPORT``); pairs from 0.5 up go to the review queue.
        auto_link_threshold=0.99,
        review_threshold=0.5,
        cluster_threshold=0.5,
    ).guarded()
    model.term_frequencies = term_frequencies(prepared)
    return model


def term_frequencies(prepared: list[Prepared]) -> dict[str, dict[str, float]]:
    tables: dict[str, dict[str, float]] = {}
    for column, field in (("name_sorted", "name"), ("father_sorted", "father")):
        values = [getattr(p, field).sorted_text for p in prepared]
        values = [v for v in values if v]
        counts = Counter(values)
        tables[column] = {
            value: round(count / len(values), 8)
            for value, count in counts.most_common()
            if count >= TF_MIN_COUNT
        }
    return tables


def choose_thresholds(model: Model, count: int, seed: int) -> dict[float, Any]:
    """Pairwise figures on an independent labelled sample, and the thresholds they suggest."""
    records, truth = synthetic.generate(count, seed=seed)
    from nncc.resolution.batch import resolve_detailed

    result = resolve_detailed(records, model=model, train=False, threshold=0.5)
    figures: dict[float, Any] = {}
    for threshold in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999):
        from nncc.resolution.clustering import cluster

        strong = {p.record_id: p.strong_ids for p in map(prepare, records)}
        clusters = cluster([r.record_id for r in records], result.pairs, strong, threshold)
        figures[threshold] = synthetic.pairwise_scores(clusters, truth)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records, _truth = synthetic.generate(args.records, seed=args.seed)
    prepared = [prepare(record) for record in records]
    model = train(
        prepared,
        description=(
            f"Trained without labels by nncc.resolution.train on {len(prepared)} synthetic "
            f"records (seed {args.seed})."
        ),
    )
    for threshold, scores in choose_thresholds(model, 6000, args.seed + 1).items():
        print(
            f"threshold {threshold:<6} precision {scores.precision:.4f} "
            f"recall {scores.recall:.4f} F1 {scores.f1:.4f}"
        )
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
