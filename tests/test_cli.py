"""The ``nncc`` command, run for real in a fresh data directory (the full demo run is tested with
the demo generator)."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

#: the campaign figures every report carries, whatever the data
CAMPAIGN_KEYS = {
    "year",
    "period",
    "scope",
    "seized_kg",
    "value_usd",
    "seizure_events",
    "suspects_arrested",
    "foreigners_arrested",
    "afghan_nationals_arrested_illegal_stay",
    "acres_cleared",
    "counting_rules",
}


def nncc(*args: str, data_dir: Path, timeout: int = 180, **env: str) -> subprocess.CompletedProcess:
    """Run the installed ``nncc`` command (or the module) with a clean environment."""
    script = Path(sys.executable).with_name("nncc")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nncc.cli"]
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NNCC_", "DJANGO_", "PYTEST_"))
    }
    environment.update(NNCC_DATA_DIR=str(data_dir), NNCC_TASK_BACKEND="immediate", **env)
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
        cwd=data_dir,
        check=False,
    )


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with a signing key and a migrated, empty SQLite database."""
    data_dir = tmp_path_factory.mktemp("nncc-data")
    ok(nncc("init-secret", data_dir=data_dir))
    ok(nncc("manage", "migrate", "--no-input", data_dir=data_dir))
    return data_dir


def test_help_names_every_command(tmp_path: Path) -> None:
    result = ok(nncc("--help", data_dir=tmp_path))
    for command in ("demo", "serve", "report", "manage", "init-secret"):
        assert command in result.stdout
    assert "Example:" in ok(nncc("report", "campaign", "--help", data_dir=tmp_path)).stdout


def test_init_secret_writes_a_private_key_once(tmp_path: Path) -> None:
    ok(nncc("init-secret", data_dir=tmp_path))
    key_file = tmp_path / "secret_key"
    key = key_file.read_text()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    ok(nncc("init-secret", data_dir=tmp_path))
    assert key_file.read_text() == key, "a second run replaced the key"


def test_without_a_key_the_settings_refuse_to_start(tmp_path: Path) -> None:
    result = nncc("manage", "check", data_dir=tmp_path)
    assert result.returncode != 0
    assert "NNCC_SECRET_KEY" in result.stderr


def _campaign_available() -> None:
    if importlib.util.find_spec("nncc.stats.campaign") is None:
        pytest.skip("nncc.stats.campaign is not built yet")


def test_campaign_report_prints_json_on_an_empty_database(migrated: Path) -> None:
    _campaign_available()
    result = ok(nncc("report", "campaign", "--year", "2025", "--json", data_dir=migrated))
    figures = json.loads(result.stdout)
    assert set(figures) >= CAMPAIGN_KEYS, sorted(CAMPAIGN_KEYS - set(figures))
    assert figures["year"] == 2025
    assert figures["scope"] == "national"
    assert float(figures["seized_kg"]) == 0
    assert figures["suspects_arrested"] == 0


def test_the_report_is_audited_as_a_cli_action(migrated: Path) -> None:
    _campaign_available()
    ok(nncc("report", "campaign", "--year", "2024", "--json", data_dir=migrated))
    with sqlite3.connect(migrated / "nncc.sqlite3") as database:
        rows = database.execute(
            "SELECT action, channel, request_id FROM kernel_auditentry "
            "WHERE target_type = 'stats.campaign' AND target_label LIKE '%2024%'"
        ).fetchall()
    assert len(rows) == 1
    action, channel, request_id = rows[0]
    assert (action, channel) == ("report", "cli")
    assert len(request_id) == 32


def test_campaign_report_as_text(migrated: Path) -> None:
    _campaign_available()
    result = ok(nncc("report", "campaign", "--year", "2025", data_dir=migrated))
    assert "2025" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_campaign_report_for_an_unknown_user_is_refused(migrated: Path) -> None:
    _campaign_available()
    result = nncc("report", "campaign", "--as", "nobody", "--json", data_dir=migrated)
    assert result.returncode == 2
    assert "No active user 'nobody'" in result.stderr
    assert result.stdout == ""


def test_demo_refuses_a_postgresql_database(tmp_path: Path) -> None:
    result = nncc(
        "demo",
        "--no-serve",
        data_dir=tmp_path,
        NNCC_DATABASE_URL="postgres://nncc@db.example.invalid:5432/nncc",
    )
    assert result.returncode == 2
    assert "NNCC_DATABASE_URL" in result.stderr
    assert list(tmp_path.iterdir()) == [], "the demo touched the data directory"
