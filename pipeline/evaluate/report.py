"""The report for a person (``format_report``) and for machines (``report_as_json``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.evaluate.scores import EvalReport, Metric


def _value_text(value: float | None, name: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if name.endswith("false_attributions") else f"{value:.3f}"


def format_report(report: EvalReport) -> str:
    """Each metric per document, then the mean over documents, for a person to read."""
    lines: list[str] = []
    width = max((len(m.name) for s in report.documents for m in s.metrics), default=20)
    for score in report.documents:
        lines.append(f"{score.source}  (gold: {score.gold})")
        lines += [f"  {m.name:<{width}}  {_value_text(m.value, m.name):>6}  n={m.support}" for m in score.metrics]
        lines.append("")
    if report.documents:
        lines.append(f"mean over {len(report.documents)} documents")
        lines += [f"  {m.name:<{width}}  {_value_text(m.value, m.name):>6}  docs={m.support}" for m in report.means]
    else:
        lines.append("no output document has a gold file")
    if report.not_in_output:
        lines += ["", "not in output: " + ", ".join(report.not_in_output)]
    if report.without_gold:
        lines += ["", "not scored (no gold): " + ", ".join(report.without_gold)]
    return "\n".join(lines)


def _metric_json(metrics: Iterable[Metric]) -> dict[str, dict[str, float | int | None]]:
    return {m.name: {"value": m.value, "support": m.support} for m in metrics}


def report_as_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON-ready data (for ``minutes eval --json``)."""
    return {
        "documents": [
            {"source": s.source, "gold": s.gold, "doc_id": s.doc_id, "metrics": _metric_json(s.metrics)}
            for s in report.documents
        ],
        "mean": _metric_json(report.means),
        "not_in_output": list(report.not_in_output),
        "without_gold": list(report.without_gold),
    }
