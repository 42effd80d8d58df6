"""The demo database gives the campaign's figures, through the counting rules of the report."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from stdnum.pk import cnic

from nncc.agencies.models import Agency
from nncc.demo.generator import seed_demo
from nncc.intake.models import Arrest, SeizureEvent
from nncc.kernel.models import AuditEntry
from nncc.registry.models import Identifier, Person
from nncc.stats.campaign import campaign_report

CAMPAIGN = {
    "suspects_arrested": 2001,
    "foreigners_arrested": 75,
    "afghan_nationals_arrested_illegal_stay": 110,
    "acres_cleared": 40659,
}


@pytest.mark.django_db
def test_the_demo_database_gives_the_campaign_figures():
    # One test, so the full demo is seeded once per run (also under pytest-xdist).
    result = seed_demo(seed=2025)

    figures = campaign_report()
    assert figures["year"] == 2025
    assert figures["seized_kg"] == 134000  # the campaign allows ±0.5; the demo is exact
    assert abs(figures["value_usd"] - 12_797_000_000) <= 500_000
    assert {key: figures[key] for key in CAMPAIGN} == CAMPAIGN
    assert 2900 <= figures["seizure_events"] <= 3100
    assert 0.05 <= figures["joint_events"] / figures["seizure_events"] <= 0.10
    assert {"Cannabis plants"} <= {item["drug"] for item in figures["unconverted"]}
    assert figures["unpriced_kg"] > 0
    assert figures["price_basis"]["source"] == "ANF international valuation (implied), 2025"
    units = {line["drug"]: line["lines"] for line in figures["seized_kg_by_drug"]}
    assert units["Non-specified ecstasy-type substances"] > 0  # tablets
    assert "Acetic anhydride" not in units  # a precursor: counted apart from the drugs
    assert "precursors" not in figures["seized_kg_by_group"]
    chemicals = {item["chemical"]: item for item in figures["precursors_by_chemical"]}
    assert set(chemicals) == {"Acetic anhydride", "Hydrochloric acid"}
    for item in chemicals.values():
        assert item["litres"] == item["kg_equivalent"] > 1000 and item["kg"] == 0
        assert 150 <= item["litres"] / item["lines"] <= 4500
    assert figures["precursors_kg_equivalent"] == pytest.approx(
        sum(item["kg_equivalent"] for item in chemicals.values())
    )
    assert 0 < figures["precursor_events"] < 100
    assert set(figures["seized_kg_by_province"]) == {
        "PK-BA", "PK-KP", "PK-PB", "PK-SD", "PK-IS", "PK-GB", "PK-JK"
    }  # fmt: skip
    # Balochistan and Khyber Pakhtunkhwa carry most of the seizures
    by_province = figures["seized_kg_by_province"]
    assert by_province["PK-BA"] + by_province["PK-KP"] > 0.5 * figures["seized_kg"]

    # the previous year is there, and counted apart, with its own (earlier) prices
    earlier = campaign_report(year=2024)
    assert 0 < earlier["seizure_events"] < 100
    assert earlier["acres_cleared"] > 0
    assert earlier["price_basis"]["years_used"] == [2023]

    _check_accounts(result)
    _check_scoped_figures(figures)
    _check_persons(result)
    _check_audit_trail()


def _check_accounts(result):
    assert len(result.password) >= 12
    agencies = {a.code: a for a in Agency.objects.all()}
    assert len(agencies) >= 11 and agencies["NCNC"].kind == "centre"
    roles: dict[str, set[str]] = {}
    for login in result.logins:
        roles.setdefault(login["agency"], set()).update(login["roles"])
    for code in agencies:
        if code != "NCNC":
            assert {"field_officer", "analyst", "supervisor"} <= roles[code], code
    for code in ("ANF", "CUSTOMS"):
        assert {"agency_admin", "auditor"} <= roles[code]
    assert roles["NCNC"] == {"centre_analyst", "watch_desk", "liaison_officer", "auditor"}
    usernames = {login["username"] for login in result.logins}
    assert {"anf.analyst", "customs.officer", "ncnc.analyst"} <= usernames
    assert authenticate(username="anf.analyst", password=result.password) is not None


def _check_scoped_figures(national):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    anf = campaign_report(year=2025, user=users.get(username="anf.analyst"))
    centre = campaign_report(year=2025, user=users.get(username="ncnc.analyst"))
    assert 0 < anf["seizure_events"] < centre["seizure_events"] < national["seizure_events"]
    assert anf["seized_kg"] < centre["seized_kg"] < national["seized_kg"]
    assert anf["suspects_arrested"] < national["suspects_arrested"]


def _check_persons(result):
    repeaters = result.repeat_offenders
    assert 95 <= len(repeaters) <= 100
    assert all(2 <= len({agency for agency, _ in records}) <= 3 for records in repeaters)
    # each is arrested more than once, and his records are written differently
    spellings = 0
    for records in repeaters:
        persons = [
            Person.objects.get(agency__code=agency, agency_record_id=record_id)
            for agency, record_id in records
        ]
        assert Arrest.objects.filter(person__in=persons).count() >= 2
        spellings += len({(p.name_latin, p.name_urdu) for p in persons}) > 1
    assert spellings > 0.8 * len(repeaters)
    assert Person.objects.exclude(name_urdu="").count() > 300
    assert Person.objects.filter(name_latin="").count() > 20  # Urdu script only
    cnics = list(Identifier.objects.filter(kind="cnic").values_list("value", flat=True))
    assert len(cnics) > 1000 and all(cnic.is_valid(value) for value in cnics)
    assert Identifier.objects.filter(kind="por").exists()
    assert Person.objects.filter(phones__e164__startswith="+93").exists()


def _check_audit_trail():
    # every record was written through its service, each with its one audit entry
    created = AuditEntry.objects.filter(action="create")
    assert created.filter(target_type="intake.seizureevent").count() == SeizureEvent.objects.count()
    assert created.filter(target_type="intake.arrest").count() == Arrest.objects.count()
    assert created.filter(target_type="registry.person").count() == Person.objects.count()
    assert not SeizureEvent.objects.filter(created_by__isnull=True).exists()
