"""End to end: the bundled corpus through the whole pipeline, tables out, scores in.

Golden checks compare what the pipeline must keep getting right on the
bundled corpus (thresholds from the issues' "done when"), so a regression in
any stage fails here.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from conftest import CORPUS, CORPUS_SOURCES
from pipeline.config import Config
from pipeline.evaluate import evaluate
from pipeline.io import SettingsError, read_gold, read_tables
from pipeline.run import run
from pipeline.schema import TABLES, columns

pytestmark = pytest.mark.model

TEXT_SOURCES = sorted(str(p) for p in CORPUS.glob("*.txt"))
PDF_SOURCES = [str(CORPUS / "rafhael-2003-04-11.pdf"), str(CORPUS / "CM_13_octobre_2009.pdf")]
# The documents the first rules were written on: their scores are floors that must hold.
FIRST_GOLD = ("CM_13_mai_2014.pdf", "CM_13_octobre_2009.pdf", "asn42-ag-2019-01-26.txt", "montreuil-en-touraine-cm-2008-10-09.txt")


@pytest.fixture(scope="module")
def output(corpus_output):
    return corpus_output


def scores(out) -> dict[str, dict[str, float | None]]:
    report = evaluate(read_tables(out), read_gold(CORPUS / "gold"))
    return {d.source.split("/")[-1]: {m.name: m.value for m in d.metrics} for d in report.documents}


def test_every_table_is_written_with_its_columns(output) -> None:
    out, result = output
    tables = read_tables(out)
    assert set(tables) == set(TABLES)
    for name in TABLES:
        assert list(tables[name].columns) == columns(name)
    con = duckdb.connect(str(out / "minutes.duckdb"), read_only=True)
    for name in TABLES:
        assert con.execute(f'select count(*) from "{name}"').fetchone()[0] == len(tables[name])
    assert len(tables["documents"]) == len(CORPUS_SOURCES)
    assert tables["errors"].empty, tables["errors"].to_dict("records")
    for name in ("paragraphs", "interventions", "persons", "organisations", "attendance", "mentions", "amounts", "dates", "votes", "commitments", "policies"):
        assert len(tables[name]) > 0, name


def test_every_fact_points_into_its_document(output) -> None:
    out, _ = output
    tables = read_tables(out)
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"]))
    for name in ("paragraphs", "amounts", "dates", "mentions", "interventions"):
        frame = tables[name]
        for row in frame.itertuples():
            text = texts[row.doc_id]
            assert 0 <= row.char_start < row.char_end <= len(text), (name, row)
        if name in ("amounts", "dates"):
            for row in frame.itertuples():
                assert texts[row.doc_id][row.char_start : row.char_end].replace("\n", " ") == row.text
    paragraphs = tables["paragraphs"]
    for row in paragraphs.itertuples():
        assert texts[row.doc_id][row.char_start : row.char_end].replace("\n", " ") == row.text


def test_doc_id_is_the_sha256_of_the_file(output) -> None:
    import hashlib
    from pathlib import Path

    out, _ = output
    documents = read_tables(out)["documents"]
    for row in documents.itertuples():
        assert row.doc_id == hashlib.sha256(Path(row.source).read_bytes()).hexdigest()


def test_ids_are_stable_across_runs(output, tmp_path) -> None:
    """A document's record ids do not depend on which other documents share the run."""
    out, _ = output
    again = run(TEXT_SOURCES, Config(out_dir=tmp_path)).tables
    first = read_tables(out)
    docs = set(again["documents"]["doc_id"])
    assert docs and docs < set(first["documents"]["doc_id"])
    for name, key in (("interventions", "intervention_id"), ("amounts", "amount_id"), ("dates", "date_id"), ("paragraphs", "paragraph_id")):
        in_full_run = first[name][first[name]["doc_id"].isin(docs)]
        assert set(again[name][key]) == set(in_full_run[key]), name
    seed = [s for s in TEXT_SOURCES if "rafhael" in s]
    a = run(seed, Config()).tables["interventions"][["intervention_id", "speaker_id", "text"]]
    b = run(seed, Config()).tables["interventions"][["intervention_id", "speaker_id", "text"]]
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_seed_scores(output) -> None:
    out, _ = output
    seed = scores(out)["rafhael-2003-04-11.txt"]
    assert seed["interventions.found"] >= 0.97
    assert seed["interventions.speaker_accuracy"] >= 0.97
    assert seed["interventions.turn_purity"] == 1.0
    assert seed["interventions.false_attributions"] == 0
    assert seed["attendance.f1"] >= 0.98
    assert seed["amounts.f1"] >= 0.95
    assert seed["dates.f1"] >= 0.9
    assert seed["meeting.date"] == 1.0


def test_seed_pdf_gives_the_same_paragraphs_as_the_text(output) -> None:
    out, _ = output
    pdf = scores(out)["rafhael-2003-04-11.pdf"]
    assert pdf["interventions.found"] >= 0.97
    assert pdf["interventions.turn_purity"] == 1.0


def test_first_gold_documents(output) -> None:
    out, _ = output
    found = scores(out)
    for name in FIRST_GOLD:
        doc = found[name]
        assert doc["interventions.found"] >= 0.95, name
        assert doc["interventions.speaker_accuracy"] >= 0.9, name
        assert doc["attendance.f1"] >= 0.95, name
        assert doc["meeting.date"] == 1.0, name


@pytest.mark.parametrize(
    ("name", "content", "stage", "words"),
    [
        ("empty.txt", b"", "ingest", "empty"),
        ("corrupt.pdf", b"%PDF-1.4\n1 0 obj <<>> garbage without xref", "ingest", "PDF"),
        ("not-a-pdf.pdf", b"<html><body>Compte rendu</body></html>", "ingest", "not a PDF"),
        ("binary.txt", bytes(range(256)) * 4, "ingest", ""),
    ],
)
def test_bad_input_is_an_error_row_and_the_run_goes_on(tmp_path, name, content, stage, words) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = CORPUS / "montreuil-en-touraine-cm-2008-10-09.txt"
    result = run([str(bad), str(good)], Config(entities=False, commitments=False))
    errors = result.tables["errors"]
    assert set(errors["source"]) == {str(bad)}
    row = errors[errors["source"] == str(bad)].iloc[0]
    assert row["stage"] == stage
    assert words.lower() in row["message"].lower()
    assert list(result.tables["documents"]["source"]) == [str(good)]


def _running_lines(pdf_path: str) -> set[str]:
    """Lines repeated at the top or bottom of at least three pages (digits masked)."""
    import collections
    import re

    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        pages = [[line.strip() for line in (p.extract_text() or "").split("\n") if line.strip()] for p in pdf.pages]
    edges = collections.Counter(re.sub(r"\d+", "#", line) for lines in pages for line in lines[:2] + lines[-2:])
    return {line for line, n in edges.items() if n >= 3}


def test_no_running_header_footer_or_footnote_inside_body_paragraphs(output) -> None:
    import re

    out, _ = output
    tables = read_tables(out)
    for source in PDF_SOURCES:
        doc = tables["documents"][tables["documents"]["source"] == source]["doc_id"].iloc[0]
        paragraphs = tables["paragraphs"][tables["paragraphs"]["doc_id"] == doc]
        body = paragraphs[paragraphs["kind"].isin(["paragraph", "list_item"])]
        running = _running_lines(source)
        assert running, source
        for text in body["text"]:
            masked = re.sub(r"\d+", "#", text)
            assert not any(line in masked for line in running if len(line) > 3 and line != "- # -"), text
            assert not re.search(r"(?:^|\s)(?:Page\s+#|- # -)(?:\s|$)", masked), text
        footnotes = paragraphs[paragraphs["kind"] == "footnote"]["text"]
        for note in footnotes:
            assert not any(note[:40] in text for text in body["text"]), note


def test_alias_file_is_applied_on_the_next_run(tmp_path) -> None:
    source = str(CORPUS / "montreuil-en-touraine-cm-2008-10-09.txt")
    fast = dict(entities=False, commitments=False)
    before = run([source], Config(**fast)).tables["persons"]
    assert not any({"Mme RIVAL", "M. RONCIER"} <= set(v) for v in before["variants"])
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text('merge:\n  - ["Mme RIVAL", "M. RONCIER"]\n', encoding="utf-8")
    after = run([source], Config(aliases=aliases, **fast)).tables["persons"]
    assert any({"Mme RIVAL", "M. RONCIER"} <= set(v) for v in after["variants"])


def test_a_broken_alias_file_is_refused_before_any_work(tmp_path) -> None:
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text('merge:\n  - ["only one form"]\n', encoding="utf-8")
    read: list[str] = []
    with pytest.raises(SettingsError, match="two or more names"):
        run([str(CORPUS / "montreuil-en-touraine-cm-2008-10-09.txt")], Config(aliases=aliases, entities=False, commitments=False), on_document=read.append)
    assert read == []
