"""Export: records into the output tables. Ids join across tables, every fact
keeps its provenance, counts from the header are checked against the list,
and every table has its declared columns and types even when empty."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from pipeline.config import Config
from pipeline.export import to_tables
from pipeline.records import Resolution, SourceError
from pipeline.run import run
from pipeline.schema import TABLES, columns

MINUTES = """COMMUNE DE VILLENEUVE-SUR-ORGE
Séance du conseil municipal du 3 mars 2021

Nombre de conseillers en exercice : 5. Présents : 3.

Présents : M. Paul MARTIN, Maire, Mme Anne DURAND, M. Louis BLANC.
Excusés : Mme Claire ROUX.

1. Subvention au comité des fêtes

M. Paul MARTIN expose que le comité des fêtes demande une subvention de 1 200 €.

Mme Anne DURAND demande si la somme couvre la fête de juin.

Adopté à l'unanimité.
"""


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("minutes")
    (folder / "villeneuve-cm-2021-03-03.txt").write_text(MINUTES, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return run([str(folder)], Config(entities=False, commitments=False)).tables


def test_every_table_has_its_declared_columns(tables) -> None:
    assert set(tables) == set(TABLES)
    for name, frame in tables.items():
        assert list(frame.columns) == columns(name), name


def test_empty_input_still_gives_every_table_typed() -> None:
    empty = to_tables([], Resolution(persons=(), organisations=()), [])
    for name, frame in empty.items():
        assert frame.empty and list(frame.columns) == columns(name)
    assert str(empty["amounts"]["value"].dtype) == "Float64"
    assert str(empty["votes"]["unanimous"].dtype) == "boolean"


def test_document_row_is_the_file_by_its_hash(tables) -> None:
    (doc,) = tables["documents"].itertuples()
    assert doc.doc_id == hashlib.sha256(MINUTES.encode("utf-8")).hexdigest()
    assert doc.extraction == "text" and doc.n_pages == 1 and doc.meeting_date == "2021-03-03"


def test_a_bad_file_is_an_error_row(tables) -> None:
    (error,) = tables["errors"].itertuples()
    assert error.source.endswith("broken.pdf") and error.stage == "ingest" and error.message


def test_speakers_and_attendees_join_the_persons_table(tables) -> None:
    persons = tables["persons"].set_index("person_id")
    speakers = tables["interventions"].dropna(subset=["speaker_id"])
    assert len(speakers) >= 2
    for row in speakers.itertuples():
        assert row.speaker_id in persons.index
    names = {persons.loc[pid, "family_name"] for pid in tables["attendance"]["person_id"]}
    assert names == {"MARTIN", "DURAND", "BLANC", "ROUX"}
    status = dict(zip(tables["attendance"]["family_name"], tables["attendance"]["status"]))
    assert status["ROUX"] == "excused" and status["MARTIN"] == "present"


def test_facts_point_into_the_document_text(tables) -> None:
    text = tables["documents"]["text"].iloc[0]
    (amount,) = tables["amounts"].itertuples()
    assert text[amount.char_start : amount.char_end] == amount.text == "1 200 €"
    assert amount.value_eur == 1200 and amount.page == 1 and amount.stage.startswith("minutes.amounts.")
    for row in tables["paragraphs"].itertuples():
        assert text[row.char_start : row.char_end].replace("\n", " ") == row.text


def test_header_counts_are_checked_against_the_list(tables) -> None:
    counts = tables["header_counts"].set_index("label")
    assert counts.loc["présents", "value"] == 3 and counts.loc["présents", "listed"] == 3
    assert bool(counts.loc["présents", "agrees"])


def test_affiliations_come_from_roles_in_the_list(tables) -> None:
    roles = tables["affiliations"]
    martin = tables["attendance"].set_index("family_name").loc["MARTIN", "person_id"]
    row = roles[roles["person_id"] == martin].iloc[0]
    assert row["role"] == "Maire" and row["basis"] == "attendance" and row["meeting_date"] == "2021-03-03"


def test_vote_is_tied_to_its_agenda_item(tables) -> None:
    (vote,) = tables["votes"].itertuples()
    policy = tables["policies"].set_index("policy_id").loc[vote.policy_id]
    assert vote.unanimous and vote.result == "adopted" and "Subvention" in policy["label"]


def test_error_rows_without_a_document() -> None:
    frame = to_tables([], Resolution(persons=(), organisations=()), [SourceError("x.txt", "read", "gone")])["errors"]
    assert frame.to_dict("records") == [{"source": "x.txt", "doc_id": None, "stage": "read", "message": "gone"}]
