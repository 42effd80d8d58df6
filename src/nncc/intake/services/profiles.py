"""Writes of import profiles: how one agency's files map onto nncc.

A profile belongs to the acting user's agency; its writers create and edit it, its supervisors
and admins delete it, like the agency's records. Each write checks every field first
(``imports.profiles.check_profile`` for the mappings) and is audited with before/after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nncc.intake.imports.profiles import check_profile
from nncc.intake.models import ImportProfile, ImportRecordType
from nncc.kernel.access import require_delete, require_write
from nncc.kernel.audit import audit_read
from nncc.kernel.models import AuditAction
from nncc.kernel.services import ErrorCollector, audited_create, audited_delete, audited_update


@dataclass
class ProfileData:
    name: str
    record_type: str = ImportRecordType.SEIZURE
    column_map: dict[str, str] = field(default_factory=dict)
    value_map: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: str = ""


_FIELDS = ("name", "record_type", "column_map", "value_map", "notes")
_MAX_NOTES = 4_000


def _clean_profile(data: ProfileData, *, agency_id: int, instance: ImportProfile | None) -> None:
    errors = ErrorCollector()
    data.name = " ".join((data.name or "").split())
    data.notes = (data.notes or "").strip()
    if not data.name:
        errors.add("name", "Give the profile a name (e.g. the system that writes the files).")
    elif len(data.name) > 80:
        errors.add("name", "A name has at most 80 characters.")
    else:
        errors.check_unique(
            "name",
            ImportProfile.objects.filter(agency_id=agency_id, name__iexact=data.name),
            instance=instance,
            message="Your agency already has a profile of this name.",
        )
    if len(data.notes) > _MAX_NOTES:
        errors.add("notes", f"Notes have at most {_MAX_NOTES} characters.")
    for name, message in check_profile(data.record_type, data.column_map, data.value_map):
        errors.add(name, message)
    errors.raise_if_any()


def profile_create(*, acting_user: Any, data: ProfileData) -> ImportProfile:
    """A new profile for the acting user's agency."""
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_profile(data, agency_id=viewer.agency_id, instance=None)
    profile = ImportProfile(
        agency_id=viewer.agency_id, **{name: getattr(data, name) for name in _FIELDS}
    )
    return audited_create(acting_user=acting_user, record=profile)


def profile_update(*, acting_user: Any, profile: ImportProfile, data: ProfileData) -> ImportProfile:
    require_write(acting_user, profile.agency_id)
    _clean_profile(data, agency_id=profile.agency_id, instance=profile)
    return audited_update(
        acting_user=acting_user,
        record=profile,
        values={name: getattr(data, name) for name in _FIELDS},
    )


def profile_delete(*, acting_user: Any, profile: ImportProfile) -> None:
    """Delete a profile; import jobs that used it keep their counts (their link is cleared)."""
    require_delete(acting_user, profile.agency_id)
    audited_delete(acting_user=acting_user, record=profile)


def profile_read(
    *, acting_user: Any, profile: ImportProfile, action: str = AuditAction.VIEW
) -> None:
    """Audit a read of a profile: its page or API detail (view), a template made from it
    (export)."""
    # A profile has no handling code; the entry still names the agency it belongs to, so that
    # agency's auditors find it.
    audit_read(
        actor=acting_user,
        action=action,
        target=profile,
        target_agency_id=profile.agency_id,
        detail={"record_type": profile.record_type},
    )
