"""Synthetic Pakistani/Afghan person records with known truth, deterministic for a seed.

The same man is "Muhammad Asif Khan s/o Gul Khan" at ANF, "MOHD AASIF KHAN" at Customs and
"محمد آصف خان" at the Levies, with a CNIC in one record, a phone in another and only a year of
birth in a third; and a district holds many different men called Muhammad Khan, fathers and sons
who share names, brothers with one father's name. ``people`` makes the true persons,
``statements`` the agencies' records of them, ``name_lists`` holds the name material and
``metrics`` scores a clustering pairwise.

One generator for everything: ``train`` learns the shipped model on it, the tests measure on
it and the benchmark (``bench.resolution``) writes its files from it. All values are invented;
identity numbers carry codes that are never issued.
"""

from __future__ import annotations

import random

from nncc.resolution.records import PersonRecord
from nncc.resolution.synthetic.metrics import PairwiseScores, pairwise_scores
from nncc.resolution.synthetic.people import Population
from nncc.resolution.synthetic.rows import Dataset, is_por_card, person_records
from nncc.resolution.synthetic.statements import RECORDS_PER_PERSON, Writer, sources_for

DEFAULT_SEED = 4

__all__ = [
    "DEFAULT_SEED",
    "Dataset",
    "PairwiseScores",
    "dataset",
    "generate",
    "is_por_card",
    "pairwise_scores",
    "person_records",
]


def dataset(records: int, *, seed: int = DEFAULT_SEED) -> Dataset:
    """``records`` agency records (the ``nncc resolve`` columns) of about ``records / 2.4``
    persons, shuffled, with the truth and each person's family or crowd."""
    if records < 1:
        raise ValueError("records must be positive")
    rng = random.Random(seed)
    population = Population(rng)
    writer = Writer(rng, population)
    statements: list[tuple[str, dict[str, str]]] = []
    groups: dict[str, str] = {}  # person → "family-N" / "crowd-N", for the error breakdown
    while len(statements) < records:
        roll = rng.random()
        if roll < 0.16:
            group, label = population.family(), f"family-{len(groups)}"
        elif roll < 0.185:
            group, label = population.crowd(), f"crowd-{len(groups)}"
        else:
            group, label = population.single(), ""
        for person in group:
            if label:
                groups[person.person_id] = label
            count = rng.choices(*RECORDS_PER_PERSON)[0]
            for source in sources_for(rng, person, count):
                statements.append((person.person_id, writer.record(person, source)))
    statements = statements[:records]
    rng.shuffle(statements)
    rows: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    for number, (person_id, row) in enumerate(statements, start=1):
        record_id = f"R{number:07d}"
        rows.append({"record_id": record_id, **row})
        truth[record_id] = person_id
    kept = set(truth.values())
    groups = {person: label for person, label in groups.items() if person in kept}
    return Dataset(name=f"synthetic-{records}", rows=rows, truth=truth, groups=groups)


def generate(
    records: int = 2000, *, seed: int = DEFAULT_SEED
) -> tuple[list[PersonRecord], dict[str, str]]:
    """``records`` person records in random order, and the true person id of each record id."""
    data = dataset(records, seed=seed)
    return list(person_records(data.rows)), data.truth
