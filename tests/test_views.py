"""The views of minutes.duckdb: each one selects, has the documented columns, and agrees with the tables."""

from __future__ import annotations

import duckdb
import pytest

from invented_output import invented_output
from pipeline.views import VIEWS


@pytest.fixture(scope="module")
def con():
    with duckdb.connect(str(invented_output() / "minutes.duckdb"), read_only=True) as connection:
        yield connection


def _rows(con, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_selects_with_documented_columns(con, name: str) -> None:
    cursor = con.execute(f'select * from "{name}"')
    assert [d[0] for d in cursor.description] == [c for c, _, _ in VIEWS[name].columns]
    cursor.fetchall()


def test_views_are_in_the_database_as_views(con) -> None:
    kinds = dict(con.execute("select table_name, table_type from information_schema.tables").fetchall())
    assert {name: kinds.get(name) for name in VIEWS} == {name: "VIEW" for name in VIEWS}


def test_speeches_is_one_row_per_intervention_with_its_context(con) -> None:
    assert con.execute("select count(*) from speeches").fetchone() == con.execute("select count(*) from interventions").fetchone()
    named = _rows(con, "select speaker_id, speaker_name, body, meeting_date, item_label from speeches where speaker_id is not null")
    assert named and all(r["speaker_name"] and r["body"] and r["meeting_date"] and r["item_label"] for r in named)
    # The chair's role comes from the attendance list of that meeting.
    roles = {r["speaker_role"] for r in _rows(con, "select speaker_role from speeches where speaker_name = 'Jean DUPONT'")}
    assert roles == {"Maire"}


def test_person_activity_agrees_with_attendance_and_interventions(con) -> None:
    activity = {r["name"]: r for r in _rows(con, "select * from person_activity")}
    assert activity["Claire MARTIN"]["meetings_listed"] == 2
    assert (activity["Claire MARTIN"]["attended"], activity["Claire MARTIN"]["excused"]) == (1, 1)
    per_speaker = dict(con.execute("select speaker_id, count(*) from interventions where speaker_id is not null group by 1").fetchall())
    assert {r["person_id"]: r["interventions"] for r in activity.values() if r["interventions"]} == per_speaker
    listed = con.execute("select count(*) from attendance where person_id is not null").fetchone()[0]
    assert sum(r["meetings_listed"] for r in activity.values()) == listed


def test_attendance_rates_per_year(con) -> None:
    rates = {(r["name"], r["year"]): r for r in _rows(con, "select * from attendance_rates")}
    assert rates[("Claire MARTIN", "2015")]["rate"] == 1.0
    assert rates[("Claire MARTIN", "2016")]["rate"] == 0.0
    assert all(r["listed"] == r["present"] + r["represented"] + r["excused"] + r["absent"] for r in rates.values())
    assert all(r["listed"] <= r["meetings_held"] for r in rates.values())


def test_decisions_carry_the_amounts_of_their_agenda_item(con) -> None:
    decisions = _rows(con, "select * from decisions order by meeting_date, vote_id")
    assert len(decisions) == con.execute("select count(*) from votes").fetchone()[0]
    for decision in decisions:
        if decision["policy_id"] is None:
            continue
        expected = con.execute(
            "select count(*), round(sum(value_eur), 2) from money where policy_id = ?", [decision["policy_id"]]
        ).fetchone()
        assert (decision["n_amounts"], decision["amounts_eur"]) == (expected[0], expected[1])
    counted = [d for d in decisions if d["votes_for"] is not None]
    assert counted and counted[0]["item_label"] == "Travaux de voirie"


def test_money_is_the_money_amounts_with_their_item(con) -> None:
    money = con.execute("select count(*) from money").fetchone()[0]
    assert money == con.execute("select count(*) from amounts where kind = 'money'").fetchone()[0]
    assert con.execute("select count(*) from money where item_label is null or value_eur is null").fetchone()[0] == 0


@pytest.mark.model
def test_commitments_by_actor_counts_add_up() -> None:
    with duckdb.connect(str(invented_output(nlp=True) / "minutes.duckdb"), read_only=True) as con:
        rows = _rows(con, "select * from commitments_by_actor")
        assert rows, "the invented minutes state decisions; commitments should be found"
        grouped = con.execute("select count(*) from commitments where actor_id is not null or actor_text is not null").fetchone()[0]
        assert sum(r["commitments"] for r in rows) == grouped
        assert all(r["commitments"] == r["decided"] + r["planned"] + r["intended"] + r["proposed"] + r["refused"] for r in rows)
        euros = con.execute(
            "select round(sum(m.value_eur), 2) from commitments c join amounts m on m.amount_id = c.amount_id where m.kind = 'money'"
        ).fetchone()[0]
        assert round(sum(r["amounts_eur"] or 0 for r in rows), 2) == (euros or 0)
        resolved = [r for r in rows if r["actor_id"] is not None]
        assert all(r["actor_kind"] in {"person", "organisation"} for r in resolved)
