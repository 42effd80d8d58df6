"""Person pages. A person here is one agency's statement about a person, shown as it was made.

Every look at a person's page is an audit entry; lists with a filter are audited by
``render_list``. Writes go through ``registry.services``, which check who may write.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from nncc.kernel.access import require_write
from nncc.kernel.audit import audit_read
from nncc.kernel.forms import add_service_errors
from nncc.kernel.listing import ListSpec, render_list
from nncc.kernel.models import AuditAction
from nncc.kernel.pages import confirm_delete
from nncc.kernel.rows import name_row_fields
from nncc.registry import selectors, services
from nncc.registry.filtersets import PersonFilterSet
from nncc.registry.forms import (
    IDENTIFIERS_PREFIX,
    PHONES_PREFIX,
    IdentifierFormSet,
    PersonForms,
    PhoneFormSet,
)
from nncc.registry.models import Person

PERSON_LIST = ListSpec(
    template="registry/person_list.html",
    results_template="registry/_person_results.html",
    filterset_class=PersonFilterSet,
    sort_fields={
        "name": "sort_name",
        "father": "father_name_latin",
        "nationality": "nationality",
        "born": "year_born",
        "agency": "agency__code",
        "arrests": "arrest_count",
        "recorded": "created_at",
    },
    default_sort="name",
    target_type="registry.person",
)

#: more rows than any statement needs; bounds what an "add row" request may ask for
MAX_ROWS = 50


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    return render_list(request, PERSON_LIST, selectors.person_list(request.user))


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    audit_read(actor=request.user, action=AuditAction.VIEW, target=person)
    context = {
        "person": person,
        "object": person,
        "arrests": selectors.person_arrests(request.user, person),
        "links": selectors.person_links(request.user, person),
        "identity": _resolved_identity(request, person),
    }
    return render(request, "registry/person_detail.html", context)


def _resolved_identity(request: HttpRequest, person: Person) -> object:
    """What the card says of the resolved person this statement belongs to (or None): only
    what it shows, not the identity's statements.

    Resolution is built on the registry, not the reverse, so it is asked lazily."""
    from nncc.resolution.selectors import identity_card

    return identity_card(request.user, person)


def _save(request: HttpRequest, forms: PersonForms, person: Person | None) -> Person | None:
    """Send the forms to the service; on refusal put its errors on the fields and return None."""
    if not forms.is_valid():
        return None
    try:
        if person is None:
            return services.person_record(acting_user=request.user, data=forms.person_data())
        return services.person_update(
            acting_user=request.user, person=person, data=forms.person_data()
        )
    except ValidationError as error:
        add_service_errors(
            forms.person,
            name_row_fields(error, {"identifiers": "value", "phones": "number"}),
            children={
                "identifiers": forms.sent_identifier_forms(),
                "phones": forms.sent_phone_forms(),
            },
        )
        return None


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    require_write(request.user)
    forms = PersonForms(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (person := _save(request, forms, None)):
        messages.success(request, f"Recorded {person}.")
        return redirect("registry:person_detail", pk=person.pk)
    context = {
        "forms": forms,
        "person": None,
        "cancel_url": reverse("registry:person_list"),
        "submit_label": "Record person",
    }
    return render(request, "registry/person_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    require_write(request.user, person.agency_id)
    forms = PersonForms(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and _save(request, forms, person):
        messages.success(request, f"Saved {person}.")
        return redirect("registry:person_detail", pk=person.pk)
    context = {
        "forms": forms,
        "person": person,
        "cancel_url": reverse("registry:person_detail", args=[person.pk]),
        "submit_label": "Save changes",
    }
    return render(request, "registry/person_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    return confirm_delete(
        request,
        obj=person,
        delete=lambda: services.person_delete(acting_user=request.user, person=person),
        object_kind="person",
        success_url=reverse("registry:person_list"),
        cancel_url=reverse("registry:person_detail", args=[person.pk]),
        list_url=reverse("registry:person_list"),
        list_label="Persons",
        consequences=[f"{person.agency.code}'s identifiers and phones of this person go with it."],
    )


def _new_row(
    request: HttpRequest, formset_class: type[BaseFormSet], prefix: str, template: str
) -> HttpResponse:
    """One more blank row of a formset, and its form count raised by one (out of band)."""
    require_write(request.user)
    try:
        index = int(request.GET.get(f"{prefix}-TOTAL_FORMS", ""))
    except ValueError:
        return HttpResponseBadRequest("Missing row count.")
    if not 0 <= index < MAX_ROWS:
        return HttpResponseBadRequest("Too many rows.")
    formset = formset_class(prefix=prefix)
    form = formset.form(
        prefix=formset.add_prefix(index), auto_id=formset.auto_id, use_required_attribute=False
    )
    formset.add_fields(form, index)
    return render(request, template, {"form": form, "prefix": prefix, "oob_total": index + 1})


@login_required
@require_GET
def identifier_row(request: HttpRequest) -> HttpResponse:
    return _new_row(request, IdentifierFormSet, IDENTIFIERS_PREFIX, "registry/_identifier_row.html")


@login_required
@require_GET
def phone_row(request: HttpRequest) -> HttpResponse:
    return _new_row(request, PhoneFormSet, PHONES_PREFIX, "registry/_phone_row.html")
