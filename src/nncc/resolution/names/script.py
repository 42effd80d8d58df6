"""Unicode clean-up, Arabic-script letters and the Latin spelling fold used for matching.

Urdu, Pashto, Dari and Arabic keyboards type the same name with different code points (Arabic
yeh, Farsi yeh and Pashto yeh; Arabic kaf and keheh; four kinds of heh), with or without vowel
marks, tatweel or joiners. ``arabic_key`` folds all of that to one spelling per name so that the
table of known names can be looked up. Names that are not in the table are spelled out letter by
letter by ``transliterate``: Arabic script writes no short vowels, so the result is close to a
consonant skeleton ("کریم" → "krim"); ``phonetic_key`` drops vowels for the same reason, so
such a spelling still meets the Latin one ("karim") there.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Letters of the Arabic script (base letters only; marks are stripped before this is used).
ARABIC_LETTERS = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9"
)
_ARABIC_RUN = re.compile(f"[{ARABIC_LETTERS}]")

# Several code points per sound, from different keyboards and languages: one representative each.
_ARABIC_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh → Farsi yeh
        "\u0649": "\u06cc",  # alef maksura
        "\u06d0": "\u06cc",  # Pashto yeh
        "\u06cd": "\u06cc",  # Pashto yeh with tail
        "\u06ce": "\u06cc",
        "\u06d2": "\u06cc",  # Urdu yeh barree
        "\u0620": "\u06cc",
        "\u0643": "\u06a9",  # Arabic kaf → keheh
        "\u06aa": "\u06a9",
        "\u0647": "\u06c1",  # Arabic heh → heh goal
        "\u06d5": "\u06c1",  # ae
        "\u0629": "\u06c1",  # teh marbuta
        "\u06c3": "\u06c1",
        "\u06be": "\u06c1",  # do-chashmi heh (aspiration) is typed as plain heh just as often
        "\u0671": "\u0627",  # alef wasla
        "\u0672": "\u0627",
        "\u0673": "\u0627",
        "\u06ab": "\u06af",  # Pashto gaf
        "\u06ad": "\u06af",
        "\u067c": "\u0679",  # Pashto tteh
        "\u0689": "\u0688",  # Pashto ddal
        "\u0693": "\u0691",  # Pashto rreh
        "\u06bc": "\u0646",  # Pashto noon
        "\u0696": "\u0698",  # Pashto zhe
        "\u069a": "\u0634",  # Pashto x̌in (sh in the south, kh in the north)
        "\u0681": "\u0632",  # Pashto dze
        "\u0685": "\u0633",  # Pashto tse
        "\u06c7": "\u0648",
        "\u06c6": "\u0648",
        "\u06c8": "\u0648",
        "\u06cb": "\u0648",
        "\u0621": None,  # a lone hamza is spelled or left out at will
    }
)

# Letter-by-letter spelling of names the table does not know; vowels are guessed in context.
_CONSONANTS = {
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ٹ": "t",
    "ث": "s",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ڈ": "d",
    "ذ": "z",
    "ر": "r",
    "ڑ": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ں": "n",
}
_VOWEL_LETTERS = frozenset("اوی")

# Characters that change nothing about a name: joiners, direction marks, tatweel.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200d\u200e\u200f\u061c\u0640\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff",
    )
)
# Apostrophes and ayn/hamza signs inside Latin spellings ("Ma'ruf", "ʿAbd"): joined, not split.
_APOSTROPHES = dict.fromkeys(map(ord, "'`´ʼʻʿʾ’‘′"))
_ZWNJ = "\u200c"
# Latin letters with no Unicode decomposition.
_LATIN_EXTRA = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ı": "i", "ħ": "h", "æ": "ae", "œ": "oe"}
)


def clean_text(text: str) -> str:
    """Lower-case ``text`` and remove what does not belong to a name's letters.

    Vowel marks, tatweel and direction marks go; the zero-width non-joiner that Persian and Urdu
    put inside compound names ("عنایت‌اللہ") becomes a space; letters of other scripts are
    transliterated to Latin.
    """
    if text.isascii():
        return text.translate(_APOSTROPHES).lower()
    text = text.replace(_ZWNJ, " ").translate(_INVISIBLE).translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold().translate(_LATIN_EXTRA)
    if not _needs_latinising(text):
        return text
    return "".join(_latinise_char(char) for char in text)


def _needs_latinising(text: str) -> bool:
    return any(
        not char.isascii() and char.isalpha() and not _ARABIC_RUN.match(char) for char in text
    )


@lru_cache(maxsize=4096)
def _latinise_char(char: str) -> str:
    if char.isascii() or not char.isalpha() or _ARABIC_RUN.match(char):
        return char
    # Imported here: ICU takes a while to load and most name fields never need it.
    from normality import ascii_text

    return ascii_text(char).lower()


def arabic_key(token: str) -> str:
    """One spelling per name for an Arabic-script token (already cleaned by ``clean_text``)."""
    return token.translate(_ARABIC_FOLD)


def transliterate(key: str) -> str:
    """Spell an ``arabic_key`` in Latin letters, guessing the written vowels from context."""
    out: list[str] = []
    last = len(key) - 1
    for index, letter in enumerate(key):
        before = key[index - 1] if index else ""
        after = key[index + 1] if index < last else ""
        if letter in _CONSONANTS:
            out.append(_CONSONANTS[letter])
        elif letter == "ا":
            out.append("a")
        elif letter == "ع":
            # Names beginning with ayn begin with a vowel in Latin (Ali, Umar, Imran).
            out.append("a" if index == 0 else "")
        elif letter == "و":
            consonant = index == 0 or before in _VOWEL_LETTERS or after in _VOWEL_LETTERS
            out.append("w" if consonant else "u")
        elif letter == "ی":
            if index == 0 or before in "او" or after in "او":
                out.append("y")
            else:
                out.append("i")
        elif letter == "ہ":
            # A final heh after a consonant is a vowel (Fatima, Raja); elsewhere it is h or the
            # aspiration of the consonant before it (bh, ph).
            final_vowel = index == last and index > 0 and before not in _VOWEL_LETTERS
            out.append("a" if final_vowel else "h")
    return "".join(out)


_DOUBLES = re.compile(r"([a-z])\1+")
_SUFFIXES = (
    ("khail", "khel"),
    ("kheil", "khel"),
    ("khil", "khel"),
    ("zay", "zai"),
    ("zaee", "zai"),
)


def fold_latin(token: str) -> str:
    """Collapse spelling freedom in an unknown Latin name: vowel length, doubled letters.

    "Raheel" and "Rahil", "Shakeel" and "Shakil", "Zakha Khail" and "Zakhakhel" fold alike. The
    fold is idempotent (folding a folded token changes nothing), which keeps canonical tokens
    stable.
    """
    previous = ""
    while previous != token:
        previous = token
        token = token.replace("ee", "i").replace("oo", "u").replace("ou", "u")
        token = _DOUBLES.sub(r"\1", token)
        for old, new in _SUFFIXES:
            if token.endswith(old) and len(token) > len(old):
                token = token[: -len(old)] + new
                break
    return token
