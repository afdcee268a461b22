"""Action items: a person (or several) takes on a task.

Serves notes of associations, bureaux and working groups, where decisions
are often written as who does what: "X se charge de réserver la salle",
"X et Y se portent volontaires pour tenir le stand". Each person named as
subject commits to the task (one commitment each, planned).
"""

from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from pipeline.commitments import actors, grammar
from pipeline.commitments.actors import DocState
from pipeline.commitments.grammar import Reading
from pipeline.commitments.reading import Found
from pipeline.io import read_model_file
from pipeline.records import Modality, Paragraph

REFLEXIVE = frozenset({"se", "s'", "s’"})


@functools.cache
def _verbs() -> dict[str, frozenset[str]]:
    """Verb lemma -> object words it needs (empty: none)."""
    entries = read_model_file("lexicons/commitments.yaml")["action_items"]
    return {e["verb"]: frozenset(str(w) for w in e.get("object") or ()) for e in entries}


def _lemma(token: Token) -> str | None:
    """The action-item verb a token is, even when the tagger reads it as a noun
    ("se charge" tagged NOUN): right after a reflexive pronoun, its stem decides."""
    if token.lemma_ in _verbs():
        return token.lemma_
    previous = token.nbor(-1) if token.i > 0 else None
    if previous is None or previous.text.casefold() not in REFLEXIVE:
        return None
    word = token.text.casefold()
    return next((v for v in _verbs() if v.endswith("er") and word.startswith(v[:-2])), None)


def _is_action_item(verb: Token) -> bool:
    lemma = _lemma(verb)
    if lemma is None or grammar.negated(verb):
        return False
    needs = _verbs()[lemma]
    words = {c.text.casefold() for c in verb.children}
    if verb.i > 0:
        words.add(verb.nbor(-1).text.casefold())
    if not words & REFLEXIVE:
        return False
    return not needs or bool({c.text.casefold() for c in verb.subtree} & needs)


def _task(verb: Token) -> Token:
    """The verb of the task ("se charge de contacter" -> contacter), else the item's verb."""
    for token in verb.subtree:
        if token.i > verb.i and token.pos_ == "VERB" and token.head.i in (verb.i, *[c.i for c in verb.children]):
            return token
    return verb


def _subjects(verb: Token) -> list[Token]:
    first = grammar.subject(verb)
    if first is None:
        return []
    found = [first]
    found += [c for c in first.children if c.dep_ == "conj"]
    return found


def action_items(sentence: Span, paragraph: Paragraph, state: DocState) -> list[Found]:
    """One planned commitment per person a sentence charges with a task."""
    found: list[Found] = []
    for verb in sentence:
        if verb.pos_ not in ("VERB", "AUX", "NOUN") or not _is_action_item(verb):
            continue
        task = _task(verb)
        reading = Reading(verb, task, Modality.PLANNED, task.lemma_ if task is not verb else _lemma(verb) or verb.lemma_)
        for subject in _subjects(verb):
            actor = actors.resolve_subject(subject, paragraph, state)
            if actor is not None:
                found.append(Found(reading, actor, None, sentence))
    return found
