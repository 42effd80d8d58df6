"""Loading the shipped vocabularies (used by the data migration and by tests)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_vocabularies(apps: Any) -> None:
    """Insert or update drugs, terms and districts; safe to run more than once."""
    Drug = apps.get_model("reference", "Drug")
    DrugTerm = apps.get_model("reference", "DrugTerm")
    District = apps.get_model("reference", "District")
    for row in read_rows("drugs.csv"):
        Drug.objects.update_or_create(
            name=row["name"],
            defaults={
                "group": row["group"],
                "tablet_weight_mg": int(row["tablet_weight_mg"])
                if row["tablet_weight_mg"]
                else None,
            },
        )
    drugs = {d.name: d for d in Drug.objects.all()}
    for row in read_rows("drug_terms.csv"):
        DrugTerm.objects.update_or_create(
            term=row["term"].lower(), defaults={"drug": drugs[row["drug"]]}
        )
    for row in read_rows("districts.csv"):
        District.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "province": row["province"]}
        )
