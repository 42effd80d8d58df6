"""Name understanding for cross-agency resolution of South and West Asian identities.

The same man is "Muhammad Asif Khan s/o Gul Khan" at one agency, "Mohd Aasif Khan" at another
and "محمد آصف خان" at a third. ``parse_name`` turns each into canonical Latin tokens designed for
matching (``("muhammad", "asif", "khan")`` all three times), the father's tokens, the titles that
were removed and the problems found; ``canonical_token`` and ``phonetic_key`` work on one token;
``COMMON_TOKENS`` names the given and clan names too common to carry weight alone.

Known names come from the package's tables (``data/name_variants.csv``, ``data/name_titles.csv``:
Latin spellings and Urdu, Pashto and Dari forms); the rest is transliterated and folded by rules.
Token order is kept and initials stay one-letter tokens ("M. Asif" → "m", "asif"): order swaps
and initials are for the comparison to weigh.
"""

from nncc.resolution.names.parse import MAX_LENGTH, ParsedName, parse_name
from nncc.resolution.names.table import TABLE
from nncc.resolution.names.tokens import canonical_token, phonetic_key

#: Very common given and clan names (muhammad, khan, ali, shah, …): a match on them alone says
#: little, so the scorer gives them less weight.
COMMON_TOKENS: frozenset[str] = TABLE.common
#: Tribe, clan and caste names (afridi, yousafzai, awan, …), and lineage titles kept as names.
CLAN_TOKENS: frozenset[str] = frozenset(
    canonical for canonical, kind in TABLE.kinds.items() if kind in ("clan", "lineage")
)
#: Names one Latin spelling serves for two: the Mehsud tribe is also written "Masood", like the
#: given name. A token agrees with the other reading too (``comparisons.typo_variants``).
SHARED_SPELLINGS: dict[str, frozenset[str]] = {
    "masood": frozenset({"mehsud"}),
    "mehsud": frozenset({"masood"}),
}

__all__ = [
    "CLAN_TOKENS",
    "COMMON_TOKENS",
    "MAX_LENGTH",
    "SHARED_SPELLINGS",
    "ParsedName",
    "canonical_token",
    "parse_name",
    "phonetic_key",
]
