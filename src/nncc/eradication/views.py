"""Eradication pages: fields of poppy and cannabis cleared, and the acres they add up to."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from nncc.eradication import services
from nncc.eradication.filtersets import EradicationFilterSet
from nncc.eradication.forms import EradicationForm
from nncc.eradication.models import EradicationRecord
from nncc.kernel.access import access_object, require_write
from nncc.kernel.forms import add_service_errors
from nncc.kernel.listing import ListSpec, render_list
from nncc.kernel.pages import confirm_delete
from nncc.kernel.rows import filtered_queryset

HECTARES_PER_ACRE = Decimal("0.404686")

RECORD_LIST = ListSpec(
    template="eradication/record_list.html",
    results_template="eradication/_record_results.html",
    filterset_class=EradicationFilterSet,
    sort_fields={
        "cleared": "cleared_on",
        "district": "district__name",
        "crop": "crop",
        "acres": "acres",
        "agency": "agency__code",
    },
    default_sort="-cleared",
    target_type="eradication.eradicationrecord",
)


def _records(request: HttpRequest) -> QuerySet[EradicationRecord]:
    return EradicationRecord.objects.visible_to(request.user).select_related("agency", "district")


@login_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    records = _records(request)
    # The total covers exactly the rows the list shows: the same visible, filtered set.
    totals = filtered_queryset(request, EradicationFilterSet, records).aggregate(
        acres=Sum("acres"), records=Count("pk")
    )
    acres = totals["acres"] or Decimal(0)
    context = {
        "total_acres": acres,
        "total_hectares": (acres * HECTARES_PER_ACRE).quantize(Decimal("0.01")),
        "total_records": totals["records"],
    }
    return render_list(request, RECORD_LIST, records, context)


@login_required
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_object(_records(request), user=request.user, pk=pk)
    return render(request, "eradication/record_detail.html", {"record": record, "object": record})


def _save(
    request: HttpRequest, form: EradicationForm, record: EradicationRecord | None
) -> EradicationRecord | None:
    if not form.is_valid():
        return None
    try:
        if record is None:
            return services.eradication_record(
                acting_user=request.user, data=form.eradication_data()
            )
        return services.eradication_update(
            acting_user=request.user, record=record, data=form.eradication_data()
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest) -> HttpResponse:
    require_write(request.user)
    form = EradicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (record := _save(request, form, None)):
        messages.success(request, f"Recorded {record}.")
        return redirect("eradication:record_detail", pk=record.pk)
    context = {
        "form": form,
        "record": None,
        "cancel_url": reverse("eradication:record_list"),
        "submit_label": "Record clearance",
    }
    return render(request, "eradication/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_object(_records(request), user=request.user, pk=pk)
    require_write(request.user, record.agency_id)
    data = request.POST if request.method == "POST" else None
    form = EradicationForm(data, initial=EradicationForm.initial_for(record))
    if request.method == "POST" and _save(request, form, record):
        messages.success(request, f"Saved {record}.")
        return redirect("eradication:record_detail", pk=record.pk)
    context = {
        "form": form,
        "record": record,
        "cancel_url": reverse("eradication:record_detail", args=[record.pk]),
        "submit_label": "Save changes",
    }
    return render(request, "eradication/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_object(_records(request), user=request.user, pk=pk)
    return confirm_delete(
        request,
        obj=record,
        delete=lambda: services.eradication_delete(acting_user=request.user, record=record),
        object_kind="eradication record",
        success_url=reverse("eradication:record_list"),
        cancel_url=reverse("eradication:record_detail", args=[record.pk]),
        list_url=reverse("eradication:record_list"),
        list_label="Eradication",
    )
