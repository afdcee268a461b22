"""minutes serve: the SQLite copy, the Datasette metadata and the pages Datasette makes of them."""

from __future__ import annotations

import asyncio
import os
import sqlite3

import duckdb
import pytest
from markupsafe import Markup

from invented_output import invented_output
from pipeline import datasette_plugin
from pipeline.schema import TABLES
from pipeline.serve import (
    CANNED_QUERIES,
    FTS_COLUMNS,
    FTS_TOKENIZE,
    HIT_CLOSE,
    HIT_OPEN,
    build_sqlite,
    datasette_metadata,
    is_stale,
    make_datasette,
)
from pipeline.views import VIEWS


@pytest.fixture(scope="module")
def out():
    out = invented_output()
    build_sqlite(out)
    return out


@pytest.fixture(scope="module")
def db(out):
    with sqlite3.connect(f"file:{out / 'minutes.sqlite'}?mode=ro", uri=True) as con:
        con.row_factory = sqlite3.Row
        yield con


def test_every_table_and_view_is_copied_with_all_its_rows(out, db) -> None:
    with duckdb.connect(str(out / "minutes.duckdb"), read_only=True) as con:
        for name in [*TABLES, *VIEWS]:
            expected = con.execute(f'select count(*) from "{name}"').fetchone()[0]
            assert db.execute(f'select count(*) from "{name}"').fetchone()[0] == expected, name


def test_full_text_search_folds_accents_and_case(db) -> None:
    for table, _ in FTS_COLUMNS.items():
        sql = db.execute("select sql from sqlite_master where name = ?", [f"{table}_fts"]).fetchone()[0]
        assert "fts5" in sql.lower() and FTS_TOKENIZE in sql
    hits = db.execute(
        "select s.speaker_name from speeches_fts join speeches s on s.rowid = speeches_fts.rowid "
        "where speeches_fts match 'ECOLE' order by s.meeting_date, s.seq"
    ).fetchall()
    assert [h[0] for h in hits] == ["Claire MARTIN", "Anne PETIT", "Jean DUPONT"]


def test_review_url_points_at_the_paragraph(db) -> None:
    for table in ("interventions", "speeches", "paragraphs", "amounts", "money", "votes", "decisions"):
        rows = db.execute(f'select doc_id, paragraph_id, review_url from "{table}"').fetchall()
        assert rows, table
        assert all(r["review_url"] == f"review/{r['doc_id']}.html#{r['paragraph_id']}" for r in rows), table
    # Attendance rows have no paragraph id: the paragraph holding their offset is found.
    rows = db.execute(
        "select a.review_url, p.paragraph_id, p.kind from attendance a join paragraphs p "
        "on p.doc_id = a.doc_id and p.char_start <= a.char_start and a.char_start < p.char_end"
    ).fetchall()
    assert rows and all(r["review_url"].endswith("#" + r["paragraph_id"]) for r in rows)
    assert "review_url" not in [c[1] for c in db.execute("pragma table_info(persons)")]


def test_the_copy_is_rebuilt_only_when_a_table_is_newer(out) -> None:
    path = out / "minutes.sqlite"
    built = path.stat().st_mtime_ns
    assert not is_stale(out)
    assert build_sqlite(out).stat().st_mtime_ns == built
    # A copy older than a table, as after a new `minutes run` into the same folder.
    older = (out / "persons.parquet").stat().st_mtime - 10
    os.utime(path, (older, older))
    assert is_stale(out)
    assert build_sqlite(out).stat().st_mtime_ns != built
    assert not is_stale(out)


def test_metadata_describes_every_table_view_and_column_from_the_schema() -> None:
    tables = datasette_metadata()["databases"]["minutes"]["tables"]
    for name, columns in [*TABLES.items(), *((n, v.columns) for n, v in VIEWS.items())]:
        entry = tables[name]
        assert entry["title"] and entry["description"], name
        assert {c: d for c, _, d in columns}.items() <= entry["columns"].items(), name
        assert set(entry.get("facets", [])) <= {c for c, _, _ in columns}, name
    assert set(tables["speeches"]["facets"]) >= {"body", "meeting_date", "speaker_name", "item_label"}


@pytest.mark.parametrize(
    ("query", "params", "expected"),
    [
        ("search", {"term": "ecole"}, 3),
        ("search_paragraphs", {"term": "chemin des saules"}, 2),
        ("person_timeline", {"name": "MARTIN"}, 4),  # listed twice, spoke twice
        ("item_history", {"words": "voirie"}, 2),
        ("term_per_year", {"term": "budget"}, 2),
        ("search", {"term": 'l\'école "de'}, 2),  # quotes and apostrophes are no syntax error: "l'école de musique"
        ("search", {"term": ""}, 0),
    ],
)
def test_canned_queries_run_on_the_copy(db, query: str, params: dict, expected: int) -> None:
    rows = db.execute(CANNED_QUERIES[query]["sql"], params).fetchall()
    assert len(rows) == expected


def test_term_per_year_counts_meetings(db) -> None:
    rows = db.execute(CANNED_QUERIES["term_per_year"]["sql"], {"term": "saules"}).fetchall()
    assert [(r["year"], r["meetings"], r["meetings_held"], r["share_of_meetings"]) for r in rows] == [
        ("2015", 1, 1, 1.0),
        ("2016", 1, 1, 1.0),
    ]


def test_snippets_are_escaped_before_hits_are_marked() -> None:
    value = f"la balise <script>alert(1)</script> et l'{HIT_OPEN}école{HIT_CLOSE}"
    html = datasette_plugin.render_cell(value=value, column="snippet", database="minutes", datasette=None)
    assert isinstance(html, Markup)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<mark class="hit">école</mark>' in html


def test_datasette_pages(out) -> None:
    ds = make_datasette(out, review_url="https://example.org/rv/")

    async def pages():
        await ds.invoke_startup()
        search = await ds.client.get("/minutes/search?term=%C3%A9cole")
        table = await ds.client.get("/minutes/speeches?_search=ecole")
        data = await ds.client.get("/minutes/speeches.json?_shape=array&_facet=body")
        csv = await ds.client.get("/minutes/money.csv")
        return search, table, data, csv

    search, table, data, csv = asyncio.run(pages())
    assert search.status_code == 200
    assert search.text.count('<mark class="hit">') == 3
    assert 'href="https://example.org/rv/' in search.text
    assert table.status_code == 200 and "3 rows where search matches" in table.text
    assert data.status_code == 200 and len(data.json()) == 13
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("amount_id,doc_id,meeting_date")


def test_review_pages_in_the_output_folder_are_served_beside_the_data(out, tmp_path) -> None:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    (copy / "review").mkdir()
    (copy / "review" / "index.html").write_text("<p>review index</p>", encoding="utf-8")
    ds = make_datasette(copy)

    async def pages():
        await ds.invoke_startup()
        return await ds.client.get("/review/index.html"), await ds.client.get("/minutes/search?term=saules")

    review, search = asyncio.run(pages())
    assert review.status_code == 200 and "review index" in review.text
    assert 'href="/review/' in search.text

    # Review pages written elsewhere: the folder given is served under /review/ all the same.
    elsewhere = tmp_path / "pages"
    (copy / "review").rename(elsewhere)
    ds = make_datasette(copy, review_url=str(elsewhere))
    review, search = asyncio.run(pages())
    assert review.status_code == 200 and "review index" in review.text
    assert 'href="/review/' in search.text
