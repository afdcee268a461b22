"""The run: source files in, tables out.

Per document, ``ingest`` reads the bytes and ``structure`` cuts paragraphs,
agenda items and the meeting header into a :class:`DocumentResult`; then the
stages of :data:`STAGES` run in order. Each stage declares the inputs it
reads (fields of the document result, or the batch's spaCy ``docs``) and the
fields its output adds; adding a stage is one line. Stages that need the
model run after one ``nlp.pipe`` call over every paragraph of a batch of
documents. Reconciliation then runs once over the mentions of the whole run,
and ``export`` builds the tables.

A failure is that document's error row, at any stage: the other documents,
and the other stages of the same document, go on.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice
from pathlib import Path
from typing import Any

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
from pipeline.nlp import ENTITY_COMPONENTS, PARSE_COMPONENTS, load_nlp, pipe_texts
from pipeline.records import DocumentResult, ParagraphKind, SourceError

log = logging.getLogger(__name__)

# Paragraph kinds that go through spaCy: attendance lists are read by rules.
NLP_KINDS = frozenset(ParagraphKind) - {ParagraphKind.ATTENDANCE}
# What every stage may read besides what earlier stages provide.
BASE_INPUTS = ("source", "meeting", "paragraphs", "policies")
MODEL_INPUTS = ("nlp_paragraphs", "docs")


@dataclass(frozen=True, slots=True)
class Stage:
    """One per-document stage: ``run(**inputs)`` returns what it ``provides``.

    ``needs`` names fields of :class:`DocumentResult` (and, for model stages,
    ``nlp_paragraphs`` and their spaCy ``docs``), passed by keyword. The output
    is a list (for one provided field) or an object with one attribute per
    provided field; each extends that field of the document result.
    """

    name: str
    run: Callable[..., Any]
    needs: tuple[str, ...]
    provides: tuple[str, ...]
    components: tuple[str, ...] = ()  # spaCy components it reads; any makes it a model stage
    option: str | None = None  # the Config flag that turns it on, if any

    @property
    def model(self) -> bool:
        """It reads spaCy docs, so it runs after the batch's nlp pass."""
        return bool(self.components)


STAGES: tuple[Stage, ...] = (
    Stage("attendance", attendance.run_stage, ("source", "paragraphs", "meeting"), ("attendance", "mentions", "header_counts")),
    Stage("speakers", speakers.run_stage, ("source", "paragraphs", "attendance", "policies"), ("interventions", "mentions")),
    Stage("amounts", amounts.run_stage, ("source", "paragraphs"), ("amounts",)),
    Stage("dates", dates.run_stage, ("source", "paragraphs", "meeting"), ("dates",)),
    Stage("votes", votes.run_stage, ("source", "paragraphs", "header_counts"), ("votes",)),
    Stage("entities", entities.run_stage, ("source", "nlp_paragraphs", "docs"), ("mentions",), ENTITY_COMPONENTS, "entities"),
    Stage(
        "commitments",
        commitments.run_stage,
        ("source", "nlp_paragraphs", "docs", "mentions", "interventions", "amounts", "dates", "meeting"),
        ("commitments",),
        PARSE_COMPONENTS,
        "commitments",
    ),
)


def check_stages(stages: Sequence[Stage]) -> None:
    """Every input a stage needs is a base input or provided by an earlier stage,
    and every provided name is a field of :class:`DocumentResult`."""
    fields = {f.name for f in dataclasses.fields(DocumentResult)}
    available = set(BASE_INPUTS)
    for stage in stages:
        missing = [n for n in stage.needs if n not in available and not (stage.model and n in MODEL_INPUTS)]
        if missing:
            raise ValueError(f"stage {stage.name!r} needs {missing}, which no earlier stage provides")
        unknown = [n for n in stage.provides if n not in fields]
        if unknown:
            raise ValueError(f"stage {stage.name!r} provides {unknown}, which are not fields of DocumentResult")
        available.update(stage.provides)


@dataclass(frozen=True, slots=True)
class RunResult:
    tables: dict  # table name -> pandas DataFrame
    documents: list[DocumentResult]
    errors: list[SourceError]


def run(
    paths: Sequence[str | Path],
    config: Config = Config(),
    *,
    on_document: Callable[[str], None] | None = None,
    stages: Sequence[Stage] = STAGES,
) -> RunResult:
    """Process files and folders into the output tables (not written: see ``run_to``).

    Raises :class:`pipeline.io.UsageError` before any work when an input path does
    not exist or a settings file does not parse.
    """
    check_stages(stages)
    io.check_inputs(paths)
    aliases = io.read_aliases(config.aliases)
    active = [s for s in stages if s.option is None or getattr(config, s.option)]
    rule_stages = [s for s in active if not s.model]
    model_stages = [s for s in active if s.model]
    results: list[DocumentResult] = []
    by_hash: dict[str, DocumentResult] = {}
    errors: list[SourceError] = []
    fixes = corrections.load_corrections(config.corrections)  # a bad file is refused before any work
    applied: set[str] = set()
    nlp = load_nlp() if model_stages else None
    for batch in _batched(io.iter_sources(paths), config.batch_size):
        loaded = []
        for source_file in batch:
            document = _read_and_structure(source_file, config, errors, by_hash)
            if document is not None:
                for stage in rule_stages:
                    _run_stage(stage, document, {})
                applied |= corrections.apply_to_document(document, fixes)  # before the model-based stages use speakers, amounts, dates
                loaded.append(document)
            if on_document:
                on_document(source_file.source)
        if nlp is not None and loaded:
            _model_stages(loaded, nlp, model_stages, config)
        results.extend(loaded)
    mentions = [m for r in results for m in r.mentions]
    resolution = reconcile.reconcile(mentions, aliases=corrections.merged_aliases(aliases, fixes))
    errors.extend(corrections.unapplied(fixes, applied))
    errors.extend(e for r in results for e in r.errors)
    tables = export.to_tables(results, resolution, errors)
    return RunResult(tables=tables, documents=results, errors=errors)


def run_to(paths: Sequence[str | Path], config: Config = Config(), **kwargs) -> RunResult:
    """Run and write every table into ``config.out_dir``, as one consistent set;
    an output folder that cannot be written is refused before any work."""
    io.check_output_dir(config.out_dir)
    result = run(paths, config, **kwargs)
    io.write_tables(result.tables, config.out_dir)
    return result


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, max(1, size))):
        yield chunk


def _read_and_structure(
    source_file: io.SourceFile, config: Config, errors: list[SourceError], by_hash: dict[str, DocumentResult]
) -> DocumentResult | None:
    """Read, ingest and structure one file; None (and an error row) when it cannot
    be read, or when the same bytes were already read at another path."""
    if source_file.error:
        errors.append(SourceError(source_file.source, "read", source_file.error))
        return None
    try:
        data = io.read_source(source_file, max_bytes=config.max_bytes)
    except io.ReadError as exc:
        errors.append(SourceError(source_file.source, "read", str(exc)))
        return None
    doc_id = io.content_hash(data)
    if doc_id in by_hash:
        first = by_hash[doc_id]
        first.duplicate_sources.append(source_file.source)
        log.warning("%s has the same content as %s: read once, both paths recorded", source_file.source, first.source.source)
        return None
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
    by_hash[doc_id] = result
    return result


def _run_stage(stage: Stage, result: DocumentResult, model_inputs: dict[str, Any]) -> None:
    """Run one stage on one document and store its output; a failure is recorded
    for this document, and the other stages and documents go on."""
    try:
        inputs = {name: model_inputs[name] if name in model_inputs else getattr(result, name) for name in stage.needs}
        output = stage.run(**inputs)
        if len(stage.provides) == 1 and isinstance(output, list):
            getattr(result, stage.provides[0]).extend(output)
        else:
            for name in stage.provides:
                getattr(result, name).extend(getattr(output, name))
    except Exception as exc:  # noqa: BLE001 - recorded as an error row, never swallowed
        log.exception("stage %s failed on %s", stage.name, result.source.source)
        result.errors.append(SourceError(result.source.source, stage.name, f"{type(exc).__name__}: {exc}", result.source.doc_id))


def _model_stages(batch: list[DocumentResult], nlp, stages: Sequence[Stage], config: Config) -> None:
    """One nlp.pipe over every paragraph of the batch, then the model stages per
    document. If the model fails on the batch, each document is read alone, so
    that only the document it fails on becomes an error row."""
    enabled = {component for stage in stages for component in stage.components}
    disabled = [name for name in nlp.pipe_names if name not in enabled]
    selected = [[p for p in r.paragraphs if p.kind in NLP_KINDS] for r in batch]
    with nlp.select_pipes(disable=disabled):
        try:
            docs = pipe_texts(nlp, [p.text for paragraphs in selected for p in paragraphs], batch_size=config.nlp_batch_size)
            ends = list(accumulate(len(paragraphs) for paragraphs in selected))
            per_document = [docs[end - len(paragraphs) : end] for paragraphs, end in zip(selected, ends)]
        except Exception:  # noqa: BLE001 - retried document by document below, where failures become error rows
            log.warning("the spaCy pass failed on a batch; reading its documents one by one", exc_info=True)
            per_document = [_pipe_one(nlp, result, paragraphs, config) for result, paragraphs in zip(batch, selected)]
    for result, paragraphs, docs in zip(batch, selected, per_document):
        if docs is None:
            continue
        model_inputs = {"nlp_paragraphs": paragraphs, "docs": docs}
        for stage in stages:
            _run_stage(stage, result, model_inputs)


def _pipe_one(nlp, result: DocumentResult, paragraphs: list, config: Config) -> list | None:
    try:
        return pipe_texts(nlp, [p.text for p in paragraphs], batch_size=config.nlp_batch_size)
    except Exception as exc:  # noqa: BLE001 - recorded as an error row, never swallowed
        log.exception("spaCy failed on %s", result.source.source)
        result.errors.append(SourceError(result.source.source, "nlp", f"{type(exc).__name__}: {exc}", result.source.doc_id))
        return None
