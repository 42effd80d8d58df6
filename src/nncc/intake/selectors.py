"""Reads of seizures and arrests for pages and the dashboard, always over what the viewer may see.

Totals and counts are correlated subqueries rather than joins with GROUP BY: a seizure with
three drug lines and two arrests would otherwise count each line twice. A page of rows costs the
same few queries whatever its length (the list tests hold it to that).
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.db.models.query import QuerySet
from django.http import Http404

from nncc.intake.models import Arrest, DrugLine, ImportJob, Participation, SeizureEvent
from nncc.kernel.access import own_agency_only, visible_to
from nncc.registry.models import Person

_KG = DecimalField(max_digits=18, decimal_places=6)


def _scalar(queryset: QuerySet, aggregate: Any, output_field: Any) -> Any:
    """A correlated subquery returning one aggregate of ``queryset`` (already filtered)."""
    return Subquery(
        queryset.order_by().values("event").annotate(value=aggregate).values("value")[:1],
        output_field=output_field,
    )


def seizure_rows(user: Any) -> QuerySet[SeizureEvent]:
    """Seizure events ``user`` may see, with what a table row shows: agency, district, drug lines
    and their drugs, total kg-equivalent, the number of arrests he may see, whether joint."""
    lines = DrugLine.objects.filter(event=OuterRef("pk"))
    # A Q object, as the type checker reads ``Arrest.objects`` as the abstract base's manager.
    arrests = visible_to(Arrest.objects.filter(Q(event=OuterRef("pk"))), user)
    return (
        SeizureEvent.objects.visible_to(user)
        .select_related("agency", "district")
        .annotate(
            total_kg=_scalar(lines, Sum("kg_equivalent"), _KG),
            arrest_count=Coalesce(_scalar(arrests, Count("pk"), IntegerField()), 0),
            is_joint_event=Exists(Participation.objects.filter(event=OuterRef("pk"))),
        )
        .prefetch_related(
            Prefetch("drug_lines", queryset=DrugLine.objects.select_related("drug").order_by("id"))
        )
    )


def seizure_detail(user: Any) -> QuerySet[SeizureEvent]:
    """The queryset a seizure's page fetches its one event from (with ``access_object``)."""
    return (
        SeizureEvent.objects.visible_to(user)
        .select_related("agency", "district", "unit", "created_by")
        .prefetch_related(
            Prefetch("drug_lines", queryset=DrugLine.objects.select_related("drug").order_by("id")),
            "route_countries",
            Prefetch("participations", queryset=Participation.objects.select_related("agency")),
        )
    )


def arrest_rows(user: Any) -> QuerySet[Arrest]:
    """Arrests ``user`` may see. A person or event he may not see is flagged, never shown: an
    arrest can be shared while the person's record is not."""
    return (
        Arrest.objects.visible_to(user)
        .select_related("person", "agency", "district", "event", "event__agency")
        .annotate(
            person_visible=Exists(
                visible_to(Person.objects.filter(pk=OuterRef("person_id")), user)
            ),
            event_visible=Exists(
                visible_to(SeizureEvent.objects.filter(pk=OuterRef("event_id")), user)
            ),
        )
    )


def import_jobs(user: Any) -> QuerySet[ImportJob]:
    """Import jobs ``user`` may read: his own agency's only, newest first. A job's rejected rows
    never became records and carry no handling code, so no other agency reads them, the centre
    included (``kernel.access.own_agency_only``)."""
    return own_agency_only(ImportJob.objects.all(), user).select_related(
        "agency", "created_by", "profile"
    )


def import_job(user: Any, pk: Any) -> ImportJob:
    """One job ``user`` may read, or 404, the same answer for missing and another agency's."""
    try:
        return import_jobs(user).get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such import.") from exc
