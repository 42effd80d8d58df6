"""A small generator of synthetic Pakistani and Afghan person records with known truth.

It trains the shipped parameters (``nncc.resolution.train``) and lets the tests measure pairwise
F1 without waiting for the benchmarks. Every person is reported one to four times by different
agencies, spelt differently (variants, Urdu script, initials, honorifics, order swaps, typos),
with fields missing; fathers and their sons are both present and share names, the hard negatives.
All values are invented; CNICs are random digits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from nncc.resolution.records import PersonRecord

#: canonical name → spellings agencies use (Latin variants, Urdu script)
GIVEN = {
    "muhammad": ["Muhammad", "Mohammad", "Mohd", "Muhammed", "محمد"],
    "asif": ["Asif", "Aasif", "آصف"],
    "ali": ["Ali", "علی"],
    "hussain": ["Hussain", "Hussein", "Husain", "حسین"],
    "abdul rehman": ["Abdul Rehman", "Abdur Rahman", "Abdul Rahman"],
    "ahmad": ["Ahmad", "Ahmed", "احمد"],
    "gul": ["Gul", "گل"],
    "imran": ["Imran", "عمران"],
    "tariq": ["Tariq", "Tarik", "طارق"],
    "bilal": ["Bilal", "بلال"],
    "usman": ["Usman", "Osman", "عثمان"],
    "umar": ["Umar", "Umer", "Omar", "عمر"],
    "yousaf": ["Yousaf", "Yusuf", "Yousuf", "یوسف"],
}
GIVEN_PLAIN = [
    "zahid",
    "sajid",
    "naveed",
    "farhan",
    "hamza",
    "zubair",
    "irfan",
    "shahid",
    "khalid",
    "rashid",
    "javed",
    "nadeem",
    "waqar",
    "yasir",
    "kamran",
    "faisal",
    "adnan",
    "noor",
    "sher",
    "akbar",
    "aslam",
    "anwar",
    "bashir",
    "jamil",
    "karim",
    "latif",
    "majid",
    "nasir",
    "qasim",
    "rafiq",
    "saeed",
    "sultan",
    "wali",
    "zafar",
    "ayub",
    "hayat",
    "iqbal",
    "habib",
    "ismail",
    "ibrahim",
    "jan",
    "zaman",
    "aziz",
    "daud",
    "hamid",
    "idrees",
    "junaid",
    "mansoor",
    "nawaz",
    "pervez",
    "raees",
    "salman",
    "shakeel",
    "tahir",
    "wahid",
    "yaqoob",
    "zubair",
    "abid",
    "akram",
    "amjad",
    "arshad",
    "asad",
    "azhar",
    "babar",
    "danish",
    "ehsan",
    "fahad",
    "ghulam",
    "haroon",
    "ilyas",
    "kashif",
]
FEMALE = [
    "fatima",
    "ayesha",
    "zainab",
    "khadija",
    "maryam",
    "nasreen",
    "shazia",
    "parveen",
    "rukhsana",
    "bibi",
]
SURNAMES = {
    "khan": ["Khan", "خان"],
    "yousafzai": ["Yousafzai", "Yusufzai"],
    "afridi": ["Afridi", "آفریدی"],
    "shinwari": ["Shinwari", "Shinwary"],
}
SURNAMES_PLAIN = [
    "achakzai",
    "durrani",
    "baloch",
    "qureshi",
    "awan",
    "bangash",
    "khattak",
    "mohmand",
    "orakzai",
    "wazir",
    "marwat",
    "kakar",
    "tareen",
    "niazi",
    "ghilzai",
    "popalzai",
    "noorzai",
    "alizai",
    "mengal",
    "bugti",
    "rind",
    "jamali",
    "lodhi",
    "chaudhry",
]
HONORIFICS = ["Haji", "Malik", "Mr", "Sardar"]
DISTRICTS = (
    "Quetta",
    "Pishin",
    "Chaman",
    "Zhob",
    "Loralai",
    "Sibi",
    "Kech",
    "Gwadar",
    "Khuzdar",
    "Peshawar",
    "Khyber",
    "Kohat",
    "Bannu",
    "Swat",
    "Mardan",
    "Charsadda",
    "Nowshera",
    "Mansehra",
    "Karachi",
    "Hyderabad",
    "Sukkur",
    "Lahore",
    "Multan",
    "Faisalabad",
    "Rawalpindi",
    "Sialkot",
    "Gujranwala",
    "Bahawalpur",
    "Jhelum",
    "Attock",
    "Islamabad",
    "Gilgit",
)
SOURCES = ["ANF", "CUSTOMS", "FC", "LEVIES", "POLICE", "ASF", "FIA"]


@dataclass
class _Person:
    given: list[str]
    surname: str
    father_given: list[str]
    year: int
    month: int
    day: int
    sex: str
    nationality: str
    district: str
    cnic: str
    passport: str
    por: str
    phone: str


def generate(
    persons: int = 1000, *, seed: int = 7, family_share: float = 0.2
) -> tuple[list[PersonRecord], dict[str, int]]:
    """Records in random order and the true person number of each record id."""
    rng = random.Random(seed)
    people: list[_Person] = []
    for _ in range(persons):
        if people and rng.random() < family_share:
            father = rng.choice(people)  # a son: his father's name is the father's own name
            person = _person(rng, surname=father.surname, father_given=father.given)
            person.year = min(father.year + rng.randint(18, 35), 2008)
            person.district = father.district
            if rng.random() < 0.3:
                person.phone = father.phone
        else:
            person = _person(rng)
        people.append(person)
    records: list[PersonRecord] = []
    truth: dict[str, int] = {}
    for number, person in enumerate(people):
        for _ in range(rng.choices([1, 2, 3, 4], weights=[40, 30, 18, 12])[0]):
            record_id = f"r{len(records):07d}"
            records.append(_record(rng, person, record_id))
            truth[record_id] = number
    rng.shuffle(records)
    return records, truth


def _pick_given(rng: random.Random, sex: str) -> list[str]:
    if sex == "F":
        return [rng.choice(FEMALE)]
    pool = list(GIVEN) + GIVEN_PLAIN
    tokens = [rng.choice(pool)]
    if rng.random() < 0.45 and tokens[0] != "muhammad":
        tokens.insert(0, "muhammad")
    elif rng.random() < 0.3:
        tokens.append(rng.choice(pool))
    return tokens


def _person(
    rng: random.Random, surname: str = "", father_given: list[str] | None = None
) -> _Person:
    sex = "F" if rng.random() < 0.1 else "M"
    nationality = "AF" if rng.random() < 0.25 else "PK"
    # Valid structure: province digit 1–7 first, last digit odd for men and even for women.
    digits = (
        rng.choice("1234567")
        + "".join(rng.choice("0123456789") for _ in range(11))
        + rng.choice("13579" if sex == "M" else "2468")
    )
    return _Person(
        given=_pick_given(rng, sex),
        surname=surname or rng.choice([*SURNAMES, *SURNAMES, *SURNAMES_PLAIN]),
        father_given=father_given or _pick_given(rng, "M"),
        year=rng.randint(1950, 2005),
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
        sex=sex,
        nationality=nationality,
        district=rng.choice(DISTRICTS),
        cnic=f"{digits[:5]}-{digits[5:12]}-{digits[12]}"
        if nationality == "PK" and rng.random() < 0.75
        else "",
        passport=f"{rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}{rng.randint(1000000, 9999999)}"
        if rng.random() < 0.25
        else "",
        por=f"PR{rng.randint(10**7, 10**8 - 1)}"
        if nationality == "AF" and rng.random() < 0.6
        else "",
        phone=f"03{rng.randint(0, 4)}{rng.randint(10**7, 10**8 - 1)}" if rng.random() < 0.6 else "",
    )


def _spell(rng: random.Random, canonical: str, urdu: bool) -> str:
    variants = GIVEN.get(canonical) or SURNAMES.get(canonical)
    if not variants:
        return _typo(rng, canonical.title()) if rng.random() < 0.06 else canonical.title()
    latin = [v for v in variants if v.isascii()]
    arabic = [v for v in variants if not v.isascii()]
    if urdu and arabic:
        return arabic[0]
    return rng.choice(latin)


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    operation = rng.choice(["drop", "double", "swap", "vowel"])
    if operation == "drop":
        return word[:i] + word[i + 1 :]
    if operation == "double":
        return word[:i] + word[i] + word[i:]
    if operation == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]


def _render(rng: random.Random, tokens: list[str], urdu: bool) -> list[str]:
    return [_spell(rng, token, urdu) for token in tokens]


def _record(rng: random.Random, person: _Person, record_id: str) -> PersonRecord:
    urdu = rng.random() < 0.12
    name = _render(rng, person.given, urdu)
    if rng.random() < 0.9:
        name.append(_spell(rng, person.surname, urdu))
    if len(name) > 2 and rng.random() < 0.1 and not urdu:
        name[0] = name[0][0] + "."
    if len(name) > 1 and rng.random() < 0.08:
        name = name[-1:] + name[:-1]
    if rng.random() < 0.06 and not urdu:
        name.insert(0, rng.choice(HONORIFICS))
    full_name = " ".join(name)
    father_name = ""
    if rng.random() < 0.7:
        father = " ".join(_render(rng, [*person.father_given, person.surname], urdu))
        if rng.random() < 0.3 and not urdu:
            full_name += f" {'s/o' if person.sex == 'M' else 'd/o'} {father}"
        else:
            father_name = father
    # Agencies disagree on more than spelling: the district is often where the man was
    # arrested, phones change, and sex and nationality are sometimes mistyped.
    district = person.district if rng.random() < 0.7 else rng.choice(DISTRICTS)
    phone = person.phone
    if phone and rng.random() < 0.25:
        phone = f"03{rng.randint(0, 4)}{rng.randint(10**7, 10**8 - 1)}"
    sex = person.sex if rng.random() < 0.98 else {"M": "F", "F": "M"}[person.sex]
    nationality = person.nationality if rng.random() < 0.95 else rng.choice(["PK", "AF", "IR"])
    return PersonRecord(
        record_id=record_id,
        source=rng.choice(SOURCES),
        full_name=full_name,
        father_name=father_name,
        date_of_birth=_birth(rng, person),
        sex=sex if rng.random() < 0.8 else "",
        nationality=nationality if rng.random() < 0.8 else "",
        district=district if rng.random() < 0.6 else "",
        cnics=_maybe(rng, person.cnic, 0.65, typo=0.03),
        passports=_maybe(rng, person.passport, 0.6, typo=0.02),
        pors=_maybe(rng, person.por, 0.6, typo=0.02),
        phones=_maybe(rng, phone, 0.5, typo=0.0),
    )


def _birth(rng: random.Random, person: _Person) -> str:
    roll = rng.random()
    if roll < 0.3:
        return ""
    if roll < 0.5:
        # A year of birth worked out from a stated age is often one or a few years off.
        drift = rng.choices([0, 1, 2, 3], weights=[80, 12, 5, 3])[0] * rng.choice([-1, 1])
        return str(person.year + drift)
    month, day = person.month, person.day
    if day <= 12 and rng.random() < 0.08:
        month, day = day, month
    return f"{person.year:04d}-{month:02d}-{day:02d}"


def _maybe(rng: random.Random, value: str, share: float, typo: float) -> tuple[str, ...]:
    if not value or rng.random() >= share:
        return ()
    if rng.random() < typo:
        digits = [i for i, ch in enumerate(value) if ch.isdigit()]
        i = rng.choice(digits[:-1])
        value = value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1 :]
    return (value,)


def pairwise_scores(clusters: dict[str, str], truth: dict[str, int]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering against the true person numbers."""

    def pairs(counts: dict[object, int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    by_cluster: dict[object, int] = {}
    by_truth: dict[object, int] = {}
    by_both: dict[object, int] = {}
    for record_id, cluster_id in clusters.items():
        person = truth[record_id]
        by_cluster[cluster_id] = by_cluster.get(cluster_id, 0) + 1
        by_truth[person] = by_truth.get(person, 0) + 1
        by_both[(cluster_id, person)] = by_both.get((cluster_id, person), 0) + 1
    true_positive = pairs(by_both)
    predicted, actual = pairs(by_cluster), pairs(by_truth)
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
