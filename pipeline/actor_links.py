"""Commitment actors linked to entity ids after reconciliation, or the reason they are not.

The commitment stage keeps the actor's mention when its subject is one; an
actor it resolves otherwise (the meeting's body for "nous" or "le Conseil",
an organ acting for its organisation) has a text but no mention. Here such a
text is looked up among the entities named in the same document: the same
form folded, or, for "Conseil municipal de X" when the minutes only say "le
Conseil municipal", the bare organ of the meeting's own body. When nothing
matches, or several entities do, the row says why (``actor_note``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.lexicon import fold

# Notes a reader can filter on (commitments.actor_note).
NOTE_NO_ACTOR = "no actor named"
NOTE_NOT_IN_TABLES = "actor named but no entity of the document bears that name"
NOTE_AMBIGUOUS = "several entities of the document bear that name"

DETERMINER = re.compile(r"^(?:le|la|les|l'|l’)\s*", re.IGNORECASE)
PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*$")
# "Conseil municipal de X", "Conseil d'administration de l'association X": an organ of a body.
OF_PLACE = re.compile(r"^(?P<organ>.+?)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])(?P<owner>.+)$", re.IGNORECASE)


def key(text: str) -> str:
    """A form folded for lookup: no determiner, accents, case or punctuation runs."""
    text = DETERMINER.sub("", " ".join(text.split()))
    return " ".join(re.split(r"[^\w]+", fold(text))).strip()


@dataclass(frozen=True, slots=True)
class ActorLink:
    actor_id: str | None
    note: str | None


class ActorIndex:
    """Entities named in one document, by folded variant."""

    def __init__(self, entities: Iterable[tuple[str, Iterable[str]]]):
        """``entities``: (entity id, its name then its variants)."""
        self._by_key: dict[str, set[str]] = defaultdict(set)
        self._named: dict[str, set[str]] = defaultdict(set)  # by the folded canonical name
        for entity_id, variants in entities:
            variants = tuple(variants)
            if variants:
                self._named[key(variants[0])].add(entity_id)
            for variant in variants:
                folded = key(variant)
                if folded:
                    self._by_key[folded].add(entity_id)

    def lookup(self, text: str) -> set[str]:
        return set(self._by_key.get(key(text), ()))

    def link(self, actor_text: str | None, *, body: str | None = None) -> ActorLink:
        """The entity an actor's text names; else no id and why."""
        if not actor_text:
            return ActorLink(None, NOTE_NO_ACTOR)
        found: set[str] = set()
        for candidate in _candidates(actor_text, body):
            found = self.lookup(candidate)
            if len(found) > 1:
                # Several entities list the form: the one whose own name it is, if one is.
                found = (found & self._named.get(key(candidate), set())) or found
            if found:
                break
        if len(found) == 1:
            return ActorLink(next(iter(found)), None)
        if found:
            return ActorLink(None, NOTE_AMBIGUOUS)
        return ActorLink(None, NOTE_NOT_IN_TABLES)


def _candidates(actor_text: str, body: str | None) -> list[str]:
    """The actor's text, then shorter forms of it that still name the same body.

    "Association X (AX)" -> "Association X", "AX"; "Conseil municipal de Y", said of
    the meeting's body at Y -> "Conseil municipal" (the minutes name their own organ bare).
    """
    forms = [actor_text]
    bracket = PARENTHESIS.search(actor_text)
    if bracket:
        forms += [actor_text[: bracket.start()], bracket.group(1)]
    organ = OF_PLACE.match(PARENTHESIS.sub("", actor_text))
    if organ and body and _same_place(organ.group("owner"), body):
        forms.append(organ.group("organ"))
        forms.append(PARENTHESIS.sub("", body))
    return forms


def _same_place(owner: str, body: str) -> bool:
    """Does "<organ> de <owner>" belong to the meeting's body ("Commune de <owner>", "<owner>")?"""
    owner_key = key(owner)
    body_key = key(PARENTHESIS.sub("", body))
    return bool(owner_key) and (body_key == owner_key or body_key.endswith(" " + owner_key))
