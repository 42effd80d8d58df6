"""Arrest pages: list, detail, record (create, optionally in a seizure), edit, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from nncc.intake import selectors, services
from nncc.intake.filtersets import ArrestFilterSet
from nncc.intake.forms import (
    PERSON_ERROR_FIELDS,
    ArrestForms,
    arrest_initial,
    arrest_initial_from_event,
)
from nncc.intake.models import Arrest, SeizureEvent
from nncc.intake.vocabularies import CHARGE_CHOICES
from nncc.kernel.access import Viewer, access_object, require_write
from nncc.kernel.forms import add_service_errors
from nncc.kernel.listing import ListSpec, render_list
from nncc.kernel.pages import confirm_delete
from nncc.registry.services import person_record

ARREST_LIST = ListSpec(
    template="intake/arrest_list.html",
    results_template="intake/_arrest_results.html",
    filterset_class=ArrestFilterSet,
    sort_fields={
        "date": "arrested_on",
        "nationality": "nationality_at_arrest",
        "offence": "offence_category",
        "province": "province",
        "agency": "agency__code",
    },
    default_sort="-date",
    target_type="intake.arrest",
)


@login_required
@require_GET
def arrest_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, ARREST_LIST, selectors.arrest_rows(request.user))


@login_required
@require_GET
def arrest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    arrest = access_object(selectors.arrest_rows(request.user), user=request.user, pk=pk)
    labels = dict(CHARGE_CHOICES)
    charges = [(code, labels.get(code, code)) for code in arrest.charges]
    context = {"arrest": arrest, "object": arrest, "charges": charges}
    return render(request, "intake/arrest_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def arrest_create(request: HttpRequest) -> HttpResponse:
    viewer = require_write(request.user)
    return _arrest_form_page(
        request, viewer=viewer, arrest=None, initial=_initial_from_event(request, viewer)
    )


@login_required
@require_http_methods(["GET", "POST"])
def arrest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    arrest = access_object(selectors.arrest_rows(request.user), user=request.user, pk=pk)
    viewer = require_write(request.user, arrest.agency_id)
    return _arrest_form_page(request, viewer=viewer, arrest=arrest, initial=arrest_initial(arrest))


def _initial_from_event(request: HttpRequest, viewer: Viewer) -> dict[str, Any] | None:
    """``?event=<pk>`` starts the arrest in one of the agency's own seizures."""
    pk = request.GET.get("event", "")
    if not pk.isdigit():
        return None
    event = (
        SeizureEvent.objects.visible_to(request.user)
        .filter(agency_id=viewer.agency_id, pk=pk)
        .first()
    )
    return arrest_initial_from_event(event) if event else None


def _arrest_form_page(
    request: HttpRequest,
    *,
    viewer: Viewer,
    arrest: Arrest | None,
    initial: dict[str, Any] | None,
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    forms = ArrestForms(data, viewer=viewer, initial=initial)
    if data is not None and forms.is_valid():
        saved = _save(request, forms, arrest)
        if saved is not None:
            verb = "Recorded" if arrest is None else "Saved"
            messages.success(request, f"{verb} the arrest of {saved.person}.")
            if arrest is None and saved.event_id:
                return redirect("intake:seizure_detail", pk=saved.event_id)
            return redirect("intake:arrest_detail", pk=saved.pk)
    event_id = (initial or {}).get("event")
    if arrest is not None:
        cancel_url = reverse("intake:arrest_detail", args=[arrest.pk])
    elif event_id:
        cancel_url = reverse("intake:seizure_detail", args=[event_id])
    else:
        cancel_url = reverse("intake:arrest_list")
    context = {"forms": forms, "form": forms.form, "arrest": arrest, "cancel_url": cancel_url}
    return render(request, "intake/arrest_form.html", context)


def _save(request: HttpRequest, forms: ArrestForms, arrest: Arrest | None) -> Arrest | None:
    """Record the new person (if any) and the arrest in one transaction: an error in either
    leaves nothing written, and lands on the field that caused it."""
    step = "person"
    try:
        with transaction.atomic():
            person = forms.form.cleaned_data["person"]
            if person is None:
                person = person_record(acting_user=request.user, data=forms.person_data())
            step = "arrest"
            data = forms.arrest_data(person)
            if arrest is None:
                return services.arrest_record(acting_user=request.user, data=data)
            return services.arrest_update(acting_user=request.user, arrest=arrest, data=data)
    except ValidationError as error:
        if step == "person":
            add_service_errors(forms.person, error, fields=PERSON_ERROR_FIELDS)
        else:
            add_service_errors(forms.form, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def arrest_delete(request: HttpRequest, pk: int) -> HttpResponse:
    arrest = access_object(
        Arrest.objects.select_related("person", "agency", "event"), user=request.user, pk=pk
    )
    success_url = (
        reverse("intake:seizure_detail", args=[arrest.event_id])
        if arrest.event_id
        else reverse("intake:arrest_list")
    )
    return confirm_delete(
        request,
        obj=arrest,
        delete=lambda: services.arrest_delete(acting_user=request.user, arrest=arrest),
        object_kind="arrest",
        success_url=success_url,
        cancel_url=reverse("intake:arrest_detail", args=[arrest.pk]),
        list_url=reverse("intake:arrest_list"),
        list_label="Arrests",
        consequences=["The person stays in the registry; only this arrest is deleted."],
    )
