"""API token login: one answer for every failure, and every attempt audited."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from nncc.kernel.models import AuditEntry

from .helpers import PASSWORD

pytestmark = pytest.mark.django_db


def _login(username: str, password: str):
    return APIClient().post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )


def test_a_good_password_gives_a_token_that_works_and_is_audited(world):
    response = _login("officer", PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]

    entry = AuditEntry.objects.get(action="login")
    assert entry.actor == world.officer and entry.agency == world.anf
    assert entry.channel == "api"
    assert token not in str(entry.detail) + entry.target_label

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/seizures/").status_code == 200
    assert _login("officer", PASSWORD).json()["token"] == token


def test_unknown_user_wrong_password_and_disabled_account_get_the_same_answer(world):
    world.customs_analyst.is_active = False
    world.customs_analyst.save()

    answers = [
        _login("nobody", PASSWORD),
        _login("officer", "wrong password"),
        _login("customs_analyst", PASSWORD),
    ]
    assert {a.status_code for a in answers} == {400}
    assert len({a.content for a in answers}) == 1
    failed = AuditEntry.objects.filter(action="login_failed").order_by("id")
    assert [e.detail["username"] for e in failed] == ["nobody", "officer", "customs_analyst"]
    assert all(e.actor is None for e in failed)
    assert not AuditEntry.objects.filter(action="login").exists()


def test_missing_fields_are_field_errors(world):
    response = APIClient().post("/api/auth/token/", {"username": "officer"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_a_bad_token_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/seizures/").status_code == 401


def test_password_guessing_is_slowed(world):
    answers = [_login("officer", f"guess {n}").status_code for n in range(12)]
    assert answers[0] == 400
    assert answers[-1] == 429
