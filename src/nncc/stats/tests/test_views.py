"""Report pages, through HTTP: the campaign figures, their CSV export, and the price table."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.eradication.models import EradicationRecord
from nncc.kernel.access import Role
from nncc.kernel.exports import neutralise_formula
from nncc.kernel.models import AuditEntry, HandlingCode
from nncc.reference.models import District, Drug, PriceEntry
from nncc.stats import views


@pytest.fixture
def officer(db: Any) -> Any:
    fc = agency_create(acting_user=None, code="FC-KP", name="Frontier Corps", kind="federal")
    EradicationRecord.objects.create(
        agency=fc,
        handling_code=HandlingCode.SHARED,
        agency_record_id="ERD-1",
        cleared_on=datetime.date(2025, 3, 1),
        province="PK-KP",
        district=District.objects.filter(province="PK-KP").order_by("code").first(),
        acres=Decimal("1234.50"),
    )
    return user_add_to_agency(
        acting_user=None,
        username="fc_officer",
        password="a-long-test-password-1",
        agency=fc,
        roles=[Role.FIELD_OFFICER],
    )


@pytest.fixture
def client(officer: Any) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def fake_report(*, year: int | None = None, user: Any = None) -> dict[str, Any]:
    """A report shaped like ``campaign_report``'s, with hostile text where text can come from."""
    return {
        "year": year or 2025,
        "seized_kg": 134000.5,
        "value_usd": 12797000000,
        "suspects_arrested": 2001,
        "foreigners_arrested": 75,
        "seized_kg_by_group": {"opioids": 100.0, "=SUM(A1:A9)": 1.0},
        "seized_kg_by_drug": [{"drug": "@cmd|' /C calc'!A0", "kg": -1.5, "events": 1}],
        "price_basis": {"market": "international", "source": "+UNODC 2024", "year": 2025},
        "counting_rules": ["-each event once", "plain rule"],
    }


def test_campaign_page_renders_the_figures(client: Client) -> None:
    pytest.importorskip("nncc.stats.campaign")
    before = AuditEntry.objects.count()
    response = client.get(reverse("stats:campaign"), {"year": "2025"})

    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["figures"]["acres_cleared"] == 1234.5  # visible to this officer
    assert "Acres of poppy and cannabis cleared" in content
    assert "Counting rules" in content
    assert response.context["year"] == 2025
    # the report itself is recorded once, by the report function
    reports = AuditEntry.objects.filter(action="report", target_type="stats.campaign")
    assert reports.count() == 1 and AuditEntry.objects.count() == before + 1


def test_campaign_page_is_tolerant_of_missing_figures(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "campaign_report", lambda **kw: {"year": 2024})
    response = client.get(reverse("stats:campaign"))
    assert response.status_code == 200
    assert response.context["headline"] == []


def test_campaign_page_shows_precursors_apart(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def report(**kw: Any) -> dict[str, Any]:
        chemical = {"chemical": "<b>Acetic anhydride</b>", "litres": 1200.0, "kg": 250.0}
        return {
            **fake_report(**kw),
            "precursors_by_chemical": [{**chemical, "kg_equivalent": 1450.0, "events": 3}],
        }

    monkeypatch.setattr(views, "campaign_report", report)
    response = client.get(reverse("stats:campaign"), {"year": "2025"})

    content = response.content.decode()
    assert "Precursor chemicals" in content and "not in the kilograms seized" in content
    assert "&lt;b&gt;Acetic anhydride&lt;/b&gt;" in content
    assert "1,200" in content and "1,450" in content


def test_csv_export_is_audited_and_neutralised(
    client: Client, officer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "campaign_report", fake_report)
    before = AuditEntry.objects.filter(action="export").count()

    response = client.get(reverse("stats:campaign"), {"year": "2024", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "campaign-report-2024.csv" in response["Content-Disposition"]
    exports = AuditEntry.objects.filter(action="export", target_type="stats.campaign")
    assert exports.count() == before + 1
    entry = exports.latest("id")
    assert entry.actor == officer and entry.detail == {"year": 2024, "format": "csv"}

    cells = [
        cell
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        for cell in row
    ]
    assert "'=SUM(A1:A9)" in cells
    assert "'@cmd|' /C calc'!A0" in cells
    assert "'+UNODC 2024" in cells
    assert "'-each event once" in cells
    assert "-1.5" in cells  # numbers stay numbers, negative or not
    assert "12797000000" in cells
    assert not [c for c in cells if c[:1] in {"=", "+", "@"}]


def test_real_csv_export(client: Client) -> None:
    pytest.importorskip("nncc.stats.campaign")
    response = client.get(reverse("stats:campaign"), {"year": "2025", "format": "csv"})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="export", target_type="stats.campaign").count() == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+92300", "'+92300"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (-3, -3),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, ""),
    ],
)
def test_neutralise_formula(value: Any, expected: Any) -> None:
    assert neutralise_formula(value) == expected


def test_price_table_lists_and_filters(client: Client) -> None:
    heroin = Drug.objects.order_by("name").first()
    for year, market in ((2023, "pakistan"), (2024, "international")):
        PriceEntry.objects.create(
            drug=heroin,
            market=market,
            level="wholesale",
            year=year,
            usd_per_kg=Decimal("2500.00"),
            source=f"UNODC {year}",
        )

    everything = client.get(reverse("stats:prices"))
    assert everything.status_code == 200
    assert [entry.year for entry in everything.context["rows"]] == [2024, 2023]

    filtered = client.get(reverse("stats:prices"), {"year": "2023", "market": "pakistan"})
    assert [entry.source for entry in filtered.context["rows"]] == ["UNODC 2023"]
    assert "UNODC 2023" in filtered.content.decode()


def test_reports_need_a_signed_in_user(db: Any) -> None:
    for name in ("stats:campaign", "stats:prices"):
        response = Client().get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]
