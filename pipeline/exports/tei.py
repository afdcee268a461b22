"""ParlaMint TEI (encoding of the ParlaMint corpora, edition 4.0): the meeting
files here, the corpus root, lists and taxonomies in ``tei_corpus``.

Layout, as in a ParlaMint corpus:

- ``<corpus>.xml``: the ``teiCorpus`` root; its header XIncludes the
  taxonomies (``classDecl``) and the person and organisation lists
  (``particDesc``), its body XIncludes one ``TEI`` file per meeting;
- ``<year>/<corpus>_<date>-<doc>.xml``: one meeting: ``teiHeader`` (titles,
  ``meeting``, extent in speeches and words, CC BY availability, source
  document, tag usage, setting) and ``text/body`` with one ``div`` per
  agenda item (``debateSection`` with its ``head`` when anyone speaks in it,
  ``commentSection`` otherwise), one ``u`` per intervention (``who`` the
  person, ``ana`` ``#chair`` or ``#regular``), one ``seg`` per paragraph,
  and every paragraph that carries no speech as a ``note`` typed by its kind;
- ``<corpus>-listPerson.xml``, ``<corpus>-listOrg.xml``: persons (forename,
  surname, sex where civilities agree, affiliations with ParlaMint role, the
  role as written, first and last meeting stating it) and organisations
  (meeting bodies with role ``parliament``, the others ``institution``);
- ``<corpus>-taxonomy-*.xml``: speaker types, sitting, subcorpus, so that
  every ``#id`` of the corpus resolves;
- ``<year>/<corpus>_<date>-<doc>-meta.tsv``: one row per utterance, the
  ParlaMint columns, ``-`` where nothing is known.

Deviations from the ParlaMint RelaxNG schema, because the data has no value
to put there and none is invented: ``idno`` (the schema wants an http(s) URI)
is written only in the source description, typed ``sha256`` with the
document's hash; a person whose given name is unknown has a ``surname`` and
no ``forename``.
"""

from __future__ import annotations

import csv
import datetime
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree

from pipeline.exports.common import (
    ExportReport,
    Meeting,
    body_org_ids,
    chairs,
    clean_text,
    count_words,
    gender,
    meetings,
    name_parts,
    records,
)
from pipeline.exports.tei_corpus import (
    TAXONOMIES,
    TEI_NS,
    corpus_root,
    edition_extent_publication,
    el,
    list_org,
    list_person,
    q,
    taxonomy,
    write_xml,
)

META_COLUMNS = [
    "Text_ID", "ID", "Title", "Date", "Body", "Term", "Session", "Meeting", "Sitting", "Agenda", "Subcorpus",
    "Lang", "Speaker_role", "Speaker_MP", "Speaker_minister", "Speaker_party", "Speaker_party_name",
    "Party_status", "Party_orientation", "Speaker_ID", "Speaker_name", "Speaker_gender", "Speaker_birth",
]

# Paragraph kinds (paragraphs.kind) to note/@type: a note says what the text is.
NOTE_TYPES = {
    "heading": "heading",
    "paragraph": "narrative",
    "list_item": "narrative",
    "footnote": "footnote",
    "attendance": "attendance",
    "table_row": "table",
    "annex": "annex",
    "header": "header",
}

# The taxonomies the corpus points into: id -> (description, categories (id, en term, en gloss)).
class _Ids:
    """Numbered xml:ids within one TEI file (``<text>.u3``, ``<text>.u3.2``, ``<text>.d1``)."""

    def __init__(self, text_id: str) -> None:
        self.text_id = text_id
        self.counters: Counter[str] = Counter()

    def next(self, kind: str) -> str:
        self.counters[kind] += 1
        return f"{self.text_id}.{kind}{self.counters[kind]}"


def text_id(corpus: str, meeting: Meeting) -> str:
    return f"{corpus}_{meeting.date or 'undated'}-{meeting.short_id}"


def export_tei(tables: dict[str, pd.DataFrame], directory: Path, *, corpus: str = "Minutes", today: str | None = None) -> ExportReport:
    """Write the TEI corpus of the run's tables into ``directory``."""
    report = ExportReport("tei", directory)
    directory.mkdir(parents=True, exist_ok=True)
    today = today or datetime.date.today().isoformat()
    all_meetings = meetings(tables)
    bodies = body_org_ids(tables, sorted({m.body for m in all_meetings if m.body}))
    chair_of = chairs(tables["attendance"])
    persons = {row["person_id"]: row for row in records(tables["persons"])}

    paragraphs = tables["paragraphs"].sort_values(["doc_id", "seq"])
    interventions = tables["interventions"].sort_values(["doc_id", "seq"])
    policies = {row["policy_id"]: row for row in records(tables["policies"])}
    by_doc_paragraphs = {doc: list(records(rows)) for doc, rows in paragraphs.groupby("doc_id", sort=False)}
    by_doc_interventions = {doc: list(records(rows)) for doc, rows in interventions.groupby("doc_id", sort=False)}

    components: list[str] = []
    totals = Counter()
    for meeting in all_meetings:
        if meeting.date is None:
            report.warn(f"{meeting.source} has no meeting date: its TEI file is filed under undated/ and its setting date has no @when")
        tid = text_id(corpus, meeting)
        root, stats, meta_rows = _meeting_tei(
            meeting, tid, by_doc_paragraphs.get(meeting.doc_id, []), by_doc_interventions.get(meeting.doc_id, []),
            policies, persons, chair_of.get(meeting.doc_id), bodies.get(meeting.body) if meeting.body else None, today,
        )
        relative = Path(meeting.year) / f"{tid}.xml"
        report.files.append(write_xml(root, directory / relative))
        report.files.append(_write_meta(directory / meeting.year / f"{tid}-meta.tsv", meta_rows))
        components.append(relative.as_posix())
        totals.update(stats)
        if meeting.doc_id not in chair_of:
            totals["meetings_without_chair"] += 1

    report.files.append(write_xml(list_person(tables, persons, corpus), directory / f"{corpus}-listPerson.xml"))
    report.files.append(write_xml(list_org(tables, bodies, corpus), directory / f"{corpus}-listOrg.xml"))
    for name in TAXONOMIES:
        report.files.append(write_xml(taxonomy(name, corpus), directory / f"{corpus}-taxonomy-{name}.xml"))
    report.files.append(write_xml(corpus_root(corpus, all_meetings, components, totals, today), directory / f"{corpus}.xml"))
    report.counts.update(
        meetings=len(all_meetings),
        utterances=totals["u"],
        segments=totals["seg"],
        notes=totals["note"],
        words=totals["words"],
        persons=len(persons),
        meetings_without_chair=totals["meetings_without_chair"],
    )
    return report


# --- one meeting --------------------------------------------------------------------------------


def _meeting_tei(
    meeting: Meeting,
    tid: str,
    paragraphs: list[dict[str, Any]],
    interventions: list[dict[str, Any]],
    policies: dict[str, dict[str, Any]],
    persons: dict[str, dict[str, Any]],
    chair: str | None,
    body_org: str | None,
    today: str,
) -> tuple[etree._Element, Counter, list[dict[str, str]]]:
    ids = _Ids(tid)
    root = el(None, "TEI", id=tid, lang="fr", ana="#parla.sitting #reference")
    header = el(root, "teiHeader")
    text = el(root, "text", lang="fr", ana="#reference")
    body = el(text, "body")

    headings = {p["paragraph_id"] for p in paragraphs if p["policy_id"] in policies and policies[p["policy_id"]]["paragraph_id"] == p["paragraph_id"]}
    items = _reading_order(meeting, paragraphs, interventions, headings)
    stats: Counter = Counter()
    meta_rows: list[dict[str, str]] = []
    div = None
    div_key: object = object()
    headed: set[str] = set()
    title = _sub_title(meeting)
    for item in items:
        # Text outside any item after the first one (a running header, a
        # footnote) stays in the division it interrupts.
        key = item["policy_id"] if item["policy_id"] is not None or div is None else div_key
        if key != div_key or item["kind"] == "head":
            div = el(body, "div", id=ids.next("d"), type="debateSection")
            div_key = key
            if key is not None and key not in headed and key in policies:
                headed.add(key)
                heading = _heading_text(policies[key], paragraphs)
                if heading:
                    el(div, "head", heading, id=ids.next("head"))
        if item["kind"] == "head":
            continue
        if item["kind"] == "note":
            el(div, "note", item["text"], id=ids.next("note"), type=item["type"])
            stats["note"] += 1
            continue
        speaker = item["speaker_id"]
        role = "#chair" if speaker is not None and speaker == chair else "#regular"
        u_id = ids.next("u")
        u = el(div, "u", id=u_id, who=f"#{speaker}" if speaker in persons else None, ana=role)
        for n, seg in enumerate(item["segs"], start=1):
            el(u, "seg", seg, id=f"{u_id}.{n}")
            stats["seg"] += 1
            stats["words"] += count_words(seg)
        stats["u"] += 1
        policy = policies.get(key) if key else None
        meta_rows.append(_meta_row(tid, u_id, meeting, title, policy, persons.get(speaker) if speaker else None, role))

    for div in body.findall(q("div")):
        if div.find(q("u")) is not None:
            continue
        div.set("type", "commentSection")
        if len(div) == 1 and div[0].tag == q("head"):
            # An item announced with nothing under it: a comment section needs a
            # comment, so its heading is written as one.
            head = div[0]
            el(div, "note", head.text, id=ids.next("note"), type="heading")
            div.remove(head)
            stats["note"] += 1
    if len(body) == 0:  # a document with no paragraph still has a (comment) division
        div = el(body, "div", id=ids.next("d"), type="commentSection")
        el(div, "note", "no text was read from this document", type="editorial", lang="en")
        stats["note"] += 1
    _header(header, meeting, title, body_org, stats, root, today)
    return root, stats, meta_rows


def _reading_order(
    meeting: Meeting, paragraphs: list[dict[str, Any]], interventions: list[dict[str, Any]], headings: set[str]
) -> list[dict[str, Any]]:
    """Utterances and notes in text order.

    An intervention spans its paragraph and the list items it introduces: each
    paragraph it covers is one ``seg``. The text of a paragraph that no
    intervention covers, in whole or in part, becomes a note, so nothing of the
    minutes is dropped.
    """
    items: list[dict[str, Any]] = []
    covered: dict[str, list[tuple[int, int]]] = {}
    for intervention in sorted(interventions, key=lambda i: (i["char_start"], i["char_end"], i["seq"])):
        start, end = intervention["char_start"], intervention["char_end"]
        segs = []
        for p in paragraphs:
            lo, hi = max(start, p["char_start"]), min(end, p["char_end"])
            if lo >= hi or p["paragraph_id"] in headings:  # a heading is the division's head, not speech
                continue
            covered.setdefault(p["paragraph_id"], []).append((lo, hi))
            whole = lo == p["char_start"] and hi == p["char_end"]
            seg = clean_text(p["text"] if whole else meeting.text[lo:hi])
            if seg:
                segs.append(seg)
        if not segs:  # offsets outside every paragraph: keep the intervention's own text
            segs = [clean_text(intervention["text"])] if clean_text(intervention["text"]) else []
        if segs:
            items.append(
                {"kind": "u", "start": start, "policy_id": intervention["policy_id"], "speaker_id": intervention["speaker_id"], "segs": segs}
            )
    for p in paragraphs:
        if p["paragraph_id"] in headings:
            items.append({"kind": "head", "start": p["char_start"], "policy_id": p["policy_id"]})
            continue
        for lo, hi in _uncovered(p["char_start"], p["char_end"], covered.get(p["paragraph_id"], [])):
            whole = lo == p["char_start"] and hi == p["char_end"]
            note = clean_text(p["text"] if whole else meeting.text[lo:hi])
            if note:
                items.append(
                    {"kind": "note", "start": lo, "policy_id": p["policy_id"], "type": NOTE_TYPES.get(p["kind"], "narrative"), "text": note}
                )
    # A heading sorts before what starts at the same offset: it opens its item's division.
    items.sort(key=lambda item: (item["start"], item["kind"] != "head"))
    return items


def _uncovered(start: int, end: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    gaps, cursor = [], start
    for lo, hi in sorted(covered):
        if lo > cursor:
            gaps.append((cursor, lo))
        cursor = max(cursor, hi)
    if cursor < end:
        gaps.append((cursor, end))
    return gaps


def _heading_text(policy: dict[str, Any], paragraphs: list[dict[str, Any]]) -> str:
    """The heading as written (its paragraph), else number and label."""
    for p in paragraphs:
        if p["paragraph_id"] == policy["paragraph_id"]:
            written = clean_text(p["text"])
            if written:
                return written
    label = clean_text(policy["label"])
    return f"{policy['number']}. {label}" if policy["number"] else label


def _sub_title(meeting: Meeting) -> str:
    parts = [meeting.body or meeting.title or "Minutes"]
    if meeting.title and meeting.body and meeting.title != meeting.body:
        parts.insert(0, meeting.title)
    when = f"séance du {meeting.date}" if meeting.date else "séance non datée"
    return clean_text(", ".join([*parts, when]))


def _header(header, meeting: Meeting, title: str, body_org: str | None, stats: Counter, root, today: str) -> None:
    file_desc = el(header, "fileDesc")
    title_stmt = el(file_desc, "titleStmt")
    el(title_stmt, "title", clean_text(meeting.title or meeting.body or "Minutes"), type="main", lang="fr")
    el(title_stmt, "title", title, type="sub", lang="fr")
    el(
        title_stmt, "meeting", clean_text(f"{meeting.body or 'séance'}, {meeting.date or 'non datée'}"),
        n=meeting.date or "undated", corresp=f"#{body_org}" if body_org else None, ana="#parla.sitting", lang="fr",
    )
    edition_extent_publication(file_desc, stats, today)
    bibl = el(el(file_desc, "sourceDesc"), "bibl")
    el(bibl, "title", clean_text(meeting.title or meeting.body or meeting.source), type="main", lang="fr")
    el(bibl, "idno", meeting.doc_id, type="sha256")
    el(bibl, "idno", clean_text(meeting.source), type="path")
    if meeting.date:
        el(bibl, "date", meeting.date, when=meeting.date)

    encoding = el(header, "encodingDesc")
    el(el(encoding, "projectDesc"), "p", "Minutes of meetings read by the minutes pipeline and encoded after the ParlaMint conventions.", lang="en")
    namespace = el(el(encoding, "tagsDecl"), "namespace", name=TEI_NS)
    text = root.find(q("text"))
    usage = Counter(etree.QName(e).localname for e in text.iter() if isinstance(e.tag, str))
    for gi in sorted(usage):
        el(namespace, "tagUsage", gi=gi, occurs=usage[gi])

    setting = el(el(el(header, "profileDesc"), "settingDesc"), "setting")
    el(setting, "name", clean_text(meeting.body or meeting.title or "unknown body"), type="org")
    if meeting.date:
        el(setting, "date", meeting.date, when=meeting.date)
    else:
        el(setting, "date", "non datée")


def _meta_row(tid: str, u_id: str, meeting: Meeting, title: str, policy, person, role: str) -> dict[str, str]:
    row = dict.fromkeys(META_COLUMNS, "-")
    forename, surname = name_parts(person) if person else (None, None)
    row.update(
        Text_ID=tid,
        ID=u_id,
        Title=title,
        Date=meeting.date or "-",
        Body=meeting.body or "-",
        Agenda=clean_text(policy["label"]) if policy else "-",
        Subcorpus="Reference",
        Lang="français",
        Speaker_role="Chairperson" if role == "#chair" else "Regular",
        Speaker_ID=person["person_id"] if person else "-",
        Speaker_name=(", ".join(x for x in (surname, forename) if x) or clean_text(person["name"])) if person else "-",
        Speaker_gender=(gender(person["variants"]) or "-") if person else "-",
    )
    return {key: (val if val else "-") for key, val in row.items()}


def _write_meta(path: Path, rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=META_COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: v.replace("\t", " ") for k, v in row.items()} for row in rows)
    return path
