"""All reading and writing of files.

Stages never touch the file system: they receive bytes or records and return
records. Changing a storage format only changes this module.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SOURCE_SUFFIXES = (".txt", ".md", ".pdf")
# Folders holding annotations or our own outputs, never minutes.
SKIPPED_DIRS = {"gold", "outputs", "__pycache__"}
# Text files with these names document a folder; they are not minutes.
SKIPPED_NAMES = {"readme.md", "format.md", "license.md", "changelog.md"}

MODELS_DIR = Path(os.environ.get("MINUTES_MODELS", Path(__file__).resolve().parent.parent / "models"))


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    source: str  # the path as the user gave it (or as found below a given folder)


def iter_sources(paths: Iterable[str | Path]) -> Iterator[SourceFile]:
    """Expand files and folders into source files, in a stable order.

    A file named explicitly is always yielded, whatever its suffix, so that a
    wrong file becomes an error row rather than a silent skip. Inside folders
    only .txt, .md and .pdf files are taken, and annotation folders (gold/)
    and README-like files are passed over.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SOURCE_SUFFIXES
                and p.name.lower() not in SKIPPED_NAMES
                and not any(part in SKIPPED_DIRS or part.startswith(".") for part in p.relative_to(path).parts[:-1])
            )
            for p in found:
                if p.resolve() not in seen:
                    seen.add(p.resolve())
                    yield SourceFile(p, str(p))
        else:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                yield SourceFile(path, str(given))


class ReadError(Exception):
    """A source file cannot be read at all (missing, unreadable, too large)."""


def read_source(source: SourceFile, *, max_bytes: int) -> bytes:
    try:
        size = source.path.stat().st_size
    except OSError as exc:
        raise ReadError(f"cannot open {source.source}: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise ReadError(
            f"{source.source} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            "(raise it with --max-mb)"
        )
    try:
        return source.path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read {source.source}: {exc.strerror or exc}") from exc


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- models/ ----------------------------------------------------------------


@functools.cache
def read_model_file(name: str) -> Any:
    """A lexicon or pattern file under models/ (YAML), parsed once per process."""
    path = MODELS_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"model file {path} is missing; is MINUTES_MODELS set right?")
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.cache
def read_model_lines(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated word list under models/ (large lexicons, where YAML is slow):
    the fields of each line, comment lines (#) and blank lines left out."""
    path = MODELS_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"model file {path} is missing; is MINUTES_MODELS set right?")
    with path.open(encoding="utf-8") as handle:
        return tuple(tuple(line.rstrip("\n").split("\t")) for line in handle if line.strip() and not line.startswith("#"))


def read_aliases(path: str | Path | None) -> dict[str, Any]:
    """The user's alias file (YAML): forced merges and splits for reconciliation."""
    if path is None:
        return {}
    with Path(path).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


# --- gold annotations ------------------------------------------------------------------


def read_gold(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """Every gold YAML file in a folder, keyed by document stem."""
    golds: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(gold_dir).glob("*.y*ml")):
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        golds[str(data.get("document") or path.stem)] = data
    return golds


# --- output tables ----------------------------------------------------------


def write_tables(tables: dict[str, Any], out_dir: str | Path) -> Path:
    """Write each DataFrame as <table>.parquet and all of them into minutes.duckdb."""
    import duckdb

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_parquet(out / f"{name}.parquet", index=False)
    db_path = out / "minutes.duckdb"
    tmp_path = out / "minutes.duckdb.tmp"
    tmp_path.unlink(missing_ok=True)
    with duckdb.connect(str(tmp_path)) as con:
        for name in tables:
            parquet = (out / f"{name}.parquet").resolve()
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(?)', [str(parquet)])
    os.replace(tmp_path, db_path)
    return out


def read_tables(out_dir: str | Path) -> dict[str, Any]:
    """Every <table>.parquet in an output folder, as DataFrames."""
    import pandas as pd

    out = Path(out_dir)
    if not out.is_dir():
        raise FileNotFoundError(f"no output folder {out}; run `minutes run ... --out {out}` first")
    tables = {path.stem: pd.read_parquet(path) for path in sorted(out.glob("*.parquet"))}
    if not tables:
        raise FileNotFoundError(f"{out} holds no .parquet tables; run `minutes run ... --out {out}` first")
    return tables
