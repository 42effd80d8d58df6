"""Reads of the person registry, always through the viewer's visibility.

Arrests are counted and listed through their own visibility rule, not through the person's: a
person may be shared while an arrest of him by another agency is source-restricted, and counting
that arrest would reveal it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf

from nncc.kernel.access import access_object
from nncc.registry.models import Link, Person


def _arrest_model() -> Any:
    # intake depends on registry, not the reverse: reach arrests through the reverse relation.
    return Person._meta.get_field("arrests").related_model


def visible_arrests(user: Any) -> QuerySet:
    return _arrest_model().objects.visible_to(user)


def person_list(user: Any) -> QuerySet[Person]:
    """Persons the user may see, with what a list row shows, in a constant number of queries."""
    arrest_counts = (
        visible_arrests(user)
        .filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Person.objects.visible_to(user)
        .select_related("agency")
        .prefetch_related("identifiers")
        .annotate(
            arrest_count=Coalesce(Subquery(arrest_counts, output_field=IntegerField()), Value(0)),
            # Persons known only by an Urdu name sort among the others, not before them all.
            sort_name=Coalesce(NullIf("name_latin", Value("")), "name_urdu"),
            year_born=Coalesce(
                ExtractYear("date_of_birth"), "birth_year", output_field=IntegerField()
            ),
        )
    )


def person_get(user: Any, pk: Any) -> Person:
    """One person the user may see, or 404."""
    queryset = Person.objects.select_related("agency", "created_by").prefetch_related(
        "identifiers", "phones"
    )
    return access_object(queryset, user=user, pk=pk)


def person_arrests(user: Any, person: Person) -> QuerySet:
    return (
        visible_arrests(user)
        .filter(person=person)
        .select_related("agency", "district", "event")
        .order_by("-arrested_on", "-pk")
    )


@dataclass(frozen=True)
class LinkRow:
    link: Link
    outgoing: bool
    other_type: str
    #: the record at the other end, or None when the viewer may not see it
    other: Any


def person_links(user: Any, person: Person) -> list[LinkRow]:
    """Links the user may see from or to a person, with the other end if he may see it too."""
    person_type = ContentType.objects.get_for_model(Person)
    links = (
        Link.objects.visible_to(user)
        .filter(
            Q(source_type=person_type, source_id=person.pk)
            | Q(target_type=person_type, target_id=person.pk)
        )
        .select_related("agency", "source_type", "target_type")
    )
    ends: list[tuple[Link, bool, ContentType, int]] = []
    for link in links:
        outgoing = link.source_type_id == person_type.pk and link.source_id == person.pk
        if outgoing:
            ends.append((link, outgoing, link.target_type, link.target_id))
        else:
            ends.append((link, outgoing, link.source_type, link.source_id))

    wanted: dict[ContentType, set[int]] = {}
    for _, _, content_type, pk in ends:
        wanted.setdefault(content_type, set()).add(pk)
    found: dict[tuple[int, int], Any] = {}
    for content_type, ids in wanted.items():
        manager = getattr(content_type.model_class(), "objects", None)
        # A model without a visibility rule is never shown through a link.
        if manager is None or not hasattr(manager, "visible_to"):
            continue
        for pk, obj in manager.visible_to(user).in_bulk(list(ids)).items():
            found[(content_type.pk, pk)] = obj

    return [
        LinkRow(
            link=link,
            outgoing=outgoing,
            other_type=content_type.name,
            other=found.get((content_type.pk, pk)),
        )
        for link, outgoing, content_type, pk in ends
    ]
