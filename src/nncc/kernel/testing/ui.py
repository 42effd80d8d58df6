"""Permission matrices of web pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from django.db.models import Model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from nncc.kernel.testing.clients import assert_ui_answer, context_rows, ui_client
from nncc.kernel.testing.forms import browser_data, fill, form_data
from nncc.kernel.testing.matrix import PermissionMatrix
from nncc.kernel.testing.people import Persona, World, owner_of
from nncc.kernel.testing.rules import RESTRICTED, SHARED, VISIBLE, Outcome, expected_outcome


class UIMatrix(PermissionMatrix):
    """Web pages: ``<namespace>:<thing>_list|detail|create|edit|delete``.

    GET on create, edit and delete shows the form (or the confirmation); POST does it and
    redirects. Refusals are 403; records the user may not see are 404; anonymous users are
    redirected to the login page.
    """

    namespace: ClassVar[str]
    thing: ClassVar[str]
    actions: ClassVar[tuple[str, ...]] = ("list", "detail", "create", "edit", "delete")

    shapes: ClassVar[dict[str, str]] = {
        "test_list": "persona",
        "test_create_form": "persona",
        "test_create": "persona",
        "test_mass_assignment_create": "writer",
        "test_mass_assignment_edit": "writer",
        "test_create_as_rendered": "writer",
        "test_edit_as_rendered": "writer",
    }

    def route_names(self) -> list[str]:
        return [f"{self.namespace}:{self.thing}_{action}" for action in self.actions]

    def missing_route(self) -> str | None:
        for name in self.route_names():
            try:
                reverse(name, args=[1]) if name.endswith(
                    ("_detail", "_edit", "_delete")
                ) else reverse(name)
            except NoReverseMatch:
                return f"endpoint not built yet: {name}"
        return None

    def url(self, action: str, obj: Model | None = None) -> str:
        name = f"{self.namespace}:{self.thing}_{action}"
        return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)

    def client_for(self, world: World, persona: Persona) -> Client:
        return ui_client(world.user(persona))

    def create_values(self, world: World, agency: Any) -> dict[str, Any]:
        """The fields a user fills in on the create page to report a new record."""
        raise NotImplementedError

    def page_forms(self, world: World, agency: Any, obj: Model | None) -> list[Any] | None:
        """The unbound forms the create (``obj`` None) or edit page shows to a writer of
        ``agency``; None to read them from the rendered page instead (slower)."""
        return None

    def rendered_form(self, world: World, agency: Any, url: str) -> dict[str, Any]:
        client = Client()
        client.force_login(world.clerk(agency))
        response = client.get(url)
        assert response.status_code == 200, f"the form at {url} answered {response.status_code}"
        return form_data(response.content.decode())

    def create_data(self, world: World, agency: Any, *, rendered: bool = False) -> dict[str, Any]:
        """The create page as shown to ``agency``, filled in with ``create_values``."""
        forms = None if rendered else self.page_forms(world, agency, None)
        if forms is None:
            blank = self.rendered_form(world, agency, self.url("create"))
        else:
            blank = browser_data(*forms)
        return fill(blank, self.create_values(world, agency))

    def edit_data(self, world: World, obj: Model, *, rendered: bool = False) -> dict[str, Any]:
        """The edit page of ``obj`` as shown, with ``edit_field`` changed."""
        agency = owner_of(obj)
        forms = None if rendered else self.page_forms(world, agency, obj)
        if forms is None:
            current = self.rendered_form(world, agency, self.url("edit", obj))
        else:
            current = browser_data(*forms)
        return fill(current, {self.edit_field: self.edit_value})

    def assert_answer(self, response: Any, outcome: Outcome, persona: Persona) -> None:
        assert_ui_answer(response, outcome, persona)

    def listed(self, response: Any, objects: Iterable[Model]) -> set[Any]:
        """Records the page shows: in its context rows, or linked to in its HTML."""
        content = response.content.decode()
        in_html = {
            obj.pk for obj in objects if re.search(re.escape(self.url("detail", obj)), content)
        }
        return in_html | context_rows(response, self.model)

    # -- the tests -----------------------------------------------------------------------

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        objects = self.objects_for(world)
        response = self.client_for(world, persona).get(self.url("list"))
        if not persona.signed_in:
            self.assert_answer(response, Outcome.LOGIN, persona)
            return
        assert response.status_code == 200, f"{persona}: list answered {response.status_code}"
        shown = self.listed(response, objects.values())
        for name, obj in objects.items():
            expected = name in VISIBLE[persona.name]
            assert (obj.pk in shown) == expected, (
                f"{persona}: the {name} record is {'missing from' if expected else 'in'} the list"
            )

    def test_detail(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        response = self.client_for(world, persona).get(self.url("detail", obj))
        self.assert_answer(response, expected_outcome(persona, variant, "read"), persona)

    def test_create_form(self, world: World, persona: Persona, variant: None) -> None:
        response = self.client_for(world, persona).get(self.url("create"))
        self.assert_answer(response, expected_outcome(persona, None, "create"), persona)

    def test_create(self, world: World, persona: Persona, variant: None) -> None:
        agency = world.agency(persona.agency) or world.owner
        data = self.create_data(world, agency)
        before = self.existing_pks()
        response = self.client_for(world, persona).post(self.url("create"), data)
        outcome = expected_outcome(persona, None, "create")
        self.assert_answer(response, outcome, persona)
        self.assert_created(self.new_rows(before), world, persona, outcome)

    def test_edit_form(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        response = self.client_for(world, persona).get(self.url("edit", obj))
        self.assert_answer(response, expected_outcome(persona, variant, "edit"), persona)

    def test_edit(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        data = self.edit_data(world, obj)
        response = self.client_for(world, persona).post(self.url("edit", obj), data)
        outcome = expected_outcome(persona, variant, "edit")
        self.assert_answer(response, outcome, persona)
        if outcome is Outcome.OK:
            self.assert_edited(obj, persona)
        else:
            self.assert_unchanged(obj, persona)

    def test_delete_form(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        response = self.client_for(world, persona).get(self.url("delete", obj))
        self.assert_answer(response, expected_outcome(persona, variant, "delete"), persona)
        assert self.fresh(obj) is not None, "a GET deleted the record"

    def test_delete(self, world: World, persona: Persona, variant: str) -> None:
        obj = self.object_for(world, variant)
        response = self.client_for(world, persona).post(self.url("delete", obj))
        outcome = expected_outcome(persona, variant, "delete")
        self.assert_answer(response, outcome, persona)
        assert (self.fresh(obj) is None) == (outcome is Outcome.OK), (
            f"{persona}: delete answered {response.status_code}"
        )

    def test_mass_assignment_create(self, world: World, persona: Persona, variant: None) -> None:
        agency = world.agency(persona.agency)
        data = {**self.privileged_values(world), **self.create_data(world, agency)}
        before = self.existing_pks()
        response = self.client_for(world, persona).post(self.url("create"), data)
        self.assert_answer(response, Outcome.OK, persona)
        self.assert_created(self.new_rows(before), world, persona, Outcome.OK)

    def test_mass_assignment_edit(self, world: World, persona: Persona, variant: None) -> None:
        agency = world.agency(persona.agency)
        obj = self.make_object(world, agency, SHARED)
        data = {**self.privileged_values(world), **self.edit_data(world, obj)}
        response = self.client_for(world, persona).post(self.url("edit", obj), data)
        self.assert_answer(response, Outcome.OK, persona)
        self.assert_edited(obj, persona)

    def test_create_as_rendered(self, world: World, persona: Persona, variant: None) -> None:
        """The create page a writer sees, filled in and sent back, reports the record."""
        data = self.create_data(world, world.agency(persona.agency), rendered=True)
        before = self.existing_pks()
        response = self.client_for(world, persona).post(self.url("create"), data)
        self.assert_answer(response, Outcome.OK, persona)
        self.assert_created(self.new_rows(before), world, persona, Outcome.OK)

    def test_edit_as_rendered(self, world: World, persona: Persona, variant: None) -> None:
        """The edit page as rendered, sent back with one change, saves the change."""
        obj = self.make_object(world, world.agency(persona.agency), RESTRICTED)
        data = self.edit_data(world, obj, rendered=True)
        response = self.client_for(world, persona).post(self.url("edit", obj), data)
        self.assert_answer(response, Outcome.OK, persona)
        self.assert_edited(obj, persona)


class ReferencePage(PermissionMatrix):
    """A page of reference data (prices): every signed-in user reads it."""

    url_name: ClassVar[str]
    shapes: ClassVar[dict[str, str]] = {"test_read": "persona"}

    def route_names(self) -> list[str]:
        return [self.url_name]

    def missing_route(self) -> str | None:
        try:
            reverse(self.url_name)
        except NoReverseMatch:
            return f"endpoint not built yet: {self.url_name}"
        return None

    def test_read(self, world: World, persona: Persona, variant: None) -> None:
        response = ui_client(world.user(persona)).get(reverse(self.url_name))
        assert_ui_answer(response, Outcome.OK if persona.signed_in else Outcome.LOGIN, persona)
