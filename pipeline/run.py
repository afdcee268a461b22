"""The run: source files in, tables out.

Documents stream through the per-document stages in batches; one
``nlp.pipe`` call covers all paragraphs of a batch. Reconciliation runs once
over the mentions of the whole run, then the tables are built. A file that
fails at any stage becomes a row of the ``errors`` table with a message, and
the run goes on with the next file.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from pipeline import (
    amounts,
    attendance,
    commitments,
    corrections,
    dates,
    entities,
    export,
    ingest,
    io,
    reconcile,
    speakers,
    structure,
    votes,
)
from pipeline.config import Config
from pipeline.nlp import components_for, load_nlp
from pipeline.records import DocumentResult, Meeting, ParagraphKind, SourceError

log = logging.getLogger(__name__)

# Paragraph kinds that go through spaCy: attendance lists are read by rules.
NLP_KINDS = frozenset(ParagraphKind) - {ParagraphKind.ATTENDANCE}


@dataclass(frozen=True, slots=True)
class RunResult:
    tables: dict  # table name -> pandas DataFrame
    documents: list[DocumentResult]
    errors: list[SourceError]


def run(paths: Sequence[str | Path], config: Config = Config(), *, on_document: Callable[[str], None] | None = None) -> RunResult:
    """Process files and folders into the output tables (not written: see ``run_to``)."""
    results: list[DocumentResult] = []
    errors: list[SourceError] = []
    fixes = corrections.load_corrections(config.corrections)  # a bad file is refused before any work
    applied: set[str] = set()
    nlp = load_nlp() if config.needs_nlp else None
    for batch in _batched(io.iter_sources(paths), config.batch_size):
        loaded = []
        for source_file in batch:
            document = _read_and_structure(source_file, config, errors)
            if document is not None:
                applied |= corrections.apply_to_document(document, fixes)  # before the model-based stages use speakers, amounts, dates
                loaded.append(document)
            if on_document:
                on_document(source_file.source)
        if nlp is not None and loaded:
            _nlp_stages(loaded, nlp, config, errors)
        results.extend(loaded)
    mentions = [m for r in results for m in r.mentions]
    try:
        resolution = reconcile.reconcile(mentions, aliases=corrections.merged_aliases(io.read_aliases(config.aliases), fixes))
    except (OSError, ValueError) as exc:
        # A broken alias file must not cost the run: reconcile without it, and say so.
        errors.append(SourceError(str(config.aliases), "reconcile", f"alias file not applied: {exc}"))
        resolution = reconcile.reconcile(mentions, aliases=corrections.merged_aliases(None, fixes))
    errors.extend(corrections.unapplied(fixes, applied))
    errors.extend(e for r in results for e in r.errors)
    tables = export.to_tables(results, resolution, errors)
    return RunResult(tables=tables, documents=results, errors=errors)


def run_to(paths: Sequence[str | Path], config: Config = Config(), **kwargs) -> RunResult:
    """Run and write every table into ``config.out_dir``."""
    result = run(paths, config, **kwargs)
    io.write_tables(result.tables, config.out_dir)
    return result


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, max(1, size))):
        yield chunk


def _read_and_structure(source_file: io.SourceFile, config: Config, errors: list[SourceError]) -> DocumentResult | None:
    """Stages that need no spaCy model: ingest, structure, attendance, speakers, amounts, dates, votes."""
    try:
        data = io.read_source(source_file, max_bytes=config.max_bytes)
    except io.ReadError as exc:
        errors.append(SourceError(source_file.source, "read", str(exc)))
        return None
    doc_id = io.content_hash(data)
    try:
        source = ingest.ingest(data, source=source_file.source, doc_id=doc_id, ocr=config.ocr, ocr_lang=config.ocr_lang)
    except ingest.IngestError as exc:
        errors.append(SourceError(source_file.source, "ingest", str(exc), doc_id))
        return None

    try:
        built = structure.build_structure(source)
    except Exception as exc:  # noqa: BLE001 - recorded as an error row, never swallowed
        log.exception("structure failed on %s", source_file.source)
        errors.append(SourceError(source_file.source, "structure", f"{type(exc).__name__}: {exc}", doc_id))
        return None
    result = DocumentResult(source=source, meeting=built.meeting, paragraphs=built.paragraphs, policies=built.policies)
    meeting_date = _date(built.meeting)
    _stage(result, "attendance", lambda: _attendance(result))
    _stage(result, "speakers", lambda: _speakers(result))
    _stage(result, "amounts", lambda: result.amounts.extend(amounts.find_amounts(source, result.paragraphs)))
    _stage(result, "dates", lambda: result.dates.extend(dates.find_dates(source, result.paragraphs, meeting_date=meeting_date)))
    voters = next((c.value for c in result.header_counts if c.label == "votants"), None)
    _stage(result, "votes", lambda: result.votes.extend(votes.find_votes(source, result.paragraphs, voters=voters)))
    return result


def _stage(result: DocumentResult, name: str, work: Callable[[], object]) -> None:
    """Run one stage; a failure is recorded for this document and the others go on."""
    try:
        work()
    except Exception as exc:  # noqa: BLE001 - recorded as an error row, never swallowed
        log.exception("stage %s failed on %s", name, result.source.source)
        result.errors.append(
            SourceError(result.source.source, name, f"{type(exc).__name__}: {exc}", result.source.doc_id)
        )


def _attendance(result: DocumentResult) -> None:
    found = attendance.find_attendance(result.source, result.paragraphs, body=result.meeting.body)
    result.attendance.extend(found.entries)
    result.mentions.extend(found.mentions)
    result.header_counts.extend(found.header_counts)


def _speakers(result: DocumentResult) -> None:
    found = speakers.find_speakers(result.source, result.paragraphs, attendance=result.attendance, policies=result.policies)
    result.interventions.extend(found.interventions)
    result.mentions.extend(found.mentions)


def _nlp_stages(batch: list[DocumentResult], nlp, config: Config, errors: list[SourceError]) -> None:
    """One nlp.pipe over every paragraph of the batch, then the model-based stages."""
    enabled = components_for(entities=config.entities, parse=config.commitments)
    disabled = [name for name in nlp.pipe_names if name not in enabled]
    selected = [[p for p in r.paragraphs if p.kind in NLP_KINDS] for r in batch]
    texts = [p.text for paragraphs in selected for p in paragraphs]
    with nlp.select_pipes(disable=disabled):
        docs = list(nlp.pipe(texts, batch_size=config.nlp_batch_size))
    position = 0
    for result, paragraphs in zip(batch, selected):
        doc_slice = docs[position : position + len(paragraphs)]
        position += len(paragraphs)
        if config.entities:
            _stage(result, "entities", lambda: result.mentions.extend(
                entities.find_mentions(result.source, paragraphs, doc_slice)
            ))
        if config.commitments:
            _stage(result, "commitments", lambda: result.commitments.extend(
                commitments.find_commitments(
                    result.source,
                    paragraphs,
                    doc_slice,
                    mentions=result.mentions,
                    interventions=result.interventions,
                    amounts=result.amounts,
                    dates=result.dates,
                    body=result.meeting.body,
                )
            ))


def _date(meeting: Meeting) -> datetime.date | None:
    return datetime.date.fromisoformat(meeting.meeting_date) if meeting.meeting_date else None
