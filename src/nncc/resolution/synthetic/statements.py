"""How an agency writes a person down: one distorted statement per record.

Each source has habits (Urdu script at the Levies and the police, capitals and passport order at
Customs and the FIA, "s/o" inside the name at police stations, which identifiers its forms ask
for). On top of them every record draws its own accidents: another Latin spelling of each name,
a dropped "Muhammad" or clan name, an initial, a one-letter typo, a title, a date of birth known
only by year or with day and month swapped, a CNIC with a wrong digit, a phone written in a
different format, an Arabic keyboard's letters in Urdu text.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from nncc.resolution.synthetic import name_lists as n
from nncc.resolution.synthetic.people import Person, Population


@dataclass(frozen=True)
class Source:
    code: str
    weight: float
    provinces: tuple[str, ...]  # where it mostly works; () = everywhere
    urdu: float = 0.03  # share of its records written in Urdu script
    upper: float = 0.1  # share written in capitals
    father: float = 0.8  # share naming the father (police forms always ask for him)
    son_of: float = 0.15  # share with "s/o Father" inside the name field
    surname_first: float = 0.03
    cnic: float = 0.4
    phone: float = 0.5
    passport: float = 0.1
    mister: float = 0.0


SOURCES = (
    Source("ANF", 3, (), urdu=0.05, father=0.85, son_of=0.25, cnic=0.5, phone=0.5, passport=0.15),
    Source(
        "CUSTOMS", 2, (), upper=0.6, father=0.7, cnic=0.55, phone=0.4, passport=0.35, mister=0.1
    ),
    Source("FC-KP", 2, ("PK-KP",), urdu=0.2, father=0.9, son_of=0.3, cnic=0.3, phone=0.45),
    Source("FC-BA", 2, ("PK-BA",), urdu=0.25, father=0.9, son_of=0.3, cnic=0.3, phone=0.45),
    Source(
        "LEVIES-BL",
        2,
        ("PK-BA",),
        urdu=0.6,
        father=0.92,
        son_of=0.4,
        cnic=0.2,
        phone=0.4,
        passport=0.02,
    ),
    Source(
        "PUNJAB-POLICE",
        3,
        ("PK-PB", "PK-IS", "PK-JK"),
        urdu=0.3,
        father=0.95,
        son_of=0.45,
        cnic=0.4,
    ),
    Source(
        "SINDH-POLICE", 2.5, ("PK-SD",), urdu=0.2, father=0.92, son_of=0.45, cnic=0.35, phone=0.45
    ),
    Source(
        "KP-POLICE", 2.5, ("PK-KP",), urdu=0.25, father=0.95, son_of=0.45, cnic=0.35, phone=0.45
    ),
    Source("ICT-POLICE", 1, ("PK-IS", "PK-PB"), urdu=0.1, father=0.95, son_of=0.4, cnic=0.45),
    Source(
        "ASF",
        0.7,
        (),
        upper=0.4,
        father=0.65,
        surname_first=0.2,
        cnic=0.45,
        passport=0.7,
        phone=0.4,
        mister=0.1,
    ),
    Source(
        "FIA",
        1,
        (),
        upper=0.5,
        father=0.7,
        surname_first=0.2,
        cnic=0.6,
        passport=0.8,
        phone=0.4,
        mister=0.1,
    ),
    Source("MSA", 0.7, ("PK-SD", "PK-BA"), upper=0.3, cnic=0.4, passport=0.4, phone=0.45),
    Source("PCG", 0.8, ("PK-SD", "PK-BA"), urdu=0.1, son_of=0.2, cnic=0.35, phone=0.45),
)
# The usual spelling about 60-75% of the time, rarer ones ever less often.
_SPELLING_WEIGHTS = (1.0, 0.35, 0.19, 0.11, 0.06, 0.035, 0.02, 0.01)
RECORDS_PER_PERSON = ((1, 2, 3, 4, 5), (0.30, 0.30, 0.20, 0.12, 0.08))
_KEYBOARD_NEIGHBOURS = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij",
    "i": "uok", "o": "ipl", "p": "ol", "a": "qsz", "s": "awxd", "d": "secf", "f": "drvg",
    "g": "ftbh", "h": "gynj", "j": "humk", "k": "jil", "l": "ko", "z": "asx", "x": "zsc",
    "c": "xdv", "v": "cfb", "b": "vgn", "n": "bhm", "m": "nj",
}  # fmt: skip
# Letters an Arabic keyboard types in place of the Urdu ones.
_ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه", "ۃ": "ة"})
_URDU_CONFUSABLE = {"ی": "ے", "ے": "ی", "ہ": "ھ", "س": "ص", "ز": "ذ", "ت": "ط", "ح": "ہ"}


def sources_for(rng: random.Random, person: Person, count: int) -> list[Source]:
    """``count`` different sources, the ones working in the person's province most likely."""
    pool = list(SOURCES)
    chosen: list[Source] = []
    for _ in range(min(count, len(pool))):
        weights = [
            s.weight * (1.0 if not s.provinces or person.province in s.provinces else 0.12)
            for s in pool
        ]
        source = rng.choices(pool, weights=weights)[0]
        pool.remove(source)
        chosen.append(source)
    return chosen


class Writer:
    def __init__(self, rng: random.Random, population: Population) -> None:
        self.rng = rng
        self.population = population

    def record(self, person: Person, source: Source) -> dict[str, str]:
        rng = self.rng
        urdu = rng.random() < source.urdu
        full_name = self.name(person, source, urdu)
        father_name = ""
        relation, relative = "s/o" if person.sex == "M" else "d/o", person.father
        if person.husband and rng.random() < 0.4:
            relation, relative = "w/o", person.husband
        if rng.random() < source.father:
            relative_text = self.relative(relative, urdu)
            if rng.random() < source.son_of:
                words, urdu_word = n.RELATION_WORDS[relation]
                joiner = urdu_word if urdu else rng.choice(words)
                full_name = f"{full_name} {joiner} {relative_text}"
                if relation != "w/o" and rng.random() < 0.15:
                    father_name = relative_text  # some forms repeat it in the father's column
            elif relation != "w/o":
                father_name = relative_text
        return {
            "source": source.code,
            "full_name": full_name,
            "father_name": father_name,
            "date_of_birth": self.birth(person.born),
            "sex": person.sex if rng.random() < 0.8 else "",
            "nationality": self.nationality(person),
            "cnic": self.cnic(person, source),
            "passport": self.document(person, source),
            "phone": self.phone(person, source),
            "district": self.district(person, source),
        }

    # --- names -------------------------------------------------------------------------------

    def name(self, person: Person, source: Source, urdu: bool) -> str:
        rng = self.rng
        units = list(person.name)
        if len(units) > 2 and units[0] in ("muhammad", "syed") and rng.random() < 0.3:
            units = units[1:]
        if len(units) > 2 and units[-1] == person.clan and rng.random() < 0.15:
            units = units[:-1]
        words = [self.spell(unit, urdu) for unit in units]
        if not urdu:
            if units[0] == "muhammad" and len(units) > 1 and rng.random() < 0.12:
                words[0] = rng.choice(("M.", "M", "Muh."))
            elif len(units) > 2 and rng.random() < 0.02:
                words[1] = words[1][0] + "."
            if rng.random() < 0.1:
                self._latin_typo(words)
            if len(words) > 1 and rng.random() < source.surname_first:
                last = words.pop()
                words.insert(0, last + ("," if rng.random() < 0.5 else ""))
        elif rng.random() < 0.05:
            self._urdu_typo(words)
        for title in reversed(person.titles):
            if rng.random() < (0.4 if title == "haji" else 0.5):
                latin, in_urdu = n.HONORIFICS[title]
                if urdu and in_urdu:
                    words.insert(0, in_urdu)
                elif not urdu:
                    words.insert(0, rng.choice(latin))
        if not urdu and rng.random() < source.mister:
            words.insert(0, rng.choice(n.HONORIFICS["mr"][0]))
        if person.nickname and rng.random() < 0.5:
            latin, in_urdu = n.ALIAS_WORDS
            words += [in_urdu if urdu else rng.choice(latin), person.nickname]
        text = " ".join(words)
        return self._script_and_case(text, source, urdu)

    def relative(self, units: list[str], urdu: bool) -> str:
        rng = self.rng
        units = list(units)
        if len(units) > 2 and units[0] == "muhammad" and rng.random() < 0.25:
            units = units[1:]
        if len(units) > 2 and rng.random() < 0.12:
            units = units[:-1]
        words = [self.spell(unit, urdu) for unit in units]
        if not urdu and rng.random() < 0.08:
            self._latin_typo(words)
        if rng.random() < 0.06:
            words.insert(0, n.HONORIFICS["haji"][1] if urdu else "Haji")
        return self._script_and_case(" ".join(words), None, urdu)

    def spell(self, key: str, urdu: bool) -> str:
        rng = self.rng
        unit = n.UNITS[key]
        if urdu:
            text = unit.urdu
            if text.startswith("عبد") and rng.random() < 0.3:
                text = "عبد " + text[3:]  # "عبدالرحمن" is also written "عبد الرحمن"
            return text
        text = rng.choices(unit.latin, weights=_SPELLING_WEIGHTS[: len(unit.latin)])[0]
        if " " in text and rng.random() < 0.08:
            text = text.replace(" ", rng.choice(("", "-")))
        return text

    def _latin_typo(self, words: list[str]) -> None:
        rng = self.rng
        candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if not candidates:
            return
        index = rng.choice(candidates)
        word = words[index]
        at = rng.randrange(1, len(word))
        kind = rng.random()
        if kind < 0.3:
            word = word[:at] + word[at + 1 :]
        elif kind < 0.55:
            word = word[:at] + word[at - 1] + word[at:]
        elif kind < 0.8:
            lower = word[at].lower()
            word = word[:at] + rng.choice(_KEYBOARD_NEIGHBOURS.get(lower, "aeiou")) + word[at + 1 :]
        elif at < len(word) - 1:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        words[index] = word

    def _urdu_typo(self, words: list[str]) -> None:
        rng = self.rng
        index = rng.randrange(len(words))
        word = words[index]
        spots = [i for i, letter in enumerate(word) if letter in _URDU_CONFUSABLE]
        if spots:
            at = rng.choice(spots)
            words[index] = word[:at] + _URDU_CONFUSABLE[word[at]] + word[at + 1 :]

    def _script_and_case(self, text: str, source: Source | None, urdu: bool) -> str:
        rng = self.rng
        if urdu:
            return text.translate(_ARABIC_KEYBOARD) if rng.random() < 0.15 else text
        upper = source.upper if source else 0.1
        roll = rng.random()
        if roll < upper:
            return text.upper()
        if roll < upper + 0.04:
            return text.lower()
        return text

    # --- other fields ------------------------------------------------------------------------

    def birth(self, born: datetime.date) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.47:
            return born.isoformat()
        if roll < 0.52:  # day and month swapped: sometimes a valid wrong date, often impossible
            return f"{born.year:04d}-{born.day:02d}-{born.month:02d}"
        if roll < 0.8:
            # A year from a stated age is a year off now and then.
            year = born.year + (rng.choice((-1, 1)) if rng.random() < 0.12 else 0)
            return f"{year:04d}"
        return ""

    def nationality(self, person: Person) -> str:
        rng = self.rng
        if rng.random() > 0.75:
            return ""
        if person.nationality == "AF" and rng.random() < 0.06:
            return "PK"  # an Afghan who claimed to be Pakistani
        return person.nationality

    def cnic(self, person: Person, source: Source) -> str:
        rng = self.rng
        if not person.cnic or rng.random() > source.cnic:
            return ""
        digits = person.cnic
        if rng.random() < 0.03:  # one digit mistyped or two swapped
            at = rng.randrange(1, 12)
            if rng.random() < 0.5:
                digits = (
                    digits[:at] + str((int(digits[at]) + rng.randint(1, 9)) % 10) + digits[at + 1 :]
                )
            else:
                digits = digits[:at] + digits[at + 1] + digits[at] + digits[at + 2 :]
        roll = rng.random()
        if roll < 0.65:
            return f"{digits[:5]}-{digits[5:12]}-{digits[12]}"
        if roll < 0.95:
            return digits
        return f"{digits[:5]} {digits[5:12]} {digits[12]}"

    def document(self, person: Person, source: Source) -> str:
        rng = self.rng
        if person.nationality == "AF":
            if person.por and (not person.passport or rng.random() < 0.6):
                return person.por if rng.random() < max(source.passport, 0.45) else ""
            if person.passport and rng.random() < max(source.passport, 0.3):
                return person.passport
            return ""
        if person.passport and rng.random() < source.passport:
            return person.passport
        return ""

    def phone(self, person: Person, source: Source) -> str:
        rng = self.rng
        if not person.phones or rng.random() > source.phone:
            return ""
        number = person.phones[0] if rng.random() < 0.7 else rng.choice(person.phones)
        if not number.startswith("+92"):
            return number if rng.random() < 0.7 else "00" + number[1:]
        national = number[3:]
        return rng.choice(
            (
                number,
                "0" + national,
                f"0{national[:3]}-{national[3:]}",
                f"92{national}",
                f"0{national[:3]} {national[3:]}",
                f"+92 {national[:3]} {national[3:]}",
            )
        )

    def district(self, person: Person, source: Source) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.8:
            return person.district if rng.random() < 0.9 else person.district.upper()
        if roll < 0.85:  # where he was caught, not where he lives
            provinces = source.provinces or (person.province,)
            options = [d for p in provinces for d in self.population.districts.get(p, [])]
            return rng.choice(options)
        return ""
