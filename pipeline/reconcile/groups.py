"""Union-find with cannot-link constraints, and the user's aliases (forced merges
and splits) that reconciliation applies first."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.reconcile.memo import (
    fold,
    civility_of,
)

STAGE = "minutes.reconcile.v1"
ORG_FUZZY_MIN = 92
ORG_FUZZY_MIN_LENGTH = 12


# --- union-find with cannot-link constraints --------------------------------------------

_NONE: dict[int, int] = {}  # shared, never written to


class _Groups:
    def __init__(self, labels: Sequence[dict[int, int]]) -> None:
        self.parent = list(range(len(labels)))
        # per root: split group -> which member form of that group it holds; most
        # mentions are in no split group, and share one empty mapping until merged
        # with one that is (a million mentions must not make a million dicts)
        self.labels: list[dict[int, int]] = [dict(lab) if lab else _NONE for lab in labels]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        la, lb = self.labels[ra], self.labels[rb]
        if la and lb and any(lb.get(group, member) != member for group, member in la.items()):
            return False
        if ra > rb:
            ra, rb, la, lb = rb, ra, lb, la
        self.parent[rb] = ra  # the smaller index wins: independent of call order
        if lb:
            self.labels[ra] = {**la, **lb}
            self.labels[rb] = _NONE
        return True


# --- aliases -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 18)
def _form_key(text: str) -> str:
    words = text.split()
    if len(words) > 1 and civility_of(words[0]) is not None:
        words = words[1:]
    return fold(" ".join(words))


@dataclass(frozen=True, slots=True)
class _Aliases:
    merge: tuple[frozenset[str], ...]
    split: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, aliases: Mapping[str, Any] | None) -> _Aliases:
        if not aliases:
            return cls((), ())
        unknown = set(aliases) - {"merge", "split"}
        if unknown:
            raise ValueError(f"alias file: unknown keys {sorted(unknown)} (expected 'merge' and 'split')")
        merge, split = [], []
        for name, target in (("merge", merge), ("split", split)):
            for group in aliases.get(name) or ():
                if not isinstance(group, list) or len(group) < 2 or not all(isinstance(f, str) for f in group):
                    raise ValueError(f"alias file: each '{name}' entry must be a list of two or more names, got {group!r}")
                target.append(tuple(_form_key(f) for f in group))
        return cls(tuple(frozenset(g) for g in merge), tuple(split))
