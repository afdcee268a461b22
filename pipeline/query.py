"""Read-only SQL over an output folder: the tables and views of ``minutes.duckdb``.

The Python API behind ``minutes query``: notebooks and the command line share
this code path. Three locks keep a query from changing anything: the database
is opened read-only, only one SELECT-like statement is accepted (a statement
that writes, attaches, copies, sets or loads is refused before it runs), and
DuckDB's access to other files is switched off, so that ``read_csv('/…')`` or
``COPY … TO`` cannot reach the file system either.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

FORMATS = ("csv", "json", "parquet")

# DESCRIBE, SHOW and SUMMARIZE parse as SELECT; EXPLAIN shows a plan.
_READ_ONLY_TYPES = frozenset({"SELECT", "EXPLAIN"})


class QueryError(ValueError):
    """A query that cannot run: refused, unparsable, or failing in DuckDB. The message is for a person."""


class QueryRefused(QueryError):
    """A statement that would write, or more than one statement."""


@contextmanager
def connect(out: str | Path) -> Iterator[object]:
    """A read-only DuckDB connection on ``out/minutes.duckdb``, with no access to other files."""
    import duckdb

    db_path = Path(out) / "minutes.duckdb"
    if not db_path.is_file():
        raise FileNotFoundError(f"no {db_path}; run `minutes run ... --out {out}` first")
    con = duckdb.connect(str(db_path), read_only=True, config={"enable_external_access": False})
    try:
        yield con
    finally:
        con.close()


def check_read_only(con, sql: str) -> None:
    """Raise QueryRefused unless ``sql`` is exactly one statement that only reads."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(f"SQL error: {_message(exc)}") from exc
    if not statements:
        raise QueryRefused("no SQL statement given")
    if len(statements) > 1:
        raise QueryRefused(f"one statement at a time, please ({len(statements)} given)")
    kind = statements[0].type.name
    if kind not in _READ_ONLY_TYPES:
        raise QueryRefused(
            f"refused: a {kind} statement; `minutes query` only reads "
            "(SELECT, WITH ... SELECT, FROM, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN)"
        )


def run_query(out: str | Path, sql: str):
    """Run one read-only statement over an output folder; the result as a pyarrow Table.

    ``run_query("outputs", "select * from speeches").to_pandas()`` gives a DataFrame.
    """
    import duckdb

    with connect(out) as con:
        check_read_only(con, sql)
        try:
            return con.sql(sql).to_arrow_table()
        except duckdb.Error as exc:
            raise QueryError(f"SQL error: {_message(exc)}") from exc


def table_names(out: str | Path) -> dict[str, str]:
    """Every table and view of the output database: name -> 'table' or 'view'."""
    with connect(out) as con:
        rows = con.execute(
            "select table_name, table_type from information_schema.tables where table_schema = 'main' order by table_name"
        ).fetchall()
    return {name: "view" if kind == "VIEW" else "table" for name, kind in rows}


def write_result(table, fmt: str, to: str | Path | IO[str] | None = None) -> None:
    """Write a result as CSV, JSON (an array of objects) or Parquet to a file, or CSV/JSON to a text stream."""
    import sys

    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        if to is None or not isinstance(to, (str, Path)):
            raise QueryError("Parquet is binary: give a file with --to")
        pq.write_table(table, str(to))
        return
    text = _csv_text(table) if fmt == "csv" else _json_text(table)
    if to is None:
        sys.stdout.write(text)
    elif isinstance(to, (str, Path)):
        Path(to).write_text(text, encoding="utf-8")
    else:
        to.write(text)


def format_for(path: str | Path | None, fmt: str | None) -> str | None:
    """The output format: as given, else from the file's suffix, else None (a table on the terminal)."""
    if fmt:
        return fmt.lower()
    if path is None:
        return None
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise QueryError(f"cannot tell the format of {path} from its suffix; give --format ({', '.join(FORMATS)})")


def cell_text(value) -> str:
    """A value as text for a table cell or a CSV field; lists and structs as JSON."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _csv_text(table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow([cell_text(v) for v in row.values()])
    return buffer.getvalue()


def _json_text(table) -> str:
    return json.dumps(table.to_pylist(), ensure_ascii=False, default=str, indent=1) + "\n"


def _message(exc: Exception) -> str:
    return str(exc).strip() or type(exc).__name__
