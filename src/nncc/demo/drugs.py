"""The drugs of the demo: how often each is seized, how it is written, in which units.

``share`` is the drug's part of the year's kilograms. Hashish and heroin have none: their totals
are solved for (see ``calibrate``) so that the kilograms and the value come out exactly at the
campaign's figures. Precursor chemicals have none either: the campaign report counts them apart
from the drugs, so they are sized as the drums and cans they are seized in, outside the totals.
``terms`` are written as officers write them; those not in the reference vocabulary are marked
``*`` (the officer then picks the UNODC drug himself).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from nncc.demo.places import DATA_DIR
from nncc.reference.loading import read_rows
from nncc.reference.models import DrugGroup

HASHISH = "Cannabis resin (hashish)"
HEROIN = "Heroin"
PLANTS = "Cannabis plants"
#: the two drugs whose totals absorb the calibration (far apart in price, both seized often)
ADJUSTERS = (HASHISH, HEROIN)


@dataclass(frozen=True)
class DrugSpec:
    name: str
    weight: float  # how often it appears in a seizure
    share: Decimal | None  # of the year's kg; None for adjusters, precursors and plants
    scale: float  # typical quantity relative to a kg-scale seizure of the event
    units: dict[str, float]  # main unit → weight ("g" is used for small seizures of kg drugs)
    terms: list[str]
    modifiers: dict[str, float] = field(default_factory=dict)  # by setting; missing = 1


_NO_PORTS = {"airport": 0.0, "postal": 0.0, "sea": 0.0, "seaport": 0.0}
#: precursor chemicals move in drums by road and through crossings, not in pockets or shops
_NO_CHEMICALS = {**_NO_PORTS, "street": 0.0, "shop": 0.0, "residence": 0.1, "seaport": 1.0}

DRUGS = [
    DrugSpec(
        HASHISH,
        40,
        None,
        1.0,
        {"kg": 1},
        [
            "Charas",
            "charas",
            "CHARAS",
            "Hashish",
            "Hash",
            "HSH",
            "Garda",
            "Pukki",
            "چرس",
            "Charas (garda)*",
            "Charas slabs*",
        ],
        {"airport": 0.3, "postal": 0.5, "sea": 1.5},
    ),
    DrugSpec(
        "Opium",
        12,
        Decimal("0.2313"),
        1.0,
        {"kg": 1},
        ["Opium", "opium", "Afeem", "afeem", "افیون", "Opium (raw)*"],
        {"airport": 0.1, "postal": 0.0, "sea": 0.5, "border": 1.5, "street": 0.5},
    ),
    DrugSpec(
        HEROIN,
        13,
        None,
        0.3,
        {"kg": 1},
        ["Heroin", "heroin", "Heroine", "Smack", "Brown sugar", "Heroin (white)*", "ہیروئن*"],
        {"airport": 2.5, "postal": 0.5},
    ),
    DrugSpec(
        "Methamphetamine",
        11,
        Decimal("0.0933"),
        0.3,
        {"kg": 1},
        ["Ice", "ICE", "ice", "Crystal", "Shisha", "Methamphetamine", "آئس", "Ice (crystal)*"],
        {"airport": 2.0, "sea": 2.0, "street": 1.2},
    ),
    DrugSpec(
        "Cannabis herb (marijuana)",
        8,
        Decimal("0.056"),
        0.8,
        {"kg": 1},
        ["Bhang", "bhang", "Weed", "Ganja", "Marijuana", "بھنگ"],
        {"airport": 0.2, "postal": 0.5, "sea": 0.0, "street": 2.0},
    ),
    DrugSpec(
        "Morphine",
        1,
        Decimal("0.009"),
        1.0,
        {"kg": 1},
        ["Morphine"],
        {**_NO_PORTS, "street": 0.0, "border": 2.0, "crossing": 2.0},
    ),
    DrugSpec(
        "Amphetamine",
        1.5,
        Decimal("0.0067"),
        0.3,
        {"kg": 0.4, "L": 0.6},
        ["Amphetamine", "Liquid Amphetamine"],
        {"sea": 0.0, "postal": 0.0},
    ),
    DrugSpec(
        "Non-specified ecstasy-type substances",
        3,
        Decimal("0.0019"),
        0.02,
        {"tablets": 1},
        ["Ecstasy Tabs", "Ecstasy tablets*", "XTC", "Ecstasy"],
        {"airport": 3.0, "postal": 10.0, "border": 0.2, "sea": 0.0, "crossing": 0.2},
    ),
    DrugSpec(
        "MDMA",
        0.5,
        Decimal("0.0002"),
        0.01,
        {"tablets": 1},
        ["MDMA", "MDMA pills*"],
        {"airport": 3.0, "postal": 10.0, "border": 0.0, "sea": 0.0},
    ),
    DrugSpec(
        "Acetic anhydride",
        1,
        None,
        1.0,
        {"L": 1},
        ["Acetic anhydride", "Acetic Anhydride", "AA chemical*"],
        {**_NO_CHEMICALS, "crossing": 6.0, "warehouse": 2.0},
    ),
    DrugSpec(
        "Hydrochloric acid",
        0.5,
        None,
        1.0,
        {"L": 1},
        ["HCL", "Hydrochloric acid"],
        {**_NO_CHEMICALS, "crossing": 4.0, "warehouse": 2.0},
    ),
    DrugSpec(
        "Poppy straw",
        1.5,
        Decimal("0.0075"),
        1.0,
        {"kg": 1},
        ["Poppy straw", "Doda", "Post"],
        {**_NO_PORTS, "crossing": 0.5},
    ),
    DrugSpec(
        "Ketamine",
        0.5,
        Decimal("0.0022"),
        0.3,
        {"kg": 1},
        ["Ketamine"],
        {"airport": 2.0, "seaport": 2.0, "border": 0.2},
    ),
    DrugSpec(
        "Non-specified cocaine-type",
        0.7,
        Decimal("0.0003"),
        0.05,
        {"kg": 1},
        ["Cocaine", "Coke", "cocaine"],
        {"airport": 8.0, "postal": 5.0, "border": 0.0, "sea": 0.5},
    ),
    DrugSpec(
        "Tramadol",
        1.5,
        Decimal("0.0022"),
        0.05,
        {"tablets": 1},
        ["Tramadol", "Tramadol tablets*"],
        {"postal": 6.0, "seaport": 3.0, "street": 2.0, "border": 0.2, "sea": 0.0},
    ),
    DrugSpec(
        "Diazepam",
        0.6,
        Decimal("0.0003"),
        0.01,
        {"tablets": 1},
        ["Diazepam", "Valium", "Roche"],
        {"postal": 5.0, "street": 2.0, "border": 0.0, "sea": 0.0},
    ),
    DrugSpec(
        "Alprazolam",
        0.4,
        Decimal("0.0002"),
        0.01,
        {"tablets": 1},
        ["Xanax", "Alprazolam"],
        {"postal": 5.0, "street": 2.0, "border": 0.0, "sea": 0.0},
    ),
    DrugSpec(PLANTS, 1, None, 1.0, {"plants": 1}, ["Cannabis plants"]),
]

BY_NAME = {spec.name: spec for spec in DRUGS}
#: agencies whose officers come upon cannabis grown in fields and courtyards
PLANT_AGENCIES = ("KP-EXCISE", "KP-POLICE", "ANF", "PUNJAB-POLICE", "AJK-POLICE")


@cache
def tablet_weights() -> dict[str, int | None]:
    """UNODC assumed tablet weights from the reference vocabulary."""
    return {
        row["name"]: int(row["tablet_weight_mg"]) if row["tablet_weight_mg"] else None
        for row in read_rows("drugs.csv")
    }


@cache
def precursors() -> frozenset[str]:
    """The precursor chemicals of the reference vocabulary (UNODC group "Precursors")."""
    return frozenset(
        row["name"] for row in read_rows("drugs.csv") if row["group"] == DrugGroup.PRECURSORS
    )


@dataclass(frozen=True)
class Price:
    drug: str
    market: str
    level: str
    year: int
    usd_per_kg: Decimal
    source: str


@cache
def prices() -> list[Price]:
    with (DATA_DIR / "prices.csv").open(encoding="utf-8", newline="") as handle:
        return [
            Price(
                drug=row["drug"],
                market=row["market"],
                level=row["level"],
                year=int(row["year"]),
                usd_per_kg=Decimal(row["usd_per_kg"]),
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        ]


def valuation(year: int) -> dict[str, Decimal]:
    """US$ per kg by drug as the campaign report values them: international wholesale of the
    year, else the latest earlier year."""
    chosen: dict[str, Price] = {}
    for price in prices():
        if (price.market, price.level) != ("international", "wholesale") or price.year > year:
            continue
        if price.drug not in chosen or chosen[price.drug].year < price.year:
            chosen[price.drug] = price
    return {drug: price.usd_per_kg for drug, price in chosen.items()}
