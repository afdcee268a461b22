"""Attendance blocks: where each list is. A status label opens a block in any
paragraph; the block runs on through lists of names, under group headings, and
ends at prose. Each block's text is rewritten with commas between persons
(:mod:`pipeline.attendance.separators`) before its items are read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.attendance.items import FINITE_VERB, PROXY, _Item, _sentence_like
from pipeline.attendance.segments import _label_pieces, _person_item
from pipeline.attendance.separators import BULLET, FENCE, mask_counts, split_runs, with_commas
from pipeline.lexicon import attendance_status, is_plural_role, is_role, listed_role, singular_word
from pipeline.names import is_given_name, parse_person_name
from pipeline.records import Paragraph, ParagraphKind, SourceDocument

TABLE_LINE = re.compile(r"^[^\n]*\S[ \t]\|[ \t]\S[^\n]*$|^[ \t]*\|[^\n]*\|[ \t]*$", re.MULTILINE)


@dataclass(slots=True)
class Segment:
    status: str
    text: str  # the list, rewritten with commas between persons (same length as the document's)
    offset: int
    group: str | None = None  # the group heading it sits under ("Bureau", "Membres du CA")
    split_without_separator: bool = False  # persons told apart by capitals or known given names only


def _segments(source: SourceDocument, paragraphs: Sequence[Paragraph]) -> list[Segment]:
    """Every list under an attendance label.

    A label opens a block in any paragraph (the structure stage may call it a
    heading, a header or a paragraph); the block runs on through the paragraphs
    that read as lists of names, under group headings ("Bureau", "Invités")
    that give their members a role, and stops at the first prose or heading
    followed by prose.
    """
    masked = mask_counts(source.text)
    found: list[Segment] = []
    status: str | None = None
    group: str | None = None
    chunks: list[tuple[int, int]] = []

    def flush() -> None:
        nonlocal chunks
        if status and chunks:
            found.extend(_segments_of_block(masked, source.text, status, chunks, group))
        chunks = []

    for index, paragraph in enumerate(paragraphs):
        raw = masked[paragraph.char_start : paragraph.char_end]
        first_line = _label_line(raw.strip())
        if TABLE_LINE.search(raw):
            flush()  # a table: read by pipeline.attendance.tables
            status, group = None, None
            continue
        if attendance_status(first_line) is None and status is not None:
            # Inside a block: a group heading, more of the list, or the end.
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            bulleted = paragraph.kind == ParagraphKind.LIST_ITEM or BULLET.match(raw) is not None
            heading = _group_heading(raw) if "\n" not in raw.strip() and not bulleted else None
            if heading and following is not None and _list_like(masked[following.char_start : following.char_end]):
                flush()
                group = heading
                continue
            if paragraph.kind != ParagraphKind.ATTENDANCE:
                if _list_like(raw):
                    chunks.append((paragraph.char_start, paragraph.char_end))
                else:
                    flush()
                    status, group = None, None
                continue
        elif attendance_status(first_line) is None and paragraph.kind != ParagraphKind.ATTENDANCE:
            continue
        for start, end in _label_pieces(masked, paragraph.char_start, paragraph.char_end):
            piece = masked[start:end]
            label_status = attendance_status(_label_line(piece))
            if label_status:
                flush()
                status, group = label_status, None
                first_line_end = _label_end(piece)
                colon = piece.find(":")
                body_start = colon + 1 if 0 <= colon < first_line_end else first_line_end
                body = piece[body_start:].strip()
                # "Présences\n\nBureau": a heading-style label, then the first group's heading
                if body and colon < 0 and "\n" not in body and _group_heading(body):
                    group = _group_heading(body)
                elif body:
                    chunks.append((start + body_start, end))
            elif status:
                chunks.append((start, end))
    flush()
    return found


# "Membres du CA : X, Y" inside a list: a group heading that opens its line.
GROUP_LEAD = re.compile(r"^[^\S\n]*(?P<lead>[^:\n,;]{2,60}?)\s*:", re.MULTILINE)


def _label_end(text: str) -> int:
    """Where a label's line ends: at the first line break outside parentheses
    ("Représentés (au sens de l'article ...\nTerritoriales) :" is one label)."""
    depth = 0
    for k, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "\n" and depth <= 0:
            return k
    return len(text)


def _label_line(text: str) -> str:
    return " ".join(text[: _label_end(text)].split())


def _segments_of_block(masked: str, original: str, status: str, chunks: list[tuple[int, int]], group: str | None) -> list[Segment]:
    """A block's list, cut where a line opens with a group heading ("Invités : X")."""
    # Keep document offsets: the text between chunks is whitespace, kept as is.
    start, end = chunks[0][0], chunks[-1][1]
    fence = FENCE.search(original, start, end)
    if fence and original[start : fence.start()].strip():
        end = fence.start()  # a markdown code fence closes the list
    cuts: list[tuple[int, int, str | None]] = []  # (list start, list end, group)
    begin, current = start, group
    for match in GROUP_LEAD.finditer(masked, start, end):
        lead = match.group("lead")
        if is_role(lead) and not is_plural_role(lead):
            # "Secrétaire de séance : X": one officer named, not a group of the list
            line_end = masked.find("\n", match.end(), end)
            line_end = end if line_end < 0 else line_end
            masked = masked[: match.start()] + re.sub(r"[^\n]", " ", masked[match.start() : line_end]) + masked[line_end:]
            continue
        heading = _group_heading(lead)
        if heading is None or attendance_status(lead):
            continue
        cuts.append((begin, start + (match.start() - start), current))
        begin, current = match.end(), heading
    cuts.append((begin, end, current))
    return [_segment(masked, status, a, b, g) for a, b, g in cuts if masked[a:b].strip()]


def _segment(masked: str, status: str, start: int, end: int, group: str | None) -> Segment:
    text = _without_lead_ins(with_commas(masked[start:end]))
    split = split_runs(text)
    return Segment(status, split, start, group, split_without_separator=split != text)


# "Huit procurations sont présentées : X représenté par Y": a sentence leads into the list.
LEAD_IN = re.compile(r"^[^\S\n]*(?P<lead>[^:\n]{6,120}?)\s*:(?!\s*$)", re.MULTILINE)


# A lead-in announces the list ("Huit procurations sont présentées :"); any other
# sentence with a colon ("A été élu secrétaire de séance : X") is not a list.
LEAD_WORDS = re.compile(r"(?i)\b(?:procurations?|pouvoirs?|mandats?|pr[ée]sent|absent|excus|repr[ée]sent|membres|conseill[eè]r|[ée]lu(?:e|es)?s\b|suppl[ée]ant)")


def _without_lead_ins(text: str) -> str:
    for match in reversed(list(LEAD_IN.finditer(text))):
        lead = match.group("lead")
        sentence = 3 <= len(lead.split()) <= 12 and FINITE_VERB.search(lead) and not re.search(r"[()/,;]", lead)
        if sentence and LEAD_WORDS.search(lead) and not _person_item(_Item(0, len(lead), lead)) and not is_role(lead):
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return text


def _group_heading(text: str) -> str | None:
    """A short heading over part of a list ("Bureau", "Chargés de mission",
    "Membres du CA :"), as the role its members hold; None for a name or a label."""
    words = " ".join(text.replace("#", " ").split()).strip(" :.-")
    if not words or "," in words or ";" in words or len(words.split()) > 5 or any(ch.isdigit() for ch in words) or attendance_status(words):
        return None
    if not words[0].isupper() or words.isupper() and len(words.split()) > 2 or FINITE_VERB.search(words):
        return None  # a sentence ("Deux procurations sont présentées"), or capitals of a heading
    role = listed_role(words) if is_role(words) else None
    if role:
        return role
    if parse_person_name(words) is not None or is_given_name(words.split()[0]):
        return None
    first, *rest = words.split()
    return " ".join([singular_word(first), *rest])


def _list_like(text: str) -> bool:
    """Does a paragraph read as a list of names (and roles), not as prose?"""
    rewritten = split_runs(_without_lead_ins(with_commas(text)))
    pieces = [p.strip(" .") for p in re.split(r"[,;\n]", rewritten) if p.strip(" .")]
    if not pieces:
        return False
    names = sum(1 for p in pieces if (_person_item(_Item(0, len(p), p)) or PROXY.search(p)) and not _sentence_like(p))
    prose = sum(1 for p in pieces if _sentence_like(p) or len(p.split()) > 8)
    return names >= 1 and prose == 0 and names >= 0.5 * len(pieces)
