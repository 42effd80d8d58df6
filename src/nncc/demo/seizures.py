"""Planning the seizure events of the demo: who, when, where, how, which drugs.

Quantities here are only relative sizes (``LinePlan.quantity`` holds a raw kg-scale number);
``calibrate`` turns them into reported quantities whose totals meet the campaign figures.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from nncc.demo import places
from nncc.demo.agency_spec import AgencySpec
from nncc.demo.catalogue import AGENCIES, BY_CODE
from nncc.demo.drugs import BY_NAME, DRUGS, PLANT_AGENCIES, PLANTS
from nncc.demo.plan import EventPlan, LinePlan

KARACHI = ZoneInfo("Asia/Karachi")


@dataclass(frozen=True)
class Setting:
    """A kind of place a seizure happens at, with what goes with it."""

    place_type: str
    transport: dict[str, float]
    concealment: dict[str, float]
    size: float
    sites: list[places.Site] | None = None


SETTINGS = {
    "road": Setting(
        "road",
        {"truck": 0.35, "car": 0.5, "train_bus": 0.1, "pedestrian": 0.05},
        {"vehicle_cavity": 0.35, "fuel_tank": 0.1, "cargo": 0.25, "baggage": 0.1, "none": 0.2},
        1.0,
    ),
    "border": Setting(
        "open_ground",
        {"pedestrian": 0.4, "car": 0.3, "none": 0.3},
        {"none": 0.5, "other": 0.2, "cargo": 0.3},
        2.0,
    ),
    "airport": Setting(
        "airport",
        {"airplane": 1},
        {"baggage": 0.55, "body": 0.25, "ingested": 0.15, "cargo": 0.05},
        0.05,
        places.AIRPORTS,
    ),
    "seaport": Setting(
        "seaport", {"vessel": 1}, {"cargo": 0.9, "other": 0.1}, 3.0, places.SEAPORTS
    ),
    "crossing": Setting(
        "dry_port",
        {"truck": 0.8, "car": 0.1, "pedestrian": 0.1},
        {"cargo": 0.5, "vehicle_cavity": 0.4, "body": 0.1},
        2.0,
        places.CROSSINGS,
    ),
    "sea": Setting("territorial_waters", {"vessel": 1}, {"cargo": 0.6, "none": 0.4}, 5.0),
    "residence": Setting("residence", {"none": 1}, {"premises": 1}, 0.5),
    "warehouse": Setting(
        "warehouse", {"none": 0.6, "truck": 0.4}, {"premises": 0.7, "cargo": 0.3}, 3
    ),
    "shop": Setting("commercial", {"none": 1}, {"premises": 1}, 0.2),
    "postal": Setting("post_office", {"postal": 1}, {"parcel": 1}, 0.01, places.POST_OFFICES),
    "street": Setting(
        "road", {"pedestrian": 0.5, "car": 0.5}, {"body": 0.4, "baggage": 0.3, "none": 0.3}, 0.02
    ),
    "field": Setting("open_ground", {"none": 1}, {"none": 1}, 1.0),
}

CONCEALMENT_DETAILS = {
    "vehicle_cavity": [
        "secret cavities in the chassis",
        "false floor of the vehicle",
        "compartment behind the dashboard",
        "inside the spare wheel",
        "cavities in the doors",
    ],
    "fuel_tank": ["specially built compartment in the fuel tank", "inside the diesel tank"],
    "cargo": [
        "mixed with a consignment of dry fruit",
        "hidden among sacks of wheat",
        "inside cartons of soap",
        "in a cargo of onions",
        "under a load of fodder",
        "in a container of marble tiles",
    ],
    "baggage": [
        "sewn into the lining of a suitcase",
        "false bottom of a travel bag",
        "inside food packets in the luggage",
        "in shoe soles packed in the baggage",
    ],
    "body": ["strapped to the body", "in a jacket with sewn pockets", "inside the shoes"],
    "ingested": ["capsules swallowed", "pellets swallowed, recovered at hospital"],
    "parcel": [
        "parcel declared as clothes",
        "parcel declared as herbal medicine",
        "inside a book in an express parcel",
        "parcel declared as handicrafts",
    ],
    "other": ["buried in the ground", "hidden in a cave", "under rocks in a dry stream bed"],
}
#: where the place decides the hiding place
SETTING_DETAILS = {
    ("residence", "premises"): [
        "hidden in a room of the house",
        "buried in the courtyard",
        "in a water tank on the roof",
    ],
    ("warehouse", "premises"): ["stored in a locked godown", "among bags of grain in the godown"],
    ("shop", "premises"): ["under the floor of the shop", "behind the shelves of the shop"],
    ("sea", "cargo"): [
        "in sacks in the hold of a fishing boat",
        "in waterproof bags on a speedboat",
        "under the catch in a fishing launch",
    ],
    ("seaport", "cargo"): [
        "in a container declared as rice",
        "in a container of marble tiles",
        "mixed with a consignment of salt",
    ],
    ("warehouse", "cargo"): ["in sacks ready for loading", "in cartons declared as spices"],
}
#: settings where the accused is always caught (the drugs are on him or in his bags)
CAUGHT = ("airport",)
CAUGHT_CONCEALMENTS = ("body", "ingested")

_AIR_DESTINATIONS = ["AE", "SA", "QA", "GB", "MY", "CN", "LK", "AU", "OM", "TR"]
_SEA_DESTINATIONS = ["AE", "OM", "IR", "TZ", "KE", "LK"]
_HANDLING = {"restricted": 0.8, "shared": 0.16, "source_restricted": 0.04}


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` exactly (largest remainders)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    counts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def plan_events(
    rng: random.Random, year: int, count: int, *, late_only: bool = False
) -> list[EventPlan]:
    """``count`` seizure events of ``year``, spread over agencies and dated through the year
    (or its last quarter only), in date order with each agency's record ids in sequence."""
    per_agency = allocate(count, [a.share for a in AGENCIES])
    events: list[EventPlan] = []
    for agency, n in zip(AGENCIES, per_agency, strict=True):
        events.extend(_event(rng, agency, year, late_only) for _ in range(n))
    events.sort(key=lambda e: (e.occurred_at, e.agency))
    sequence: dict[str, int] = {}
    for event in events:
        sequence[event.agency] = sequence.get(event.agency, 0) + 1
        event.record_id = event.record_id.format(n=sequence[event.agency])
    return events


#: operations cluster at dawn and in the evening
_HOURS = [3, 3, 3, 4, 5, 6, 5, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]


def _moment(rng: random.Random, year: int, late_only: bool) -> datetime.datetime:
    start = datetime.date(year, 10, 1) if late_only else datetime.date(year, 1, 1)
    days = (datetime.date(year, 12, 31) - start).days
    day = start + datetime.timedelta(days=rng.randint(0, days))
    hour = rng.choices(range(24), weights=_HOURS)[0]
    return datetime.datetime(
        day.year, day.month, day.day, hour, rng.randrange(0, 60, 5), tzinfo=KARACHI
    )


def _event(rng: random.Random, agency: AgencySpec, year: int, late_only: bool) -> EventPlan:
    codes, weights = agency.weights()
    district = rng.choices(codes, weights=weights)[0]
    setting_name = pick(rng, agency.settings)
    drugs = _drugs(rng, agency, setting_name)
    if drugs[0] == PLANTS:
        setting_name = "field"
    setting = SETTINGS[setting_name]
    site = None
    if setting.sites is not None:
        site = places.pick_site(rng, setting.sites, set(codes))
        district = site.district
    elif setting_name == "sea":
        coast = [s for s in places.COAST if s.district in codes] or places.COAST
        site = rng.choices(coast, weights=[s.weight for s in coast])[0]
        district = site.district
    place_type = setting.place_type
    place = _place(rng, setting_name, district, site)
    if setting_name == "sea" and rng.random() < 0.3:
        place_type = "international_waters"
        place = f"about {rng.randrange(20, 160, 5)} nautical miles off {place.removeprefix('off ')}"
    latitude, longitude = _position(rng, district, site, place_type)
    concealment = pick(rng, setting.concealment)
    size = agency.size * setting.size * rng.lognormvariate(0, 1.2)
    lines = [LinePlan(drug=name, reported_term="", unit="", quantity=Decimal(0)) for name in drugs]
    for index, line in enumerate(lines):
        spec = BY_NAME[line.drug]
        line.unit = pick(rng, spec.units)
        # a liquid is reported as one: "Liquid Amphetamine" in litres, never in kilograms
        liquid = [t for t in spec.terms if t.startswith("Liquid")]
        terms = (
            liquid if line.unit == "L" and liquid else [t for t in spec.terms if t not in liquid]
        )
        term = rng.choice(terms)
        line.explicit_drug = term.endswith("*")
        line.reported_term = term.rstrip("*")
        spread = rng.lognormvariate(0, 0.5) if index else 1.0
        line.quantity = Decimal(repr(round(size * spec.scale * spread, 6)))
    unit = agency.unit_for(district)
    origin, transit, destination = _route(rng, setting_name, drugs, district)
    return EventPlan(
        agency=agency.code,
        record_id=f"{agency.prefix}/{{n:04d}}/{year}",
        occurred_at=_moment(rng, year, late_only),
        district=district,
        province=places.districts()[district].province,
        place=place,
        place_type=place_type,
        transport_mode=pick(rng, setting.transport),
        concealment=concealment,
        concealment_detail=rng.choice(
            SETTING_DETAILS.get((setting_name, concealment))
            or CONCEALMENT_DETAILS.get(concealment, [""])
        ),
        latitude=latitude,
        longitude=longitude,
        handling_code=pick(rng, _HANDLING),
        unit=unit[0] if unit else None,
        lines=lines,
        origin=origin,
        transit=transit,
        destination=destination,
        size=size,
    )


def _drugs(rng: random.Random, agency: AgencySpec, setting: str) -> list[str]:
    weights = {
        spec.name: spec.weight * spec.modifiers.get(setting, 1.0)
        for spec in DRUGS
        if spec.name != PLANTS or (agency.code in PLANT_AGENCIES and setting in _PLANT_SETTINGS)
    }
    if PLANTS in weights:
        weights[PLANTS] *= 4  # where plants are possible at all, they are a real share
    first = pick(rng, weights)
    if first == PLANTS:
        return [first]
    count = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
    chosen = [first]
    for _ in range(count - 1):
        rest = {k: w for k, w in weights.items() if k not in chosen and k != PLANTS and w > 0}
        if rest:
            chosen.append(pick(rng, rest))
    return chosen


_PLANT_SETTINGS = ("border", "residence", "road")


def _position(rng: random.Random, district: str, site: places.Site | None, place_type: str):
    if site is None:
        return places.near_district(rng, district)
    if place_type == "international_waters":
        return places.position(rng, site.latitude - rng.uniform(0.5, 1.2), site.longitude, 0.2)
    if place_type == "territorial_waters":
        return places.position(rng, site.latitude - rng.uniform(0.05, 0.15), site.longitude, 0.08)
    return places.position(rng, site.latitude, site.longitude, 0.004)


def _place(rng: random.Random, setting: str, district: str, site: places.Site | None) -> str:
    name = places.districts()[district].name
    if site is not None:
        return site.name
    roads = places.HIGHWAYS.get(district, [])
    options = {
        "road": [f"the {road} near {name}" for road in roads]
        + [f"a checkpost in {name}", f"the bypass road, {name}", f"a link road near {name}"],
        "border": [
            f"the {name} border area",
            f"the hills near {name}",
            f"a dry river bed near {name}",
        ],
        "residence": [f"a house in {name}", f"a compound on the outskirts of {name}"],
        "warehouse": [f"a warehouse on the outskirts of {name}", f"a godown in {name}"],
        "shop": [f"a shop in {name} bazaar", f"a general store in {name}"],
        "street": [f"a market in {name}", f"the bus stand, {name}", f"a college gate, {name}"],
        "field": [f"a cannabis field near {name}", f"a courtyard in {name}"],
    }
    return rng.choice(options[setting])


def _route(rng: random.Random, setting: str, drugs: list[str], district: str) -> tuple:
    """Origin, transit and destination countries, as an investigating officer would state them."""
    main = drugs[0]
    if main == PLANTS or rng.random() < 0.25:
        return [], [], []
    if main in ("Acetic anhydride", "Hydrochloric acid"):
        return [rng.choice(["CN", "IN", "KR", "DE"])], ["PK"], ["AF"]
    if main in ("Non-specified cocaine-type",):
        return [rng.choice(["BR", "CO", "PE"])], [rng.choice(["ET", "QA", "AE"])], ["PK"]
    if main in ("Non-specified ecstasy-type substances", "MDMA"):
        return [rng.choice(["NL", "BE", "DE", "GB"])], [], ["PK"]
    if main in ("Tramadol", "Diazepam", "Alprazolam", "Ketamine"):
        return [rng.choice(["IN", "CN"])], [], [rng.choice(["PK", "AE", "SA"])]
    origin = ["AF"] if rng.random() < 0.92 else [rng.choice(["IR", "PK"])]
    if setting in ("airport", "postal"):
        return origin, [], [rng.choice(_AIR_DESTINATIONS)]
    if setting in ("sea", "seaport") or district in ("BA-GWD", "BA-LSB", "BA-KCG"):
        transit = ["IR"] if rng.random() < 0.3 else []
        return origin, transit, [rng.choice(_SEA_DESTINATIONS)]
    if district.startswith("BA-") and rng.random() < 0.4:
        return origin, [], ["IR"]
    if district.startswith("SD-KH") and rng.random() < 0.3:
        return origin, [], [rng.choice(_SEA_DESTINATIONS)]
    return origin, [], ["PK"]


def add_partners(rng: random.Random, events: list[EventPlan], share: float) -> None:
    """Make about ``share`` of the events joint operations with one participating agency."""
    for event in events:
        # a partner that works in the district (the Coast Guards take part in Gwadar, not Lahore)
        partners = [
            code
            for code in BY_CODE[event.agency].partners
            if event.district in BY_CODE[code].weights()[0]
        ]
        if partners and rng.random() < share:
            partner = rng.choice(partners)
            credit = Decimal(rng.choice(["0.2", "0.25", "0.3", "0.4", "0.5"]))
            event.participants = [(partner, credit)]


def must_arrest(event: EventPlan) -> bool:
    """Drugs found on a passenger or inside a body come with the person who carried them."""
    return event.place_type in CAUGHT or event.concealment in CAUGHT_CONCEALMENTS
