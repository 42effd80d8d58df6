"""The individuals behind the demo's person records, and how each agency writes them down.

An ``Identity`` is the real (synthetic) person: his name tokens, date of birth, CNIC, phones and
documents. ``People.record`` turns an identity into one agency's statement, with the omissions
and spelling variants of real reports; a repeat offender has several such statements.

Identity numbers are synthetic and marked so: CNICs carry the locality code ``0000``, which is
not issued, and phone numbers the ``555`` exchange, so no demo record names a real person's
number.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from nncc.demo import names
from nncc.demo.catalogue import BY_CODE
from nncc.demo.plan import PersonPlan

_CNIC_DIGIT = {
    "PK-KP": "1",
    "PK-PB": "3",
    "PK-SD": "4",
    "PK-BA": "5",
    "PK-IS": "6",
    "PK-GB": "7",
    "PK-JK": "3",
}
_MOBILE = ["300", "301", "303", "305", "306", "310", "312", "314", "315", "321", "322", "323"]
_MOBILE += ["331", "333", "334", "336", "340", "341", "342", "345", "346"]
_AFGHAN_MOBILE = ["70", "72", "77", "78", "79"]
_NORTH_BALOCHISTAN = ("BA-QTA", "BA-PSN", "BA-KAF", "BA-CHM", "BA-KSF", "BA-ZHB", "BA-LRL")
_HANDLING = (["restricted", "shared", "source_restricted"], [85, 12, 3])


@dataclass
class Identity:
    number: int
    nationality: str
    sex: str
    home: str  # province (for a Pakistani) or "" abroad
    date_of_birth: datetime.date
    given: list[str] = field(default_factory=list)
    surname: str | None = None
    father: list[str] = field(default_factory=list)
    father_surname: str | None = None
    foreign_name: str = ""
    cnic: str = ""
    por: str = ""
    tazkira: str = ""
    passport: str = ""
    phones: list[str] = field(default_factory=list)
    alias: str = ""


def _group(rng: random.Random, nationality: str, province: str, district: str) -> str:
    if nationality == "AF":
        return "afghan"
    if nationality == "IR":
        return "iranian"
    choices = {
        "PK-KP": {"pashtun": 0.9, "punjabi": 0.1},
        "PK-BA": {"pashtun": 0.7, "baloch": 0.3}
        if district in _NORTH_BALOCHISTAN
        else {"baloch": 0.85, "pashtun": 0.15},
        "PK-PB": {"punjabi": 0.9, "pashtun": 0.1},
        "PK-SD": {"sindhi": 0.5, "punjabi": 0.25, "pashtun": 0.25},
        "PK-IS": {"punjabi": 0.7, "pashtun": 0.3},
        "PK-GB": {"gilgiti": 1.0},
        "PK-JK": {"punjabi": 1.0},
    }[province]
    groups = list(choices)
    return rng.choices(groups, weights=[choices[g] for g in groups])[0]


class People:
    """Makes identities and the person records agencies keep of them."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.year = year
        self.identities: list[Identity] = []
        self.persons: list[PersonPlan] = []
        self._sequence: dict[str, int] = {}

    def identity(
        self, nationality: str, province: str, district: str, *, sex: str | None = None
    ) -> Identity:
        rng = self.rng
        if sex is None:
            sex = "F" if rng.random() < (0.03 if nationality == "PK" else 0.08) else "M"
        born = datetime.date(rng.randint(1962, self.year - 19), rng.randint(1, 12), 1)
        born += datetime.timedelta(days=rng.randint(0, 27))
        ident = Identity(
            number=len(self.identities),
            nationality=nationality,
            sex=sex,
            home=province if nationality == "PK" else "",
            date_of_birth=born,
        )
        if nationality in names.FOREIGN:
            options = [n for n, s in names.FOREIGN[nationality] if s == sex] or [
                n for n, _ in names.FOREIGN[nationality]
            ]
            ident.foreign_name = rng.choice(options)
        else:
            group = _group(rng, nationality, province, district)
            ident.given, ident.surname = names.tokens_for(rng, group, sex)
            ident.father, ident.father_surname = names.tokens_for(rng, group, "M")
            if ident.surname and ident.father_surname is None:
                ident.father_surname = ident.surname  # a family name passes to the son
        self._documents(ident, province)
        ident.alias = rng.choice(names.ALIASES) if rng.random() < 0.08 else ""
        self.identities.append(ident)
        return ident

    def _documents(self, ident: Identity, province: str) -> None:
        rng = self.rng
        if ident.nationality == "PK":
            gender = rng.choice("13579" if ident.sex == "M" else "2468")
            digit = _CNIC_DIGIT.get(province, "3")
            ident.cnic = f"{digit}0000{rng.randrange(10**7):07d}{gender}"
            ident.phones = [f"+92{rng.choice(_MOBILE)}555{rng.randrange(10**4):04d}"]
            if rng.random() < 0.25:
                ident.phones.append(f"+92{rng.choice(_MOBILE)}555{rng.randrange(10**4):04d}")
            if rng.random() < 0.15:
                letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
                ident.passport = f"{letters}000{rng.randrange(10**4):04d}"
        elif ident.nationality == "AF":
            if rng.random() < 0.6:
                ident.por = f"PoR-0000-{rng.randrange(10**6):06d}"
            if rng.random() < 0.35:
                ident.tazkira = f"1399-0000-{rng.randrange(10**5):05d}"
            mobile = f"+93{rng.choice(_AFGHAN_MOBILE)}555{rng.randrange(10**4):04d}"
            ident.phones = [mobile] if rng.random() < 0.6 else []
            if rng.random() < 0.4:
                ident.phones.append(f"+92{rng.choice(_MOBILE)}555{rng.randrange(10**4):04d}")
        elif ident.nationality == "IR":
            ident.passport = f"X0000{rng.randrange(10**4):04d}"
            if rng.random() < 0.5:
                ident.phones = [
                    f"+989{rng.choice(['12', '15', '17'])}555{rng.randrange(10**4):04d}"
                ]
        else:
            ident.passport = f"{ident.nationality}0000{rng.randrange(10**5):05d}"

    def record(
        self, ident: Identity, agency: str, *, repeat: bool = False, at_airport: bool = False
    ) -> int:
        """One agency's statement about ``ident``; returns its index in ``persons``."""
        rng = self.rng
        self._sequence[agency] = self._sequence.get(agency, 0) + 1
        record_id = f"{BY_CODE[agency].prefix}-P-{self._sequence[agency]:05d}"
        name_latin, name_urdu, father_latin, father_urdu = self._names(ident, repeat)
        date_of_birth, birth_year = self._birth(ident)
        nationality = ident.nationality if not repeat or rng.random() > 0.05 else ""
        person = PersonPlan(
            agency=agency,
            record_id=record_id,
            name_latin=name_latin,
            name_urdu=name_urdu,
            father_name_latin=father_latin,
            father_name_urdu=father_urdu,
            alias=ident.alias if ident.alias and rng.random() < 0.6 else "",
            sex=ident.sex if rng.random() < 0.96 else "U",
            date_of_birth=date_of_birth,
            birth_year=birth_year,
            nationality=nationality,
            identifiers=self._identifiers(ident, repeat, at_airport),
            phones=[self._phone(p) for p in ident.phones if rng.random() < 0.6],
            handling_code=rng.choices(*_HANDLING)[0],
            identity=ident.number,
        )
        self.persons.append(person)
        return len(self.persons) - 1

    def _names(self, ident: Identity, repeat: bool) -> tuple[str, str, str, str]:
        rng = self.rng
        if ident.foreign_name:
            name = ident.foreign_name
            if rng.random() < 0.15:
                first, _, last = name.rpartition(" ")
                name = f"{last.upper()} {first}"
            return name, "", "", ""
        drop = 0.25 if repeat else 0.08
        tokens = ident.given + ([ident.surname] if ident.surname and rng.random() > drop else [])
        father = ident.father + (
            [ident.father_surname] if ident.father_surname and rng.random() > 0.5 else []
        )
        urdu_only = rng.random() < (0.18 if repeat else 0.04)
        with_urdu = urdu_only or rng.random() < (0.45 if repeat else 0.25)
        faithful = 0.5 if repeat else 0.8
        name_latin = "" if urdu_only else names.latin(rng, tokens, faithful=faithful)
        name_urdu = names.urdu(tokens) if with_urdu else ""
        has_father = rng.random() < 0.8
        father_latin = (
            names.latin(rng, father, faithful=faithful) if has_father and not urdu_only else ""
        )
        father_urdu = names.urdu(father) if has_father and with_urdu else ""
        return name_latin, name_urdu, father_latin, father_urdu

    def _birth(self, ident: Identity) -> tuple[datetime.date | None, int | None]:
        roll = self.rng.random()
        if roll < 0.45:
            return ident.date_of_birth, None
        if roll < 0.8:
            year = ident.date_of_birth.year
            # the year "about 35" gives: often a year off
            return None, year + (self.rng.choice([-1, 1]) if self.rng.random() < 0.08 else 0)
        return None, None

    def _identifiers(
        self, ident: Identity, repeat: bool, at_airport: bool
    ) -> list[tuple[str, str, str]]:
        rng = self.rng
        found: list[tuple[str, str, str]] = []
        if ident.cnic and rng.random() < (0.55 if repeat else 0.7):
            c = ident.cnic
            written = f"{c[:5]}-{c[5:12]}-{c[12]}" if rng.random() < 0.65 else c
            found.append(("cnic", written, "PK"))
        if ident.por and rng.random() < 0.6:
            found.append(("por", ident.por, "PK"))
        if ident.tazkira and rng.random() < 0.5:
            found.append(("tazkira", ident.tazkira, "AF"))
        shown = at_airport or ident.nationality not in ("PK", "AF")
        if ident.passport and shown and rng.random() < 0.85:
            found.append(("passport", ident.passport, ident.nationality))
        return found

    def _phone(self, e164: str) -> str:
        """A number as an officer types it."""
        if not e164.startswith("+92"):
            return e164 if self.rng.random() < 0.5 else "00" + e164[1:]
        national = "0" + e164[3:]
        return self.rng.choice(
            [f"{national[:4]}-{national[4:]}", national, f"+92 {e164[3:6]} {e164[6:]}", e164]
        )
