"""Stable ids: the same input and code give the same ids on every run."""

from __future__ import annotations

import hashlib

from pipeline.lexicon import fold

__all__ = ["doc_scoped", "entity_id", "fold"]


def doc_scoped(doc_id: str, prefix: str, n: int) -> str:
    """An id for the n-th record of some kind in a document, e.g. ``3fa2...-p0007``."""
    return f"{doc_id[:16]}-{prefix}{n:04d}"


def entity_id(prefix: str, key: str) -> str:
    """An id for an entity, derived from its normalised key (stable across runs)."""
    return f"{prefix}_{hashlib.sha1(fold(key).encode('utf-8')).hexdigest()[:12]}"
