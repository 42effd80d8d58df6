"""``nncc resolve``, run for real as a subprocess: no database, no Django settings."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

HEADER = (
    "record_id,source,full_name,father_name,date_of_birth,sex,nationality,cnic,passport,phone,"
    "district"
)
ROWS = [
    "anf-1,ANF,Muhammad Asif Khan s/o Gul Khan,,1984-07-02,M,PK,35202-1234567-1,,,Quetta",
    "cus-9,CUSTOMS,Mohd Aasif Khan,Gul Khan,1984,M,,,,0300-1234567,",
    "lev-3,LEVIES,محمد آصف خان,گل خان,,,,,,+923001234567,",
    "ff-1,FC,Zarghun Yousafzai,Sher Yousafzai,1961,M,AF,,PoR-123456,,Pishin",
    "x-1,ANF,12345 😀,,1990-02-30,X,Narnia,12345,,not a phone,",
]


def nncc(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("nncc")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nncc.cli"]
    # No database URL and no settings module: the command must not need them.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NNCC_", "DJANGO_", "PYTEST_"))
    }
    return subprocess.run(
        [*command, "resolve", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        cwd=cwd,
        check=False,
    )


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_resolves_a_file(tmp_path: Path):
    source = write(tmp_path / "in.csv", [HEADER, *ROWS])
    result = nncc(str(source), "--out", "out.csv", "--problems", "problems.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["record_id", "cluster_id"]
    assert [row[0] for row in rows[1:]] == ["anf-1", "cus-9", "lev-3", "ff-1", "x-1"]
    clusters = dict(rows[1:])
    assert clusters["anf-1"] == clusters["cus-9"] == clusters["lev-3"] == "anf-1"
    assert clusters["ff-1"] == "ff-1" and clusters["x-1"] == "x-1"
    assert "5 records" in result.stderr and "unreadable values" in result.stderr
    with open(tmp_path / "problems.csv", encoding="utf-8", newline="") as handle:
        problems = list(csv.DictReader(handle))
    assert {p["record_id"] for p in problems} == {"x-1"}
    assert len(problems) >= 5  # name, date, sex, nationality, CNIC, phone


def test_a_missing_column_is_a_clear_error(tmp_path: Path):
    source = write(tmp_path / "in.csv", ["record_id,full_name", "1,Asif Khan"])
    result = nncc(str(source), "--out", "out.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "lacks the column(s) source, father_name" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_duplicate_record_id_is_a_clear_error(tmp_path: Path):
    source = write(tmp_path / "in.csv", [HEADER, ROWS[0], ROWS[0]])
    result = nncc(str(source), "--out", "out.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "row 3: record_id 'anf-1' repeats row 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path):
    source = write(tmp_path / "in.csv", [HEADER, "1,ANF,Zoë Khan,,,,,,,,"], encoding="latin-1")
    result = nncc(str(source), "--out", "out.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_a_clear_error(tmp_path: Path):
    result = nncc("nowhere.csv", "--out", "out.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file" in result.stderr and "Traceback" not in result.stderr


def test_only_record_id_is_required_to_have_a_value(tmp_path: Path):
    source = write(tmp_path / "in.csv", [HEADER, "a,,,,,,,,,,", "b,,,,,,,,,,"])
    result = nncc(str(source), "--out", "out.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines() == [
        "record_id,cluster_id",
        "a,a",
        "b,b",
    ]
