"""Permission matrices of API endpoints."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model
from django.urls import Resolver404, resolve

from nncc.kernel.testing.clients import api_client, assert_api_answer
from nncc.kernel.testing.matrix import PermissionMatrix
from nncc.kernel.testing.people import Persona, World, owner_of
from nncc.kernel.testing.rules import SHARED, VISIBLE, Outcome, expected_outcome


class APIMatrix(PermissionMatrix):
    """A DRF endpoint ``/api/<plural>/`` with ``<basename>-list`` and ``<basename>-detail``.

    Requests authenticate with a token; anonymous and disabled users get 401. PUT replaces with
    ``edit_data``, PATCH sends only ``edit_field``.
    """

    path: ClassVar[str]
    basename: ClassVar[str]
    #: the key of a record's id in the JSON
    id_key: ClassVar[str] = "id"

    shapes: ClassVar[dict[str, str]] = {
        "test_list": "persona",
        "test_create": "persona",
        "test_mass_assignment_create": "writer",
        "test_mass_assignment_update": "writer",
    }

    def route_names(self) -> list[str]:
        return [f"{self.basename}-list", f"{self.basename}-detail"]

    def missing_route(self) -> str | None:
        try:
            match = resolve(self.path)
        except Resolver404:
            return f"endpoint not built yet: {self.path}"
        if match.url_name != f"{self.basename}-list":
            return f"{self.path} is routed to {match.url_name}, not {self.basename}-list"
        return None

    def detail_path(self, obj: Model) -> str:
        return f"{self.path}{obj.pk}/"

    def client_for(self, world: World, persona: Persona) -> Any:
        return api_client(world.user(persona))

    def edit_data(self, world: World, obj: Model) -> dict[str, Any]:
        """The record as the API shows it to its owner, with ``edit_field`` changed (a PUT
        sends back what a GET gave)."""
        agency = owner_of(obj)
        response = api_client(world.clerk(agency)).get(self.detail_path(obj))
        assert response.status_code == 200, f"GET {self.detail_path(obj)}: {response.status_code}"
        return {**response.json(), self.edit_field: self.edit_value}

    def assert_answer(
        self, response: Any, outcome: Outcome, persona: Persona, success: int = 200
    ) -> None:
        assert_api_answer(response, outcome, persona, success)

    def listed_ids(self, response: Any) -> set[Any]:
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        return {row[self.id_key] for row in rows}

    def patch_data(self, world: World, obj: Model) -> dict[str, Any]:
        return {self.edit_field: self.edit_value}

    # -- the tests -----------------------------------------------------------------------

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        objects = self.objects_for(world)
        response = self.client_for(world, persona).get(self.path)
        if not persona.signed_in:
            self.assert_answer(response, Outcome.LOGIN, persona)
            return
        self.assert_answer(response, Outcome.OK, persona)
        shown = self.listed_ids(response)
        for name, obj in objects.items():
            expected = name in VISIBLE[persona.name]
            assert (obj.pk in shown) == expected, (
                f"{persona}: the {name} record is {'missing from' if expected else 'in'} the list"
            )

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        response = self.client_for(world, persona).get(self.detail_path(obj))
        self.assert_answer(response, expected_outcome(persona, variant, "read"), persona)
        if response.status_code == 200:
            assert response.json()[self.id_key] == obj.pk

    def test_create(self, world: World, persona: Persona, variant: None) -> None:
        agency = world.agency(persona.agency) or world.owner
        data = self.create_data(world, agency)
        before = self.existing_pks()
        response = self.client_for(world, persona).post(self.path, data, format="json")
        outcome = expected_outcome(persona, None, "create")
        self.assert_answer(response, outcome, persona, success=201)
        self.assert_created(self.new_rows(before), world, persona, outcome)

    def test_update_put(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        data = self.edit_data(world, obj)
        response = self.client_for(world, persona).put(self.detail_path(obj), data, format="json")
        outcome = expected_outcome(persona, variant, "edit")
        self.assert_answer(response, outcome, persona)
        if outcome is Outcome.OK:
            self.assert_edited(obj, persona)
        else:
            self.assert_unchanged(obj, persona)

    def test_update_patch(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        data = self.patch_data(world, obj)
        client = self.client_for(world, persona)
        response = client.patch(self.detail_path(obj), data, format="json")
        outcome = expected_outcome(persona, variant, "edit")
        self.assert_answer(response, outcome, persona)
        if outcome is Outcome.OK:
            self.assert_edited(obj, persona)
        else:
            self.assert_unchanged(obj, persona)

    def test_delete(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        response = self.client_for(world, persona).delete(self.detail_path(obj))
        outcome = expected_outcome(persona, variant, "delete")
        self.assert_answer(response, outcome, persona, success=204)
        assert (self.fresh(obj) is None) == (outcome is Outcome.OK)

    def test_mass_assignment_create(self, world: World, persona: Persona, variant: None) -> None:
        agency = world.agency(persona.agency)
        data = {**self.privileged_values(world), **self.create_data(world, agency)}
        before = self.existing_pks()
        response = self.client_for(world, persona).post(self.path, data, format="json")
        new = self.new_rows(before)
        if response.status_code == 400:
            # Refusing unknown fields outright is as good as ignoring them.
            assert new == []
            return
        self.assert_answer(response, Outcome.OK, persona, success=201)
        self.assert_created(new, world, persona, Outcome.OK)
        assert new[0].pk != 987654, "the client chose the primary key"

    def test_mass_assignment_update(self, world: World, persona: Persona, variant: None) -> None:
        agency = world.agency(persona.agency)
        obj = self.make_object(world, agency, SHARED)
        data = {**self.privileged_values(world), **self.patch_data(world, obj)}
        response = self.client_for(world, persona).patch(self.detail_path(obj), data, format="json")
        if response.status_code == 400:
            fresh = self.fresh(obj)
            assert fresh is not None and self.snapshot(fresh) == self.snapshot(obj)
            return
        self.assert_answer(response, Outcome.OK, persona)
        self.assert_edited(obj, persona)


class ReadOnlyAPIMatrix(PermissionMatrix):
    """A reference endpoint (drugs, districts, agencies…): every signed-in user reads it, nobody
    writes through the API. Anonymous and disabled users get 401; writes are refused (403 or
    405) and change nothing."""

    path: ClassVar[str]
    basename: ClassVar[str]
    #: the model field the detail URL names a record by
    lookup: ClassVar[str] = "pk"
    shapes: ClassVar[dict[str, str]] = dict.fromkeys(
        ("test_list", "test_detail", "test_create", "test_update", "test_delete"), "persona"
    )
    route_names = APIMatrix.route_names
    missing_route = APIMatrix.missing_route

    def reference_object(self, world: World) -> Model:
        """A record the endpoint serves."""
        first = self.model._default_manager.order_by("pk").first()
        assert first is not None, f"no {self.model.__name__} to read"
        return first

    def detail_path(self, obj: Model) -> str:
        return f"{self.path}{getattr(obj, self.lookup)}/"

    def client_for(self, world: World, persona: Persona) -> Any:
        return api_client(world.user(persona))

    def assert_read(self, response: Any, persona: Persona) -> bool:
        expected = 200 if persona.signed_in else 401
        assert response.status_code == expected, (
            f"{persona} GET {response.request['PATH_INFO']}: expected {expected}, "
            f"got {response.status_code}"
        )
        return response.status_code == 200

    def assert_refused(self, response: Any, persona: Persona) -> None:
        allowed = {403, 405} if persona.signed_in else {401}
        assert response.status_code in allowed, (
            f"{persona} {response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}: "
            f"expected one of {sorted(allowed)}, got {response.status_code}"
        )

    def state(self) -> list[Any]:
        return list(self.model._base_manager.order_by("pk").values())

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        self.reference_object(world)
        response = self.client_for(world, persona).get(self.path)
        if self.assert_read(response, persona):
            body = response.json()
            total = body["count"] if isinstance(body, dict) else len(body)
            assert total == self.model._base_manager.count(), "some reference rows are hidden"

    def test_detail(self, world: World, persona: Persona, variant: None) -> None:
        obj = self.reference_object(world)
        response = self.client_for(world, persona).get(self.detail_path(obj))
        if self.assert_read(response, persona):
            assert str(response.json().get(self.lookup, response.json().get("id"))) == str(
                getattr(obj, self.lookup)
            )

    def test_create(self, world: World, persona: Persona, variant: None) -> None:
        self.reference_object(world)
        before = self.state()
        response = self.client_for(world, persona).post(self.path, {}, format="json")
        self.assert_refused(response, persona)
        assert self.state() == before

    def test_update(self, world: World, persona: Persona, variant: None) -> None:
        obj = self.reference_object(world)
        before = self.state()
        client = self.client_for(world, persona)
        for method in (client.put, client.patch):
            response = method(self.detail_path(obj), {"name": "changed"}, format="json")
            self.assert_refused(response, persona)
        assert self.state() == before

    def test_delete(self, world: World, persona: Persona, variant: None) -> None:
        obj = self.reference_object(world)
        before = self.state()
        response = self.client_for(world, persona).delete(self.detail_path(obj))
        self.assert_refused(response, persona)
        assert self.state() == before
