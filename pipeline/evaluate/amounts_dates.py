"""The ``amounts`` and ``dates`` sections: items matched by paragraph and text, then valued.

An extracted item is left out of precision when an ``*_ignore`` span lies in
its paragraph and one text holds the other's words. Amount values must agree
within 0.5 % on ``value`` and, where the gold gives them, on ``value_max``
and ``value_eur`` (so 10 MF read as euros is wrong); dates on ``value`` and
``value_end``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pipeline.evaluate.extraction import Extraction, as_float, as_str, missing
from pipeline.evaluate.matching import assign
from pipeline.evaluate.scores import Metric, accuracy, prf, ratio
from pipeline.evaluate.text import covers, normalise, text_match

MONEY_TOLERANCE = 0.005


def _item_paragraphs(entry: Mapping[str, Any], ex: Extraction) -> set[str]:
    """The paragraphs an amount or date may lie in: named by ``starts``, else holding its text."""
    text = str(entry["text"])
    if entry.get("starts") is None:
        return set(ex.paragraphs_with(text))
    named = ex.paragraphs_with(str(entry["starts"]))
    with_text = set(ex.paragraphs_with(text))
    holding = [p for p in named if p in with_text]
    return set(holding or named)


def _close(expected: Any, found: float | None) -> bool:
    if missing(expected):
        return True
    if found is None:
        return False
    return abs(found - float(expected)) <= MONEY_TOLERANCE * abs(float(expected)) if expected else found == 0


def amount_ok(gold: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    return (not missing(gold.get("value")) and _close(gold.get("value"), as_float(row.get("value")))
            and _close(gold.get("value_max"), as_float(row.get("value_max")))
            and _close(gold.get("value_eur"), as_float(row.get("value_eur"))))


def date_ok(gold: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    return (as_str(gold.get("value")) == as_str(row.get("value"))
            and as_str(gold.get("value_end")) == as_str(row.get("value_end")))


def score_items(prefix: str, gold: Sequence[Mapping[str, Any]], ignore: Sequence[Any], ex: Extraction,
                value_ok: Callable[[Mapping[str, Any], Mapping[str, Any]], bool]) -> list[Metric]:
    """Precision, recall, F1 of the matches; value accuracy over them; ``correct`` over gold."""
    rows = ex.rows(prefix)
    where = [_item_paragraphs(g, ex) for g in gold]
    texts = [as_str(r.get("text")) or "" for r in rows]

    def candidates(i: int) -> Iterable[tuple[int, tuple[float, ...]]]:
        for j, row in enumerate(rows):
            if as_str(row.get("paragraph_id")) in where[i]:
                score = text_match(str(gold[i]["text"]), texts[j])
                if score is not None:
                    yield j, (score, float(value_ok(gold[i], row)))

    matches = assign(len(gold), candidates)
    matched = set(matches.values())
    paragraph_texts = {p.row_id: p.text for p in ex.paragraphs}

    def ignored(j: int) -> bool:
        # The span must be in the item's paragraph: a stray "2009" elsewhere is no page header.
        around = paragraph_texts.get(as_str(rows[j].get("paragraph_id")) or "", "")
        return any(normalise(str(span)) in around and covers(str(span), texts[j]) for span in ignore)

    n_ignored = sum(j not in matched and ignored(j) for j in range(len(rows)))
    right = [value_ok(gold[i], rows[j]) for i, j in sorted(matches.items())]
    return [
        *prf(prefix, len(matches), len(gold), len(rows) - n_ignored),
        accuracy(f"{prefix}.value_accuracy", right),
        Metric(f"{prefix}.correct", ratio(sum(right), len(gold)), len(gold)),
    ]


def score_amounts(gold: Mapping[str, Any], ex: Extraction) -> list[Metric]:
    return score_items("amounts", gold["amounts"], gold.get("amounts_ignore") or [], ex, amount_ok)


def score_dates(gold: Mapping[str, Any], ex: Extraction) -> list[Metric]:
    return score_items("dates", gold["dates"], gold.get("dates_ignore") or [], ex, date_ok)
