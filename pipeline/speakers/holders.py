"""Role holders of one meeting: who the document itself says holds each role.

"Monsieur le Maire indique ..." names a person only through the meeting: the
minutes say who holds the role somewhere else, and this module reads where.
Evidence, strongest first:

1. the chair statement of the preamble ("sous la présidence de Monsieur le
   Maire, Jean DUPONT", "séance présidée par Mme Anne MARTIN, Présidente"):
   the chair also holds "Président" unless the document names another one;
2. the attendance list's roles ("M. Jean DUPONT, Maire");
3. appositions and signatures anywhere in the text ("Jean DUPONT, Maire",
   "Le Président,\\nJean DUPONT"), and the secretary's designation
   ("Mme Anne MARTIN est désignée secrétaire de séance").

A role resolves only when its evidence names one person: two different
holders at the strongest level that names any leave the role unresolved
(a wrong person is worse than a role). Only roles one person holds at a time
resolve this way (a council has many deputies and members, one mayor).
Serves every kind of minutes: municipal and intercommunal councils (maire,
président), association boards (président, secrétaire, trésorier).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.lexicon import civility_alternation, fold, not_names, role_alternation, role_of, structure_patterns
from pipeline.names import parse_person_name
from pipeline.records import AttendanceEntry

# Roles one person holds at a time within a meeting.
SINGLE_HOLDER_ROLES = frozenset({"Maire", "Président", "Secrétaire", "Trésorier", "Préfet"})
CHAIR_ROLE = "Président"

CHAIR, LISTED, STATED = 3, 2, 1  # strength of the evidence


@dataclass(frozen=True, slots=True)
class Holder:
    role: str  # canonical role ("Maire")
    name: str  # the holder's name as written
    start: int  # offsets of the name in the document text
    end: int
    strength: int
    mention_id: str | None = None  # the attendance mention, when the holder is on the list


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    civ = rf"(?:(?:{civility_alternation()})\s+)"
    # A name's words: capitalised words or initials ("J.-P."), on one line or wrapped once.
    token = r"(?:[A-ZÀ-Ý]\.(?:-[A-ZÀ-Ý]\.)?|[A-ZÀ-Ý][\w’'\-]*)"
    # OCR spaces hyphens out ("Jean - Pierre").
    gap = r"(?:[ \t]*-[ \t]*|[ \t]+|[ \t]*\n[ \t]*)"
    name = rf"(?P<name>{civ}?{token}(?:{gap}(?:d[eu]\s+|de\s+la\s+)?{token}){{1,3}}|{civ}{token})"
    role = rf"(?P<role>(?i:{role_alternation()}))"
    article = r"(?i:l[ea]\s+|l['’]\s*)"
    end = r"(?=\s*(?:[,.;:()\n]|$|\s(?:de|du|des|d['’])\s))"
    chair_intro = r"(?i:sous\s+la\s+pr[ée]sidence\s+de|pr[ée]sid[ée]e?\s+par)\s+"
    return {
        # "sous la présidence de Monsieur le Maire, Jean DUPONT"
        "chair_role_name": re.compile(rf"{chair_intro}{civ}?{article}{role}\s*,?\s+{name}{end}"),
        # "sous la présidence de Jean DUPONT, Maire" / "... de M. Jean DUPONT"
        "chair_name_role": re.compile(rf"{chair_intro}{name}(?:\s*,\s*{article}?{role})?{end}"),
        # "L'assemblée désigne Jean DUPONT en qualité de président de séance"
        "designated": re.compile(
            rf"(?i:désigne|désignent|élit|élisent|nomme|nomment)\s+{name}\s+(?i:en\s+qualité\s+d[eu]|comme)\s+{role}"
        ),
        # "Jean DUPONT, Maire" / "Jean DUPONT, Président de l'association" / "- Jean Dupont — Président"
        "name_role": re.compile(rf"(?<![\wÀ-ÿ])(?<![\wÀ-ÿ],\s){name}(?:\s*,|\s+[—–-])\s*{article}?{role}{end}"),
        # "Le Maire, Jean DUPONT" / "Le Président,\nJean DUPONT" (a signature)
        "role_name": re.compile(rf"(?<![\wÀ-ÿ]){civ}?{article}{role}\s*[,:]?\s*\n?\s*{name}\s*(?=\n|$)"),
    }


def _name_span(match: re.Match[str]) -> tuple[str, int, int]:
    """The name group, cut before a word that is never part of a name ("Saurel\\nPrésents :")."""
    name, start = match.group("name"), match.start("name")
    words = list(re.finditer(r"\S+", name))
    keep = len(words)
    for index, word in enumerate(words):
        if index and fold(word.group(0)).strip(".:,") in not_names():
            keep = index
            break
    end = start + words[keep - 1].end() if keep else match.end("name")
    return re.sub(r"\s*-\s*", "-", " ".join(name[: end - start].split())), start, end


def _person(name: str) -> tuple[str, str] | None:
    """(folded family, folded given) of a text that names a person, else None."""
    bare = re.sub(rf"^(?:{civility_alternation()})\s+", "", name.strip())
    if role_of(name) or role_of(bare):
        return None
    parsed = parse_person_name(name, allow_bare_family=bare != name.strip())
    if parsed is None or not parsed.family:
        return None
    return fold(parsed.family), fold(parsed.given or "")


def find_holders(text: str, attendance: Sequence[AttendanceEntry] = ()) -> dict[str, Holder]:
    """Canonical role -> its single holder in this document (see the module docstring)."""
    candidates: list[Holder] = []
    patterns = _patterns()
    for key in ("chair_role_name", "chair_name_role"):
        for match in patterns[key].finditer(text):
            name, start, end = _name_span(match)
            if _person(name) is None:
                continue
            role = role_of(match.group("role")) if match.group("role") else None
            if role:
                candidates.append(Holder(role, name, start, end, CHAIR))
            if role != CHAIR_ROLE:
                # The chair is "le Président" of the sitting, unless the document names one.
                candidates.append(Holder(CHAIR_ROLE, name, start, end, CHAIR - 1 if role else CHAIR))
    for match in patterns["designated"].finditer(text):
        name, start, end = _name_span(match)
        role = role_of(match.group("role"))
        if role and _person(name) is not None:
            candidates.append(Holder(role, name, start, end, LISTED))
    for entry in attendance:
        role = role_of(entry.role) if entry.role else None
        if role:
            start, end = entry.provenance.char_start, entry.provenance.char_end
            candidates.append(Holder(role, entry.name, start, end, LISTED, entry.person_mention_id))
    for key in ("name_role", "role_name"):
        for match in patterns[key].finditer(text):
            name, start, end = _name_span(match)
            if _person(name) is None:
                continue
            role = role_of(match.group("role"))
            if role:
                candidates.append(Holder(role, name, start, end, STATED))
    secretary_role, secretary_patterns = structure_patterns().secretary
    for pattern in secretary_patterns:
        for match in pattern.finditer(text):
            name, start, end = _name_span(match)
            if _person(name) is not None:
                candidates.append(Holder("Secrétaire", name, start, end, STATED))
    return _resolve(candidates, attendance)


def _resolve(candidates: list[Holder], attendance: Sequence[AttendanceEntry]) -> dict[str, Holder]:
    listed = {}
    for entry in attendance:
        person = _person(entry.name) if entry.name else None
        if person:
            listed.setdefault(person[0], []).append(entry)
    holders: dict[str, Holder] = {}
    by_role: dict[str, list[Holder]] = {}
    for holder in candidates:
        if holder.role in SINGLE_HOLDER_ROLES or holder.mention_id:
            by_role.setdefault(holder.role, []).append(holder)
    for role, found in by_role.items():
        strongest = max(h.strength for h in found)
        top = [h for h in found if h.strength == strongest]
        people = {_person(h.name)[0] if _person(h.name) else h.name for h in top}  # type: ignore[index]
        if len(people) != 1:
            continue  # two holders named with the same strength: unresolved
        holder = min(top, key=lambda h: h.start)
        if holder.mention_id is None:
            entries = listed.get(next(iter(people)), [])
            if len(entries) == 1:
                holder = Holder(holder.role, holder.name, holder.start, holder.end, holder.strength, entries[0].person_mention_id)
        if role not in SINGLE_HOLDER_ROLES and len([h for h in found if h.mention_id]) != 1:
            continue  # a list role many hold ("Adjoint") resolves only when one person is listed with it
        holders[role] = holder
    return holders
