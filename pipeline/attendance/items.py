"""Attendance lists cut into items: the result and working types, lines and
comma-separated pieces, names glued together, one-person-a-line lists, and
what looks like a sentence or an organisation rather than a name."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipeline.io import read_model_file
from pipeline.lexicon import (
    civilities,
    civility_prefix_re,
    fold,
    is_plural_role,
    is_role,
)
from pipeline.names import parse_person_name
from pipeline.records import (
    AttendanceEntry,
    HeaderCount,
    Mention,
)

STAGE = "minutes.attendance.v1"
# The preamble where chair, secretary, counts and proxies are sought.
PREAMBLE_PARAGRAPHS = 40

PROXY = re.compile(
    r"\s+(?:(?:a\s+)?donn[ée]e?\s+(?:pouvoir|procuration|mandat|sa\s+voix)\s+(?:de\s+vote\s+)?[àa]|repr[ée]sent[ée]e?\s+par|[àa])\s+",
    re.IGNORECASE,
)
# An item that gives the previous person's proxy: "pouvoir donné à M. Y", "représenté par Y".
PROXY_TAIL = re.compile(
    r"^(?i:(?:(?:a\s+)?donn[ée]e?\s+)?(?:pouvoir|procuration|mandat|voix|sa\s+voix)(?:\s+de\s+vote)?\s+(?:donn[ée]e?\s+)?[àa]|repr[ée]sent[ée]e?\s+par)\s+(?P<to>.+)$"
)
PROXY_SENTENCE = re.compile(
    r"(?P<from>(?:(?:M\.|Mme|Monsieur|Madame)\s+)?[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*){0,3})\s+"
    r"(?i:(?:a\s+)?donn[ée]e?\s+(?:pouvoir|procuration)\s+[àa])\s+"
    r"(?P<to>(?:(?:M\.|Mme|Monsieur|Madame)\s+)?[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*){0,3})"
)


@dataclass(slots=True)
class AttendanceResult:
    attendance: list[AttendanceEntry] = field(default_factory=list)
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
    # The same person named again in the preamble ("KERVELLA" listed, then "Madame
    # Chantal KERVELLA a été élue secrétaire"): (item, civility start).
    also: list[tuple[_Item, int]] = field(default_factory=list)
    # Why the reading is less than certain (lowers the row's confidence).
    notes: list[str] = field(default_factory=list)
    is_org: bool = False  # a body listed among the persons: an organisation mention, no row


# --- splitting a list into items -----------------------------------------------


def _split_items(text: str, offset: int, *, by_line: bool) -> list[list[_Item]]:
    """Items of a list (comma-separated), grouped by line when the list is one person a line.

    In a grouped list a line break either separates two items or wraps one
    ("Jean-Marie\nROUSSET"); ``_breaks_before`` tells which.
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


# "Jean-Marie ROUSSET Alain TESSIER": two "Given FAMILY" names with their comma left out.
GLUED_NAME = re.compile(
    r"(?<![\wÀ-ÿ])[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})?(?=\s+[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý]{2,}\b)"
)


@functools.cache
def _inner_civility() -> re.Pattern[str]:
    forms = sorted((c["form"] for c in civilities().values() if c["form"][:1].isupper() and len(c["form"]) > 1), key=len, reverse=True)
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
    if not prev or prev.endswith((",", ";", ".", ":")) or line.lstrip().startswith((",", ";")):
        return True
    if civility_prefix_re().match(line.strip()) or SENTENCE_OPENING.match(line.strip()):
        return True
    if PROXY.search(prev) and PROXY.search(line):
        return True  # "X représenté par Y" a line: proxies listed one a line
    last_piece = re.split(r"[,;]", prev)[-1]
    return is_role(last_piece)


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
        is_plural_role(re.split(r"[,;]", line.rstrip(" ,;."))[-1])
        or sum(1 for item in re.split(r"[,;]", line) if _full_name(item)) >= 3
        for line in lines
    )
    return names >= 0.8 * len(lines) and comma_ends <= len(lines) // 3 and not grouped


def _full_name(text: str) -> bool:
    if _org_like(text):
        return False
    name = parse_person_name(civility_prefix_re().sub("", text.strip()))
    return bool(name and name.given and name.family)


@functools.cache
def _org_forms() -> tuple[str, ...]:
    types = read_model_file("lexicons/organisations.yaml")["types"]
    return tuple(sorted({fold(form) for entry in types for form in entry["forms"]}, key=len, reverse=True))


def _org_like(text: str) -> bool:
    """"Ville de X", "Caisse des dépôts ...": a body, whatever its capitals."""
    folded = fold(text)
    return any(folded == form or folded.startswith(form + " ") for form in _org_forms())
