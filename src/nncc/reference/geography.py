"""Provinces (ISO 3166-2:PK, from pycountry) and countries (ISO 3166-1 alpha-2)."""

from __future__ import annotations

from functools import cache

import pycountry

PAKISTAN = "PK"
AFGHANISTAN = "AF"


@cache
def provinces() -> dict[str, str]:
    return {
        s.code: s.name
        for s in sorted(pycountry.subdivisions.get(country_code="PK"), key=lambda s: s.code)
    }


PROVINCE_CHOICES = list(provinces().items())


@cache
def countries() -> dict[str, str]:
    return {c.alpha_2: c.name for c in sorted(pycountry.countries, key=lambda c: c.name)}


COUNTRY_CHOICES = list(countries().items())


def country_name(code: str) -> str:
    return countries().get(code, code)
