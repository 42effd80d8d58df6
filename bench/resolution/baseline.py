"""The baseline: a plain Splink configuration, as a competent user writes it from Splink's docs.

Splink's standard comparisons on the raw input columns (NameComparison for the names with
term-frequency adjustment on the full name, DateOfBirthComparison, exact matches for
identifiers, sex and district), simple blocking rules, the documented training sequence
(λ from deterministic rules, u by random sampling, m by expectation maximisation), prediction and
Splink's own connected-components clustering at 0.9. Nothing knows that "Mohd" is "Muhammad",
that "محمد" is too, or that "s/o" starts the father's name — that is what the benchmark measures.
"""

from __future__ import annotations

import logging

import pandas as pd

CLUSTER_THRESHOLD = 0.9


def _settings():  # type: ignore[no-untyped-def]
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("full_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("father_name"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.ExactMatch("cnic"),
            cl.ExactMatch("passport"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("district"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("cnic"),
            block_on("phone"),
            block_on("passport"),
            block_on("full_name"),
            block_on("date_of_birth"),
            block_on("father_name", "district"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def resolve(rows: list[dict[str, str]]) -> dict[str, str]:
    """record_id → cluster id for CLI-contract rows."""
    from splink import DuckDBAPI, Linker, block_on

    frame = pd.DataFrame(rows).replace({"": None})  # Splink reads an empty string as a value
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame), _settings(), log_level=logging.ERROR)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("cnic"), block_on("full_name", "date_of_birth")], recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    training.estimate_parameters_using_expectation_maximisation(block_on("full_name"))
    training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=CLUSTER_THRESHOLD
    ).as_pandas_dataframe()
    return dict(
        zip(clusters["record_id"].astype(str), clusters["cluster_id"].astype(str), strict=True)
    )
