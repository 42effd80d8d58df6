"""The audit trail page: who did what, when, from where. Read-only.

Which entries a user may read is decided by ``kernel.selectors.audit_entries_visible_to``; a user
who may read none gets 403. What each row shows of an entry (the content of another agency's
source-restricted record is withheld) is ``kernel.selectors.audit_entry_for_reader``. Filtering
the list is itself audited (``render_list`` does it), so auditors leave a trail too.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from nncc.kernel.access import viewer_for
from nncc.kernel.audit_filters import AuditFilterSet
from nncc.kernel.listing import ListSpec, render_list
from nncc.kernel.selectors import audit_entries_visible_to

AUDIT_LIST = ListSpec(
    template="kernel/audit_list.html",
    results_template="kernel/_audit_results.html",
    filterset_class=AuditFilterSet,
    sort_fields={"time": "time"},
    default_sort="-time",
    target_type="kernel.auditentry",
)


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    if not viewer_for(request.user).can_read_audit:
        raise PermissionDenied("Only auditors may read the audit trail.")
    entries = audit_entries_visible_to(request.user).select_related("agency", "target_agency")
    return render_list(request, AUDIT_LIST, entries)
