"""Agencies and who works in them. Every grant is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from nncc.agencies.models import Agency, Membership, Unit
from nncc.kernel.access import Role, viewer_for
from nncc.kernel.audit import audit_log, snapshot
from nncc.kernel.models import AuditAction


def agency_create(
    *, acting_user: Any, code: str, name: str, kind: str, contact: str = ""
) -> Agency:
    if acting_user is not None and not viewer_for(acting_user).is_platform_admin:
        raise PermissionDenied("Only a platform administrator may add agencies.")
    with transaction.atomic():
        agency = Agency(code=code, name=name, kind=kind, contact=contact)
        agency.full_clean()
        agency.save()
        audit_log(
            actor=acting_user, action=AuditAction.CREATE, target=agency, after=snapshot(agency)
        )
    return agency


def user_add_to_agency(
    *,
    acting_user: Any,
    username: str,
    password: str,
    agency: Agency,
    roles: list[str],
    unit: Unit | None = None,
    full_name: str = "",
) -> Any:
    """Create a user in an agency with roles. Agency admins may add users to their own agency
    only, and may not grant roles of the centre or the auditor role."""
    if acting_user is not None:
        viewer = viewer_for(acting_user)
        if not viewer.is_platform_admin:
            if not (viewer.has_role(Role.AGENCY_ADMIN) and viewer.agency_id == agency.pk):
                raise PermissionDenied("You may only add users to your own agency.")
            if set(roles) & {Role.AUDITOR, Role.CENTRE_ANALYST, Role.AGENCY_ADMIN}:
                raise PermissionDenied("Only a platform administrator may grant that role.")
    if not roles or any(r not in dict(Role.CHOICES) for r in roles):
        raise ValidationError({"roles": ["Give one or more known roles."]})
    User = get_user_model()
    with transaction.atomic():
        first, _, last = full_name.partition(" ")
        user = User(username=username, first_name=first, last_name=last)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
        user.full_clean()
        user.save()
        for role in roles:
            Membership.objects.create(user=user, agency=agency, unit=unit, role=role)
        audit_log(
            actor=acting_user,
            action=AuditAction.GRANT,
            target=user,
            after={"agency": agency.code, "roles": roles},
        )
    return user
