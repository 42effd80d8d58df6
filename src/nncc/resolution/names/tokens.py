"""One name token → its canonical Latin form, and the coarse phonetic key of a token.

Canonical forms are designed for matching, not for display: every spelling of a known name maps
to one form ("Mohd", "Mohammad", "محمد" → "muhammad"); compounds become one token whichever way
they were written ("Abdur Rehman", "Abd al-Rahman", "عبدالرحمن" → "abdulrahman"; "Inayat Ullah",
"Inayatullah" → "inayatullah"; "Shams-ud-Din", "Shamsuddin" → "shamsuddin"); unknown names are
folded (``fold_latin``). ``canonical_token`` of a canonical form returns it unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nncc.resolution.names.script import (
    ARABIC_LETTERS,
    arabic_key,
    clean_text,
    fold_latin,
    transliterate,
)
from nncc.resolution.names.table import TABLE

_ARABIC = re.compile(f"[{ARABIC_LETTERS}]")
_PIECES = re.compile(f"[a-z]+|[{ARABIC_LETTERS}]+")

#: Joining words between two parts of a compound name: "Zia ul Haq", "Habib-ur-Rehman",
#: "Shams ud Din". The vowel is written u, a or e; the consonant follows the next word's.
PARTICLES = frozenset(
    {"ul", "ur", "us", "ud", "uz", "un", "ut", "ush", "al", "el", "ar", "as", "ad", "az", "an"}
)
# In front of the name they join ("Abd ar Rahman"); the a/e forms are too common as short words
# to be taken as particles between two names.
_BETWEEN_NAMES = frozenset({"ul", "ur", "us", "ud", "uz", "un", "ut", "ush"})
#: Spellings of "servant of" that join the next name into one token.
ABD_FORMS = (
    "abdush",
    "abdul",
    "abdal",
    "abdel",
    "abdil",
    "abdur",
    "abdus",
    "abduz",
    "abdud",
    "abdut",
    "abdun",
    "abdu",
    "abd",
)
_ASSIMILATED = frozenset({"abdush", "abdur", "abdus", "abduz", "abdud", "abdut", "abdun"})
ARABIC_ABD = "عبد"
ARABIC_ARTICLE = "ال"
ALLAH_FORMS = frozenset({"ullah", "ulla", "ullha", "ulah", "allah", "alla", "alah", "allha"})
#: Names that follow "Allah" in Punjabi and Saraiki compounds ("Allah Ditta", "Allah Bakhsh").
ALLAH_SECONDS = frozenset({"ditta", "rakha", "bakhsh", "dad", "yar", "nawaz", "wasaya", "dino"})
#: Second parts of compounds joined by a particle, the attributes of God and a few others.
COMPOUND_SECONDS = frozenset(
    {
        "haq", "rahman", "din", "allah", "islam", "zaman", "amin", "mulk", "nisa", "ain",
        "huda", "hassan", "hussain", "abidin", "qamar", "hadi", "bari", "karim", "majeed",
        "majid", "aziz", "hameed", "hamid", "latif", "jabbar", "ghaffar", "sattar", "qadir",
        "razzaq", "wahab", "salam", "shakoor", "ghani", "hakim", "haleem", "hafeez", "khaliq",
        "mannan", "jalil", "basit", "wadood", "samad", "qayyum", "rauf", "waheed", "wahid",
        "ahad", "mateen", "quddus", "rasheed", "rashid", "rahim", "nasir", "malik", "akbar",
    }
)  # fmt: skip
#: Latin words that mark a relation or an alias inside a name field.
RESERVED_WORDS = frozenset(
    {"bin", "ibn", "bint", "binti", "walad", "wald", "alias", "urf", "aka", "son", "of"}
)
_SUFFIX_PATTERNS: dict[str, str] = {}


def _build_suffix_patterns() -> None:
    spellings: dict[str, set[str]] = {second: {second} for second in COMPOUND_SECONDS}
    for spelling, canonical in TABLE.latin.items():
        if canonical in spellings:
            spellings[canonical].add(spelling)
    for second, forms in spellings.items():
        for form in forms:
            for particle in PARTICLES:
                _SUFFIX_PATTERNS.setdefault(particle + form, second)
    for form in ("ullah", "ulla", "ullha", "ulah", "allah", "alla"):
        _SUFFIX_PATTERNS[form] = "allah"
    for form in ("uddin", "udin", "uddeen", "udeen", "eddin", "edin", "uldin", "aldin", "addin"):
        _SUFFIX_PATTERNS[form] = "din"


_build_suffix_patterns()


def compose(first: str, second: str) -> str:
    """One token for a compound of two canonical names, the same however it was written."""
    if second == "allah":
        return first + "ullah"
    if second == "din":
        return first + "uddin"
    return first + "ul" + second


def compose_abd(second: str) -> str:
    """Join "abdul" and a canonical name; "Abd Allah" is "abdullah"."""
    return "abdullah" if second in ("allah", "ullah") else "abdul" + second


def known(spelling: str) -> str:
    """The canonical form of a Latin spelling in the table, or ""."""
    found = TABLE.latin.get(spelling)
    if found:
        return found
    folded = fold_latin(spelling)
    return TABLE.latin.get(folded) or TABLE.folded.get(folded, "")


def canonical_token(token: str) -> str:
    """The canonical Latin form of one name token in Latin or Arabic script.

    >>> canonical_token("Mohd"), canonical_token("محمد"), canonical_token("Abdurrahman")
    ('muhammad', 'muhammad', 'abdulrahman')

    A value holding several words ("Abd-ur-Rehman") is read as one name; if it does not join
    into one token the canonical tokens are returned space-separated. No letters → "".
    """
    if not isinstance(token, str):
        return ""
    return _canonical_text(token)


@lru_cache(maxsize=65536)
def _canonical_text(token: str) -> str:
    from nncc.resolution.names.compounds import join_compounds

    pieces = _PIECES.findall(clean_text(token))
    if len(pieces) == 1:
        return canonical_piece(pieces[0])
    return " ".join(join_compounds(pieces))


@lru_cache(maxsize=131072)
def canonical_piece(piece: str) -> str:
    """Canonical form of one cleaned run of letters of a single script."""
    if _ARABIC.match(piece):
        canonical = _canonical_arabic(arabic_key(piece))
    else:
        canonical = _canonical_latin(piece)
    # A name must not read back as a marker word ("بین" → "bin", "Akka" → "aka"): a trailing h
    # changes neither its phonetic key nor, read again, its canonical form.
    if canonical in RESERVED_WORDS and canonical != piece:
        return canonical + "h"
    return canonical


def _canonical_latin(spelling: str) -> str:
    found = known(spelling)
    if found:
        return found
    folded = fold_latin(spelling)
    return _split_abd(spelling) or _split_suffix(spelling) or _split_suffix(folded) or folded


def _split_abd(spelling: str) -> str:
    """Split a fused "abdurrahman", "abdulsattar", "abdussalam" → "abdul" + canonical name."""
    if not spelling.startswith("abd"):
        return ""
    for form in ABD_FORMS:
        rest = spelling[len(form) :]
        if not spelling.startswith(form) or len(rest) < 3:
            continue
        # An assimilated article doubles the next consonant: abdur-rahman, abdus-salam; "abdu"
        # is followed by the consonant itself: abdu-rehman.
        if form in _ASSIMILATED and not rest.startswith(form[4:]):
            continue
        if form == "abdu" and rest[:1] not in "rsztdnl":
            continue
        found = known(rest)
        if found:
            return compose_abd(found)
        if form in ("abdul", "abdal", "abdel", "abdil"):
            return compose_abd(canonical_piece(rest))
        return ""
    return ""


def _split_suffix(spelling: str) -> str:
    """Read a fused "ziaulhaq", "inayatullah", "shamsuddin", "habiburrehman" as a compound."""
    for start in range(1, len(spelling) - 2):
        second = _SUFFIX_PATTERNS.get(spelling[start:])
        if second is None:
            continue
        # The first part may itself be a compound ("Hassan-ul-Haq-ud-Din"), or unknown
        # ("Hizbullah"): it is made canonical on its own.
        return compose(canonical_piece(spelling[:start]), second)
    return ""


def _canonical_arabic(key: str) -> str:
    found = TABLE.arabic.get(key)
    if found:
        return found
    if key.startswith(ARABIC_ABD) and len(key) > len(ARABIC_ABD) + 1:
        rest = key[len(ARABIC_ABD) :]
        if rest.startswith(ARABIC_ARTICLE) and len(rest) > 3:
            rest = rest[len(ARABIC_ARTICLE) :]
        return compose_abd(_canonical_arabic(rest))
    # A compound written as one word: "شمس‌الدین" without its joiner, "نصراللہ".
    for start in range(2, len(key) - 2):
        if not key.startswith(ARABIC_ARTICLE, start):
            continue
        first = TABLE.arabic.get(key[:start])
        second = _canonical_arabic_second(key[start:])
        if first and second in COMPOUND_SECONDS:
            return compose(first, second)
    return _canonical_latin(transliterate(key))


def _canonical_arabic_second(key: str) -> str:
    """The canonical name of an "ال…" word that follows another name ("الدین", "اللہ")."""
    found = TABLE.arabic.get(key)
    if found:
        return found
    rest = key[len(ARABIC_ARTICLE) :] if key.startswith(ARABIC_ARTICLE) else key
    return TABLE.arabic.get(rest) or (_canonical_arabic(rest) if rest else "")


_DIGRAPHS = (
    ("sh", "X"),
    ("ch", "C"),
    ("kh", "K"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("bh", "b"),
    ("jh", "j"),
    ("rh", "r"),
    ("zh", "z"),
    ("ts", "s"),
    ("dz", "z"),
    ("c", "k"),
    ("v", "w"),
)
_SKELETON_DROP = re.compile(r"(?<=.)[aeiouwy]")
_KEY_OUT = str.maketrans({"X": "x", "C": "c", "K": "q"})


def phonetic_key(token: str) -> str:
    """A coarse key under which spelling variants of a name meet.

    The token is made canonical first, so known variants always agree ("Mohd" and "محمد" both
    give "mhmd"). For the rest the key is a consonant skeleton: q = k, ph = f, v = w, gh = g,
    aspiration (bh, dh, th) dropped, kh, sh and ch kept apart, doubled letters and a trailing h
    dropped, vowels (and w, y after the first letter, which Urdu script writes as vowels)
    removed, and a leading vowel written "a" ("yousafzai", "yusufzai" → "ysfz"; "asif",
    "aasif", "آصف" → "asf").
    """
    canonical = canonical_token(token) if isinstance(token, str) else ""
    return _key(canonical) if canonical else ""


@lru_cache(maxsize=131072)
def _key(canonical: str) -> str:
    keys = [_skeleton(part) for part in canonical.split()]
    return " ".join(key for key in keys if key)


def _skeleton(word: str) -> str:
    word = word.replace("q", "k")
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = re.sub(r"(.)\1+", r"\1", word)
    if len(word) > 1 and word.endswith("h"):
        word = word[:-1]
    if word[:1] in ("e", "i", "o", "u"):
        word = "a" + word[1:]
    word = _SKELETON_DROP.sub("", word)
    word = re.sub(r"(.)\1+", r"\1", word)
    return word.translate(_KEY_OUT)
