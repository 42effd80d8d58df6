"""A synthetic Pakistani/Afghan entity-resolution benchmark, deterministic for a seed.

The same man is "Muhammad Asif Khan s/o Gul Khan" at ANF, "MOHD AASIF KHAN" at Customs and
"محمد آصف خان" at the Levies, with a CNIC in one record, a phone in another and only a year of
birth in a third; and a district holds many different men called Muhammad Khan, fathers and sons
who share names, brothers with one father's name. ``people`` makes the true persons,
``statements`` the agencies' records of them.

Write CLI-contract files for ``nncc resolve``::

    python -m bench.resolution.synthetic --records 100000 --out input.csv --truth truth.csv
"""

from __future__ import annotations

import argparse
import random
import sys

from bench.resolution.dataset import Dataset, write_rows, write_truth
from bench.resolution.people import Population
from bench.resolution.statements import RECORDS_PER_PERSON, Writer, sources_for

DEFAULT_SEED = 4


def generate(records: int, *, seed: int = DEFAULT_SEED) -> Dataset:
    """``records`` agency records of about ``records / 2.4`` persons, shuffled."""
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.resolution.synthetic",
        description="Write a synthetic Pakistani/Afghan person file in the nncc resolve format.",
    )
    parser.add_argument("--records", type=int, default=20_000, help="records to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", required=True, help="the input CSV for nncc resolve")
    parser.add_argument("--truth", help="also write record_id,entity_id here")
    args = parser.parse_args(argv)
    if args.records < 1:
        parser.error("--records must be positive")
    dataset = generate(args.records, seed=args.seed)
    write_rows(args.out, dataset.rows)
    if args.truth:
        write_truth(args.truth, dataset.truth)
    persons = len(set(dataset.truth.values()))
    print(f"{len(dataset.rows):,} records of {persons:,} persons → {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
