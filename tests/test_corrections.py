"""Corrections files: checked before any work, applied on the next run, and nothing else changes.

The document is invented (tests/data/cm-invented.txt); the runs use the
rule-based stages only, so these tests need no spaCy model.
"""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from pipeline.cli import app
from pipeline.config import Config
from pipeline.corrections import CUE, STAGE, CorrectionsError, load_corrections, parse_corrections
from pipeline.run import run

DOCUMENT = ROOT / "tests" / "data" / "cm-invented.txt"
RULES_ONLY = {"entities": False, "commitments": False}


@pytest.fixture(scope="module")
def plain() -> dict[str, pd.DataFrame]:
    return run([DOCUMENT], Config(**RULES_ONLY)).tables


def corrected(tmp_path, text: str) -> dict[str, pd.DataFrame]:
    path = tmp_path / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    return run([DOCUMENT], Config(corrections=path, **RULES_ONLY)).tables


def turn_of(tables, paragraph_seq: int) -> pd.Series:
    paragraph = tables["paragraphs"].query("seq == @paragraph_seq").iloc[0]
    return tables["interventions"].query("paragraph_id == @paragraph.paragraph_id").iloc[0]


def person_id(tables, name: str) -> str:
    return tables["persons"].query("name == @name").iloc[0]["person_id"]


def test_one_speaker_correction_changes_exactly_that_attribution(plain, tmp_path) -> None:
    # "M. DUPONT répond ..." (paragraph 8) is said, by the reviewer, to be Claire MARTIN's.
    target = turn_of(plain, 8)
    assert target["speaker_id"] == person_id(plain, "Jean DUPONT")
    fixed = corrected(tmp_path, f"speakers:\n  - paragraph: {target['paragraph_id']}\n    speaker: Claire MARTIN\n")
    before = plain["interventions"].set_index("intervention_id")
    after = fixed["interventions"].set_index("intervention_id")
    assert list(before.index) == list(after.index)
    differs = [i for i in before.index if not before.loc[i].equals(after.loc[i])]
    assert differs == [target["intervention_id"]]
    row = after.loc[target["intervention_id"]]
    assert row["speaker_id"] == person_id(plain, "Claire MARTIN")
    assert row["speaker_text"] == "Claire MARTIN"
    assert row["cue"] == CUE and row["stage"] == STAGE
    assert fixed["errors"].empty
    # the person is the same entity as before: the correction joined her, not a new person
    assert set(fixed["persons"]["person_id"]) == set(plain["persons"]["person_id"])


def test_has_none_removes_the_speaker(plain, tmp_path) -> None:
    target = turn_of(plain, 9)
    assert pd.notna(target["speaker_id"])
    fixed = corrected(tmp_path, f"speakers:\n  - paragraph: {target['paragraph_id']}\n    speaker: null\n")
    row = fixed["interventions"].set_index("intervention_id").loc[target["intervention_id"]]
    assert pd.isna(row["speaker_id"]) and pd.isna(row["speaker_text"])
    assert row["cue"] == CUE


def test_a_role_names_the_person_listed_with_it_and_a_paragraph_without_speech_gets_a_turn(plain, tmp_path) -> None:
    heading = plain["paragraphs"].query("kind == 'heading' and text.str.contains('Budget')").iloc[0]
    assert heading["paragraph_id"] not in set(plain["interventions"]["paragraph_id"])
    fixed = corrected(tmp_path, f"speakers:\n  - paragraph: {heading['paragraph_id']}\n    speaker: Monsieur le Maire\n")
    interventions = fixed["interventions"]
    added = interventions.query("paragraph_id == @heading.paragraph_id").iloc[0]
    assert added["speaker_id"] == person_id(plain, "Jean DUPONT")  # the Maire of the attendance list
    assert added["cue"] == CUE
    assert list(interventions["seq"]) == list(range(len(interventions)))  # reading order kept
    assert set(plain["interventions"]["intervention_id"]) < set(interventions["intervention_id"])


def test_merge_and_split_change_reconciliation(plain, tmp_path) -> None:
    assert person_id(plain, "Paul DURAND") != person_id(plain, "Pierre DURAND")
    martin = turn_of(plain, 7)
    assert martin["speaker_id"] == person_id(plain, "Claire MARTIN")  # "Mme MARTIN" joined her
    fixed = corrected(
        tmp_path,
        'persons:\n  merge: [["M. Paul DURAND", "Pierre DURAND"]]\n  split: [["Mme MARTIN", "Claire MARTIN"]]\n',
    )
    persons = fixed["persons"]
    assert len(persons.query("family_name == 'DURAND'")) == 1
    speaker = fixed["interventions"].set_index("intervention_id").loc[martin["intervention_id"], "speaker_id"]
    assert speaker != person_id(fixed, "Claire MARTIN")
    assert len(persons) == len(plain["persons"])  # one fewer DURAND, one more MARTIN


def test_not_amount_and_not_date_remove_only_those(plain, tmp_path) -> None:
    amount, date = plain["amounts"].iloc[1], plain["dates"].iloc[2]
    fixed = corrected(tmp_path, f"not_amount: ['{amount['amount_id']}']\nnot_date: ['{date['date_id']}']\n")
    pd.testing.assert_frame_equal(fixed["amounts"], plain["amounts"].drop(index=1).reset_index(drop=True))
    pd.testing.assert_frame_equal(fixed["dates"], plain["dates"].drop(index=2).reset_index(drop=True))
    pd.testing.assert_frame_equal(fixed["interventions"], plain["interventions"])


def test_unknown_ids_are_reported_after_the_run(plain, tmp_path) -> None:
    prefix = plain["documents"].iloc[0]["doc_id"][:16]
    fixed = corrected(tmp_path, f"not_amount: ['{prefix}-$0099']\nspeakers:\n  - paragraph: 0000000000000000-p0001\n    speaker: null\n")
    errors = fixed["errors"]
    assert list(errors["stage"]) == ["corrections", "corrections"]
    assert errors["message"].str.contains("is in no document of this run").all()
    pd.testing.assert_frame_equal(fixed["amounts"], plain["amounts"])


def test_an_alias_file_is_a_corrections_file() -> None:
    fixes = parse_corrections('merge:\n  - ["CDC", "Caisse des dépôts"]\nsplit:\n  - ["Paul DURAND", "Paule DURAND"]\n')
    assert fixes.merge == (("CDC", "Caisse des dépôts"),)
    assert fixes.split == (("Paul DURAND", "Paule DURAND"),)


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("speakers:\n  - paragraph: 3fa2c0d1e4b5a6f7-p0012\n    speaker: [Jeanne\n", ":4:1:", "not valid YAML"),
        ("speakers:\n  - paragraph: p12\n    speaker: Jeanne MARTIN\n", ":2:16:", "is not a paragraph id"),
        ("speakers:\n  - paragraph: 3fa2c0d1e4b5a6f7-p0012\n", ":2:5:", "needs speaker:"),
        ("not_amount: [3fa2c0d1e4b5a6f7-d0003]\n", ":1:14:", "not an id of the amounts table"),
        ("persons:\n  merge: [[Jeanne MARTIN]]\n", ":2:11:", "two or more forms"),
        ("person:\n  merge: []\n", ":1:1:", "unknown key 'person'"),
        ("version: 2\nnot_date: []\n", ":1:10:", "version must be 1"),
    ],
)
def test_a_malformed_file_is_refused_with_line_and_column(tmp_path, text, where, says) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionsError) as caught:
        load_corrections(path)
    assert f"{path}{where}" in str(caught.value) and says in str(caught.value)


def test_a_malformed_file_is_refused_before_any_work(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("not_date: [oops\n", encoding="utf-8")
    read: list[str] = []
    with pytest.raises(CorrectionsError, match=r"bad\.yaml:2:1: not valid YAML"):
        run([DOCUMENT], Config(corrections=path, **RULES_ONLY), on_document=read.append)
    assert read == []
    result = CliRunner().invoke(app, ["run", str(DOCUMENT), "--out", str(tmp_path / "out"), "--corrections", str(path), "-q"])
    assert result.exit_code == 2
    assert "bad.yaml:2:1" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.model
def test_cli_applies_corrections_warns_of_unknown_ids_and_review_shows_them(plain, tmp_path) -> None:
    target = turn_of(plain, 8)
    path = tmp_path / "corrections.yaml"
    path.write_text(
        f"speakers:\n  - paragraph: {target['paragraph_id']}\n    speaker: Claire MARTIN\n"
        f"not_date: ['{target['paragraph_id'][:16]}-d0099']\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(app, ["run", str(DOCUMENT), "--out", str(out), "--corrections", str(path), "-q"])
    assert result.exit_code == 0, result.output
    assert f"warning: {path} [corrections] {target['paragraph_id'][:16]}-d0099 is in no document" in result.output
    shown = runner.invoke(app, ["review", str(out)])
    assert shown.exit_code == 0, shown.output
    page = (out / "review" / f"{plain['documents'].iloc[0]['doc_id']}.html").read_text(encoding="utf-8")
    turn = page.split(f'id="{target["intervention_id"]}"', 1)[1].split("</span>\n", 1)[0]
    assert "corrected" in turn and "Claire MARTIN" in turn
