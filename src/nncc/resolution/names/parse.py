"""Reading a name field: the person's own name, the father's (or husband's), titles, problems.

Agencies write "Muhammad Asif Khan s/o Gul Khan r/o Kohat", "Mst. Shazia Bibi w/o Gul Zaman",
"محمد آصف ولد گل خان سکنہ کوہاٹ", "Haji Malik Riaz (Late)". ``parse_name`` splits such a field
at the relation marker (s/o, d/o, w/o, son of, bin, ibn, walad, ولد, بن, بنت, دختر, زوجہ, …),
drops what follows "r/o" or "سکنہ" (an address, not a name) and aliases ("alias", "urf", "@"),
removes titles (reported in ``honorifics``) and returns canonical Latin tokens in written
order. Garbage never raises: digits, emoji, empty or title-only fields give empty tokens and a
problem.

Titles: Mr, Haji, Dr, Maulana, Mst, Late are removed wherever they stand. Lineage titles (Syed,
Malik, Chaudhry, Mian, Sardar, Mirza, Khawaja, Raja, Rana, Pir, Agha, Hafiz, …) are as often
family names, so one is removed only in front of the name and only if what remains still names
someone: two or more tokens, or one uncommon token ("Malik Riaz" → riaz, but "Sardar Khan" and
"Pir Muhammad" stay as they are). "Sahib" is removed anywhere but in front ("Sahib Khan" is a
given name); "Khan Sahib" in front is a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from nncc.resolution.names.compounds import join_compounds, word_canonical
from nncc.resolution.names.script import ARABIC_LETTERS, arabic_key, clean_text
from nncc.resolution.names.table import TABLE

#: Longer fields are cut: a name is never this long, and parsing time must stay bounded.
MAX_LENGTH = 200
RELATIONS = {"s": "s/o", "d": "d/o", "w": "w/o"}


@dataclass(frozen=True, slots=True)
class ParsedName:
    """What one name field says: canonical Latin tokens in written order, titles apart."""

    tokens: tuple[str, ...] = ()
    father_tokens: tuple[str, ...] = ()  # the father's, or the husband's when relation is "w/o"
    relation: str = ""  # "s/o" | "d/o" | "w/o" | ""
    honorifics: tuple[str, ...] = ()
    script: str = ""  # "latin" | "arabic" | "mixed" | ""
    problems: tuple[str, ...] = ()
    father_honorifics: tuple[str, ...] = ()


_A = ARABIC_LETTERS
#: Urdu words for "resident of": the address follows.
_RESIDENCE = ("سکنہ", "ساکن", "ساکنہ", "سکنائے", "مقیم")
_SENTINEL = "\x01"
# Written markers, replaced by a sentinel word before the text is split into words.
_MARKERS = re.compile(
    # The lookahead lets the engine skip quickly over letters no marker starts with.
    rf"(?=[sdwrfau@{arabic_key('عمسا')}])"
    r"(?:(?<![a-z0-9])(?P<slash>[sdwr])\s*[/\\|]\s*[o0]\.?"
    r"|(?<![a-z0-9])(?P<father>f)\s*[/\\|]\s*n(?:ame)?(?![a-z])\.?"
    r"|(?<![a-z0-9])(?P<dot>[sdwr])\s*\.\s*o(?![a-z])(?![.\s]*b(?![a-z]))\.?"
    r"|(?<![a-z])(?P<words>son|daughter|wife|widow|resident)\s+of(?![a-z])"
    r"|(?<![a-z])(?:alias|urf|aka|a\s*\.\s*k\s*\.\s*a)(?![a-z])\.?|@"
    rf"|(?<![{_A}])(?P<alias>عرف|معروف|المعروف)(?![{_A}])"
    rf"|(?<![{_A}])(?P<home>{'|'.join(arabic_key(word) for word in _RESIDENCE)})(?![{_A}]))"
)
_MAYBE_MARKER = re.compile(r"[/\\|.@]|of|alias|urf|aka")
_WORD_CODES = {"son": "s", "daughter": "d", "wife": "w", "widow": "w", "resident": "r"}
#: Relation words that are markers only between two names ("bin" in "Osama bin Laden").
_RELATION_WORDS = {
    **dict.fromkeys(("bin", "ibn", "walad", "wald"), "s"),
    **dict.fromkeys(("bint", "binti"), "d"),
    **{arabic_key(word): "s" for word in ("ولد", "ولدیت", "بن", "ابن", "پسر", "فرزند")},
    **{arabic_key(word): "d" for word in ("بنت", "دختر")},
    **{arabic_key(word): "w" for word in ("زوجہ", "زوجۂ", "بیوہ", "اہلیہ", "ہمسر")},
}
_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]?")
_TOKENS = re.compile(rf"{_SENTINEL}[sdwra]|[a-z]+|[{_A}]+|\d+")
_SYMBOLS = re.compile(r"[^\w\s.,;:\-/\\|()\[\]{}\"'!?&\u060c\u061b\u061f\u06d4\x01]")
_DROPPED_KINDS = frozenset({"title", "label"})
_ARTICLES = frozenset({"al", "el"})


def parse_name(text: str) -> ParsedName:
    """Parse one name field; never raises (see the module docstring)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) <= MAX_LENGTH:
        return _parse(text)
    parsed = _parse(text[:MAX_LENGTH])
    problem = f"name longer than {MAX_LENGTH} characters; the rest was ignored"
    return replace(parsed, problems=(*parsed.problems, problem))


@lru_cache(maxsize=65536)
def _parse(text: str) -> ParsedName:
    if not text.strip():
        return ParsedName(problems=("no name given",))
    problems: list[str] = []
    cleaned = arabic_key(clean_text(text))
    if not any(char.isalpha() for char in cleaned):
        problems.append("no letters in name")
    cleaned = _brackets(cleaned, problems)
    marked = _MARKERS.sub(_sentinel, cleaned) if _may_have_markers(cleaned) else cleaned
    home = marked.find(_SENTINEL + "r")
    if home >= 0:
        marked = marked[:home]
        problems.append("address after r/o dropped")
    if _SYMBOLS.search(marked):
        problems.append("symbols dropped from name")
    words = _TOKENS.findall(marked)
    own, father, relation = _split(words, problems)
    tokens, honorifics = _name(tuple(own))
    father_tokens, father_honorifics = _name(tuple(father))
    script = _script(own + father)
    if own and not tokens:
        problems.append("name has only titles")
    elif not tokens and not father_tokens and not problems:
        problems.append("no name left")
    if relation and not father_tokens:
        problems.append(f"nothing usable after {relation}")
        relation = ""
    elif relation and not own:
        problems.append(f"no own name before {relation}")
    return ParsedName(
        tokens=tokens,
        father_tokens=father_tokens,
        relation=relation,
        honorifics=honorifics,
        script=script,
        problems=tuple(problems),
        father_honorifics=father_honorifics,
    )


def _may_have_markers(text: str) -> bool:
    return not text.isascii() or bool(_MAYBE_MARKER.search(text))


def _sentinel(match: re.Match[str]) -> str:
    if match["slash"] or match["dot"]:
        code = match["slash"] or match["dot"]
    elif match["father"]:
        code = "s"
    elif match["words"]:
        code = _WORD_CODES[match["words"]]
    elif match["home"]:
        code = "r"
    else:
        code = "a"
    return f" {_SENTINEL}{code} "


def _brackets(text: str, problems: list[str]) -> str:
    """Keep "(Late)", "(Retd)" as titles; drop other bracketed text ("(Driver)") and say so."""
    if not any(bracket in text for bracket in "([{"):
        return text

    def replace(match: re.Match[str]) -> str:
        words = _TOKENS.findall(match[1])
        if all(TABLE.kinds.get(word_canonical(word)) in _DROPPED_KINDS for word in words):
            return f" {match[1]} "
        problems.append("bracketed text dropped")
        return " "

    return _BRACKETS.sub(replace, text)


def _split(words: list[str], problems: list[str]) -> tuple[list[str], list[str], str]:
    """(own words, father's words, relation) from the words and sentinels of one field."""
    own: list[str] = []
    father: list[str] = []
    relation = ""
    target: list[str] | None = own
    digits = False
    for index, word in enumerate(words):
        code = word[1] if word[0] == _SENTINEL else _RELATION_WORDS.get(word)
        if code and word[0] != _SENTINEL:
            # "bin" and "بن" are markers only between two names.
            has_next = any(not w[0].isdigit() and w[0] != _SENTINEL for w in words[index + 1 :])
            if not ((father if relation else own) and has_next):
                code = None
        if code == "a":
            if target is not None:
                problems.append("alias dropped")
            target = None
            continue
        if code:
            if not relation:
                relation = RELATIONS[code]
                target = father
            else:
                problems.append("further relation dropped")
                target = None
            continue
        if word[0].isdigit():
            digits = True
            continue
        if target is not None:
            target.append(word)
    if digits:
        problems.append("digits dropped from name")
    return own, father, relation


@lru_cache(maxsize=65536)
def _name(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(canonical tokens, titles removed) for the words of one person's name."""
    if not words:
        return (), ()
    honorifics: list[str] = []
    kept: list[str] = []
    kinds: list[str] = []
    # "Sahib Khan" is a given name, but "Haji Sahib" is two titles: a suffix title survives
    # only as the very first word of the name.
    first_word = words[0]
    last = len(words) - 1
    for index, word in enumerate(words):
        canonical = word_canonical(word)
        kind = TABLE.kinds.get(canonical, "")
        if canonical in _ARTICLES and index < last:
            continue  # "Al Rashid", "ال" written apart: the article carries nothing of the name
        if canonical == "e" and 0 < index < last:
            continue  # the izafat of "Noor-e-Alam", "Bint-e-Hawa", often written "Noor Alam"
        if kind == "title":
            honorifics.append(canonical)
        elif kind != "label" and canonical:
            kept.append(word)
            kinds.append(kind)
    if len(kept) >= 2 and word_canonical(kept[0]) == "khan" and kinds[1] == "suffix":
        honorifics.append("khan sahib")
        kept, kinds = kept[2:], kinds[2:]
    for index in range(len(kept) - 1, -1, -1):
        if kinds[index] == "suffix" and not (index == 0 and kept[0] is first_word):
            honorifics.append(word_canonical(kept[index]))
            del kept[index], kinds[index]
    while kept and kinds[0] == "lineage":
        rest = join_compounds(kept[1:])
        if len(rest) >= 2 or (len(rest) == 1 and rest[0] not in TABLE.common):
            honorifics.append(word_canonical(kept[0]))
            kept, kinds = kept[1:], kinds[1:]
        else:
            break
    return tuple(join_compounds(kept)), tuple(honorifics)


def _script(words: list[str]) -> str:
    latin = any(word.isascii() for word in words)
    arabic = any(not word.isascii() for word in words)
    if latin and arabic:
        return "mixed"
    return "latin" if latin else ("arabic" if arabic else "")
