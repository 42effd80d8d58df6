"""What the seizure and arrest forms share: blank choices, districts by province, drug terms."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from nncc.kernel.forms import link_select
from nncc.reference.geography import provinces
from nncc.reference.models import District, Drug, DrugTerm

HANDLING_HELP = (
    "<strong>Shared</strong>: every agency may see it. "
    "<strong>Restricted</strong>: your agency, partners in this joint seizure and the centre. "
    "<strong>Source restricted</strong>: your agency only, to protect a source — "
    "even the centre does not see it."
)
BLANK = "—"
#: how many choices a select of persons or events renders before the user searches
PICKER_LIMIT = 50


def blank_choice(choices: list[tuple[str, str]], label: str = BLANK) -> list[tuple[str, str]]:
    return [("", label), *choices]


def district_choices(province: str | None = None, *, blank: str = BLANK) -> list[Any]:
    """Districts for a select: one province's, or all grouped by province."""
    districts = District.objects.order_by("province", "name")
    if province:
        return blank_choice(
            [(str(d.pk), d.name) for d in districts.filter(province=province)], blank
        )
    names = provinces()
    grouped: dict[str, list[tuple[str, str]]] = {}
    for district in districts:
        grouped.setdefault(names.get(district.province, district.province), []).append(
            (str(district.pk), district.name)
        )
    return blank_choice(list(grouped.items()), blank)


def known_drug_terms() -> list[str]:
    """What the reported-term box suggests: every known local term and every UNODC name."""
    terms = set(DrugTerm.objects.values_list("term", flat=True))
    terms.update(Drug.objects.values_list("name", flat=True))
    return sorted(terms, key=str.lower)


class PlaceFieldsMixin:
    """Province and district, the district list following the province with htmx."""

    def link_district(self: Any) -> None:
        province = self["province"].value() or ""
        self.fields["district"].widget.choices = district_choices(province)
        link_select(self["province"], self["district"], reverse("intake:district_options"))
