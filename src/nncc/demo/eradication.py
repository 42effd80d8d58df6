"""Planning the demo's eradication records: poppy and cannabis fields cleared, summing exactly
to the campaign's acres."""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from nncc.demo import places
from nncc.demo.catalogue import AGENCIES, BY_CODE
from nncc.demo.plan import EradicationPlan
from nncc.demo.seizures import allocate

_HALF = Decimal("0.5")
#: where poppy is grown and cleared (Balochistan's north and west, Khyber Pakhtunkhwa's tribal
#: districts) and where cannabis is
POPPY = {
    "BA-KAF": 8,
    "BA-PSN": 6,
    "BA-LRL": 5,
    "BA-KSF": 5,
    "BA-ZHB": 4,
    "BA-WSK": 4,
    "BA-KRN": 3,
    "BA-MST": 2,
    "BA-KLT": 1,
    "KP-KHY": 6,
    "KP-BJR": 4,
    "KP-MHD": 4,
    "KP-ORK": 3,
    "KP-DRU": 3,
    "KP-DRL": 2,
    "KP-KRM": 2,
    "KP-BNR": 1,
}
CANNABIS = {"KP-KHY": 5, "KP-ORK": 4, "KP-KRM": 2, "KP-MHD": 1}
_PLACES = ["village near {d}", "valley fields, {d}", "{d} foothills", "farmland east of {d}"]


def _round_half(value: Decimal) -> Decimal:
    return (value / _HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP) * _HALF


def plan_eradication(
    rng: random.Random, year: int, count: int, acres: Decimal | None
) -> list[EradicationPlan]:
    """``count`` records of ``year``; with ``acres``, their areas add up to exactly that."""
    eradicators = [a for a in AGENCIES if a.eradicates]
    per_agency = allocate(count, [a.eradicates for a in eradicators])
    records: list[EradicationPlan] = []
    sizes: list[float] = []
    for agency, n in zip(eradicators, per_agency, strict=True):
        operating = set(agency.weights()[0])
        for _ in range(n):
            crop = "cannabis" if rng.random() < 0.15 else "opium_poppy"
            grown = CANNABIS if crop == "cannabis" else POPPY
            fields = {d: w for d, w in grown.items() if d in operating} or grown
            district = rng.choices(list(fields), list(fields.values()))[0]
            latitude, longitude = places.near_district(rng, district, 0.2)
            records.append(
                EradicationPlan(
                    agency=agency.code,
                    record_id="",
                    cleared_on=_season(rng, year, crop, district),
                    province=places.districts()[district].province,
                    district=district,
                    place=rng.choice(_PLACES).format(d=places.districts()[district].name),
                    crop=crop,
                    acres=Decimal(0),
                    latitude=latitude,
                    longitude=longitude,
                    handling_code=rng.choices(["shared", "restricted"], [8, 2])[0],
                )
            )
            sizes.append(rng.lognormvariate(0, 1.0))
    scale = float(acres) / sum(sizes) if acres else 60.0
    for record, size in zip(records, sizes, strict=True):
        record.acres = max(_HALF, _round_half(Decimal(repr(round(size * scale, 4)))))
    if acres:
        largest = max(records, key=lambda r: r.acres)
        largest.acres += acres - sum((r.acres for r in records), Decimal(0))
        assert largest.acres > 0
    records.sort(key=lambda r: (r.cleared_on, r.agency))
    sequence: dict[str, int] = {}
    for record in records:
        sequence[record.agency] = sequence.get(record.agency, 0) + 1
        record.record_id = (
            f"{BY_CODE[record.agency].prefix}/ER/{year}/{sequence[record.agency]:04d}"
        )
    return records


def _season(rng: random.Random, year: int, crop: str, district: str) -> datetime.date:
    """Poppy is cleared before the spring harvest (and in Balochistan's autumn drive), cannabis
    in the summer."""
    if crop == "cannabis":
        start, days = datetime.date(year, 6, 1), 110
    elif district.startswith("BA-") and rng.random() < 0.25:
        start, days = datetime.date(year, 9, 10), 70
    else:
        start, days = datetime.date(year, 1, 15), 105
    return start + datetime.timedelta(days=rng.randint(0, days))
