"""The permission matrix of import profiles: pages, template downloads and the API.

A profile belongs to one agency and has no handling code: its users read it (analysts and
auditors included), its writers create and edit it, its supervisors and admins delete it, and
everyone else, the centre included, gets 404 as for a missing one. The expected answers are
written out below, not computed by the code under test.
"""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any, ClassVar

import openpyxl
from django.test import Client
from django.urls import reverse

from nncc.intake.models import ImportProfile
from nncc.kernel.models import AuditAction, AuditEntry
from nncc.kernel.testing import (
    CREATORS,
    DELETERS,
    EDITORS,
    Outcome,
    PermissionMatrix,
    Persona,
    World,
    api_client,
    assert_api_answer,
    assert_ui_answer,
    fill,
    form_data,
    ui_client,
)

#: who reads the owning agency's profiles: its own users, whatever their role
READERS = frozenset(
    {
        "owner_analyst",
        "owner_auditor",
        "owner_field_officer",
        "owner_supervisor",
        "owner_agency_admin",
    }
)
_numbers = itertools.count(1)


def profile_outcome(persona: Persona, need: str) -> Outcome:
    """The answer for a profile of the owning agency: ``need`` is read, create, edit, delete."""
    if not persona.signed_in:
        return Outcome.LOGIN
    if need == "create":
        return Outcome.OK if persona.name in CREATORS else Outcome.FORBIDDEN
    if persona.name not in READERS:
        return Outcome.NOT_FOUND
    allowed = {"read": True, "edit": persona.name in EDITORS, "delete": persona.name in DELETERS}
    return Outcome.OK if allowed[need] else Outcome.FORBIDDEN


def make_profile(agency: Any, **values: Any) -> ImportProfile:
    return ImportProfile.objects.create(
        agency=agency,
        name=values.pop("name", f"MX profile {next(_numbers)}"),
        column_map=values.pop("column_map", {"FIR No": "agency_record_id", "Drug": "drug"}),
        value_map=values.pop("value_map", {"drug": {"HSH": "charas"}}),
        **values,
    )


class ProfileMatrix(PermissionMatrix):
    model = ImportProfile
    edit_field, edit_value = "notes", "Edited by the permission matrix."
    shapes: ClassVar[dict[str, str]] = {}

    @classmethod
    def variants(cls) -> tuple[str, ...]:
        return ("own",)

    def cases_for(self, test_name: str) -> list[Any]:
        import pytest

        personas = self.personas
        if test_name.startswith("test_mass_assignment"):
            personas = tuple(p for p in self.personas if p.name in EDITORS)
        return [pytest.param(p, None, id=p.name) for p in personas]

    def assert_created_by(self, new: list[Any], world: World, persona: Persona, ok: bool) -> None:
        if not ok:
            assert new == [], f"{persona}: a refused create wrote {new}"
            return
        assert len(new) == 1, f"{persona}: expected one new profile, found {new}"
        assert new[0].agency_id == world.agency(persona.agency).pk, "owner not from the session"


class TestImportProfilePages(ProfileMatrix):
    def route_names(self) -> list[str]:
        return [
            f"intake:import_profile_{action}"
            for action in ("list", "detail", "create", "edit", "delete", "template")
        ]

    def url(self, action: str, profile: ImportProfile | None = None, **kwargs: Any) -> str:
        args = [profile.pk] if profile is not None else []
        return reverse(f"intake:import_profile_{action}", args=[*args, *kwargs.values()])

    def form(self, world: World, agency: Any, url: str, values: dict[str, Any]) -> dict[str, Any]:
        client = Client()
        client.force_login(world.clerk(agency))
        response = client.get(url)
        assert response.status_code == 200, f"the form at {url} answered {response.status_code}"
        return fill(form_data(response.content.decode()), values)

    def create_values(self) -> dict[str, Any]:
        return {
            "name": f"MX new profile {next(_numbers)}",
            "record_type": "seizure",
            "columns-0-theirs": "FIR No",
            "columns-0-ours": "agency_record_id",
            "values-0-column": "drug",
            "values-0-theirs": "HSH",
            "values-0-ours": "charas",
        }

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        own, foreign = make_profile(world.owner), make_profile(world.other)
        response = ui_client(world.user(persona)).get(self.url("list"))
        if not persona.signed_in:
            assert_ui_answer(response, Outcome.LOGIN, persona)
            return
        assert response.status_code == 200
        shown = {profile.pk for profile in response.context["profiles"]}
        assert (own.pk in shown) == (persona.name in READERS), f"{persona} sees {shown}"
        assert (foreign.pk in shown) == (persona.agency == "other"), f"{persona} sees {shown}"
        page = response.content.decode()
        assert (self.url("detail", own) in page) == (persona.name in READERS)

    def test_detail(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        before = AuditEntry.objects.filter(action=AuditAction.VIEW).count()
        response = ui_client(world.user(persona)).get(self.url("detail", profile))
        outcome = profile_outcome(persona, "read")
        assert_ui_answer(response, outcome, persona)
        viewed = AuditEntry.objects.filter(action=AuditAction.VIEW).count() - before
        assert viewed == (1 if outcome is Outcome.OK else 0), "the read is audited once"
        if outcome is Outcome.OK:
            assert "FIR No" in response.content.decode()

    def test_template(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        client = ui_client(world.user(persona))
        outcome = profile_outcome(persona, "read")
        for format in ("csv", "xlsx"):
            response = client.get(self.url("template", profile, format=format))
            assert_ui_answer(response, outcome, persona)
            if outcome is not Outcome.OK:
                continue
            if format == "csv":
                header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            else:
                book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
                header = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
            assert header[:2] == ["FIR No", "occurred_at"], header
        exports = AuditEntry.objects.filter(action=AuditAction.EXPORT, target_id=str(profile.pk))
        assert exports.count() == (2 if outcome is Outcome.OK else 0)

    def test_create_form(self, world: World, persona: Persona, variant: None) -> None:
        response = ui_client(world.user(persona)).get(self.url("create"))
        assert_ui_answer(response, profile_outcome(persona, "create"), persona)

    def test_create(self, world: World, persona: Persona, variant: None) -> None:
        agency = world.agency(persona.agency) or world.owner
        data = self.form(world, agency, self.url("create"), self.create_values())
        before = self.existing_pks()
        response = ui_client(world.user(persona)).post(self.url("create"), data)
        outcome = profile_outcome(persona, "create")
        assert_ui_answer(response, outcome, persona)
        new = self.new_rows(before)
        self.assert_created_by(new, world, persona, outcome is Outcome.OK)
        if new:
            assert new[0].column_map == {"FIR No": "agency_record_id"}
            assert new[0].value_map == {"drug": {"HSH": "charas"}}

    def test_edit_form(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        response = ui_client(world.user(persona)).get(self.url("edit", profile))
        assert_ui_answer(response, profile_outcome(persona, "edit"), persona)

    def test_edit(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        data = self.form(world, world.owner, self.url("edit", profile), {"notes": self.edit_value})
        response = ui_client(world.user(persona)).post(self.url("edit", profile), data)
        outcome = profile_outcome(persona, "edit")
        assert_ui_answer(response, outcome, persona)
        fresh = ImportProfile.objects.get(pk=profile.pk)
        assert (fresh.notes == self.edit_value) == (outcome is Outcome.OK)
        assert fresh.column_map == profile.column_map and fresh.value_map == profile.value_map
        assert fresh.agency_id == profile.agency_id

    def test_delete_form(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        response = ui_client(world.user(persona)).get(self.url("delete", profile))
        assert_ui_answer(response, profile_outcome(persona, "delete"), persona)
        assert ImportProfile.objects.filter(pk=profile.pk).exists()

    def test_delete(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        response = ui_client(world.user(persona)).post(self.url("delete", profile))
        outcome = profile_outcome(persona, "delete")
        assert_ui_answer(response, outcome, persona)
        gone = not ImportProfile.objects.filter(pk=profile.pk).exists()
        assert gone == (outcome is Outcome.OK)

    def test_mass_assignment_create(self, world: World, persona: Persona, variant: None) -> None:
        agency = world.agency(persona.agency)
        values = {**self.create_values(), **self.privileged_values(world)}
        data = self.form(world, agency, self.url("create"), values)
        before = self.existing_pks()
        response = ui_client(world.user(persona)).post(self.url("create"), data)
        assert_ui_answer(response, Outcome.OK, persona)
        self.assert_created_by(self.new_rows(before), world, persona, True)


class TestImportTemplates(ProfileMatrix):
    """The blank templates: nncc's own headers, for every signed-in user."""

    def route_names(self) -> list[str]:
        return ["intake:import_template"]

    def test_download(self, world: World, persona: Persona, variant: None) -> None:
        client = ui_client(world.user(persona))
        for record_type in ("seizure", "arrest"):
            for format in ("csv", "xlsx"):
                url = reverse("intake:import_template", args=[record_type, format])
                response = client.get(url)
                assert_ui_answer(
                    response, Outcome.OK if persona.signed_in else Outcome.LOGIN, persona
                )
        if persona.signed_in:
            missing = client.get(reverse("intake:import_template", args=["seizure", "pdf"]))
            assert missing.status_code == 404


class TestImportProfileAPI(ProfileMatrix):
    path = "/api/import-profiles/"

    def route_names(self) -> list[str]:
        return ["import-profile-list", "import-profile-detail"]

    def detail(self, profile: ImportProfile) -> str:
        return f"{self.path}{profile.pk}/"

    def payload(self, **changes: Any) -> dict[str, Any]:
        return {
            "name": f"MX API profile {next(_numbers)}",
            "record_type": "seizure",
            "column_map": {"FIR No": "agency_record_id"},
            "value_map": {"drug": {"HSH": "charas"}},
            "notes": "",
            **changes,
        }

    def test_list(self, world: World, persona: Persona, variant: None) -> None:
        own, foreign = make_profile(world.owner), make_profile(world.other)
        response = api_client(world.user(persona)).get(self.path)
        if not persona.signed_in:
            assert_api_answer(response, Outcome.LOGIN, persona)
            return
        assert response.status_code == 200
        shown = {row["id"] for row in response.json()["results"]}
        assert (own.pk in shown) == (persona.name in READERS)
        assert (foreign.pk in shown) == (persona.agency == "other")

    def test_detail(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        response = api_client(world.user(persona)).get(self.detail(profile))
        outcome = profile_outcome(persona, "read")
        assert_api_answer(response, outcome, persona)
        if outcome is Outcome.OK:
            assert response.json()["value_map"] == {"drug": {"HSH": "charas"}}
            assert AuditEntry.objects.filter(
                action=AuditAction.VIEW, target_id=str(profile.pk)
            ).exists()

    def test_create(self, world: World, persona: Persona, variant: None) -> None:
        before = self.existing_pks()
        payload = self.payload(**self.privileged_values(world))
        response = api_client(world.user(persona)).post(self.path, payload, format="json")
        outcome = profile_outcome(persona, "create")
        assert_api_answer(response, outcome, persona, success=201)
        self.assert_created_by(self.new_rows(before), world, persona, outcome is Outcome.OK)

    def test_update(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        client = api_client(world.user(persona))
        outcome = profile_outcome(persona, "edit")
        patch = {"notes": self.edit_value, "agency": world.other.pk}
        response = client.patch(self.detail(profile), patch, format="json")
        assert_api_answer(response, outcome, persona)
        put = self.payload(name=profile.name, notes="Put by the matrix.")
        assert_api_answer(client.put(self.detail(profile), put, format="json"), outcome, persona)
        fresh = ImportProfile.objects.get(pk=profile.pk)
        assert fresh.agency_id == world.owner.pk
        expected = "Put by the matrix." if outcome is Outcome.OK else ""
        assert fresh.notes == expected

    def test_delete(self, world: World, persona: Persona, variant: None) -> None:
        profile = make_profile(world.owner)
        response = api_client(world.user(persona)).delete(self.detail(profile))
        outcome = profile_outcome(persona, "delete")
        assert_api_answer(response, outcome, persona, success=204)
        gone = not ImportProfile.objects.filter(pk=profile.pk).exists()
        assert gone == (outcome is Outcome.OK)
