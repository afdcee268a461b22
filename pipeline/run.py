"""The run: source files in, tables out.

Per document (``process_document``, the unit of work that an engine runs in
this process, in worker processes or on a Dask cluster: ``pipeline.engines``),
``ingest`` reads the bytes and ``structure`` cuts paragraphs, agenda items
and the meeting header into a :class:`DocumentResult`; then the stages of
:data:`STAGES` run in order. Each stage declares the inputs it reads (fields
of the document result, or the spaCy ``docs``) and the fields its output
adds; adding a stage is one line. Stages that need the model run after one
``nlp.pipe`` call over the document's paragraphs.

The driver (``_process``) reads and hashes each file (one document per
content hash), skips documents whose part an earlier run left
(``pipeline.parts``), and stores each outcome as it arrives. Reconciliation
then runs once over the mentions of the whole run, and the tables are built
(``pipeline.build``).

A failure is that document's error row, at any stage: the other documents,
and the other stages of the same document, go on.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from pipeline import (
    amounts,
    attendance,
    build,
    commitments,
    corrections,
    dates,
    engines,
    entities,
    ingest,
    io,
    parts,
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


@dataclass(slots=True)
class RunResult:
    """What a run produced. ``tables`` are in memory for :func:`run`; for
    :func:`run_to` they are read back from the output folder on first use,
    so that a large run never holds them all."""

    errors: list[SourceError]
    counts: dict[str, int]  # rows per table
    processed: int = 0  # documents read and processed by this run
    reused: int = 0  # documents whose part from an earlier run was used as is
    out_dir: Path | None = None
    _tables: dict | None = None

    @property
    def tables(self) -> dict:
        if self._tables is None:
            if self.out_dir is None:
                raise ValueError("this result holds no tables")
            self._tables = io.read_tables(self.out_dir)
        return self._tables


def run(
    paths: Sequence[str | Path],
    config: Config = Config(),
    *,
    on_document: Callable[[str], None] | None = None,
    stages: Sequence[Stage] = STAGES,
) -> RunResult:
    """Process files and folders into the output tables, in memory (see ``run_to``
    to write them, with parts that make a run resumable).

    Raises :class:`pipeline.io.UsageError` before any work when an input path does
    not exist or a settings file does not parse.
    """
    kept: dict[str, bytes] = {}
    entries = _process(paths, config, stages, store=None, kept=kept, on_document=on_document)
    sink = build.MemorySink()
    errors = build.build(entries, lambda doc_id: parts.deserialise(kept[doc_id]), _build_settings(config), sink)
    return RunResult(errors=errors, counts=sink.counts, processed=len(kept), _tables=sink.tables())


def run_to(
    paths: Sequence[str | Path],
    config: Config = Config(),
    *,
    on_document: Callable[[str], None] | None = None,
    on_outcome: Callable[[Outcome | None], None] | None = None,
    stages: Sequence[Stage] = STAGES,
) -> RunResult:
    """Run and write every table into ``config.out_dir``, as one consistent set.

    Each finished document is stored at once as a part beside the output folder
    (``pipeline.parts``); documents whose part exists for this pipeline version
    are not redone, so a killed run resumes where it stopped. The tables are
    then built from the parts (``build_to``). An output folder that cannot be
    written is refused before any work.
    """
    io.check_output_dir(config.out_dir)
    store = parts.Store(parts.parts_dir(config.out_dir), parts.pipeline_version(_settings_items(config))).open()
    counter = _Counter(on_document, on_outcome)
    entries = _process(paths, config, stages, store=store, kept=None, on_document=counter.document, on_outcome=counter.outcome)
    parts.write_manifest(store.root, {"version": store.version, "entries": entries, "settings": _manifest_settings(config)})
    result = build_to(config.out_dir, config=config)
    store.prune_other_versions()
    result.processed, result.reused = counter.processed, counter.reused
    return result


def build_to(out_dir: str | Path, *, config: Config | None = None) -> RunResult:
    """Build the tables of ``out_dir`` from its parts (the last run's documents):
    reconciliation over every mention, then each document's rows streamed into
    the Parquet files and ``minutes.duckdb``, swapped in whole (``minutes build``)."""
    root = parts.parts_dir(out_dir)
    manifest = parts.read_manifest(root)
    store = parts.Store(root, manifest["version"])
    settings = _build_settings(config) if config is not None else build.Settings.from_manifest(manifest["settings"])

    def load(doc_id: str) -> parts.Part:
        part = store.load(doc_id)
        if part is None:
            raise FileNotFoundError(f"the part of document {doc_id} is missing from {store.folder}; run `minutes run` again")
        return part

    io.recover_output(Path(out_dir))
    with io.TableWriter(out_dir) as sink:
        errors = build.build(manifest["entries"], load, settings, sink)
    return RunResult(errors=errors, counts=sink.counts, out_dir=Path(out_dir))


# --- the driver: sources in, one part per document out ----------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """What processing one document gives back to the driver: the serialised part
    (records or error rows) and what progress and the exit status need."""

    doc_id: str
    source: str
    payload: bytes
    failed: bool  # the part holds error rows (at any stage)
    pages: int
    errors: int


class _Counter:
    def __init__(self, on_document, on_outcome) -> None:
        self.on_document, self.on_outcome = on_document, on_outcome
        self.processed = self.reused = 0

    def document(self, source: str) -> None:
        if self.on_document:
            self.on_document(source)

    def outcome(self, outcome: Outcome | None) -> None:
        if outcome is None:
            self.reused += 1
        else:
            self.processed += 1
        if self.on_outcome:
            self.on_outcome(outcome)


def _process(
    paths: Sequence[str | Path],
    config: Config,
    stages: Sequence[Stage],
    *,
    store: parts.Store | None,
    kept: dict[str, bytes] | None,
    on_document: Callable[[str], None] | None = None,
    on_outcome: Callable[[Outcome | None], None] | None = None,
) -> list[dict]:
    """Read every source, skip those already done, send the others to the engine
    and store each outcome as it arrives; returns the run's entries in input
    order (one per document or unreadable path), for the build.

    Files are read and hashed here, so that the same bytes at two paths are one
    document and a document done by an earlier run is skipped before any work;
    at most a few documents' bytes are in flight at once (memory stays flat).
    """
    check_stages(stages)
    io.check_inputs(paths)
    io.read_aliases(config.aliases)
    corrections.load_corrections(config.corrections)  # a bad file is refused before any work
    entries: list[dict] = []
    by_hash: dict[str, dict] = {}

    def store_outcome(outcome: Outcome) -> None:
        if store is not None:
            store.write(outcome.doc_id, outcome.payload, failed=outcome.failed)
        else:
            kept[outcome.doc_id] = outcome.payload
        if on_outcome:
            on_outcome(outcome)
        if on_document:
            on_document(outcome.source)

    def tasks() -> Iterator[tuple]:
        for source_file in io.iter_sources(paths):
            entry = _read(source_file, config)
            if "data" not in entry:
                entries.append(entry)
                if on_outcome:
                    on_outcome(Outcome("", source_file.source, b"", True, 0, 1))
                if on_document:
                    on_document(source_file.source)
                continue
            data = entry.pop("data")
            doc_id = entry["doc_id"]
            if doc_id in by_hash:
                first = by_hash[doc_id]
                first["sources"].append(source_file.source)
                log.warning("%s has the same content as %s: read once, both paths recorded", source_file.source, first["sources"][0])
                if on_document:
                    on_document(source_file.source)
                continue
            by_hash[doc_id] = entry
            entries.append(entry)
            state = store.state(doc_id) if store is not None else None
            if state == "done" or (state == "error" and not config.retry_errors):
                if on_outcome:
                    on_outcome(None)
                if on_document:
                    on_document(source_file.source)
                continue
            yield (data, source_file.source, doc_id, config, tuple(stages))

    with engines.open_engine(config) as engine:
        for outcome in engine.map(process_document, tasks()):
            store_outcome(outcome)
    return entries


def _read(source_file: io.SourceFile, config: Config) -> dict:
    """An entry of the run: the document's id, its paths and (until sent) its bytes,
    or the read error of a path that could not be read."""
    if source_file.error:
        return {"source": source_file.source, "error": source_file.error}
    try:
        data = io.read_source(source_file, max_bytes=config.max_bytes)
    except io.ReadError as exc:
        return {"source": source_file.source, "error": str(exc)}
    return {"doc_id": io.content_hash(data), "sources": [source_file.source], "data": data}


# --- one document, in whichever process or machine runs it --------------------------------------


def process_document(data: bytes, source: str, doc_id: str, config: Config, stages: tuple[Stage, ...] = STAGES) -> Outcome:
    """Ingest, structure and run every stage on one document: the unit of work
    that workers run. The model is loaded once per process (``load_nlp``)."""
    active, fixes = _prepared(config, stages)
    result, applied = _document(data, source, doc_id, config, active, fixes)
    if isinstance(result, DocumentResult):
        part = parts.Part(result=result, errors=tuple(result.errors), applied=frozenset(applied))
        pages = len(result.source.pages)
    else:
        part = parts.Part(result=None, errors=tuple(result), applied=frozenset())
        pages = 0
    return Outcome(doc_id, source, parts.serialise(part), bool(part.errors), pages, len(part.errors))


@functools.cache
def _prepared(config: Config, stages: tuple[Stage, ...]) -> tuple[list[Stage], corrections.Corrections]:
    """The stages the config turns on and the corrections file, once per process."""
    check_stages(stages)
    active = [s for s in stages if s.option is None or getattr(config, s.option)]
    return active, corrections.load_corrections(config.corrections)


def _document(
    data: bytes, source_path: str, doc_id: str, config: Config, active: list[Stage], fixes: corrections.Corrections
) -> tuple[DocumentResult | list[SourceError], set[str]]:
    try:
        source = ingest.ingest(data, source=source_path, doc_id=doc_id, ocr=config.ocr, ocr_lang=config.ocr_lang)
    except ingest.IngestError as exc:
        return [SourceError(source_path, "ingest", str(exc), doc_id)], set()
    except Exception as exc:  # noqa: BLE001 - recorded as an error row, never swallowed
        log.exception("ingest failed on %s", source_path)
        return [SourceError(source_path, "ingest", f"{type(exc).__name__}: {exc}", doc_id)], set()
    try:
        built = structure.build_structure(source)
    except Exception as exc:  # noqa: BLE001 - recorded as an error row, never swallowed
        log.exception("structure failed on %s", source_path)
        return [SourceError(source_path, "structure", f"{type(exc).__name__}: {exc}", doc_id)], set()
    result = DocumentResult(source=source, meeting=built.meeting, paragraphs=built.paragraphs, policies=built.policies)
    for stage in active:
        if not stage.model:
            _run_stage(stage, result, {})
    applied = corrections.apply_to_document(result, fixes)  # before the model-based stages use speakers, amounts, dates
    model_stages = [s for s in active if s.model]
    if model_stages:
        _model_stages([result], load_nlp(), model_stages, config)
    return result, applied


# --- settings ---------------------------------------------------------------------------------


def _settings_items(config: Config) -> list[tuple[str, Any]]:
    """The settings that change a document's records, for the parts' version."""
    fixes = Path(config.corrections).read_bytes() if config.corrections else b""
    return [
        ("ocr", config.ocr), ("ocr_lang", config.ocr_lang), ("entities", config.entities),
        ("commitments", config.commitments), ("corrections", io.content_hash(fixes)),
    ]


def _manifest_settings(config: Config) -> dict:
    return {
        "aliases": str(config.aliases) if config.aliases else None,
        "corrections": str(config.corrections) if config.corrections else None,
    }


def _build_settings(config: Config) -> build.Settings:
    return build.Settings(aliases=io.read_aliases(config.aliases), corrections=corrections.load_corrections(config.corrections))


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
