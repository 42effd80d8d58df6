"""The tables of known names and titles, read once from the package's CSV files.

``data/name_variants.csv`` holds given names, father names and tribe/clan names;
``data/name_titles.csv`` honorifics, ranks and lineage titles. Each row is one canonical Latin
spelling, its kind, whether it is very common, its Latin variants and its Arabic-script forms
(``|``-separated). A form written as two words ("بی بی", "سیف اللہ") is also known joined.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from nncc.resolution.names.script import arabic_key, clean_text, fold_latin

#: given | clan: parts of a name. title: removed wherever it stands (Mr, Haji, Dr, Mst, Late).
#: lineage: a title that is as often a family name (Syed, Malik, Chaudhry, Mian): removed only in
#: front of the name. suffix: removed anywhere but in front (Sahib: "Asif Sahib", but "Sahib
#: Khan" is a given name). label: a form's field word ("name", "caste"), dropped silently.
KINDS = frozenset({"given", "clan", "title", "lineage", "suffix", "label"})
FILES = ("name_variants.csv", "name_titles.csv")


@dataclass(frozen=True)
class NameTable:
    latin: dict[str, str]  # a Latin spelling as written (lower case) → canonical
    folded: dict[str, str]  # ``fold_latin`` of a spelling → canonical, where that is unambiguous
    arabic: dict[str, str]  # ``arabic_key`` of an Arabic-script form → canonical
    kinds: dict[str, str]  # canonical → kind
    common: frozenset[str]
    conflicts: tuple[str, ...]  # spellings claimed by two canonicals (a data error; tested)


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split("|") if part.strip()]


def load_table() -> NameTable:
    latin: dict[str, str] = {}
    folded: dict[str, str] = {}
    ambiguous: set[str] = set()
    arabic: dict[str, str] = {}
    kinds: dict[str, str] = {}
    common: set[str] = set()
    conflicts: list[str] = []

    def claim(mapping: dict[str, str], key: str, canonical: str) -> None:
        if mapping.get(key, canonical) != canonical:
            conflicts.append(f"{key}: {mapping[key]} / {canonical}")
            return
        mapping[key] = canonical

    rows: list[dict[str, str]] = []
    for name in FILES:
        text = resources.files("nncc.resolution").joinpath("data", name).read_text("utf-8")
        rows.extend(csv.DictReader(text.splitlines()))
    # Canonical spellings first, so that a canonical is never taken as another name's variant.
    for row in rows:
        canonical = row["canonical"].strip()
        if row["kind"] not in KINDS:
            raise ValueError(f"unknown kind {row['kind']!r} for {canonical!r}")
        kinds[canonical] = row["kind"]
        claim(latin, canonical, canonical)
        if row["common"].strip() == "1":
            common.add(canonical)
    for row in rows:
        canonical = row["canonical"].strip()
        for variant in _split(row["latin"]):
            claim(latin, clean_text(variant), canonical)
        for form in _split(row["script"]):
            cleaned = clean_text(form)
            claim(arabic, arabic_key(cleaned.replace(" ", "")), canonical)
    for spelling, canonical in latin.items():
        key = fold_latin(spelling)
        if key in ambiguous:
            continue
        if folded.get(key, canonical) != canonical:
            ambiguous.add(key)
            del folded[key]
            continue
        folded[key] = canonical
    return NameTable(latin, folded, arabic, kinds, frozenset(common), tuple(conflicts))


TABLE = load_table()
