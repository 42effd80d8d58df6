"""Agencies, people and clients for the API tests.

ANF and Customs are federal agencies, NNCC the coordination centre. Users are created through
the agencies' services and call the API with their own token, as an agency's system would.
Identity numbers are synthetic (CNIC locality 0000, phone exchange 555).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nncc.agencies.models import Agency
from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.kernel.access import Role

from .helpers import PASSWORD


@dataclass
class World:
    anf: Agency
    customs: Agency
    centre: Agency
    users: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.users[name]
        except KeyError:
            raise AttributeError(name) from None


#: username → (agency attribute, roles)
PEOPLE = {
    "officer": ("anf", [Role.FIELD_OFFICER]),
    "supervisor": ("anf", [Role.SUPERVISOR]),
    "analyst": ("anf", [Role.ANALYST]),
    "auditor": ("anf", [Role.AUDITOR]),
    "customs_officer": ("customs", [Role.FIELD_OFFICER]),
    "customs_analyst": ("customs", [Role.ANALYST]),
    "centre_analyst": ("centre", [Role.CENTRE_ANALYST]),
    "centre_auditor": ("centre", [Role.AUDITOR]),
}


@pytest.fixture(autouse=True)
def _fresh_login_throttle() -> Iterator[None]:
    # The login throttle counts in the cache; each test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: Any) -> World:
    agencies = {
        "anf": agency_create(
            acting_user=None, code="ANF", name="Anti-Narcotics Force", kind="federal"
        ),
        "customs": agency_create(
            acting_user=None, code="CUSTOMS", name="Pakistan Customs", kind="federal"
        ),
        "centre": agency_create(
            acting_user=None, code="NNCC", name="Coordination centre", kind="centre"
        ),
    }
    users = {
        username: user_add_to_agency(
            acting_user=None,
            username=username,
            password=PASSWORD,
            agency=agencies[agency],
            roles=roles,
        )
        for username, (agency, roles) in PEOPLE.items()
    }
    return World(users=users, **agencies)


@pytest.fixture
def api() -> Callable[[Any], APIClient]:
    """A client authenticated with the user's token (anonymous for None)."""

    def client_for(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
