"""Reading commitments in parsed sentences: the verb and its frame, standalone
verbs, the council deciding, funding nouns, list items under an introducing
sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.commitments import actors, grammar
from pipeline.commitments.actors import Actor, DocState
from pipeline.commitments.grammar import Reading
from pipeline.commitments.vocabulary import lexicon
from pipeline.records import (
    Amount,
    DateMention,
    Modality,
    Paragraph,
    ParagraphKind,
)

STAGE = "minutes.commitments.v1"

SKIPPED_KINDS = frozenset({ParagraphKind.HEADER, ParagraphKind.FOOTNOTE, ParagraphKind.ATTENDANCE, ParagraphKind.HEADING})
LIST_MARKER = re.compile(r"(?:(?<=[:;,.])|^)\s*[-–—•▪■□●◦\uf0a7\uf0d8\uf0b7]\s+")


@dataclass(frozen=True, slots=True)
class Frame:
    """What an introducing line gives its list items: who decides, and how."""

    actor: Actor | None
    modality: Modality
    action: str
    nouns_allowed: bool  # "décident : - l'envoi de ..." (items without a verb)


def _standalone(verb: Token, actor: Actor | None, has_money: bool) -> Reading | None:
    """An action verb with no governor above it."""
    lex = lexicon()
    if "Inf" in verb.morph.get("VerbForm") or verb.dep_ in ("advcl", "acl") and "Part" not in verb.morph.get("VerbForm"):
        return None
    if grammar.negated(verb):
        return None
    lemma = verb.lemma_
    phrase = grammar.phrase_at(verb)
    modality = grammar.tense_modality(verb)
    lexical = lemma in lex.grant_verbs or lemma in lex.event_verbs or lemma in lex.receipt_verbs or phrase is not None
    if lexical:
        if lemma in lex.event_verbs and not (lemma in lex.grant_verbs) and grammar.past(verb) and not has_money:
            return None  # a past event recalled, not a decision
        return Reading(verb, verb, modality, grammar.action(verb))
    if modality == Modality.PLANNED and actor is not None:
        return Reading(verb, verb, modality, verb.lemma_)  # "Kajin s'occupera de ..."
    return None


def _council_decides(verb: Token, actor: Actor | None) -> bool:
    """"Le Conseil municipal, après en avoir délibéré, approuve ...": any verb of the body is a decision."""
    lex = lexicon()
    subject = grammar.subject(verb)
    return (
        actor is not None
        and subject is not None
        and grammar.names_council(subject)
        and verb.lemma_ not in lex.non_decision_verbs
        and verb.lemma_ not in lex.reporting_verbs
        and not any(c.lemma_ in lex.non_decision_objects for c in verb.children)
        and grammar.tense_modality(verb) == Modality.DECIDED
    )


@dataclass(slots=True)
class Found:
    reading: Reading
    actor: Actor | None
    beneficiary: Actor | None
    sentence: Span


def _fallback(paragraph: Paragraph, state: DocState, local: list[Found], frame: Frame | None) -> Actor | None:
    if frame is not None and frame.actor is not None:
        return frame.actor
    for found in reversed(local):
        if found.actor is not None:
            return found.actor
    speaker = actors.speaker_actor(paragraph, state)
    if speaker is not None and speaker.mention_id in state.affiliation:
        return state.affiliation[speaker.mention_id]
    if state.last_org is not None:
        return state.last_org
    if state.body:
        return actors.body_actor(state, None)
    return speaker


def _read_verb(verb: Token, paragraph: Paragraph, state: DocState, local: list[Found], frame: Frame | None,
               has_money: bool) -> list[Found]:
    lex = lexicon()
    if grammar.governed(verb) or grammar.blocked(verb) or verb.lemma_ in lex.reporting_verbs:
        return []
    impersonal = actors.impersonal(verb, paragraph, state)
    actor: Actor | None = None
    explicit = False
    if impersonal is not None:
        actor, forced = impersonal
        readings = grammar.chain(verb) or [Reading(verb, verb, forced or Modality.DECIDED, grammar.action(verb))]
        readings = [Reading(r.anchor, r.leaf, grammar.least_settled(forced, r.modality) if forced else r.modality,
                            r.action) for r in readings]
        if grammar.children(verb, "xcomp") == [] and verb.lemma_ in lex.necessity_verbs:
            return []
    else:
        subject = grammar.subject(verb)
        if subject is not None and subject.dep_ != "nsubj:pass":
            actor = actors.resolve_subject(subject, paragraph, state)
            explicit = actor is not None
        if actor is None and grammar.passive(verb):
            actor = actors.agent(verb, paragraph, state)
            explicit = actor is not None
        if subject is None and actor is None:
            segment = grammar.comma_subject(verb)
            if segment is not None:
                actor, explicit = actors.council_actor(segment, paragraph, state), True
        readings = grammar.chain(verb)
        if not readings:
            reading = _standalone(verb, actor if explicit else None, has_money)
            if reading is None and verb.lemma_ in lex.standalone_governors and not grammar.negated(verb):
                modality = grammar.governor_modality(verb)  # "propose un virement", "décide :"
                reading = Reading(verb, verb, modality, verb.lemma_) if modality else None
            if reading is None and _council_decides(verb, actor):
                reading = Reading(verb, verb, Modality.DECIDED, grammar.action(verb))
            readings = [reading] if reading is not None else []
        if not readings:
            return []
        if grammar.phrase_at(verb) in lex.scheduling:
            actor, explicit = None, False  # "elle se tiendra": the meeting, not an actor
        if subject is not None and not explicit and subject.dep_ != "nsubj:pass" and subject.pos_ != "PRON":
            if not grammar.passive(verb) and subject.lemma_.casefold() not in lex.funding_nouns:
                return []  # a thing doing something: "cette politique doit s'accompagner"
    found: list[Found] = []
    for reading in readings:
        leaf_actor = actor
        if reading.leaf.lemma_ in lex.receipt_verbs:
            leaf_actor = actors.giver(reading.leaf, paragraph, state)
        if leaf_actor is None and reading.leaf.i != verb.i and grammar.passive(reading.leaf):
            leaf_actor = actors.agent(reading.leaf, paragraph, state)
        if leaf_actor is None:
            leaf_actor = _fallback(paragraph, state, local, frame)
        found.append(Found(reading, leaf_actor, actors.beneficiary(reading, leaf_actor, paragraph, state), verb.sent))
    return found


def _funding_nouns(sentence: Span, paragraph: Paragraph, state: DocState, local: list[Found],
                   money: list[Amount]) -> list[Found]:
    """"Le financement proposé est de 122 000 €": a grant named by a noun."""
    lex = lexicon()
    for token in sentence:
        if token.lemma_ in lex.funding_nouns and token.dep_ in ("nsubj", "obj", "ROOT") and money:
            participle = next((c for c in token.children if c.dep_ == "amod" and c.pos_ == "VERB"), None)
            modality = Modality.PLANNED
            action = token.lemma_
            if participle is not None:
                modality = lex.governors.get(participle.lemma_, Modality.DECIDED)
                action = participle.lemma_
            reading = Reading(token, token, modality, action)
            return [Found(reading, _fallback(paragraph, state, local, None), None, sentence)]
    return []




def _list_items(doc: Doc) -> tuple[Span, list[Span]]:
    """The introducing text and the list items written inside one paragraph."""
    text = doc.text
    starts = [m for m in LIST_MARKER.finditer(text) if m.start() > 0 and ":" in text[: m.start()]]
    if not starts:
        return doc[:], []
    cuts = [m.end() for m in starts]
    intro_end = starts[0].start()
    intro = doc.char_span(0, intro_end, alignment_mode="contract") or doc[:]
    items: list[Span] = []
    for i, cut in enumerate(cuts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        span = doc.char_span(cut, end, alignment_mode="contract")
        if span is not None and len(span):
            items.append(span)
    return intro, items


def _frame_of(found: list[Found], span: Span, paragraph: Paragraph, state: DocState) -> Frame | None:
    """The frame an introducing line ending with ':' gives its items."""
    if not span.text.rstrip().endswith(":"):
        return None
    if found:
        last = found[-1]
        return Frame(last.actor, last.reading.modality, last.reading.action,
                     nouns_allowed=last.reading.leaf.i == last.reading.anchor.i)
    for token in span:
        if token.pos_ in ("VERB", "AUX") and token.dep_ == "ROOT":
            break
        if token.dep_ in ("nsubj", "ROOT") and token.pos_ in ("NOUN", "PROPN"):
            if grammar.names_council(token):
                return Frame(actors.resolve_subject(token, paragraph, state), Modality.DECIDED, "décider", nouns_allowed=True)
    return None


def _item(span: Span, frame: Frame, paragraph: Paragraph, state: DocState, local: list[Found],
          has_money: bool) -> list[Found]:
    verbs = [t for t in span if t.pos_ == "VERB" and not (span.start <= t.head.i < span.end and t.head.pos_ == "VERB" and t.head.i != t.i)]
    if not verbs:
        if frame.nouns_allowed and any(t.pos_ == "NOUN" for t in span):
            reading = Reading(span[0], span.root, frame.modality, frame.action)
            return [Found(reading, frame.actor, None, span)]
        return []
    top = verbs[0]
    if "Inf" in top.morph.get("VerbForm") and not grammar.blocked(top):
        readings = grammar.chain(top) or [Reading(top, top, frame.modality, grammar.action(top))]
        return [Found(Reading(r.anchor, r.leaf, grammar.least_settled(frame.modality, r.modality), r.action),
                      frame.actor, actors.beneficiary(r, frame.actor, paragraph, state), span) for r in readings]
    found: list[Found] = []
    for verb in grammar.verbs(span):
        found += _read_verb(verb, paragraph, state, local + found, frame, has_money)
    return found


def _paragraph(paragraph: Paragraph, doc: Doc, state: DocState, frame: Frame | None) -> tuple[list[Found], Frame | None]:
    money = list(state.amounts_of.get(paragraph.paragraph_id, ()))
    intro, items = _list_items(doc)
    local: list[Found] = []
    if frame is not None and paragraph.kind == ParagraphKind.LIST_ITEM:
        local += _item(doc[:], frame, paragraph, state, local, bool(money))
        return local, frame
    for sentence in doc.sents:
        if sentence.start >= intro.end:
            break
        clipped = doc[sentence.start : min(sentence.end, intro.end)]
        has_money = any(_inside(a, clipped, paragraph) for a in money)
        before = len(local)
        for verb in grammar.verbs(clipped):
            local += _read_verb(verb, paragraph, state, local, None, has_money)
        if len(local) == before:
            from pipeline.commitments.action_items import action_items  # it builds on this module's Found

            local += action_items(clipped, paragraph, state)
        if len(local) == before and has_money:
            local += _funding_nouns(clipped, paragraph, state, local, [a for a in money if _inside(a, clipped, paragraph)])
    new_frame = _frame_of(local, intro, paragraph, state)
    if new_frame is not None and items and local and local[-1].reading.leaf.i == local[-1].reading.anchor.i:
        local.pop()  # "décide :" is said by its items
    for item in items:
        if new_frame is None:
            break
        has_money = any(_inside(a, item, paragraph) for a in money)
        found = _item(item, new_frame, paragraph, state, local, has_money)
        local += found
        if item.text.rstrip().endswith(":") and found:
            break  # nested list: its items are not this frame's
    return local, new_frame


def _inside(amount: Amount | DateMention, span: Span, paragraph: Paragraph) -> bool:
    lo = paragraph.char_start + span.start_char
    hi = paragraph.char_start + span.end_char
    return lo <= amount.char_start and amount.char_end <= hi
