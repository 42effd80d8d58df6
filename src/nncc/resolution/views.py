"""Pages of entity resolution: the review queue, a candidate pair, a resolved person, undoing a
merge.

Who may do what is decided in ``selectors`` (what the user may see) and ``services`` (who
reviews); these views parse, call and render. The queue and merges are for analysts (403 for
others, before anything is looked up); a pair or merge resting on a statement the user may not
see answers 404. Every look at statements is audited as a view of each statement shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nncc.kernel.audit import audit_reads
from nncc.kernel.listing import ListSpec, render_list
from nncc.kernel.models import AuditAction
from nncc.registry.models import Person
from nncc.resolution import selectors, services
from nncc.resolution.filtersets import CandidateFilterSet
from nncc.resolution.forms import DecisionForm
from nncc.resolution.models import MatchCandidate

CANDIDATE_LIST = ListSpec(
    template="resolution/candidate_list.html",
    results_template="resolution/_candidate_results.html",
    filterset_class=CandidateFilterSet,
    sort_fields={"score": "probability", "found": "created_at", "decided": "decided_at"},
    default_sort="-score",
    target_type="resolution.matchcandidate",
)


def audit_statements_seen(user: Any, persons: list[Person], via: str) -> None:
    """Each statement shown is a view of that person, as on its own page (one insert)."""
    audit_reads(actor=user, action=AuditAction.VIEW, targets=persons, detail={"via": via})


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    services.require_reviewer(request.user)
    queryset = selectors.candidate_queue(request.user, request.GET)
    return render_list(request, CANDIDATE_LIST, queryset)


def _candidate_page(
    request: HttpRequest, candidate: MatchCandidate, form: DecisionForm, status: int = 200
) -> HttpResponse:
    persons = (candidate.person_a, candidate.person_b)
    cards = [selectors.identity_card(request.user, person) for person in persons]
    first, second = cards
    context = {
        "candidate": candidate,
        "sides": [
            {"person": person, "identity": card}
            for person, card in zip(persons, cards, strict=True)
        ],
        "already_joined": bool(first and second and first.identity_id == second.identity_id),
        "features": candidate.explanation,
        "form": form,
    }
    return render(request, "resolution/candidate_detail.html", context, status=status)


@login_required
@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_reviewer(request.user)
    candidate = selectors.candidate_get(request.user, pk)
    audit_statements_seen(
        request.user, [candidate.person_a, candidate.person_b], f"match candidate {candidate.pk}"
    )
    return _candidate_page(request, candidate, DecisionForm())


@login_required
@require_POST
def candidate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_reviewer(request.user)
    candidate = selectors.candidate_get(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            result = services.candidate_decide(
                acting_user=request.user,
                candidate=candidate,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Recorded: {result.candidate.get_status_display()}.")
            if result.warning:
                messages.warning(request, result.warning)
            return redirect("resolution:candidate_detail", pk=candidate.pk)
    return _candidate_page(request, candidate, form, status=400)


@login_required
@require_GET
def identity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    identity = selectors.identity_get(request.user, pk)
    view = selectors.identity_view(request.user, identity)
    audit_statements_seen(request.user, view.statements, str(identity))
    merges = selectors.identity_merges(request.user, identity)
    context = {
        "identity": identity,
        "view": view,
        "merges": merges,
        "can_review": services.is_reviewer(request.user),
    }
    return render(request, "resolution/identity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_reviewer(request.user)
    merge = selectors.merge_get(request.user, pk)
    back = reverse("resolution:identity_detail", args=[merge.identity_id])
    error = services.undo_refusal(merge)
    if request.method == "POST" and not error:
        try:
            services.merge_undo(acting_user=request.user, merge=merge)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Undid {merge}; the statements are apart again.")
            return redirect("resolution:identity_detail", pk=merge.absorbed_id)
    context = {"merge": merge, "error": error, "back": back}
    return render(
        request,
        "resolution/merge_undo.html",
        context,
        status=400 if error and request.method == "POST" else 200,
    )
