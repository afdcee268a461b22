"""The report records and the small helpers every table's scorer builds metrics with."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    value: float | None  # None when the denominator is empty
    support: int  # size of the denominator (gold items, matched items, documents)


# Metrics where less is better: a count of errors and shares of gold items gone wrong.
LOWER_IS_BETTER = frozenset({
    "interventions.false_attributions", "interventions.unattributed", "interventions.wrong_speaker",
})
# Metrics that count items rather than give a share.
COUNTS = frozenset({"interventions.false_attributions"})


@dataclass(frozen=True, slots=True)
class DocumentScore:
    source: str
    gold: str
    doc_id: str
    metrics: tuple[Metric, ...]
    body: str = ""  # key of the body that held the meeting (see summary.body_of)

    def value(self, name: str) -> float | None:
        for metric in self.metrics:
            if metric.name == name:
                return metric.value
        raise KeyError(f"{name} is not scored for {self.source}")


@dataclass(frozen=True, slots=True)
class BodyScore:
    """One body's documents and each metric's mean over them (support: documents with a value)."""

    body: str  # folded key
    label: str  # the body's name as first written
    sources: tuple[str, ...]
    metrics: tuple[Metric, ...]


@dataclass(frozen=True, slots=True)
class Worst:
    """The document with the worst value of a metric (the first one in report order on a tie)."""

    metric: str
    source: str
    value: float
    tied: int  # other documents with the same value


@dataclass(frozen=True, slots=True)
class EvalReport:
    documents: tuple[DocumentScore, ...]
    means: tuple[Metric, ...]  # support = number of documents with a value
    not_in_output: tuple[str, ...]  # gold keys no output document matches
    without_gold: tuple[str, ...]  # output sources no gold file matches
    bodies: tuple[BodyScore, ...] = ()
    body_means: tuple[Metric, ...] = ()  # each body weighs once; support = number of bodies with a value
    worst: tuple[Worst, ...] = ()  # metrics where some document is below perfect


def ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def prf(prefix: str, tp: int, n_gold: int, n_extracted: int) -> list[Metric]:
    """Precision, recall and F1 of ``tp`` matches (F1 support: the gold items)."""
    f1 = 2 * tp / (n_gold + n_extracted) if n_gold + n_extracted else None
    return [
        Metric(f"{prefix}.precision", ratio(tp, n_extracted), n_extracted),
        Metric(f"{prefix}.recall", ratio(tp, n_gold), n_gold),
        Metric(f"{prefix}.f1", f1, n_gold),
    ]


def accuracy(name: str, outcomes: Sequence[bool]) -> Metric:
    return Metric(name, ratio(sum(outcomes), len(outcomes)), len(outcomes))


def metric_order(groups: Iterable[Iterable[Metric]]) -> list[str]:
    """Metric names in an order every document agrees with (the order of FORMAT.md's sections).

    Documents list different metrics (``votes.against_accuracy`` only where gold gives counts
    against), so the first document's order is not enough: the orders are merged, each name
    after every name that precedes it somewhere, ties in order of first appearance.
    """
    first: dict[str, int] = {}
    before: dict[str, set[str]] = {}
    for metrics in groups:
        names = [m.name for m in metrics]
        for k, name in enumerate(names):
            first.setdefault(name, len(first))
            before.setdefault(name, set()).update(names[:k])
    ordered: list[str] = []
    left = sorted(first, key=first.__getitem__)
    while left:
        # A cycle cannot come from the scorers (one fixed order); fall back to first appearance.
        ready = next((n for n in left if not (before[n] - set(ordered))), left[0])
        ordered.append(ready)
        left.remove(ready)
    return ordered


def means(scores: Sequence[DocumentScore | BodyScore]) -> tuple[Metric, ...]:
    """Each metric's mean over the documents (or bodies) that have a value for it."""
    values: dict[str, list[float]] = {}
    for score in scores:
        for metric in score.metrics:
            bucket = values.setdefault(metric.name, [])
            if metric.value is not None:
                bucket.append(metric.value)
    return tuple(Metric(name, sum(values[name]) / len(values[name]) if values[name] else None, len(values[name]))
                 for name in metric_order(s.metrics for s in scores))
