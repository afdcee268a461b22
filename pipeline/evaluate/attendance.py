"""The ``attendance`` section: rows matched on casefolded family name and status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipeline.evaluate.extraction import Extraction, as_str
from pipeline.evaluate.matching import assign
from pipeline.evaluate.scores import Metric, accuracy, prf
from pipeline.evaluate.text import casefolded, fuzzy_same


def score_attendance(gold: Sequence[Mapping[str, Any]], ex: Extraction) -> list[Metric]:
    """Precision, recall, F1; role and organisation accuracy over the matched rows.

    A gold ``null`` role or organisation is right only when the row has none
    either (a role invented for a bare name is wrong).
    """
    rows = ex.rows("attendance")

    def key(family: Any, status: Any) -> tuple[str, str]:
        return casefolded(as_str(family) or ""), (as_str(status) or "").casefold()

    def role_ok(g: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
        return fuzzy_same(as_str(g.get("role")), as_str(row.get("role")))

    def org_ok(g: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
        expected, text = as_str(g.get("org")), as_str(row.get("organisation"))
        entity = ex.entity(as_str(row.get("org_id")), ("organisations",))
        if expected is None:
            return text is None and entity is None
        names = [text] + ([entity.name, *entity.variants] if entity else [])
        return any(fuzzy_same(expected, name) for name in names if name is not None)

    def candidates(i: int) -> Iterable[tuple[int, tuple[float, ...]]]:
        g = gold[i]
        for j, row in enumerate(rows):
            if key(g.get("family"), g.get("status")) == key(row.get("family_name"), row.get("status")):
                yield j, (float(role_ok(g, row) + org_ok(g, row)),)

    matches = assign(len(gold), candidates)
    return [
        *prf("attendance", len(matches), len(gold), len(rows)),
        accuracy("attendance.role_accuracy", [role_ok(gold[i], rows[j]) for i, j in sorted(matches.items())]),
        accuracy("attendance.org_accuracy", [org_ok(gold[i], rows[j]) for i, j in sorted(matches.items())]),
    ]
