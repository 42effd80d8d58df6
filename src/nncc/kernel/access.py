"""The one visibility rule, and the one door for fetching an object.

Visibility (applied in SQL, so lists, counts, searches, exports and autocomplete agree):

- anonymous and inactive users see nothing;
- members of an agency see everything their agency owns;
- they also see records marked SHARED, and RESTRICTED records of joint events their agency
  takes part in;
- centre analysts (members of the centre agency) see the national picture: every record except
  SOURCE_RESTRICTED records of other agencies;
- nobody outside the owning agency ever sees a SOURCE_RESTRICTED record.

``access_object`` answers 404 for both "does not exist" and "not yours", so a user of another
agency learns nothing about a record's existence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

M = TypeVar("M", bound="Model")


class Role:
    FIELD_OFFICER = "field_officer"
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    AGENCY_ADMIN = "agency_admin"
    CENTRE_ANALYST = "centre_analyst"
    WATCH_DESK = "watch_desk"
    LIAISON_OFFICER = "liaison_officer"
    AUDITOR = "auditor"

    CHOICES = [
        (FIELD_OFFICER, "Field officer"),
        (ANALYST, "Analyst"),
        (SUPERVISOR, "Supervisor"),
        (AGENCY_ADMIN, "Agency admin"),
        (CENTRE_ANALYST, "Centre analyst"),
        (WATCH_DESK, "Watch desk"),
        (LIAISON_OFFICER, "Liaison officer"),
        (AUDITOR, "Auditor"),
    ]

    #: roles that may report (create and edit) records for their own agency
    WRITERS = frozenset({FIELD_OFFICER, SUPERVISOR, AGENCY_ADMIN})
    #: roles that may delete their own agency's records
    DELETERS = frozenset({SUPERVISOR, AGENCY_ADMIN})
    #: roles that may read the audit trail (their agency's; the centre's auditors read all of it)
    AUDIT_READERS = frozenset({AUDITOR})


@dataclass(frozen=True)
class Viewer:
    """What the access rule needs to know about a user, computed once per request."""

    user_id: int | None
    agency_id: int | None = None
    agency_code: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    is_centre: bool = False
    is_platform_admin: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def can_write_for(self, agency_id: int | None) -> bool:
        return (
            agency_id is not None and agency_id == self.agency_id and self.has_role(*Role.WRITERS)
        )

    def can_delete_for(self, agency_id: int | None) -> bool:
        return (
            agency_id is not None and agency_id == self.agency_id and self.has_role(*Role.DELETERS)
        )

    @property
    def can_read_audit(self) -> bool:
        return self.is_platform_admin or self.has_role(*Role.AUDIT_READERS)


ANONYMOUS = Viewer(user_id=None)


def viewer_for(user: Any) -> Viewer:
    """The viewer of a user; cached on the user object for the life of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_nncc_viewer", None)
    if cached is not None:
        return cached
    memberships = list(user.memberships.select_related("agency").filter(agency__is_active=True))
    agency = memberships[0].agency if memberships else None
    viewer = Viewer(
        user_id=user.pk,
        agency_id=agency.pk if agency else None,
        agency_code=agency.code if agency else "",
        roles=frozenset(m.role for m in memberships),
        is_centre=bool(agency and agency.kind == "centre"),
        is_platform_admin=bool(user.is_superuser),
    )
    user._nncc_viewer = viewer
    return viewer


def _handling_field(queryset: QuerySet) -> tuple[str, str]:
    """Paths to the agency and handling code; child models (drug lines) point to their parent."""
    prefix = getattr(queryset.model, "visibility_parent", "")
    return f"{prefix}agency_id", f"{prefix}handling_code"


def visible_to(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    viewer = user if isinstance(user, Viewer) else viewer_for(user)
    if not viewer.is_authenticated:
        return queryset.none()
    if viewer.is_platform_admin and viewer.agency_id is None:
        # A platform operator without an agency administers the system; he sees the national
        # picture like the centre, never another agency's source-restricted records.
        return queryset.exclude(**{_handling_field(queryset)[1]: "source_restricted"})
    if viewer.agency_id is None:
        return queryset.none()

    agency_path, handling_path = _handling_field(queryset)
    own = Q(**{agency_path: viewer.agency_id})
    not_source = ~Q(**{handling_path: "source_restricted"})
    if viewer.is_centre:
        return queryset.filter(own | not_source)

    rule = own | Q(**{handling_path: "shared"})
    joint = _joint_condition(queryset, viewer.agency_id)
    if joint is not None:
        rule |= joint & Q(**{handling_path: "restricted"})
    return queryset.filter(rule)


def _joint_condition(queryset: QuerySet, agency_id: int) -> Q | None:
    """Q for "the viewer's agency takes part in this record".

    A model names its participation rows with ``joint_lookup`` (a reverse relation to rows with
    an ``agency_id``); a model that shares its partners with a parent names the parent's foreign
    key with ``joint_via`` (an arrest made in a joint seizure event).
    """
    prefix = getattr(queryset.model, "visibility_parent", "")
    target = queryset.model
    if prefix:
        target = target._meta.get_field(prefix.rstrip("_")).related_model
    outer = f"{prefix}pk"
    via = getattr(target, "joint_via", None)
    if via:
        outer = f"{prefix}{via}"
        target = target._meta.get_field(via).related_model
    lookup = getattr(target, "joint_lookup", None)
    if not lookup:
        return None
    relation = target._meta.get_field(lookup)
    rows = relation.related_model.objects.filter(
        **{relation.field.name: OuterRef(outer), "agency_id": agency_id}
    )
    return Q(Exists(rows))


def access_object(queryset: QuerySet[M], *, user: Any, pk: Any) -> M:
    """Fetch one object the user may see, or 404 — the same answer for missing and forbidden."""
    try:
        return visible_to(queryset, user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such record.") from exc


def own_agency_only(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """Rows of the user's own agency, for nobody else, the centre included.

    For what carries no handling code because it never became a record, such as an import
    job and the rows it refused: only the agency that sent them reads them.
    """
    viewer = user if isinstance(user, Viewer) else viewer_for(user)
    if not viewer.is_authenticated or viewer.agency_id is None:
        return queryset.none()
    return queryset.filter(agency_id=viewer.agency_id)


def require_write(user: Any, agency_id: int | None = None) -> Viewer:
    """The user's viewer if he may write records of ``agency_id`` (default: his own agency)."""
    viewer = viewer_for(user)
    if not viewer.can_write_for(viewer.agency_id if agency_id is None else agency_id):
        raise PermissionDenied("You may only report records for your own agency.")
    return viewer


def require_delete(user: Any, agency_id: int | None) -> Viewer:
    viewer = viewer_for(user)
    if not viewer.can_delete_for(agency_id):
        raise PermissionDenied("Only a supervisor or agency admin of the owning agency may delete.")
    return viewer
