"""Structure: paragraphs, their kinds, agenda items and the meeting header.

Input is a :class:`SourceDocument` whose text has paragraphs separated by
blank lines (ingest's job). A block is split further where a line opens a
list item, an attendance label, an agenda heading or a footnote, because
those lines are units of their own whatever the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import ids
from pipeline.heading_items import add_unnumbered_items
from pipeline.lexicon import attendance_status
from pipeline.lexicon import structure_patterns as patterns
from pipeline.meeting_date import iso_date, meeting_date_from_header
from pipeline.names import parse_person_name
from pipeline.records import (
    Hint,
    Meeting,
    Paragraph,
    ParagraphKind,
    Policy,
    Provenance,
    SourceDocument,
)

STAGE = "minutes.structure.v1"

# A heading is short: longer lines are prose even when they open with a number.
MAX_HEADING_CHARS = 220
MAX_TITLE_WORDS = 14
# How far into the document the meeting header (title, body, date) is sought.
HEADER_ZONE_CHARS = 2500


@dataclass(frozen=True, slots=True)
class Structure:
    meeting: Meeting
    paragraphs: list[Paragraph]
    policies: list[Policy]


def agenda_heading(text: str) -> tuple[str, str] | None:
    """(number, label) when the line has the shape of a numbered agenda item."""
    line = " ".join(text.split())
    if len(line) > MAX_HEADING_CHARS:
        return None
    for pattern in patterns().agenda:
        match = pattern.match(line)
        if match:
            label = match.group("label")
            # "A/ Nomination d'un référent : David X sera le correspondant ...": the item's
            # title stops where its content starts.
            head, colon, rest = label.partition(" : ")
            if colon and len(rest.split()) >= 4 and (rest.rstrip().endswith(".") or CLAUSE_VERB.search(rest)):
                label = head
            label = label.strip(" «»\"“”:.-–")
            if label:
                return " ".join(match.group("number").split()), label
    return None


# A finite verb: what follows a heading's colon is a sentence, not more of the title.
CLAUSE_VERB = re.compile(r"\b(?:est|sont|sera|seront|était|a|ont|fait|font|reste|restent|doit|doivent)\b")


def _upper_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0


def _looks_like_heading(text: str) -> bool:
    """A short line, mostly capitals, with no sentence-final full stop."""
    words = text.split()
    return (
        0 < len(words) <= MAX_TITLE_WORDS
        and _upper_ratio(text) >= 0.75
        and not text.rstrip().endswith((".", ",", ";"))
        and sum(ch.isalpha() for ch in text) >= 4
    )


# --- splitting into units ----------------------------------------------------


def _opens_unit(line: str) -> bool:
    p = patterns()
    stripped = line.strip()
    return bool(
        p.bullet.match(stripped)
        or p.footnote.match(stripped)
        or attendance_status(stripped)
        or agenda_heading(stripped)
    )


def _units(text: str, hints: tuple[Hint, ...] = ()) -> list[tuple[int, int]]:
    """Spans of paragraph units: blank-line blocks, split before structural lines."""
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start = block.start()
        pos = start
        lines = block.group().split("\n")
        unit_start = start
        previous = ""
        for i, line in enumerate(lines):
            if i > 0 and line.strip() and (
                _opens_unit(line) or previous.rstrip().endswith(":") or _looks_like_heading(previous)
            ):
                spans.append((unit_start, pos - 1))
                unit_start = pos
            pos += len(line) + 1
            if line.strip():
                previous = line
        spans.append((unit_start, block.end()))
    trimmed = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if e - trail > s + lead:
            trimmed.append((s + lead, e - trail))
    return _merge_label_runs(text, trimmed, hints)


MAX_LABEL_WORDS = 8


def _label_like(line: str) -> bool:
    """A short line that is no sentence, heading, list item or list label:
    "Convocation :", "6 octobre 2009", "Accusé de réception en préfecture"."""
    words = line.split()
    return (
        0 < len(words) <= MAX_LABEL_WORDS
        and not line.rstrip().endswith((".", ";", "!", "?", ","))
        and not _opens_unit(line)
        and not _looks_like_heading(line)
        and " | " not in line
    )


def _merge_label_runs(text: str, spans: list[tuple[int, int]], hints: tuple[Hint, ...] = ()) -> list[tuple[int, int]]:
    """Consecutive label/value lines (a stamp box, "Convocation :" then its date) are one unit."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not (_set_apart(hints, start, end) or _set_apart(hints, *merged[-1])):
            prev_start, prev_end = merged[-1]
            last_line = text[prev_start:prev_end].split("\n")[-1]
            if _label_like(last_line) and _label_like(text[start:end]) and "\n" not in text[start:end]:
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


def _hinted(hints: tuple[Hint, ...], kind: str, start: int, end: int) -> bool:
    """Does a hint of this kind cover the start of the span?"""
    return any(h.kind == kind and h.char_start <= start < h.char_end for h in hints)


def _set_apart(hints: tuple[Hint, ...], start: int, end: int) -> bool:  # a heading, a line wholly in bold
    return _hinted(hints, "heading", start, end) or any(h.kind == "bold" and h.char_start <= start and end <= h.char_end for h in hints)


def _bold_prefix(hints: tuple[Hint, ...], text: str, start: int, end: int) -> str | None:
    for h in hints:
        if h.kind == "bold" and start <= h.char_start < min(end, start + 120):
            return text[h.char_start : min(h.char_end, end)]
    return None


# --- the stage --------------------------------------------------------------------


def build_structure(source: SourceDocument) -> Structure:
    p = patterns()
    text = source.text
    paragraphs: list[Paragraph] = []
    policies: list[Policy] = []
    policy_id: str | None = None
    last_agenda_number: int | None = None
    agenda_parent: Policy | None = None  # the last numbered item, parent of sub-items
    intro_id: str | None = None  # paragraph that introduces a list
    in_annex = False
    in_footnote = False
    attendance_block = False
    body_started = False
    title_line = _first_line(text)

    for seq, (start, end) in enumerate(_units(text, source.hints)):
        raw = text[start:end]
        flat = raw.replace("\n", " ")
        folded = " ".join(flat.split())
        kind = ParagraphKind.PARAGRAPH
        parent_id = None
        paragraph_id = ids.doc_scoped(source.doc_id, "p", seq)
        agenda = agenda_heading(folded)

        if in_annex or p.annex.match(folded):
            in_annex = True
            kind = ParagraphKind.ANNEX
        elif _hinted(source.hints, "table_row", start, end):
            kind = ParagraphKind.TABLE_ROW
        elif p.footnote.match(folded) or _hinted(source.hints, "footnote", start, end):
            kind = ParagraphKind.FOOTNOTE
            in_footnote = True
        elif in_footnote and (folded.startswith(("«", '"', "“")) or re.match(r"^\d{1,2}°", folded)):
            # Quoted legal text and its numbered articles continue a footnote.
            kind = ParagraphKind.FOOTNOTE
        elif attendance_status(folded):
            kind = ParagraphKind.ATTENDANCE
            attendance_block = True
        elif attendance_block and all(_is_name_list(line) for line in raw.split("\n") if line.strip()):
            kind = ParagraphKind.ATTENDANCE
        elif folded == title_line and seq > 0:
            kind = ParagraphKind.HEADER  # the title repeated as a running header
        elif agenda and _subdivision(agenda[0], agenda_parent, last_agenda_number):
            kind = ParagraphKind.HEADING  # "I. ...", "A) ..." inside an item's report: part of that item
        elif agenda and _accept_agenda(folded, agenda[0], agenda[1], last_agenda_number, paragraphs):
            kind = ParagraphKind.HEADING
            number, label = agenda[0], _heading_label(raw, agenda[1])
            last_agenda_number = _as_int(number) or last_agenda_number
            policy_id = ids.doc_scoped(source.doc_id, "a", len(policies))
            agenda_parent = Policy(
                policy_id=policy_id,
                doc_id=source.doc_id,
                number=number,
                label=label,
                paragraph_id=paragraph_id,
                provenance=Provenance.within(source, start, end, STAGE),
            )
            policies.append(agenda_parent)
        elif p.bullet.match(folded) and (intro_id or paragraphs):
            kind = ParagraphKind.LIST_ITEM
            parent_id = intro_id or next(
                (q.paragraph_id for q in reversed(paragraphs) if q.kind != ParagraphKind.LIST_ITEM), paragraphs[-1].paragraph_id
            )
        elif _hinted(source.hints, "heading", start, end) or _looks_like_heading(folded) or p.presentation.match(folded):
            kind = ParagraphKind.HEADING
            parent = agenda_parent
            if (
                parent
                and MISCELLANEOUS.search(parent.label)
                and _hinted(source.hints, "heading", start, end)
                and not p.closing.match(folded)
                and not folded.endswith(":")
            ):
                # "Questions diverses" then "##### Prêt de matériel": each topic is an item of its own.
                siblings = sum(1 for a in policies if a.number and parent.number and a.number.startswith(parent.number))
                policy_id = ids.doc_scoped(source.doc_id, "a", len(policies))
                policies.append(
                    Policy(
                        policy_id=policy_id,
                        doc_id=source.doc_id,
                        number=f"{parent.number}{chr(ord('a') + siblings - 1)}" if parent.number else None,
                        label=folded.strip(" :"),
                        paragraph_id=paragraph_id,
                        provenance=Provenance.within(source, start, end, STAGE),
                    )
                )
        elif not body_started and start < HEADER_ZONE_CHARS and len(folded.split()) <= MAX_TITLE_WORDS and not folded.endswith((".", ":")):
            kind = ParagraphKind.HEADER
        elif "\n" in raw and all(_label_like(line) for line in raw.split("\n") if line.strip()):
            kind = ParagraphKind.HEADER  # a box of labels and values (a stamp, a date of posting), no prose

        # A footnote runs on through quoted text; an attendance block through its lists.
        if kind != ParagraphKind.FOOTNOTE and not (kind == ParagraphKind.PARAGRAPH and folded.startswith("«")):
            in_footnote = False
        if kind != ParagraphKind.ATTENDANCE:
            attendance_block = False
        if kind == ParagraphKind.PARAGRAPH:
            body_started = True
            intro_id = paragraph_id if folded.rstrip().endswith(":") else None
        elif kind not in (ParagraphKind.LIST_ITEM, ParagraphKind.FOOTNOTE, ParagraphKind.TABLE_ROW):
            intro_id = None
        if kind == ParagraphKind.HEADING and agenda is None and p.presentation.match(folded):
            policy_id = None
        if kind in (ParagraphKind.ANNEX,):
            policy_id = None

        paragraphs.append(
            Paragraph(
                paragraph_id=paragraph_id,
                doc_id=source.doc_id,
                seq=seq,
                page=source.page_at(start),
                kind=kind,
                text=flat,
                char_start=start,
                char_end=end,
                policy_id=policy_id if kind not in (ParagraphKind.ATTENDANCE, ParagraphKind.HEADER, ParagraphKind.ANNEX) else None,
                bold_prefix=_bold_prefix(source.hints, text, start, end),
                parent_id=parent_id,
            )
        )

    paragraphs, policies = add_unnumbered_items(source, paragraphs, policies)
    meeting = find_meeting(source, paragraphs)
    return Structure(meeting=meeting, paragraphs=paragraphs, policies=policies)


def _subdivision(number: str, parent: Policy | None, last: int | None) -> bool:
    """A letter or Roman numeral under an item numbered in figures ("7- Frais", "I. Modalités",
    "A) Repas") divides that item's report; under "Questions diverses" letters open items."""
    if parent is None or last is None or not re.fullmatch(r"[A-H]|[IVXL]+", number):
        return False
    return not MISCELLANEOUS.search(parent.label)


def _heading_label(raw: str, label: str) -> str:
    """The first line when the next one opens a subtitle with a capital ("12- Société X (SX)" /
    "Désignation des représentants"); a heading wrapped mid-phrase runs on in lowercase."""
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    if len(lines) < 2 or not lines[1][:1].isupper() or _upper_ratio(lines[1]) >= 0.75:
        return label
    head = agenda_heading(lines[0])
    return head[1] if head and label.startswith(head[1]) else label


def _as_int(number: str) -> int | None:
    match = re.match(r"\d+", number)
    if match and "/" not in number and "-" not in number:
        return int(match.group())
    return None


# Items that gather several topics; their sub-headings are items of their own.
MISCELLANEOUS = re.compile(r"\b(?:divers(?:es)?|informations?|questions?\s+diverses|points?\s+divers)\b", re.IGNORECASE)
AGENDA_KEYWORD = re.compile(r"^(?:point|question|objet|dossier|r[ée]solution|d[ée]lib[ée]ration)\b", re.IGNORECASE)


def _accept_agenda(heading: str, number: str, label: str, last: int | None, previous: list[Paragraph]) -> bool:
    """Tell agenda items from numbered lists: capitals, or a consistent numbering."""
    if not re.match(r"^\d+$|^\d+\s*(?:bis|ter)$|^[IVXL]+$", number):
        return True  # deliberation numbers like 2009/134 are agenda items by shape
    if AGENDA_KEYWORD.match(heading):
        return True  # "Point 3", "Résolution 4": the word says it
    value = _as_int(number)
    # One number may be skipped: OCR loses an item's number now and then ("9, Attribution").
    continues = value is not None and last is not None and value in (last, last + 1, last + 2)
    starts = value is not None and last is None and value <= 1
    capitals = _upper_ratio(label) >= 0.6
    after_intro = bool(previous) and previous[-1].text.rstrip().endswith(":") and previous[-1].kind != ParagraphKind.HEADING
    if re.match(r"^[IVXL]+$", number):
        return capitals or not after_intro
    if after_intro and not capitals:
        return False
    if capitals and (continues or starts or last is None):
        return True
    return (continues or starts) and not label.rstrip().endswith((".", ";", ","))


def _is_name_list(text: str) -> bool:
    """A line of an attendance list: names, roles, organisations, no sentence."""
    # An aside such as "(prend part au vote jusqu'à ... puis est excusée)" is no part of the list.
    text = re.sub(r"\([^)]*\)?", "", text)
    words = text.split()
    if not words or len(words) > 40 or text.rstrip().endswith((":",)):
        return False
    verbs = re.search(r"\b(?:est|sont|a|ont|été|sera|présente|expose|précise|décide)\b", text)
    if verbs:
        return False
    first_item = re.split(r"[,;]", text, maxsplit=1)[0]
    if parse_person_name(first_item, allow_bare_family=True):
        return True
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised / len(words) >= 0.4


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return " ".join(line.split())
    return ""


# --- meeting header ------------------------------------------------------------------


MEETING_KINDS = re.compile(
    r"\b(conseil\s+(?:municipal|communautaire|r[ée]gional|g[ée]n[ée]ral|d[ée]partemental|d'administration|syndical)"
    r"|assembl[ée]e\s+g[ée]n[ée]rale(?:\s+(?:ordinaire|extraordinaire))?"
    r"|groupe\s+de\s+travail(?:\s+[\wÀ-ÿ-]+){0,4}"
    r"|comit[ée](?:\s+[\wÀ-ÿ-]+){0,3}|bureau(?:\s+[\wÀ-ÿ-]+){0,2}|commission(?:\s+[\wÀ-ÿ-]+){0,3}"
    r"|r[ée]union(?:\s+[\wÀ-ÿ-]+){0,3})",
    re.IGNORECASE,
)
DATE_TAIL = re.compile(
    r"\s*(?:[-–,]?\s*(?:du|de\s+la\s+s[ée]ance\s+du|s[ée]ance\s+du|en\s+date\s+du)?\s*)?"
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b.*|\d{1,2}(?:er)?\s.*|\d{1,2}/\d{1,2}/\d{2,4}.*)$",
    re.IGNORECASE,
)


def find_meeting(source: SourceDocument, paragraphs: list[Paragraph]) -> Meeting:
    zone = source.text[:HEADER_ZONE_CHARS]
    metadata = dict(getattr(source, "metadata", ()) or ())
    # The text's title wins over the front matter's (a page title), unless it is a bare section heading.
    title = _find_title(paragraphs)
    if metadata.get("title") and (title is None or len(title.split()) == 1):
        title = metadata["title"]
    body = _find_body(zone)
    # The front matter's date is the author's own statement of it (markdown notes).
    meeting_date = iso_date(str(metadata["date"])) if metadata.get("date") else None
    meeting_date = meeting_date or meeting_date_from_header(zone)
    if meeting_date is None and metadata.get("date"):
        meeting_date = meeting_date_from_header(str(metadata["date"]))
    return Meeting(
        doc_id=source.doc_id,
        title=title,
        body=body,
        meeting_date=meeting_date.isoformat() if meeting_date else None,
        provenance=Provenance(source.doc_id, 1, 0, min(len(source.text), HEADER_ZONE_CHARS), STAGE),
    )


def _find_title(paragraphs: list[Paragraph]) -> str | None:
    for paragraph in paragraphs[:25]:
        if paragraph.kind not in (ParagraphKind.HEADER, ParagraphKind.HEADING):
            continue
        for line in paragraph.text.split("  "):
            match = MEETING_KINDS.search(line)
            if match and len(line.split()) <= MAX_TITLE_WORDS + 4:
                title = DATE_TAIL.sub("", line[match.start():]).strip(" -–:,")
                if title:
                    return title
    return None


def _find_body(zone: str) -> str | None:
    for pattern in patterns().body:
        match = pattern.search(zone)
        if match:
            return " ".join(match.group("body").split())
    return None
