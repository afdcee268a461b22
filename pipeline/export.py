"""Records into tables: one DataFrame per output table, columns as in ``schema``.

This is the only place where records become DataFrames; mention ids are
replaced by the entity ids that reconciliation gave.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pandas as pd

from pipeline.actor_links import ActorIndex, ActorLink
from pipeline.domains import policy_domains
from pipeline.records import DocumentResult, Resolution, SourceError
from pipeline.schema import TABLES, columns


def to_tables(
    results: Sequence[DocumentResult],
    resolution: Resolution,
    errors: Sequence[SourceError],
) -> dict[str, pd.DataFrame]:
    entity = resolution.entity_of.get
    rows: dict[str, list[dict]] = defaultdict(list)
    mention_docs: dict[str, set[str]] = defaultdict(set)
    mention_counts: dict[str, int] = defaultdict(int)

    for result in results:
        source = result.source
        doc_id = source.doc_id
        rows["documents"].append({
            "doc_id": doc_id,
            "source": source.source,
            "sources": [source.source, *result.duplicate_sources],
            "title": result.meeting.title,
            "body": result.meeting.body,
            "meeting_date": result.meeting.meeting_date,
            "n_pages": len(source.pages),
            "extraction": source.extraction,
            "n_chars": len(source.text),
            "text": source.text,
        })
        for p in result.paragraphs:
            rows["paragraphs"].append({
                "paragraph_id": p.paragraph_id, "doc_id": doc_id, "seq": p.seq, "page": p.page,
                "kind": str(p.kind), "text": p.text, "char_start": p.char_start, "char_end": p.char_end,
                "policy_id": p.policy_id, "parent_id": p.parent_id,
            })
        for a in result.policies:
            rows["policies"].append({
                "policy_id": a.policy_id, "doc_id": doc_id, "number": a.number, "label": a.label,
                "paragraph_id": a.paragraph_id, "page": a.provenance.page,
            })
        for i in result.interventions:
            rows["interventions"].append({
                "intervention_id": i.intervention_id, "doc_id": doc_id, "seq": i.seq, "paragraph_id": i.paragraph_id,
                "speaker_id": entity(i.speaker_mention_id) if i.speaker_mention_id else None,
                "speaker_text": i.speaker_text, "text": i.text, "act": str(i.act), "policy_id": i.policy_id,
                "cue": str(i.cue), "confidence": i.confidence, **_span(i.provenance),
            })
        for e in result.attendance:
            rows["attendance"].append({
                "doc_id": doc_id, "person_id": entity(e.person_mention_id), "name": e.name,
                "family_name": e.family_name, "given_name": e.given_name, "status": str(e.status), "role": e.role,
                "org_id": entity(e.org_mention_id) if e.org_mention_id else None, "organisation": e.organisation,
                "proxy_id": entity(e.proxy_mention_id) if e.proxy_mention_id else None,
                "confidence": e.confidence, "note": e.note, **_span(e.provenance),
            })
        rows["affiliations"].extend(_affiliations(result, entity))
        listed = _listed_counts(result)
        for c in result.header_counts:
            value = listed.get(c.label)
            rows["header_counts"].append({
                "doc_id": doc_id, "label": c.label, "value": c.value, "listed": value,
                "agrees": None if value is None else value == c.value,
                "char_start": c.provenance.char_start, "char_end": c.provenance.char_end,
            })
        for m in result.mentions:
            entity_id = entity(m.mention_id)
            if entity_id:
                mention_docs[entity_id].add(doc_id)
                mention_counts[entity_id] += 1
            rows["mentions"].append({
                "mention_id": m.mention_id, "doc_id": doc_id,
                "paragraph_id": m.paragraph_id, "entity_kind": str(m.entity_kind), "entity_id": entity_id,
                "text": m.text, "char_start": m.char_start, "char_end": m.char_end, "page": m.provenance.page,
                "stage": m.provenance.stage,
            })
        for a in result.amounts:
            rows["amounts"].append({
                "amount_id": a.amount_id, "doc_id": doc_id, "paragraph_id": a.paragraph_id, "text": a.text,
                "kind": str(a.kind), "value": a.value, "value_max": a.value_max, "currency": a.currency,
                "value_eur": a.value_eur, "qualifiers": list(a.qualifiers), **_span(a.provenance),
            })
        for d in result.dates:
            rows["dates"].append({
                "date_id": d.date_id, "doc_id": doc_id, "paragraph_id": d.paragraph_id, "text": d.text,
                "value": d.value, "value_end": d.value_end, "granularity": str(d.granularity),
                "relative": d.relative, **_span(d.provenance),
            })
        for v in result.votes:
            rows["votes"].append({
                "vote_id": v.vote_id, "doc_id": doc_id, "paragraph_id": v.paragraph_id, "policy_id": v.policy_id,
                "votes_for": v.votes_for, "votes_against": v.votes_against, "abstentions": v.abstentions,
                "unanimous": v.unanimous, "result": str(v.result), "count_mismatch": v.count_mismatch,
                "text": v.text, **_span(v.provenance),
            })
        actors = _actor_index(result, resolution) if result.commitments else None
        for c in result.commitments:
            link = _link_actor(c, actors, entity, result.meeting.body)
            rows["commitments"].append({
                "commitment_id": c.commitment_id, "doc_id": doc_id, "paragraph_id": c.paragraph_id,
                "policy_id": c.policy_id,
                "actor_id": link.actor_id, "actor_text": c.actor_text, "actor_note": link.note,
                "beneficiary_id": entity(c.beneficiary_mention_id) if c.beneficiary_mention_id else None,
                "beneficiary_text": c.beneficiary_text, "amount_id": c.amount_id, "date_id": c.date_id,
                "modality": str(c.modality), "action": c.action, "text": c.text, **_span(c.provenance),
            })

    domains = policy_domains(rows["policies"], rows["documents"])
    for row in rows["policies"]:
        row.update(domains[row["policy_id"]])

    for person in resolution.persons:
        rows["persons"].append({
            "person_id": person.person_id, "name": person.name, "given_name": person.given_name,
            "family_name": person.family_name, "variants": list(person.variants),
            "n_mentions": mention_counts.get(person.person_id, 0),
            "n_documents": len(mention_docs.get(person.person_id, ())),
        })
    for org in resolution.organisations:
        rows["organisations"].append({
            "org_id": org.org_id, "name": org.name, "acronym": org.acronym, "variants": list(org.variants),
            "n_mentions": mention_counts.get(org.org_id, 0), "n_documents": len(mention_docs.get(org.org_id, ())),
        })
    for e in errors:
        rows["errors"].append({"source": e.source, "doc_id": e.doc_id, "stage": e.stage, "message": e.message})

    return {name: _frame(name, rows.get(name, [])) for name in TABLES}


def _actor_index(result: DocumentResult, resolution: Resolution) -> ActorIndex:
    """The persons and organisations this document names, for linking actors given as text."""
    named = {resolution.entity_of.get(m.mention_id) for m in result.mentions} - {None}
    entities = [(p.person_id, (p.name, *p.variants)) for p in resolution.persons if p.person_id in named]
    entities += [(o.org_id, (o.name, *o.variants)) for o in resolution.organisations if o.org_id in named]
    return ActorIndex(entities)


def _link_actor(commitment, actors: ActorIndex | None, entity, body: str | None) -> ActorLink:
    """The actor's entity: its mention's, else the entity its text names in the document."""
    if commitment.actor_mention_id:
        linked = entity(commitment.actor_mention_id)
        if linked:
            return ActorLink(linked, None)
    if actors is None:
        return ActorLink(None, None)
    return actors.link(commitment.actor_text, body=body)


def _affiliations(result: DocumentResult, entity) -> list[dict]:
    """Who held which role in which organisation, per document and meeting date."""
    found: dict[tuple, dict] = {}
    date = result.meeting.meeting_date
    for e in result.attendance:
        if e.role or e.organisation:
            row = {
                "person_id": entity(e.person_mention_id), "org_id": entity(e.org_mention_id) if e.org_mention_id else None,
                "organisation": e.organisation, "role": e.role, "doc_id": result.source.doc_id, "meeting_date": date,
                "basis": "attendance", "char_start": e.provenance.char_start, "char_end": e.provenance.char_end,
            }
            found.setdefault((row["person_id"], row["role"], row["organisation"]), row)
    for m in result.mentions:
        if m.entity_kind == "person" and m.role and m.refers_to is None and (m.family_name or m.given_name):
            row = {
                "person_id": entity(m.mention_id), "org_id": None, "organisation": None, "role": m.role,
                "doc_id": result.source.doc_id, "meeting_date": date, "basis": "mention",
                "char_start": m.char_start, "char_end": m.char_end,
            }
            if not any(k[0] == row["person_id"] and k[1] for k in found):
                found.setdefault((row["person_id"], row["role"], None), row)
    return [row for row in found.values() if row["person_id"]]


def _span(provenance) -> dict:
    return {
        "page": provenance.page,
        "char_start": provenance.char_start,
        "char_end": provenance.char_end,
        "stage": provenance.stage,
    }


def _listed_counts(result: DocumentResult) -> dict[str, int]:
    """Counts from the attendance list, to check the header's counts against."""
    if not result.attendance:
        return {}
    present = sum(1 for e in result.attendance if e.status == "present")
    represented = sum(1 for e in result.attendance if e.status == "represented")
    return {
        "présents": present,
        "votants": present + represented,
        "procurations": represented,
        "en exercice": len({e.family_name or e.name for e in result.attendance}),
    }


PANDAS_TYPES = {
    "string": "string",
    "int64": "Int64",
    "Int64": "Int64",
    "float64": "Float64",
    "boolean": "boolean",
    "list<string>": "object",
}


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns(name))
    for column, dtype, _ in TABLES[name]:
        frame[column] = frame[column].astype(PANDAS_TYPES[dtype])
    return frame
