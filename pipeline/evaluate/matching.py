"""Pairing gold items with extracted ones, and naming rules for gold entities."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.evaluate.extraction import Entity
from pipeline.evaluate.text import casefolded, normalise

SPEAKER_KINDS = ("persons",)
ACTOR_KINDS = ("persons", "organisations")


def assign(n_gold: int, candidates: Callable[[int], Iterable[tuple[int, tuple[float, ...]]]]) -> dict[int, int]:
    """Each gold item takes its best extracted item, once (greedy on the score).

    ``candidates(i)`` yields (extracted index, score) pairs for gold item i;
    ties go to the gold item with fewer candidates, then to reading order.
    """
    pairs = []
    for i in range(n_gold):
        found = list(candidates(i))
        pairs.extend((score, -len(found), -i, -j, i, j) for j, score in found)
    pairs.sort(reverse=True)
    taken: set[int] = set()
    matches: dict[int, int] = {}
    for *_, i, j in pairs:
        if i not in matches and j not in taken:
            matches[i] = j
            taken.add(j)
    return matches


@dataclass(frozen=True, slots=True)
class GoldEntity:
    name: str
    forms: frozenset[str]


def gold_entities(gold: Mapping[str, Any], kinds: Iterable[str]) -> list[GoldEntity]:
    return [
        GoldEntity(str(entry["name"]), frozenset(normalise(str(f)) for f in entry.get("forms") or []))
        for kind in kinds
        for entry in gold.get(kind) or []
    ]


def forms_of(target: str, known: Sequence[GoldEntity]) -> frozenset[str]:
    """The gold forms of the entity named ``target`` (empty when gold does not list it)."""
    return next((g.forms for g in known if g.name == target), frozenset())


def names(entity: Entity | None, target: str, known: Sequence[GoldEntity]) -> bool:
    """An extracted entity stands for the gold entity named ``target``.

    It lists one of its forms (or bears its name, casefolded) and lists no
    form of another gold entity.
    """
    if entity is None:
        return False
    own = next((g for g in known if g.name == target), GoldEntity(target, frozenset({normalise(target)})))
    others = frozenset().union(*(g.forms for g in known if g.name != target)) - own.forms
    if entity.variants & others:
        return False
    return bool(entity.variants & own.forms) or casefolded(entity.name) == casefolded(target)
