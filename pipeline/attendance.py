"""Attendance: who was present, excused, absent or represented.

Lists come in three shapes: one person a line ("NOM Prénom, Rôle,
Organisation"), grouped lists where a trailing plural role applies to the
names before it ("M. Georges X, Bernard Y, Adjoints"), and inline lists after
a label ("Présents : Messieurs A, B, Mme C"). Proxies read "X à Y" under a
"Pouvoirs" label or "X donne pouvoir à Y" anywhere in the preamble. The chair
and the secretary named in the preamble are present and get their role.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pipeline import ids
from pipeline.io import read_model_file
from pipeline.ids import fold
from pipeline.names import PersonName, civility_of, is_given_name, parse_person_name
from pipeline.records import (
    AttendanceEntry,
    AttendanceStatus,
    EntityKind,
    HeaderCount,
    Mention,
    Paragraph,
    ParagraphKind,
    Provenance,
    SourceDocument,
)
from pipeline.structure import attendance_status, patterns

STAGE = "minutes.attendance.v1"
# The preamble where chair, secretary, counts and proxies are sought.
PREAMBLE_PARAGRAPHS = 40

PROXY = re.compile(
    r"\s+(?:(?:a\s+)?donn[ée]e?\s+(?:pouvoir|procuration|mandat)\s+(?:de\s+vote\s+)?[àa]|repr[ée]sent[ée]e?\s+par|[àa])\s+",
    re.IGNORECASE,
)
# An item that gives the previous person's proxy: "pouvoir donné à M. Y", "représenté par Y".
PROXY_TAIL = re.compile(
    r"^(?i:(?:(?:a\s+)?donn[ée]e?\s+)?(?:pouvoir|procuration|mandat)(?:\s+de\s+vote)?\s+(?:donn[ée]e?\s+)?[àa]|repr[ée]sent[ée]e?\s+par)\s+(?P<to>.+)$"
)
PROXY_SENTENCE = re.compile(
    r"(?P<from>(?:(?:M\.|Mme|Monsieur|Madame)\s+)?[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*){0,3})\s+"
    r"(?i:(?:a\s+)?donn[ée]e?\s+(?:pouvoir|procuration)\s+[àa])\s+"
    r"(?P<to>(?:(?:M\.|Mme|Monsieur|Madame)\s+)?[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*){0,3})"
)


@dataclass(slots=True)
class AttendanceResult:
    entries: list[AttendanceEntry] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    header_counts: list[HeaderCount] = field(default_factory=list)


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Pending:
    name_item: _Item
    civility_start: int
    status: str
    role: str | None = None
    organisation: _Item | None = None
    proxy: _Item | None = None
    proxy_start: int | None = None  # where the proxy holder's civility starts
    # The same person named again in the preamble ("MORLEC" listed, then "Madame
    # Chantal MORLEC a été élue secrétaire"): (item, civility start).
    also: list[tuple[_Item, int]] = field(default_factory=list)


# --- lexicon ----------------------------------------------------------------


@functools.cache
def _roles() -> tuple[tuple[str, str, bool], ...]:
    """(folded form, canonical role, plural) sorted longest first."""
    data = read_model_file("lexicons/persons.yaml")
    table = []
    for entry in data["roles"]:
        for form in entry["forms"]:
            plural = form.endswith(("s", "x")) and not form.endswith(("ss",)) and fold(form) != fold(entry["role"])
            table.append((fold(form), entry["role"], plural))
    return tuple(sorted(table, key=lambda row: -len(row[0])))


@functools.cache
def _civility_re() -> re.Pattern[str]:
    data = read_model_file("lexicons/persons.yaml")
    forms = sorted(data["civilities"], key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"^(?:(?:{alternatives})(?=\s|$)\s*)+", re.IGNORECASE)


def role_of(text: str) -> str | None:
    """The role a list item names, singular where the list gives a plural."""
    folded = fold(text).strip(" .")
    for form, canonical, plural in _roles():
        if folded == form or folded.startswith(form + " "):
            if not plural:
                return " ".join(text.split()).strip(" .,")
            # "Conseillers municipaux délégués" -> "Conseiller municipal délégué"
            rest = " ".join(text.split()[len(form.split()):]).strip(" .,")
            return " ".join([canonical, *(_singular(word) for word in rest.split())])
    return None


def _singular(word: str) -> str:
    if word.endswith("aux") and len(word) > 4:
        return word[:-3] + "al"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _is_plural_role(text: str) -> bool:
    folded = fold(text).strip(" .")
    return any((folded == form or folded.startswith(form + " ")) and plural for form, _, plural in _roles())


def _is_role(text: str) -> bool:
    folded = fold(text).strip(" .")
    return any(folded == form or folded.startswith(form + " ") for form, _, _ in _roles())


# --- splitting a list into items -----------------------------------------------


def _split_items(text: str, offset: int, *, by_line: bool) -> list[list[_Item]]:
    """Items of a list (comma-separated), grouped by line when the list is one person a line.

    In a grouped list a line break either separates two items or wraps one
    ("Jean-Marie\nGATARD"); ``_breaks_before`` tells which.
    """
    groups: list[list[_Item]] = []
    current: list[_Item] = []
    previous = ""
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        dangling = bool(current) and DANGLING.search(previous) is not None
        if by_line and current and not dangling:
            groups.append(current)
            current = []
        # "pouvoir donné à" ending a line: the holder's name is on the next one.
        wraps = bool(current) and (dangling or (not by_line and not _breaks_before(previous, line)))
        for k, (piece_start, piece) in enumerate(_pieces(line)):
            stripped = piece.strip().rstrip(".").strip()
            if not stripped:
                continue
            start = offset + line_start + piece_start + len(piece) - len(piece.lstrip())
            end = start + len(stripped)
            if k == 0 and wraps:
                prev = current[-1]
                current[-1] = _Item(prev.start, end, f"{prev.text} {stripped}")
                continue
            current.append(_Item(start, end, stripped))
        previous = line
    if current:
        groups.append(current)
    return groups


def _pieces(line: str) -> list[tuple[int, str]]:
    """(start, text) of the comma-separated pieces of a line, also cut where a civility
    opens another person after a role ("Conseillère municipale MME Marie-Josèphe X")."""
    pieces = []
    for match in re.finditer(r"[^,;]+", line):
        inner = [m.start() for m in _inner_civility().finditer(match.group())]
        glued = [m.end() for m in GLUED_NAME.finditer(match.group())]
        cuts = [0, *sorted(set(inner + glued)), len(match.group())]
        for a, b in zip(cuts, cuts[1:]):
            pieces.append((match.start() + a, match.group()[a:b]))
    return pieces


# "Jean-Marie GATARD Alain GUILBAUD": two "Given FAMILY" names with their comma left out.
GLUED_NAME = re.compile(
    r"(?<![\wÀ-ÿ])[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})?(?=\s+[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý]{2,}\b)"
)


@functools.cache
def _inner_civility() -> re.Pattern[str]:
    data = read_model_file("lexicons/persons.yaml")
    forms = sorted((f for f in data["civilities"] if f[:1].isupper() and len(f) > 1), key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    # a civility after a lower-case word (a role), opening a capitalised name
    # (not after "à", "de", "par", "pour", "et": "pouvoir donné à M. Y" names the proxy holder)
    return re.compile(
        rf"(?<=[a-zà-ÿ]\s)(?<!\bà\s)(?<!\ba\s)(?<!\bde\s)(?<!\bpar\s)(?<!\bpour\s)(?<!\bet\s)(?i:{alternatives})(?=\s+[A-ZÀ-Ý])"
    )


# A line ending on a preposition goes on with the next line.
DANGLING = re.compile(r"(?:\s|^)(?:à|a|de|du|par|pour)\s*$", re.IGNORECASE)

# A line opening like a sentence is not the rest of a wrapped name.
SENTENCE_OPENING = re.compile(r"^(?:Le|La|Les|L['’]|Un|Une|Des|Il|Elle|Ils|Elles|On)\b")


FINITE_VERB = re.compile(r"\b(?:est|sont|était|étaient|sera|seront|a|ont|avait|avaient|assiste|assistent|participe|participent)\b")


def _sentence_like(text: str) -> bool:
    """Prose, not a role or a body: a finite verb among several words."""
    return len(text.split()) >= 4 and bool(FINITE_VERB.search(text))


def _breaks_before(previous: str, line: str) -> bool:
    """Does a line break separate two items (rather than wrap one)?"""
    prev = previous.rstrip()
    if not prev or prev.endswith((",", ";", ".", ":")):
        return True
    if _civility_re().match(line.strip()) or SENTENCE_OPENING.match(line.strip()):
        return True
    last_piece = re.split(r"[,;]", prev)[-1]
    return _is_role(last_piece)


def _one_per_line(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    firsts = [re.split(r",", line, maxsplit=1)[0] for line in lines]
    names = sum(1 for first in firsts if parse_person_name(first, allow_bare_family=True))
    # Wrapped group lists end their lines with commas; per-person lines don't.
    comma_ends = sum(1 for line in lines[:-1] if line.rstrip().endswith(","))
    # A line closed by a plural role lists a group: "M. Nicolas X, Lionel Y, Conseillers municipaux";
    # so does a line of three full names.
    grouped = any(
        _is_plural_role(re.split(r"[,;]", line.rstrip(" ,;."))[-1])
        or sum(1 for item in re.split(r"[,;]", line) if _full_name(item)) >= 3
        for line in lines
    )
    return names >= 0.8 * len(lines) and comma_ends <= len(lines) // 3 and not grouped


def _full_name(text: str) -> bool:
    if _org_like(text):
        return False
    name = parse_person_name(_civility_re().sub("", text.strip()))
    return bool(name and name.given and name.family)


@functools.cache
def _org_forms() -> tuple[str, ...]:
    types = read_model_file("lexicons/organisations.yaml")["types"]
    return tuple(sorted({fold(form) for entry in types for form in entry["forms"]}, key=len, reverse=True))


def _org_like(text: str) -> bool:
    """"Ville de X", "Caisse des dépôts ...": a body, whatever its capitals."""
    folded = fold(text)
    return any(folded == form or folded.startswith(form + " ") for form in _org_forms())


# --- the stage -------------------------------------------------------------


def find_attendance(source: SourceDocument, paragraphs: Sequence[Paragraph], *, body: str | None = None) -> AttendanceResult:
    """Attendance rows, with their person (and organisation) mentions and the header counts.

    ``body`` is the meeting's body as the header names it ("Commune de X");
    members listed with a role held within that body belong to it.
    """
    result = AttendanceResult()
    pending: list[_Pending] = []
    for status, text, offset in _segments(source, paragraphs):
        if re.fullmatch(r"\s*\d{1,3}\s*", text):
            continue  # "Présents : 15" is a count, not a list
        text = _restore_line_breaks(text)
        pending += _parse_segment(status, text, offset, by_line=_one_per_line(text))
    preamble = [p for p in paragraphs[:PREAMBLE_PARAGRAPHS] if p.kind != ParagraphKind.TABLE_ROW]
    pending = _add_proxies(source, preamble, pending)
    pending = _add_officers(source, preamble, pending)
    _add_member_body(source, pending, body)
    _emit(source, pending, result)
    result.header_counts = _header_counts(source, preamble)
    return result


def _segments(source: SourceDocument, paragraphs: Sequence[Paragraph]):
    """(status, list text, offset of the text) for every attendance block."""
    status: str | None = None
    chunks: list[tuple[int, int]] = []
    for paragraph in paragraphs:
        if paragraph.kind != ParagraphKind.ATTENDANCE:
            if status and chunks:
                yield status, *_joined(source, chunks)
            status, chunks = None, []
            continue
        for start, end in _label_pieces(source.text, paragraph.char_start, paragraph.char_end):
            raw = source.text[start:end]
            label_status = attendance_status(raw.split("\n")[0])
            if label_status:
                if status and chunks:
                    yield status, *_joined(source, chunks)
                status, chunks = label_status, []
                colon = raw.find(":")
                first_line_end = raw.find("\n") if "\n" in raw else len(raw)
                body_start = colon + 1 if 0 <= colon < first_line_end else first_line_end
                if raw[body_start:].strip():
                    chunks.append((start + body_start, end))
            elif status:
                chunks.append((start, end))
    if status and chunks:
        yield status, *_joined(source, chunks)


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


def _joined(source: SourceDocument, chunks: list[tuple[int, int]]) -> tuple[str, int]:
    # Keep document offsets: the text between chunks is whitespace, kept as is.
    start, end = chunks[0][0], chunks[-1][1]
    text = source.text[start:end]
    return text, start


def _parse_segment(status: str, text: str, offset: int, *, by_line: bool) -> list[_Pending]:
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
                    person and _civility_re().match(piece.text)
                ):
                    # One person a line: what follows the name is role and organisation,
                    # unless a civility opens another person joined onto the line.
                    person = None
                if person and not _is_role(piece.text):
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
                elif group:
                    _attach(group if not by_line else group[-1:], piece, last_in_line=last_in_line)
        if by_line:
            continue
    return found


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


def _listed_name(text: str) -> PersonName | None:
    """A name as a list gives it; a lone known first name ("Yves") is a given name."""
    name = parse_person_name(text, allow_bare_family=True)
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
    civ = _civility_re().match(text)
    bare = text[civ.end():] if civ else text
    if not bare.strip():
        return None
    role = None
    name = parse_person_name(bare, allow_bare_family=True)
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
        if _is_role(tail) and tail[:1].isupper():
            return " ".join(words[:k]), role_of(tail)
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
    role = role_of(text)
    if role and _is_plural_role(text):  # a plural role for the whole group
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
    return bool(words) and words[0][:1].isupper() and not words[0].isupper() and _is_role(words[0])


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


def _add_proxies(source: SourceDocument, preamble: Sequence[Paragraph], pending: list[_Pending]) -> list[_Pending]:
    for paragraph in preamble:
        if paragraph.kind == ParagraphKind.ATTENDANCE and attendance_status(paragraph.text) == AttendanceStatus.REPRESENTED:
            continue  # already read as a list
        for match in PROXY_SENTENCE.finditer(paragraph.text):
            giver = _person_item(_Item(paragraph.char_start + match.start("from"), paragraph.char_start + match.end("from"), match.group("from")))
            holder = _person_item(_Item(paragraph.char_start + match.start("to"), paragraph.char_start + match.end("to"), match.group("to")))
            if giver and holder:
                pending.append(
                    _Pending(giver.item, giver.civility_start, AttendanceStatus.REPRESENTED, proxy=holder.item, proxy_start=holder.civility_start)
                )
    return pending


def _add_officers(source: SourceDocument, preamble: Sequence[Paragraph], pending: list[_Pending]) -> list[_Pending]:
    """The chair and the secretary named in the preamble are present, with their role."""
    p = patterns()
    officer_patterns = [(role, pattern) for role, group in (p.chair, p.secretary) for pattern in group]
    for paragraph in preamble:
        for default_role, pattern in officer_patterns:
            for match in pattern.finditer(paragraph.text):
                start = paragraph.char_start + match.start("name")
                person = _person_item(_Item(start, paragraph.char_start + match.end("name"), match.group("name")))
                if person is None:
                    continue
                role = (match.groupdict().get("role") or "").strip() or default_role
                name = parse_person_name(person.item.text, allow_bare_family=True)
                same = [
                    e for e in pending
                    if name and name.family and fold(parse_person_name(e.name_item.text, allow_bare_family=True).family or "") == fold(name.family)
                    and e.status == AttendanceStatus.PRESENT
                ]
                if same:
                    entry = same[0]
                    entry.role = entry.role or role
                    if person.item.start != entry.name_item.start:
                        entry.also.append((person.item, person.civility_start))
                elif not any(
                    name and name.family and fold(parse_person_name(e.name_item.text, allow_bare_family=True).family or "") == fold(name.family)
                    for e in pending
                ):
                    pending.append(_Pending(person.item, person.civility_start, AttendanceStatus.PRESENT, role=role))
    return pending


def _add_member_body(source: SourceDocument, pending: list[_Pending], body: str | None) -> None:
    """A councillor listed without an organisation belongs to the commune that meets."""
    data = read_model_file("lexicons/persons.yaml")
    if not body or not re.match(data["member_bodies_i"], body, re.IGNORECASE):
        return
    start = source.text.find(body)
    if start < 0:
        return
    item = _Item(start, start + len(body), body)
    members = {fold(role) for role in data["member_roles"]}
    for entry in pending:
        role = role_of(entry.role) if entry.role else None
        canonical = next((c for f, c, _ in _roles() if role and fold(role).startswith(f)), None)
        if entry.organisation is None and canonical and fold(canonical) in members:
            entry.organisation = item


def _emit(source: SourceDocument, pending: list[_Pending], result: AttendanceResult) -> None:
    counter = 0

    def mention(item: _Item, kind: EntityKind, start: int) -> Mention:
        nonlocal counter
        mention_id = ids.doc_scoped(source.doc_id, "ma", counter)
        counter += 1
        text = source.text[start : item.end].replace("\n", " ")
        name = _listed_name(item.text) if kind == EntityKind.PERSON else None
        return Mention(
            mention_id=mention_id,
            doc_id=source.doc_id,
            paragraph_id=None,
            entity_kind=kind,
            text=" ".join(text.split()),
            char_start=start,
            char_end=item.end,
            provenance=Provenance(source.doc_id, source.page_at(start), start, item.end, STAGE),
            given_name=name.given if name else None,
            family_name=name.family if name else None,
            civility=name.civility if name else None,
        )

    for entry in pending:
        person = mention(entry.name_item, EntityKind.PERSON, entry.civility_start)
        again = [mention(item, EntityKind.PERSON, civility_start) for item, civility_start in entry.also]
        # A fuller naming completes the listed one: the "MORLEC" listed is Chantal.
        given = next((m.given_name for m in again if m.given_name), None)
        if given and not person.given_name:
            person = replace(person, given_name=given)
        result.mentions.append(person)
        result.mentions.extend(replace(m, refers_to=person.mention_id) for m in again)
        org = None
        if entry.organisation:
            org = mention(entry.organisation, EntityKind.ORGANISATION, entry.organisation.start)
            result.mentions.append(org)
        proxy = None
        if entry.proxy:
            proxy = mention(entry.proxy, EntityKind.PERSON, entry.proxy_start if entry.proxy_start is not None else entry.proxy.start)
            result.mentions.append(proxy)
        result.entries.append(
            AttendanceEntry(
                doc_id=source.doc_id,
                person_mention_id=person.mention_id,
                name=person.text,
                family_name=person.family_name,
                given_name=person.given_name,
                status=AttendanceStatus(entry.status),
                role=entry.role,
                organisation=org.text if org else None,
                org_mention_id=org.mention_id if org else None,
                proxy_mention_id=proxy.mention_id if proxy else None,
                provenance=person.provenance,
            )
        )


def _header_counts(source: SourceDocument, preamble: Sequence[Paragraph]) -> list[HeaderCount]:
    counts: list[HeaderCount] = []
    seen: set[str] = set()
    for paragraph in preamble:
        for label, pattern in patterns().header_counts:
            if label in seen:
                continue
            match = pattern.search(paragraph.text)
            if match:
                seen.add(label)
                start = paragraph.char_start + match.start()
                end = paragraph.char_start + match.end()
                counts.append(HeaderCount(source.doc_id, label, int(match.group("value")), Provenance(source.doc_id, paragraph.page, start, end, STAGE)))
    return counts
