"""Agenda items that carry no number: subject lines and the heading structure.

Structure finds numbered items ("3 - Budget", "2009/134 – ..."). Two classes of
documents have items that no number announces:

- deliberation extracts ("Extrait du registre des délibérations"), one act per
  document, whose item is the subject line "OBJET : ..." (or "Objet :" with the
  subject on the next line), the act's number standing nearby ("n° 75");
- minutes written in markdown or laid out with headings (larger font, bold
  lines), whose items are the headings themselves: associations' notes,
  working groups, bureaux.

Both run only where structure found no numbered item, so a numbered agenda
is never second-guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from pipeline import ids
from pipeline.io import read_model_file
from pipeline.lexicon import structure_patterns
from pipeline.records import Hint, HintKind, Paragraph, ParagraphKind, Policy, Provenance, SourceDocument

STAGE = "minutes.structure.headings.v1"

MAX_ITEM_WORDS = 16
MAX_SUBJECT_WORDS = 40
# How many paragraphs from the subject line the act's number may stand.
NUMBER_REACH = 3
# How many paragraphs after "OBJET :" its subject may stand.
SUBJECT_REACH = 3
# The subject line stands in the extract's header, not in the body of minutes.
SUBJECT_ZONE_CHARS = 2500
# Kinds that never belong to an item (structure's own rule).
OUTSIDE = (ParagraphKind.ATTENDANCE, ParagraphKind.HEADER, ParagraphKind.ANNEX)
# Where the minutes' own title stands, and the date that marks a heading as that title.
TITLE_ZONE_CHARS = 2500
DATED = re.compile(r"\b\d{1,2}(?:er)?\s+[a-zéû]+\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.IGNORECASE)
BARE_NUMBER = re.compile(r"^(\d{1,2})\s+([A-ZÀ-Ý].*)$")


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = read_model_file("patterns/structure.yaml")
    return {
        key: re.compile(data[f"{key}_i"], re.IGNORECASE)
        for key in ("subject_line", "subject_number", "subject_skip", "not_item_heading", "closing_heading")
    }


def add_unnumbered_items(
    source: SourceDocument, paragraphs: list[Paragraph], policies: list[Policy]
) -> tuple[list[Paragraph], list[Policy]]:
    """Paragraphs and policies with subject-line or heading items added, when none is numbered."""
    if policies:
        return paragraphs, policies
    subject = _subject_item(source, paragraphs)
    if subject is not None:
        return subject
    return _heading_items(source, paragraphs)


# --- deliberation extracts ----------------------------------------------------------


def _subject_item(source: SourceDocument, paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Policy]] | None:
    """The one item of a deliberation extract, from its "OBJET :" line."""
    p = _patterns()
    for index, paragraph in enumerate(paragraphs):
        if paragraph.char_start > SUBJECT_ZONE_CHARS:
            return None
        folded = " ".join(paragraph.text.split())
        match = p["subject_line"].match(folded)
        if not match:
            continue
        label, heading_at = match.group("label").strip(" :-–"), index
        for ahead in range(index + 1, min(len(paragraphs), index + 1 + SUBJECT_REACH)):
            if label:
                break
            following = " ".join(paragraphs[ahead].text.split())
            if p["subject_skip"].match(following):
                continue  # the act's preamble, read before the subject in a scan's side block
            # The subject is a title, not a sentence of the act.
            if len(following.split()) <= MAX_SUBJECT_WORDS and not following.endswith("."):
                label, heading_at = following, ahead
            break
        if not label:
            return None
        number = _subject_number(paragraphs[max(0, index - NUMBER_REACH) : heading_at + NUMBER_REACH + 1])
        heading = paragraphs[heading_at]
        policy = Policy(
            policy_id=ids.doc_scoped(source.doc_id, "a", 0),
            doc_id=source.doc_id,
            number=number,
            label=label,
            paragraph_id=heading.paragraph_id,
            provenance=Provenance.within(source, heading.char_start, heading.char_end, STAGE),
        )
        updated = list(paragraphs[:heading_at])
        updated.append(replace(heading, kind=ParagraphKind.HEADING, policy_id=policy.policy_id))
        updated += [_within(q, policy.policy_id) for q in paragraphs[heading_at + 1 :]]
        return updated, [policy]
    return None


def _subject_number(near: list[Paragraph]) -> str | None:
    for paragraph in near:
        match = _patterns()["subject_number"].search(" ".join(paragraph.text.split()))
        if match:
            return " ".join(match.group("number").split())
    return None


def _within(paragraph: Paragraph, policy_id: str | None) -> Paragraph:
    if paragraph.kind in OUTSIDE:
        return paragraph
    return replace(paragraph, policy_id=policy_id)


# --- heading structure ------------------------------------------------------------------


def _covered(hints: tuple[Hint, ...], kind: HintKind, start: int, end: int) -> bool:
    """Does one hint of this kind cover the whole span (a line set apart by its style)?"""
    return any(h.kind == kind and h.char_start <= start and h.char_end >= end for h in hints)


def _starts_heading(hints: tuple[Hint, ...], start: int) -> bool:
    return any(h.kind == HintKind.HEADING and h.char_start <= start < h.char_end for h in hints)


def _is_item_heading(source: SourceDocument, paragraph: Paragraph) -> bool:
    """A short line that the layout sets apart (heading level, bold) and that opens a topic."""
    folded = " ".join(paragraph.text.split()).strip()
    if paragraph.kind in (ParagraphKind.ATTENDANCE, ParagraphKind.ANNEX, ParagraphKind.FOOTNOTE, ParagraphKind.TABLE_ROW):
        return False
    if not folded or len(folded.split()) > MAX_ITEM_WORDS or folded.endswith((".", ",", ";")):
        return False
    styled = _starts_heading(source.hints, paragraph.char_start) or _covered(
        source.hints, HintKind.BOLD, paragraph.char_start, paragraph.char_end
    )
    p = _patterns()
    if paragraph.char_start < TITLE_ZONE_CHARS and structure_patterns().title_words.search(folded) and DATED.search(folded):
        return False  # the minutes' own title ("Conseil municipal du 4 juin 2021")
    return styled and not p["not_item_heading"].match(folded) and not p["closing_heading"].match(folded)


def _has_prose(section: list[Paragraph]) -> bool:
    """A topic's content: a paragraph, or list items longer than names ("- Marie")."""
    if any(q.kind == ParagraphKind.PARAGRAPH for q in section):
        return True
    items = [q for q in section if q.kind == ParagraphKind.LIST_ITEM]
    return bool(items) and sum(len(q.text.split()) for q in items) / len(items) >= 6


def _heading_items(source: SourceDocument, paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Policy]]:
    """Every heading that opens content (or opens a group of such headings) is an item."""
    heads = [i for i, q in enumerate(paragraphs) if _is_item_heading(source, q)]
    closing = _patterns()["closing_heading"]
    # A closing heading or an annex ends the last item.
    stops = [i for i, q in enumerate(paragraphs) if q.kind == ParagraphKind.ANNEX or closing.match(q.text.strip())]
    items: list[int] = []
    for n, index in enumerate(heads):
        end = min([i for i in heads[n + 1 :] + stops if i > index] or [len(paragraphs)])
        section = paragraphs[index + 1 : end]
        grouped = not section and n + 1 < len(heads) and heads[n + 1] == index + 1
        if _has_prose(section) or (grouped and items_follow(paragraphs, heads, n, source)):
            items.append(index)
    if len(items) < 2:
        return paragraphs, []
    policies: list[Policy] = []
    updated = list(paragraphs)
    current: str | None = None
    starts = {index: len(policies) for index in items}
    order = 0
    for index, paragraph in enumerate(paragraphs):
        if index in stops:
            current = None
        if index in starts:
            order += 1
            current = ids.doc_scoped(source.doc_id, "a", order - 1)
            label = " ".join(paragraph.text.split()).strip(" :")
            # "1 Subventions associatives": a number with no punctuation, which the numbered
            # patterns leave alone (a figure opening a sentence), is the item's number here.
            numbered = BARE_NUMBER.match(label)
            policies.append(
                Policy(
                    policy_id=current,
                    doc_id=source.doc_id,
                    number=numbered.group(1) if numbered else str(order),
                    label=numbered.group(2) if numbered else label,
                    paragraph_id=paragraph.paragraph_id,
                    provenance=Provenance.within(source, paragraph.char_start, paragraph.char_end, STAGE),
                )
            )
            updated[index] = replace(paragraph, kind=ParagraphKind.HEADING, policy_id=current)
            continue
        if current is not None and paragraph.policy_id is None:
            updated[index] = _within(paragraph, current)
    return updated, policies


def items_follow(paragraphs: list[Paragraph], heads: list[int], n: int, source: SourceDocument) -> bool:
    """A group heading counts when the heading right under it opens content."""
    following = heads[n + 1]
    end = min([i for i in heads[n + 2 :] if i > following] or [len(paragraphs)])
    return _has_prose(paragraphs[following + 1 : end])
