"""Scores beyond one document: the mean over bodies and the worst document per metric.

A mean over documents lets fifty meetings of one council hide one bad
association, and counts a meeting scored in three renderings (text, PDF,
scan) three times. The mean over bodies gives each body one weight: the mean
of its documents first, then the mean of those.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pipeline.evaluate.extraction import as_str
from pipeline.evaluate.scores import LOWER_IS_BETTER, BodyScore, DocumentScore, Worst, means, metric_order
from pipeline.ids import fold


def body_of(gold: Mapping[str, Any], document: Mapping[str, Any], key: str) -> tuple[str, str]:
    """The (folded key, label) of the body that held a meeting.

    The gold ``meeting.body`` where it is annotated, else the body the output
    found, else the gold file's key (the file stem, kept as it is: an
    identifier, not a name): a document is then a body of its own rather than
    merged with others of unknown body.
    """
    meeting = gold.get("meeting") or {}
    for name in (as_str(meeting.get("body")), as_str(document.get("body"))):
        if name is not None and fold(name):
            return fold(name), name
    return key, key


def by_body(scores: Sequence[DocumentScore], labels: Mapping[str, str]) -> tuple[BodyScore, ...]:
    """Each body's documents, in the order bodies first appear, with their mean metrics."""
    groups: dict[str, list[DocumentScore]] = {}
    for score in scores:
        groups.setdefault(score.body, []).append(score)
    return tuple(
        BodyScore(body, labels.get(body, body), tuple(s.source for s in group), means(group))
        for body, group in groups.items()
    )


def _perfect(name: str) -> float:
    return 0.0 if name in LOWER_IS_BETTER else 1.0


def worst_documents(scores: Sequence[DocumentScore]) -> tuple[Worst, ...]:
    """For each metric some document scores below perfect, the document that scores worst."""
    found: dict[str, list[tuple[float, str]]] = {}
    for score in scores:
        for metric in score.metrics:
            if metric.value is not None:
                found.setdefault(metric.name, []).append((metric.value, score.source))
    result = []
    for name in metric_order(s.metrics for s in scores):
        values = found.get(name)
        if not values:
            continue
        sign = 1.0 if name in LOWER_IS_BETTER else -1.0
        # max() keeps the first of equal values: report order decides ties.
        value, source = max(values, key=lambda pair: sign * pair[0])
        if value != _perfect(name):
            tied = sum(v == value for v, _ in values) - 1
            result.append(Worst(name, source, value, tied))
    return tuple(result)
