"""The tables, built from the run's parts.

Reconciliation runs once over the mentions of every document, read from the
parts in the run's input order (so ids do not depend on how many workers ran
or in which order they finished); then each document's rows are made by
``export.to_tables`` and handed to a sink one document at a time, so that
only the mentions (for reconciliation) and the small per-run tables
(agenda items, for matters across meetings; persons; organisations; errors)
are held at once.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from pipeline import corrections, export, reconcile
from pipeline.parts import Part
from pipeline.records import DocumentResult, Resolution, SourceError

# Tables made once per run rather than per document.
RUN_TABLES = ("persons", "organisations", "errors", "policies")
# Documents whose rows are made together: fewer, larger frames (making a frame
# costs the same for one row as for hundreds), still a bounded memory.
CHUNK = 64


@dataclass(frozen=True, slots=True)
class Settings:
    aliases: Mapping[str, Any] = field(default_factory=dict)
    corrections: corrections.Corrections = corrections.Corrections()

    @classmethod
    def from_manifest(cls, settings: Mapping[str, Any]) -> Settings:
        """What the last run used, read again (``minutes build`` alone)."""
        from pipeline import io

        return cls(
            aliases=io.read_aliases(settings.get("aliases")),
            corrections=corrections.load_corrections(settings.get("corrections")),
        )


class Sink(Protocol):
    def add(self, name: str, frame: pd.DataFrame) -> None: ...


class MemorySink:
    """Frames kept in memory and joined at the end (``pipeline.run.run``)."""

    def __init__(self) -> None:
        self.frames: dict[str, list[pd.DataFrame]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)

    def add(self, name: str, frame: pd.DataFrame) -> None:
        self.frames[name].append(frame)
        self.counts[name] += len(frame)

    def tables(self) -> dict[str, pd.DataFrame]:
        empty = empty_tables()
        return {
            name: pd.concat(self.frames[name], ignore_index=True) if self.frames.get(name) else empty[name]
            for name in empty
        }


def empty_tables() -> dict[str, pd.DataFrame]:
    return export.to_tables([], Resolution((), ()), [])


def build(entries: Iterable[Mapping[str, Any]], load: Callable[[str], Part], settings: Settings, sink: Sink) -> list[SourceError]:
    """Reconcile, then hand every table's rows to ``sink``; returns the run's error rows.

    ``entries`` are the run's documents and unreadable paths in input order
    (``pipeline.run``); ``load`` gives a document's part.
    """
    entries = list(entries)
    documents = [e for e in entries if "doc_id" in e]
    mentions = []
    applied: set[str] = set()
    for entry in documents:
        part = load(entry["doc_id"])
        applied |= part.applied
        if part.result is not None:
            mentions.extend(part.result.mentions)
    resolution = reconcile.reconcile(mentions, aliases=corrections.merged_aliases(settings.aliases, settings.corrections))
    del mentions
    # Entity ids come from the run's resolution; rows are made a chunk of
    # documents at a time. Agenda items are set aside (with each document's
    # meeting) and made at the end: their matters link items across the whole
    # run. Persons and organisations are made once, with counts gathered on the way.
    # The whole resolution goes to each chunk (export may link a commitment's
    # actor text to a person or organisation of the run); the persons and
    # organisations tables a chunk makes are dropped (RUN_TABLES).
    per_chunk = resolution
    mention_docs: dict[str, set[str]] = defaultdict(set)
    mention_counts: dict[str, int] = defaultdict(int)
    agenda: list[DocumentResult] = []
    read_errors: list[SourceError] = []
    stage_errors: list[SourceError] = []
    chunk: list[DocumentResult] = []

    def flush() -> None:
        tables = export.to_tables(chunk, per_chunk, [])
        for name, frame in tables.items():
            if name not in RUN_TABLES:
                sink.add(name, frame)
        linked = tables["mentions"].dropna(subset=["entity_id"])
        for entity_id, doc_id in zip(linked["entity_id"], linked["doc_id"]):
            mention_docs[entity_id].add(doc_id)
            mention_counts[entity_id] += 1
        chunk.clear()

    for entry in entries:
        if "doc_id" not in entry:
            read_errors.append(SourceError(entry["source"], "read", entry["error"]))
            continue
        part = load(entry["doc_id"])
        sources = entry["sources"]
        if part.result is None:
            # Each path of an unreadable document is its own error row, as if read alone.
            read_errors.extend(dataclasses.replace(e, source=s) for s in sources for e in part.errors)
            continue
        result = _as_found_here(part.result, sources)
        stage_errors.extend(result.errors)
        agenda.append(DocumentResult(
            source=dataclasses.replace(result.source, text="", hints=()), meeting=result.meeting, policies=result.policies,
        ))
        result.policies = []
        chunk.append(result)
        if len(chunk) >= CHUNK:
            flush()
    if chunk:
        flush()
    errors = read_errors + corrections.unapplied(settings.corrections, applied) + stage_errors
    final = export.to_tables(agenda, resolution, errors)
    for name in ("persons", "organisations"):
        frame = final[name]
        ids = frame["person_id" if name == "persons" else "org_id"]
        frame["n_mentions"] = pd.array([mention_counts.get(i, 0) for i in ids], dtype=frame["n_mentions"].dtype)
        frame["n_documents"] = pd.array([len(mention_docs.get(i, ())) for i in ids], dtype=frame["n_documents"].dtype)
        sink.add(name, frame)
    sink.add("errors", final["errors"])
    sink.add("policies", final["policies"])
    return errors


def _as_found_here(result: DocumentResult, sources: list[str]) -> DocumentResult:
    """The document as this run found it: a part made by an earlier run may have
    been read at another path."""
    first, *others = sources
    if result.source.source != first:
        result.source = dataclasses.replace(result.source, source=first)
        result.errors = [dataclasses.replace(e, source=first) for e in result.errors]
    result.duplicate_sources = list(others)
    return result
