"""The API import reads a body it has stored at most twice: once to check and count it (its hash
is worked out as it is stored), once to import it."""

from __future__ import annotations

import json
import pathlib
from pathlib import Path
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.intake.models import ImportJob, SeizureEvent
from nncc.kernel.access import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(settings: Any, tmp_path: Path) -> APIClient:
    settings.DATA_DIR = tmp_path / "data"
    anf = agency_create(acting_user=None, code="ANF", name="ANF", kind="federal")
    officer = user_add_to_agency(
        acting_user=None,
        username="anf.officer",
        password="a-long-test-password-2025",
        agency=anf,
        roles=[Role.FIELD_OFFICER],
    )
    token, _ = Token.objects.get_or_create(user=officer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


class _Counted:
    """A file opened for reading whose bytes read are added to ``tally``."""

    def __init__(self, handle: Any, tally: list[int]) -> None:
        self.handle, self.tally = handle, tally

    def read(self, *args: Any) -> bytes:
        data = self.handle.read(*args)
        self.tally.append(len(data))
        return data

    def __iter__(self) -> Any:
        for line in self.handle:
            self.tally.append(len(line))
            yield line

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def __enter__(self) -> _Counted:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.handle.close()


@pytest.fixture
def bytes_read(settings: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes read from stored import bodies, one entry per read."""
    tally: list[int] = []
    real_open = pathlib.Path.open

    def counting_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        stored = Path(settings.DATA_DIR) / "imports"
        if "r" in mode and "b" in mode and stored in self.parents:
            return _Counted(handle, tally)
        return handle

    monkeypatch.setattr(pathlib.Path, "open", counting_open)
    return tally


def _body(count: int) -> bytes:
    lines = [
        json.dumps(
            {
                "agency_record_id": f"API-{n:04d}",
                "occurred_at": "2025-06-01 08:00",
                "district": "BA-QTA",
                "place_type": "road",
                "transport_mode": "car",
                "drug": "charas",
                "quantity": f"{n}.25",
                "unit": "kg",
                "place": "x" * 200,  # long lines: a body far larger than the checked head
            }
        )
        for n in range(1, count + 1)
    ]
    return "\n".join(lines).encode()


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_body_is_read_at_most_twice(
    client: APIClient, bytes_read: list[int], dry_run: bool
) -> None:
    body = _body(1_000)
    assert len(body) > 4 * (1 << 16)
    response = client.post(
        f"/api/imports/?dry_run={'true' if dry_run else 'false'}",
        data=body,
        content_type="application/x-ndjson",
    )
    assert response.status_code == (200 if dry_run else 201), response.content
    assert response.json()["job"]["total"] == 1_000
    assert SeizureEvent.objects.count() == (0 if dry_run else 1_000)
    # Twice the body, and once more the first block (the reader's text check of its head).
    assert sum(bytes_read) <= 2 * len(body) + (1 << 16)


def test_the_stored_hash_keys_the_job(client: APIClient, bytes_read: list[int]) -> None:
    body = _body(3)
    first = client.post("/api/imports/", data=body, content_type="application/x-ndjson")
    again = client.post("/api/imports/", data=body, content_type="application/x-ndjson")
    assert (first.status_code, again.status_code) == (201, 200)
    import hashlib

    job = ImportJob.objects.get()  # the same body is the same job
    assert job.sha256 == hashlib.sha256(body).hexdigest()
    assert (job.total, job.unchanged) == (3, 3)
