"""The dataset in a browser: a SQLite copy of an output folder, served read-only by Datasette.

``build_sqlite(out)`` writes ``out/minutes.sqlite`` with sqlite-utils: every
table of ``pipeline.schema`` and every view of ``pipeline.views`` (their rows,
so that SQLite need not speak DuckDB's dialect), a ``review_url`` column on
each row that has a place in a document, and FTS5 indexes over the text of
interventions, speeches, paragraphs and agenda items. ``datasette_metadata()``
gives titles and descriptions from the same schema modules as README, facets
and canned queries. ``serve(out, port, host)`` runs Datasette on it.

``review_url`` is the path of the row's place in the review pages, relative
to the output folder: ``review/<doc_id>.html#<paragraph_id>``, as
``minutes review OUT --to OUT/review`` writes them. The served page turns it
into a link against ``--review-url`` (by default the review folder, which the
server then serves under ``/review/``).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from pipeline.schema import TABLES
from pipeline.views import VIEWS, create_views

log = logging.getLogger(__name__)

SQLITE_NAME = "minutes.sqlite"
DATABASE = "minutes"  # Datasette names a database after its file
# Bump when the copy's layout changes, so that old copies are rebuilt.
BUILD_VERSION = 1
# Accents folded ("élu" finds "elu" and "Élu"), as French text needs.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FTS_COLUMNS = {"interventions": ["text"], "speeches": ["text"], "paragraphs": ["text"], "policies": ["label"]}
REVIEW_PREFIX = "review/"
# Private-use characters around a search hit in a snippet: document text can
# never be mistaken for markup, and the page turns them into <mark>.
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"

PRIMARY_KEYS = {
    "documents": "doc_id", "paragraphs": "paragraph_id", "policies": "policy_id",
    "interventions": "intervention_id", "persons": "person_id", "organisations": "org_id",
    "mentions": "mention_id", "amounts": "amount_id", "dates": "date_id", "votes": "vote_id",
    "commitments": "commitment_id", "speeches": "intervention_id", "decisions": "vote_id", "money": "amount_id",
}
# Columns that name a row of another table: Datasette shows the other row's label as a link.
FOREIGN_KEYS = {
    "doc_id": ("documents", "doc_id"),
    "paragraph_id": ("paragraphs", "paragraph_id"),
    "policy_id": ("policies", "policy_id"),
    "speaker_id": ("persons", "person_id"),
    "person_id": ("persons", "person_id"),
    "proxy_id": ("persons", "person_id"),
    "org_id": ("organisations", "org_id"),
    "amount_id": ("amounts", "amount_id"),
    "date_id": ("dates", "date_id"),
}
LABEL_COLUMNS = {"documents": "source", "persons": "name", "organisations": "name", "policies": "label", "paragraphs": "text"}
# Facets asked for most (body, date, speaker, agenda item), wherever a table has them, and each table's own.
COMMON_FACETS = ("body", "meeting_date", "speaker_name", "item_label")
OWN_FACETS = {
    "interventions": ["act", "cue"], "paragraphs": ["kind"], "attendance": ["status", "role"],
    "amounts": ["kind", "currency"], "votes": ["result"], "commitments": ["modality"],
    "affiliations": ["role"], "attendance_rates": ["year"], "errors": ["stage"],
}


# --- the SQLite copy ------------------------------------------------------------


def sqlite_path(out: str | Path) -> Path:
    return Path(out) / SQLITE_NAME


def is_stale(out: str | Path) -> bool:
    """Whether the SQLite copy is missing, older than a Parquet table, or built by other code."""
    path = sqlite_path(out)
    if not path.is_file():
        return True
    parquet_times = [p.stat().st_mtime for p in Path(out).glob("*.parquet")]
    if parquet_times and path.stat().st_mtime < max(parquet_times):
        return True
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        return con.execute("pragma user_version").fetchone()[0] != BUILD_VERSION


def build_sqlite(out: str | Path, *, force: bool = False) -> Path:
    """Write (or keep, when fresh) ``out/minutes.sqlite``; its path."""
    import duckdb
    import sqlite_utils

    out = Path(out)
    parquets = {p.stem: p for p in sorted(out.glob("*.parquet"))}
    if not parquets:
        raise FileNotFoundError(f"{out} holds no .parquet tables; run `minutes run ... --out {out}` first")
    path = sqlite_path(out)
    if not force and not is_stale(out):
        return path
    started = time.perf_counter()
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    with duckdb.connect() as con:
        for name, parquet in parquets.items():
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(?)', [str(parquet.resolve())])
        names = [n for n in TABLES if n in parquets] + [n for n in parquets if n not in TABLES] + create_views(con)
        db = sqlite_utils.Database(str(tmp))
        # A scratch file until it replaces the copy: no need to survive a crash halfway.
        db.execute("pragma synchronous = off")
        db.execute("pragma journal_mode = memory")
        for name in names:
            _copy(con, db, name)
        for name, columns in FTS_COLUMNS.items():
            if name in db.table_names():
                db[name].enable_fts(columns, fts_version="FTS5", tokenize=FTS_TOKENIZE)
        foreign_keys = [
            (name, column, *FOREIGN_KEYS[column])
            for name in names
            for column in db[name].columns_dict
            if column in FOREIGN_KEYS and FOREIGN_KEYS[column][0] in names and FOREIGN_KEYS[column] != (name, column)
        ]
        db.add_foreign_keys(foreign_keys)
        db.execute(f"pragma user_version = {BUILD_VERSION}")
        db.vacuum()
        db.close()
    os.replace(tmp, path)
    log.info("built %s in %.1f s", path, time.perf_counter() - started)
    return path


def _copy(con, db, name: str) -> None:
    """One DuckDB table or view into SQLite, with its review_url."""
    described = con.execute(f'DESCRIBE "{name}"').fetchall()
    columns = {column: _sqlite_type(kind) for column, kind, *_ in described}
    select = _with_review_url(name, list(columns))
    if select != f'select * from "{name}"':
        columns["review_url"] = str
    pk = PRIMARY_KEYS.get(name)
    if pk and pk in columns and not _unique(con, name, pk):
        log.warning("%s.%s is not unique; the SQLite copy has no primary key for %s", name, pk, name)
        pk = None
    db[name].create(columns, pk=pk)
    cursor = con.execute(select)
    keys = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(5000):
        db[name].insert_all((dict(zip(keys, row)) for row in rows), batch_size=1000)


def _with_review_url(name: str, columns: list[str]) -> str:
    """SELECT of a table with its review_url: the paragraph's anchor, else the paragraph holding the row's offset, else the document."""
    if "doc_id" not in columns or name == "errors":
        return f'select * from "{name}"'
    page = f"'{REVIEW_PREFIX}' || t.doc_id || '.html'"
    if "paragraph_id" in columns:
        url = f"{page} || coalesce('#' || t.paragraph_id, '')"
    elif "char_start" in columns:
        url = (
            f"{page} || coalesce('#' || (select arg_min(p.paragraph_id, p.seq) from paragraphs p "
            "where p.doc_id = t.doc_id and p.char_start <= t.char_start and t.char_start < p.char_end), '')"
        )
    else:
        url = page
    return f'select t.*, {url} as review_url from "{name}" t'


def _unique(con, name: str, column: str) -> bool:
    total, distinct = con.execute(f'select count(*), count(distinct "{column}") from "{name}"').fetchone()
    return total == distinct


def _sqlite_type(duckdb_type: str) -> type:
    kind = duckdb_type.upper()
    if kind.endswith("]") or kind.startswith(("STRUCT", "MAP", "UNION")):
        return str  # sqlite-utils stores lists as JSON text
    if kind in {"BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}:
        return int
    if kind in {"DOUBLE", "FLOAT", "REAL"} or kind.startswith("DECIMAL"):
        return float
    return str


# --- Datasette ------------------------------------------------------------------------


def _phrase(param: str) -> str:
    """An FTS5 phrase query of a user's words: quotes doubled, so no input is a syntax error."""
    return f"""'"' || replace(:{param}, '"', '""') || '"'"""


CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "search": {
        "title": "Search what was said",
        "hide_sql": True,
        "description": "Interventions containing the words (accents and case ignored), best first, the hit highlighted.",
        "sql": f"""
            select s.meeting_date, s.body, s.speaker_name, s.item_label,
                   snippet(speeches_fts, 0, char(57344), char(57345), '…', 24) as snippet, s.review_url
            from speeches_fts join speeches s on s.rowid = speeches_fts.rowid
            where :term != '' and speeches_fts match {_phrase("term")}
            order by speeches_fts.rank limit 500
        """,
    },
    "search_paragraphs": {
        "title": "Search all text",
        "hide_sql": True,
        "description": "Paragraphs of every kind (headings, lists, tables, annexes) containing the words, the hit highlighted.",
        "sql": f"""
            select d.meeting_date, d.body, p.kind, p.page,
                   snippet(paragraphs_fts, 0, char(57344), char(57345), '…', 24) as snippet, p.review_url
            from paragraphs_fts join paragraphs p on p.rowid = paragraphs_fts.rowid
            join documents d on d.doc_id = p.doc_id
            where :term != '' and paragraphs_fts match {_phrase("term")}
            order by paragraphs_fts.rank limit 500
        """,
    },
    "person_timeline": {
        "title": "A person's timeline",
        "hide_sql": True,
        "description": "Everything about the persons whose name contains the words, in date order: attendance, interventions, commitments.",
        "sql": """
            with who as (select person_id, name from persons where :name != '' and name like '%' || :name || '%')
            select d.meeting_date, d.body, who.name, 'attendance' as event, a.status || coalesce(' (' || a.role || ')', '') as detail,
                   null as item_label, a.review_url
            from attendance a join who on who.person_id = a.person_id join documents d on d.doc_id = a.doc_id
            union all
            select s.meeting_date, s.body, who.name, 'intervention', s.act || ': ' || substr(s.text, 1, 300), s.item_label, s.review_url
            from speeches s join who on who.person_id = s.speaker_id
            union all
            select d.meeting_date, d.body, who.name, 'commitment', c.modality || ' (' || c.action || '): ' || substr(c.text, 1, 300),
                   p.label, c.review_url
            from commitments c join who on who.person_id = c.actor_id join documents d on d.doc_id = c.doc_id
            left join policies p on p.policy_id = c.policy_id
            order by 1, 4
        """,
    },
    "item_history": {
        "title": "An agenda item across meetings",
        "hide_sql": True,
        "description": "Agenda items whose heading contains the words (accents and case ignored), in date order, with what happened under each.",
        "sql": f"""
            select d.meeting_date, d.body, p.number, p.label,
                   (select count(*) from interventions i where i.policy_id = p.policy_id) as interventions,
                   (select group_concat(v.result, ', ') from votes v where v.policy_id = p.policy_id) as votes,
                   (select round(sum(m.value_eur), 2) from money m where m.policy_id = p.policy_id) as amounts_eur,
                   (select count(*) from commitments c where c.policy_id = p.policy_id) as commitments,
                   p.review_url
            from policies_fts join policies p on p.rowid = policies_fts.rowid
            join documents d on d.doc_id = p.doc_id
            where :words != '' and policies_fts match {_phrase("words")}
            order by d.meeting_date, p.rowid
        """,
    },
    "term_per_year": {
        "title": "A term's frequency per year",
        "hide_sql": True,
        "description": "Per year: paragraphs containing the words, the meetings they are in, and the share of that year's meetings.",
        "sql": f"""
            with hits as (
                select p.doc_id from paragraphs_fts join paragraphs p on p.rowid = paragraphs_fts.rowid
                where :term != '' and paragraphs_fts match {_phrase("term")}
            ),
            years as (select substr(meeting_date, 1, 4) as year, count(*) as meetings_held from documents group by 1)
            select substr(d.meeting_date, 1, 4) as year, count(*) as paragraphs, count(distinct d.doc_id) as meetings,
                   y.meetings_held, round(1.0 * count(distinct d.doc_id) / y.meetings_held, 3) as share_of_meetings
            from hits join documents d on d.doc_id = hits.doc_id
            join years y on y.year is substr(d.meeting_date, 1, 4)
            group by 1 order by 1
        """,
    },
}


def datasette_metadata(review_url: str = "/" + REVIEW_PREFIX) -> dict[str, Any]:
    """Datasette metadata: titles and descriptions of every table, view and column, facets, canned queries."""
    tables: dict[str, Any] = {}
    described = {name: ("", cols) for name, cols in TABLES.items()}
    described.update({name: (view.description, view.columns) for name, view in VIEWS.items()})
    for name, (description, cols) in described.items():
        names = [c for c, _, _ in cols]
        entry: dict[str, Any] = {
            "title": name.replace("_", " "),
            "description": description or TABLE_DESCRIPTIONS.get(name, ""),
            "columns": {c: text for c, _, text in cols},
            "facets": [c for c in COMMON_FACETS if c in names] + OWN_FACETS.get(name, []),
        }
        if "doc_id" in names and name != "errors":
            entry["columns"]["review_url"] = "where the row is in the review pages (relative to the output folder)"
        if name in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[name]
        if "meeting_date" in names:
            entry["sort_desc"] = "meeting_date"
        tables[name] = entry
    return {
        "title": "minutes",
        "description": (
            "Meeting minutes as tables: who attended, who said what on which agenda item, amounts, votes and "
            "commitments. Every row keeps its document, page and character span; review_url links to the row's "
            "place in the review pages."
        ),
        "databases": {DATABASE: {"tables": tables, "queries": CANNED_QUERIES}},
        "plugins": {"minutes": {"review_url": review_url}},
    }


# One line per table for the Datasette index (README says the same in prose).
TABLE_DESCRIPTIONS = {
    "documents": "One row per source file: title, body, meeting date, and the normalised text every offset indexes.",
    "paragraphs": "Paragraph units in reading order, with their kind, page, span and agenda item.",
    "policies": "Agenda items (points de l'ordre du jour) of each meeting.",
    "interventions": "Who said what: one row per speech turn, with its speaker, act and agenda item.",
    "persons": "One row per person across the run, with every surface form seen.",
    "organisations": "One row per organisation across the run.",
    "attendance": "Attendance lists: who was present, excused, absent or represented, and by whom.",
    "affiliations": "Roles and organisations stated for a person, per document and meeting date.",
    "header_counts": "Counts stated in a meeting's header (en exercice, présents, votants) against the list.",
    "mentions": "Every person and organisation mention, resolved to its entity.",
    "amounts": "Money and percentages, normalised (francs converted to euros).",
    "dates": "Dates and periods named in the text, normalised to ISO 8601.",
    "votes": "Vote outcomes and counts.",
    "commitments": "What an actor decided, plans, intends, proposes or refuses.",
    "errors": "Files or stages that failed, with a message.",
}


def make_datasette(out: str | Path, *, review_url: str | None = None):
    """A Datasette instance over ``out/minutes.sqlite`` (built or refreshed first), immutable.

    ``review_url`` is the base of the review links: a URL, or a folder of review
    pages served under ``/review/`` (default: ``out/review/``).
    """
    from datasette.app import Datasette
    from datasette.plugins import pm

    from pipeline import datasette_plugin

    path = build_sqlite(out)
    static_mounts = []
    # A folder of review pages (OUT/review/ by default) is served beside the data; a URL is linked to as is.
    review_dir = Path(out) / REVIEW_PREFIX if review_url is None else Path(review_url)
    if review_url is None or "://" not in review_url and review_dir.is_dir():
        review_url = "/" + REVIEW_PREFIX
        if review_dir.is_dir():
            static_mounts.append((REVIEW_PREFIX.rstrip("/"), str(review_dir.resolve())))
    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="minutes")
    return Datasette(
        immutables=[str(path)],
        metadata=datasette_metadata(review_url),
        static_mounts=static_mounts,
        settings={"sql_time_limit_ms": 5000, "facet_time_limit_ms": 1000},
    )


def serve(out: str | Path, port: int = 8001, host: str = "127.0.0.1", *, review_url: str | None = None, echo=print) -> None:
    """Serve an output folder with Datasette until interrupted; says where it listens."""
    import asyncio

    import uvicorn

    started = time.perf_counter()
    fresh = not is_stale(out)
    ds = make_datasette(out, review_url=review_url)
    asyncio.run(ds.invoke_startup())
    echo(f"{sqlite_path(out)} {'up to date' if fresh else f'built in {time.perf_counter() - started:.1f} s'}")
    if review_url is None and not (Path(out) / REVIEW_PREFIX).is_dir():
        echo(f"no review pages in {Path(out) / REVIEW_PREFIX}: write them with `minutes review {out} --to {Path(out) / REVIEW_PREFIX}`")
    echo(f"serving http://{host}:{port}/{DATABASE} (read-only; Ctrl-C stops)")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
