"""What each persona may see and do: the expected answers, written out as literal tables so
a change to the access rule makes the tests fail."""

from __future__ import annotations

import enum

from nncc.kernel.testing.people import Persona

# --- records -------------------------------------------------------------------------------

SHARED = "shared"
RESTRICTED = "restricted"
SOURCE_RESTRICTED = "source_restricted"
#: a RESTRICTED record of a joint event in which the other agency takes part
JOINT = "joint_restricted"

#: which records of the owning agency each persona sees (the rule of ``kernel.access``)
_OWN = frozenset({SHARED, RESTRICTED, SOURCE_RESTRICTED, JOINT})
_NATIONAL = frozenset({SHARED, RESTRICTED, JOINT})
VISIBLE: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "disabled_supervisor": frozenset(),
    "no_agency": frozenset(),
    "platform_admin": _NATIONAL,
    "owner_analyst": _OWN,
    "owner_auditor": _OWN,
    "owner_field_officer": _OWN,
    "owner_supervisor": _OWN,
    "owner_agency_admin": _OWN,
    "other_analyst": frozenset({SHARED, JOINT}),
    "other_supervisor": frozenset({SHARED, JOINT}),
    "centre_analyst": _NATIONAL,
    "centre_auditor": _NATIONAL,
}
#: who may edit records of the owning agency, and who may delete them
EDITORS = frozenset({"owner_field_officer", "owner_supervisor", "owner_agency_admin"})
DELETERS = frozenset({"owner_supervisor", "owner_agency_admin"})
#: who may report new records (each for his own agency)
CREATORS = EDITORS | {"other_supervisor"}


class Outcome(enum.Enum):
    LOGIN = "login required"
    NOT_FOUND = "404"
    FORBIDDEN = "403"
    OK = "allowed"


def expected_outcome(persona: Persona, variant: str | None, need: str) -> Outcome:
    """The answer the table promises: ``need`` is read, create, edit or delete."""
    if not persona.signed_in:
        return Outcome.LOGIN
    if need == "create":
        return Outcome.OK if persona.name in CREATORS else Outcome.FORBIDDEN
    assert variant is not None
    if variant not in VISIBLE[persona.name]:
        return Outcome.NOT_FOUND
    allowed = {"read": True, "edit": persona.name in EDITORS, "delete": persona.name in DELETERS}
    return Outcome.OK if allowed[need] else Outcome.FORBIDDEN


#: names a client might send to take over a record; none of them may change owner or creator

#: which agencies' audit entries each persona reads ("none": entries without an agency)
AUDIT_VISIBLE: dict[str, frozenset[str]] = {
    "owner_auditor": frozenset({"owner"}),
    "centre_auditor": frozenset({"owner", "other", "centre", "none"}),
    "platform_admin": frozenset({"owner", "other", "centre", "none"}),
}


def audit_outcome(persona: Persona, entry: str | None = None) -> Outcome:
    """The answer about the audit trail (or one of its entries) for ``persona``."""
    if not persona.signed_in:
        return Outcome.LOGIN
    if persona.name not in AUDIT_VISIBLE:
        return Outcome.FORBIDDEN
    if entry is not None and entry not in AUDIT_VISIBLE[persona.name]:
        return Outcome.NOT_FOUND
    return Outcome.OK


#: which seizures of the figures test each persona counts: the owner's (as ``VISIBLE``) and a
#: restricted seizure of the other agency ("other_restricted")
COUNTED: dict[str, frozenset[str]] = {
    **VISIBLE,
    "platform_admin": _NATIONAL | {"other_restricted"},
    "other_analyst": frozenset({SHARED, JOINT, "other_restricted"}),
    "other_supervisor": frozenset({SHARED, JOINT, "other_restricted"}),
    "centre_analyst": _NATIONAL | {"other_restricted"},
    "centre_auditor": _NATIONAL | {"other_restricted"},
}
#: kilograms seized in each seizure of the figures test: each a power of two, so any total
#: says exactly which seizures were counted
KILOGRAMS = {SHARED: 1, RESTRICTED: 2, SOURCE_RESTRICTED: 4, JOINT: 8, "other_restricted": 16}
