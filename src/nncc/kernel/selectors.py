"""Reads of the kernel's own records: the audit trail.

Who may read which audit entries (one rule, for the web pages and the API alike):

- only users whose viewer ``can_read_audit`` (the auditor role, or a platform administrator);
- an agency's auditor reads the entries of his own agency (``AuditEntry.agency``, the actor's
  agency when the entry was written) and the entries about his agency's records written by
  anyone (``AuditEntry.target_agency``, the target's owner when the entry was written): who saw
  or changed their records; never other entries of another agency;
- an auditor of the centre, and a platform administrator, read the whole trail;
- everyone else reads nothing. Views answer 403 for them (the page exists, it is not theirs).

What a reader sees of an entry he may read: everything, except that the content of a
SOURCE_RESTRICTED record is for its owning agency only. For a reader who is not a member of the
entry's ``target_agency``, an entry whose ``target_handling_code`` is ``source_restricted`` shows
who, when, the action, the target's type and id and the agency, but its ``before``, ``after``,
``detail`` and ``target_label`` are withheld (``is_withheld``, ``audit_entry_for_reader``). A
filter on the target label never matches a withheld entry (``filter_by_target_label``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from nncc.kernel.access import Viewer, viewer_for
from nncc.kernel.models import AuditEntry, HandlingCode

#: the fields of an entry that carry the target's content
WITHHELD_FIELDS = ("target_label", "before", "after", "detail")


def _viewer(user: Any) -> Viewer:
    return user if isinstance(user, Viewer) else viewer_for(user)


def audit_entries_visible_to(user: Any) -> QuerySet[AuditEntry]:
    """The audit entries ``user`` (a user or a ``Viewer``) may read; empty when none."""
    viewer = _viewer(user)
    entries = AuditEntry.objects.all()
    if not viewer.is_authenticated or not viewer.can_read_audit:
        return entries.none()
    if viewer.is_platform_admin or viewer.is_centre:
        return entries
    if viewer.agency_id is None:
        return entries.none()
    return entries.filter(Q(agency_id=viewer.agency_id) | Q(target_agency_id=viewer.agency_id))


def _withheld_q(viewer: Viewer) -> Q:
    """Entries whose content ``viewer`` may not read (SQL form of ``is_withheld``)."""
    source = Q(target_handling_code=HandlingCode.SOURCE_RESTRICTED)
    if viewer.agency_id is None:
        return source
    return source & ~Q(target_agency_id=viewer.agency_id)


def is_withheld(entry: AuditEntry, user: Any) -> bool:
    """True when the entry is about a SOURCE_RESTRICTED record of an agency not the reader's."""
    viewer = _viewer(user)
    return entry.target_handling_code == HandlingCode.SOURCE_RESTRICTED and (
        viewer.agency_id is None or entry.target_agency_id != viewer.agency_id
    )


def withheld_note(entry: AuditEntry) -> str:
    owner = entry.target_agency.code if entry.target_agency_id and entry.target_agency else "?"
    return f"withheld: source-restricted record of {owner}"


def audit_entry_for_reader(entry: AuditEntry, user: Any) -> dict[str, Any]:
    """What ``user`` may read of an entry he may see: its fields, content withheld if need be.

    ``withheld`` is True (and ``note`` says whose record it is) when the content is withheld;
    ``target_label``, ``before``, ``after`` and ``detail`` are then empty.
    """
    withheld = is_withheld(entry, user)
    return {
        "id": entry.pk,
        "time": entry.time,
        "actor_username": entry.actor_username,
        "agency": entry.agency.code if entry.agency_id and entry.agency else None,
        "action": entry.action,
        "action_display": entry.get_action_display(),
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": "" if withheld else entry.target_label,
        "before": None if withheld else entry.before,
        "after": None if withheld else entry.after,
        "detail": None if withheld else entry.detail,
        "channel": entry.channel,
        "request_id": entry.request_id,
        "client_address": entry.client_address,
        "withheld": withheld,
        "note": withheld_note(entry) if withheld else "",
    }


def filter_by_target_label(
    entries: QuerySet[AuditEntry], user: Any, text: str
) -> QuerySet[AuditEntry]:
    """Entries whose target label contains ``text``; withheld entries never match."""
    return entries.filter(target_label__icontains=text).exclude(_withheld_q(_viewer(user)))
