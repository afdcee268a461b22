"""Attendance segments: the text under each label ("Présents :", "Excusés :"),
and each item of it read as a person with role, organisation and proxy."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.attendance.items import (
    PROXY,
    PROXY_TAIL,
    _Item,
    _one_per_line,
    _org_like,
    _Pending,
    FINITE_VERB,
    _sentence_like,
    _split_items,
)
from pipeline.attendance.separators import BULLET, mask_counts, split_runs, with_commas
from pipeline.lexicon import (
    attendance_status,
    civility_prefix_re,
    is_plural_role,
    is_role,
    listed_role,
    singular_word,
)
from pipeline.names import PersonName, civility_of, is_given_name, parse_person_name
from pipeline.records import (
    AttendanceStatus,
    Paragraph,
    ParagraphKind,
    SourceDocument,
)

# --- attendance labels and segments --------------------------------------------


TABLE_LINE = re.compile(r"^[^\n]*\S[ \t]\|[ \t]\S[^\n]*$|^[ \t]*\|[^\n]*\|[ \t]*$", re.MULTILINE)


@dataclass(slots=True)
class Segment:
    status: str
    text: str  # the list, rewritten with commas between persons (same length as the document's)
    offset: int
    group: str | None = None  # the group heading it sits under ("Bureau", "Membres du CA")
    split_on_capitals: bool = False  # persons told apart by their capitals only


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
            found.extend(_segments_of_block(masked, status, chunks, group))
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


def _segments_of_block(masked: str, status: str, chunks: list[tuple[int, int]], group: str | None) -> list[Segment]:
    """A block's list, cut where a line opens with a group heading ("Invités : X")."""
    # Keep document offsets: the text between chunks is whitespace, kept as is.
    start, end = chunks[0][0], chunks[-1][1]
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
    return Segment(status, split, start, group, split_on_capitals=split != text)


# "Huit procurations sont présentées : X représenté par Y": a sentence leads into the list.
LEAD_IN = re.compile(r"^[^\S\n]*(?P<lead>[^:\n]{6,120}?)\s*:(?!\s*$)", re.MULTILINE)


# A lead-in announces the list ("Huit procurations sont présentées :"); any other
# sentence with a colon ("A été élu secrétaire de séance : X") is not a list.
LEAD_WORDS = re.compile(r"(?i)\b(?:procurations?|pouvoirs?|mandats?|pr[ée]sent|absent|excus|repr[ée]sent|membres|conseill[eè]r|[ée]lu(?:e|es)?s\b|suppl[ée]ant)")


def _without_lead_ins(text: str) -> str:
    for match in reversed(list(LEAD_IN.finditer(text))):
        lead = match.group("lead")
        if len(lead.split()) >= 3 and LEAD_WORDS.search(lead) and not _person_item(_Item(0, len(lead), lead)) and not is_role(lead):
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


# "..., Ville de VALENCIENNES BEULANGEY Gervais, ...": OCR and some exports join the
# lines of a one-person-a-line list; "FAMILY Given," mid-line starts the next person.
NEXT_PERSON = re.compile(
    r"(?<=[\wÀ-ÿ)])[ \t]+(?=[A-ZÀ-Ý]{2,}(?:[-'][A-ZÀ-Ý]{2,})*[ \t]+[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ]+)?[ \t]*,)"
)


def _restore_line_breaks(text: str) -> str:
    """Line breaks put back before each "FAMILY Given," (same length: offsets hold)."""
    if not NEXT_PERSON.search(text):
        return text
    restored = NEXT_PERSON.sub(lambda m: "\n" + m.group()[1:], text)
    # Only a list that then reads one person a line was joined; a grouped list stays as it is.
    return restored if _one_per_line(restored) else text


LABEL_BOUNDARY = re.compile(r"\s+(?=[A-ZÀ-Ý])")
LABEL_COLON = re.compile(r"[^:\n]{0,45}:")


def _label_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph cut where a new status label opens mid-line:
    "Présents : A, B. Absents non excusés : C" holds two lists. Mid-line, a
    label must end with its colon, so a name is never taken for one."""
    cuts = [start]
    for match in LABEL_BOUNDARY.finditer(text, start, end):
        rest = text[match.end() : min(end, match.end() + 80)].split("\n")[0]
        if LABEL_COLON.match(rest) and attendance_status(rest):
            cuts.append(match.end())
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def _parse_segment(status: str, text: str, offset: int, *, by_line: bool, group: str | None = None) -> list[_Pending]:
    found = _parse_items(status, text, offset, by_line=by_line)
    if group:
        for entry in found:
            entry.role = entry.role or group
    return found


def _parse_items(status: str, text: str, offset: int, *, by_line: bool) -> list[_Pending]:
    found: list[_Pending] = []
    for line in _split_items(text, offset, by_line=by_line):
        group: list[_Pending] = []
        for index, item in enumerate(line):
            last_in_line = index == len(line) - 1
            item, aside = _parenthesis(item)
            for piece in _split_and(item):
                tail = PROXY_TAIL.match(piece.text)
                if tail and group:
                    holder = _person_item(_Item(piece.start + tail.start("to"), piece.end, tail.group("to")))
                    if holder:
                        group[-1].status = AttendanceStatus.REPRESENTED
                        group[-1].proxy = holder.item
                        group[-1].proxy_start = holder.civility_start
                        continue
                if status == AttendanceStatus.REPRESENTED or PROXY.search(piece.text):
                    proxy = _split_proxy(piece)
                    if proxy:
                        found.append(proxy)
                        continue
                person = _person_item(piece)
                if by_line and group and not (person and person.given_only and _family_only(group[-1])) and not (
                    person and civility_prefix_re().match(piece.text)
                ):
                    # One person a line: what follows the name is role and organisation,
                    # unless a civility opens another person joined onto the line.
                    person = None
                if person and not is_role(piece.text):
                    if group and group[-1].organisation is None and group[-1].role is None and person.given_only and _family_only(group[-1]):
                        # "DUCROCQ, Christophe": the given name after a comma.
                        last = group[-1]
                        last.name_item = _Item(last.name_item.start, piece.end, last.name_item.text + ", " + piece.text)
                        continue
                    entry = _Pending(name_item=person.item, civility_start=person.civility_start, status=status, role=person.role)
                    group.append(entry)
                    found.append(entry)
                    proxy_tail = PROXY_TAIL.match(aside.text) if aside else None
                    holder = proxy_tail and _person_item(
                        _Item(aside.start + proxy_tail.start("to"), aside.end, proxy_tail.group("to"))
                    )
                    if holder:  # "Mme X (pouvoir à M. Y)"
                        entry.status, entry.proxy, entry.proxy_start = AttendanceStatus.REPRESENTED, holder.item, holder.civility_start
                elif group and not by_line and _lone(group[-1]) and _org_like(ARTICLE.sub("", piece.text)):
                    # "Excusé.e.s : Zélinda, l'association X": in a list of first names a body is
                    # listed for itself, not as someone's organisation.
                    entry = _Pending(name_item=piece, civility_start=piece.start, status=status, is_org=True)
                    found.append(entry)
                elif group:
                    _attach(group if not by_line else group[-1:], piece, last_in_line=last_in_line)
        if by_line:
            continue
    return found


ARTICLE = re.compile(r"^(?i:l['’]\s*|la\s+|le\s+|les\s+)")


def _lone(entry: _Pending) -> bool:
    """A person listed by one name, without civility ("Zélinda")."""
    name = _listed_name(entry.name_item.text)
    return bool(name and not name.civility and bool(name.given) != bool(name.family) and len(entry.name_item.text.split()) == 1)


def _parenthesis(item: _Item) -> tuple[_Item, _Item | None]:
    """"Mathieu FIGINI (pas de pouvoir donné)" -> the name, and what the parenthesis says."""
    open_at = item.text.find("(")
    if open_at <= 0:
        return item, None
    close_at = item.text.find(")", open_at)
    inner_end = close_at if close_at > 0 else len(item.text)
    head = item.text[:open_at].rstrip()
    aside = _Item(item.start + open_at + 1, item.start + inner_end, item.text[open_at + 1 : inner_end].strip())
    return _Item(item.start, item.start + len(head), head), aside


# Initials as OCR and typists leave them: "F DUPUIS" (no dot), "N.ZIANE" (no space), "À. X".
BARE_INITIAL = re.compile(r"(?<![\w.'’-])([A-ZÀ-Ý])(?=\s+[A-ZÀ-Ý]{2})")
GLUED_INITIAL = re.compile(r"(?<![\w.])((?:[A-ZÀ-Ý]\.-?){1,3})(?=[A-ZÀ-Ý]{2})")
OCR_JUNK = re.compile(r"(?<=[A-Z])[$§£€|](?=\.)")


def _name_text(text: str) -> str:
    """The text of a listed name as the name parser reads it (initials repaired)."""
    text = OCR_JUNK.sub("", text)
    text = GLUED_INITIAL.sub(r"\1 ", text)
    text = re.sub(r"(?<![\w.])À\.", "A.", text)
    text = re.sub(r"(?<![\w.])([A-ZÀ-Ý]) \.(?=\s)", r"\1.", text)  # "A . HNAT"
    return BARE_INITIAL.sub(r"\1.", text)


def _listed_name(text: str) -> PersonName | None:
    """A name as a list gives it; a lone known first name ("Yves") is a given name."""
    name = parse_person_name(_name_text(text), allow_bare_family=True)
    lone = name is not None and name.family and not name.given and not name.civility and len(name.family.split()) == 1
    # Lists write family names in capitals: a lone "Nelly" is a first name, known or not.
    if lone and not name.family.isupper() and (is_given_name(name.family) or "-" not in name.family):
        return replace(name, given=name.family, family=None)
    return name


def _family_only(entry: _Pending) -> bool:
    """A family name alone, in capitals: "DUCROCQ" waiting for its ", Christophe"."""
    name = parse_person_name(entry.name_item.text, allow_bare_family=True)
    return bool(name and name.family and not name.given and name.family.isupper())


@dataclass(slots=True)
class _PersonItem:
    item: _Item
    civility_start: int
    given_only: bool
    role: str | None = None  # a role written after the name without a comma


def _person_item(item: _Item) -> _PersonItem | None:
    text = item.text
    civ = civility_prefix_re().match(text)
    bare = text[civ.end():] if civ else text
    if not bare.strip():
        return None
    role = None
    name = parse_person_name(_name_text(bare), allow_bare_family=True)
    if name is None:
        # "MME Régine CORMIER Conseillère municipale": the comma before the role left out.
        bare, role = _trailing_role(bare)
        name = parse_person_name(bare, allow_bare_family=True) if role else None
    if name is None:
        return None
    start = item.start + (civ.end() if civ else 0)
    # "M. MMES Virginie X" lists the civilities of a whole group, and a plural civility
    # ("MMES", "Messieurs") is never one person's: the name starts after them.
    civility_start = start if civ and (len(civ.group().split()) > 1 or _plural_civility(civ.group())) else item.start
    given_only = civ is None and name.family is None or (
        civ is None and len(bare.split()) == 1 and bare[:1].isupper() and not bare.isupper()
    )
    return _PersonItem(_Item(start, start + len(bare.rstrip()), bare.strip()), civility_start, given_only, role)


def _trailing_role(text: str) -> tuple[str, str | None]:
    words = text.split()
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        if is_role(tail) and tail[:1].isupper():
            return " ".join(words[:k]), listed_role(tail)
    return text, None


def _plural_civility(civilities: str) -> bool:
    return (civility_of(civilities.split()[-1]) or {}).get("number") == "plur"


def _split_and(item: _Item) -> list[_Item]:
    """"Philippe MORLEC et Christine ULIVI" -> two items, when both are names."""
    parts = list(re.finditer(r"\s+et\s+", item.text))
    if not parts:
        return [item]
    pieces, last = [], 0
    for match in parts:
        pieces.append((last, match.start()))
        last = match.end()
    pieces.append((last, len(item.text)))
    items = [_Item(item.start + s, item.start + e, item.text[s:e]) for s, e in pieces]
    if all(_person_item(it) or PROXY.search(it.text) for it in items):
        return items
    return [item]


def _split_proxy(item: _Item) -> _Pending | None:
    match = PROXY.search(item.text)
    if not match:
        return None
    giver = _person_item(_Item(item.start, item.start + match.start(), item.text[: match.start()]))
    holder = _person_item(_Item(item.start + match.end(), item.end, item.text[match.end():]))
    if not giver or not holder:
        return None
    return _Pending(
        name_item=giver.item,
        civility_start=giver.civility_start,
        status=AttendanceStatus.REPRESENTED,
        proxy=holder.item,
        proxy_start=holder.civility_start,
    )


def _attach(group: list[_Pending], item: _Item, *, last_in_line: bool) -> None:
    """A role or an organisation item applies to the names before it."""
    text = item.text.strip(" .")
    if _sentence_like(text):
        return  # "Le secrétaire de mairie était présent également": prose after the list
    targets = [entry for entry in group if entry.role is None and entry.organisation is None] or group[-1:]
    role = listed_role(text)
    if role and is_plural_role(text):  # a plural role for the whole group
        for entry in targets:
            entry.role = entry.role or role
        return
    if targets[-1].role is None and (role or _starts_like_role(text)):
        role_text, org_item = _split_role_org(item) if last_in_line else (item.text.strip(" ."), None)
        for entry in targets:
            entry.role = role_text
            if org_item:
                entry.organisation = org_item
        return
    for entry in targets:
        if entry.organisation is None:
            entry.organisation = item
        elif entry.role is None:
            # "Directeur, Ville de X" read in order: the first item was the role.
            entry.role, entry.organisation = entry.organisation.text, item
        else:
            entry.role = f"{entry.role}, {entry.organisation.text}"
            entry.organisation = item


def _starts_like_role(text: str) -> bool:
    """A title written in lower case words (Directeur, Chargée de ...) and not a body."""
    words = text.split()
    return bool(words) and words[0][:1].isupper() and not words[0].isupper() and is_role(words[0])


def _split_role_org(item: _Item) -> tuple[str, _Item | None]:
    """"Chargé des TIC à la DATAR" -> role and organisation; "Délégué Général RAFHAEL" too."""
    text = item.text
    match = re.search(r"\s+(?:à\s+la|à\s+l['’]|au|aux|de\s+la|du)\s+(?=[A-ZÀ-Ý]{2,})", text)
    if not match:
        match = re.search(r"\s+(?=[A-ZÀ-Ý0-9&-]{2,}(?:\s+[A-ZÀ-Ý0-9&-]{2,})*$)", text)
    if match and match.start() > 0:
        org_start = item.start + match.end()
        return text[: match.start()].strip(), _Item(org_start, item.end, text[match.end():].strip())
    return text.strip(" ."), None
