"""The ``meeting`` section: title, body and date of the document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.evaluate.extraction import as_str
from pipeline.evaluate.scores import Metric
from pipeline.evaluate.text import similarity


def score_meeting(gold: Mapping[str, Any], document: Mapping[str, Any]) -> list[Metric]:
    """Title and body as a fuzzy ratio (0 to 1, casefolded); the date right or wrong."""
    metrics = []
    for field, column in (("title", "title"), ("body", "body")):
        if field in gold:
            expected, found = as_str(gold[field]), as_str(document.get(column))
            score = 0.0 if expected is None or found is None else similarity(expected, found) / 100
            metrics.append(Metric(f"meeting.{field}", score, 1))
    if "date" in gold:
        same = as_str(gold["date"]) == as_str(document.get("meeting_date"))
        metrics.append(Metric("meeting.date", float(same), 1))
    return metrics
