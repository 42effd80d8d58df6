"""Reads of the kernel's own records: the audit trail.

Who may read which audit entries (one rule, for the web pages and the API alike):

- only users whose viewer ``can_read_audit`` (the auditor role, or a platform administrator);
- an agency's auditor reads the entries of his own agency (``AuditEntry.agency``, the actor's
  agency when the entry was written), never another agency's;
- an auditor of the centre, and a platform administrator, read the whole trail;
- everyone else reads nothing. Views answer 403 for them (the page exists, it is not theirs).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nncc.kernel.access import Viewer, viewer_for
from nncc.kernel.models import AuditEntry


def audit_entries_visible_to(user: Any) -> QuerySet[AuditEntry]:
    """The audit entries ``user`` (a user or a ``Viewer``) may read; empty when none."""
    viewer = user if isinstance(user, Viewer) else viewer_for(user)
    entries = AuditEntry.objects.all()
    if not viewer.is_authenticated or not viewer.can_read_audit:
        return entries.none()
    if viewer.is_platform_admin or viewer.is_centre:
        return entries
    if viewer.agency_id is None:
        return entries.none()
    return entries.filter(agency_id=viewer.agency_id)
