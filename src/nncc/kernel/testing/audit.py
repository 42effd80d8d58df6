"""The audit trail's own matrix: who reads which entries, on the page and over the API."""

from __future__ import annotations

from typing import Any, ClassVar

from django.apps import apps
from django.db.models import Model
from django.urls import NoReverseMatch, reverse

from nncc.kernel.testing.api import APIMatrix
from nncc.kernel.testing.clients import (
    api_client,
    assert_api_answer,
    assert_ui_answer,
    context_rows,
    rows_of,
    ui_client,
)
from nncc.kernel.testing.matrix import PermissionMatrix
from nncc.kernel.testing.people import Persona, World
from nncc.kernel.testing.rules import AUDIT_VISIBLE, Outcome, audit_outcome


class AuditTrailMatrix(PermissionMatrix):
    """The audit trail: auditors read their agency's entries, the centre's auditors and platform
    administrators read all, everyone else is refused (403); nobody changes an entry."""

    shapes: ClassVar[dict[str, str]] = {"test_list": "persona", "test_write": "persona"}

    @classmethod
    def variants(cls) -> tuple[str, ...]:
        return ("owner", "other", "centre", "none")

    def make_entries(self, world: World) -> dict[str, Model]:
        entry_model = apps.get_model("kernel", "AuditEntry")
        from django.utils import timezone

        return {
            key: entry_model.objects.create(
                time=timezone.now(),
                agency=world.agency(key),
                action="view",
                target_type="registry.person",
                target_id=str(index),
                target_label=f"matrix entry of {key}",
                channel="web",
            )
            for index, key in enumerate(self.variants(), start=1)
        }

    def state(self) -> list[Any]:
        return list(apps.get_model("kernel", "AuditEntry").objects.order_by("pk").values())


def _listed_entries(entries: dict[str, Model], shown: set[Any]) -> set[str]:
    return {key for key, entry in entries.items() if entry.pk in shown}


class AuditTrailPages(AuditTrailMatrix):
    """The audit trail page (``kernel:audit_list``)."""

    url_name: ClassVar[str] = "kernel:audit_list"

    def route_names(self) -> list[str]:
        return [self.url_name]

    def missing_route(self) -> str | None:
        try:
            reverse(self.url_name)
        except NoReverseMatch:
            return f"endpoint not built yet: {self.url_name}"
        return None

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        entries = self.make_entries(world)
        response = ui_client(world.user(persona)).get(reverse(self.url_name))
        outcome = audit_outcome(persona)
        assert_ui_answer(response, outcome, persona)
        if outcome is Outcome.OK:
            entry_model = apps.get_model("kernel", "AuditEntry")
            shown = _listed_entries(entries, context_rows(response, entry_model))
            assert shown == AUDIT_VISIBLE[persona.name], f"{persona} reads {sorted(shown)}"


class AuditTrailAPI(AuditTrailMatrix):
    """The audit trail endpoint (``/api/audit/``): read-only."""

    path: ClassVar[str] = "/api/audit/"
    basename: ClassVar[str] = "audit"
    route_names = APIMatrix.route_names
    missing_route = APIMatrix.missing_route

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        entries = self.make_entries(world)
        response = api_client(world.user(persona)).get(self.path)
        outcome = audit_outcome(persona)
        assert_api_answer(response, outcome, persona)
        if outcome is Outcome.OK:
            shown = _listed_entries(entries, {row["id"] for row in rows_of(response)})
            assert shown == AUDIT_VISIBLE[persona.name], f"{persona} reads {sorted(shown)}"

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        entry = self.make_entries(world)[variant]
        response = api_client(world.user(persona)).get(f"{self.path}{entry.pk}/")
        assert_api_answer(response, audit_outcome(persona, variant), persona)

    def test_write(self, world: World, persona: Persona, variant: None) -> None:
        entry = self.make_entries(world)["owner"]
        before = self.state()
        client = api_client(world.user(persona))
        detail = f"{self.path}{entry.pk}/"
        refused = {
            Outcome.LOGIN: {401},
            Outcome.FORBIDDEN: {403},
            Outcome.OK: {405},
        }[audit_outcome(persona)]
        for response in (
            client.post(self.path, {"action": "delete"}, format="json"),
            client.put(detail, {"action": "delete"}, format="json"),
            client.patch(detail, {"action": "delete"}, format="json"),
            client.delete(detail),
        ):
            assert response.status_code in refused, (
                f"{persona} {response.request['REQUEST_METHOD']}: {response.status_code}"
            )
        kept = {row["id"] for row in before}
        assert [row for row in self.state() if row["id"] in kept] == before, "an entry changed"
