"""Run every benchmark: `python -m bench [--events N]` (or `make bench`)."""

from __future__ import annotations

import argparse

from bench import access_rule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000, help="seizure events to seed")
    parser.add_argument("--postgres", default="", help="also run on this PostgreSQL URL")
    args = parser.parse_args()
    access_rule.run(events=args.events, postgres_url=args.postgres)


if __name__ == "__main__":
    main()
