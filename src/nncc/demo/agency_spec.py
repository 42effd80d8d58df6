"""What the demo knows about an agency, and the compact way its weights are written."""

from __future__ import annotations

from dataclasses import dataclass, field

from nncc.demo.places import districts, in_province

_WEIGHTS: dict[str, tuple[list[str], list[float]]] = {}


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    kind: str
    contact: str
    share: float  # of the year's seizure events
    districts: dict[str, float]
    settings: dict[str, float]
    size: float
    arrest_rate: float
    prefix: str  # of its own record ids
    partners: tuple[str, ...] = ()
    #: unit code → (unit name, provinces or district codes it covers); empty: a unit per district
    units: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    unit_label: str = ""  # "District Police {district}" for per-district units
    eradicates: float = 0.0  # share of eradication records
    illegal_stay: tuple[str, ...] = ()  # provinces where it arrests for illegal stay

    def weights(self) -> tuple[list[str], list[float]]:
        """Districts it works in and their weights."""
        if self.code not in _WEIGHTS:
            _WEIGHTS[self.code] = self._weights()
        return _WEIGHTS[self.code]

    def _weights(self) -> tuple[list[str], list[float]]:
        chosen: dict[str, float] = {}
        for key, weight in self.districts.items():
            if not key.startswith("*"):
                chosen[key] = weight
        for key, weight in self.districts.items():
            if key.startswith("*"):
                for code in in_province(key[1:]):
                    chosen.setdefault(code, weight)
        codes = list(chosen)
        return codes, [chosen[c] for c in codes]

    def unit_for(self, district: str) -> tuple[str, str] | None:
        """(code, name) of the unit that covers a district, if the agency has one there."""
        if not self.units:
            if not self.unit_label:
                return None
            return district, self.unit_label.format(district=districts()[district].name)
        province = districts()[district].province
        for code, (name, covers) in self.units.items():
            if district in covers:
                return code, name
        for code, (name, covers) in self.units.items():
            if province in covers:
                return code, name
        return None


def w(text: str) -> dict[str, float]:
    """Weights written compactly: "BA-QTA:6 *PK-BA:1.5" → {"BA-QTA": 6.0, "*PK-BA": 1.5}."""
    return {key: float(value) for key, value in (item.split(":") for item in text.split())}
