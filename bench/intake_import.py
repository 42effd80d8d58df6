"""What a bulk import costs: seizure rows per second and memory, as the file grows.

Writes CSV files of seizure rows (each with one drug line and one arrested person, all new record
ids) to disk and imports them with ``import_file`` in a fresh database: a quarter-size file and
the full-size one, printing rows per second and the peak memory of each run side by side (the
peak should not grow with the file: rows are streamed and written a batch at a time). The
baseline, measured in the same process, is the same kind of file written row by row through
the services (the path a known record id takes), so the ratio holds on a noisy machine.

Peak memory is the process's resident-set high-water mark, reset before each run (Linux); the
figure is the growth over the resident size at the start of the run.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DRUGS = ("charas", "heroin", "opium", "ice", "hashish")


def _setup(database_url: str, data_dir: str) -> None:
    os.environ["NNCC_DATABASE_URL"] = database_url
    os.environ["NNCC_DATA_DIR"] = data_dir
    os.environ.setdefault("NNCC_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "nncc.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def write_rows(path: Path, count: int, *, prefix: str) -> Path:
    """A CSV file of ``count`` valid seizure rows with new record ids ``<prefix>-<n>``."""
    from nncc.intake.imports.rows import COLUMNS
    from nncc.reference.models import District

    districts = list(District.objects.order_by("code").values_list("code", "province"))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(count):
            code, province = districts[n % len(districts)]
            row = {
                "agency_record_id": f"{prefix}-{n:07d}",
                "occurred_at": f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d} {n % 24:02d}:15",
                "province": province,
                "district": code,
                "place_type": "road",
                "transport_mode": "car",
                "place": f"Checkpost {n % 97}",
                "drug": _DRUGS[n % len(_DRUGS)],
                "quantity": f"{n % 500 + 1}.{n % 1000:03d}",
                "unit": "kg",
                "person_name": f"Suspect {n}",
                "person_name_urdu": "محمد خان",
                "father_name": "Gul Khan",
                "cnic": f"{35000 + n % 9000:05d}{n % 10_000_000:07d}{n % 2 + 1}",
                "phone": f"+92300{n % 10_000_000:07d}",
                "nationality": "AF" if n % 25 == 0 else "PK",
                "role": "courier",
            }
            writer.writerow([row[column] for column in COLUMNS])
    return path


def _officer() -> Any:
    from nncc.agencies.models import Agency
    from nncc.agencies.services import agency_create, user_add_to_agency

    agency = Agency.objects.filter(code="BENCH").first() or agency_create(
        acting_user=None, code="BENCH", name="Benchmark agency", kind="federal"
    )
    return user_add_to_agency(
        acting_user=None,
        username=f"bench.importer.{time.monotonic_ns()}",
        password="benchmark-password-1",
        agency=agency,
        roles=["field_officer"],
    )


def _resident_kb(field: str) -> int | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else None


@contextlib.contextmanager
def _peak_memory() -> Iterator[list[float]]:
    """Yields a list that holds, afterwards, the resident-set peak growth in MB (Linux)."""
    result: list[float] = []
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets the high-water mark
    start = _resident_kb("VmRSS")
    yield result
    peak = _resident_kb("VmHWM")
    if start is not None and peak is not None:
        result.append(max(peak - start, 0) / 1024)


@contextlib.contextmanager
def _row_by_row() -> Iterator[None]:
    """Seizure rows written one at a time through the services: the baseline."""
    from nncc.intake.imports import record_types
    from nncc.intake.imports.rows import COLUMNS, RowReader
    from nncc.intake.imports.writing import RowWriter

    kinds = record_types._TYPES
    fast = kinds["seizure"]
    kinds["seizure"] = lambda: record_types.RecordType("seizure", RowReader, RowWriter, COLUMNS)
    try:
        yield
    finally:
        kinds["seizure"] = fast


@dataclass
class Result:
    rows: int
    seconds: float
    cpu_seconds: float
    peak_mb: float | None
    created: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float:
        return self.rows / self.cpu_seconds if self.cpu_seconds else 0.0


def timed_import(user: Any, path: Path) -> Result:
    from django.db import connection

    from nncc.intake.imports.service import import_file
    from nncc.kernel.context import action_context

    with _peak_memory() as peak, action_context(channel="shell"):
        started, cpu_started = time.perf_counter(), time.process_time()
        job = import_file(acting_user=user, path=path)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would, before the next file
    return Result(job.received, seconds, cpu_seconds, peak[0] if peak else None, job.created)


def measure(rows: int, label: str, directory: Path) -> dict[str, Result]:
    """Import a baseline file row by row, then a quarter-size and a full-size file in batches;
    print and return the figures. Django must be set up on the database to measure."""
    user = _officer()
    small = max(rows // 4, 1)
    base_rows = max(min(2_000, rows // 10), 1)
    stamp = time.monotonic_ns()
    files = {
        "baseline": write_rows(directory / "baseline.csv", base_rows, prefix=f"B{stamp}"),
        "quarter": write_rows(directory / "quarter.csv", small, prefix=f"Q{stamp}"),
        "full": write_rows(directory / "full.csv", rows, prefix=f"F{stamp}"),
    }
    results: dict[str, Result] = {}
    with _row_by_row():
        results["baseline"] = timed_import(user, files["baseline"])
    results["quarter"] = timed_import(user, files["quarter"])
    results["full"] = timed_import(user, files["full"])

    print(f"\n{label}: seizure rows, each with one drug line and one arrested person")
    print(
        f"{'run':<24}{'rows':>9}{'seconds':>9}{'rows/s':>8}{'x base':>8}"
        f"{'rows/cpu-s':>12}{'x base':>8}{'peak MB':>9}"
    )
    names = {"baseline": "row by row (baseline)", "quarter": "batched, 1/4 file"}
    names["full"] = "batched, full file"
    base = results["baseline"]
    for key, result in results.items():
        peak = f"{result.peak_mb:.1f}" if result.peak_mb is not None else "n/a"
        ratio = result.rate / base.rate if base.rate else 0.0
        cpu_ratio = result.cpu_rate / base.cpu_rate if base.cpu_rate else 0.0
        print(
            f"{names[key]:<24}{result.rows:>9,}{result.seconds:>9.1f}{result.rate:>8,.0f}"
            f"{ratio:>7.1f}x{result.cpu_rate:>12,.0f}{cpu_ratio:>7.1f}x{peak:>9}"
        )
    print(
        "(rows/s: wall clock; rows/cpu-s: per second of this process's CPU, which leaves out "
        "waiting for a busy machine and, on PostgreSQL, the server's own work)"
    )
    quarter, full = results["quarter"].peak_mb, results["full"].peak_mb
    if quarter is not None and full is not None:
        print(
            f"peak memory, {small:,} rows: {quarter:.1f} MB; {rows:,} rows: {full:.1f} MB "
            f"({rows / small:.0f}x the rows)"
        )
    return results


def _fresh_postgres_database(server_url: str) -> str:
    """A new, empty database named after the one in ``server_url`` (``<name>_bench_import``),
    so benchmarks run against different databases of one server do not drop each other's."""
    import psycopg
    from psycopg import sql

    server, database = server_url.rsplit("/", 1)
    name = f"{database or 'nncc'}_bench_import"
    # The server's maintenance database: the one named in the URL need not exist.
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{server}/{name}"


def run(*, rows: int, postgres_url: str = "") -> None:
    """Django is configured once per process, so each database runs in a process of its own."""
    import subprocess

    subprocess.run([sys.executable, "-m", "bench.intake_import", str(rows)], check=True)
    if postgres_url:
        subprocess.run(
            [sys.executable, "-m", "bench.intake_import", str(rows), postgres_url], check=True
        )


if __name__ == "__main__":
    count = int(sys.argv[1])
    with tempfile.TemporaryDirectory() as directory:
        if len(sys.argv) > 2:
            _setup(_fresh_postgres_database(sys.argv[2]), directory)
            measure(count, "PostgreSQL", Path(directory))
        else:
            _setup(f"sqlite:///{directory}/bench.sqlite3", directory)
            measure(count, "SQLite (file)", Path(directory))
