"""Review pages: static HTML over an output folder, to read every fact where it was found.

``write_review(out, to)`` writes ``index.html`` (every document with its
counts and error rows), one ``<doc_id>.html`` per document (its paragraphs,
each with ``id=<paragraph_id>``, the speaker of each turn, every fact
highlighted by kind with its normalised value on hover) and ``review.css``.
Links from other tools take the form ``<doc_id>.html#<paragraph_id>``.

Every piece of document text goes through ``html.escape`` (highlighted text)
or Jinja2's autoescaping (everything else): a minutes file holding
``<script>`` shows those characters and runs nothing. The pages carry no
script at all.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from pipeline import io

CORRECTION_STAGE = "minutes.corrections.v1"  # pipeline.corrections.STAGE, kept literal: reading tables needs no run code
CORRECTION_CUE = "correction"
# Cues that name nobody in the paragraph itself: the speaker is carried over
# from an earlier turn or a heading, so the attribution is an inference.
INFERRED_CUES = frozenset({"continuation", "presenter", "chair"})
# Below this, a fact that carries a ``confidence`` column is marked for review.
LOW_CONFIDENCE = 0.5
FACT_KINDS = ("person", "organisation", "amount", "date", "vote", "commitment")


@dataclass(frozen=True, slots=True)
class Fact:
    """One highlighted span: an extracted fact, as read back from the tables."""

    fact_id: str
    kind: str  # one of FACT_KINDS
    char_start: int
    char_end: int
    text: str
    value: str  # the normalised value, for a person to read
    stage: str
    low: str | None = None  # why the fact deserves a second look, if it does
    corrected: bool = False

    @property
    def title(self) -> str:
        lines = [f"{self.kind}: {self.value}", f"id: {self.fact_id}", f"stage: {self.stage}"]
        if self.low:
            lines.append(f"check: {self.low}")
        if self.corrected:
            lines.append("from a correction")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Turn:
    """An intervention as shown beside its paragraph."""

    intervention_id: str
    speaker: str | None
    speaker_id: str | None
    cue: str
    act: str
    char_start: int
    char_end: int
    low: str | None
    corrected: bool
    continued: bool = False  # the turn began in an earlier paragraph (list items it introduces)


@dataclass(slots=True)
class ParagraphView:
    paragraph_id: str
    seq: int
    page: int
    kind: str
    policy: str | None
    html: Markup
    turns: list[Turn] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


# --- reading the tables --------------------------------------------------------------------


def write_review(out: str | Path, to: str | Path | None = None) -> list[Path]:
    """Write the review pages of output folder ``out`` into ``to`` (default ``out/review``)."""
    tables = io.read_tables(out)
    target = Path(to) if to is not None else Path(out) / "review"
    pages = render_review(tables)
    return io.write_pages(pages, target)


def render_review(tables: Mapping[str, Any]) -> dict[str, str]:
    """Every page as text, by file name: index.html, <doc_id>.html, review.css."""
    env = _environment()
    names = _entity_names(tables)
    documents = _records(tables.get("documents"))
    policies = {r["policy_id"]: _policy_label(r) for r in _records(tables.get("policies"))}
    by_doc = {name: _group(tables.get(name)) for name in ("paragraphs", "interventions", "mentions", "amounts", "dates", "votes", "commitments", "errors")}
    pages: dict[str, str] = {"review.css": env.get_template("review.css").render()}
    rows = []
    # by meeting date, undated documents last
    for doc in sorted(documents, key=lambda d: (d.get("meeting_date") is None, d.get("meeting_date") or "", d.get("source") or "")):
        doc_id = doc["doc_id"]
        facts = _facts(doc_id, by_doc, names)
        turns = _turns(by_doc["interventions"].get(doc_id, []), names)
        paragraphs = _paragraphs(doc, by_doc["paragraphs"].get(doc_id, []), facts, turns, policies)
        spans = [(p["char_start"], p["char_end"]) for p in by_doc["paragraphs"].get(doc_id, [])]
        outside = [f for f in facts if not any(lo <= f.char_start < hi for lo, hi in spans)]
        counts = _counts(facts, turns, by_doc["paragraphs"].get(doc_id, []), by_doc["interventions"].get(doc_id, []))
        errors = by_doc["errors"].get(doc_id, [])
        pages[f"{doc_id}.html"] = env.get_template("document.html").render(
            doc=doc, paragraphs=paragraphs, outside=outside, counts=counts, errors=errors, kinds=FACT_KINDS,
        )
        rows.append({"doc": doc, "counts": counts, "errors": errors})
    unread = [r for r in _records(tables.get("errors")) if not r.get("doc_id") or r["doc_id"] not in {d["doc_id"] for d in documents}]
    pages["index.html"] = env.get_template("index.html").render(rows=rows, unread=unread, kinds=FACT_KINDS)
    return pages


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        autoescape=True,  # every value from the tables is escaped, .css included
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _records(frame: Any) -> list[dict[str, Any]]:
    """A table's rows as dicts, with pandas' missing values as None."""
    if frame is None:
        return []
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _clean(value: Any) -> Any:
    if isinstance(value, list | tuple | np.ndarray):
        return list(value)
    return None if pd.isna(value) else value


def _group(frame: Any) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _records(frame):
        grouped[row.get("doc_id") or ""].append(row)
    return grouped


def _entity_names(tables: Mapping[str, Any]) -> dict[str, str]:
    names = {r["person_id"]: r["name"] for r in _records(tables.get("persons"))}
    names.update({r["org_id"]: r["name"] for r in _records(tables.get("organisations"))})
    return names


def _policy_label(row: Mapping[str, Any]) -> str:
    return " ".join(p for p in (row.get("number"), row.get("label")) if p)


# --- facts ------------------------------------------------------------------------------------


def _facts(doc_id: str, by_doc: Mapping[str, Mapping[str, list[dict]]], names: Mapping[str, str]) -> list[Fact]:
    facts: list[Fact] = []
    for m in by_doc["mentions"].get(doc_id, []):
        if m["char_end"] <= m["char_start"]:
            continue  # a corrected speaker's mention names nobody in the text; the turn shows it
        entity = m.get("entity_id")
        value = f"{names.get(entity, m['text'])} ({entity})" if entity else f"{m['text']} (not reconciled)"
        facts.append(_fact(m, m["mention_id"], m["entity_kind"], value))
    for a in by_doc["amounts"].get(doc_id, []):
        facts.append(_fact(a, a["amount_id"], "amount", _amount_value(a)))
    for d in by_doc["dates"].get(doc_id, []):
        value = d["value"] + (f" to {d['value_end']}" if d.get("value_end") else "") + f" ({d['granularity']})"
        low = "resolved against the meeting date" if d.get("relative") else None
        facts.append(_fact(d, d["date_id"], "date", value, low))
    for v in by_doc["votes"].get(doc_id, []):
        low = "the counts disagree with the meeting's voter count" if v.get("count_mismatch") else None
        facts.append(_fact(v, v["vote_id"], "vote", _vote_value(v), low))
    for c in by_doc["commitments"].get(doc_id, []):
        facts.append(_fact(c, c["commitment_id"], "commitment", _commitment_value(c, names)))
    return sorted(facts, key=lambda f: (f.char_start, -f.char_end, FACT_KINDS.index(f.kind)))


def _fact(row: Mapping[str, Any], fact_id: str, kind: str, value: str, low: str | None = None) -> Fact:
    confidence = row.get("confidence")
    if confidence is not None and confidence < LOW_CONFIDENCE:
        low = "; ".join(p for p in (low, f"confidence {confidence:.2f}") if p)
    stage = row.get("stage") or ""
    return Fact(fact_id, kind, row["char_start"], row["char_end"], row.get("text") or "", value, stage, low, stage == CORRECTION_STAGE)


def _number(value: float) -> str:
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return text.removesuffix(",00")


def _amount_value(a: Mapping[str, Any]) -> str:
    if a["kind"] == "percent":
        value = f"{_number(a['value'])} %"
        if a.get("value_max") is not None:
            value = f"{_number(a['value'])} to {_number(a['value_max'])} %"
        return value
    currency = a.get("currency") or ""
    value = f"{_number(a['value'])} {currency}".strip()
    if a.get("value_max") is not None:
        value = f"{_number(a['value'])} to {_number(a['value_max'])} {currency}".strip()
    if currency != "EUR" and a.get("value_eur") is not None:
        value += f" = {_number(a['value_eur'])} EUR"
    qualifiers = [q for q in (a.get("qualifiers") or []) if q]
    return value + (f" ({', '.join(qualifiers)})" if qualifiers else "")


def _vote_value(v: Mapping[str, Any]) -> str:
    parts = [v["result"]]
    if v.get("unanimous"):
        parts.append("unanimous")
    counts = [(label, v.get(key)) for label, key in (("for", "votes_for"), ("against", "votes_against"), ("abstentions", "abstentions"))]
    parts.extend(f"{n} {label}" for label, n in counts if n is not None)
    return ", ".join(parts)


def _commitment_value(c: Mapping[str, Any], names: Mapping[str, str]) -> str:
    actor = names.get(c.get("actor_id") or "") or c.get("actor_text") or "no actor found"
    value = f"{c['modality']}: {actor} / {c['action']}"
    if c.get("beneficiary_text"):
        value += f" for {c['beneficiary_text']}"
    links = [x for x in (c.get("amount_id"), c.get("date_id")) if x]
    return value + (f" [{', '.join(links)}]" if links else "")


def _turns(interventions: Iterable[Mapping[str, Any]], names: Mapping[str, str]) -> list[Turn]:
    turns = []
    for i in sorted(interventions, key=lambda r: r["seq"]):
        corrected = i.get("cue") == CORRECTION_CUE or i.get("stage") == CORRECTION_STAGE
        low = f"speaker inferred ({i['cue']}), not named in this paragraph" if i.get("cue") in INFERRED_CUES else None
        confidence = i.get("confidence")
        if confidence is not None and confidence < LOW_CONFIDENCE:
            low = "; ".join(p for p in (low, f"confidence {confidence:.2f}") if p)
        speaker = names.get(i.get("speaker_id") or "") or i.get("speaker_text")
        turns.append(Turn(i["intervention_id"], speaker, i.get("speaker_id"), i.get("cue") or "", i.get("act") or "",
                          i["char_start"], i["char_end"], low, corrected))
    return turns


# --- paragraphs -------------------------------------------------------------------------------


def _paragraphs(doc: Mapping[str, Any], rows: list[dict], facts: list[Fact], turns: list[Turn], policies: Mapping[str, str]) -> list[ParagraphView]:
    text = doc.get("text") or ""
    turns_of: dict[str, list[Turn]] = defaultdict(list)
    for turn in turns:
        row = _paragraph_of(turn, rows)
        if row is not None:
            turns_of[row["paragraph_id"]].append(turn)
    starts = [f.char_start for f in facts]  # facts come sorted by start
    views = []
    shown_policy = None
    for row in sorted(rows, key=lambda r: r["seq"]):
        lo, hi = row["char_start"], row["char_end"]
        inside = facts[bisect_left(starts, lo) : bisect_left(starts, hi)]
        own = turns_of.get(row["paragraph_id"], [])
        # A turn goes on over the list items its paragraph introduces.
        carried = [replace(t, continued=True) for t in turns if t.char_start < lo < t.char_end]
        views.append(ParagraphView(
            paragraph_id=row["paragraph_id"], seq=row["seq"], page=row["page"], kind=row["kind"],
            # the agenda item is said where it changes, not under every paragraph
            policy=policies.get(row.get("policy_id") or "") if row.get("policy_id") != shown_policy else None,
            html=highlight(text, lo, hi, inside, [t for t in own if t.char_start > lo]),
            turns=carried + own, facts=inside,
        ))
        shown_policy = row.get("policy_id")
    return views


def _paragraph_of(turn: Turn, rows: list[dict]) -> dict | None:
    return next((r for r in rows if r["char_start"] <= turn.char_start < r["char_end"]), None)


def highlight(text: str, lo: int, hi: int, facts: Iterable[Fact], turns: Iterable[Turn] = ()) -> Markup:
    """The text of ``text[lo:hi]`` as HTML, every fact a ``<mark>``, escaped.

    Facts may overlap without nesting (a commitment's sentence and a vote's);
    a fact is then cut into pieces that nest properly, each piece with the
    same class and title, the first one with the fact's id. Line breaks are
    folded to spaces, as in ``paragraphs.text``. Turns that start inside the
    paragraph get a speaker badge where they start.
    """
    facts = [f for f in facts if f.char_end > f.char_start]
    bounds = {lo, hi}
    for f in facts:
        bounds.update((max(lo, f.char_start), min(hi, f.char_end)))
    marks_at: dict[int, list[Turn]] = defaultdict(list)
    for t in turns:
        if lo < t.char_start < hi:
            bounds.add(t.char_start)
            marks_at[t.char_start].append(t)
    order = sorted(facts, key=lambda f: (f.char_start, -f.char_end, FACT_KINDS.index(f.kind)))
    out: list[str] = []
    stack: list[Fact] = []
    opened: set[str] = set()
    points = sorted(bounds)
    for here, following in zip(points, points[1:] + [None]):
        # close what ends here; what was opened inside it and goes on is reopened
        ending = [n for n, f in enumerate(stack) if min(hi, f.char_end) <= here]
        if ending:
            depth = ending[0]
            reopen = [f for f in stack[depth:] if min(hi, f.char_end) > here]
            out.append("</mark>" * (len(stack) - depth))
            del stack[depth:]
            for f in reopen:
                out.append(_open(f, first=False))
                stack.append(f)
        for t in marks_at.get(here, ()):
            out.append(_turn_badge(t))
        for f in order:
            if max(lo, f.char_start) == here and f.fact_id not in opened:
                out.append(_open(f, first=True))
                opened.add(f.fact_id)
                stack.append(f)
        if following is not None:
            out.append(html.escape(text[here:following].replace("\n", " ")))
    out.append("</mark>" * len(stack))
    return Markup("".join(out))


def _open(fact: Fact, *, first: bool) -> str:
    classes = ["fact", fact.kind]
    if fact.low:
        classes.append("low")
    if fact.corrected:
        classes.append("corrected")
    if not first:
        classes.append("cont")
    attributes = f' class="{" ".join(classes)}" title="{html.escape(fact.title)}" data-id="{html.escape(fact.fact_id)}"'
    if first:
        attributes = f' id="{html.escape(fact.fact_id)}"' + attributes
    return f"<mark{attributes}>"


def _turn_badge(turn: Turn) -> str:
    who = turn.speaker or "no speaker"
    classes = "turn-start" + (" low" if turn.low else "") + (" corrected" if turn.corrected else "")
    title = f"turn {turn.intervention_id}: {who} ({turn.cue}, {turn.act})"
    return f'<span class="{classes}" title="{html.escape(title)}">&#x25B8; {html.escape(who)}</span> '


def _counts(facts: list[Fact], turns: list[Turn], paragraphs: list[dict], interventions: list[dict]) -> dict[str, Any]:
    counts: dict[str, Any] = {kind: sum(1 for f in facts if f.kind == kind) for kind in FACT_KINDS}
    counts["paragraphs"] = len(paragraphs)
    counts["interventions"] = len(turns)
    speech = {i["paragraph_id"] for i in interventions}
    named = {i["paragraph_id"] for i in interventions if i.get("speaker_id")}
    counts["speech_paragraphs"] = len(speech)
    counts["with_speaker"] = len(named & speech)
    counts["speaker_share"] = len(named & speech) / len(speech) if speech else None
    counts["low"] = sum(1 for f in facts if f.low)
    counts["inferred"] = sum(1 for t in turns if t.low)
    counts["corrected"] = sum(1 for f in facts if f.corrected) + sum(1 for t in turns if t.corrected)
    return counts
