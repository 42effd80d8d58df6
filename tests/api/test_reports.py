"""The campaign report over the API (the figures themselves are tested with the report)."""

from __future__ import annotations

import pytest

from nncc.kernel.models import AuditEntry

from .helpers import create_seizure

pytestmark = pytest.mark.django_db

pytest.importorskip("nncc.stats.campaign")


def test_the_report_answers_with_the_figures_and_is_audited(world, api):
    create_seizure(api(world.officer))
    response = api(world.analyst).get("/api/reports/campaign/", {"year": 2025})
    assert response.status_code == 200, response.content
    assert isinstance(response.json(), dict)
    assert AuditEntry.objects.filter(action="report", actor=world.analyst).count() == 1


@pytest.mark.parametrize("year", ["1900", "3000", "twenty"])
def test_a_bad_year_is_a_field_error(world, api, year):
    response = api(world.analyst).get("/api/reports/campaign/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()


def test_anonymous_is_401(world, api):
    assert api(None).get("/api/reports/campaign/").status_code == 401
