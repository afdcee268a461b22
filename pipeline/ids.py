"""Stable ids: the same input and code give the same ids on every run."""

from __future__ import annotations

import functools
import hashlib
import unicodedata


def doc_scoped(doc_id: str, prefix: str, n: int) -> str:
    """An id for the n-th record of some kind in a document, e.g. ``3fa2...-p0007``."""
    return f"{doc_id[:16]}-{prefix}{n:04d}"


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Casefold, strip accents, fold hyphens and whitespace: the key names group on."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("-", " ").replace("\u2019", "'")
    return " ".join(stripped.casefold().split())


def entity_id(prefix: str, key: str) -> str:
    """An id for an entity, derived from its normalised key (stable across runs)."""
    return f"{prefix}_{hashlib.sha1(fold(key).encode('utf-8')).hexdigest()[:12]}"
