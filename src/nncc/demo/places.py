"""Where demo events happen: districts with a position, airports, ports, crossings and coast.

Positions are approximate district centres, airports and ports (good enough for a map that shows
Balochistan's border belt and the Makran coast where they are); they are demo data, not survey
data.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from nncc.reference.loading import read_rows

DATA_DIR = Path(__file__).resolve().parent / "data"
_SIX = Decimal("0.000001")


@dataclass(frozen=True)
class District:
    code: str
    name: str
    province: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Site:
    """A named place with its own position: an airport, port, crossing, post office or coast."""

    name: str
    district: str
    latitude: float
    longitude: float
    weight: float = 1.0


@cache
def districts() -> dict[str, District]:
    with (DATA_DIR / "district_positions.csv").open(encoding="utf-8", newline="") as handle:
        positions = {row["code"]: row for row in csv.DictReader(handle)}
    return {
        row["code"]: District(
            code=row["code"],
            name=row["name"],
            province=row["province"],
            latitude=float(positions[row["code"]]["latitude"]),
            longitude=float(positions[row["code"]]["longitude"]),
        )
        for row in read_rows("districts.csv")
    }


def in_province(province: str) -> list[str]:
    return [code for code, d in districts().items() if d.province == province]


AIRPORTS = [
    Site("Jinnah International Airport, Karachi", "SD-KHM", 24.9065, 67.1608, 30),
    Site("Allama Iqbal International Airport, Lahore", "PB-LHR", 31.5216, 74.4036, 25),
    Site("Islamabad International Airport", "PB-ATK", 33.5490, 72.8260, 20),
    Site("Bacha Khan International Airport, Peshawar", "KP-PEW", 33.9940, 71.5150, 10),
    Site("Quetta International Airport", "BA-QTA", 30.2510, 66.9380, 4),
    Site("Multan International Airport", "PB-MUL", 30.2030, 71.4190, 4),
    Site("Sialkot International Airport", "PB-SKT", 32.5360, 74.3640, 3),
    Site("Faisalabad International Airport", "PB-FSD", 31.3650, 72.9950, 2),
    Site("New Gwadar International Airport", "BA-GWD", 25.2330, 62.3300, 1),
    Site("Turbat International Airport", "BA-KCG", 25.9860, 63.0300, 1),
]
SEAPORTS = [
    Site("Karachi Port, East Wharf", "SD-KMR", 24.8400, 66.9800, 5),
    Site("Port Qasim", "SD-KHM", 24.7700, 67.3300, 3),
    Site("Gwadar Port", "BA-GWD", 25.1200, 62.3300, 1),
]
CROSSINGS = [
    Site("Torkham border crossing", "KP-KHY", 34.1350, 71.0900, 5),
    Site("Chaman, Friendship Gate", "BA-CHM", 30.9100, 66.4400, 5),
    Site("Taftan border crossing", "BA-CHG", 28.9600, 61.6000, 3),
    Site("Ghulam Khan border crossing", "KP-NWZ", 33.0500, 69.9700, 1),
    Site("Angoor Adda border crossing", "KP-SWZ", 32.3300, 69.3800, 1),
    Site("Kharlachi border crossing", "KP-KRM", 33.8500, 69.9500, 1),
    Site("Wagah border crossing", "PB-LHR", 31.6050, 74.5730, 1),
    Site("Sost dry port", "GB-HNZ", 36.6900, 74.8200, 1),
    Site("Gabd border crossing", "BA-GWD", 25.1800, 61.6000, 1),
    Site("Mand border crossing", "BA-KCG", 26.0900, 62.0500, 1),
]
POST_OFFICES = [
    Site("International Mail Office, Karachi", "SD-KHS", 24.8500, 67.0100, 5),
    Site("General Post Office, Islamabad", "IS-ICT", 33.7100, 73.0600, 2),
    Site("General Post Office, Lahore", "PB-LHR", 31.5660, 74.3100, 2),
    Site("Courier office, Peshawar", "KP-PEW", 34.0100, 71.5600, 1),
    Site("Courier office, Rawalpindi", "PB-RWP", 33.6000, 73.0500, 1),
]
COAST = [
    Site("off Jiwani", "BA-GWD", 24.9500, 61.7500, 2),
    Site("off Gwadar West Bay", "BA-GWD", 25.0500, 62.3500, 2),
    Site("off Pasni", "BA-GWD", 25.2000, 63.4500, 2),
    Site("off Ormara", "BA-GWD", 25.1500, 64.6000, 2),
    Site("Kund Malir coast", "BA-LSB", 25.4000, 65.5000, 1),
    Site("off Sonmiani", "BA-LSB", 25.3500, 66.5000, 1),
    Site("off Manora, Karachi", "SD-KMR", 24.7500, 66.9500, 2),
    Site("Korangi Creek", "SD-KHK", 24.7800, 67.2000, 1),
    Site("off Keti Bandar", "SD-THT", 24.1000, 67.4000, 1),
    Site("Indus delta creeks", "SD-SJW", 24.0000, 67.7000, 1),
]

_ROADS = {
    "Quetta–Chaman road (N-25)": "BA-QTA BA-PSN BA-KAF BA-CHM",
    "RCD Highway (N-25)": "BA-QTA BA-MST BA-KLT BA-KZD BA-LSB BA-HUB",
    "Quetta–Taftan road (N-40)": "BA-QTA BA-MST BA-NSK BA-CHG",
    "Makran Coastal Highway (N-10)": "BA-GWD BA-LSB BA-HUB",
    "M-8 motorway (Turbat–Hoshab)": "BA-KCG BA-AWR",
    "Surab–Hoshab road (N-85)": "BA-PNJ BA-WSK BA-AWR BA-KRN",
    "Zhob–Quetta road (N-50)": "BA-ZHB BA-KSF BA-LRL BA-PSN",
    "Sibi–Jacobabad road (N-65)": "BA-SBI BA-KCH BA-NSB BA-JFB SD-JCB",
    "GT Road (N-5)": "KP-PEW KP-NWS PB-ATK PB-RWP PB-JHL PB-GJT PB-GRW PB-LHR",
    "M-1 Motorway": "KP-PEW KP-NWS KP-MDN KP-SWB PB-ATK",
    "Peshawar–Torkham road": "KP-PEW KP-KHY",
    "Indus Highway (N-55)": "KP-KHT KP-KRK KP-LKM KP-DIK PB-MNW PB-BHK PB-LYH PB-DGK PB-RJP"
    " SD-KSH SD-LRK SD-DDU SD-JMS",
    "Hakla–D.I. Khan Motorway (M-14)": "KP-DIK KP-LKM KP-BNU PB-MNW PB-ATK",
    "Chakdara–Chitral road (N-45)": "KP-MLK KP-SWT KP-DRL KP-DRU KP-CHL",
    "Karakoram Highway (N-35)": "KP-HRP KP-ABT KP-MNS GB-DMR GB-GLT GB-HNZ",
    "M-2 Motorway": "PB-LHR PB-SKP PB-CHK PB-RWP PB-SGD",
    "M-4 Motorway": "PB-FSD PB-JHG PB-KHN PB-MUL",
    "M-5 Motorway": "PB-MUL PB-BWP PB-RYK SD-GHT SD-SKR",
    "National Highway (N-5)": "PB-OKR PB-SWL PB-KHN PB-BWP PB-RYK SD-GHT SD-SKR SD-KHP SD-NSF"
    " SD-HYD SD-THT",
    "M-9 Motorway": "SD-HYD SD-JMS SD-KHM",
    "Northern Bypass, Karachi": "SD-KHW SD-KMR SD-KHC",
    "Lyari Expressway": "SD-KHS SD-KHW SD-KHC SD-KHE",
    "Mirpur Khas–Umerkot road": "SD-MPK SD-UMK SD-TPK",
    "Badin–Thatta road": "SD-BDN SD-THT SD-SJW",
    "Srinagar Highway": "IS-ICT",
    "Islamabad Expressway": "IS-ICT",
    "Gilgit–Skardu road (N-15)": "GB-SKD GB-GLT",
    "Gilgit–Shandur road": "GB-GHZ GB-GLT",
    "Muzaffarabad–Kohala road": "JK-MZD JK-BGH",
    "Neelum Valley road": "JK-NLM JK-MZD",
    "Mirpur–Kotli road": "JK-MPR JK-KTL",
    "Kohala–Rawalakot road": "JK-BGH JK-PNC",
}
#: the named highways through each district
HIGHWAYS: dict[str, list[str]] = {}
for _road, _codes in _ROADS.items():
    for _code in _codes.split():
        HIGHWAYS.setdefault(_code, []).append(_road)


def position(rng: random.Random, latitude: float, longitude: float, spread: float) -> tuple:
    """A point near (latitude, longitude), as the six-decimal Decimals the models store."""
    lat = latitude + rng.uniform(-spread, spread)
    lon = longitude + rng.uniform(-spread, spread)
    return (
        Decimal(repr(round(lat, 6))).quantize(_SIX),
        Decimal(repr(round(lon, 6))).quantize(_SIX),
    )


def near_district(rng: random.Random, code: str, spread: float = 0.12) -> tuple:
    district = districts()[code]
    return position(rng, district.latitude, district.longitude, spread)


def pick_site(rng: random.Random, sites: list[Site], allowed: set[str] | None = None) -> Site:
    """A site weighted by its traffic, among those in ``allowed`` districts when any are."""
    pool = [s for s in sites if allowed is None or s.district in allowed] or sites
    return rng.choices(pool, weights=[s.weight for s in pool])[0]
