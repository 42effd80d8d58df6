"""Agencies and grants: only a platform administrator adds agencies and grants high roles; an
agency admin adds people to his own agency only (security checks A6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from nncc.agencies.models import Agency, Membership
from nncc.agencies.services import agency_create, user_add_to_agency
from nncc.kernel.access import Role, viewer_for
from nncc.kernel.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unguessable passphrase"


def add(actor: Any, agency: Any, *roles: str, username: str = "newcomer") -> Any:
    return user_add_to_agency(
        acting_user=actor, username=username, password=PASSWORD, agency=agency, roles=list(roles)
    )


def test_a_platform_administrator_adds_an_agency(platform_admin: Any):
    agency = agency_create(
        acting_user=platform_admin, code="PCG", name="Pakistan Coast Guards", kind="federal"
    )
    assert Agency.objects.get(code="PCG") == agency
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.target_type) == (
        "create",
        platform_admin,
        "agencies.agency",
    )


@pytest.mark.parametrize("user", ["anf_admin", "anf_supervisor", "centre_analyst"])
def test_nobody_else_adds_an_agency(user: str, request: Any):
    with pytest.raises(PermissionDenied):
        agency_create(acting_user=request.getfixturevalue(user), code="X", name="X", kind="federal")
    assert not Agency.objects.filter(code="X").exists()


@pytest.mark.parametrize(
    "roles", [[Role.FIELD_OFFICER], [Role.ANALYST, Role.SUPERVISOR], [Role.WATCH_DESK]]
)
def test_an_agency_admin_adds_people_to_his_agency(anf: Any, anf_admin: Any, roles: list[str]):
    user = add(anf_admin, anf, *roles)
    assert viewer_for(user).agency_id == anf.pk
    assert set(user.memberships.values_list("role", flat=True)) == set(roles)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.after) == ("grant", {"agency": "ANF", "roles": roles})


def test_an_agency_admin_may_not_add_to_another_agency(customs: Any, anf_admin: Any):
    with pytest.raises(PermissionDenied):
        add(anf_admin, customs, Role.FIELD_OFFICER)
    assert not get_user_model().objects.filter(username="newcomer").exists()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CENTRE_ANALYST, Role.AGENCY_ADMIN])
def test_an_agency_admin_may_not_grant_high_roles(anf: Any, anf_admin: Any, role: str):
    with pytest.raises(PermissionDenied):
        add(anf_admin, anf, Role.ANALYST, role)
    assert not Membership.objects.filter(user__username="newcomer").exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("user", ["anf_supervisor", "anf_analyst", "anf_auditor"])
def test_other_roles_add_nobody(anf: Any, user: str, request: Any):
    with pytest.raises(PermissionDenied):
        add(request.getfixturevalue(user), anf, Role.ANALYST)


def test_the_centre_may_not_add_to_an_agency(anf: Any, centre: Any):
    from nncc.kernel.testing import make_user

    centre_admin = make_user(centre, Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        add(centre_admin, anf, Role.ANALYST)


def test_a_platform_administrator_grants_any_role(anf: Any, platform_admin: Any):
    user = add(platform_admin, anf, Role.AUDITOR, Role.AGENCY_ADMIN)
    assert viewer_for(user).can_read_audit


@pytest.mark.parametrize("roles", [[], ["emperor"]])
def test_roles_must_be_known(anf: Any, platform_admin: Any, roles: list[str]):
    with pytest.raises(ValidationError):
        add(platform_admin, anf, *roles)


def test_a_username_is_taken_once(anf: Any, platform_admin: Any):
    add(platform_admin, anf, Role.ANALYST)
    with pytest.raises(ValidationError):
        add(platform_admin, anf, Role.ANALYST)
    assert get_user_model().objects.filter(username="newcomer").count() == 1


@pytest.mark.parametrize("password", ["short", "password1234"])
def test_a_weak_password_is_refused(anf: Any, platform_admin: Any, password: str):
    with pytest.raises(ValidationError):
        user_add_to_agency(
            acting_user=platform_admin,
            username="weak",
            password=password,
            agency=anf,
            roles=[Role.ANALYST],
        )
    assert not get_user_model().objects.filter(username="weak").exists()
