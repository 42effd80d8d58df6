"""Run every benchmark: `python -m bench [--events N] [--import-rows N] [--postgres URL]`
(or `make bench`); one of them with `--only access|import|resolution|online`."""

from __future__ import annotations

import argparse

from bench import access_rule, intake_import, resolution_online
from bench.resolution import run as resolution


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000, help="seizure events to seed")
    parser.add_argument(
        "--import-rows", type=int, default=100_000, help="rows of the bulk import's large file"
    )
    parser.add_argument("--postgres", default="", help="also run on this PostgreSQL URL")
    parser.add_argument(
        "--only",
        choices=["access", "import", "resolution", "online"],
        default=None,
        help="run one benchmark",
    )
    parser.add_argument(
        "--online-persons", type=int, default=1_000_000, help="registry size of the online bench"
    )
    resolution.add_arguments(parser)
    args = parser.parse_args()
    if args.only in (None, "access"):
        access_rule.run(events=args.events, postgres_url=args.postgres)
    if args.only in (None, "import"):
        intake_import.run(rows=args.import_rows, postgres_url=args.postgres)
    if args.only in (None, "resolution"):
        resolution.run_from_arguments(args)
    if args.only in (None, "online"):
        resolution_online.run(persons=args.online_persons, postgres_url=args.postgres)


if __name__ == "__main__":
    main()
