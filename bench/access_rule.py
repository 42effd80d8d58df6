"""What the one visibility rule costs: the same list and count queries with and without it.

Seeds N seizure events spread over 12 agencies (some joint, all three handling codes) in a fresh
database, then times, for a user of one agency and for a centre analyst, the count and the first
page of the seizure list through ``visible_to`` against the same queries unfiltered (the
baseline, which sees everything and so does at least as much work per row).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal


def _setup(database_url: str, data_dir: str) -> None:
    os.environ["NNCC_DATABASE_URL"] = database_url
    os.environ["NNCC_DATA_DIR"] = data_dir
    os.environ.setdefault("NNCC_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "nncc.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _seed(events: int) -> tuple[object, object]:
    from django.db import transaction

    from nncc.agencies.services import agency_create, user_add_to_agency
    from nncc.intake.models import DrugLine, Participation, SeizureEvent
    from nncc.reference.models import District, Drug

    rng = random.Random(7)
    agencies = [
        agency_create(acting_user=None, code=f"AG{i:02}", name=f"Agency {i}", kind="federal")
        for i in range(12)
    ]
    centre = agency_create(acting_user=None, code="CENTRE", name="Centre", kind="centre")
    user = user_add_to_agency(
        acting_user=None,
        username="bench.officer",
        password="benchmark-password-1",
        agency=agencies[0],
        roles=["field_officer"],
    )
    analyst = user_add_to_agency(
        acting_user=None,
        username="bench.centre",
        password="benchmark-password-1",
        agency=centre,
        roles=["centre_analyst"],
    )
    districts = list(District.objects.all())
    drug = Drug.objects.get(name="Cannabis resin (hashish)")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    codes = ["restricted"] * 7 + ["shared"] * 2 + ["source_restricted"]
    batch = 5_000
    with transaction.atomic():
        for offset in range(0, events, batch):
            rows = []
            for number in range(offset, min(offset + batch, events)):
                district = rng.choice(districts)
                rows.append(
                    SeizureEvent(
                        agency=rng.choice(agencies),
                        handling_code=rng.choice(codes),
                        agency_record_id=f"R{number}",
                        occurred_at=start + timedelta(minutes=number),
                        province=district.province,
                        district=district,
                        place_type="road",
                        transport_mode="truck",
                    )
                )
            created = SeizureEvent.objects.bulk_create(rows)
            DrugLine.objects.bulk_create(
                DrugLine(
                    event=e,
                    reported_term="charas",
                    drug=drug,
                    quantity=Decimal("1.5"),
                    unit="kg",
                    kg_equivalent=Decimal("1.5"),
                    kg_factor=Decimal(1),
                )
                for e in created
            )
            Participation.objects.bulk_create(
                Participation(event=e, agency=rng.choice(agencies[1:]), credit_share=Decimal("0.5"))
                for e in created
                if rng.random() < 0.08 and e.agency_id != agencies[1].pk
            )
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh planner statistics, as a live database has them; without them PostgreSQL
        # guesses one row per agency and picks a plan no deployment would see.
        cursor.execute("ANALYZE")
    return user, analyst


def _time(function: Callable[[], object], repeat: int = 15) -> float:
    function()  # warm the caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def _measure(label: str, events: int) -> None:
    from nncc.intake.models import SeizureEvent

    user, analyst = _seed(events)
    base = SeizureEvent.objects.select_related("agency", "district")

    def page(queryset):  # the first page of the list, as the UI and API fetch it
        return lambda: list(queryset.order_by("-occurred_at", "-pk")[:50])

    print(f"\n{label}: {events:,} seizure events")
    print(f"{'query':<34}{'baseline ms':>12}{'visible_to ms':>15}{'ratio':>8}{'rows seen':>11}")
    for who, viewer in (("agency officer", user), ("centre analyst", analyst)):
        for name, baseline, ruled in (
            ("count", base.count, base.visible_to(viewer).count),
            ("first page of 50", page(base), page(base.visible_to(viewer))),
        ):
            b, r = _time(baseline), _time(ruled)
            seen = base.visible_to(viewer).count()
            print(f"{who + ' ' + name:<34}{b:>12.2f}{r:>15.2f}{r / b:>8.2f}{seen:>11,}")


def _fresh_postgres_database(server_url: str, name: str = "nncc_bench") -> str:
    """Drop and create a database of the benchmark's own on the given server; return its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def run(*, events: int, postgres_url: str = "") -> None:
    """Django is configured once per process, so each database runs in a process of its own."""
    import subprocess

    subprocess.run([sys.executable, "-m", "bench.access_rule", str(events)], check=True)
    if postgres_url:
        subprocess.run(
            [sys.executable, "-m", "bench.access_rule", str(events), postgres_url], check=True
        )


if __name__ == "__main__":
    count = int(sys.argv[1])
    with tempfile.TemporaryDirectory() as directory:
        if len(sys.argv) > 2:
            _setup(_fresh_postgres_database(sys.argv[2]), directory)
            _measure("PostgreSQL", count)
        else:
            _setup(f"sqlite:///{directory}/bench.sqlite3", directory)
            _measure("SQLite", count)
