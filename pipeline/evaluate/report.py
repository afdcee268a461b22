"""The report for a person (``format_report``) and for machines (``report_as_json``).

The text report is a matrix, metrics as rows and documents as columns
(``d1``, ``d2``... named in a legend), then the same by body (``b1``...),
then the worst document of each metric; columns wrap to fit ``width``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pipeline.evaluate.scores import COUNTS, EvalReport, Metric

_CELL = 5  # "0.93", "n/a", "12"


def _value_text(value: float | None, name: str) -> str:
    if value is None:
        return "n/a"
    if name in COUNTS:
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    return f"{value:.2f}"


def _matrix(names: Sequence[str], columns: Sequence[tuple[str, dict[str, Metric]]], width: int) -> list[str]:
    """Rows of metric values under column labels, split into blocks no wider than ``width``.

    A blank cell is a metric not scored there (its gold section is missing);
    ``n/a`` is a metric with an empty denominator.
    """
    name_width = max((len(n) for n in names), default=6)
    per_block = max(1, (width - name_width) // (_CELL + 1))
    lines: list[str] = []
    for start in range(0, len(columns), per_block):
        block = columns[start : start + per_block]
        if lines:
            lines.append("")
        lines.append(f"{'metric':<{name_width}}" + "".join(f" {label:>{_CELL}}" for label, _ in block))
        for name in names:
            cells = []
            for _, metrics in block:
                metric = metrics.get(name)
                cells.append("" if metric is None else _value_text(metric.value, name))
            lines.append(f"{name:<{name_width}}" + "".join(f" {cell:>{_CELL}}" for cell in cells))
    return lines


def _short(source: str) -> str:
    return Path(source).name


def format_report(report: EvalReport, *, width: int = 120) -> str:
    """Each metric per document and its mean, then per body and the mean over bodies, then the
    worst document of each metric, for a person to read in a terminal ``width`` columns wide."""
    if not report.documents:
        lines = ["no output document has a gold file"]
    else:
        doc_label = {s.source: f"d{n}" for n, s in enumerate(report.documents, 1)}
        body_label = {b.body: f"b{n}" for n, b in enumerate(report.bodies, 1)}
        names = [m.name for m in report.means]
        lines = [f"{len(report.documents)} documents"]
        # The gold file is the source's name without suffixes; the body is named below.
        lines += [f"  {doc_label[s.source]:>4}  {s.source}  ({body_label[s.body]})" for s in report.documents]
        lines.append("")
        columns = [(doc_label[s.source], {m.name: m for m in s.metrics}) for s in report.documents]
        lines += _matrix(names, [*columns, ("mean", {m.name: m for m in report.means})], width)
        lines += ["", f"{len(report.bodies)} bodies (each weighs once in the body mean)"]
        for b in report.bodies:
            lines += _wrapped(f"  {body_label[b.body]:>4}  {b.label}  ",
                              [f"({', '.join(doc_label[s] for s in b.sources)})"], width)
        lines.append("")
        columns = [(body_label[b.body], {m.name: m for m in b.metrics}) for b in report.bodies]
        lines += _matrix(names, [*columns, ("mean", {m.name: m for m in report.body_means})], width)
        lines += ["", "worst document per metric (metrics where every document is perfect are left out)"]
        if not report.worst:
            lines.append("  none")
        name_width = max((len(w.metric) for w in report.worst), default=0)
        for w in report.worst:
            tied = f" (+{w.tied} tied)" if w.tied else ""
            lines.append(f"  {w.metric:<{name_width}} {_value_text(w.value, w.metric):>{_CELL}}  "
                         f"{doc_label[w.source]} {_short(w.source)}{tied}")
    if report.not_in_output:
        lines += ["", *_wrapped("not in output: ", report.not_in_output, width)]
    if report.without_gold:
        lines += ["", *_wrapped("not scored (no gold): ", report.without_gold, width)]
    return "\n".join(lines)


def _wrapped(prefix: str, items: Sequence[str], width: int) -> list[str]:
    """``prefix`` then the items, comma-separated, wrapped at ``width`` (an item is never cut)."""
    return textwrap.wrap(prefix + ", ".join(items), width, subsequent_indent="    ",
                         break_long_words=False, break_on_hyphens=False)


def _metric_json(metrics: Iterable[Metric]) -> dict[str, dict[str, float | int | None]]:
    return {m.name: {"value": m.value, "support": m.support} for m in metrics}


def report_as_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON-ready data (for ``minutes eval --json``)."""
    gold = {s.source: s.gold for s in report.documents}
    return {
        "documents": [
            {"source": s.source, "gold": s.gold, "doc_id": s.doc_id, "body": s.body, "metrics": _metric_json(s.metrics)}
            for s in report.documents
        ],
        "mean": _metric_json(report.means),
        "by_body": {
            "bodies": [
                {"body": b.body, "label": b.label, "sources": list(b.sources), "metrics": _metric_json(b.metrics)}
                for b in report.bodies
            ],
            "mean": _metric_json(report.body_means),
        },
        "worst": {
            w.metric: {"source": w.source, "gold": gold[w.source], "value": w.value, "tied": w.tied}
            for w in report.worst
        },
        "not_in_output": list(report.not_in_output),
        "without_gold": list(report.without_gold),
    }
