"""Seizure pages: list, detail, report (create), edit, delete."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from nncc.intake import selectors, services
from nncc.intake.filtersets import SeizureFilterSet
from nncc.intake.forms import SeizureForms, known_drug_terms
from nncc.intake.models import SeizureEvent
from nncc.intake.vocabularies import RouteRole
from nncc.kernel.access import access_object, require_write
from nncc.kernel.listing import ListSpec, render_list
from nncc.kernel.pages import confirm_delete

SEIZURE_LIST = ListSpec(
    template="intake/seizure_list.html",
    results_template="intake/_seizure_results.html",
    filterset_class=SeizureFilterSet,
    sort_fields={
        "date": "occurred_at",
        "agency": "agency__code",
        "province": "province",
        "total_kg": "total_kg",
    },
    default_sort="-date",
    target_type="intake.seizureevent",
)


@login_required
@require_GET
def seizure_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, SEIZURE_LIST, selectors.seizure_rows(request.user))


@login_required
@require_GET
def seizure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = access_object(selectors.seizure_detail(request.user), user=request.user, pk=pk)
    partners = list(event.participations.all())
    lines = list(event.drug_lines.all())
    context = {
        "event": event,
        "object": event,
        "lines": lines,
        "total_kg": sum((line.kg_equivalent or Decimal(0) for line in lines), Decimal(0)),
        "route": [(label, event.route(role)) for role, label in RouteRole.choices],
        "partners": partners,
        "lead_share": Decimal(1) - sum((p.credit_share for p in partners), Decimal(0)),
        "arrests": selectors.arrest_rows(request.user).filter(event=event),
    }
    return render(request, "intake/seizure_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def seizure_create(request: HttpRequest) -> HttpResponse:
    return _seizure_form_page(request, event=None)


@login_required
@require_http_methods(["GET", "POST"])
def seizure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = access_object(
        SeizureEvent.objects.select_related("agency", "district"), user=request.user, pk=pk
    )
    return _seizure_form_page(request, event=event)


def _seizure_form_page(request: HttpRequest, *, event: SeizureEvent | None) -> HttpResponse:
    viewer = require_write(request.user, event.agency_id if event else None)
    forms = SeizureForms(
        request.POST if request.method == "POST" else None, viewer=viewer, event=event
    )
    if request.method == "POST" and forms.is_valid():
        try:
            if event is None:
                saved = services.seizure_record(
                    acting_user=request.user, data=forms.data_for_service()
                )
            else:
                saved = services.seizure_update(
                    acting_user=request.user, event=event, data=forms.data_for_service()
                )
        except ValidationError as error:
            forms.add_service_errors(error)
        else:
            verb = "Reported" if event is None else "Saved"
            messages.success(request, f"{verb} seizure {saved.agency_record_id}.")
            return redirect("intake:seizure_detail", pk=saved.pk)
    context = {
        "forms": forms,
        "form": forms.form,
        "event": event,
        "drug_terms": known_drug_terms(),
        "cancel_url": reverse("intake:seizure_detail", args=[event.pk])
        if event
        else reverse("intake:seizure_list"),
    }
    return render(request, "intake/seizure_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def seizure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = access_object(SeizureEvent.objects.select_related("agency"), user=request.user, pk=pk)
    arrests = event.arrests.count()
    consequences = ["Its drug lines, route and partner agencies go with it."]
    if arrests:
        consequences.append(
            f"The {arrests} arrest{'s' if arrests != 1 else ''} recorded in this seizure "
            f"{'are' if arrests != 1 else 'is'} deleted too (the persons stay in the registry)."
        )
    return confirm_delete(
        request,
        obj=event,
        delete=lambda: services.seizure_delete(acting_user=request.user, event=event),
        object_kind="seizure",
        success_url=reverse("intake:seizure_list"),
        cancel_url=reverse("intake:seizure_detail", args=[event.pk]),
        list_url=reverse("intake:seizure_list"),
        list_label="Seizures",
        consequences=consequences,
    )
