"""Reads behind the statistics: records of one calendar year, as the viewer may see them.

``user=None`` is the national picture an operator computes on the server (every record of every
agency); any other value, including an anonymous user, goes through ``visible_to`` so a figure
never counts a record its reader could not open.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, Max, Model, OuterRef, QuerySet

from nncc.eradication.models import EradicationRecord
from nncc.intake.models import Arrest, DrugLine, Participation, SeizureEvent
from nncc.reference.models import DrugGroup, PriceEntry

#: calendar years are Pakistan's: a seizure at 02:00 on 1 January local time belongs to that year
PAKISTAN_TIME = ZoneInfo("Asia/Karachi")


def scoped(model: type[Model], user: Any) -> QuerySet:
    """All rows of a model for the national picture, else what ``user`` may see."""
    manager = model._default_manager
    return manager.all() if user is None else manager.visible_to(user)  # type: ignore[attr-defined]


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """Start (inclusive) and end (exclusive) of a calendar year in Pakistan time."""
    start = datetime.datetime(year, 1, 1, tzinfo=PAKISTAN_TIME)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=PAKISTAN_TIME)


def latest_seizure_year(user: Any) -> int | None:
    """The latest calendar year (Pakistan time) in which the viewer sees a seizure event."""
    latest = scoped(SeizureEvent, user).aggregate(latest=Max("occurred_at"))["latest"]
    return latest.astimezone(PAKISTAN_TIME).year if latest else None


def seizure_events(year: int, user: Any) -> QuerySet[SeizureEvent]:
    start, end = year_bounds(year)
    return scoped(SeizureEvent, user).filter(occurred_at__gte=start, occurred_at__lt=end)


def joint_only(events: QuerySet[SeizureEvent]) -> QuerySet[SeizureEvent]:
    """Events with at least one participating agency (an EXISTS, so no row is repeated)."""
    return events.filter(Exists(Participation.objects.filter(event=OuterRef("pk"))))


def drug_lines(year: int, user: Any) -> QuerySet[DrugLine]:
    """Drug lines of the year's seizure events; each line belongs to exactly one event, so a
    joint event's lines are summed once whoever took part."""
    start, end = year_bounds(year)
    return scoped(DrugLine, user).filter(event__occurred_at__gte=start, event__occurred_at__lt=end)


def narcotic_lines(lines: QuerySet[DrugLine]) -> QuerySet[DrugLine]:
    """The lines of drugs: every UNODC group except precursor chemicals."""
    return lines.exclude(drug__group=DrugGroup.PRECURSORS)


def precursor_lines(lines: QuerySet[DrugLine]) -> QuerySet[DrugLine]:
    """The lines of precursor chemicals (acetic anhydride, hydrochloric acid, ...)."""
    return lines.filter(drug__group=DrugGroup.PRECURSORS)


def arrests(year: int, user: Any) -> QuerySet[Arrest]:
    return scoped(Arrest, user).filter(
        arrested_on__gte=datetime.date(year, 1, 1), arrested_on__lt=datetime.date(year + 1, 1, 1)
    )


def eradication_records(year: int, user: Any) -> QuerySet[EradicationRecord]:
    return scoped(EradicationRecord, user).filter(
        cleared_on__gte=datetime.date(year, 1, 1), cleared_on__lt=datetime.date(year + 1, 1, 1)
    )


def prices_for(drug_ids: list[int], *, year: int, market: str, level: str) -> dict[int, PriceEntry]:
    """Per drug, the price of ``year`` or, failing that, the latest earlier year's.

    Prices are reference data visible to everyone; a later year's price is never used for an
    earlier year's seizures.
    """
    chosen: dict[int, PriceEntry] = {}
    rows = (
        PriceEntry.objects.filter(drug_id__in=drug_ids, market=market, level=level, year__lte=year)
        .select_related("drug")
        .order_by("drug_id", "-year")
    )
    for row in rows:
        chosen.setdefault(row.drug_id, row)
    return chosen
