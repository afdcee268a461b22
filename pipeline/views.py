"""Views over the output tables: the joins analysts would otherwise write themselves.

Each view is plain SQL over the tables of ``pipeline.schema`` (DuckDB dialect),
created in ``minutes.duckdb`` when the tables are written, and documented in
README beside the tables (a test checks that the columns here are the view's
columns and that README documents each of them). ``pipeline.serve`` copies
the views' rows into the SQLite copy it serves.

"Body" is always ``documents.body``, the body that met, as the header names it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class View:
    description: str
    sql: str
    # (column, dtype, description), in the order the SQL selects them
    columns: tuple[tuple[str, str, str], ...]


# The role a person held at a meeting: as listed in its attendance list, else
# the roles named beside the person in that document (several joined by "; ").
_ROLE_AT_MEETING = """
    select doc_id, person_id,
           coalesce(
               max(role) filter (where basis = 'attendance'),
               string_agg(distinct role, '; ' order by role) filter (where basis = 'mention')
           ) as role
    from affiliations
    where person_id is not null and role is not null
    group by doc_id, person_id
"""

VIEWS: dict[str, View] = {
    "speeches": View(
        description=(
            "One row per intervention with its context: speaker name and role at that meeting, "
            "agenda item, meeting date, body, source file and page."
        ),
        sql=f"""
            select i.intervention_id, i.doc_id, d.meeting_date, d.body, d.title as meeting_title,
                   i.seq, i.speaker_id, p.name as speaker_name, i.speaker_text, r.role as speaker_role,
                   i.policy_id, a.number as item_number, a.label as item_label,
                   i.act, i.cue, i.text, d.source, i.page, i.paragraph_id, i.char_start, i.char_end
            from interventions i
            join documents d on d.doc_id = i.doc_id
            left join persons p on p.person_id = i.speaker_id
            left join policies a on a.policy_id = i.policy_id
            left join ({_ROLE_AT_MEETING}) r on r.doc_id = i.doc_id and r.person_id = i.speaker_id
        """,
        columns=(
            ("intervention_id", "string", "interventions.intervention_id"),
            ("doc_id", "string", "document id"),
            ("meeting_date", "string", "meeting date, ISO 8601"),
            ("body", "string", "the body that met (documents.body)"),
            ("meeting_title", "string", "meeting title (documents.title)"),
            ("seq", "int64", "order within the document"),
            ("speaker_id", "string", "persons.person_id of the speaker (null when none is named)"),
            ("speaker_name", "string", "canonical name of the speaker (persons.name)"),
            ("speaker_text", "string", "how the speaker is named where the attribution was made"),
            ("speaker_role", "string", "the speaker's role at that meeting: as listed in attendance, else the roles named beside them in the document"),
            ("policy_id", "string", "agenda item the intervention belongs to"),
            ("item_number", "string", "the agenda item's number as written"),
            ("item_label", "string", "the agenda item heading"),
            ("act", "string", "statement, question, answer, proposal or decision"),
            ("cue", "string", "how the speaker was found"),
            ("text", "string", "what was said (the paragraph text)"),
            ("source", "string", "path of the source file"),
            ("page", "int64", "page"),
            ("paragraph_id", "string", "the paragraph carrying the speech"),
            ("char_start", "int64", "start offset in documents.text"),
            ("char_end", "int64", "end offset in documents.text"),
        ),
    ),
    "person_activity": View(
        description=(
            "Per person and body: meetings listed in, attended, excused, absent, represented, "
            "interventions, and the first and last meeting date where the person is listed or speaks."
        ),
        sql="""
            with events as (
                select person_id, doc_id, status, 0 as spoke from attendance where person_id is not null
                union all
                select speaker_id, doc_id, null, 1 from interventions where speaker_id is not null
            )
            select e.person_id, p.name, d.body,
                   count(distinct e.doc_id) filter (where e.spoke = 0) as meetings_listed,
                   count(distinct e.doc_id) filter (where e.status = 'present') as attended,
                   count(distinct e.doc_id) filter (where e.status = 'excused') as excused,
                   count(distinct e.doc_id) filter (where e.status = 'absent') as absent,
                   count(distinct e.doc_id) filter (where e.status = 'represented') as represented,
                   count(*) filter (where e.spoke = 1) as interventions,
                   count(distinct e.doc_id) filter (where e.spoke = 1) as meetings_spoken,
                   min(d.meeting_date) as first_date,
                   max(d.meeting_date) as last_date
            from events e
            join documents d on d.doc_id = e.doc_id
            left join persons p on p.person_id = e.person_id
            group by e.person_id, p.name, d.body
        """,
        columns=(
            ("person_id", "string", "persons.person_id"),
            ("name", "string", "canonical name"),
            ("body", "string", "the body that met"),
            ("meetings_listed", "int64", "meetings of the body whose attendance list names the person"),
            ("attended", "int64", "meetings listed as present"),
            ("excused", "int64", "meetings listed as excused"),
            ("absent", "int64", "meetings listed as absent"),
            ("represented", "int64", "meetings listed as represented (proxy given)"),
            ("interventions", "int64", "interventions attributed to the person"),
            ("meetings_spoken", "int64", "meetings where the person has at least one intervention"),
            ("first_date", "string", "first meeting date where the person is listed or speaks"),
            ("last_date", "string", "last meeting date where the person is listed or speaks"),
        ),
    ),
    "decisions": View(
        description=(
            "One row per vote with its agenda item, counts, and the amounts and commitments of the same "
            "agenda item (of the vote's paragraph when the vote has no item; several votes on one item "
            "share its amounts)."
        ),
        sql="""
            with scoped as (
                select v.vote_id, coalesce(v.policy_id, v.paragraph_id) as scope
                from votes v
            ),
            paragraph_scope as (
                select paragraph_id, policy_id from paragraphs
            ),
            money_amounts as (
                select coalesce(ps.policy_id, m.paragraph_id) as scope, m.amount_id, m.value_eur
                from amounts m left join paragraph_scope ps on ps.paragraph_id = m.paragraph_id
                where m.kind = 'money'
            ),
            money_in_scope as (
                select s.vote_id, count(m.amount_id) as n_amounts, round(sum(m.value_eur), 2) as amounts_eur
                from scoped s join money_amounts m on m.scope = s.scope
                group by s.vote_id
            ),
            promised as (
                select coalesce(c.policy_id, c.paragraph_id) as scope, c.commitment_id, c.modality
                from commitments c
            ),
            promised_in_scope as (
                select s.vote_id, count(c.commitment_id) as n_commitments,
                       count(c.commitment_id) filter (where c.modality = 'decided') as n_decided
                from scoped s join promised c on c.scope = s.scope
                group by s.vote_id
            )
            select v.vote_id, v.doc_id, d.meeting_date, d.body, v.policy_id,
                   a.number as item_number, a.label as item_label,
                   v.result, v.votes_for, v.votes_against, v.abstentions, v.unanimous, v.count_mismatch,
                   coalesce(mi.n_amounts, 0) as n_amounts, mi.amounts_eur,
                   coalesce(pi.n_commitments, 0) as n_commitments, coalesce(pi.n_decided, 0) as n_decided,
                   v.text, v.page, v.paragraph_id
            from votes v
            join documents d on d.doc_id = v.doc_id
            left join policies a on a.policy_id = v.policy_id
            left join money_in_scope mi on mi.vote_id = v.vote_id
            left join promised_in_scope pi on pi.vote_id = v.vote_id
        """,
        columns=(
            ("vote_id", "string", "votes.vote_id"),
            ("doc_id", "string", "document id"),
            ("meeting_date", "string", "meeting date, ISO 8601"),
            ("body", "string", "the body that met"),
            ("policy_id", "string", "agenda item voted on"),
            ("item_number", "string", "the agenda item's number as written"),
            ("item_label", "string", "the agenda item heading"),
            ("result", "string", "adopted or rejected"),
            ("votes_for", "Int64", "votes for, where given"),
            ("votes_against", "Int64", "votes against, where given"),
            ("abstentions", "Int64", "abstentions, where given"),
            ("unanimous", "boolean", "unanimity stated"),
            ("count_mismatch", "boolean", "counts disagree with the meeting's voter count"),
            ("n_amounts", "int64", "money amounts in the same agenda item (or paragraph)"),
            ("amounts_eur", "float64", "their sum in euros (null when none)"),
            ("n_commitments", "int64", "commitments in the same agenda item (or paragraph)"),
            ("n_decided", "int64", "of which with modality decided"),
            ("text", "string", "the sentence stating the outcome"),
            ("page", "int64", "page"),
            ("paragraph_id", "string", "paragraph stating the outcome"),
        ),
    ),
    "money": View(
        description="Money amounts (percentages left out) with their agenda item, meeting date, body and value in euros.",
        sql="""
            select m.amount_id, m.doc_id, d.meeting_date, d.body, p.policy_id,
                   a.number as item_number, a.label as item_label,
                   m.text, m.value, m.value_max, m.currency, m.value_eur, m.qualifiers,
                   m.page, m.paragraph_id, m.char_start, m.char_end
            from amounts m
            join documents d on d.doc_id = m.doc_id
            left join paragraphs p on p.paragraph_id = m.paragraph_id
            left join policies a on a.policy_id = p.policy_id
            where m.kind = 'money'
        """,
        columns=(
            ("amount_id", "string", "amounts.amount_id"),
            ("doc_id", "string", "document id"),
            ("meeting_date", "string", "meeting date, ISO 8601"),
            ("body", "string", "the body that met"),
            ("policy_id", "string", "agenda item of the paragraph holding the amount"),
            ("item_number", "string", "the agenda item's number as written"),
            ("item_label", "string", "the agenda item heading"),
            ("text", "string", "the amount as written"),
            ("value", "float64", "value in the written currency"),
            ("value_max", "float64", "upper bound of a range"),
            ("currency", "string", "EUR or FRF"),
            ("value_eur", "float64", "value in euros (francs at 6.55957 FRF = 1 EUR)"),
            ("qualifiers", "list<string>", "HT, TTC, par an, ..."),
            ("page", "int64", "page"),
            ("paragraph_id", "string", "paragraph holding the amount"),
            ("char_start", "int64", "start offset in documents.text"),
            ("char_end", "int64", "end offset in documents.text"),
        ),
    ),
    "commitments_by_actor": View(
        description=(
            "Per actor and body: commitments by modality, the euros attached to them, and the first and "
            "last meeting date. An actor not resolved to a person or organisation is grouped by how it is "
            "written (actor_id null)."
        ),
        sql="""
            select c.actor_id,
                   coalesce(p.name, o.name, c.actor_text) as actor_name,
                   case when p.person_id is not null then 'person'
                        when o.org_id is not null then 'organisation' end as actor_kind,
                   d.body,
                   count(*) as commitments,
                   count(*) filter (where c.modality = 'decided') as decided,
                   count(*) filter (where c.modality = 'planned') as planned,
                   count(*) filter (where c.modality = 'intended') as intended,
                   count(*) filter (where c.modality = 'proposed') as proposed,
                   count(*) filter (where c.modality = 'refused') as refused,
                   round(sum(m.value_eur), 2) as amounts_eur,
                   count(distinct c.doc_id) as meetings,
                   min(d.meeting_date) as first_date,
                   max(d.meeting_date) as last_date
            from commitments c
            join documents d on d.doc_id = c.doc_id
            left join persons p on p.person_id = c.actor_id
            left join organisations o on o.org_id = c.actor_id
            left join amounts m on m.amount_id = c.amount_id and m.kind = 'money'
            where c.actor_id is not null or c.actor_text is not null
            group by all
        """,
        columns=(
            ("actor_id", "string", "person_id or org_id of the actor (null when unresolved)"),
            ("actor_name", "string", "canonical name, or the actor as written when unresolved"),
            ("actor_kind", "string", "person or organisation (null when unresolved)"),
            ("body", "string", "the body that met"),
            ("commitments", "int64", "number of commitments"),
            ("decided", "int64", "of which decided"),
            ("planned", "int64", "of which planned"),
            ("intended", "int64", "of which intended"),
            ("proposed", "int64", "of which proposed"),
            ("refused", "int64", "of which refused"),
            ("amounts_eur", "float64", "sum in euros of the money amounts attached to them (null when none)"),
            ("meetings", "int64", "number of documents with a commitment of the actor"),
            ("first_date", "string", "first meeting date"),
            ("last_date", "string", "last meeting date"),
        ),
    ),
    "attendance_rates": View(
        description=(
            "Per person, body and year: meetings of the body that year with an attendance list, how many "
            "list the person, and how many as present; rate = present / listed."
        ),
        sql="""
            with meetings as (
                select d.doc_id, d.body, substr(d.meeting_date, 1, 4) as year
                from documents d
                where d.doc_id in (select doc_id from attendance)
            ),
            held as (
                select body, year, count(*) as meetings_held from meetings group by body, year
            )
            select a.person_id, p.name, m.body, m.year, h.meetings_held,
                   count(distinct a.doc_id) as listed,
                   count(distinct a.doc_id) filter (where a.status = 'present') as present,
                   count(distinct a.doc_id) filter (where a.status = 'represented') as represented,
                   count(distinct a.doc_id) filter (where a.status = 'excused') as excused,
                   count(distinct a.doc_id) filter (where a.status = 'absent') as absent,
                   round(count(distinct a.doc_id) filter (where a.status = 'present')
                         / count(distinct a.doc_id), 3) as rate
            from attendance a
            join meetings m on m.doc_id = a.doc_id
            join held h on h.body is not distinct from m.body and h.year is not distinct from m.year
            left join persons p on p.person_id = a.person_id
            where a.person_id is not null
            group by a.person_id, p.name, m.body, m.year, h.meetings_held
        """,
        columns=(
            ("person_id", "string", "persons.person_id"),
            ("name", "string", "canonical name"),
            ("body", "string", "the body that met"),
            ("year", "string", "year of the meetings (null when the date is unknown)"),
            ("meetings_held", "int64", "meetings of the body that year that have an attendance list"),
            ("listed", "int64", "of which list the person"),
            ("present", "int64", "of which as present"),
            ("represented", "int64", "of which as represented"),
            ("excused", "int64", "of which as excused"),
            ("absent", "int64", "of which as absent"),
            ("rate", "float64", "present / listed, rounded to 3 decimals"),
        ),
    ),
}


# The tables the views read.
REQUIRED_BY_VIEWS = frozenset({
    "documents", "paragraphs", "policies", "interventions", "persons", "organisations",
    "attendance", "affiliations", "amounts", "votes", "commitments",
})


def create_views(con) -> list[str]:
    """Create (or replace) every view on a DuckDB connection holding the tables; the names made.

    A database holding only some of the tables (a test writing a few) gets no views.
    """
    present = {row[0] for row in con.execute("select table_name from information_schema.tables where table_type = 'BASE TABLE'").fetchall()}
    if not REQUIRED_BY_VIEWS <= present:
        return []
    for name, view in VIEWS.items():
        con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {view.sql}')
    return list(VIEWS)
