"""Generic permission-matrix tests: one expected answer for every persona, record and action.

A concrete test class names a model, its URL names (web UI) or path (API), how to make a record
owned by an agency with a handling code, and valid data to create and edit one. It inherits one
test per persona × record × action, each asserting the answer of the expected-answers table in
``docs/conventions-for-contributors.md``:

- anonymous and disabled users are sent to the login page (UI) or get 401 (API);
- a record the user may not see answers 404 on every action, and is not listed;
- a record the user sees but may not change answers 403 on edit and delete;
- writers of the owning agency create and edit, its supervisors and admins delete;
- the owning agency and the creator always come from the session, never from the input.

Who may see what is written out below as a literal table (``VISIBLE``), not computed by the
access code under test, so a change to the rule makes these tests fail.

Example::

    class TestSeizureViews(UIMatrix):
        model = SeizureEvent
        namespace, thing = "intake", "seizure"
        joint = True
        edit_field, edit_value = "summary", "Edited by the matrix."

        def make_object(self, world, agency, handling_code, partner=None): ...
        def create_data(self, world, agency): ...
        def edit_data(self, world, obj): ...

Agencies and users are looked up through the app registry, so the kernel does not import the
apps built on it.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.forms import BaseFormSet, CheckboxInput, CheckboxSelectMultiple, SelectMultiple
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from nncc.kernel.access import Role

if TYPE_CHECKING:
    from django.http import HttpResponse

# --- people --------------------------------------------------------------------------------

_user_numbers = itertools.count(1)


def make_user(
    agency: Any,
    *roles: str,
    username: str | None = None,
    unit: Any = None,
    is_active: bool = True,
    is_superuser: bool = False,
    password: str | None = None,
) -> Any:
    """A user who belongs to ``agency`` (or to none, if ``None``) with the given roles."""
    user_model = get_user_model()
    membership_model = apps.get_model("agencies", "Membership")
    if username is None:
        prefix = agency.code.lower() if agency is not None else "nobody"
        username = f"{prefix}-{'-'.join(roles) or 'user'}-{next(_user_numbers)}"
    user = user_model(
        username=username,
        first_name=username.split("-")[0].upper(),
        last_name="Tester",
        is_active=is_active,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    for role in roles:
        membership_model.objects.create(user=user, agency=agency, unit=unit, role=role)
    return user


@dataclass(frozen=True)
class Persona:
    """Someone who asks: which agency he belongs to (owner, other, centre or none), his roles."""

    name: str
    agency: str | None = None
    roles: tuple[str, ...] = ()
    authenticated: bool = True
    active: bool = True
    superuser: bool = False

    def __str__(self) -> str:
        return self.name

    @property
    def signed_in(self) -> bool:
        return self.authenticated and self.active


PERSONAS: tuple[Persona, ...] = (
    Persona("anonymous", authenticated=False),
    Persona("disabled_supervisor", "owner", (Role.SUPERVISOR,), active=False),
    Persona("no_agency"),
    Persona("platform_admin", superuser=True),
    Persona("owner_analyst", "owner", (Role.ANALYST,)),
    Persona("owner_auditor", "owner", (Role.AUDITOR,)),
    Persona("owner_field_officer", "owner", (Role.FIELD_OFFICER,)),
    Persona("owner_supervisor", "owner", (Role.SUPERVISOR,)),
    Persona("owner_agency_admin", "owner", (Role.AGENCY_ADMIN,)),
    Persona("other_analyst", "other", (Role.ANALYST,)),
    Persona("other_supervisor", "other", (Role.FIELD_OFFICER, Role.SUPERVISOR)),
    Persona("centre_analyst", "centre", (Role.CENTRE_ANALYST,)),
    Persona("centre_auditor", "centre", (Role.AUDITOR,)),
)
PERSONA = {p.name: p for p in PERSONAS}

# --- records -------------------------------------------------------------------------------

SHARED = "shared"
RESTRICTED = "restricted"
SOURCE_RESTRICTED = "source_restricted"
#: a RESTRICTED record of a joint event in which the other agency takes part
JOINT = "joint_restricted"

#: which records of the owning agency each persona sees (the rule of ``kernel.access``)
_OWN = frozenset({SHARED, RESTRICTED, SOURCE_RESTRICTED, JOINT})
_NATIONAL = frozenset({SHARED, RESTRICTED, JOINT})
VISIBLE: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "disabled_supervisor": frozenset(),
    "no_agency": frozenset(),
    "platform_admin": _NATIONAL,
    "owner_analyst": _OWN,
    "owner_auditor": _OWN,
    "owner_field_officer": _OWN,
    "owner_supervisor": _OWN,
    "owner_agency_admin": _OWN,
    "other_analyst": frozenset({SHARED, JOINT}),
    "other_supervisor": frozenset({SHARED, JOINT}),
    "centre_analyst": _NATIONAL,
    "centre_auditor": _NATIONAL,
}
#: who may edit records of the owning agency, and who may delete them
EDITORS = frozenset({"owner_field_officer", "owner_supervisor", "owner_agency_admin"})
DELETERS = frozenset({"owner_supervisor", "owner_agency_admin"})
#: who may report new records (each for his own agency)
CREATORS = EDITORS | {"other_supervisor"}


class Outcome(enum.Enum):
    LOGIN = "login required"
    NOT_FOUND = "404"
    FORBIDDEN = "403"
    OK = "allowed"


class World:
    """The owning agency, another agency, the centre, and the personas, made on first use."""

    def __init__(self) -> None:
        agency_model = apps.get_model("agencies", "Agency")

        def agency(code: str, name: str, kind: str) -> Any:
            return agency_model.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind}
            )[0]

        self.owner = agency("MX-OWN", "Owning agency of the matrix", "federal")
        self.other = agency("MX-OTH", "Another agency of the matrix", "federal")
        self.centre = agency("MX-CTR", "Centre of the matrix", "centre")
        self._users: dict[str, Any] = {}

    def agency(self, key: str | None) -> Any:
        return {"owner": self.owner, "other": self.other, "centre": self.centre}.get(key or "")

    def clerk(self, agency: Any) -> Any:
        """A supervisor of ``agency`` who fills in forms for the tests (not a persona)."""
        key = f"clerk-{agency.code}"
        if key not in self._users:
            self._users[key] = make_user(
                agency, Role.SUPERVISOR, username=f"mx-clerk-{agency.code.lower()}"
            )
        return self._users[key]

    def user(self, persona: Persona | str) -> Any:
        persona = PERSONA[persona] if isinstance(persona, str) else persona
        if not persona.authenticated:
            return None
        if persona.name not in self._users:
            self._users[persona.name] = make_user(
                self.agency(persona.agency),
                *persona.roles,
                username=f"mx-{persona.name.replace('_', '-')}",
                is_active=persona.active,
                is_superuser=persona.superuser,
            )
        return self._users[persona.name]


def expected_outcome(persona: Persona, variant: str | None, need: str) -> Outcome:
    """The answer the table promises: ``need`` is read, create, edit or delete."""
    if not persona.signed_in:
        return Outcome.LOGIN
    if need == "create":
        return Outcome.OK if persona.name in CREATORS else Outcome.FORBIDDEN
    assert variant is not None
    if variant not in VISIBLE[persona.name]:
        return Outcome.NOT_FOUND
    allowed = {"read": True, "edit": persona.name in EDITORS, "delete": persona.name in DELETERS}
    return Outcome.OK if allowed[need] else Outcome.FORBIDDEN


#: names a client might send to take over a record; none of them may change owner or creator
PRIVILEGED_FIELDS = (
    "agency",
    "agency_id",
    "agency_code",
    "owner",
    "owning_agency",
    "created_by",
    "created_by_id",
    "id",
    "pk",
    "created_at",
    "updated_at",
)


@dataclass
class Snapshot:
    """What a write must not touch: the owner and the creator."""

    agency_id: int | None
    created_by_id: int | None


class PermissionMatrix:
    """What the UI and API matrices share: personas, records, expectations, parametrisation."""

    #: the model under test (an ``OperationalModel``)
    model: ClassVar[type[Model]]
    #: True when the model has joint records (seizure events and what hangs off them)
    joint: ClassVar[bool] = False
    #: a field the edit changes, and the value it sets
    edit_field: ClassVar[str]
    edit_value: ClassVar[Any]
    #: personas whose requests are tested (all by default)
    personas: ClassVar[tuple[Persona, ...]] = PERSONAS

    #: test method → "persona" (one case per persona) or "record" (per persona and record)
    shapes: ClassVar[dict[str, str]] = {}

    # -- hooks a concrete class implements ------------------------------------------------

    def make_object(
        self, world: World, agency: Any, handling_code: str, partner: Any = None
    ) -> Model:
        """A record owned by ``agency``; with ``partner``, of a joint event it takes part in."""
        raise NotImplementedError

    def create_data(self, world: World, agency: Any) -> dict[str, Any]:
        """Valid data to report a new record for ``agency`` (a member of it submits it)."""
        raise NotImplementedError

    def edit_data(self, world: World, obj: Model) -> dict[str, Any]:
        """Valid data to edit ``obj`` that sets ``edit_field`` to ``edit_value``."""
        raise NotImplementedError

    def missing_route(self) -> str | None:
        """Why the routes under test cannot be tested yet, or None."""
        return None

    # -- parametrisation -----------------------------------------------------------------

    @classmethod
    def variants(cls) -> tuple[str, ...]:
        return (SHARED, RESTRICTED, SOURCE_RESTRICTED, *((JOINT,) if cls.joint else ()))

    def cases_for(self, test_name: str) -> list[Any]:
        shape = self.shapes.get(test_name, "record")
        if shape == "writer":
            personas = [PERSONA["owner_field_officer"], PERSONA["other_supervisor"]]
        else:
            personas = list(self.personas)
        if shape == "record":
            return [
                pytest.param(p, v, id=f"{p.name}-{v}") for p in personas for v in self.variants()
            ]
        return [pytest.param(p, None, id=p.name) for p in personas]

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "persona" not in metafunc.fixturenames:
            return
        reason = self.missing_route()
        if reason:
            metafunc.parametrize(
                ("persona", "variant"),
                [pytest.param(None, None, marks=pytest.mark.skip(reason=reason), id="skipped")],
            )
            return
        metafunc.parametrize(("persona", "variant"), self.cases_for(metafunc.function.__name__))

    @pytest.fixture
    def world(self, db: Any) -> World:
        return World()

    # -- helpers -------------------------------------------------------------------------

    def object_for(self, world: World, variant: str) -> Model:
        if variant == JOINT:
            return self.make_object(world, world.owner, RESTRICTED, partner=world.other)
        return self.make_object(world, world.owner, variant)

    def objects_for(self, world: World) -> dict[str, Model]:
        return {variant: self.object_for(world, variant) for variant in self.variants()}

    def fresh(self, obj: Model) -> Model | None:
        return type(obj)._base_manager.filter(pk=obj.pk).first()

    def snapshot(self, obj: Model) -> Snapshot:
        return Snapshot(getattr(obj, "agency_id", None), getattr(obj, "created_by_id", None))

    def assert_unchanged(self, before: Model, persona: Persona) -> None:
        after = self.fresh(before)
        assert after is not None, f"{persona}: the record was deleted"
        assert getattr(after, self.edit_field) == getattr(before, self.edit_field), (
            f"{persona}: {self.edit_field} changed although the write was refused"
        )

    def assert_edited(self, before: Model, persona: Persona) -> None:
        after = self.fresh(before)
        assert after is not None
        assert getattr(after, self.edit_field) == self.edit_value, (
            f"{persona}: the edit did not change {self.edit_field}"
        )
        assert self.snapshot(after) == self.snapshot(before), "the owner or creator changed"

    def new_rows(self, before: set[Any]) -> list[Model]:
        return list(self.model._base_manager.exclude(pk__in=before))

    def existing_pks(self) -> set[Any]:
        return set(self.model._base_manager.values_list("pk", flat=True))

    def assert_created(
        self, new: list[Model], world: World, persona: Persona, outcome: Outcome
    ) -> None:
        if outcome is not Outcome.OK:
            assert new == [], f"{persona}: a refused create wrote {new}"
            return
        assert len(new) == 1, f"{persona}: expected one new record, found {new}"
        record = new[0]
        assert record.agency_id == world.agency(persona.agency).pk, "owner not from the session"
        assert record.created_by_id == world.user(persona).pk, "creator not the acting user"

    def privileged_values(self, world: World) -> dict[str, Any]:
        """Values for ``PRIVILEGED_FIELDS`` that point at another agency and user."""
        stranger = world.user("centre_analyst")
        return {
            "agency": world.centre.pk,
            "agency_id": world.centre.pk,
            "agency_code": world.centre.code,
            "owner": world.centre.pk,
            "owning_agency": world.centre.pk,
            "created_by": stranger.pk,
            "created_by_id": stranger.pk,
            "id": 987654,
            "pk": 987654,
            "created_at": "2001-01-01T00:00:00Z",
            "updated_at": "2001-01-01T00:00:00Z",
        }


def _login_url() -> str:
    return resolve_url(settings.LOGIN_URL)


def _context_rows(response: HttpResponse, model: type[Model]) -> set[Any]:
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


class _FormReader(HTMLParser):
    """Collects the fields of each ``<form method="post">`` of a page as a browser submits them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    @property
    def _fields(self) -> list[tuple[str, str]] | None:
        return self.forms[-1] if self.forms and self._in_form else None

    _in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._in_form = a.get("method", "get").lower() == "post"
            if self._in_form:
                self.forms.append([])
            return
        fields = self._fields
        if fields is None or "disabled" in a:
            if tag == "option" and self._select is not None:
                self._option = {"value": a.get("value"), "text": "", "selected": False}
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "reset", "image", "file"}:
                fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._select["options"].append((value, option["selected"]))
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = [value for value, selected in select["options"] if selected]
            if not chosen and not select["multiple"] and select["options"]:
                chosen = [select["options"][0][0]]
            if self._fields is not None:
                self._fields.extend((select["name"], value) for value in chosen)
        elif tag == "textarea" and self._textarea is not None:
            if self._fields is not None:
                text = self._textarea["text"]
                self._fields.append((self._textarea["name"], text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_data(html: str) -> dict[str, list[str]]:
    """What a browser would submit, unchanged, from the largest POST form of a page."""
    reader = _FormReader()
    reader.feed(html)
    if not reader.forms:
        raise AssertionError("the page has no POST form")
    fields = max(reader.forms, key=len)
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def browser_data(*parts: Any) -> dict[str, Any]:
    """What a browser submits for unbound forms and formsets shown unchanged.

    Each field's initial value is formatted by its widget, as the page would render it; a
    formset brings its management form. Much faster than rendering and reading the page.
    """
    data: dict[str, Any] = {}
    for part in parts:
        if isinstance(part, BaseFormSet):
            data.update(browser_data(part.management_form, *part.forms))
            continue
        for bound in part:
            widget = bound.field.widget
            value = bound.value()
            if isinstance(widget, CheckboxInput):
                if widget.check_test(value):
                    data[bound.html_name] = "on"
            elif isinstance(widget, SelectMultiple | CheckboxSelectMultiple):
                data[bound.html_name] = [str(v) for v in value or []]
            elif value is None:
                data[bound.html_name] = ""
            else:
                formatted = widget.format_value(value)
                data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def _set(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``values`` put in (each a value or a list of values)."""
    merged = dict(data)
    for name, value in values.items():
        merged[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return merged


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
        client = Client()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
        return client

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
        return _set(blank, self.create_values(world, agency))

    def edit_data(self, world: World, obj: Model, *, rendered: bool = False) -> dict[str, Any]:
        """The edit page of ``obj`` as shown, with ``edit_field`` changed."""
        agency = apps.get_model("agencies", "Agency").objects.get(pk=obj.agency_id)
        forms = None if rendered else self.page_forms(world, agency, obj)
        if forms is None:
            current = self.rendered_form(world, agency, self.url("edit", obj))
        else:
            current = browser_data(*forms)
        return _set(current, {self.edit_field: self.edit_value})

    def assert_answer(self, response: HttpResponse, outcome: Outcome, persona: Persona) -> None:
        where = f"{persona} {response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}"
        status = response.status_code
        location = response.get("Location", "")
        if outcome is Outcome.LOGIN:
            assert status == 302 and location.startswith(_login_url()), (
                f"{where}: expected a redirect to the login page, got {status} {location}"
            )
        elif outcome is Outcome.NOT_FOUND:
            assert status == 404, f"{where}: expected 404, got {status}"
        elif outcome is Outcome.FORBIDDEN:
            assert status == 403, f"{where}: expected 403, got {status}"
        elif response.request["REQUEST_METHOD"] == "GET":
            assert status == 200, f"{where}: expected 200, got {status}"
        else:
            assert status == 302 and not location.startswith(_login_url()), (
                f"{where}: expected a redirect after the write, got {status} {location}"
            )

    def listed(self, response: HttpResponse, objects: Iterable[Model]) -> set[Any]:
        """Records the page shows: in its context rows, or linked to in its HTML."""
        content = response.content.decode()
        in_html = {
            obj.pk for obj in objects if re.search(re.escape(self.url("detail", obj)), content)
        }
        return in_html | _context_rows(response, self.model)

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
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        client = APIClient()
        user = world.user(persona)
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    def assert_answer(
        self, response: Any, outcome: Outcome, persona: Persona, success: int = 200
    ) -> None:
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
            assert self.snapshot(self.fresh(obj)) == self.snapshot(obj)
            return
        self.assert_answer(response, Outcome.OK, persona)
        self.assert_edited(obj, persona)
