"""Snippet matching: the text rules of corpus/gold/FORMAT.md.

Gold snippets are compared with case and accents kept (``normalise``),
except where a rule says "casefolded": attendance names, roles, titles and
headings are casefolded with their accents (``casefolded``, compared by a
fuzzy ratio), and amount and date texts are casefolded with accents removed,
which is ``pipeline.ids.fold`` (``plain``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from rapidfuzz import fuzz

from pipeline.ids import fold

FUZZY_THRESHOLD = 90


def normalise(text: str) -> str:
    """Snippet form of a text: markdown emphasis removed, spaces folded, case kept.

    Typographic apostrophes are folded to the straight one: gold snippets are
    typed with "'" while PDFs carry "’". Table-cell separators are spaces.
    The literal ``&nbsp;`` entity is folded too because it is how markdown
    sources write a non-breaking space.
    """
    text = text.replace("&nbsp;", " ").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    # Table cells are joined by " | " in the output; gold snippets read a row as plain text.
    text = text.replace("|", " ")
    text = text.replace("*", "")
    return " ".join(text.split())


def casefolded(text: str) -> str:
    """The snippet form casefolded, accents kept: the rules that say "casefolded" only."""
    return normalise(text).casefold()


def plain(text: str) -> str:
    """Casefolded, accent-free snippet form, for rules that say "casefolded, accents removed"."""
    return fold(normalise(text))


@cache
def _token_re() -> re.Pattern[str]:
    # Words (letters and digits) and single symbols (€, %, /, -, '...).
    return re.compile(r"[^\W_]+|[^\w\s]|_")


@cache
def _number_re() -> re.Pattern[str]:
    return re.compile(r"\d+")


def tokens(text: str) -> Counter[str]:
    """Words and symbols of the plain form, counted."""
    return Counter(_token_re().findall(plain(text)))


def text_match(gold: str, extracted: str) -> float | None:
    """How well an extracted item's text stands for a gold item's, or None.

    The extraction must contain every number of the gold text (a clipped
    ``250€`` is not ``1M250€``) and share at least half of the words and
    symbols of the longer text; the score is that shared share.
    """
    g, e = plain(gold), plain(extracted)
    if Counter(_number_re().findall(g)) - Counter(_number_re().findall(e)):
        return None
    g_tokens, e_tokens = Counter(_token_re().findall(g)), Counter(_token_re().findall(e))
    longer = max(g_tokens.total(), e_tokens.total())
    shared = (g_tokens & e_tokens).total()
    if longer == 0 or 2 * shared < longer:
        return None
    return shared / longer


def covers(ignore: str, extracted: str) -> bool:
    """An extracted text falls under an ``*_ignore`` span (either one within the other)."""
    a, b = tokens(ignore), tokens(extracted)
    if not a or not b:
        return False
    return not (a - b) or not (b - a) or text_match(ignore, extracted) is not None


def similarity(a: str, b: str) -> float:
    """Fuzzy ratio (0-100) of two texts, casefolded."""
    return fuzz.ratio(casefolded(a), casefolded(b))


def fuzzy_same(a: str | None, b: str | None) -> bool:
    """Both empty, or a fuzzy ratio of at least ``FUZZY_THRESHOLD`` casefolded."""
    if a is None or b is None:
        return a is None and b is None
    return similarity(a, b) >= FUZZY_THRESHOLD
