"""The synthetic Pakistani/Afghan benchmark set (``nncc.resolution.synthetic``) as files.

Write CLI-contract files for ``nncc resolve``::

    python -m bench.resolution.synthetic --records 100000 --out input.csv --truth truth.csv
"""

from __future__ import annotations

import argparse
import sys

from bench.resolution.dataset import Dataset, write_rows, write_truth
from nncc.resolution.synthetic import DEFAULT_SEED
from nncc.resolution.synthetic import dataset as _dataset


def generate(records: int, *, seed: int = DEFAULT_SEED) -> Dataset:
    """``records`` agency records of about ``records / 2.4`` persons, shuffled."""
    return _dataset(records, seed=seed)


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
