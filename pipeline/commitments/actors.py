"""Who commits and who benefits: actors from subjects, pronouns, speakers and agents.

The actor of a commitment is the mention its subject names (followed to the
named mention it refers to), the meeting's body for "Le Conseil municipal"
and "nous", the speaker for "je" and titles ("Monsieur le Maire"), the agent
of a passive, or the organisation a speaker was introduced with. An organ
acts for its organisation: "le Conseil d'Administration de ARCADE a retenu"
is ARCADE's decision, "l'Assemblée Générale" of an association the
association's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.commitments import grammar
from pipeline.commitments.grammar import Reading
from pipeline.commitments.vocabulary import folded_words, lexicon
from pipeline.lexicon import APOSTROPHES, fold
from pipeline.records import (
    Amount,
    Commitment,
    DateMention,
    EntityKind,
    Intervention,
    Mention,
    Modality,
    Paragraph,
    SourceDocument,
)

TRAILING_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")
COMMUNE_WORD = re.compile(r"^\S+\s+(?:de\s+|d'|du\s+)?", re.IGNORECASE)  # "Commune de ", "VILLE D'"
COMMA_AFTER = re.compile(r"\**\s*,")
AFFILIATION_STOP = re.compile(r"\s(?:et|ainsi que|ou)\s|[.;:!?]")


@dataclass(frozen=True, slots=True)
class Actor:
    mention_id: str | None
    text: str | None
    organisation: bool = False


@dataclass(slots=True)
class DocState:
    """What the document tells us as we read it in order."""

    source: SourceDocument
    body: str | None
    mentions: dict[str, Mention]
    by_paragraph: dict[str, list[Mention]]
    speaker_of: dict[str, Intervention]
    amounts_of: dict[str, list[Amount]]
    dates_of: dict[str, list[DateMention]]
    affiliation: dict[str, Actor] = field(default_factory=dict)
    last_org: Actor | None = None
    found: list[Commitment] = field(default_factory=list)


def _resolved(mention: Mention, state: DocState) -> Mention:
    target = state.mentions.get(mention.refers_to) if mention.refers_to else None
    return target or mention


def mention_actor(mention: Mention, state: DocState) -> Actor:
    target = _resolved(mention, state)
    if target.entity_kind == EntityKind.PERSON and target.role and not (target.family_name or target.given_name):
        target = role_holder(target, state) or target
    return Actor(target.mention_id, target.text, target.entity_kind == EntityKind.ORGANISATION)


def role_holder(mention: Mention, state: DocState) -> Mention | None:
    """The named person who holds a title in this document ("Monsieur le Maire" -> the mayor).

    Council minutes name the chair once ("sous la présidence de M. X, Maire") and then
    write only the title; one named holder of the same role is that person, several
    (a former and a new mayor) leave the title unresolved.
    """
    role = fold(mention.role or "")
    holders: dict[str, Mention] = {}
    for other in state.mentions.values():
        if other.entity_kind != EntityKind.PERSON or not other.family_name or fold(other.role or "") != role:
            continue
        holders.setdefault(fold(other.family_name), other)
    if len(holders) == 1:
        return next(iter(holders.values()))
    return None


def body_name(body: str | None, subject: str | None = None) -> str | None:
    """The meeting's body as an actor: "Commune de X" + "Conseil municipal" → "Conseil municipal de X"."""
    lex = lexicon()
    if body is None:
        return subject
    name = TRAILING_PARENTHESIS.sub("", body).strip()
    if subject is None:
        return name
    words = name.split()
    folded_subject = fold(subject)
    council_named = "conseil" in fold(name) or "assemblee" in fold(name)
    if "conseil" in folded_subject and not council_named and words and words[0].casefold() in lex.commune_words:
        place = COMMUNE_WORD.sub("", name)
        return f"{lex.municipal_council} de {place}"
    return name


def body_actor(state: DocState, subject: str | None, mention: Mention | None = None) -> Actor:
    """The meeting's body; linked to the subject's mention unless that mention is an organ of it.

    "L'Assemblée Générale décide" in an association's minutes is the
    association's decision, not the decision of an entity "Assemblée Générale".
    """
    text = body_name(state.body, subject) or subject
    if mention is not None and subject is not None and lexicon().organ(subject):
        mention = None
    if mention is None and state.body is None:
        # Minutes that never name their body ("Compte rendu du conseil municipal du ..."):
        # the deciding council is the council the document names.
        mention = _council_mention(state)
        if mention is not None:
            text = mention.text
    return Actor(mention.mention_id if mention else None, text, True)


def _council_mention(state: DocState) -> Mention | None:
    lex = lexicon()
    councils = [m for m in state.mentions.values() if m.entity_kind == EntityKind.ORGANISATION and lex.names_council(m.text)]
    return min(councils, key=lambda m: m.char_start) if councils else None


def deciding_body(state: DocState) -> Actor:
    """Who decides when the minutes say "il est décidé": the deliberating council of the body."""
    return body_actor(state, lexicon().municipal_council)


def council_actor(segment: Span, paragraph: Paragraph, state: DocState) -> Actor:
    """The body for a council named by a segment of text ("le Conseil")."""
    text = grammar.strip_determiners(segment)
    mentions = mentions_in(segment, paragraph, state)
    return body_actor(state, text, mentions[0] if mentions else None)


def _owner_start(text: str) -> int | None:
    """Where the organisation's name starts in "<organ> de <organisation>", else None."""
    lex = lexicon()
    words = folded_words(text)
    folded = tuple(w for _, w in words)
    for organ in lex.organs:
        if folded[: len(organ)] != organ:
            continue
        for connector in lex.owner_connectors:
            end = len(organ) + len(connector)
            if folded[len(organ) : end] == connector and end < len(words):
                return words[end][0]
        return None  # "Bureau municipal": another body
    return None


def _owner(name: str, state: DocState) -> Actor:
    """The organisation an organ belongs to, by its name as written after the organ."""
    key = fold(name)
    named = sorted((m for m in state.mentions.values() if m.entity_kind == EntityKind.ORGANISATION
                    and key in (fold(m.text), fold(m.acronym or ""))), key=lambda m: m.char_start)
    if named:
        return mention_actor(named[0], state)
    words = key.split()
    if state.body and len(words) == 1 and fold(state.body).split()[:1] == words:
        return body_actor(state, None)  # "le bureau de l'association" in the association's minutes
    return Actor(None, name, True)


def _joined_owner(mention: Mention, state: DocState) -> Mention | None:
    """The organisation mention right after an organ: "l'Assemblée Générale | du | Réseau ARCADE"."""
    connectors = lexicon().owner_connectors
    text = state.source.text
    following = sorted((m for m in state.by_paragraph.get(mention.paragraph_id or "", ())
                        if m.entity_kind == EntityKind.ORGANISATION and m.char_start >= mention.char_end),
                       key=lambda m: m.char_start)
    if not following:
        return None
    between = tuple(w for _, w in folded_words(text[mention.char_end : following[0].char_start]))
    return following[0] if between in connectors else None


def acting_actor(mention: Mention, state: DocState) -> Actor:
    """Who acts when a mention is the subject or agent: an organ acts for its organisation."""
    start = _owner_start(mention.text)
    if start is not None:
        return _owner(mention.text[start:].strip(), state)
    if lexicon().organ(mention.text):
        owner = _joined_owner(mention, state)
        if owner is not None:
            return mention_actor(owner, state)
        if state.body:
            return body_actor(state, mention.text)
    return mention_actor(mention, state)


def speaker_actor(paragraph: Paragraph, state: DocState) -> Actor | None:
    intervention = state.speaker_of.get(paragraph.paragraph_id)
    if intervention is None or (intervention.speaker_mention_id is None and intervention.speaker_text is None):
        return None
    mention = state.mentions.get(intervention.speaker_mention_id or "")
    if mention is not None:
        return mention_actor(mention, state)
    return Actor(None, intervention.speaker_text, False)


def mentions_in(span: Span, paragraph: Paragraph, state: DocState) -> list[Mention]:
    lo = paragraph.char_start + span.start_char
    hi = paragraph.char_start + span.end_char
    found = [m for m in state.by_paragraph.get(paragraph.paragraph_id, ()) if m.char_start < hi and m.char_end > lo]
    return sorted(found, key=lambda m: m.char_start)


def resolve_subject(token: Token, paragraph: Paragraph, state: DocState) -> Actor | None:
    """Who a subject (or agent) noun phrase names, or None for a thing."""
    lex = lexicon()
    lower = token.text.casefold().translate(APOSTROPHES)
    if token.pos_ == "PRON":
        if lower in lex.body_pronouns:
            return body_actor(state, None) if state.body else speaker_actor(paragraph, state)
        if lower in lex.speaker_pronouns:
            return speaker_actor(paragraph, state)
        return None
    span = grammar.np_span(token)
    text = grammar.strip_determiners(span)
    mentions = mentions_in(span, paragraph, state)
    if lex.names_council(text):
        return body_actor(state, text, mentions[0] if mentions else None)
    if mentions:
        head = [m for m in mentions if m.char_start <= paragraph.char_start + token.idx < m.char_end]
        return acting_actor((head or mentions)[0], state)
    if token.lemma_.casefold() in lex.person_titles or fold(text).split()[:1] and fold(text).split()[0] in lex.person_titles:
        return speaker_actor(paragraph, state) or Actor(None, text, False)  # "Monsieur le Maire propose"
    if token.pos_ == "PROPN":
        return Actor(None, text or token.text, True)
    if organisation_noun(token) and not grammar.indefinite(token):
        return _institution(token, text, state)
    return None


def organisation_noun(token: Token) -> bool:
    """"la Région", "l'Etat" (accents are often dropped on capitals)."""
    return fold(token.lemma_) in {fold(n) for n in lexicon().organisation_nouns}


def _institution(token: Token, text: str, state: DocState) -> Actor:
    """"la Région" → the document's "Conseil Régional ..." mention; "l'association" → the body."""
    folded = fold(token.lemma_)
    if state.body and fold(state.body).split()[:1] == [folded]:
        return body_actor(state, None)
    if len(fold(text).split()) > 1:
        return Actor(None, text, True)  # "la commission technique": not the document's other commission
    stem = folded[:-1] if len(folded) > 4 else folded
    named = [m for m in state.mentions.values()
             if m.entity_kind == EntityKind.ORGANISATION and len(m.text.split()) > 1 and stem in fold(m.text)]
    if named:
        counts: dict[str, int] = {}
        for m in named:
            counts[fold(m.text)] = counts.get(fold(m.text), 0) + 1
        best = max(named, key=lambda m: (counts[fold(m.text)], -m.char_start))
        return mention_actor(best, state)
    return Actor(None, text or token.text, True)


def agent(verb: Token, paragraph: Paragraph, state: DocState) -> Actor | None:
    """The agent of a passive: "financé par la Région"."""
    lex = lexicon()
    for child in verb.children:
        if not child.dep_.startswith("obl") and child.dep_ != "nmod":
            continue
        phrase = " ".join(t.lower_ for t in child.subtree)
        if child.dep_ == "obl:agent" or any(phrase.startswith(m + " ") for m in lex.agent_markers):
            mentions = mentions_in(child.doc[child.left_edge.i : child.right_edge.i + 1], paragraph, state)
            if mentions:
                return acting_actor(mentions[0], state)
            if child.pos_ == "PROPN" or organisation_noun(child):
                return resolve_subject(child, paragraph, state)
            # "au niveau de l'Etat": the actor is the marker noun's complement.
            named = [c for c in child.children if c.dep_ == "nmod" and (c.pos_ == "PROPN" or organisation_noun(c))]
            if named and not child.dep_ == "obl:agent":
                return resolve_subject(named[0], paragraph, state)
    return None


def giver(verb: Token, paragraph: Paragraph, state: DocState) -> Actor | None:
    """The giver of a receiving verb: "bénéficiera d'une aide de l'Etat"."""
    for token in verb.subtree:
        if token.dep_ == "nmod" or token.dep_.startswith("obl"):
            if any(c.lower_ in ("de", "d'", "du", "des", "par", "auprès") for c in token.children):
                mentions = mentions_in(token.doc[token.i : token.i + 1], paragraph, state)
                if mentions and mentions[0].entity_kind == EntityKind.ORGANISATION:
                    return acting_actor(mentions[0], state)
    return None


def impersonal(verb: Token, paragraph: Paragraph, state: DocState) -> tuple[Actor | None, Modality | None] | None:
    """"Il est prévu de", "Il vous est proposé", "il convient de", "il faut"."""
    lex = lexicon()
    subject = grammar.subject(verb)
    if subject is None or subject.lower_ != "il" or subject.head.i != verb.i:
        return None
    if verb.lemma_ in lex.necessity_verbs:
        speaker = speaker_actor(paragraph, state)
        if speaker is not None and grammar.tense_modality(verb) == Modality.DECIDED:
            return speaker, Modality.PROPOSED
        return (deciding_body(state) if state.body else speaker), Modality.PLANNED
    if not grammar.passive(verb):
        return None
    modality = lex.impersonal.get(verb.lemma_)
    if modality == Modality.PROPOSED:
        return speaker_actor(paragraph, state), modality
    if modality is not None:
        return (deciding_body(state) if state.body else speaker_actor(paragraph, state)), modality
    return None


def beneficiary(reading: Reading, actor: Actor | None, paragraph: Paragraph, state: DocState) -> Actor | None:
    """Who receives: the receiver of "bénéficier", the "à" object, else a named object other than the actor."""
    lex = lexicon()
    leaf = reading.leaf
    if leaf.lemma_ in lex.receipt_verbs:
        subject = grammar.subject(leaf)
        return resolve_subject(subject, paragraph, state) if subject is not None else None
    candidates: list[Token] = []
    for child in leaf.children:
        if child.dep_ in ("iobj", "obl:arg", "obl", "obl:mod") and any(c.lower_ in ("à", "au", "aux") for c in child.children):
            candidates.insert(0, child)
        elif child.dep_ in ("obj", "iobj"):
            candidates.append(child)
    for child in candidates:
        span = child.doc[child.left_edge.i : child.right_edge.i + 1]
        for mention in mentions_in(span, paragraph, state):
            found = mention_actor(mention, state)
            if actor is None or found.mention_id != actor.mention_id:
                return found
    if leaf.dep_ == "acl" and grammar.passive(leaf):  # "DIGIPOINT est une plate-forme financée par la Région"
        subjects = grammar.children(leaf.head, "nsubj")
        if subjects:
            return resolve_subject(subjects[0], paragraph, state)
    return None


def affiliations(paragraphs: Sequence[Paragraph], state: DocState) -> dict[str, Actor]:
    """Person → organisation from "X, Directeur ..., Conseil Régional" or an attendance row."""
    found: dict[str, Actor] = {}
    for paragraph in paragraphs:
        mentions = sorted(state.by_paragraph.get(paragraph.paragraph_id, ()), key=lambda m: m.char_start)
        for i, person in enumerate(mentions):
            if person.entity_kind != EntityKind.PERSON or person.mention_id in found:
                continue
            after = paragraph.text[person.char_end - paragraph.char_start :]
            if not COMMA_AFTER.match(after):
                continue
            stop = AFFILIATION_STOP.search(after)
            limit = person.char_end + min(stop.start() if stop else len(after), 160)
            orgs = [m for m in mentions[i + 1 :] if m.entity_kind == EntityKind.ORGANISATION and m.char_end <= limit]
            persons_between = [m for m in mentions[i + 1 :] if m.entity_kind == EntityKind.PERSON and m.char_start < limit]
            if orgs and not (persons_between and persons_between[0].char_start < orgs[-1].char_start):
                found[person.mention_id] = mention_actor(orgs[-1], state)
    for mention in state.mentions.values():
        if mention.refers_to and mention.refers_to in found:
            found.setdefault(mention.mention_id, found[mention.refers_to])
    # A person introduced once with an organisation speaks for it in every later turn.
    by_name = {_person_key(state.mentions[m]): actor for m, actor in found.items() if m in state.mentions}
    for mention in state.mentions.values():
        key = _person_key(mention)
        if mention.entity_kind == EntityKind.PERSON and key in by_name:
            found.setdefault(mention.mention_id, by_name[key])
    return found


def _person_key(mention: Mention) -> str:
    """A person's name as a key: "JOUBERT Dominique" and "Dominique JOUBERT" agree."""
    if mention.family_name and mention.given_name:
        return fold(f"{mention.given_name} {mention.family_name}")
    return fold(mention.text)
