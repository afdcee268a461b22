"""Public bodies named by their usual forms: a gazetteer of French public bodies.

Serves every kind of minutes: councils name State services, agencies and
social bodies by an acronym that is never expanded ("l'avis de la DDT") or by
a full name with lower-case words that the type rules cannot delimit ("centre
communal d'action sociale"); associations name universities and ministries.
The list (``models/lexicons/public_bodies.yaml``) says where it comes from.

A full form and an acronym of one entry carry the entry's acronym, so that
reconciliation puts them together within a document. Generic forms ("la
préfecture", "la mairie") count only after a determiner: "la région" is a
body, "une région" is not.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.entities.resources import _Candidate
from pipeline.io import read_model_file
from pipeline.lexicon import fold_keep_length
from pipeline.records import EntityKind

LEXICON = "lexicons/public_bodies.yaml"
# Above the type rule (86) and the parenthesised acronym (87): the gazetteer knows the whole name.
FULL_PRIORITY = 88
# Above acronym runs (50) and spaCy spans (40), below any rule that reads a name around it.
ACRONYM_PRIORITY = 60
GENERIC_PRIORITY = 45
DETERMINER = r"(?:(?<![\w])(?:la|le|l['’])\s*)"


@dataclass(frozen=True, slots=True)
class Body:
    name: str
    acronym: str | None
    generic: bool


@functools.cache
def _entries() -> tuple[tuple[re.Pattern[str], Body, int], ...]:
    """(pattern over folded text, body, priority), longest forms first."""
    entries: list[tuple[int, re.Pattern[str], Body, int]] = []
    for entry in read_model_file(LEXICON)["bodies"]:
        acronyms = [str(a) for a in entry.get("acronyms") or ()]
        body = Body(entry["name"], acronyms[0] if acronyms else None, bool(entry.get("generic")))
        for form in entry.get("forms") or ():
            folded = fold_keep_length(str(form)).casefold()
            words = [re.escape(w) for w in re.split(r"\s+", folded.replace("’", "'"))]
            core = r"\s+".join(words).replace("'", r"['’]\s*")
            if body.generic:
                pattern = re.compile(rf"{DETERMINER}(?P<form>{core})(?![\w-])")
                entries.append((len(folded), pattern, body, GENERIC_PRIORITY))
            else:
                entries.append((len(folded), re.compile(rf"(?<![\w-])(?P<form>{core})(?![\w-])"), body, FULL_PRIORITY))
        for acronym in acronyms:
            pattern = re.compile(rf"(?<![\w-])(?P<form>{re.escape(acronym)})(?![\w-])")
            entries.append((len(acronym), pattern, Body(body.name, acronym, False), -ACRONYM_PRIORITY))
    entries.sort(key=lambda e: -e[0])
    return tuple((pattern, body, priority) for _, pattern, body, priority in entries)


def gazetteer_candidates(text: str) -> list[_Candidate]:
    """Bodies of the gazetteer named in one paragraph's text, longest forms first, never overlapping."""
    folded = fold_keep_length(text).casefold()
    taken: list[tuple[int, int]] = []
    found: list[_Candidate] = []
    for pattern, body, priority in _entries():
        # Acronyms keep their case (a negative priority marks them); other forms match folded text.
        haystack = text if priority < 0 else folded
        for match in pattern.finditer(haystack):
            start, end = match.span("form")
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append(_Candidate(start, end, EntityKind.ORGANISATION, abs(priority), -1, acronym=body.acronym))
    return found
