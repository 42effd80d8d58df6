"""Small htmx endpoints of the seizure and arrest forms: option lists and a new drug line."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nncc.intake.forms import LINES_PREFIX, DrugLineFormSet, district_choices, person_label
from nncc.kernel.access import viewer_for
from nncc.kernel.audit import audit_read
from nncc.kernel.models import AuditAction
from nncc.reference.geography import provinces
from nncc.registry.models import Person


def option_groups(choices: list[Any]) -> list[dict[str, Any]]:
    """Choices as a template can loop over them: groups of options, the first unnamed."""
    groups: list[dict[str, Any]] = [{"label": "", "options": []}]
    for value, label in choices:
        if isinstance(label, list | tuple):
            groups.append({"label": value, "options": list(label)})
        else:
            groups[0]["options"].append((value, label))
    return groups


#: the most drug lines one form may grow to (the formset refuses more)
MAX_LINES = 50
PERSON_OPTIONS_LIMIT = 50


@login_required
@require_GET
def district_options(request: HttpRequest) -> HttpResponse:
    """The ``<option>``s of the district select for the chosen province (any form's field
    named ``province`` or ending in ``-province``)."""
    province = next(
        (v for k, v in request.GET.items() if k == "province" or k.endswith("-province")), ""
    )
    if province and province not in provinces():
        province = ""
    return render(
        request, "intake/_options.html", {"groups": option_groups(district_choices(province))}
    )


@login_required
@require_GET
def drug_line_row(request: HttpRequest) -> HttpResponse:
    """One more empty drug line; the form's line count comes along and goes back up by one."""
    try:
        index = int(request.GET.get(f"{LINES_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        return HttpResponseBadRequest("The form's line count is missing.")
    if not 0 <= index < MAX_LINES:
        return HttpResponseBadRequest(f"A seizure can have at most {MAX_LINES} drug lines.")
    formset = DrugLineFormSet(prefix=LINES_PREFIX)
    form = formset.empty_form
    form.prefix = formset.add_prefix(index)
    context = {"line": form, "index": index, "total": index + 1, "prefix": LINES_PREFIX}
    return render(request, "intake/_drug_line_row.html", context)


@login_required
@require_GET
def person_options(request: HttpRequest) -> HttpResponse:
    """Persons of the user's own agency matching a name or CNIC, as ``<option>``s.

    Only his own agency's persons: an arrest may only name those. The search is audited like
    any search of persons.
    """
    viewer = viewer_for(request.user)
    query = " ".join(request.GET.get("q", "").split())[:80]
    persons = Person.objects.visible_to(request.user).filter(agency_id=viewer.agency_id)
    if query:
        persons = persons.filter(
            Q(name_latin__icontains=query)
            | Q(name_urdu__icontains=query)
            | Q(father_name_latin__icontains=query)
            | Q(alias__icontains=query)
            | Q(identifiers__value__icontains=query)
        ).distinct()
    persons = persons.order_by("-created_at", "-pk")[:PERSON_OPTIONS_LIMIT]
    choices = [(str(p.pk), person_label(p)) for p in persons]
    if query:
        audit_read(
            actor=request.user,
            action=AuditAction.SEARCH,
            target_type="registry.person",
            detail={"filters": {"q": [query]}, "results": len(choices), "via": "arrest form"},
        )
    blank = "— choose —" if choices else "— no person of your agency matches —"
    return render(
        request, "intake/_options.html", {"groups": option_groups([("", blank), *choices])}
    )
