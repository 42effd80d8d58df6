"""Every route is covered by a permission-matrix class, or allowed out with a reason.

A new page or endpoint that serves records fails this test until a matrix class names it, so no
second way to read records escapes the access rule unnoticed.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from nncc.kernel.testing import PermissionMatrix

#: route name → why it needs no matrix entry (it serves no records)
ALLOWED: dict[str, str] = {
    "login": "signs a user in; serves no records",
    "logout": "signs a user out",
    "password_change": "changes the signed-in user's own password",
    "password_change_done": "confirms a password change",
    "health": "liveness probe; answers 'ok'",
    "api-token": "exchanges a username and password for the caller's own token",
    "api-schema": "the OpenAPI schema: describes endpoints, holds no records",
    "api-docs": "the Swagger UI page of the schema",
    "intake:district_options": "districts of a province: public reference data",
    "intake:drug_line_row": "an empty drug-line row of the seizure form",
    "registry:identifier_row": "an empty identifier row of the person form",
    "registry:phone_row": "an empty phone row of the person form",
}

#: every tests/test_permission_matrix_*.py module (one per area keeps them short)
MATRIX_MODULES = tuple(
    sorted(path.stem for path in Path(__file__).parent.glob("test_permission_matrix_*.py"))
)


@dataclass(frozen=True)
class Route:
    name: str
    path: str


def routes(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Route(name=name, path=prefix + str(entry.pattern))


def matrix_classes() -> list[type[PermissionMatrix]]:
    found = []
    for module_name in MATRIX_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if (
                name.startswith("Test")
                and inspect.isclass(value)
                and issubclass(value, PermissionMatrix)
            ):
                found.append(value)
    return found


def covered() -> dict[str, list[str]]:
    """Route name → the matrix classes that test it."""
    names: dict[str, list[str]] = {}
    for cls in matrix_classes():
        instance = cls()
        if instance.missing_route():
            continue
        for route_name in instance.route_names():
            names.setdefault(route_name, []).append(cls.__name__)
    return names


def test_the_inventory_sees_every_kind_of_route() -> None:
    names = {r.name for r in routes()}
    assert {"home", "intake:seizure_list", "registry:person_detail", "seizure-list"} <= names
    assert {"seizure-detail", "kernel:audit_list", "campaign-report", "login"} <= names


def test_every_route_has_a_name() -> None:
    unnamed = [r.path for r in routes() if not r.name]
    assert unnamed == [], "name these routes so the inventory can follow them"


def test_every_route_is_covered_by_a_matrix_or_allowed() -> None:
    tested = covered()
    missing = sorted(
        {f"{r.name} ({r.path})" for r in routes() if r.name not in tested and r.name not in ALLOWED}
    )
    assert missing == [], "routes without a permission-matrix class: " + ", ".join(missing)


def test_allowed_and_covered_routes_exist() -> None:
    """A stale entry (a route renamed or removed) would hide the route that replaced it."""
    existing = {r.name for r in routes()}
    assert sorted(set(ALLOWED) - existing) == []
    assert sorted(set(covered()) - existing) == []


def test_no_route_is_both_allowed_and_covered() -> None:
    assert sorted(set(ALLOWED) & set(covered())) == []


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_every_allowance_gives_a_reason(name: str) -> None:
    assert len(ALLOWED[name].split()) >= 3
