"""Tests of pipeline.evaluate: a perfect output scores 1.0, each damage lowers its metric."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfect_output import merged, perfect_tables
from pipeline.evaluate import (
    LOWER_IS_BETTER,
    EvalReport,
    Metric,
    evaluate,
    format_report,
    gold_key,
    normalise,
    report_as_json,
    text_match,
)
from pipeline.evaluate.scores import metric_order
from pipeline.evaluate.summary import body_of
from pipeline.io import read_gold, read_tables, write_tables

GOLD_DIR = Path(__file__).resolve().parent.parent / "corpus" / "gold"
GOLDS = read_gold(GOLD_DIR)
Tables = dict[str, pd.DataFrame]


def _values(report: EvalReport) -> dict[str, float | None]:
    (document,) = report.documents
    return {m.name: m.value for m in document.metrics}


def _score(gold: Mapping, tables: Tables) -> dict[str, float | None]:
    return _values(evaluate(tables, {str(gold["document"]): gold}))


def _damaged(key: str, damage: Callable[[Tables], None]) -> tuple[dict, dict]:
    gold = GOLDS[key]
    perfect = perfect_tables(gold)
    tables = {name: frame.copy() for name, frame in perfect.items()}
    damage(tables)
    return _score(gold, perfect), _score(gold, tables)


def _changed(before: dict, after: dict) -> set[str]:
    assert before.keys() == after.keys()
    return {name for name in before if before[name] != after[name]}


# --- normalisation and text matching -------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("**Dominique CRESSON**, Délégué  Général", "Dominique CRESSON, Délégué Général"),
    ("122\u00a0000\u202f€", "122 000 €"),
    ("Sont&nbsp;présents ou\nreprésentés", "Sont présents ou représentés"),
    ("*Annexe 1* : Tableau", "Annexe 1 : Tableau"),
    ("L’ordre du jour", "L'ordre du jour"),  # typographic apostrophes fold to the straight one
])
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1))
def test_a_text_matches_itself(text: str) -> None:
    score = text_match(text, text)
    assert score is None or score == 1.0
    if any(ch.isalnum() for ch in text):
        assert score == 1.0


@pytest.mark.parametrize(("gold", "extracted", "matches"), [
    ("122 000 €", "122 000 €", True),
    ("122 000 €", "122\u00a0000", True),  # the currency sign alone is not half the tokens
    ("1M250€", "250€", False),  # a clipped amount lacks the number 1
    ("15 à 25 M €", "25 M €", False),
    ("Vendredi 11 avril 2003", "11 avril 2003", True),
    ("en 2000", "2000", True),
    ("fin du mois d'avril", "avril", False),  # one word of five
    ("3 juin 2003 à 14h15", "3 juin 2003", False),  # the hour's numbers are missing
    ("10 MF", "10 mf", True),  # casefolded
    ("décembre 2002", "decembre 2002", True),  # accents removed
    ("40/45 %", "45 %", False),
])
def test_text_match(gold: str, extracted: str, matches: bool) -> None:
    assert (text_match(gold, extracted) is not None) is matches


@pytest.mark.parametrize(("source", "key"), [
    ("corpus/rafhael-2003-04-11.txt", "rafhael-2003-04-11"),
    ("corpus/rafhael-2003-04-11.scan.pdf", "rafhael-2003-04-11"),
    ("/data/chemere/CM_13_mai_2014.pdf", "CM_13_mai_2014"),
])
def test_gold_key(source: str, key: str) -> None:
    assert gold_key(source) == key


# --- perfect output ----------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(GOLDS))
def test_perfect_output_scores_one_everywhere(key: str) -> None:
    scores = _score(GOLDS[key], perfect_tables(GOLDS[key]))
    for section in ("meeting", "attendance", "persons", "organisations", "interventions", "amounts", "dates"):
        if section in GOLDS[key]:
            assert any(name.startswith(section + ".") for name in scores), section
    perfect = {name: 0.0 if name in LOWER_IS_BETTER else 1.0 for name in scores}
    assert {name: value for name, value in scores.items() if value != perfect[name]} == {}


def test_perfect_output_survives_parquet_round_trip(tmp_path: Path) -> None:
    gold = GOLDS["rafhael-2003-04-11"]
    write_tables(perfect_tables(gold), tmp_path / "out")
    scores = _score(gold, read_tables(tmp_path / "out"))
    assert {scores.pop(name) for name in LOWER_IS_BETTER} == {0.0}
    assert set(scores.values()) == {1.0}


def test_missing_gold_section_is_not_scored() -> None:
    gold = copy.deepcopy(GOLDS["CM_13_mai_2014"])
    tables = perfect_tables(gold)
    del gold["votes"], gold["attendance"]
    scores = _score(gold, tables)
    assert not any(name.startswith(("votes.", "attendance.")) for name in scores)
    assert scores["commitments.recall"] == 1.0


# --- one damage at a time -----------------------------------------------------------------


def _drop_speaker(t: Tables) -> None:
    t["interventions"].loc[3, "speaker_id"] = None


def _swap_status(t: Tables) -> None:
    t["attendance"].loc[0, "status"] = "excused"


def _wrong_role(t: Tables) -> None:
    t["attendance"].loc[0, "role"] = "Trésorier"


def _merge_persons(t: Tables) -> None:
    # Two persons of the attendance list who never speak nor act.
    persons = t["persons"]
    first = persons.index[persons["name"] == "Arnaud BENOIT"][0]
    second = persons.index[persons["name"] == "Gervais BEULANGEY"][0]
    persons.at[first, "variants"] = list(persons.at[first, "variants"]) + list(persons.at[second, "variants"])
    t["persons"] = persons.drop(index=second)


def _split_organisation(t: Tables) -> None:
    # The acronym becomes a body of its own: both forms still listed, no longer together.
    orgs = t["organisations"]
    row = orgs.index[orgs["name"] == "Communauté Urbaine de Dunkerque"][0]
    orgs.at[row, "variants"] = ["Communauté Urbaine de Dunkerque"]
    acronym = pd.DataFrame([{**orgs.loc[row].to_dict(), "org_id": "org_cud", "name": "CUD", "variants": ["CUD"]}])
    t["organisations"] = pd.concat([orgs, acronym], ignore_index=True)


def _wrong_amount(t: Tables) -> None:
    amounts = t["amounts"]
    row = amounts.index[amounts["text"] == "1M250€"][0]
    amounts.loc[row, ["value", "value_eur"]] = [125000.0, 125000.0]


def _clip_amount(t: Tables) -> None:
    amounts = t["amounts"]
    amounts.loc[amounts.index[amounts["text"] == "1M250€"][0], "text"] = "250€"


def _shift_date(t: Tables) -> None:
    dates = t["dates"]
    dates.loc[dates.index[dates["text"] == "lundi 10 mars dernier"][0], "value"] = "2003-03-17"


def _extra_dates(t: Tables, texts: list[str]) -> None:
    """Extract more dates, written into the paragraph of the first gold date."""
    dates = t["dates"]
    paragraphs = t["paragraphs"]
    row = paragraphs.index[paragraphs["paragraph_id"] == dates.loc[0, "paragraph_id"]][0]
    paragraphs.loc[row, "text"] = " ".join([paragraphs.loc[row, "text"], *texts])
    extra = pd.DataFrame([{**dates.iloc[0].to_dict(), "date_id": f"extra{n}", "text": text, "value": "2003"}
                          for n, text in enumerate(texts)])
    t["dates"] = pd.concat([dates, extra], ignore_index=True)


def _drop_vote(t: Tables) -> None:
    t["votes"] = t["votes"].drop(index=1)


def _wrong_vote_count(t: Tables) -> None:
    votes = t["votes"]
    votes.loc[votes.index[votes["votes_for"].notna()][0], "votes_for"] = 15


def _wrong_modality(t: Tables) -> None:
    t["commitments"].loc[0, "modality"] = "refused"


def _untie_amount(t: Tables) -> None:
    commitments = t["commitments"]
    commitments.loc[commitments.index[commitments["amount_id"].notna()][0], "amount_id"] = None


def _wrong_actor(t: Tables) -> None:
    t["commitments"].loc[0, ["actor_id", "actor_text"]] = [None, "la Préfecture"]


def _wrong_policy(t: Tables) -> None:
    interventions = t["interventions"]
    with_policy = interventions.index[interventions["policy_id"].notna()]
    interventions.loc[with_policy[0], "policy_id"] = interventions.loc[with_policy[-1], "policy_id"]


def _glue_turns(t: Tables) -> None:
    interventions = t["interventions"]
    speakers = list(interventions["speaker_id"])
    i = next(k for k in range(len(speakers) - 1) if speakers[k] != speakers[k + 1])
    interventions.loc[i, "text"] = interventions.loc[i, "text"] + " " + interventions.loc[i + 1, "text"]
    t["interventions"] = interventions.drop(index=i + 1)


def _attribute_footnote(t: Tables) -> None:
    interventions = t["interventions"]
    interventions.loc[0, "text"] = interventions.loc[0, "text"] + " Extrait du Décret du 21 février 2003"


def _wrong_meeting_date(t: Tables) -> None:
    t["documents"].loc[0, "meeting_date"] = "2003-04-12"


SPEECH = {"interventions.speaker_accuracy", "interventions.act_accuracy", "interventions.policy_accuracy",
          "interventions.wrong_speaker"}


@pytest.mark.parametrize(("key", "damage", "dropped", "may_change"), [
    ("rafhael-2003-04-11", _drop_speaker, "interventions.speaker_accuracy", {"interventions.unattributed"}),
    ("rafhael-2003-04-11", _swap_status, "attendance.f1", {"attendance.precision", "attendance.recall"}),
    ("rafhael-2003-04-11", _wrong_role, "attendance.role_accuracy", set()),
    ("rafhael-2003-04-11", _merge_persons, "persons.precision", {"persons.f1"}),
    ("rafhael-2003-04-11", _split_organisation, "organisations.recall", {"organisations.f1"}),
    ("rafhael-2003-04-11", _wrong_amount, "amounts.value_accuracy", {"amounts.correct"}),
    ("rafhael-2003-04-11", _clip_amount, "amounts.recall",
     {"amounts.precision", "amounts.f1", "amounts.correct", "commitments.recall", "commitments.core_recall",
      "commitments.precision"}),
    ("rafhael-2003-04-11", _shift_date, "dates.value_accuracy", {"dates.correct"}),
    ("CM_13_mai_2014", _drop_vote, "votes.recall", set()),
    ("CM_13_mai_2014", _wrong_vote_count, "votes.for_accuracy", set()),
    ("montreuil-en-touraine-cm-2008-10-09", _wrong_modality, "commitments.modality_accuracy", set()),
    ("rafhael-2003-04-11", _untie_amount, "commitments.recall",
     {"commitments.core_recall", "commitments.precision"}),
    ("asn42-ag-2019-01-26", _wrong_actor, "commitments.actor_accuracy", {"commitments.actor_id_accuracy"}),
    ("CM_13_octobre_2009", _wrong_policy, "interventions.policy_accuracy", set()),
    ("rafhael-2003-04-11", _glue_turns, "interventions.turn_purity", SPEECH),
    ("rafhael-2003-04-11", _attribute_footnote, "interventions.no_speaker_accuracy",
     {"interventions.false_attributions"}),
    ("rafhael-2003-04-11", _wrong_meeting_date, "meeting.date", set()),
])
def test_damage_lowers_its_metric_only(key: str, damage: Callable[[Tables], None], dropped: str,
                                       may_change: set[str]) -> None:
    before, after = _damaged(key, damage)
    assert before[dropped] == 1.0
    assert after[dropped] is not None and after[dropped] < 1.0
    assert _changed(before, after) <= {dropped} | may_change


def test_attributed_footnote_counts_one_false_attribution() -> None:
    before, after = _damaged("rafhael-2003-04-11", _attribute_footnote)
    assert (before["interventions.false_attributions"], after["interventions.false_attributions"]) == (0.0, 1.0)


def test_glued_turns_keep_every_paragraph_found() -> None:
    _, after = _damaged("rafhael-2003-04-11", _glue_turns)
    assert after["interventions.found"] == 1.0
    assert after["interventions.turn_purity"] < 1.0


def test_ignored_dates_do_not_lower_precision() -> None:
    _, ignored = _damaged("rafhael-2003-04-11", lambda t: _extra_dates(t, ["aujourd'hui", "Vendredi 11 avril 2003"]))
    assert ignored["dates.precision"] == 1.0
    _, wrong = _damaged("rafhael-2003-04-11", lambda t: _extra_dates(t, ["hier"]))
    assert wrong["dates.precision"] < 1.0 and wrong["dates.recall"] == 1.0


def test_ignore_span_counts_only_in_its_paragraph() -> None:
    def stray(t: Tables) -> None:
        # "aujourd'hui" is an ignored span, but this paragraph does not hold it.
        dates = t["dates"]
        extra = {**dates.iloc[0].to_dict(), "date_id": "stray", "text": "aujourd'hui", "value": "2003-04-11"}
        t["dates"] = pd.concat([dates, pd.DataFrame([extra])], ignore_index=True)

    _, after = _damaged("rafhael-2003-04-11", stray)
    assert after["dates.precision"] < 1.0


def test_one_giant_intervention_is_not_a_segmentation() -> None:
    def giant(t: Tables) -> None:
        interventions = t["interventions"]
        interventions.loc[0, "text"] = " ".join(interventions["text"])
        t["interventions"] = interventions.iloc[:1]

    _, after = _damaged("rafhael-2003-04-11", giant)
    assert after["interventions.turn_purity"] == 0.0
    assert after["interventions.speaker_accuracy"] < 0.5


def test_empty_output_scores_zero_not_one() -> None:
    gold = GOLDS["rafhael-2003-04-11"]
    tables = perfect_tables(gold)
    empty = {name: frame.iloc[:0] for name, frame in tables.items() if name != "documents"}
    scores = _score(gold, {**empty, "documents": tables["documents"]})
    for name in ("attendance.f1", "persons.coverage", "interventions.found", "amounts.f1", "dates.recall",
                 "commitments.recall"):
        assert scores[name] == 0.0, name
    assert scores["attendance.role_accuracy"] is None  # nothing matched: no accuracy to give


# --- documents and the report -------------------------------------------------------------


def _three_renderings() -> EvalReport:
    gold = GOLDS["rafhael-2003-04-11"]
    txt = perfect_tables(gold, source="corpus/rafhael-2003-04-11.txt")
    scan = perfect_tables(gold, source="corpus/rafhael-2003-04-11.scan.pdf")
    scan["documents"].loc[0, "meeting_date"] = "2003-11-04"
    other = perfect_tables({"document": "unannotated"}, source="corpus/unannotated.pdf")
    return evaluate(merged(txt, scan, other), GOLDS)


def test_each_rendering_is_scored_on_its_own() -> None:
    report = _three_renderings()
    assert [d.source for d in report.documents] == ["corpus/rafhael-2003-04-11.txt",
                                                    "corpus/rafhael-2003-04-11.scan.pdf"]
    assert [d.value("meeting.date") for d in report.documents] == [1.0, 0.0]
    means = {m.name: m for m in report.means}
    assert means["meeting.date"].value == 0.5 and means["meeting.date"].support == 2
    assert report.without_gold == ("corpus/unannotated.pdf",)
    assert set(report.not_in_output) == set(GOLDS) - {"rafhael-2003-04-11"}


def test_format_report_lists_each_document_then_the_mean() -> None:
    text = format_report(_three_renderings())
    txt, scan, matrix = (text.index(s) for s in ("d1  corpus/rafhael-2003-04-11.txt",
                                                 "d2  corpus/rafhael-2003-04-11.scan.pdf", "metric"))
    assert txt < scan < matrix
    (row,) = [line for line in text[matrix:].splitlines() if line.startswith("meeting.date")][:1]
    assert row.split()[1:] == ["1.00", "0.00", "0.50"]  # d1, d2, mean
    assert "not in output: " in text and "CM_13_mai_2014" in text
    assert "unannotated.pdf" in text


def test_report_as_json_is_serialisable() -> None:
    data = json.loads(json.dumps(report_as_json(_three_renderings())))
    assert data["mean"]["meeting.date"] == {"value": 0.5, "support": 2}
    assert data["documents"][1]["metrics"]["meeting.date"]["value"] == 0.0
    assert data["without_gold"] == ["corpus/unannotated.pdf"]


# --- bodies and the worst documents ---------------------------------------------------------


def _two_bodies() -> EvalReport:
    """Two renderings of one working group's meeting (one of them damaged), one association's."""
    gold = GOLDS["rafhael-2003-04-11"]
    txt = perfect_tables(gold, source="corpus/rafhael-2003-04-11.txt")
    scan = perfect_tables(gold, source="corpus/rafhael-2003-04-11.scan.pdf")
    scan["documents"].loc[0, "meeting_date"] = "2003-11-04"
    _attribute_footnote(scan)
    association = perfect_tables(GOLDS["asn42-ag-2019-01-26"], source="corpus/asn42-ag-2019-01-26.txt")
    return evaluate(merged(txt, scan, association), GOLDS)


def test_each_body_weighs_once() -> None:
    report = _two_bodies()
    assert [d.body for d in report.documents] == ["rafhael", "rafhael", "association sans nom (asn)"]
    assert [(b.label, b.sources) for b in report.bodies] == [
        ("RAFHAEL", ("corpus/rafhael-2003-04-11.txt", "corpus/rafhael-2003-04-11.scan.pdf")),
        ("Association Sans Nom (ASN)", ("corpus/asn42-ag-2019-01-26.txt",)),
    ]
    by_document = {m.name: m for m in report.means}
    by_body = {m.name: m for m in report.body_means}
    # Meeting date right, wrong, right: 2/3 over documents; (1/2 + 1) / 2 over bodies.
    assert (by_document["meeting.date"].value, by_document["meeting.date"].support) == (pytest.approx(2 / 3), 3)
    assert (by_body["meeting.date"].value, by_body["meeting.date"].support) == (0.75, 2)
    # False attributions 0, 1, 0: a third over documents; (1/2 + 0) / 2 over bodies.
    assert by_document["interventions.false_attributions"].value == pytest.approx(1 / 3)
    assert by_body["interventions.false_attributions"].value == 0.25
    # Only the association's gold has votes: one body, its value.
    assert by_body["votes.recall"].value == 1.0 and by_body["votes.recall"].support == 1


@pytest.mark.parametrize(("meeting", "output_body", "key"), [
    ({"body": "Commune de Sainte-Hélène"}, "Mairie", "commune de sainte helene"),  # gold first, folded
    ({"title": "Conseil"}, "Syndicat des Eaux", "syndicat des eaux"),  # else what the output found
    ({}, None, "cr-2020-01-01"),  # else the file stem
    ({"body": "  "}, "  ", "cr-2020-01-01"),
])
def test_body_of_a_document(meeting: dict, output_body: str | None, key: str) -> None:
    assert body_of({"meeting": meeting}, {"body": output_body}, "cr-2020-01-01")[0] == key


def test_worst_document_per_metric() -> None:
    report = _two_bodies()
    worst = {w.metric: w for w in report.worst}
    assert (worst["meeting.date"].source, worst["meeting.date"].value, worst["meeting.date"].tied) == (
        "corpus/rafhael-2003-04-11.scan.pdf", 0.0, 0)
    # Fewer is better for a count of errors.
    assert worst["interventions.false_attributions"].value == 1.0
    assert worst["interventions.false_attributions"].source == "corpus/rafhael-2003-04-11.scan.pdf"
    # Metrics where every document is perfect name no worst document.
    assert "attendance.f1" not in worst and "interventions.unattributed" not in worst


def test_worst_document_on_a_tie_is_the_first_and_counts_the_others() -> None:
    gold = GOLDS["rafhael-2003-04-11"]
    outputs = [perfect_tables(gold, source=f"corpus/rafhael-2003-04-11.{n}.pdf") for n in range(3)]
    for tables in outputs[1:]:
        tables["documents"].loc[0, "meeting_date"] = "2003-11-04"
    (worst,) = evaluate(merged(*outputs), GOLDS).worst
    assert (worst.metric, worst.source, worst.tied) == ("meeting.date", "corpus/rafhael-2003-04-11.1.pdf", 1)


def test_report_shows_bodies_and_worst_documents() -> None:
    text = format_report(_two_bodies())
    bodies = text.index("2 bodies")
    assert "b1  RAFHAEL  (d1, d2)" in text[bodies:] and "b2  Association Sans Nom (ASN)  (d3)" in text[bodies:]
    body_rows = [line for line in text[bodies:].splitlines() if line.startswith("meeting.date")]
    assert body_rows[0].split()[1:] == ["0.50", "1.00", "0.75"]  # b1, b2, mean over bodies
    worst = text.index("worst document per metric")
    assert any(line.split()[:3] == ["meeting.date", "0.00", "d2"] for line in text[worst:].splitlines())


def test_json_carries_bodies_and_worst_documents() -> None:
    data = json.loads(json.dumps(report_as_json(_two_bodies())))
    assert data["by_body"]["mean"]["meeting.date"] == {"value": 0.75, "support": 2}
    assert [b["body"] for b in data["by_body"]["bodies"]] == ["rafhael", "association sans nom (asn)"]
    assert data["by_body"]["bodies"][0]["metrics"]["meeting.date"] == {"value": 0.5, "support": 2}
    assert data["worst"]["meeting.date"] == {"source": "corpus/rafhael-2003-04-11.scan.pdf",
                                             "gold": "rafhael-2003-04-11", "value": 0.0, "tied": 0}
    assert data["documents"][2]["body"] == "association sans nom (asn)"


@pytest.mark.parametrize("width", [120, 80])
def test_report_of_many_documents_fits_the_terminal(width: int) -> None:
    gold = GOLDS["rafhael-2003-04-11"]
    outputs = [perfect_tables(gold, source=f"corpus/rafhael-2003-04-11.{n}.pdf") for n in range(13)]
    text = format_report(evaluate(merged(*outputs), GOLDS), width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    headers = [line for line in text.splitlines() if line.startswith("metric")]
    # Thirteen documents and their mean fit one block in 120 columns, two in 80; one body, one block.
    assert len(headers) == (2 if width == 120 else 3)
    assert "d13" in text


# --- edge cases of the matching rules --------------------------------------------------------


def _person_row(t: Tables, name: str) -> int:
    persons = t["persons"]
    return persons.index[persons["name"] == name][0]


def test_merging_two_olivier_makes_speakers_wrong() -> None:
    # MOREAU Olivier is not Olivier LLUANSI: a speaker entity listing both is wrong.
    def merge(t: Tables) -> None:
        row = _person_row(t, "Olivier LLUANSI")
        t["persons"].at[row, "variants"] = [*t["persons"].at[row, "variants"], "MOREAU Olivier"]

    before, after = _damaged("rafhael-2003-04-11", merge)
    assert after["persons.precision"] < 1.0 and after["persons.recall"] == 1.0
    assert after["interventions.speaker_accuracy"] < 0.7
    assert after["commitments.actor_accuracy"] == 1.0  # the actors are bodies, not LLUANSI


def test_speaker_named_by_name_alone_is_right() -> None:
    def bare(t: Tables) -> None:
        row = _person_row(t, "Rudi WOLFF")
        t["persons"].at[row, "variants"] = []
        t["persons"].at[row, "name"] = "rudi wolff"

    _, after = _damaged("rafhael-2003-04-11", bare)
    assert after["interventions.speaker_accuracy"] == 1.0
    assert after["persons.coverage"] < 1.0


@pytest.mark.parametrize(("role", "right"), [
    ("Directeur des systèmes d'information", True),  # fuzzy ratio >= 90
    ("DIRECTEUR DES SYSTÈMES D'INFORMATIONS", True),  # casefolded
    ("Directeur", False),
    (None, False),
])
def test_attendance_role_is_fuzzy(role: str | None, right: bool) -> None:
    def set_role(t: Tables) -> None:
        t["attendance"].loc[0, "role"] = role  # BENOIT Arnaud, Directeur des systèmes d'informations

    _, after = _damaged("rafhael-2003-04-11", set_role)
    assert (after["attendance.role_accuracy"] == 1.0) is right


def test_francs_read_as_euros_is_a_wrong_value() -> None:
    def euros(t: Tables) -> None:
        amounts = t["amounts"]
        row = amounts.index[amounts["text"] == "10 MF"][0]
        amounts.loc[row, ["currency", "value_eur"]] = ["EUR", 10_000_000.0]

    _, after = _damaged("rafhael-2003-04-11", euros)
    assert after["amounts.f1"] == 1.0 and after["amounts.value_accuracy"] < 1.0


def test_repeated_decision_wording_needs_one_vote_per_paragraph() -> None:
    # Résolutions 4, 5 and 6 end with the same sentence: three votes, three paragraphs.
    def one_vote_left(t: Tables) -> None:
        votes = t["votes"]
        t["votes"] = votes.drop(index=[1, 2])

    _, after = _damaged("asn42-ag-2019-01-26", one_vote_left)
    assert after["votes.recall"] == pytest.approx(2 / 4)


def _org_row(t: Tables, name: str) -> int:
    orgs = t["organisations"]
    return orgs.index[orgs["name"] == name][0]


@pytest.mark.parametrize(("name", "variants", "right"), [
    # The actor entity lists "CIADT", a form of the gold actor "DATAR CIADT": right whatever its name.
    ("CIADT", ["CIADT"], True),
    ("Comité interministériel", ["CIADT", "Comité interministériel"], True),
    # Named after the gold actor, without its forms: right by its name, casefolded.
    ("datar ciadt", [], True),
    # Neither a form nor the name: wrong.
    ("CIADT", [], False),
    # A form of another gold body: wrong even with the right form.
    ("CIADT", ["CIADT", "DATAR"], False),
])
def test_actor_matches_by_a_gold_form_or_the_name(name: str, variants: list[str], right: bool) -> None:
    def rename(t: Tables) -> None:
        row = _org_row(t, "DATAR CIADT")
        t["organisations"].at[row, "name"] = name
        t["organisations"].at[row, "variants"] = variants

    _, after = _damaged("rafhael-2003-04-11", rename)
    assert (after["commitments.actor_accuracy"] == 1.0) is right


# --- the actor's linked id ---------------------------------------------------------------------


def _commitment_of(t: Tables, actor_name: str) -> int:
    """The first commitment whose actor is the entity named ``actor_name``."""
    entity = _org_row(t, actor_name)
    actor_id = t["organisations"].at[entity, "org_id"]
    commitments = t["commitments"]
    return commitments.index[commitments["actor_id"] == actor_id][0]


def test_right_actor_text_without_an_id_is_a_wrong_actor_id() -> None:
    def unlink(t: Tables) -> None:
        t["commitments"].loc[_commitment_of(t, "DATAR CIADT"), "actor_id"] = None  # actor_text stays right

    before, after = _damaged("rafhael-2003-04-11", unlink)
    assert after["commitments.actor_accuracy"] == 1.0
    assert after["commitments.actor_id_accuracy"] < before["commitments.actor_id_accuracy"] == 1.0
    assert _changed(before, after) == {"commitments.actor_id_accuracy"}


def test_actor_id_of_another_body_is_wrong() -> None:
    def relink(t: Tables) -> None:
        other = t["organisations"].at[_org_row(t, "Communauté Urbaine de Dunkerque"), "org_id"]
        t["commitments"].loc[_commitment_of(t, "DATAR CIADT"), "actor_id"] = other

    _, after = _damaged("rafhael-2003-04-11", relink)
    assert after["commitments.actor_id_accuracy"] < 1.0
    assert after["commitments.actor_accuracy"] < 1.0  # a linked entity overrides the text there too


def test_null_gold_actor_wants_no_actor_id() -> None:
    # The association's gold leaves the actor of a passive grant empty: linking one is an invention.
    gold = GOLDS["aius-informel-2016-11-09"]
    assert any(c.get("actor") is None for c in gold["commitments"])

    def invent(t: Tables) -> None:
        commitments = t["commitments"]
        invented = t["organisations"]["org_id"].iloc[0]
        t["commitments"].loc[commitments.index[commitments["actor_id"].isna()], "actor_id"] = invented

    before, after = _damaged("aius-informel-2016-11-09", invent)
    assert before["commitments.actor_id_accuracy"] == 1.0
    assert after["commitments.actor_id_accuracy"] < 1.0


# --- speakers left empty against speakers gone wrong ---------------------------------------------


def test_empty_speaker_is_unattributed_not_wrong() -> None:
    before, after = _damaged("rafhael-2003-04-11", _drop_speaker)
    n = len(GOLDS["rafhael-2003-04-11"]["interventions"])
    assert after["interventions.unattributed"] == pytest.approx(1 / n)
    assert after["interventions.wrong_speaker"] == 0.0
    assert after["interventions.speaker_accuracy"] == pytest.approx(1 - 1 / n)


def test_turn_dropped_from_interventions_is_unattributed() -> None:
    # Its paragraph is still in the document: the turn was left without a speaker, not lost.
    def drop_turn(t: Tables) -> None:
        t["interventions"] = t["interventions"].drop(index=3)

    _, after = _damaged("rafhael-2003-04-11", drop_turn)
    n = len(GOLDS["rafhael-2003-04-11"]["interventions"])
    assert after["interventions.found"] == pytest.approx(1 - 1 / n)
    assert after["interventions.unattributed"] == pytest.approx(1 / n)
    assert after["interventions.wrong_speaker"] == 0.0


def test_other_speaker_is_wrong_not_unattributed() -> None:
    def swap(t: Tables) -> None:
        interventions = t["interventions"]
        other = next(s for s in interventions["speaker_id"] if s != interventions.loc[3, "speaker_id"])
        interventions.loc[3, "speaker_id"] = other

    _, after = _damaged("rafhael-2003-04-11", swap)
    n = len(GOLDS["rafhael-2003-04-11"]["interventions"])
    assert after["interventions.wrong_speaker"] == pytest.approx(1 / n)
    assert after["interventions.unattributed"] == 0.0


def test_metric_order_merges_the_documents_orders() -> None:
    def listed(*names: str) -> list[Metric]:
        return [Metric(name, 1.0, 1) for name in names]

    # The first document gives no counts against: they still come between "for" and "abstain".
    first = listed("votes.recall", "votes.for_accuracy", "votes.abstain_accuracy", "commitments.recall")
    second = listed("votes.recall", "votes.for_accuracy", "votes.against_accuracy", "votes.abstain_accuracy")
    assert metric_order([first, second]) == ["votes.recall", "votes.for_accuracy", "votes.against_accuracy",
                                             "votes.abstain_accuracy", "commitments.recall"]
