"""Registry statements as the resolution core reads them.

``record_of`` maps one ``registry.Person`` (one agency's statement) onto the core's
``PersonRecord``; ``records_of`` does the same for many persons in a fixed number of queries.
``strong_ids_of`` gives the document numbers that may never disagree inside one identity.
The core is imported when first needed, so the registry's pages work without it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from nncc.registry.models import Identifier, IdentifierKind, Person, Phone

#: identifier kinds that name one individual; an identity never holds two values of one kind.
#: A NICOP carries the holder's CNIC number, so it counts as a CNIC.
STRONG_KINDS = {
    IdentifierKind.CNIC: "cnic",
    IdentifierKind.NICOP: "cnic",
    IdentifierKind.PASSPORT: "passport",
    IdentifierKind.POR_CARD: "por",
}


def _date_of_birth(person: Person) -> str:
    if person.date_of_birth:
        return person.date_of_birth.isoformat()
    return str(person.birth_year) if person.birth_year else ""


def _build(person: Person, identifiers: list[tuple[str, str]], phones: list[str]) -> Any:
    from nncc.resolution.records import PersonRecord

    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, value in identifiers:
        strong = STRONG_KINDS.get(kind)  # type: ignore[call-overload]
        if strong and value not in by_kind[strong]:
            by_kind[strong].append(value)
    return PersonRecord(
        record_id=str(person.pk),
        source=str(person.agency_id),
        full_name=person.name_latin or person.name_urdu,
        father_name=person.father_name_latin or person.father_name_urdu,
        date_of_birth=_date_of_birth(person),
        sex=person.sex if person.sex in ("M", "F") else "",
        nationality=person.nationality,
        # No district: a statement has no home district, and the district of an arrest says
        # where a courier was caught, not who he is (measured on the demo, it split true pairs).
        cnics=tuple(by_kind["cnic"]),
        passports=tuple(by_kind["passport"]),
        pors=tuple(by_kind["por"]),
        phones=tuple(phones),
    )


def records_of(persons: Iterable[Person]) -> dict[int, Any]:
    """Person id → ``PersonRecord`` for every person given, in three queries."""
    persons = list(persons)
    ids = [p.pk for p in persons]
    identifiers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, kind, value in Identifier.objects.filter(person_id__in=ids).values_list(
        "person_id", "kind", "value"
    ):
        identifiers[person_id].append((kind, value))
    phones: dict[int, list[str]] = defaultdict(list)
    for person_id, e164 in Phone.objects.filter(person_id__in=ids).values_list("person_id", "e164"):
        phones[person_id].append(e164)
    return {p.pk: _build(p, identifiers[p.pk], phones[p.pk]) for p in persons}


def record_of(person: Person) -> Any:
    """One statement as the core's ``PersonRecord``."""
    return records_of([person])[person.pk]


def strong_ids_of(person_ids: Iterable[int]) -> dict[int, dict[str, set[str]]]:
    """Person id → {"cnic" | "passport" | "por": numbers}, as the registry stores them."""
    found: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    rows = Identifier.objects.filter(
        person_id__in=list(person_ids), kind__in=list(STRONG_KINDS)
    ).values_list("person_id", "kind", "value")
    for person_id, kind, value in rows:
        found[person_id][STRONG_KINDS[kind]].add(value)  # type: ignore[index]
    return found


def _union(strong: dict[int, dict[str, set[str]]], persons: Iterable[int]) -> dict[str, set[str]]:
    union: dict[str, set[str]] = defaultdict(set)
    for person_id in persons:
        for kind, values in strong.get(person_id, {}).items():
            union[kind] |= values
    return union


def strong_conflict(
    strong: dict[int, dict[str, set[str]]], side_a: Iterable[int], side_b: Iterable[int]
) -> str:
    """The kind of hard document on which two groups of statements disagree, or "".

    The batch clustering's rule (``clustering.hard_conflict``): only CNICs and PoR cards, numbers
    a man keeps for life, forbid a merge; a passport is renewed under a new number, so two
    passports weigh against a match in scoring but do not forbid it.
    """
    from nncc.resolution.clustering import hard_conflict

    return hard_conflict(_union(strong, side_a), _union(strong, side_b))
