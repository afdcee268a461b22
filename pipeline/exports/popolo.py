"""Popolo 1.0.1 JSON: persons, organizations, memberships, events, motions and
vote events, in one file (``popolo.json``) and as one NDJSON file per type.

- persons: the persons table (name, given and family names, the surface forms
  as ``other_names``, gender only where the civilities written before the name
  agree);
- organizations: the organisations table, plus the bodies that meet (their
  ``classification`` is ``body``) when the run did not already list them;
- memberships: affiliations (a role beside a person, or in an attendance
  list) and attendance rows that name an organisation, one per person,
  organisation and role; ``start_date``/``end_date`` are the first and last
  meeting that state it, not the mandate's dates, which minutes rarely give;
- events: one per meeting (``classification`` ``sitting``), the persons
  present as ``attendees``;
- motions and vote_events: one of each per row of the votes table (an agenda
  item voted on several times is several motions), ``result`` ``pass`` or
  ``fail``, ``counts`` only for the figures the minutes give: a unanimous
  vote without figures has none, never a guessed one.

The JSON Schema the records follow is ``models/schemas/popolo-1.0.1.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import ids
from pipeline.exports.common import (
    ExportReport,
    affiliation_spans,
    body_org_ids,
    clean_text,
    gender,
    meetings,
    name_parts,
    records,
)

TYPES = ("persons", "organizations", "memberships", "events", "motions", "vote_events")
RESULTS = {"adopted": "pass", "rejected": "fail"}
COUNT_OPTIONS = (("votes_for", "yes"), ("votes_against", "no"), ("abstentions", "abstain"))


def event_id(doc_id: str) -> str:
    return f"meeting-{doc_id[:16]}"


def build_popolo(tables: dict[str, pd.DataFrame]) -> dict[str, list[dict[str, Any]]]:
    """The Popolo records of a run's tables, by type."""
    all_meetings = meetings(tables)
    bodies = body_org_ids(tables, sorted({m.body for m in all_meetings if m.body}))
    by_doc = {m.doc_id: m for m in all_meetings}

    persons = []
    for row in records(tables["persons"]):
        given, family = name_parts(row)
        person = {"id": row["person_id"], "name": clean_text(row["name"]) or " ".join(x for x in (given, family) if x)}
        if given:
            person["given_name"] = given
        if family:
            person["family_name"] = family
            person["sort_name"] = ", ".join(x for x in (family, given) if x)
        sex = gender(row["variants"])
        if sex:
            person["gender"] = {"M": "male", "F": "female"}[sex]
        variants = sorted({clean_text(v) for v in (row["variants"] if row["variants"] is not None else []) if clean_text(v)} - {person["name"]})
        if variants:
            person["other_names"] = [{"name": v, "note": "as written in the minutes"} for v in variants]
        persons.append(person)

    organizations = []
    org_ids = set()
    for row in records(tables["organisations"]):
        org = {"id": row["org_id"], "name": clean_text(row["name"])}
        if row["org_id"] in bodies.values():
            org["classification"] = "body"
        others = [{"name": clean_text(row["acronym"]), "note": "acronym"}] if row["acronym"] else []
        others += [{"name": v, "note": "as written in the minutes"} for v in sorted({clean_text(v) for v in (row["variants"] if row["variants"] is not None else [])} - {org["name"], ""})]
        if others:
            org["other_names"] = others
        organizations.append(org)
        org_ids.add(row["org_id"])
    for name, org_id in sorted(bodies.items()):
        if org_id not in org_ids:
            organizations.append({"id": org_id, "name": name, "classification": "body"})
            org_ids.add(org_id)

    memberships = _memberships(tables, by_doc, org_ids)

    events = []
    attendance = tables["attendance"]
    present = attendance[(attendance["status"] == "present") & attendance["person_id"].notna()]
    present_by_doc = {doc: sorted(set(rows["person_id"])) for doc, rows in present.groupby("doc_id")}
    names = {p["id"]: p["name"] for p in persons}
    for meeting in all_meetings:
        event = {
            "id": event_id(meeting.doc_id),
            "name": clean_text(", ".join(x for x in (meeting.title, meeting.body, meeting.date) if x)) or meeting.source,
            "classification": "sitting",
        }
        if meeting.date:
            event["start_date"] = meeting.date
        if meeting.body:
            event["organization_id"] = bodies[meeting.body]
        attendees = [{"id": pid, "name": names[pid]} for pid in present_by_doc.get(meeting.doc_id, []) if pid in names]
        if attendees:
            event["attendees"] = attendees
        event["identifiers"] = [{"identifier": meeting.doc_id, "scheme": "sha256"}, {"identifier": meeting.source, "scheme": "source"}]
        events.append(event)

    motions, vote_events = [], []
    policies = {row["policy_id"]: row for row in records(tables["policies"])}
    for vote in records(tables["votes"].sort_values(["doc_id", "char_start"])):
        meeting = by_doc.get(vote["doc_id"])
        policy = policies.get(vote["policy_id"]) if vote["policy_id"] else None
        motion_id, vote_event_id = f"motion-{vote['vote_id']}", f"vote-{vote['vote_id']}"
        motion = {"id": motion_id, "legislative_session_id": event_id(vote["doc_id"]), "text": clean_text(policy["label"] if policy else vote["text"])}
        vote_event = {"id": vote_event_id, "motion_id": motion_id, "legislative_session_id": event_id(vote["doc_id"]), "identifier": vote["vote_id"]}
        if policy and policy["number"]:
            motion["identifier"] = clean_text(policy["number"])
        if meeting and meeting.body:
            motion["organization_id"] = vote_event["organization_id"] = bodies[meeting.body]
        if meeting and meeting.date:
            motion["date"] = vote_event["start_date"] = meeting.date
        result = RESULTS.get(vote["result"] or "")
        if result:
            motion["result"] = vote_event["result"] = result
        if vote["unanimous"]:
            vote_event["classification"] = "unanimous"
        counts = [{"option": option, "value": int(vote[column])} for column, option in COUNT_OPTIONS if vote[column] is not None]
        vote_event["counts"] = counts
        motion["vote_events"] = [{"id": vote_event_id}]
        motions.append(motion)
        vote_events.append(vote_event)

    return {
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "events": events,
        "motions": motions,
        "vote_events": vote_events,
    }


def _memberships(tables: dict[str, pd.DataFrame], by_doc, org_ids: set[str]) -> list[dict[str, Any]]:
    """Memberships from affiliations and from attendance rows naming an organisation."""
    spans = [s for s in affiliation_spans(tables["affiliations"]) if s.org_id in org_ids]
    seen = {(s.person_id, s.org_id, ids.fold(s.role or "")) for s in spans}
    memberships = []
    for span in spans:
        membership = {"id": f"membership-{len(memberships) + 1}", "person_id": span.person_id, "organization_id": span.org_id}
        if span.role:
            membership["role"] = membership["label"] = clean_text(span.role)
        if span.first:
            membership["start_date"] = span.first
        if span.last:
            membership["end_date"] = span.last
        memberships.append(membership)
    # Attendance rows with an organisation but a role the affiliations lack.
    extra_dates: dict[tuple[str, str, str], list[str]] = {}
    extra_roles: dict[tuple[str, str, str], str | None] = {}
    for row in records(tables["attendance"]):
        if not row["person_id"] or row["org_id"] not in org_ids:
            continue
        key = (row["person_id"], row["org_id"], ids.fold(row["role"] or ""))
        if key in seen:
            continue
        meeting = by_doc.get(row["doc_id"])
        extra_dates.setdefault(key, []).append(meeting.date if meeting and meeting.date else "")
        extra_roles.setdefault(key, row["role"])
    for key in sorted(extra_dates):
        person_id, org_id, _ = key
        dates = sorted(d for d in extra_dates[key] if d)
        membership = {"id": f"membership-{len(memberships) + 1}", "person_id": person_id, "organization_id": org_id}
        if extra_roles[key]:
            membership["role"] = membership["label"] = clean_text(extra_roles[key])
        if dates:
            membership["start_date"], membership["end_date"] = dates[0], dates[-1]
        memberships.append(membership)
    return memberships


def export_popolo(tables: dict[str, pd.DataFrame], directory: Path) -> ExportReport:
    """Write ``popolo.json`` and ``<type>.ndjson`` into ``directory``."""
    report = ExportReport("popolo", directory)
    directory.mkdir(parents=True, exist_ok=True)
    data = build_popolo(tables)
    whole = directory / "popolo.json"
    whole.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    report.files.append(whole)
    for kind in TYPES:
        path = directory / f"{kind}.ndjson"
        with path.open("w", encoding="utf-8") as handle:
            for record in data[kind]:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        report.files.append(path)
        report.counts[kind] = len(data[kind])
    no_counts = sum(1 for v in data["vote_events"] if not v["counts"])
    if no_counts:
        report.counts["vote_events_without_counts"] = no_counts
    return report
