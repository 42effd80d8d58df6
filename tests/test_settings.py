"""The settings a deployment relies on: durable SQLite, secure defaults, a deploy check."""

import os
import subprocess
import sys

import pytest
from django.db import connection


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_full_sync():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas only apply to SQLite")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL: an acknowledged commit survives power loss
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_sqlite_file_database_uses_wal(tmp_path):
    """WAL cannot be shown on the in-memory test database, so open a real file as `nncc` does."""
    env = {
        **os.environ,
        "NNCC_DATA_DIR": str(tmp_path),
        "NNCC_SECRET_KEY": "test-key-" + "k" * 50,
        "DJANGO_SETTINGS_MODULE": "nncc.config.settings",
    }
    env.pop("NNCC_DATABASE_URL", None)
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "wal"


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "NNCC_DATA_DIR": str(tmp_path),
        "NNCC_SECRET_KEY": "a-long-random-production-key-" + "Zq8" * 20,
        "NNCC_HTTPS": "1",
        "NNCC_ALLOWED_HOSTS": "nncc.example.org",
        "DJANGO_SETTINGS_MODULE": "nncc.config.settings",
    }
    for name in ("NNCC_DEBUG", "NNCC_TESTING", "NNCC_DATABASE_URL"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_is_refused_outside_development(tmp_path):
    env = {
        **os.environ,
        "NNCC_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "nncc.config.settings",
    }
    for name in ("NNCC_SECRET_KEY", "NNCC_DEBUG", "NNCC_TESTING"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "NNCC_SECRET_KEY" in result.stderr
