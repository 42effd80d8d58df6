"""Test clients signed in as a user, and checks of their answers (UI and API)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.shortcuts import resolve_url
from django.test import Client

from nncc.kernel.testing.forms import form_errors
from nncc.kernel.testing.people import Persona
from nncc.kernel.testing.rules import Outcome


def login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def context_rows(response: Any, model: type[Model]) -> set[Any]:
    """Primary keys of ``model`` instances a list view put in its context."""
    found: set[Any] = set()
    context = getattr(response, "context", None)
    if not context:
        return found
    for key in ("rows", "object_list", "page", "page_obj"):
        try:
            value = context[key]
        except KeyError:
            continue
        rows = getattr(value, "object_list", value)
        if isinstance(rows, Iterable) and not isinstance(rows, str | bytes | dict):
            found |= {row.pk for row in rows if isinstance(row, model)}
    return found


def ui_client(user: Any) -> Client:
    """A test client signed in as ``user`` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_ui_answer(response: Any, outcome: Outcome, persona: Persona) -> None:
    """A page's answer is the expected one: login redirect, 404, 403, 200 or a redirect."""
    where = f"{persona} {response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}"
    status = response.status_code
    location = response.get("Location", "")
    if outcome is Outcome.LOGIN:
        assert status == 302 and location.startswith(login_url()), (
            f"{where}: expected a redirect to the login page, got {status} {location}"
        )
    elif outcome is Outcome.NOT_FOUND:
        assert status == 404, f"{where}: expected 404, got {status}"
    elif outcome is Outcome.FORBIDDEN:
        assert status == 403, f"{where}: expected 403, got {status}"
    elif response.request["REQUEST_METHOD"] == "GET":
        assert status == 200, f"{where}: expected 200, got {status}"
    else:
        assert status == 302 and not location.startswith(login_url()), (
            f"{where}: expected a redirect after the write, got {status} {location} "
            f"{form_errors(response)}"
        )


def assert_api_answer(
    response: Any, outcome: Outcome, persona: Persona, success: int = 200
) -> None:
    """An endpoint's answer is the expected one: 401, 404, 403 or ``success``."""
    where = f"{persona} {response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}"
    expected = {
        Outcome.LOGIN: 401,
        Outcome.NOT_FOUND: 404,
        Outcome.FORBIDDEN: 403,
        Outcome.OK: success,
    }[outcome]
    body = getattr(response, "content", b"")[:300]
    assert response.status_code == expected, (
        f"{where}: expected {expected}, got {response.status_code} {body!r}"
    )


def api_client(user: Any) -> Any:
    """A DRF test client that authenticates as ``user`` with his token (anonymous for None)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def rows_of(response: Any) -> list[Any]:
    body = response.json()
    return body["results"] if isinstance(body, dict) else body
