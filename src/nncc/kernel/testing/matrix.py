"""The base of every matrix: personas × records, parametrised per test method."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from django.db.models import Model

from nncc.kernel.testing.people import PERSONA, PERSONAS, Persona, World
from nncc.kernel.testing.rules import JOINT, RESTRICTED, SHARED, SOURCE_RESTRICTED, Outcome


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

    def new_rows(self, before: set[Any]) -> list[Any]:
        return list(self.model._base_manager.exclude(pk__in=before))

    def existing_pks(self) -> set[Any]:
        return set(self.model._base_manager.values_list("pk", flat=True))

    def assert_created(
        self, new: list[Any], world: World, persona: Persona, outcome: Outcome
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
