"""Who asks: agencies, users and the personas of the permission matrix."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model

from nncc.kernel.access import Role

# --- people --------------------------------------------------------------------------------

_user_numbers = itertools.count(1)


def make_user(
    agency: Any,
    *roles: str,
    username: str | None = None,
    unit: Any = None,
    is_active: bool = True,
    is_superuser: bool = False,
    password: str | None = None,
) -> Any:
    """A user who belongs to ``agency`` (or to none, if ``None``) with the given roles."""
    user_model = get_user_model()
    membership_model = apps.get_model("agencies", "Membership")
    if username is None:
        prefix = agency.code.lower() if agency is not None else "nobody"
        username = f"{prefix}-{'-'.join(roles) or 'user'}-{next(_user_numbers)}"
    user = user_model(
        username=username,
        first_name=username.split("-")[0].upper(),
        last_name="Tester",
        is_active=is_active,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    for role in roles:
        membership_model.objects.create(user=user, agency=agency, unit=unit, role=role)
    return user


@dataclass(frozen=True)
class Persona:
    """Someone who asks: which agency he belongs to (owner, other, centre or none), his roles."""

    name: str
    agency: str | None = None
    roles: tuple[str, ...] = ()
    authenticated: bool = True
    active: bool = True
    superuser: bool = False

    def __str__(self) -> str:
        return self.name

    @property
    def signed_in(self) -> bool:
        return self.authenticated and self.active


PERSONAS: tuple[Persona, ...] = (
    Persona("anonymous", authenticated=False),
    Persona("disabled_supervisor", "owner", (Role.SUPERVISOR,), active=False),
    Persona("no_agency"),
    Persona("platform_admin", superuser=True),
    Persona("owner_analyst", "owner", (Role.ANALYST,)),
    Persona("owner_auditor", "owner", (Role.AUDITOR,)),
    Persona("owner_field_officer", "owner", (Role.FIELD_OFFICER,)),
    Persona("owner_supervisor", "owner", (Role.SUPERVISOR,)),
    Persona("owner_agency_admin", "owner", (Role.AGENCY_ADMIN,)),
    Persona("other_analyst", "other", (Role.ANALYST,)),
    Persona("other_supervisor", "other", (Role.FIELD_OFFICER, Role.SUPERVISOR)),
    Persona("centre_analyst", "centre", (Role.CENTRE_ANALYST,)),
    Persona("centre_auditor", "centre", (Role.AUDITOR,)),
)
PERSONA = {p.name: p for p in PERSONAS}


class World:
    """The owning agency, another agency, the centre, and the personas, made on first use."""

    def __init__(self) -> None:
        agency_model = apps.get_model("agencies", "Agency")

        def agency(code: str, name: str, kind: str) -> Any:
            return agency_model.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind}
            )[0]

        self.owner = agency("MX-OWN", "Owning agency of the matrix", "federal")
        self.other = agency("MX-OTH", "Another agency of the matrix", "federal")
        self.centre = agency("MX-CTR", "Centre of the matrix", "centre")
        self._users: dict[str, Any] = {}

    def agency(self, key: str | None) -> Any:
        return {"owner": self.owner, "other": self.other, "centre": self.centre}.get(key or "")

    def clerk(self, agency: Any) -> Any:
        """A supervisor of ``agency`` who fills in forms for the tests (not a persona)."""
        key = f"clerk-{agency.code}"
        if key not in self._users:
            self._users[key] = make_user(
                agency, Role.SUPERVISOR, username=f"mx-clerk-{agency.code.lower()}"
            )
        return self._users[key]

    def user(self, persona: Persona | str) -> Any:
        persona = PERSONA[persona] if isinstance(persona, str) else persona
        if not persona.authenticated:
            return None
        if persona.name not in self._users:
            self._users[persona.name] = make_user(
                self.agency(persona.agency),
                *persona.roles,
                username=f"mx-{persona.name.replace('_', '-')}",
                is_active=persona.active,
                is_superuser=persona.superuser,
            )
        return self._users[persona.name]


def owner_of(record: Any) -> Any:
    """The agency that owns an operational record."""
    return apps.get_model("agencies", "Agency").objects.get(pk=record.agency_id)
