"""Exchange formats (pipeline/exports/): the pieces alone (fast), then the three
formats written from a real run over bundled minutes and read back (model)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from conftest import CORPUS
from pipeline.cli import app
from pipeline.config import Config
from pipeline.exports import export
from pipeline.exports.checks import check_popolo, check_scdl, check_tei
from pipeline.exports.common import affiliation_role, chairs, count_words, gender
from pipeline.exports.scdl import (
    INCOMPLETE_FILE,
    MAIN_FILE,
    UNCLASSIFIED_FILE,
    BodiesFileError,
    _vote_columns,
    bodies_todo,
    read_bodies,
    sirens_seen,
    vote_rule_violations,
)
from pipeline.io import read_tables
from pipeline.run import run_to

TEI = "{http://www.tei-c.org/ns/1.0}"

# --- the pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("Maire", "head"),
        ("Présidente", "head"),
        ("Adjoint", "deputyHead"),
        ("Maire-adjointe", "deputyHead"),
        ("1er adjoint", "deputyHead"),
        ("Adjointe aux finances", "deputyHead"),
        ("Vice-Président", "deputyHead"),
        ("secrétaire de séance", "secretary"),
        ("Conseiller municipal", "member"),
        ("Directeur Général Adjoint", "member"),  # staff, not the council's deputy head
        (None, "member"),
    ],
)
def test_affiliation_role(written: str | None, role: str) -> None:
    assert affiliation_role(written) == role


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["M. Paul DURAND", "Paul DURAND"], "M"),
        (["Madame Lucie MARTIN"], "F"),
        (["Mme MARTIN", "M. MARTIN"], None),  # civilities disagree: say nothing
        (["Lucie MARTIN"], None),
        (["MM. DURAND"], None),  # a plural civility names no one person
    ],
)
def test_gender_only_from_agreeing_civilities(variants: list[str], expected: str | None) -> None:
    assert gender(variants) == expected


def _attendance(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": doc, "person_id": person, "role": role, "status": "present"} for doc, person, role in rows])


def test_chair_is_the_one_holder_of_the_most_specific_role() -> None:
    found = chairs(_attendance([
        ("d1", "p1", "Maire"), ("d1", "p2", "Adjoint"),
        ("d2", "p3", "Maire"), ("d2", "p4", "Président de séance"),  # the sitting's president outranks the mayor
        ("d3", "p5", "Président"), ("d3", "p6", "Président"),  # two presidents: no chair rather than a guess
        ("d4", "p7", "Conseiller"),
    ]))
    assert found == {"d1": "p1", "d2": "p4"}


@pytest.mark.parametrize(
    ("row", "problems"),
    [
        ({"VOTE_EFFECTIF": "19", "VOTE_REEL": "17", "VOTE_POUR": "15", "VOTE_CONTRE": "1", "VOTE_ABSTENTION": "1"}, []),
        ({"VOTE_EFFECTIF": "", "VOTE_REEL": "", "VOTE_POUR": "", "VOTE_CONTRE": "", "VOTE_ABSTENTION": ""}, []),
        ({"VOTE_EFFECTIF": "19", "VOTE_REEL": "", "VOTE_POUR": "15", "VOTE_CONTRE": "", "VOTE_ABSTENTION": ""}, ["all or none"]),
        ({"VOTE_EFFECTIF": "15", "VOTE_REEL": "17", "VOTE_POUR": "15", "VOTE_CONTRE": "1", "VOTE_ABSTENTION": "1"}, ["EFFECTIF < VOTE_REEL"]),
        ({"VOTE_EFFECTIF": "19", "VOTE_REEL": "18", "VOTE_POUR": "15", "VOTE_CONTRE": "1", "VOTE_ABSTENTION": "1"}, ["!= VOTE_REEL"]),
    ],
)
def test_vote_rules(row: dict[str, str], problems: list[str]) -> None:
    found = vote_rule_violations(row)
    assert len(found) == len(problems)
    for expected, got in zip(problems, found):
        assert expected in got


def _vote(pour, contre, abstention) -> dict:
    return {"votes_for": pour, "votes_against": contre, "abstentions": abstention}


@pytest.mark.parametrize(
    ("votes", "in_office", "expected", "why"),
    [
        ([_vote(12, 2, 1)], 19, {"VOTE_EFFECTIF": 19, "VOTE_REEL": 15, "VOTE_POUR": 12, "VOTE_CONTRE": 2, "VOTE_ABSTENTION": 1}, None),
        ([_vote(None, None, None)], 19, None, None),  # "adopté à l'unanimité", no figure: nothing to say
        ([_vote(12, None, None)], 19, None, "in part"),  # against and abstentions not given: not taken as 0
        # ... unless the figures given already account for every voter ("13 pour et 2 abstentions", 15 votants)
        ([_vote(13, None, 2)], 19, {"VOTE_EFFECTIF": 19, "VOTE_REEL": 15, "VOTE_POUR": 13, "VOTE_CONTRE": 0, "VOTE_ABSTENTION": 2}, None),
        ([_vote(12, 2, 1)], None, None, "in office"),
        ([_vote(12, 2, 1)], 14, None, "disagree"),
        ([_vote(12, 2, 1), _vote(10, 5, 0)], 19, None, "2 votes"),  # which one is the deliberation's?
    ],
)
def test_vote_columns_all_or_none(votes, in_office, expected, why) -> None:
    columns, problem = _vote_columns(votes, in_office, 15)
    assert columns == expected
    assert (problem is None) if why is None else (why in problem)


def test_bodies_file(tmp_path: Path) -> None:
    good = tmp_path / "bodies.yaml"
    good.write_text('Commune de Villeneuve-sur-Test: "01234567890123"\nSyndicat des Eaux: ""\n', encoding="utf-8")
    assert read_bodies(good) == {"commune de villeneuve sur test": "01234567890123"}  # leading zero kept, blank skipped
    bad = tmp_path / "bad.yaml"
    bad.write_text("Commune de Villeneuve-sur-Test: 1234\n", encoding="utf-8")
    with pytest.raises(BodiesFileError, match="14 digits"):
        read_bodies(bad)


def test_bodies_to_fill_show_the_siren_of_acknowledgements_but_no_siret() -> None:
    documents = pd.DataFrame([
        {"doc_id": "d1", "source": "a.pdf", "title": None, "body": "Commune de Villeneuve-sur-Test", "meeting_date": "2014-01-14", "text": ""},
    ])
    paragraphs = pd.DataFrame([
        {"doc_id": "d1", "text": "Accusé de réception en préfecture 099-123456789-20140114-D2014-1-DE Date de télétransmission : 15/01/2014"},
        {"doc_id": "d1", "text": "Délibération 2014/2, tarif de 099-12 € (not an acknowledgement)"},
    ])
    sirens = sirens_seen({"documents": documents, "paragraphs": paragraphs})
    assert sirens == {"Commune de Villeneuve-sur-Test": {"123456789": 1}}
    todo = bodies_todo(["Commune de Villeneuve-sur-Test"], sirens)
    assert "# SIREN 123456789" in todo
    assert yaml.safe_load(todo) == {"Commune de Villeneuve-sur-Test": ""}  # still to fill: no SIRET is made up


def test_export_without_a_run_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(tmp_path / "missing"), "--to", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "minutes run" in result.output


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(tmp_path), "--format", "akoma", "--to", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "akoma" in result.output


# --- a real run, exported and read back -------------------------------------------------------------

DOCUMENTS = sorted(CORPUS.glob("*.txt")) + [CORPUS / "CM_13_octobre_2009.pdf"]


@pytest.fixture(scope="module")
def exported(request, tmp_path_factory) -> tuple[dict[str, pd.DataFrame], Path, list]:
    root = tmp_path_factory.mktemp("exports")
    try:
        # The whole bundled corpus run once per session, where conftest offers it
        # (no second pipeline run in the suite) ...
        out, _ = request.getfixturevalue("corpus_output")
    except pytest.FixtureLookupError:
        # ... else the small documents of the corpus, run here.
        out = root / "out"
        run_to([str(p) for p in DOCUMENTS], Config(out_dir=out))
    tables = read_tables(out)
    bodies = root / "bodies.yaml"
    # Invented SIRETs for two of the bodies: the others must stay out of the main CSV.
    names = sorted(set(tables["documents"]["body"].dropna()))
    bodies.write_text("".join(f'"{name}": "{10000000000000 + i}"\n' for i, name in enumerate(names[:2])), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(out), "--to", str(root / "exports"), "--bodies", str(bodies)])
    assert result.exit_code == 0, result.output
    return tables, root / "exports", names


@pytest.mark.model
def test_tei_is_well_formed_and_every_reference_resolves(exported) -> None:
    _, directory, _ = exported
    checked = check_tei(directory / "tei")
    assert checked.problems == []
    for path in directory.joinpath("tei").rglob("*.xml"):
        etree.parse(str(path))  # each file well-formed on its own, too


@pytest.mark.model
def test_tei_names_and_values(exported) -> None:
    tables, directory, _ = exported
    tree = etree.parse(str(directory / "tei" / "Minutes.xml"))
    tree.xinclude()
    root = tree.getroot()
    texts = root.findall(f"{TEI}TEI")
    assert {t.get("ana") for t in texts} == {"#parla.sitting #reference"}
    assert {d.get("type") for d in root.iter(f"{TEI}div")} <= {"debateSection", "commentSection"}
    assert {m.get("unit") for m in root.iter(f"{TEI}measure")} == {"speeches", "words"}
    assert {a.get("status") for a in root.iter(f"{TEI}availability")} == {"free"}
    assert {u.get("ana") for u in root.iter(f"{TEI}u")} == {"#chair", "#regular"}
    # An agenda item's division opens with its heading as written.
    heads = [h.text for h in root.iter(f"{TEI}head")]
    labels = tables["policies"]["label"].dropna()
    assert sum(any(label.strip() in head for head in heads) for label in labels) >= 0.9 * len(labels)
    # A speaker who is a known person is pointed at; a split name is forename + surname.
    person = root.find(f".//{TEI}person")
    assert person.find(f"{TEI}persName/{TEI}surname") is not None
    assert any(u.get("who") for u in root.iter(f"{TEI}u"))


@pytest.mark.model
def test_tei_loses_no_text(exported) -> None:
    """Every word of every paragraph is in the TEI: in a seg, a note or a head."""
    tables, directory, _ = exported
    tree = etree.parse(str(directory / "tei" / "Minutes.xml"))
    tree.xinclude()
    written = sum(
        count_words(e.text) for tei in tree.getroot().findall(f"{TEI}TEI") for e in tei.find(f"{TEI}text").iter(f"{TEI}seg", f"{TEI}note", f"{TEI}head")
    )
    assert written == sum(count_words(text) for text in tables["paragraphs"]["text"])


@pytest.mark.model
def test_popolo_validates(exported) -> None:
    _, directory, _ = exported
    assert check_popolo(directory / "popolo").problems == []


@pytest.mark.model
def test_scdl_validates_and_keeps_incomplete_rows_aside(exported) -> None:
    tables, directory, names = exported
    checked = check_scdl(directory / "scdl")
    assert checked.problems == []
    with (directory / "scdl" / MAIN_FILE).open(encoding="utf-8", newline="") as handle:
        main = list(csv.DictReader(handle))
    assert main, "two bodies were given a SIRET: their classified deliberations are complete"
    assert {row["COLL_NOM"] for row in main} <= set(names[:2])
    with (directory / "scdl" / INCOMPLETE_FILE).open(encoding="utf-8", newline="") as handle:
        aside = list(csv.DictReader(handle))
    assert all(row["MANQUE"] and row["DELIB_MATIERE_CODE"] for row in aside)
    assert all(row["COLL_NOM"] not in names[:2] or "COLL_SIRET" not in row["MANQUE"] for row in aside)
    missing = (directory / "scdl" / "bodies-missing.yaml").read_text(encoding="utf-8")
    assert all(name not in missing for name in names[:2]) and any(name in missing for name in names[2:])


@pytest.mark.model
def test_round_trip_counts(exported) -> None:
    tables, directory, _ = exported
    tei = check_tei(directory / "tei").counts
    popolo = json.loads((directory / "popolo" / "popolo.json").read_text(encoding="utf-8"))
    scdl = check_scdl(directory / "scdl").counts
    assert tei["meetings"] == len(popolo["events"]) == len(tables["documents"])
    assert tei["utterances"] == tei["meta_rows"] == len(tables["interventions"])
    assert tei["persons"] == len(popolo["persons"]) == len(tables["persons"])
    assert len(popolo["vote_events"]) == len(popolo["motions"]) == len(tables["votes"])
    decided = set(tables["votes"]["policy_id"].dropna()) | set(
        tables["interventions"].loc[tables["interventions"]["act"] == "decision", "policy_id"].dropna()
    )
    assert scdl["deliberations"] == len(decided & set(tables["policies"]["policy_id"]))
    assert scdl[UNCLASSIFIED_FILE] == scdl["unclassified"]
    # Counts read back equal the counts of the votes table, never more.
    given = tables["votes"][["votes_for", "votes_against", "abstentions"]].notna().sum().sum()
    assert sum(len(v["counts"]) for v in popolo["vote_events"]) == given
