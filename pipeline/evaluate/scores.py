"""The report records and the small helpers every table's scorer builds metrics with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    value: float | None  # None when the denominator is empty
    support: int  # size of the denominator (gold items, matched items, documents)


@dataclass(frozen=True, slots=True)
class DocumentScore:
    source: str
    gold: str
    doc_id: str
    metrics: tuple[Metric, ...]

    def value(self, name: str) -> float | None:
        for metric in self.metrics:
            if metric.name == name:
                return metric.value
        raise KeyError(f"{name} is not scored for {self.source}")


@dataclass(frozen=True, slots=True)
class EvalReport:
    documents: tuple[DocumentScore, ...]
    means: tuple[Metric, ...]  # support = number of documents with a value
    not_in_output: tuple[str, ...]  # gold keys no output document matches
    without_gold: tuple[str, ...]  # output sources no gold file matches


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


def means(scores: Sequence[DocumentScore]) -> tuple[Metric, ...]:
    """Each metric's mean over the documents that have a value for it."""
    values: dict[str, list[float]] = {}
    for score in scores:
        for metric in score.metrics:
            bucket = values.setdefault(metric.name, [])
            if metric.value is not None:
                bucket.append(metric.value)
    return tuple(Metric(name, sum(v) / len(v) if v else None, len(v)) for name, v in values.items())
