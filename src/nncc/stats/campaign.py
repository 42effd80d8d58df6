"""The campaign report: the headline figures of one year, computed from the records.

Every figure is a database aggregate over records of one calendar year (Pakistan time), with
the counting rules stated in the report itself, so a minister's "134 tonnes, 2,001 suspects,
$12.8 billion, 40,659 acres" can be traced to the seizures, arrests and fields behind it.

The same function serves the CLI (``nncc report campaign``), the web dashboard and the API:
``user=None`` gives the national picture; with a user every count is limited to what that user
may see.

Drugs and precursor chemicals are counted apart, as ANF's releases and UNODC's seizure totals
report them: ``seized_kg`` and ``value_usd`` are drugs only, and the chemicals (in litres, mostly)
have their own figures, ``precursors_kg_equivalent`` and ``precursors_by_chemical``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from nncc.intake.vocabularies import OffenceCategory
from nncc.kernel.access import viewer_for
from nncc.kernel.audit import audit_read
from nncc.kernel.models import AuditAction
from nncc.reference.geography import PAKISTAN, country_name, provinces
from nncc.reference.models import DrugGroup, PriceLevel, PriceMarket
from nncc.reference.units import Unit
from nncc.stats import selectors

PRICE_MARKET = PriceMarket.INTERNATIONAL.value
PRICE_LEVEL = PriceLevel.WHOLESALE.value
AFGHANISTAN = "AF"
#: where the Afghan illegal-stay figure is counted (the provinces of the campaign's statement)
ILLEGAL_STAY_PROVINCES = ("PK-BA", "PK-KP", "PK-SD")
HECTARES_PER_ACRE = Decimal("0.404686")

_KG = Decimal("0.001")
_USD = Decimal("1")
_AREA = Decimal("0.01")
#: units a precursor is reported in, as litres or as kilograms
_AS_LITRES = {Unit.L.value: Decimal(1), Unit.ML.value: Decimal("0.001")}
_AS_KG = {Unit.KG.value: Decimal(1), Unit.G.value: Decimal("0.001"), Unit.MG.value: Decimal("1e-6")}


def _kg(value: Decimal | None) -> float:
    return float((value or Decimal(0)).quantize(_KG, rounding=ROUND_HALF_UP))


def _usd(value: Decimal | None) -> int:
    return int((value or Decimal(0)).quantize(_USD, rounding=ROUND_HALF_UP))


def _area(value: Decimal | None) -> float:
    return float((value or Decimal(0)).quantize(_AREA, rounding=ROUND_HALF_UP))


def _decimal(value: Any) -> Decimal:
    """Aggregates come back as Decimal (PostgreSQL) or float-backed Decimal (SQLite)."""
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def campaign_report(
    *, year: int | None = None, user: Any = None, audit: bool = True
) -> dict[str, Any]:
    """The campaign figures of ``year`` (default: the latest year with seizure events).

    Each report is audited as a read of the figures; ``audit=False`` is for the headline cards
    of the dashboard, which would otherwise write an audit entry on every page load.
    """
    if year is None:
        year = selectors.latest_seizure_year(user) or timezone.localdate().year
    figures: dict[str, Any] = {
        "year": year,
        "period": {
            "from": f"{year}-01-01",
            "to": f"{year}-12-31",
            "time_zone": str(selectors.PAKISTAN_TIME),
        },
        **_scope(user),
    }
    figures.update(_seizures(year, user))
    figures.update(_precursors(year, user))
    figures.update(_arrests(year, user))
    figures.update(_eradication(year, user))
    figures["counting_rules"] = counting_rules(year, national=user is None)
    if audit:
        audit_read(
            actor=user,
            action=AuditAction.REPORT,
            target_type="stats.campaign",
            target_label=f"Campaign report {year}",
            detail={"year": year, "scope": figures["scope"]},
        )
    return figures


def _scope(user: Any) -> dict[str, Any]:
    if user is None:
        return {"scope": "national", "viewer": None}
    viewer = viewer_for(user)
    return {
        "scope": "viewer",
        "viewer": {"username": getattr(user, "username", ""), "agency": viewer.agency_code},
    }


def _seizures(year: int, user: Any) -> dict[str, Any]:
    events = selectors.seizure_events(year, user)
    every_line = selectors.drug_lines(year, user)
    lines = selectors.narcotic_lines(every_line)

    by_drug_rows = list(
        lines.filter(kg_equivalent__isnull=False)
        .values("drug_id", "drug__name", "drug__group")
        .annotate(kg=Sum("kg_equivalent"), lines=Count("id"), events=Count("event", distinct=True))
        .order_by("drug__name")
    )
    prices = selectors.prices_for(
        [row["drug_id"] for row in by_drug_rows],
        year=year,
        market=PRICE_MARKET,
        level=PRICE_LEVEL,
    )
    total_kg = Decimal(0)
    total_usd = Decimal(0)
    unpriced_kg = Decimal(0)
    by_group: dict[str, Decimal] = defaultdict(Decimal)
    by_drug: list[dict[str, Any]] = []
    for row in by_drug_rows:
        kg = _decimal(row["kg"])
        total_kg += kg
        by_group[row["drug__group"]] += kg
        price = prices.get(row["drug_id"])
        value = kg * price.usd_per_kg if price else None
        if value is None:
            unpriced_kg += kg
        else:
            total_usd += value
        by_drug.append(
            {
                "drug": row["drug__name"],
                "group": row["drug__group"],
                "kg": _kg(kg),
                "lines": row["lines"],
                "events": row["events"],
                "usd_per_kg": float(price.usd_per_kg) if price else None,
                "price_year": price.year if price else None,
                "value_usd": _usd(value) if value is not None else None,
            }
        )
    by_drug.sort(key=lambda item: (-item["kg"], item["drug"]))

    by_province = {
        row["event__province"]: _kg(_decimal(row["kg"]))
        for row in lines.filter(kg_equivalent__isnull=False)
        .values("event__province")
        .annotate(kg=Sum("kg_equivalent"))
        .order_by("event__province")
    }
    unconverted = [
        {
            "drug": row["drug__name"],
            "unit": row["unit"],
            "quantity": _kg(_decimal(row["quantity"])),
            "lines": row["lines"],
            "events": row["events"],
        }
        for row in every_line.filter(kg_equivalent__isnull=True)
        .values("drug__name", "unit")
        .annotate(quantity=Sum("quantity"), lines=Count("id"), events=Count("event", distinct=True))
        .order_by("drug__name", "unit")
    ]
    return {
        "seizure_events": events.count(),
        "joint_events": selectors.joint_only(events).count(),
        "seized_kg": _kg(total_kg),
        "seized_kg_by_group": {
            group: _kg(kg) for group, kg in sorted(by_group.items(), key=lambda item: -item[1])
        },
        "seized_kg_by_drug": by_drug,
        "seized_kg_by_province": by_province,
        "unconverted": unconverted,
        "value_usd": _usd(total_usd),
        "unpriced_kg": _kg(unpriced_kg),
        "unpriced_drugs": sorted(item["drug"] for item in by_drug if item["value_usd"] is None),
        "price_basis": _price_basis(year, prices.values()),
    }


def _precursors(year: int, user: Any) -> dict[str, Any]:
    """Precursor chemicals, apart from the drugs: as reported (litres, kilograms) and in
    kg-equivalent; never in ``seized_kg`` nor valued."""
    lines = selectors.precursor_lines(selectors.drug_lines(year, user))
    chemicals = {
        row["drug__name"]: {
            "chemical": row["drug__name"],
            "litres": Decimal(0),
            "kg": Decimal(0),
            "kg_equivalent": _decimal(row["kg"]),
            "lines": row["lines"],
            "events": row["events"],
        }
        for row in lines.values("drug__name")
        .annotate(kg=Sum("kg_equivalent"), lines=Count("id"), events=Count("event", distinct=True))
        .order_by("drug__name")
    }
    for row in lines.values("drug__name", "unit").annotate(quantity=Sum("quantity")).order_by():
        chemical = chemicals[row["drug__name"]]
        quantity = _decimal(row["quantity"])
        if row["unit"] in _AS_LITRES:
            chemical["litres"] += quantity * _AS_LITRES[row["unit"]]
        elif row["unit"] in _AS_KG:
            chemical["kg"] += quantity * _AS_KG[row["unit"]]
    total = sum((chemical["kg_equivalent"] for chemical in chemicals.values()), Decimal(0))
    by_chemical = [
        {
            **chemical,
            "litres": _kg(chemical["litres"]),
            "kg": _kg(chemical["kg"]),
            "kg_equivalent": _kg(chemical["kg_equivalent"]),
        }
        for chemical in chemicals.values()
    ]
    by_chemical.sort(key=lambda item: (-item["kg_equivalent"], item["chemical"]))
    return {
        "precursor_events": lines.values("event").distinct().count(),
        "precursors_kg_equivalent": _kg(total),
        "precursors_by_chemical": by_chemical,
    }


def _price_basis(year: int, used: Any) -> dict[str, Any]:
    used = sorted(used, key=lambda price: price.drug.name)
    return {
        "market": PRICE_MARKET,
        "level": PRICE_LEVEL,
        "year": year,
        "years_used": sorted({price.year for price in used}),
        "source": "; ".join(sorted({price.source for price in used})),
        "earlier_year_prices": [
            {"drug": price.drug.name, "price_year": price.year}
            for price in used
            if price.year != year
        ],
    }


def _arrests(year: int, user: Any) -> dict[str, Any]:
    arrests = selectors.arrests(year, user)
    narcotics = Q(offence_category=OffenceCategory.NARCOTICS)
    foreign = narcotics & ~Q(nationality_at_arrest=PAKISTAN)
    illegal_stay = Q(offence_category=OffenceCategory.ILLEGAL_STAY)
    afghan_illegal_stay = (
        illegal_stay & Q(nationality_at_arrest=AFGHANISTAN) & Q(province__in=ILLEGAL_STAY_PROVINCES)
    )
    counts = arrests.aggregate(
        suspects=Count("id", filter=narcotics),
        foreigners=Count("id", filter=foreign),
        women=Count("id", filter=narcotics & Q(person__sex="F")),
        illegal_stay=Count("id", filter=illegal_stay),
        afghan_illegal_stay=Count("id", filter=afghan_illegal_stay),
    )
    nationalities = {
        row["nationality_at_arrest"]: row["n"]
        for row in arrests.filter(foreign)
        .values("nationality_at_arrest")
        .annotate(n=Count("id"))
        .order_by("-n", "nationality_at_arrest")
    }
    afghan_by_province = {
        row["province"]: row["n"]
        for row in arrests.filter(afghan_illegal_stay)
        .values("province")
        .annotate(n=Count("id"))
        .order_by("province")
    }
    return {
        "suspects_arrested": counts["suspects"],
        "foreigners_arrested": counts["foreigners"],
        "foreigners_by_nationality": nationalities,
        "women_arrested": counts["women"],
        "illegal_stay_arrested": counts["illegal_stay"],
        "afghan_nationals_arrested_illegal_stay": counts["afghan_illegal_stay"],
        "afghan_illegal_stay_by_province": afghan_by_province,
    }


def _eradication(year: int, user: Any) -> dict[str, Any]:
    records = selectors.eradication_records(year, user)
    totals = records.aggregate(acres=Sum("acres"), n=Count("id"))
    acres = _decimal(totals["acres"])
    by_crop = {
        row["crop"]: _area(_decimal(row["acres"]))
        for row in records.values("crop").annotate(acres=Sum("acres")).order_by("crop")
    }
    return {
        "acres_cleared": _area(acres),
        "hectares_cleared": _area(acres * HECTARES_PER_ACRE),
        "acres_cleared_by_crop": by_crop,
        "eradication_records": totals["n"],
    }


def counting_rules(year: int, *, national: bool) -> list[str]:
    """The rules applied, in words a reader of the figures can check them against."""
    provinces_named = ", ".join(provinces()[code] for code in ILLEGAL_STAY_PROVINCES)
    return [
        f"Period: calendar year {year} in Pakistan time (Asia/Karachi) — seizures by date of "
        "seizure, arrests by date of arrest, eradication by date cleared.",
        (
            "Scope: every record of every agency (the national picture)."
            if national
            else "Scope: only the records this user may see; other agencies' restricted records "
            "count only where his agency took part, and source-restricted records never."
        ),
        "Each seizure event is counted once: a joint seizure is one record of its lead agency "
        "with participating agencies, never one record per agency. An event that seized only "
        "precursor chemicals is a seizure event too.",
        "Drugs and precursor chemicals are counted apart, as ANF's releases and UNODC's seizure "
        "totals report them. Kilograms seized and their value are drugs only: every UNODC drug "
        "group except precursors.",
        "Kilograms are the sum of each drug line's kg-equivalent, derived at intake with UNODC's "
        "rules: bulk weight without purity adjustment, 1 litre = 1 kg, tablets at the drug's "
        "assumed tablet weight unless a measured weight was reported.",
        "Precursor chemicals (acetic anhydride, hydrochloric acid, sulphuric acid and the like) "
        "are shown on their own, by chemical: litres and kilograms as reported, and their "
        "kg-equivalent (1 litre = 1 kg). They are neither added to the kilograms seized nor "
        "valued.",
        "Lines with no kg-equivalent (plants, tablets of a drug with no assumed weight) add "
        "nothing to any kilograms; they are listed under 'unconverted' by drug and unit.",
        f"Value: kg-equivalent × US$ per kg from the price table, market "
        f"{PRICE_MARKET}, level {PRICE_LEVEL}, year {year}; a drug without a {year} price "
        "takes its latest earlier price (named under price_basis); a drug with no price adds "
        "nothing and its kilograms are shown as 'unpriced_kg'.",
        "Suspects arrested: arrests with offence category narcotics; each arrest counts, so a "
        "person arrested twice counts twice. Foreigners: those whose nationality at arrest is "
        "not Pakistani.",
        f"Afghan nationals arrested for illegal stay: arrests with offence category illegal "
        f"stay and nationality at arrest Afghanistan, in {provinces_named}.",
        "Acres cleared: sum of the acres of the year's eradication records (opium poppy and "
        "cannabis); 1 acre = 0.404686 hectares.",
    ]


def _number(value: float | int) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def render_campaign_text(figures: dict[str, Any]) -> str:
    """The report as plain text for a terminal or an e-mail."""
    scope = (
        "national picture, all agencies"
        if figures["scope"] == "national"
        else f"as seen by {figures['viewer']['username']} ({figures['viewer']['agency']})"
    )
    groups = dict(DrugGroup.choices)
    out = [
        f"Campaign report {figures['year']} — {scope}",
        "",
        f"  Narcotics seized           {_number(figures['seized_kg'])} kg in "
        f"{figures['seizure_events']:,} seizure events "
        f"({figures['joint_events']:,} joint, each counted once)",
        f"  Value (international)      US$ {figures['value_usd']:,}",
        f"  Suspects arrested          {figures['suspects_arrested']:,}, of whom "
        f"{_count(figures['foreigners_arrested'], 'foreigner', 'foreigners')} and "
        f"{_count(figures['women_arrested'], 'woman', 'women')}",
        f"  Afghan nationals arrested  {figures['afghan_nationals_arrested_illegal_stay']:,} "
        "for illegal stay (Balochistan, Khyber Pakhtunkhwa, Sindh)",
        f"  Poppy and cannabis cleared {_number(figures['acres_cleared'])} acres "
        f"({_number(figures['hectares_cleared'])} ha) in "
        f"{figures['eradication_records']:,} records",
        f"  Precursor chemicals        {_number(figures['precursors_kg_equivalent'])} "
        f"kg-equivalent in {figures['precursor_events']:,} seizure events, "
        "not in the drug total",
        "",
        "By drug group (kg)",
    ]
    out += [
        f"  {groups.get(group, group):<58} {_number(kg):>14}"
        for group, kg in figures["seized_kg_by_group"].items()
    ]
    out += ["", "By drug (kg, US$)"]
    for item in figures["seized_kg_by_drug"]:
        value = "no price" if item["value_usd"] is None else f"{item['value_usd']:,}"
        out.append(f"  {item['drug']:<44} {_number(item['kg']):>14} {value:>18}")
    if figures["precursors_by_chemical"]:
        out += ["", "Precursor chemicals, apart from the drugs (as reported; kg-equivalent)"]
        out += [
            f"  {item['chemical']:<30} {_number(item['litres']):>12} L {_number(item['kg']):>12} kg"
            f" {_number(item['kg_equivalent']):>14} kg-eq."
            for item in figures["precursors_by_chemical"]
        ]
    if figures["foreigners_by_nationality"]:
        out += ["", "Foreigners arrested by nationality"]
        out += [
            f"  {country_name(code):<30} {count:>6,}"
            for code, count in figures["foreigners_by_nationality"].items()
        ]
    if figures["unconverted"]:
        out += ["", "Not converted to kg (counted, not weighed)"]
        out += [
            f"  {item['drug']:<44} {_number(item['quantity']):>14} {item['unit']} "
            f"in {item['lines']:,} lines"
            for item in figures["unconverted"]
        ]
    if figures["unpriced_kg"]:
        out += [
            "",
            f"No price for {_number(figures['unpriced_kg'])} kg "
            f"({', '.join(figures['unpriced_drugs'])}); not valued.",
        ]
    basis = figures["price_basis"]
    out += [
        "",
        f"Prices: {basis['market']} {basis['level']} {basis['year']} — "
        f"{basis['source'] or 'no prices found'}",
    ]
    out += [
        f"  {item['drug']}: {item['price_year']} price (none for {basis['year']})"
        for item in basis["earlier_year_prices"]
    ]
    out += ["", "Counting rules"]
    out += [f"  - {rule}" for rule in figures["counting_rules"]]
    return "\n".join(out)
