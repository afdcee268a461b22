"""Build the output tables a perfect pipeline would write for a gold file.

Used by tests/test_evaluate.py: a perfect output must score 1.0 everywhere,
and damaging it one way must lower the metric that measures that damage.
Paragraph texts are made from the gold snippets: each intervention, vote,
commitment and no_speaker snippet opens a paragraph, and each amount or date
is written into the paragraph its ``starts`` names (or into a paragraph of
its own).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipeline.schema import columns


def _id(prefix: str, text: str) -> str:
    return f"{prefix}_{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


class _Paragraphs:
    def __init__(self) -> None:
        self.parts: list[list[str]] = []
        self.by_starts: dict[str, list[int]] = {}

    def anchor(self, starts: str, occurrence: int = 0) -> int:
        """The occurrence-th paragraph opening with ``starts`` (made when missing)."""
        found = self.by_starts.setdefault(starts, [])
        while len(found) <= occurrence:
            self.parts.append([starts])
            found.append(len(self.parts) - 1)
        return found[occurrence]

    def holding(self, text: str) -> int:
        for index, parts in enumerate(self.parts):
            if text in " ".join(parts):
                return index
        self.parts.append([text])
        return len(self.parts) - 1

    def text(self, index: int) -> str:
        return " ".join(self.parts[index])


def _occurrences(entries: list[Mapping[str, Any]]) -> list[int]:
    seen: Counter[str] = Counter()
    result = []
    for entry in entries:
        result.append(seen[str(entry["starts"])])
        seen[str(entry["starts"])] += 1
    return result


def _frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns(table))


def perfect_tables(gold: Mapping[str, Any], *, source: str | None = None) -> dict[str, pd.DataFrame]:
    stem = str(gold["document"])
    source = source or f"{stem}.txt"
    doc_id = hashlib.sha256(source.encode("utf-8")).hexdigest()
    paragraphs = _Paragraphs()

    entities: dict[str, tuple[str, str, list[str]]] = {}  # gold name -> (kind, id, forms)
    for kind, prefix in (("persons", "person"), ("organisations", "org")):
        for entry in gold.get(kind) or []:
            entities[str(entry["name"])] = (kind, _id(prefix, f"{source}:{entry['name']}"), list(entry["forms"]))

    interventions = list(gold.get("interventions") or [])
    for entry in interventions:
        if str(entry["speaker"]) not in entities:
            name = str(entry["speaker"])
            entities[name] = ("persons", _id("person", f"{source}:{name}"), [name])
    for entry in gold.get("commitments") or []:
        # An actor gold does not list (a body known from context) is still an entity a
        # perfect pipeline links to.
        if entry.get("actor") is not None and str(entry["actor"]) not in entities:
            name = str(entry["actor"])
            entities[name] = ("organisations", _id("org", f"{source}:{name}"), [name])
    intervention_paragraphs = [
        paragraphs.anchor(str(e["starts"]), k) for e, k in zip(interventions, _occurrences(interventions))
    ]
    votes = list(gold.get("votes") or [])
    vote_paragraphs = [paragraphs.anchor(str(v["starts"]), k) for v, k in zip(votes, _occurrences(votes))]
    commitments = list(gold.get("commitments") or [])
    commitment_paragraphs = [paragraphs.anchor(str(c["starts"])) for c in commitments]
    for snippet in gold.get("no_speaker") or []:
        paragraphs.anchor(str(snippet))

    def place(items: list[Mapping[str, Any]]) -> list[int]:
        where = [-1] * len(items)
        for i, item in enumerate(items):
            if item.get("starts") is not None:
                where[i] = paragraphs.anchor(str(item["starts"]))
                paragraphs.parts[where[i]].append(str(item["text"]))
        for i, item in enumerate(items):
            if item.get("starts") is None:
                where[i] = paragraphs.holding(str(item["text"]))
        return where

    amounts = list(gold.get("amounts") or [])
    amount_paragraphs = place(amounts)
    dates = list(gold.get("dates") or [])
    date_paragraphs = place(dates)

    def paragraph_id(index: int) -> str:
        return f"{doc_id[:16]}-p{index:04d}"

    offsets, cursor = [], 0
    for index in range(len(paragraphs.parts)):
        offsets.append((cursor, cursor + len(paragraphs.text(index))))
        cursor = offsets[-1][1] + 2
    text = "\n\n".join(paragraphs.text(i) for i in range(len(paragraphs.parts)))

    policy_ids = {str(k): f"{doc_id[:16]}-a{n:04d}" for n, k in enumerate((gold.get("policies") or {}).keys())}
    meeting = gold.get("meeting") or {}
    tables: dict[str, list[dict[str, Any]]] = {
        "documents": [{
            "doc_id": doc_id, "source": source, "sources": [source], "title": meeting.get("title"), "body": meeting.get("body"),
            "meeting_date": str(meeting["date"]) if meeting.get("date") is not None else None,
            "n_pages": 1, "extraction": "text", "n_chars": len(text), "text": text,
        }],
        "paragraphs": [
            {"paragraph_id": paragraph_id(i), "doc_id": doc_id, "seq": i, "page": 1, "kind": "paragraph",
             "text": paragraphs.text(i), "char_start": offsets[i][0], "char_end": offsets[i][1]}
            for i in range(len(paragraphs.parts))
        ],
        "policies": [
            {"policy_id": policy_id, "doc_id": doc_id, "number": key, "label": str(gold["policies"][_key(gold, key)])}
            for key, policy_id in policy_ids.items()
        ],
        "persons": [
            {"person_id": eid, "name": name, "variants": forms}
            for name, (kind, eid, forms) in entities.items() if kind == "persons"
        ],
        "organisations": [
            {"org_id": eid, "name": name, "variants": forms}
            for name, (kind, eid, forms) in entities.items() if kind == "organisations"
        ],
        "attendance": [
            {"doc_id": doc_id, "family_name": a.get("family"), "given_name": a.get("given"), "status": a.get("status"),
             "role": a.get("role"), "organisation": a.get("org")}
            for a in gold.get("attendance") or []
        ],
        "interventions": [
            {"intervention_id": f"{doc_id[:16]}-i{n:04d}", "doc_id": doc_id, "seq": n,
             "paragraph_id": paragraph_id(p), "speaker_id": entities[str(e["speaker"])][1],
             "text": paragraphs.text(p), "act": e.get("act"),
             "policy_id": policy_ids.get(str(e["policy"])) if e.get("policy") is not None else None}
            for n, (e, p) in enumerate(zip(interventions, intervention_paragraphs))
        ],
        "amounts": [
            {"amount_id": f"{doc_id[:16]}-${n:04d}", "doc_id": doc_id, "paragraph_id": paragraph_id(p),
             "text": a["text"], "kind": a.get("kind"), "value": a.get("value"), "value_max": a.get("value_max"),
             "currency": a.get("currency"), "value_eur": a.get("value_eur")}
            for n, (a, p) in enumerate(zip(amounts, amount_paragraphs))
        ],
        "dates": [
            {"date_id": f"{doc_id[:16]}-d{n:04d}", "doc_id": doc_id, "paragraph_id": paragraph_id(p),
             "text": d["text"], "value": str(d["value"]),
             "value_end": str(d["value_end"]) if d.get("value_end") is not None else None}
            for n, (d, p) in enumerate(zip(dates, date_paragraphs))
        ],
        "votes": [
            {"vote_id": f"{doc_id[:16]}-v{n:04d}", "doc_id": doc_id, "paragraph_id": paragraph_id(p),
             "votes_for": v.get("for"), "votes_against": v.get("against"), "abstentions": v.get("abstain"),
             "unanimous": bool(v.get("unanimous")), "result": v.get("result")}
            for n, (v, p) in enumerate(zip(votes, vote_paragraphs))
        ],
    }
    tables["commitments"] = [
        _commitment(doc_id, n, c, paragraph_id(p), entities, tables["amounts"])
        for n, (c, p) in enumerate(zip(commitments, commitment_paragraphs))
    ]
    frames = {name: _frame(name, rows) for name, rows in tables.items()}
    for name, column in (("votes", "votes_for"), ("votes", "votes_against"), ("votes", "abstentions")):
        frames[name][column] = frames[name][column].astype("Int64")
    return frames


def _key(gold: Mapping[str, Any], key: str) -> Any:
    return next(k for k in gold["policies"] if str(k) == key)


def _commitment(doc_id: str, n: int, c: Mapping[str, Any], paragraph: str,
                entities: Mapping[str, tuple[str, str, list[str]]], amounts: list[dict[str, Any]]) -> dict[str, Any]:
    amount_id = None
    if c.get("amount") is not None:
        same = [a for a in amounts if a["text"] == c["amount"]]
        here = [a for a in same if a["paragraph_id"] == paragraph]
        amount_id = (here or same)[0]["amount_id"]
    actor = entities.get(str(c["actor"]))
    return {
        "commitment_id": f"{doc_id[:16]}-c{n:04d}", "doc_id": doc_id, "paragraph_id": paragraph,
        "actor_id": actor[1] if actor else None, "actor_text": str(c["actor"]),
        "amount_id": amount_id, "modality": c.get("modality"),
    }


def merged(tables: Mapping[str, pd.DataFrame], *others: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Several outputs as one run (tables concatenated)."""
    return {
        name: pd.concat([t[name] for t in (tables, *others)], ignore_index=True)
        for name in tables
    }
