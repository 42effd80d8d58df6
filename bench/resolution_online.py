"""Online resolution at registry scale: how long one arriving statement takes to resolve.

Seeds a fresh database with N synthetic person statements (default 1,000,000) spread over 12
agencies — Pakistani and Afghan names drawn from common given names, fathers' names and clans,
with CNICs, phones and dates of birth where agencies give them, one in ten a second agency's
statement of an earlier man — together with their identities and their blocking keys, as the
registry holds them after resolution. Then it times ``online.resolve_person`` for a sample of
new statements (half of them other agencies' statements of men already in the registry, half
new men) and prints the median and 95th percentile in milliseconds.

The baseline, measured in the same run, is the same sample resolved when the registry held only
the first 10,000 statements: the time per statement should not grow with the registry, because
the one key lookup reads at most ``MAX_PER_KEY + 1`` rows per key and at most ``MAX_SCORED``
statements are scored. As in a registry resolved online or in batch, a key is kept for at most
``MAX_PER_KEY + 1`` statements (the first ones; later ones find it too common and do not store it).

    python -m bench.resolution_online [--persons N] [--sample K] [--postgres URL]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

BASELINE_PERSONS = 10_000
CHUNK = 20_000

# Word lists read better as running text than as quoted items.
GIVEN = (  # noqa: SIM905
    "muhammad ahmad ali hassan hussain usman umar bilal imran kamran asif arif tariq zahid "
    "sajid naveed farhan hamza zubair irfan shahid khalid rashid javed nadeem waqar yasir "
    "faisal adnan abdul rehman abdullah gul sher noor zar wali jan amir akbar aslam sultan "
    "naseer nasir qadir karim rahim salim shafiq rafiq majid hamid sadiq ghulam haroon ilyas "
    "kashif shakeel jamil jalal iqbal ismail yousaf younis idrees essa musa daud sohail "
    "mushtaq ashfaq ishtiaq fayyaz niaz ayaz riaz mumtaz imtiaz ejaz aziz hafeez habib "
    "zakir shaukat liaqat rahmat barkat wazir mehboob mansoor masood mehmood naeem saleem"
).split()
CLANS = (  # noqa: SIM905
    "khan afridi yousafzai shinwari durrani achakzai baloch marri bugti mengal awan gujjar "
    "jatt rajput arain butt qureshi siddiqui abbasi hashmi bhatti chaudhry malik shah syed "
    "mirza niazi khattak mehsud wazir orakzai bangash turi kakar tareen mohmand safi "
    "momand hazara kasi lodhi jamali rind magsi khoso leghari mazari"
).split()


def _setup(database_url: str, data_dir: str) -> None:
    os.environ["NNCC_DATABASE_URL"] = database_url
    os.environ["NNCC_DATA_DIR"] = data_dir
    os.environ.setdefault("NNCC_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "nncc.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


class Men:
    """Synthetic men and agencies' statements about them; the same seed gives the same rows."""

    def __init__(self, seed: int = 11, first_number: int = 0) -> None:
        self.rng = random.Random(seed)
        self.men: list[dict[str, Any]] = []
        #: CNICs are numbered from here, so two generators never share one
        self.first_number = first_number

    def man(self) -> dict[str, Any]:
        rng = self.rng
        number = self.first_number + len(self.men)
        born = datetime.date(rng.randint(1955, 2005), rng.randint(1, 12), rng.randint(1, 28))
        man = {
            "given": [rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2)))],
            "clan": rng.choice(CLANS),
            "father": [rng.choice(GIVEN), rng.choice(CLANS)],
            "born": born,
            "cnic": f"{rng.choice('1345')}0000{number % 10_000_000:07d}{rng.choice('13579')}",
            "phone": f"+923{rng.randint(0, 49):02d}{rng.randrange(10**7):07d}",
        }
        self.men.append(man)
        return man

    def statement(self, man: dict[str, Any]) -> dict[str, Any]:
        """What one agency writes down about ``man``: some fields missing, order shuffled."""
        rng = self.rng
        tokens = [*man["given"], man["clan"]]
        if rng.random() < 0.1:
            rng.shuffle(tokens)
        roll = rng.random()
        return {
            "name": " ".join(t.capitalize() for t in tokens),
            "father": " ".join(t.capitalize() for t in man["father"]) if rng.random() < 0.8 else "",
            "born": man["born"] if roll < 0.45 else None,
            "year": man["born"].year if 0.45 <= roll < 0.8 else None,
            "cnic": man["cnic"] if rng.random() < 0.6 else "",
            "phone": man["phone"] if rng.random() < 0.4 else "",
            "sex": "M",
        }

    def stream(self, count: int) -> Iterator[dict[str, Any]]:
        for _ in range(count):
            if self.men and self.rng.random() < 0.1:
                yield self.statement(self.rng.choice(self.men))
            else:
                yield self.statement(self.man())


def _cnic(digits: str) -> str:
    return f"{digits[:5]}-{digits[5:12]}-{digits[12]}"


def _keys(pk: int, agency: int, row: dict[str, Any]) -> set[int]:
    from nncc.resolution.online import keys_of
    from nncc.resolution.records import PersonRecord, prepare

    record = PersonRecord(
        record_id=str(pk),
        source=str(agency),
        full_name=row["name"],
        father_name=row["father"],
        date_of_birth=row["born"].isoformat() if row["born"] else str(row["year"] or ""),
        sex=row["sex"],
        cnics=(_cnic(row["cnic"]),) if row["cnic"] else (),
        phones=(row["phone"],) if row["phone"] else (),
    )
    return keys_of(prepare(record))


def _seed(men: Men, agencies: list[int], start: int, count: int) -> None:
    """Insert ``count`` statements with ids from ``start``: persons, documents, identities,
    memberships and keys, in plain batched INSERTs (the ORM would take hours at a million)."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = connection.ops.adapt_datefield_value
    person_sql = (
        "INSERT INTO registry_person (id, created_at, updated_at, agency_id, handling_code, "
        "created_by_id, agency_record_id, name_latin, name_urdu, father_name_latin, "
        "father_name_urdu, alias, sex, date_of_birth, birth_year, nationality, source_payload) "
        "VALUES (%s, %s, %s, %s, %s, NULL, %s, %s, '', %s, '', '', %s, %s, %s, 'PK', '{}')"
    )
    identifier_sql = (
        "INSERT INTO registry_identifier (person_id, kind, value, raw, issuing_country) "
        "VALUES (%s, 'cnic', %s, %s, 'PK')"
    )
    phone_sql = "INSERT INTO registry_phone (person_id, e164, raw) VALUES (%s, %s, %s)"
    identity_sql = (
        "INSERT INTO resolution_identity (id, created_at, updated_at) VALUES (%s, %s, %s)"
    )
    member_sql = (
        "INSERT INTO resolution_identitymember (person_id, identity_id, since, via) "
        "VALUES (%s, %s, %s, 'alone')"
    )
    key_sql = "INSERT INTO resolution_resolutionkey (person_id, key) VALUES (%s, %s)"
    handling = ["restricted"] * 8 + ["shared"] + ["source_restricted"]
    rows = men.stream(count)
    for offset in range(start, start + count, CHUNK):
        batch: dict[str, list[tuple[Any, ...]]] = {
            "person": [], "identifier": [], "phone": [], "identity": [], "member": [], "key": []
        }  # fmt: skip
        for pk in range(offset, min(offset + CHUNK, start + count)):
            row = next(rows)
            agency = agencies[pk % len(agencies)]
            batch["person"].append(
                (pk, now, now, agency, men.rng.choice(handling), f"R{pk}", row["name"],
                 row["father"], row["sex"], day(row["born"]), row["year"])
            )  # fmt: skip
            if row["cnic"]:
                batch["identifier"].append((pk, _cnic(row["cnic"]), row["cnic"]))
            if row["phone"]:
                batch["phone"].append((pk, row["phone"], row["phone"]))
            batch["identity"].append((pk, now, now))
            batch["member"].append((pk, pk, now))
            batch["key"].extend((pk, key) for key in _keys(pk, agency, row))
        with transaction.atomic(), connection.cursor() as cursor:
            for name, sql in (
                ("person", person_sql),
                ("identifier", identifier_sql),
                ("phone", phone_sql),
                ("identity", identity_sql),
                ("member", member_sql),
                ("key", key_sql),
            ):
                if batch[name]:
                    cursor.executemany(sql, batch[name])
        done = min(offset + CHUNK, start + count) - 1
        print(f"  seeded {done:,} statements", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def _bound_keys() -> None:
    """Keep each key for its first ``MAX_PER_KEY + 1`` statements only, as online resolution
    leaves the table (a statement finding more holders does not store the key)."""
    from django.db import connection, transaction

    from nncc.resolution.online import MAX_PER_KEY

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM resolution_resolutionkey WHERE id IN (SELECT id FROM (SELECT id, "
            "ROW_NUMBER() OVER (PARTITION BY key ORDER BY person_id) AS n "
            "FROM resolution_resolutionkey) AS ranked WHERE n > %s)",
            [MAX_PER_KEY + 1],
        )


def _reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from nncc.registry.models import Identifier, Person, Phone
    from nncc.resolution.models import Identity, IdentityMember, ResolutionKey

    models = [Person, Identifier, Phone, Identity, IdentityMember, ResolutionKey]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        # fresh planner statistics, as a live database has them
        cursor.execute("ANALYZE")


def _arrivals(men: Men, agencies: list[int], count: int) -> list[dict[str, Any]]:
    """New statements: half about men already in the registry, half about men it never holds
    (made by a generator of their own, so the rest of the seeding never states them)."""
    strangers = Men(seed=97, first_number=9_000_000)
    arrivals = []
    for index in range(count):
        if index % 2:
            row = men.statement(men.rng.choice(men.men[:BASELINE_PERSONS]))
        else:
            row = strangers.statement(strangers.man())
        arrivals.append({**row, "agency": agencies[index % len(agencies)]})
    return arrivals


def _time_sample(arrivals: list[dict[str, Any]]) -> tuple[list[float], int, int]:
    """Resolve each arrival inside a transaction that is rolled back, so every size sees the
    same registry and the same arrivals."""
    from django.db import transaction

    from nncc.registry.models import Identifier, Person, Phone
    from nncc.resolution.online import current_model, resolve_person

    model = current_model()
    samples: list[float] = []
    linked = queued = 0
    for index, row in enumerate(arrivals):
        with transaction.atomic():
            person = Person.objects.create(
                agency_id=row["agency"],
                agency_record_id=f"NEW-{index}",
                name_latin=row["name"],
                father_name_latin=row["father"],
                sex=row["sex"],
                date_of_birth=row["born"],
                birth_year=row["year"],
                nationality="PK",
            )
            if row["cnic"]:
                Identifier.objects.create(person=person, kind="cnic", value=_cnic(row["cnic"]))
            if row["phone"]:
                Phone.objects.create(person=person, e164=row["phone"], raw=row["phone"])
            started = time.perf_counter()
            result = resolve_person(person, model=model)
            samples.append((time.perf_counter() - started) * 1000)
            linked += bool(result.linked)
            queued += bool(result.queued)
            transaction.set_rollback(True)
    return samples, linked, queued


def _report(label: str, persons: int, samples: list[float], linked: int, queued: int) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        f"{label:<14}{persons:>12,}{statistics.median(samples):>11.1f}{p95:>10.1f}"
        f"{max(samples):>10.1f}{linked:>8}{queued:>8}"
    )


def measure(label: str, persons: int, sample: int) -> None:
    from django.db import connection

    from nncc.agencies.models import Agency

    agencies = [
        Agency.objects.create(code=f"AG{i:02}", name=f"Agency {i}", kind="federal").pk
        for i in range(12)
    ]
    men = Men()
    started = time.perf_counter()
    first = min(BASELINE_PERSONS, persons)
    _seed(men, agencies, 1, first)
    _bound_keys()
    _reset_sequences()
    arrivals = _arrivals(men, agencies, sample)
    base = _time_sample(arrivals)
    _seed(men, agencies, first + 1, persons - first)
    _bound_keys()
    _reset_sequences()
    seeded = time.perf_counter() - started
    full = _time_sample(arrivals)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM resolution_resolutionkey")
        keys = cursor.fetchone()[0]
    print(f"\n{label}: online resolution, {sample} arriving statements ({seeded:.0f} s to seed)")
    print(f"{'registry':<14}{'statements':>12}{'median ms':>11}{'p95 ms':>10}{'max ms':>10}"
          f"{'linked':>8}{'queued':>8}")  # fmt: skip
    _report("baseline", first, *base)
    _report("full", persons, *full)
    print(f"key rows: {keys:,} ({keys / max(persons, 1):.1f} per statement); target: p95 < 200 ms")


#: databases a URL may name that are the server's own, never dropped: the default is used instead
_SERVER_DATABASES = {"", "postgres", "template0", "template1"}


def _fresh_postgres_database(server_url: str, default: str = "nncc_bench_resolution") -> str:
    """Create (afresh) the database the URL names, or ``default`` when it names the server's
    own; the server is reached through its ``postgres`` database."""
    import psycopg
    from psycopg import sql

    base, _, named = server_url.rpartition("/")
    name = named.split("?", 1)[0]
    name = default if name in _SERVER_DATABASES else name
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{base}/{name}"


def run(*, persons: int = 1_000_000, sample: int = 200, postgres_url: str = "") -> None:
    """Django is configured once per process, so each database runs in a process of its own."""
    import subprocess

    command = [sys.executable, "-m", "bench.resolution_online", "--persons", str(persons)]
    command += ["--sample", str(sample)]
    subprocess.run(command, check=True)
    if postgres_url:
        subprocess.run([*command, "--postgres", postgres_url, "--only-postgres"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument(
        "--postgres",
        default="",
        help="PostgreSQL URL; the database it names is dropped and created afresh "
        "(nncc_bench_resolution when it names the server's own postgres database)",
    )
    parser.add_argument("--only-postgres", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        if args.postgres and args.only_postgres:
            _setup(_fresh_postgres_database(args.postgres), directory)
            measure("PostgreSQL", args.persons, args.sample)
        elif args.postgres:
            run(persons=args.persons, sample=args.sample, postgres_url=args.postgres)
        else:
            _setup(f"sqlite:///{directory}/bench.sqlite3", directory)
            measure("SQLite", args.persons, args.sample)


if __name__ == "__main__":
    main()
