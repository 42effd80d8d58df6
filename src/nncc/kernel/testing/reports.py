"""Reports count only what their reader may see."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import Model

from nncc.kernel.testing.clients import assert_api_answer, assert_ui_answer
from nncc.kernel.testing.matrix import PermissionMatrix
from nncc.kernel.testing.people import Persona, World
from nncc.kernel.testing.rules import COUNTED, JOINT, KILOGRAMS, RESTRICTED, Outcome


class FiguresMatrix(PermissionMatrix):
    """A report (page or endpoint) counts only what its reader may see: the seized kilograms
    it shows equal the sum over the seizures the access rule lets him see."""

    #: "ui" (a page: anonymous users are sent to log in) or "api" (401)
    kind: ClassVar[str] = "ui"
    year: ClassVar[int] = 2025
    shapes: ClassVar[dict[str, str]] = {"test_figures": "persona"}

    def make_seizure(
        self, world: World, agency: Any, handling_code: str, kilograms: int, partner: Any = None
    ) -> Model:
        """A seizure of ``kilograms`` kg in ``year``, owned by ``agency``."""
        raise NotImplementedError

    def get(self, world: World, persona: Persona) -> Any:
        """The report as ``persona`` asks for it."""
        raise NotImplementedError

    def seized_kg(self, response: Any) -> Any:
        """The total seized kilograms the report shows."""
        raise NotImplementedError

    def test_figures(self, world: World, persona: Persona, variant: None) -> None:

        for key, kilograms in KILOGRAMS.items():
            if key == "other_restricted":
                self.make_seizure(world, world.other, RESTRICTED, kilograms)
            elif key == JOINT:
                self.make_seizure(world, world.owner, RESTRICTED, kilograms, world.other)
            else:
                self.make_seizure(world, world.owner, key, kilograms)
        response = self.get(world, persona)
        if not persona.signed_in:
            if self.kind == "ui":
                assert_ui_answer(response, Outcome.LOGIN, persona)
            else:
                assert_api_answer(response, Outcome.LOGIN, persona)
            return
        assert response.status_code == 200, f"{persona}: {response.status_code}"
        expected = sum(KILOGRAMS[key] for key in COUNTED[persona.name])
        counted = Decimal(str(self.seized_kg(response) or 0))
        assert counted == expected, (
            f"{persona} is shown {counted} kg; the seizures he may see weigh {expected} kg"
        )
