"""The ``persons`` and ``organisations`` sections: pairwise clustering over the gold forms."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from pipeline.evaluate.extraction import Entity
from pipeline.evaluate.matching import GoldEntity
from pipeline.evaluate.scores import Metric, prf, ratio


def score_clustering(prefix: str, gold: list[GoldEntity], entities: Iterable[Entity]) -> list[Metric]:
    """Pairwise precision/recall/F1 of the forms each entity lists together, and coverage.

    Precision and recall are ``None`` when no pair exists on that side;
    ``coverage`` (share of gold forms listed by some entity) is reported
    beside them so that listing nothing is not rewarded.
    """
    forms = frozenset().union(*(g.forms for g in gold))
    gold_pairs = {frozenset(p) for g in gold for p in combinations(sorted(g.forms), 2)}
    together: set[frozenset[str]] = set()
    listed: set[str] = set()
    for entity in entities:
        own = sorted(entity.variants & forms)
        listed.update(own)
        together.update(frozenset(p) for p in combinations(own, 2))
    tp = len(together & gold_pairs)
    return [
        *prf(prefix, tp, len(gold_pairs), len(together)),
        Metric(f"{prefix}.coverage", ratio(len(listed), len(forms)), len(forms)),
    ]
