"""The regression corpus is what its manifest says it is, and the regression
check's pure parts (file-name dates, comparison with a baseline) behave.

Fast: reads files and hashes them; no pipeline run, no model.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import regression_check as rc  # noqa: E402

REGRESSION = ROOT / "corpus" / "regression"
MANIFEST = REGRESSION / "MANIFEST.tsv"
COLUMNS = ["file", "repo", "path", "commit", "body", "kind_of_meeting", "meeting_date", "format", "pages",
           "licence", "retrieved", "sha256", "notes"]
# Kept out of every corpus of this project for independent evaluation (issue #11).
EXCLUDED_REPOS = {
    "regardscitoyens/operation-libre-aiglun", "PQuod/MaisondelaPoesiedeRennes", "inventaire/inventaire-wiki",
    "JanHerca/urantiapedia", "AlexLepauvre/carre2travers", "HD1225/Automated_Date_Extraction",
    "helgaParis/animation", "alberto-lorente/RAGtor", "mthlht/lannion_cm", "bjalon/municipal",
    "Alice-Po/ask-municipal-memory", "guillesse94300/myMairie", "AFPy/afpy_gestion",
}
EXCLUDED_OWNERS = {"AtelierNumeriqueCarentanais", "enfants-de-simone", "Flaux-Village"}


@pytest.fixture(scope="module")
def manifest() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_every_listed_file_exists_with_its_hash(manifest):
    for row in manifest:
        path = REGRESSION / row["file"]
        assert path.is_file(), row["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"], row["file"]


def test_every_document_file_is_listed(manifest):
    listed = {row["file"] for row in manifest}
    on_disk = {p.name for p in REGRESSION.iterdir() if p.name not in {"MANIFEST.tsv", "README.md"}}
    assert on_disk == listed


def test_corpus_is_broad_and_small(manifest):
    assert len(manifest) >= 30
    assert len({row["body"] for row in manifest}) >= 12
    assert {row["format"] for row in manifest} >= {"md", "pdf-text", "pdf-scan"}
    total = sum((REGRESSION / row["file"]).stat().st_size for row in manifest)
    assert total < 40_000_000


def test_no_document_comes_from_an_excluded_repository(manifest):
    for row in manifest:
        assert row["repo"] not in EXCLUDED_REPOS, row["file"]
        assert row["repo"].split("/")[0] not in EXCLUDED_OWNERS, row["file"]


def test_file_names_carry_the_manifest_date(manifest):
    for row in manifest:
        assert len(row["commit"]) == 40 and row["retrieved"] == "2026-12-04"
        found = rc.date_from_filename(row["file"])
        assert found is not None and found.isoformat() == row["meeting_date"], row["file"]


@pytest.mark.parametrize(("name", "expected"), [
    ("club-echecs-ag-2021-03-09.md", "2021-03-09"),
    ("CM_13_mai_2014.pdf", "2014-05-13"),
    ("CR_reunion_20210129.pdf", "2021-01-29"),
    ("compte rendu du 1er mars 2010.pdf", "2010-03-01"),
    ("CR_conseil_municipal_07_10_2022.pdf", "2022-10-07"),
    ("CR-CM-du-31-fevrier-2019.pdf", None),  # no such day
    ("CM_2009_134.pdf", None),  # a year and a number are not a date
    ("bulletin-octobre-2009.pdf", None),  # a month is not a meeting date
])
def test_date_from_file_name(name, expected):
    found = rc.date_from_filename(name)
    assert (found.isoformat() if found else None) == expected


def _tables(*, meeting_date, speakers, cues, attendance_ids, agrees) -> dict[str, pd.DataFrame]:
    """Output tables of one invented three-paragraph document."""
    doc = "d" * 64
    paragraphs = [f"p{i}" for i in range(3)]
    return {
        "documents": pd.DataFrame([{"doc_id": doc, "source": "x/assoc-ag-2020-01-15.md", "meeting_date": meeting_date,
                                    "n_pages": 2, "text": "un deux trois quatre " * 50}]),
        "errors": pd.DataFrame({"source": pd.Series([], dtype="string")}),
        "paragraphs": pd.DataFrame({"doc_id": [doc] * 3, "paragraph_id": paragraphs, "kind": ["paragraph"] * 3}),
        "interventions": pd.DataFrame({"doc_id": [doc] * len(speakers), "paragraph_id": paragraphs[:len(speakers)],
                                       "speaker_id": pd.Series(speakers, dtype="string"), "cue": cues}),
        "attendance": pd.DataFrame({"doc_id": [doc] * len(attendance_ids), "person_id": attendance_ids}),
        "header_counts": pd.DataFrame({"doc_id": [doc] * len(agrees), "agrees": pd.Series(agrees, dtype="boolean")}),
        "policies": pd.DataFrame({"doc_id": [doc, doc]}),
        "amounts": pd.DataFrame({"doc_id": [doc]}),
        "dates": pd.DataFrame({"doc_id": [doc] * 4}),
    }


def test_check_document_counts_speakers_continuations_and_counts():
    tables = _tables(meeting_date="2020-01-15", speakers=["ana", None, "bruno"], cues=["direct", "body", "continuation"],
                     attendance_ids=["ana"], agrees=[True, False, None])
    check = rc.check_document(tables, "x/assoc-ag-2020-01-15.md", label="x", body="b", seconds=1.0)
    assert (check.date_ok, check.attendance_rows, check.counts_stated, check.counts_agree) == (True, 1, 3, 1)
    assert (check.body_paragraphs, check.with_speaker, check.attributed, check.continuation) == (3, 2, 2, 1)
    assert check.speakers_not_listed == 1  # bruno speaks but is not listed
    assert check.words == 200 and check.amounts_per_kw == 5.0 and check.dates_per_kw == 20.0
    assert check.seconds_per_page == 0.5


def test_compare_names_what_got_worse_and_only_that():
    good = _tables(meeting_date="2020-01-15", speakers=["ana", "ana", None], cues=["direct", "direct", "body"],
                   attendance_ids=["ana"], agrees=[True])
    bad = _tables(meeting_date="2019-12-01", speakers=["ana", "zoe", None], cues=["direct", "continuation", "body"],
                  attendance_ids=["ana"], agrees=[False])
    before = rc.check_document(good, "x/assoc-ag-2020-01-15.md", label="x", body="b", seconds=None).to_json()
    after = rc.check_document(bad, "x/assoc-ag-2020-01-15.md", label="x", body="b", seconds=None).to_json()
    worse = rc.compare({"documents": [before]}, {"documents": [after]})["x"]
    assert any(w.startswith("meeting date") for w in worse)
    assert any(w.startswith("header counts") for w in worse)
    assert any(w.startswith("continuation_share") for w in worse)
    assert any(w.startswith("speakers not on the attendance list") for w in worse)
    assert rc.compare({"documents": [before]}, {"documents": [before]}) == {}
    assert rc.compare({"documents": [before]}, {"documents": []}) == {"x": ["missing from this run"]}


def test_totals_pool_the_documents():
    tables = _tables(meeting_date=None, speakers=["ana"], cues=["direct"], attendance_ids=["ana"], agrees=[])
    one = rc.check_document(tables, "x/assoc-ag-2020-01-15.md", label="x", body="b", seconds=None)
    total = rc.totals([one, one])
    assert (total["documents"], total["bodies"], total["date_found"], total["date_ok"], total["dates_checked"]) == (2, 1, 0, 0, 2)
    assert total["speaker_share"] == round(2 / 6, 4) and total["seconds_per_page"] is None
