"""All reading and writing of files.

Stages never touch the file system: they receive bytes or records and return
records. Changing a storage format only changes this module.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
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


class UsageError(Exception):
    """The command cannot start: a missing input, an output folder that cannot be
    written, a settings file that does not parse. Raised before any work."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    source: str  # the path as the user gave it (or as found below a given folder)
    error: str | None = None  # set when the path could not even be listed or opened


def check_inputs(paths: Iterable[str | Path]) -> None:
    """Every path the user named exists (a typo must not replace a dataset by an empty one)."""
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}; nothing was done")


def iter_sources(paths: Iterable[str | Path]) -> Iterator[SourceFile]:
    """Expand files and folders into source files, in a stable order.

    A file named explicitly is always yielded, whatever its suffix, so that a
    wrong file becomes an error row rather than a silent skip. Inside folders
    only .txt, .md and .pdf files are taken, and annotation folders (gold/)
    and README-like files are passed over. A folder that cannot be listed is
    yielded with its ``error``, to become an error row too.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in _walk(path):
                key = found.path.resolve() if found.error is None else found.path
                if key not in seen:
                    seen.add(key)
                    yield found
        elif path.resolve() not in seen:
            seen.add(path.resolve())
            yield SourceFile(path, str(given))


def _walk(root: Path) -> list[SourceFile]:
    """Source files below ``root`` (symlinked folders followed once), and the
    folders that could not be listed."""
    found: list[SourceFile] = []
    visited: set[str] = set()

    def unreadable(exc: OSError) -> None:
        name = exc.filename or str(root)
        found.append(SourceFile(Path(name), str(name), f"cannot list folder {name}: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            if path.suffix.lower() in SOURCE_SUFFIXES and name.lower() not in SKIPPED_NAMES:
                found.append(SourceFile(path, str(path)))
    return sorted(found, key=lambda f: f.source)


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


class SettingsError(UsageError):
    """A settings file (aliases, corrections) that does not parse or has the wrong shape."""


def read_yaml_settings(path: str | Path, *, what: str) -> Any:
    """A user's YAML settings file, parsed; a syntax error names the line and column."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as exc:
        raise SettingsError(f"{what} {path}: cannot read it: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{what} {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SettingsError(f"{what} {path}: YAML error{where}: {problem}") from exc

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
    """The user's alias file (YAML): forced merges and splits for reconciliation,
    checked for shape (``merge`` and ``split``: lists of two or more names)."""
    if path is None:
        return {}
    data = read_yaml_settings(path, what="alias file")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SettingsError(f"alias file {path}: expected a mapping with 'merge' and 'split', got {type(data).__name__}")
    unknown = set(data) - {"merge", "split"}
    if unknown:
        raise SettingsError(f"alias file {path}: unknown keys {sorted(unknown)} (expected 'merge' and 'split')")
    for key in ("merge", "split"):
        for group in data.get(key) or ():
            if not isinstance(group, list) or len(group) < 2 or not all(isinstance(n, str) and n.strip() for n in group):
                raise SettingsError(f"alias file {path}: each '{key}' entry must be a list of two or more names, got {group!r}")
    return data


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


def check_output_dir(out_dir: str | Path) -> None:
    """The output folder can be written: it is a folder (or can be made one) in a
    folder that takes new entries, since tables are written aside and swapped in.
    Checked by making (and removing) an empty folder there: permission bits do
    not tell for root or on a read-only file system."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder; nothing was done")
    parent = out.absolute().parent
    existing = next((p for p in (parent, *parent.parents) if p.exists()), None)
    if existing is None or not existing.is_dir():
        raise UsageError(f"--out {out}: {existing} is not a folder; nothing was done")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=f".{out.name}.probe-", dir=existing))
    except OSError as exc:
        raise UsageError(f"--out {out} cannot be written ({exc.strerror or exc}); nothing was done") from exc


def write_tables(tables: dict[str, Any], out_dir: str | Path) -> Path:
    """Write each DataFrame as <table>.parquet and all of them into minutes.duckdb
    with the views of ``pipeline.views``, as one consistent set (see :class:`TableWriter`)."""
    with TableWriter(out_dir) as writer:
        for name, frame in tables.items():
            writer.add(name, frame)
    return Path(out_dir)


class TableWriter:
    """Tables written a piece at a time, then swapped in as one consistent set.

    ``add(name, frame)`` appends rows to <table>.parquet (a Parquet writer per
    table, so a table larger than memory streams through); on leaving the
    ``with`` block, minutes.duckdb is made from the Parquet files with the views
    of ``pipeline.views``. Everything is written into a sibling folder first,
    then swapped in, so a reader (or a run killed midway) never sees two runs
    mixed. Other files in the folder (review pages, a SQLite copy) are copied
    over; Parquet files of tables this run does not write are not. On an
    error the staging folder is removed and the folder is left as it was.
    """

    def __init__(self, out_dir: str | Path) -> None:
        self.out = Path(out_dir)
        self.writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}

    def __enter__(self) -> TableWriter:
        recover_output(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = self.out.with_name(f".{self.out.name}.partial-{os.getpid()}")
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        return self

    def add(self, name: str, frame: Any) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        frame = _null_lists_as_none(name, frame)
        if name not in self.writers:
            table = pa.Table.from_pandas(frame, schema=_arrow_schema(name, frame), preserve_index=False)
            self.writers[name] = pq.ParquetWriter(self.staging / f"{name}.parquet", table.schema)
            self.counts[name] = 0
        else:
            table = pa.Table.from_pandas(frame, schema=self.writers[name].schema, preserve_index=False)
        if len(frame):
            self.writers[name].write_table(table)
        self.counts[name] += len(frame)

    def __exit__(self, kind, value, traceback) -> None:
        try:
            for writer in self.writers.values():
                writer.close()
            if kind is None:
                self._finish()
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _finish(self) -> None:
        import duckdb

        from pipeline.views import create_views

        out, staging, names = self.out, self.staging, list(self.writers)
        with duckdb.connect(str(staging / "minutes.duckdb")) as con:
            for name in names:
                parquet = (staging / f"{name}.parquet").resolve()
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(?)', [str(parquet)])
            create_views(con)
        if out.exists():
            ours = {f"{name}.parquet" for name in names} | {"minutes.duckdb"}
            for item in out.iterdir():
                # Copied, not moved: until the swap, the old folder stays whole.
                if item.name not in ours and not (item.suffix == ".parquet" and item.is_file()):
                    if item.is_dir():
                        shutil.copytree(item, staging / item.name, symlinks=True)
                    else:
                        shutil.copy2(item, staging / item.name)
            previous = out.with_name(f".{out.name}.previous-{os.getpid()}")
            os.replace(out, previous)
            os.replace(staging, out)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.replace(staging, out)


def _null_lists_as_none(name: str, frame: Any) -> Any:
    """A list column that pandas holds as all-NaN floats (a frame built without
    that column's values) written as nulls, not refused by Arrow."""
    from pipeline.schema import TABLES

    lists = [c for c, dtype, _ in TABLES.get(name, ()) if dtype == "list<string>" and c in frame.columns]
    bad = [c for c in lists if len(frame) and frame[c].dtype.kind == "f"]
    if not bad:
        return frame
    frame = frame.copy()
    for column in bad:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _arrow_schema(name: str, frame: Any):
    """The Parquet schema of a table: from ``pipeline.schema`` when it declares the
    table (so a first chunk of all-null values still gets its column's type),
    with pandas' metadata so that the table reads back with the same dtypes."""
    import pyarrow as pa

    from pipeline.schema import TABLES

    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    if name not in TABLES:
        return schema
    types = {
        "string": pa.string(), "int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64(),
        "boolean": pa.bool_(), "list<string>": pa.list_(pa.string()),
    }
    declared = {column: types[dtype] for column, dtype, _ in TABLES[name]}
    fields = [pa.field(f.name, declared.get(f.name, f.type)) for f in schema]
    return pa.schema(fields, metadata=schema.metadata)


def recover_output(out: Path) -> None:
    """Finish or undo a swap that a killed run left half done, and remove its
    leftovers: the folder always ends up holding one whole run."""
    siblings = sorted(out.parent.glob(f".{out.name}.previous-*")) if out.parent.exists() else []
    if siblings and not out.exists():
        os.replace(siblings.pop(), out)  # killed between the two renames: the old run comes back
    for leftover in [*siblings, *(out.parent.glob(f".{out.name}.partial-*") if out.parent.exists() else [])]:
        shutil.rmtree(leftover, ignore_errors=True)


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


# --- corrections ------------------------------------------------------------


def read_corrections(path: str | Path) -> str:
    """The user's corrections file as text (``pipeline.corrections`` parses it, keeping line numbers)."""
    return Path(path).read_text(encoding="utf-8")


# --- review pages -----------------------------------------------------------


def write_pages(pages: dict[str, str], to_dir: str | Path) -> list[Path]:
    """Write rendered pages (file name -> text) into a folder; returns the paths written."""
    target = Path(to_dir)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in pages.items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
