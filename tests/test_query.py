"""minutes query: read-only SQL over an output folder, as a table, CSV, JSON or Parquet."""

from __future__ import annotations

import csv
import io
import json
import os

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from invented_output import invented_output
from pipeline.cli import app
from pipeline.query import QueryError, QueryRefused, run_query, table_names
from pipeline.views import VIEWS

runner = CliRunner()


@pytest.fixture(scope="module")
def out():
    return invented_output()


def test_views_and_tables_are_queryable(out) -> None:
    names = table_names(out)
    assert {name: names.get(name) for name in VIEWS} == {name: "view" for name in VIEWS}
    assert names["interventions"] == "table"
    result = run_query(out, "select speaker_name, count(*) as n from speeches where speaker_name is not null group by 1 order by n desc, 1")
    assert result.column_names == ["speaker_name", "n"]
    assert result.to_pylist()[0] == {"speaker_name": "Jean DUPONT", "n": 4}


@pytest.mark.parametrize(
    "sql",
    [
        "insert into persons select * from persons",
        "update persons set name = 'X'",
        "delete from persons",
        "create table x as select 1",
        "drop table persons",
        "attach 'other.duckdb' as other",
        "copy persons to 'persons.csv'",
        "pragma version",
        "set threads = 1",
        "install httpfs",
        "select 1; drop table persons",
    ],
)
def test_statements_that_write_are_refused(out, sql: str) -> None:
    with pytest.raises(QueryRefused):
        run_query(out, sql)
    result = runner.invoke(app, ["query", str(out), sql])
    assert result.exit_code == 2
    assert "refused" in result.output or "one statement at a time" in result.output
    assert "Traceback" not in result.output


def test_the_database_and_other_files_stay_untouched(out) -> None:
    before = os.stat(out / "minutes.duckdb").st_mtime_ns
    # DuckDB's file access is off: a SELECT cannot read or write outside the database.
    with pytest.raises(QueryError, match="disabled"):
        run_query(out, f"select * from read_csv('{out / 'errors.parquet'}')")
    run_query(out, "select count(*) from speeches")
    assert os.stat(out / "minutes.duckdb").st_mtime_ns == before


def test_sql_error_is_a_clear_message_not_a_traceback(out) -> None:
    result = runner.invoke(app, ["query", str(out), "select nonexistent_column from speeches"])
    assert result.exit_code == 2
    assert "SQL error" in result.output and "nonexistent_column" in result.output
    assert "Traceback" not in result.output
    missing = runner.invoke(app, ["query", str(out / "nowhere"), "select 1"])
    assert missing.exit_code == 2 and "minutes run" in missing.output


def test_csv_json_and_parquet_outputs(out, tmp_path) -> None:
    sql = "select name, variants from persons order by name"
    expected = run_query(out, sql).to_pylist()

    result = runner.invoke(app, ["query", str(out), sql, "--to", str(tmp_path / "p.csv")])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "p.csv").read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == [e["name"] for e in expected]
    assert json.loads(rows[0]["variants"]) == expected[0]["variants"]  # lists as JSON in a CSV cell

    result = runner.invoke(app, ["query", str(out), sql, "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == expected

    result = runner.invoke(app, ["query", str(out), sql, "--to", str(tmp_path / "p.parquet")])
    assert result.exit_code == 0
    assert pq.read_table(tmp_path / "p.parquet").to_pylist() == expected

    result = runner.invoke(app, ["query", str(out), sql, "--format", "parquet"])
    assert result.exit_code == 2 and "--to" in result.output
    result = runner.invoke(app, ["query", str(out), sql, "--to", str(tmp_path / "p.xlsx")])
    assert result.exit_code == 2 and "--format" in result.output


def test_printed_table_shows_rows_and_says_what_is_left_out(out) -> None:
    result = runner.invoke(app, ["query", str(out), "select name from persons order by name", "--max-rows", "2"])
    assert result.exit_code == 0
    assert "Anne PETIT" in result.stdout and "Marc LEROUX" not in result.stdout
    assert "5 rows (3 not shown" in result.stdout
