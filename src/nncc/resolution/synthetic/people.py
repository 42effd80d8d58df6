"""The true persons behind the synthetic benchmark: names, families, documents, phones.

Persons come singly, in families (a father and his sons, or brothers: the hard negatives, who
share a father's name, a clan, a district and sometimes a phone) and in crowds (distinct men with
one very common name, such as "Muhammad Khan", living in the same district).

Identity numbers are synthetic and marked so, like the demo's: CNICs carry the locality code
``0000``, which is not issued, phones the ``555`` exchange, passports and PoR cards ``0000``; each
number is handed out once, so two persons share one only when the benchmark means it (a family
phone).
"""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

from nncc.resolution.synthetic import name_lists as n

REFERENCE_YEAR = 2025

#: (community, share of the Pakistani persons, provinces it lives in with weights)
COMMUNITIES: dict[str, tuple[float, dict[str, float]]] = {
    "pashtun": (0.30, {"PK-KP": 8, "PK-SD": 1, "PK-IS": 0.5, "PK-PB": 0.5}),
    "pashtun_ba": (0.07, {"PK-BA": 1}),
    "punjabi": (0.36, {"PK-PB": 9, "PK-IS": 1, "PK-JK": 0.7, "PK-SD": 0.6}),
    "sindhi": (0.10, {"PK-SD": 1}),
    "urdu": (0.07, {"PK-SD": 4, "PK-PB": 0.5}),
    "baloch": (0.10, {"PK-BA": 4, "PK-SD": 0.5}),
}
_NORTH_BA = ("Quetta", "Pishin", "Killa Abdullah", "Chaman", "Killa Saifullah", "Zhob", "Loralai")
_EX_FATA = (
    "Khyber",
    "Mohmand",
    "Bajaur",
    "Kurram",
    "Orakzai",
    "North Waziristan",
    "South Waziristan",
)
_KARACHI = ("Karachi South", "Karachi East", "Karachi West", "Karachi Central", "Malir", "Korangi")
AFGHAN_DISTRICTS: dict[str, float] = {
    "Peshawar": 8,
    "Nowshera": 3,
    "Khyber": 2,
    "Mardan": 1,
    "Quetta": 6,
    "Pishin": 3,
    "Killa Abdullah": 3,
    "Chaman": 3,
    "Karachi West": 2,
    "Karachi East": 1,
    "Islamabad": 1,
}
_CNIC_DIGIT = {"PK-KP": "1", "PK-PB": "3", "PK-SD": "4", "PK-BA": "5", "PK-IS": "6", "PK-GB": "7"}
_CNIC_DIGIT["PK-JK"] = "3"  # a CNIC issued in Azad Kashmir is read as Punjab's by its checkers
MOBILE_PREFIXES = tuple(f"3{d:02d}" for d in (*range(0, 10), *range(10, 17), *range(20, 26)))
MOBILE_PREFIXES += tuple(f"3{d:02d}" for d in (*range(30, 37), *range(40, 50)))
_AFGHAN_MOBILE = ("70", "72", "73", "77", "78", "79")
# Names so common that a district holds many unrelated men bearing them.
CROWD_NAMES = (
    ("muhammad", "khan"),
    ("gul", "khan"),
    ("muhammad", "ali"),
    ("muhammad", "iqbal"),
    ("ghulam", "muhammad"),
    ("noor", "muhammad"),
    ("muhammad", "hussain"),
    ("abdul_ghafoor",),
    ("muhammad", "akram"),
    ("allah_ditta",),
    ("sher", "khan"),
    ("muhammad", "aslam"),
    ("abdullah",),
    ("muhammad", "asif"),
    ("gul", "zaman"),
    ("muhammad", "arshad"),
)
CROWD_DISTRICTS = ("Peshawar", "Quetta", "Karachi East", "Khyber", "Lahore", "Killa Abdullah")
# Parents often give brothers rhyming names.
RHYMES = (
    ("asif", "arif", "atif"),
    ("imran", "irfan", "kamran", "rizwan"),
    ("naveed", "javed", "waheed"),
    ("shahid", "zahid", "sajid", "majid", "wajid"),
    ("nadeem", "naeem", "saleem"),
    ("akram", "aslam", "arshad", "amjad"),
    ("tariq", "khalid", "tahir"),
    ("usman", "umar", "bilal"),
    ("faisal", "adnan", "farhan"),
)
# Clan names passed from father to son in these communities (often but not always for Punjabis).
_PATRILINEAL = {"pashtun": 0.9, "pashtun_ba": 0.9, "baloch": 0.9, "sindhi": 0.85, "afghan": 0.8}


@dataclass
class Person:
    person_id: str
    community: str
    sex: str
    nationality: str
    name: list[str]  # name units, in order
    father: list[str]
    husband: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    born: datetime.date = datetime.date(1980, 1, 1)
    district: str = ""
    province: str = ""
    cnic: str = ""  # 13 digits
    passport: str = ""
    por: str = ""
    phones: list[str] = field(default_factory=list)  # E.164
    nickname: str = ""

    @property
    def clan(self) -> str:
        return self.name[-1] if self.name and self.name[-1] in _CLAN_KEYS else ""


_CLAN_KEYS = {key for keys, _ in n.CLANS.values() for key in keys} | set(n.SYED_CLANS[0])


def _pick(rng: random.Random, table: tuple[tuple[str, ...], tuple[float, ...]]) -> str:
    return rng.choices(table[0], weights=table[1])[0]


def _districts() -> dict[str, list[str]]:
    by_province: dict[str, list[str]] = {}
    data = resources.files("nncc.reference").joinpath("data", "districts.csv")
    with data.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_province.setdefault(row["province"], []).append(row["name"])
    return by_province


class Population:
    """Makes persons; every random choice comes from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.persons: list[Person] = []
        self.districts = _districts()
        self.all_districts = [d for names in self.districts.values() for d in names]
        self._used: set[str] = set()

    # --- names -------------------------------------------------------------------------------

    def male_name(self, community: str) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if community == "afghan":
            return self._afghan_name(roll)
        if community in ("pashtun", "pashtun_ba"):
            if roll < 0.35:
                given = [*self._muhammad(0.3), _pick(rng, n.COMMON_GIVEN)]
            elif roll < 0.75:
                given = self._two_part()
            elif roll < 0.92:
                given = [_pick(rng, n.ULLAH)]
            else:
                given = ["muhammad"]
            return self._with_clan(given, community, 0.85)
        if community == "punjabi":
            if roll < 0.5:
                given = [*self._muhammad(0.5), _pick(rng, n.COMMON_GIVEN)]
                if rng.random() < 0.2:
                    given.append(_pick(rng, n.SECOND_ELEMENT))
            elif roll < 0.65:
                given = ["ghulam", _pick(rng, n.GHULAM_SECOND)]
            elif roll < 0.75:
                given = [_pick(rng, n.PUNJABI_GIVEN)]
            elif roll < 0.88:
                given = [_pick(rng, n.COMMON_GIVEN), _pick(rng, n.SECOND_ELEMENT)]
            else:
                given = ["muhammad", _pick(rng, n.SECOND_ELEMENT)]
            return self._with_clan(given, community, 0.5)
        if community == "sindhi":
            if roll < 0.3:
                given = [_pick(rng, n.SINDHI_GIVEN)]
            elif roll < 0.5:
                given = ["ghulam", _pick(rng, n.GHULAM_SECOND)]
            else:
                given = [*self._muhammad(0.25), _pick(rng, n.COMMON_GIVEN)]
            return self._with_clan(given, community, 0.85)
        if community == "urdu":
            if roll < 0.12:
                given = ["syed", *self._muhammad(0.2), _pick(rng, n.COMMON_GIVEN)]
                return self._distinct([*given, _pick(rng, n.SYED_CLANS)])
            given = [*self._muhammad(0.4), _pick(rng, n.COMMON_GIVEN)]
            return self._with_clan(given, community, 0.6)
        # Baloch
        if roll < 0.5:
            given = [_pick(rng, n.BALOCH_GIVEN)]
            if rng.random() < 0.5:
                given.append(rng.choice(("khan", "muhammad", "jan", "karim")))
        else:
            given = [*self._muhammad(0.15), _pick(rng, n.COMMON_GIVEN)]
        return self._with_clan(given, community, 0.9)

    def _afghan_name(self, roll: float) -> list[str]:
        rng = self.rng
        if roll < 0.3:
            given = [_pick(rng, n.ULLAH)]
        elif roll < 0.5:
            given = self._two_part()
        elif roll < 0.7:
            given = [*self._muhammad(0.35), _pick(rng, n.AFGHAN_GIVEN)]
            if rng.random() < 0.4:
                given.append(rng.choice(("agha", "jan", "gul", "ahmad", "shah")))
        else:
            given = [*self._muhammad(0.3), _pick(rng, n.COMMON_GIVEN)]
        return self._with_clan(given, "afghan", 0.5)

    def _muhammad(self, probability: float) -> list[str]:
        return ["muhammad"] if self.rng.random() < probability else []

    def _two_part(self) -> list[str]:
        first = _pick(self.rng, n.PASHTUN_FIRST)
        second = _pick(self.rng, n.PASHTUN_SECOND)
        return [first, second] if first != second else [first, "khan"]

    def _with_clan(self, given: list[str], community: str, probability: float) -> list[str]:
        if self.rng.random() < probability or given == ["muhammad"]:
            clan = _pick(self.rng, n.CLANS[community])
            if clan == given[-1] or (clan == "khan" and given[-1] == "khan"):
                return self._distinct(given)
            return self._distinct([*given, clan])
        return self._distinct(given)

    @staticmethod
    def _distinct(units: list[str]) -> list[str]:
        return list(dict.fromkeys(units))

    def female_name(self) -> list[str]:
        name = [_pick(self.rng, n.FEMALE_GIVEN)]
        if self.rng.random() < 0.45:
            name.append(_pick(self.rng, n.FEMALE_SUFFIX))
        return name

    # --- persons -----------------------------------------------------------------------------

    def person(
        self,
        community: str,
        *,
        sex: str = "M",
        name: list[str] | None = None,
        father: list[str] | None = None,
        district: str = "",
        age: int | None = None,
    ) -> Person:
        rng = self.rng
        nationality = "AF" if community == "afghan" else "PK"
        if not district:
            district, province = self.home(community)
        else:
            province = self.province_of(district)
        if name is None:
            name = self.male_name(community) if sex == "M" else self.female_name()
        if father is None:
            father = self.male_name(community)
            clan = name[-1] if name[-1] in _CLAN_KEYS else ""
            if clan and rng.random() < _PATRILINEAL.get(community, 0.6):
                father = self._distinct([*[u for u in father if u not in _CLAN_KEYS], clan])
        age = age if age is not None else 17 + min(int(rng.gammavariate(2.0, 8.0)), 55)
        born = datetime.date(REFERENCE_YEAR - age, 1, 1) + datetime.timedelta(rng.randrange(365))
        person = Person(
            person_id=f"P{len(self.persons) + 1:06d}",
            community=community,
            sex=sex,
            nationality=nationality,
            name=name,
            father=father,
            born=born,
            district=district,
            province=province,
        )
        if sex == "F" and rng.random() < 0.5:
            person.husband = self.male_name(community)
        self._titles(person, age)
        self._documents(person)
        if rng.random() < 0.02:
            person.nickname = rng.choice(n.NICKNAMES)
        self.persons.append(person)
        return person

    def home(self, community: str) -> tuple[str, str]:
        rng = self.rng
        if community == "afghan":
            weights = list(AFGHAN_DISTRICTS.values())
            district = rng.choices(list(AFGHAN_DISTRICTS), weights=weights)[0]
            return district, self.province_of(district)
        provinces = COMMUNITIES[community][1]
        province = rng.choices(list(provinces), weights=list(provinces.values()))[0]
        choices = self.districts[province]
        if community == "pashtun_ba":
            choices = list(_NORTH_BA)
        elif province == "PK-BA" and community == "baloch":
            choices = [d for d in choices if d not in _NORTH_BA]
        elif province == "PK-SD" and community in ("pashtun", "urdu", "punjabi"):
            choices = [*_KARACHI, "Hyderabad"]
        # Big cities hold more people: the first districts of each province are the large ones.
        weights = [3.0 if i < 3 else 1.0 for i in range(len(choices))]
        return rng.choices(choices, weights=weights)[0], province

    def province_of(self, district: str) -> str:
        for province, names in self.districts.items():
            if district in names:
                return province
        raise KeyError(district)

    def _titles(self, person: Person, age: int) -> None:
        rng = self.rng
        if person.sex != "M":
            return
        if age > 45 and rng.random() < 0.3:
            person.titles.append("haji")
        community = person.community
        if community in ("punjabi", "pashtun") and rng.random() < 0.06:
            person.titles.append("malik")
        if community == "punjabi" and rng.random() < 0.06:
            person.titles.append("chaudhry")
        if community == "baloch" and rng.random() < 0.08:
            person.titles.append("sardar")
        if community in ("pashtun", "afghan", "pashtun_ba") and rng.random() < 0.03:
            person.titles.append("maulvi")
        if rng.random() < 0.02:
            person.titles.append(rng.choice(("hafiz", "mian")))

    # --- documents ---------------------------------------------------------------------------

    def _unique(self, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in self._used:
                self._used.add(value)
                return value

    def _documents(self, person: Person) -> None:
        rng = self.rng
        if person.nationality == "PK":
            digit = _CNIC_DIGIT[person.province]
            if person.district in _EX_FATA:
                digit = "2"
            gender = rng.choice("13579" if person.sex == "M" else "2468")
            person.cnic = self._unique(lambda: f"{digit}0000{rng.randrange(10**7):07d}{gender}")
            if rng.random() < (0.15 if person.community in ("punjabi", "urdu") else 0.07):
                person.passport = self._unique(
                    lambda: (
                        "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
                        + f"000{rng.randrange(10**4):04d}"
                    )
                )
            if rng.random() < 0.92:
                person.phones.append(self.mobile())
            if rng.random() < 0.2:
                person.phones.append(self.mobile())
        else:
            if rng.random() < 0.65:
                person.por = self._unique(lambda: f"PoR-0000-{rng.randrange(10**6):06d}")
            if rng.random() < 0.25:
                person.passport = self._unique(lambda: f"P0000{rng.randrange(10**5):05d}")
            if rng.random() < 0.55:
                person.phones.append(self.mobile())
            if rng.random() < 0.3:
                person.phones.append(
                    self._unique(
                        lambda: f"+93{rng.choice(_AFGHAN_MOBILE)}555{rng.randrange(10**4):04d}"
                    )
                )

    def mobile(self) -> str:
        rng = self.rng
        return self._unique(
            lambda: f"+92{rng.choice(MOBILE_PREFIXES)}555{rng.randrange(10**4):04d}"
        )

    # --- groups ------------------------------------------------------------------------------

    def community(self) -> str:
        if self.rng.random() < 0.14:
            return "afghan"
        names = list(COMMUNITIES)
        return self.rng.choices(names, weights=[COMMUNITIES[c][0] for c in names])[0]

    def single(self) -> list[Person]:
        community = self.community()
        sex = "F" if self.rng.random() < (0.08 if community == "afghan" else 0.05) else "M"
        return [self.person(community, sex=sex)]

    def family(self) -> list[Person]:
        """A father and sons, or brothers alone: same father's name, clan and district."""
        rng = self.rng
        community = self.community()
        with_father = rng.random() < 0.6
        father_age = rng.randint(44, 75)
        father = self.person(community, age=father_age)
        members = [father] if with_father else []
        if not with_father:
            self.persons.remove(father)  # he is only a name on his sons' records
        clan = father.clan
        sons = rng.choice((1, 2, 2, 3, 3, 4)) if with_father else rng.choice((2, 2, 3, 4))
        rhyme = list(rng.choice(RHYMES)) if rng.random() < 0.35 else []
        rng.shuffle(rhyme)
        age = father_age - rng.randint(20, 32)
        for index in range(sons):
            name = self.male_name(community)
            if clan and rng.random() < _PATRILINEAL.get(community, 0.6):
                name = self._distinct([*[u for u in name if u not in _CLAN_KEYS], clan])
            if index < len(rhyme):
                name = self._distinct(["muhammad", rhyme[index]] + ([clan] if clan else []))
            elif rng.random() < 0.06:
                name = self._distinct(["muhammad", *father.name])  # the son carries his name
            son = self.person(
                community,
                name=name,
                father=list(father.name),
                district=father.district,
                age=max(age, 16),
            )
            members.append(son)
            age -= rng.randint(1, 4)
        if rng.random() < 0.35:  # a family phone that several of them give
            shared = self.mobile()
            for member in members:
                if rng.random() < 0.7:
                    member.phones.insert(0, shared)
        return members

    def crowd(self) -> list[Person]:
        """Distinct men with one very common name in one district."""
        rng = self.rng
        name = list(rng.choice(CROWD_NAMES))
        district = rng.choice(CROWD_DISTRICTS)
        community = {"PK-KP": "pashtun", "PK-BA": "pashtun_ba", "PK-SD": "urdu"}.get(
            self.province_of(district), "punjabi"
        )
        crowd = []
        for _ in range(rng.randint(3, 6)):
            father = list(rng.choice(CROWD_NAMES)) if rng.random() < 0.5 else None
            crowd.append(self.person(community, name=list(name), father=father, district=district))
        return crowd
