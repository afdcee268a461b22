"""Entity recognition's resources: candidate and token types, the patterns and
word lists it reads (``models/patterns/entities.yaml`` and the lexicons), and
the tokenisation of a paragraph into name-shaped runs."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from pipeline.io import read_model_file
from pipeline.lexicon import (
    civility_alternation,
    fold,
    fold_keep_length,
    role_alternation,
)
from pipeline.names import (
    civility_of,
    is_initial,
    org_connectors,
    org_types,
)
from pipeline.records import (
    EntityKind,
)

STAGE = "minutes.entities.v1"
PATTERNS = "patterns/entities.yaml"
MAX_NAME_TOKENS = 4
MAX_ORG_TOKENS = 9


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int  # offset in paragraph.text
    end: int
    gap: str  # "space", "comma" or "hard": what separates it from the previous token


@dataclass(slots=True)
class _Candidate:
    start: int  # offset in paragraph.text
    end: int
    kind: EntityKind
    priority: int
    para: int  # index of the paragraph
    given: str | None = None
    family: str | None = None
    civility: str | None = None
    role: str | None = None
    acronym: str | None = None
    refers_to: int | None = None  # index of another candidate in the document list


# --- resources ---------------------------------------------------------------------


@functools.cache
def _patterns() -> dict[str, Any]:
    return read_model_file(PATTERNS) or {}


@functools.cache
def _role_mention_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w'’])(?:(?P<civ>{civility_alternation()})\s+)?(?P<det>le|la|l['’])\s*(?P<role>{role_alternation()})\b",
        re.IGNORECASE,
    )


@functools.cache
def _role_after_re() -> re.Pattern[str]:
    return re.compile(_patterns()["role_after"].replace("{role}", role_alternation()), re.IGNORECASE)


@functools.cache
def _role_before_res() -> tuple[tuple[re.Pattern[str], str | None], ...]:
    return tuple(
        (re.compile(cue["pattern"].replace("{role}", role_alternation()), re.IGNORECASE), cue.get("role"))
        for cue in _patterns().get("role_before") or ()
    )


@functools.cache
def _own_body_re() -> re.Pattern[str]:
    forms = sorted(_patterns().get("own_body_complements") or (), key=len, reverse=True)
    return re.compile(r"^\s+(?:" + "|".join(re.escape(f).replace("'", "['’]") for f in forms) + r")\b", re.IGNORECASE)


@functools.cache
def _list_opener_re() -> re.Pattern[str]:
    forms = sorted(_patterns().get("list_openers") or (), key=len, reverse=True)
    return re.compile(r"(?:^|[\s(])(?:" + "|".join(re.escape(f) for f in forms) + r")\s*:", re.IGNORECASE)


@functools.cache
def _org_type_re() -> re.Pattern[str]:
    """Type forms, matched on :func:`fold_keep_length` text (accents and case
    do not count: "COMMUNAUTE DE COMMUNES")."""
    forms = sorted({fold_keep_length(f) for entry in org_types() for f in entry.get("forms") or ()}, key=len, reverse=True)
    alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]") for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


@functools.cache
def _paren_acronym_re() -> re.Pattern[str]:
    return re.compile(r"\(\s*([A-ZÀ-Þ][A-Za-zÀ-Þ0-9&.\-]{1,11})\s*\)")


@functools.cache
def _token_re() -> re.Pattern[str]:
    return re.compile(r"[^\s,;:()«»\"“”*\[\]!?/]+")


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@functools.cache
def _type_words() -> frozenset[str]:
    """Words of org types ("conseil", "ville"): never a given name."""
    words = {w for entry in org_types() for form in entry.get("forms") or () for w in fold(form).replace("'", " ").split()}
    return frozenset(words - org_connectors())


# --- tokens ----------------------------------------------------------------------------


def _tokens(text: str, raw: str) -> list[_Token]:
    """Word tokens with what separates each from the previous one; ``raw`` is
    the paragraph's text with its line breaks, which end names."""
    tokens: list[_Token] = []
    prev_end = 0
    for match in _token_re().finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        while word.endswith((".", "'", "’", "-")) and len(word) > 1 and not (is_initial(word) or civility_of(word)):
            word, end = word[:-1], end - 1
        while word.startswith(("'", "’", "-", ".")) and len(word) > 1:
            word, start = word[1:], start + 1
        gap_raw = raw[prev_end:start]
        gap = gap_raw.replace("*", "").replace("_", "")
        if "\n" in gap_raw and not gap.strip():
            kind = "line"
        elif "\n" in gap_raw or (tokens and tokens[-1].text.endswith(".") and civility_of(tokens[-1].text) is None and not is_initial(tokens[-1].text)):
            kind = "hard"
        elif not gap.strip():
            kind = "space"
        elif gap.strip() == ",":
            kind = "comma"
        else:
            kind = "hard"
        tokens.append(_Token(word, start, end, kind if tokens else "hard"))
        prev_end = end
    return tokens


def _runs(tokens: list[_Token]) -> list[list[_Token]]:
    runs: list[list[_Token]] = []
    for token in tokens:
        if token.gap == "space" and runs:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs
