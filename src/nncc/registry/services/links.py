"""Typed links an agency states between its own registry records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from nncc.kernel.access import require_delete, require_write
from nncc.kernel.audit import snapshot
from nncc.kernel.models import HandlingCode
from nncc.kernel.services import ErrorCollector, audited_create, audited_delete, audited_update
from nncc.registry.models import Address, Link, LinkKind, Organisation, Person, Vehicle

#: what a link may join
LINKABLE = (Person, Vehicle, Organisation, Address)


@dataclass
class LinkData:
    kind: str
    source: Person | Vehicle | Organisation | Address
    target: Person | Vehicle | Organisation | Address
    detail: str = ""
    handling_code: str = HandlingCode.RESTRICTED


def links_of(record: Model) -> QuerySet[Link]:
    """Links with the record at either end (a link names its ends by type and id only)."""
    content_type = ContentType.objects.get_for_model(record)
    return Link.objects.filter(
        Q(source_type=content_type, source_id=record.pk)
        | Q(target_type=content_type, target_id=record.pk)
    )


def _clean_link(data: LinkData, *, agency_id: int, instance: Link | None) -> None:
    errors = ErrorCollector()
    data.detail = " ".join((data.detail or "").split())
    if data.kind not in LinkKind.values:
        errors.add("kind", f"“{data.kind}” is not a kind of link.")
    for name in ("source", "target"):
        end = getattr(data, name)
        if not isinstance(end, LINKABLE) or end.pk is None:
            errors.add(name, "A link joins recorded persons, vehicles, organisations or addresses.")
        elif end.agency_id != agency_id:
            # Object substitution: an agency states links between its own records only; linking
            # across agencies is the work of entity resolution, which keeps both statements.
            errors.add(name, "Links can only join records your agency recorded.")
    errors.check_handling_code(data.handling_code)
    if not errors.errors:
        source_type = ContentType.objects.get_for_model(data.source)
        target_type = ContentType.objects.get_for_model(data.target)
        if (source_type, data.source.pk) == (target_type, data.target.pk):
            errors.add("target", "A record cannot be linked to itself.")
        errors.check_unique(
            "kind",
            Link.objects.filter(
                agency_id=agency_id,
                kind=data.kind,
                source_type=source_type,
                source_id=data.source.pk,
                target_type=target_type,
                target_id=data.target.pk,
            ),
            instance=instance,
            message="Your agency already stated this link.",
        )
    errors.raise_if_any()


def link_snapshot(link: Link) -> dict[str, Any]:
    return snapshot(link, source=str(link.source), target=str(link.target))


def _values(data: LinkData) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "detail": data.detail,
        "handling_code": data.handling_code,
        "source": data.source,
        "target": data.target,
    }


def link_record(*, acting_user: Any, data: LinkData) -> Link:
    """State a link between two registry records of the acting user's agency."""
    viewer = require_write(acting_user)
    assert viewer.agency_id is not None
    _clean_link(data, agency_id=viewer.agency_id, instance=None)
    link = Link(agency_id=viewer.agency_id, created_by=acting_user, **_values(data))
    return audited_create(acting_user=acting_user, record=link, snapshot_of=link_snapshot)


def link_update(*, acting_user: Any, link: Link, data: LinkData) -> Link:
    require_write(acting_user, link.agency_id)
    _clean_link(data, agency_id=link.agency_id, instance=link)
    return audited_update(
        acting_user=acting_user, record=link, values=_values(data), snapshot_of=link_snapshot
    )


def link_delete(*, acting_user: Any, link: Link) -> None:
    require_delete(acting_user, link.agency_id)
    audited_delete(acting_user=acting_user, record=link, snapshot_of=link_snapshot)
