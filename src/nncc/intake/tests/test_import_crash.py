"""Kill the import and run it again: nothing committed is lost, nothing is written twice.

The real ``nncc import`` runs as a process of its own against a database on disk (an SQLite
file, or a fresh PostgreSQL database when the suite runs on PostgreSQL) and is killed with
SIGKILL at random moments while it writes; a last run completes the job. The records, the job's
counts and its rejections must then be exactly those of one clean run.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from nncc.intake.imports.rows import COLUMNS

pytestmark = pytest.mark.slow

ROWS = 3_000
KILLS = 3
USER = "crash.officer"


@dataclass
class Database:
    url: str  # empty: the default SQLite file in the data directory
    data_dir: Path

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if not self.url:
            with sqlite3.connect(self.data_dir / "nncc.sqlite3", timeout=30) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql).fetchall()  # type: ignore[arg-type]

    def value(self, sql: str) -> Any:
        rows = self.query(sql)
        return rows[0][0] if rows else None


def nncc() -> list[str]:
    script = Path(sys.executable).with_name("nncc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nncc.cli"]


def environment(database: Database) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NNCC_", "DJANGO_", "PYTEST_"))
    }
    env.update(
        NNCC_DATA_DIR=str(database.data_dir),
        NNCC_SECRET_KEY="crash-test-only-key-" + "x" * 40,
        NNCC_TASK_BACKEND="immediate",
    )
    if database.url:
        env["NNCC_DATABASE_URL"] = database.url
    return env


def run(database: Database, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own command)
        [*nncc(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment(database),
        cwd=database.data_dir,
        check=False,
    )


def start(database: Database, *args: str) -> subprocess.Popen:
    """The command in the background; what it says goes to ``stderr.txt`` (a pipe nobody
    reads could fill and stall it)."""
    with (database.data_dir / "stderr.txt").open("w") as stderr:
        return subprocess.Popen(  # noqa: S603 (our own command)
            [*nncc(), *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=environment(database),
            cwd=database.data_dir,
        )


def _postgres_url(name: str) -> str:
    server = settings.DATABASES["default"]
    password = f":{server['PASSWORD']}" if server.get("PASSWORD") else ""
    host = server.get("HOST") or "127.0.0.1"
    return f"postgres://{server['USER']}{password}@{host}:{server.get('PORT') or 5432}/{name}"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A migrated database on disk with one agency and its field officer."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    name = f"{settings.DATABASES['default']['NAME']}_crash"[:60]
    if on_postgres:
        import psycopg
        from psycopg import sql

        with psycopg.connect(_postgres_url("postgres"), autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    database = Database(_postgres_url(name) if on_postgres else "", tmp_path)
    migrated = run(database, "manage", "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    created = run(
        database,
        "manage",
        "shell",
        "-c",
        "from nncc.agencies.services import agency_create, user_add_to_agency\n"
        "agency = agency_create(acting_user=None, code='ANF', name='ANF', kind='federal')\n"
        f"user_add_to_agency(acting_user=None, username='{USER}', password='crash-test-pw-2025',"
        " agency=agency, roles=['field_officer'])",
    )
    assert created.returncode == 0, created.stderr
    yield database
    if on_postgres:
        import psycopg
        from psycopg import sql

        with psycopg.connect(_postgres_url("postgres"), autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@dataclass
class Expected:
    records: int  # distinct valid record ids: seizures, drug lines, persons and arrests each
    broken_rows: set[int]  # row numbers (as a spreadsheet shows them) that must be rejected
    places: dict[str, str]  # record id → place of its last row in the file


def write_file(path: Path) -> Expected:
    """ROWS seizure rows: every 97th broken (a quantity that is no number), every 40th a later
    row of an earlier record id with another place (an update)."""
    broken: set[int] = set()
    places: dict[str, str] = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        for n in range(ROWS):
            record = n // 2 if n % 40 == 39 else n  # a repeat of an earlier id
            row = {
                "agency_record_id": f"K-{record:05d}",
                "occurred_at": f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d} 08:00",
                "province": "PK-BA",
                "district": "BA-QTA",
                "place_type": "road",
                "transport_mode": "car",
                "place": f"Checkpost {n}",
                "drug": "charas",
                "quantity": f"{record % 90 + 1}.250",
                "unit": "kg",
                "person_name": f"Suspect {record}",
                "person_name_urdu": "",
                "father_name": "Gul Khan",
                "cnic": f"35202{record:07d}1",
                "phone": f"+92300{record:07d}",
                "nationality": "PK",
                "role": "courier",
            }
            if n % 97 == 50:
                row["agency_record_id"] = f"BAD-{n}"  # an id of its own: never written
                row["quantity"] = "lots"
                broken.add(n + 2)
            else:
                places[row["agency_record_id"]] = row["place"]
            writer.writerow(row)
    return Expected(len(places), broken, places)


def wait_for_progress(database: Database, process: subprocess.Popen) -> None:
    """Until the running import has committed a batch (or ended)."""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if (database.value("SELECT MAX(position) FROM intake_importjob") or 0) > 0:
                return
        except Exception:  # noqa: S110 (the tables may be locked or not yet there)
            pass
        time.sleep(0.02)


def test_killed_imports_then_a_last_run_leave_exactly_one_clean_run(
    database: Database, tmp_path: Path
) -> None:
    expected = write_file(tmp_path / "seizures.csv")
    command = ["import", str(tmp_path / "seizures.csv"), "--as", USER, "--batch-size", "50"]
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    positions, interrupted = [], 0
    for _ in range(KILLS):
        process = start(database, *command)
        wait_for_progress(database, process)
        time.sleep(rng.uniform(0.0, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        positions.append(database.value("SELECT MAX(position) FROM intake_importjob"))
        interrupted += database.value(
            "SELECT COUNT(*) FROM intake_importjob WHERE status = 'running'"
        )
    assert interrupted, f"no kill landed during an import (positions {positions})"
    last = run(database, *command)
    assert last.returncode == 0, f"seed {seed}\n{last.stdout}\n{last.stderr}"

    where = f"seed {seed}, positions after each kill: {positions}"
    job = database.query(
        "SELECT id, status, received, created, updated, unchanged, rejected, total "
        "FROM intake_importjob"
    )
    assert len(job) == 1, where
    job_id, status, received, created, updated, unchanged, rejected, total = job[0]
    assert status == "completed", where
    assert received == total == ROWS, where
    assert created + updated + unchanged + rejected == received, where
    assert rejected == len(expected.broken_rows), where
    rejections = database.query(
        f"SELECT row_number FROM intake_importrejection WHERE job_id = {job_id}"  # noqa: S608
    )
    assert sorted(row for (row,) in rejections) == sorted(expected.broken_rows), where

    for table in ("intake_seizureevent", "registry_person", "intake_arrest"):
        count = database.value(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        assert count == expected.records, (table, where)
        duplicates = database.query(
            f"SELECT agency_id, agency_record_id FROM {table} "  # noqa: S608
            "GROUP BY agency_id, agency_record_id HAVING COUNT(*) > 1"
        )
        assert duplicates == [], (table, where)
    assert database.value("SELECT COUNT(*) FROM intake_drugline") == expected.records, where
    assert database.value("SELECT COUNT(*) FROM registry_identifier") == expected.records, where
    # One create entry per seizure: a batch killed before its commit left none behind.
    creates = database.value(
        "SELECT COUNT(*) FROM kernel_auditentry "
        "WHERE action = 'create' AND target_type = 'intake.seizureevent'"
    )
    assert creates == expected.records, where
    places = dict(database.query("SELECT agency_record_id, place FROM intake_seizureevent"))
    assert places == expected.places, where


def test_a_second_run_while_one_is_running_is_refused(database: Database, tmp_path: Path) -> None:
    write_file(tmp_path / "seizures.csv")
    # Small batches keep the first run going long enough for the second to find it running,
    # however fast the import is.
    command = ["import", str(tmp_path / "seizures.csv"), "--as", USER, "--batch-size", "5"]
    first = start(database, *command)
    try:
        wait_for_progress(database, first)
        assert first.poll() is None, "the first run ended before the second could start"
        second = run(database, *command)
        assert second.returncode == 1, second.stderr
        assert "already running" in second.stderr
    finally:
        first.wait(timeout=120)
    assert first.returncode == 0, (database.data_dir / "stderr.txt").read_text()
    assert database.value("SELECT status FROM intake_importjob") == "completed"
