"""Joining the words of one name into canonical tokens.

Compound names are written as one word, two words or three: "Abdur Rehman" / "Abd-ur-Rehman" /
"Abdurrahman", "Zia ul Haq" / "Ziaul Haq" / "Ziaulhaq", "Inayat Ullah" / "Inayatullah",
"Shams-ud-Din" / "Shamsuddin" / "Shams Din", "Yousaf Zai" / "Yousafzai", "Allah Ditta" /
"Alladitta", "شمس الدین" / "شمس‌الدین". They all become one token here, so two records agree
on it whichever way each agency wrote it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from nncc.resolution.names.script import arabic_key, clean_text
from nncc.resolution.names.table import TABLE
from nncc.resolution.names.tokens import (
    _ARABIC,
    _BETWEEN_NAMES,
    ABD_FORMS,
    ALLAH_FORMS,
    ALLAH_SECONDS,
    ARABIC_ARTICLE,
    COMPOUND_SECONDS,
    PARTICLES,
    _canonical_arabic_second,
    canonical_piece,
    compose,
    compose_abd,
    known,
)

_ABD = frozenset(ABD_FORMS)
# Tests below look at canonical forms, never at the spelling: a second reading of the canonical
# tokens must take the same decisions, so that parsing is idempotent.
_TRIBE_SUFFIX_SPELLINGS = (
    "zai",
    "zay",
    "zaey",
    "zaee",
    "khel",
    "khail",
    "kheil",
    "khil",
    "زئی",
    "زی",
    "خیل",
)
_TRIBE_SUFFIXES = frozenset(
    canonical_piece(arabic_key(clean_text(suffix))) for suffix in _TRIBE_SUFFIX_SPELLINGS
)
_ALLAH = frozenset({"allah"} | {canonical_piece(form) for form in ALLAH_FORMS})
_BETWEEN = frozenset(canonical_piece(particle) for particle in _BETWEEN_NAMES)
_PARTICLES = frozenset(canonical_piece(particle) for particle in PARTICLES) | {"al"}
_FUSED_PARTICLES = ("ul", "ur", "us", "ud", "uz", "un")
#: Kinds a joined token may not become: titles are removed before words are joined.
_NOT_JOINED = frozenset({"title", "lineage", "suffix", "label"})
#: Rounds of joining before giving up on a fixed point (compounds of compounds are rare).
_ROUNDS = 4


def join_compounds(surfaces: Sequence[str]) -> tuple[str, ...]:
    """Canonical tokens for the cleaned words of one name, compounds joined.

    Joining is repeated on its own result until nothing changes, so that the tokens returned
    join to themselves ("Yousaf Zai Khel" → "yousafzai" + "khel" → "yousafzaikhel").
    """
    tokens = _join_once(tuple(surfaces))
    for _ in range(_ROUNDS):
        again = _join_once(tokens)
        if again == tokens:
            break
        tokens = again
    return tokens


@lru_cache(maxsize=65536)
def _join_once(surfaces: tuple[str, ...]) -> tuple[str, ...]:
    words = [_word(surface) for surface in surfaces]
    out: list[str] = []
    index = 0
    while index < len(words):
        token, used = _merge(words, index)
        if used and TABLE.kinds.get(token) not in _NOT_JOINED:
            out.append(token)
            index += used
            continue
        if words[index].canonical:
            out.append(words[index].canonical)
        index += 1
    return tuple(out)


class _Word:
    __slots__ = ("arabic", "canonical", "key", "surface")

    def __init__(self, surface: str) -> None:
        self.surface = surface
        self.arabic = bool(_ARABIC.match(surface))
        self.key = arabic_key(surface) if self.arabic else surface
        canonical = canonical_piece(surface)
        if self.arabic and self.key.startswith(ARABIC_ARTICLE) and self.key not in TABLE.arabic:
            canonical = _canonical_arabic_second(self.key) or canonical
        self.canonical = canonical


@lru_cache(maxsize=65536)
def _word(surface: str) -> _Word:
    return _Word(surface)


def word_canonical(surface: str) -> str:
    """The canonical form of one written word as joining sees it (an Arabic article dropped)."""
    return _word(surface).canonical


def _merge(words: list[_Word], index: int) -> tuple[str, int]:
    """(joined token, words used) for a compound starting at ``index``, or ("", 0)."""
    word = words[index]
    count = len(words)
    following = words[index + 1] if index + 1 < count else None
    if following is None or not word.canonical or not following.canonical:
        return "", 0
    first, second = word.canonical, following.canonical
    if first in _ABD:
        second_at = index + 1
        if second in _PARTICLES and index + 2 < count and words[index + 2].canonical:
            second_at += 1
        return compose_abd(_second(words[second_at])), second_at - index + 1
    joined = _joined(word, following)
    if joined:
        return joined, 2
    if second in _BETWEEN and index + 2 < count:
        third = _second(words[index + 2])
        if third in COMPOUND_SECONDS:
            return compose(first, third), 3
    if following.arabic and following.key.startswith(ARABIC_ARTICLE):
        third = _second(following)
        if third in COMPOUND_SECONDS:
            return compose(first, third), 2
    if second in _ALLAH:
        after = words[index + 2].canonical if index + 2 < count else ""
        if not (second == "allah" and after in ALLAH_SECONDS):
            return compose(first, "allah"), 2
    if second == "din":
        return compose(first, "din"), 2
    if second in _TRIBE_SUFFIXES:
        return canonical_piece(first + second), 2
    if first == "allah" and second in ALLAH_SECONDS:
        return "allah" + second, 2
    fused = _fused_particle(first, second)
    if fused:
        return fused, 2
    return "", 0


def _joined(word: _Word, following: _Word) -> str:
    """A known name written as two words: "Shah Nawaz", "Abu Bakar", "بی بی", "بسم اللہ"."""
    candidates = [TABLE.latin.get(word.canonical + following.canonical, "")]
    if word.arabic and following.arabic:
        candidates.append(TABLE.arabic.get(word.key + following.key, ""))
    elif not word.arabic and not following.arabic:
        candidates.append(TABLE.latin.get(word.surface + following.surface, ""))
    return next((found for found in candidates if found), "")


def _second(word: _Word) -> str:
    if word.arabic:
        return _canonical_arabic_second(word.key) or word.canonical
    return word.canonical


def _fused_particle(first: str, second: str) -> str:
    """Read "Ziaul Haq", "Habibur Rehman": the particle is written onto the first name."""
    if second not in COMPOUND_SECONDS or len(first) < 5 or TABLE.kinds.get(first):
        return ""
    for particle in _FUSED_PARTICLES:
        if first.endswith(particle):
            stem = known(first[: -len(particle)])
            if stem:
                return compose(stem, second)
    return ""
