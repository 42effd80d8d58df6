"""Counting rules of the campaign report, on a handful of records built through the services."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.eradication.services import EradicationData, eradication_record
from nncc.intake.services import (
    ArrestData,
    DrugLineData,
    ParticipantData,
    SeizureData,
    arrest_record,
    seizure_record,
)
from nncc.kernel.access import Role
from nncc.kernel.models import AuditEntry
from nncc.reference.models import District, Drug, PriceEntry
from nncc.registry.services import PersonData, person_record
from nncc.stats.campaign import campaign_report, render_campaign_text

pytestmark = pytest.mark.django_db

KARACHI = ZoneInfo("Asia/Karachi")
PASSWORD = "test-password-2025"


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=KARACHI)


class World:
    """Three agencies and the centre, each with the users a test needs."""

    def __init__(self) -> None:
        self.anf = agency_create(acting_user=None, code="ANF", name="ANF", kind="federal")
        self.customs = agency_create(
            acting_user=None, code="CUSTOMS", name="Customs", kind="federal"
        )
        self.fc = agency_create(acting_user=None, code="FC-BA", name="FC", kind="federal")
        self.centre = agency_create(acting_user=None, code="NCNC", name="Centre", kind="centre")
        self.anf_officer = self.user("anf.officer", self.anf, Role.FIELD_OFFICER)
        self.customs_officer = self.user("customs.officer", self.customs, Role.FIELD_OFFICER)
        self.customs_analyst = self.user("customs.analyst", self.customs, Role.ANALYST)
        self.fc_officer = self.user("fc.officer", self.fc, Role.FIELD_OFFICER)
        self.fc_analyst = self.user("fc.analyst", self.fc, Role.ANALYST)
        self.centre_analyst = self.user("ncnc.analyst", self.centre, Role.CENTRE_ANALYST)
        self.quetta = District.objects.get(code="BA-QTA")
        self.lahore = District.objects.get(code="PB-LHR")
        self.peshawar = District.objects.get(code="KP-PEW")

    @staticmethod
    def user(username: str, agency, role: str):
        return user_add_to_agency(
            acting_user=None, username=username, password=PASSWORD, agency=agency, roles=[role]
        )

    def seizure(
        self,
        officer,
        record_id: str,
        when: datetime.datetime,
        lines: list[tuple[str, str, str]],
        *,
        handling: str = "restricted",
        partners: list | None = None,
        district: District | None = None,
    ):
        district = district or self.quetta
        return seizure_record(
            acting_user=officer,
            data=SeizureData(
                agency_record_id=record_id,
                occurred_at=when,
                province=district.province,
                district=district,
                place_type="road",
                transport_mode="car",
                handling_code=handling,
                drug_lines=[DrugLineData(term, quantity, unit) for term, quantity, unit in lines],
                participants=[ParticipantData(agency, Decimal(share)) for agency, share in partners]
                if partners
                else [],
            ),
        )

    def arrest(
        self,
        officer,
        name: str,
        on: datetime.date,
        nationality: str,
        *,
        district: District | None = None,
        offence: str = "narcotics",
        event=None,
        sex: str = "M",
    ):
        district = district or self.quetta
        person = person_record(
            acting_user=officer,
            data=PersonData(name_latin=name, nationality=nationality, sex=sex),
        )
        return arrest_record(
            acting_user=officer,
            data=ArrestData(
                person=person,
                arrested_on=on,
                province=district.province,
                district=district,
                nationality_at_arrest=nationality,
                offence_category=offence,
                event=event,
            ),
        )


@pytest.fixture
def world() -> World:
    return World()


def test_joint_event_is_counted_once_and_credited_to_nobody_twice(world):
    world.seizure(
        world.anf_officer,
        "ANF/1",
        at(2025, 3, 1),
        [("Charas", "10", "kg")],
        partners=[(world.customs, "0.4")],
    )
    world.seizure(world.customs_officer, "CUS/1", at(2025, 3, 2), [("Heroin", "5", "kg")])

    figures = campaign_report(year=2025)

    assert figures["seizure_events"] == 2
    assert figures["joint_events"] == 1
    assert figures["seized_kg"] == 15.0
    assert figures["seized_kg_by_group"] == {"cannabis": 10.0, "opioids": 5.0}


def test_tablets_litres_and_grams_are_converted_plants_are_listed_not_added(world):
    world.seizure(
        world.anf_officer,
        "ANF/1",
        at(2025, 5, 1),
        [
            ("Ecstasy Tabs", "1000", "tablets"),  # 300 mg each → 0.3 kg
            ("Liquid Amphetamine", "20", "L"),  # 1 L = 1 kg
            ("Heroine", "500", "g"),
            ("Cannabis plants", "1200", "plants"),
        ],
    )

    figures = campaign_report(year=2025)

    assert figures["seized_kg"] == pytest.approx(20.8)
    by_drug = {item["drug"]: item["kg"] for item in figures["seized_kg_by_drug"]}
    assert by_drug["Non-specified ecstasy-type substances"] == 0.3
    assert by_drug["Amphetamine"] == 20.0
    assert by_drug["Heroin"] == 0.5
    assert "Cannabis plants" not in by_drug
    assert figures["unconverted"] == [
        {"drug": "Cannabis plants", "unit": "plants", "quantity": 1200.0, "lines": 1, "events": 1}
    ]


def test_precursor_chemicals_are_counted_apart_from_the_drugs(world):
    heroin = Drug.objects.get(name="Heroin")
    anhydride = Drug.objects.get(name="Acetic anhydride")
    common = {"year": 2025, "market": "international", "level": "wholesale", "source": "S"}
    PriceEntry.objects.create(drug=heroin, usd_per_kg=1000, **common)
    PriceEntry.objects.create(drug=anhydride, usd_per_kg=400, **common)
    world.seizure(
        world.anf_officer,
        "ANF/1",
        at(2025, 6, 1),
        [
            ("Heroin", "5", "kg"),
            ("Acetic anhydride", "1200", "L"),
            ("Acetic Anhydride", "250", "kg"),
            ("HCL", "500", "mL"),
        ],
    )
    world.seizure(world.fc_officer, "FC/1", at(2025, 6, 2), [("H2SO4", "800", "L")])

    figures = campaign_report(year=2025)

    # the drug total and its value leave the chemicals out, though they have a price
    assert figures["seized_kg"] == 5.0
    assert figures["value_usd"] == 5 * 1000
    assert figures["seized_kg_by_group"] == {"opioids": 5.0}
    assert [item["drug"] for item in figures["seized_kg_by_drug"]] == ["Heroin"]
    assert figures["seized_kg_by_province"] == {"PK-BA": 5.0}
    assert figures["unpriced_kg"] == 0
    assert [item["drug"] for item in figures["price_basis"]["earlier_year_prices"]] == []
    # ... and report them on their own, as reported and in kg-equivalent
    assert figures["precursors_kg_equivalent"] == 1200 + 250 + 0.5 + 800
    assert figures["precursors_by_chemical"] == [
        {
            "chemical": "Acetic anhydride",
            "litres": 1200.0,
            "kg": 250.0,
            "kg_equivalent": 1450.0,
            "lines": 2,
            "events": 1,
        },
        {
            "chemical": "Sulphuric acid",
            "litres": 800.0,
            "kg": 0.0,
            "kg_equivalent": 800.0,
            "lines": 1,
            "events": 1,
        },
        {
            "chemical": "Hydrochloric acid",
            "litres": 0.5,
            "kg": 0.0,
            "kg_equivalent": 0.5,
            "lines": 1,
            "events": 1,
        },
    ]
    assert figures["precursor_events"] == 2
    # an event of chemicals only is still a seizure event
    assert figures["seizure_events"] == 2
    rules = " ".join(figures["counting_rules"])
    assert "Kilograms seized and their value are drugs only" in rules
    assert "neither added to the kilograms seized nor valued" in rules
    text = render_campaign_text(figures)
    assert "5 kg in 2 seizure events" in text
    assert "2,250.5 kg-equivalent in 2 seizure events, not in the drug total" in text
    assert "Acetic anhydride" in text and "Sulphuric acid" in text


def test_a_user_sees_only_the_precursor_seizures_he_may_see(world):
    world.seizure(world.anf_officer, "ANF/1", at(2025, 6, 1), [("Acetic anhydride", "900", "L")])
    world.seizure(
        world.anf_officer,
        "ANF/2",
        at(2025, 6, 2),
        [("Acetic anhydride", "300", "L")],
        handling="shared",
    )

    national = campaign_report(year=2025)
    fc = campaign_report(year=2025, user=world.fc_analyst)

    assert national["precursors_kg_equivalent"] == 1200.0
    assert fc["precursors_kg_equivalent"] == 300.0
    assert fc["precursors_by_chemical"][0]["litres"] == 300.0
    assert national["seized_kg"] == fc["seized_kg"] == 0


def test_the_year_is_pakistans_calendar_year_and_other_years_are_excluded(world):
    # 23:30 on 31 December in Karachi is 18:30 UTC; 00:30 on 1 January is 19:30 UTC the day before.
    world.seizure(world.anf_officer, "ANF/2024", at(2024, 12, 31, 23, 30), [("Opium", "7", "kg")])
    world.seizure(world.anf_officer, "ANF/2025", at(2025, 1, 1, 0, 30), [("Opium", "3", "kg")])
    world.arrest(world.anf_officer, "Gul Khan", datetime.date(2024, 12, 31), "PK")
    eradication_record(
        acting_user=world.fc_officer,
        data=EradicationData(
            agency_record_id="ER/2024",
            cleared_on=datetime.date(2024, 3, 1),
            province="PK-BA",
            district=world.quetta,
            acres="100",
        ),
    )

    figures_2025 = campaign_report(year=2025)
    figures_2024 = campaign_report(year=2024)

    assert (figures_2025["seizure_events"], figures_2025["seized_kg"]) == (1, 3.0)
    assert (figures_2024["seizure_events"], figures_2024["seized_kg"]) == (1, 7.0)
    assert figures_2025["suspects_arrested"] == 0
    assert figures_2024["suspects_arrested"] == 1
    assert figures_2025["acres_cleared"] == 0
    assert figures_2024["acres_cleared"] == 100


def test_default_year_is_the_latest_with_seizures(world):
    world.seizure(world.anf_officer, "ANF/1", at(2023, 6, 1), [("Charas", "1", "kg")])
    world.seizure(world.anf_officer, "ANF/2", at(2024, 6, 1), [("Charas", "2", "kg")])

    assert campaign_report()["year"] == 2024


def test_value_uses_the_years_price_falls_back_to_an_earlier_year_and_states_unpriced(world):
    heroin = Drug.objects.get(name="Heroin")
    hashish = Drug.objects.get(name="Cannabis resin (hashish)")
    common = {"market": "international", "level": "wholesale"}
    PriceEntry.objects.create(drug=heroin, year=2025, usd_per_kg=100, source="A 2025", **common)
    PriceEntry.objects.create(drug=heroin, year=2023, usd_per_kg=1, source="A 2023", **common)
    PriceEntry.objects.create(drug=hashish, year=2023, usd_per_kg=10, source="B 2023", **common)
    # A later year's price, and another market's, are never used for 2025's international value.
    PriceEntry.objects.create(drug=hashish, year=2026, usd_per_kg=99, source="C", **common)
    PriceEntry.objects.create(
        drug=hashish, year=2025, market="pakistan", level="wholesale", usd_per_kg=5, source="D"
    )
    world.seizure(
        world.anf_officer,
        "ANF/1",
        at(2025, 2, 1),
        [("Heroin", "2", "kg"), ("Charas", "3", "kg"), ("Opium", "4", "kg")],
    )

    figures = campaign_report(year=2025)

    assert figures["value_usd"] == 2 * 100 + 3 * 10
    assert figures["unpriced_kg"] == 4.0
    assert figures["unpriced_drugs"] == ["Opium"]
    basis = figures["price_basis"]
    assert (basis["market"], basis["level"], basis["year"]) == ("international", "wholesale", 2025)
    assert basis["years_used"] == [2023, 2025]
    assert basis["earlier_year_prices"] == [
        {"drug": "Cannabis resin (hashish)", "price_year": 2023}
    ]
    assert "A 2025" in basis["source"] and "B 2023" in basis["source"]


def test_arrest_figures_follow_the_offence_nationality_and_province_rules(world):
    event = world.seizure(world.anf_officer, "ANF/1", at(2025, 4, 1), [("Charas", "1", "kg")])
    day = datetime.date(2025, 4, 1)
    world.arrest(world.anf_officer, "Asif Khan", day, "PK", event=event)
    world.arrest(world.anf_officer, "Shazia Bibi", day, "PK", event=event, sex="F")
    world.arrest(world.anf_officer, "Gul Ahmad", day, "AF", event=event)
    world.arrest(world.anf_officer, "Chinedu Obi", day, "NG", district=world.lahore)
    stay = {"offence": "illegal_stay"}
    world.arrest(world.fc_officer, "Najibullah", day, "AF", **stay)  # counts: AF in Balochistan
    world.arrest(world.fc_officer, "Samiullah", day, "AF", district=world.peshawar, **stay)
    world.arrest(world.fc_officer, "Zabihullah", day, "AF", district=world.lahore, **stay)
    world.arrest(world.fc_officer, "Reza Rigi", day, "IR", **stay)

    figures = campaign_report(year=2025)

    assert figures["suspects_arrested"] == 4
    assert figures["foreigners_arrested"] == 2
    assert figures["foreigners_by_nationality"] == {"AF": 1, "NG": 1}
    assert figures["women_arrested"] == 1
    assert figures["illegal_stay_arrested"] == 4
    assert figures["afghan_nationals_arrested_illegal_stay"] == 2
    assert figures["afghan_illegal_stay_by_province"] == {"PK-BA": 1, "PK-KP": 1}


def test_acres_are_summed_with_hectares(world):
    for number, acres in enumerate(["10.5", "20.25", "0.25"]):
        eradication_record(
            acting_user=world.fc_officer,
            data=EradicationData(
                agency_record_id=f"ER/{number}",
                cleared_on=datetime.date(2025, 3, 1),
                province="PK-BA",
                district=world.quetta,
                acres=acres,
                crop="cannabis" if number == 2 else "opium_poppy",
            ),
        )

    figures = campaign_report(year=2025)

    assert figures["acres_cleared"] == 31.0
    assert figures["hectares_cleared"] == 12.55
    assert figures["acres_cleared_by_crop"] == {"cannabis": 0.25, "opium_poppy": 30.75}
    assert figures["eradication_records"] == 3


def test_a_user_counts_only_what_he_may_see(world):
    joint = world.seizure(
        world.anf_officer,
        "ANF/joint",
        at(2025, 3, 1),
        [("Charas", "10", "kg")],
        partners=[(world.customs, "0.5")],
    )
    world.seizure(world.anf_officer, "ANF/own", at(2025, 3, 2), [("Opium", "20", "kg")])
    world.seizure(
        world.anf_officer, "ANF/shared", at(2025, 3, 3), [("Ice", "1", "kg")], handling="shared"
    )
    world.seizure(
        world.anf_officer,
        "ANF/source",
        at(2025, 3, 4),
        [("Heroin", "100", "kg")],
        handling="source_restricted",
    )
    world.arrest(world.anf_officer, "Asif Khan", datetime.date(2025, 3, 1), "PK", event=joint)

    national = campaign_report(year=2025)
    customs = campaign_report(year=2025, user=world.customs_analyst)
    fc = campaign_report(year=2025, user=world.fc_analyst)
    centre = campaign_report(year=2025, user=world.centre_analyst)

    assert (national["seizure_events"], national["seized_kg"]) == (4, 131.0)
    # the partner sees the restricted joint event (and its arrest) plus the shared one
    assert (customs["seizure_events"], customs["seized_kg"]) == (2, 11.0)
    assert customs["suspects_arrested"] == 1
    assert (fc["seizure_events"], fc["seized_kg"]) == (1, 1.0)
    assert fc["suspects_arrested"] == 0
    # the centre sees everything except another agency's source-restricted record
    assert (centre["seizure_events"], centre["seized_kg"]) == (3, 31.0)
    assert customs["scope"] == "viewer"
    assert customs["viewer"] == {"username": "customs.analyst", "agency": "CUSTOMS"}


def test_each_report_is_audited_and_the_figures_are_plain_json(world):
    world.seizure(world.anf_officer, "ANF/1", at(2025, 3, 1), [("Charas", "1.5", "kg")])
    before = AuditEntry.objects.filter(action="report").count()

    figures = campaign_report(year=2025, user=world.customs_analyst)

    entries = AuditEntry.objects.filter(action="report", target_type="stats.campaign")
    assert entries.count() == before + 1
    entry = entries.first()
    assert entry.actor == world.customs_analyst
    assert entry.detail["year"] == 2025
    parsed = json.loads(json.dumps(figures))
    for key in (
        "seized_kg",
        "suspects_arrested",
        "foreigners_arrested",
        "value_usd",
        "afghan_nationals_arrested_illegal_stay",
        "acres_cleared",
    ):
        assert isinstance(parsed[key], int | float), key
    assert isinstance(parsed["value_usd"], int)
    assert parsed["counting_rules"] and all(isinstance(r, str) for r in parsed["counting_rules"])


def test_a_report_for_the_dashboard_is_not_audited(world):
    world.seizure(world.anf_officer, "ANF/1", at(2025, 3, 1), [("Charas", "1.5", "kg")])
    before = AuditEntry.objects.filter(action="report").count()

    figures = campaign_report(year=2025, user=world.centre_analyst, audit=False)

    assert AuditEntry.objects.filter(action="report").count() == before
    assert figures["seized_kg"] == 1.5


def test_text_rendering_names_the_figures_and_rules(world):
    world.seizure(
        world.anf_officer,
        "ANF/1",
        at(2025, 3, 1),
        [("Charas", "1234.5", "kg"), ("Cannabis plants", "300", "plants")],
    )

    text = render_campaign_text(campaign_report(year=2025))

    assert "Campaign report 2025 — national picture" in text
    assert "1,234.5 kg in 1 seizure events" in text
    assert "Cannabis plants" in text and "300 plants" in text
    assert "Counting rules" in text
    assert "No price for 1,234.5 kg" in text
