"""Score every output document that has a gold file, section by section."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.evaluate.amounts_dates import score_amounts, score_dates
from pipeline.evaluate.attendance import score_attendance
from pipeline.evaluate.commitments import score_commitments
from pipeline.evaluate.entities import score_clustering
from pipeline.evaluate.extraction import Extraction, document_entities, extraction, run_entities
from pipeline.evaluate.interventions import score_interventions, score_no_speaker
from pipeline.evaluate.matching import ACTOR_KINDS, gold_entities
from pipeline.evaluate.meeting import score_meeting
from pipeline.evaluate.scores import DocumentScore, EvalReport, Metric, means
from pipeline.evaluate.summary import body_of, by_body, worst_documents
from pipeline.evaluate.votes import score_votes


def gold_key(source: str) -> str:
    """The gold file a source is scored against: its file name, every suffix removed."""
    return Path(source).name.split(".")[0]


def score_document(gold: Mapping[str, Any], document: Mapping[str, Any], ex: Extraction) -> list[Metric]:
    """Every metric of the gold sections present, in the order of FORMAT.md."""
    metrics: list[Metric] = []
    if gold.get("meeting") is not None:
        metrics += score_meeting(gold["meeting"], document)
    if gold.get("attendance") is not None:
        metrics += score_attendance(gold["attendance"], ex)
    for kind in ACTOR_KINDS:
        if gold.get(kind) is not None:
            metrics += score_clustering(kind, gold_entities(gold, (kind,)), ex.entities.get(kind, {}).values())
    if gold.get("interventions") is not None:
        metrics += score_interventions(gold, ex)
    if gold.get("no_speaker") is not None:
        metrics += score_no_speaker(gold["no_speaker"], ex)
    if gold.get("amounts") is not None:
        metrics += score_amounts(gold, ex)
    if gold.get("dates") is not None:
        metrics += score_dates(gold, ex)
    if gold.get("votes") is not None:
        metrics += score_votes(gold["votes"], ex)
    if gold.get("commitments") is not None:
        metrics += score_commitments(gold, ex)
    return metrics


def evaluate(tables: Mapping[str, pd.DataFrame], golds: Mapping[str, Mapping[str, Any]]) -> EvalReport:
    """Score every output document that has a gold file; see the package docstring."""
    entities = run_entities(tables)
    documents = tables.get("documents")
    rows = [] if documents is None else documents.to_dict("records")
    scores, without_gold, scored_keys = [], [], set()
    labels: dict[str, str] = {}
    for document in rows:
        source = str(document["source"])
        key = gold_key(source)
        if key not in golds:
            without_gold.append(source)
            continue
        scored_keys.add(key)
        doc_id = str(document["doc_id"])
        local = document_entities(tables, doc_id, entities)
        metrics = score_document(golds[key], document, extraction(tables, doc_id, local))
        body, label = body_of(golds[key], document, key)
        labels.setdefault(body, label)
        scores.append(DocumentScore(source, key, doc_id, tuple(metrics), body))
    missing = tuple(key for key in golds if key not in scored_keys)
    bodies = by_body(scores, labels)
    return EvalReport(tuple(scores), means(scores), missing, tuple(without_gold),
                      bodies, means(bodies), worst_documents(scores))
