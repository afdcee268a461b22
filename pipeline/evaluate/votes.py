"""The ``votes`` section: outcomes found in the paragraph that states them, then checked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipeline.evaluate.extraction import Extraction, as_int, as_str, missing
from pipeline.evaluate.matching import assign
from pipeline.evaluate.scores import Metric, accuracy, ratio

_COUNTS = (("for", "votes_for"), ("against", "votes_against"), ("abstain", "abstentions"))


def _checks(g: Mapping[str, Any], row: Mapping[str, Any]) -> dict[str, bool]:
    # An unknown unanimity flag reads as "not stated".
    stated = bool(not missing(row.get("unanimous")) and row.get("unanimous"))
    found = {
        "result": as_str(row.get("result")) == as_str(g.get("result")),
        "unanimous": stated == bool(g.get("unanimous")),
    }
    for field, column in _COUNTS:
        if not missing(g.get(field)):
            found[field] = as_int(row.get(column)) == int(g[field])
    return found


def score_votes(gold: Sequence[Mapping[str, Any]], ex: Extraction) -> list[Metric]:
    """Recall, precision, and accuracy of result, unanimity and each count gold gives.

    The paragraph named by ``starts`` is every paragraph holding it (repeated
    decisions share their wording); votes are matched one to one, so three
    gold votes need three extracted votes.
    """
    rows = ex.rows("votes")
    where = [ex.statement_with(str(g["starts"])) for g in gold]

    def candidates(i: int) -> Iterable[tuple[int, tuple[float, ...]]]:
        for j, row in enumerate(rows):
            if as_str(row.get("paragraph_id")) in where[i]:
                yield j, (float(sum(_checks(gold[i], row).values())),)

    matches = assign(len(gold), candidates)
    outcomes = [_checks(gold[i], rows[j]) for i, j in sorted(matches.items())]
    metrics = [
        Metric("votes.recall", ratio(len(matches), len(gold)), len(gold)),
        Metric("votes.precision", ratio(len(matches), len(rows)), len(rows)),
        accuracy("votes.result_accuracy", [o["result"] for o in outcomes]),
        accuracy("votes.unanimous_accuracy", [o["unanimous"] for o in outcomes]),
    ]
    for field, _ in _COUNTS:
        if any(not missing(g.get(field)) for g in gold):
            metrics.append(accuracy(f"votes.{field}_accuracy", [o[field] for o in outcomes if field in o]))
    return metrics
