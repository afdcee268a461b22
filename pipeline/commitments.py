"""Commitments: who decided, granted, plans, intends, proposes or refuses what.

Read from the dependency parse with the lexicon ``models/lexicons/commitments.yaml``.
A commitment is anchored on a verb: a *governor* ("décide de", "envisage de",
"propose de", "refuse de", "allons", "devons") whose infinitive complement is
the action, or an *action* verb standing alone ("La Région a accordé ...").
The modality comes from the governor class, else from tense and mood (future
→ planned, conditional → intended, present or past → decided). The actor is
the subject (a mention, the meeting's body for "Le Conseil municipal" and
"nous", the speaker for "je"/"il"/"Il vous est proposé"), the agent of a
passive, or, when the text names none, the actor the discourse is about.

Not commitments: questions ("s'interroge sur", "demande si", "?"), opinions
("selon lui", "estime que"), and past events recalled without money or
beneficiary ("nous avons organisé un voyage").

Decision lists ("décide : - de créer ..., - d'élargir ...") give one
commitment per item, with the actor and modality of the line that introduces
them, whether the items are inside the paragraph or list-item paragraphs.
Table rows under a contracts heading (a firm and an amount) are decisions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from pipeline import commitment_actors as actors
from pipeline import commitment_grammar as grammar
from pipeline import ids
from pipeline.commitment_actors import Actor, DocState, body_name
from pipeline.commitment_grammar import Reading
from pipeline.commitment_lexicon import lexicon
from pipeline.commitment_tables import ROW_ACTION, RowContract, row_contract
from pipeline.records import (
    Amount,
    AmountKind,
    Commitment,
    DateMention,
    Intervention,
    Mention,
    Modality,
    Paragraph,
    ParagraphKind,
    Provenance,
    SourceDocument,
)

__all__ = ["STAGE", "body_name", "find_commitments"]

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


# --- records -----------------------------------------------------------------------


def _assign_amounts(found: list[Found], paragraph: Paragraph, state: DocState) -> list[tuple[Found, Amount | None]]:
    """One commitment per amount its action governs ("1M250€ ... et 2M€" are two)."""
    amounts = [a for a in state.amounts_of.get(paragraph.paragraph_id, ()) if a.kind in (AmountKind.MONEY, AmountKind.PERCENT)]
    owner: dict[str, int] = {}
    for amount in amounts:
        best: tuple[int, int] | None = None  # (depth, index)
        for index, item in enumerate(found):
            sentence = item.sentence
            if not _inside(amount, sentence, paragraph):
                continue
            doc_span = sentence.doc.char_span(amount.char_start - paragraph.char_start,
                                              amount.char_end - paragraph.char_start, alignment_mode="expand")
            if doc_span is None:
                continue
            leaf = item.reading.leaf
            in_subtree = leaf.left_edge.i <= doc_span.root.i <= leaf.right_edge.i
            depth = 0 if in_subtree else 1000
            if in_subtree:
                depth = sum(1 for _ in doc_span.root.ancestors) * -1  # the deepest owning leaf wins
            rank = (depth, index)
            if best is None or rank < best:
                best = rank
        if best is not None:
            same_sentence = [i for i, f in enumerate(found) if _inside(amount, f.sentence, paragraph)]
            if best[0] < 1000 or len(same_sentence) == 1:
                owner[amount.amount_id] = best[1] if best[0] < 1000 else same_sentence[0]
    pairs: list[tuple[Found, Amount | None]] = []
    for index, item in enumerate(found):
        owned = [a for a in amounts if owner.get(a.amount_id) == index]
        money = [a for a in owned if a.kind == AmountKind.MONEY] or owned
        pairs += [(item, a) for a in money] if money else [(item, None)]
    return pairs


def _date_in(span: Span, paragraph: Paragraph, state: DocState) -> str | None:
    for date in state.dates_of.get(paragraph.paragraph_id, ()):
        if _inside(date, span, paragraph):
            return date.date_id
    return None


def _sentence_record(item: Found, amount: Amount | None, paragraph: Paragraph, state: DocState) -> Commitment:
    span = item.sentence
    return _record(paragraph, state, actor=item.actor, beneficiary=item.beneficiary, amount=amount,
                   date_id=_date_in(span, paragraph, state), modality=item.reading.modality,
                   action=item.reading.action, text=span.text,
                   start=paragraph.char_start + span.start_char, end=paragraph.char_start + span.end_char)


def _row_record(row: Paragraph, contract: RowContract, state: DocState) -> Commitment:
    return _record(row, state, actor=contract.actor, beneficiary=contract.beneficiary, amount=contract.amount,
                   date_id=contract.date_id, modality=Modality.DECIDED, action=ROW_ACTION, text=row.text,
                   start=row.char_start, end=row.char_end)


def _record(paragraph: Paragraph, state: DocState, *, actor: Actor | None, beneficiary: Actor | None,
            amount: Amount | None, date_id: str | None, modality: Modality, action: str, text: str,
            start: int, end: int) -> Commitment:
    source = state.source
    return Commitment(
        commitment_id=ids.doc_scoped(source.doc_id, "c", len(state.found)),
        doc_id=source.doc_id,
        paragraph_id=paragraph.paragraph_id,
        policy_id=paragraph.policy_id,
        actor_mention_id=actor.mention_id if actor else None,
        actor_text=actor.text if actor else None,
        beneficiary_mention_id=beneficiary.mention_id if beneficiary else None,
        beneficiary_text=beneficiary.text if beneficiary else None,
        amount_id=amount.amount_id if amount else None,
        date_id=date_id,
        modality=modality,
        action=action,
        text=text,
        char_start=start,
        char_end=end,
        provenance=Provenance(source.doc_id, source.page_at(start), start, end, STAGE),
    )


def find_commitments(
    source: SourceDocument,
    paragraphs: Sequence[Paragraph],
    docs: Sequence[Doc | None],
    *,
    mentions: Sequence[Mention],
    interventions: Sequence[Intervention],
    amounts: Sequence[Amount],
    dates: Sequence[DateMention],
    body: str | None,
) -> list[Commitment]:
    """Every commitment in a document, in reading order."""
    state = DocState(
        source=source,
        body=body,
        mentions={m.mention_id: m for m in mentions},
        by_paragraph=_group(mentions, paragraphs),
        speaker_of={i.paragraph_id: i for i in interventions},
        amounts_of=_group(amounts, paragraphs),
        dates_of=_group(dates, paragraphs),
    )
    state.affiliation = actors.affiliations(paragraphs, state)
    frame: Frame | None = None
    frames: dict[str, Frame] = {}  # a list item's frame is its parent's
    pending_rows: list[int] = []
    for index, (paragraph, doc) in enumerate(zip(paragraphs, docs, strict=True)):
        if paragraph.kind == ParagraphKind.TABLE_ROW or (doc is None and paragraph.kind not in SKIPPED_KINDS):
            pending_rows.append(index)
            continue
        if paragraph.kind in SKIPPED_KINDS or doc is None:
            frame = None
            continue
        parent_frame = frames.get(paragraph.parent_id or "") or (frame if paragraph.kind == ParagraphKind.LIST_ITEM else None)
        found, new_frame = _paragraph(paragraph, doc, state, parent_frame)
        for item, amount in _assign_amounts(found, paragraph, state):
            state.found.append(_sentence_record(item, amount, paragraph, state))
            if item.actor is not None and item.actor.organisation and (item.actor.mention_id or item.actor.text == body_name(body)):
                state.last_org = item.actor
        if new_frame is not None:
            frames[paragraph.paragraph_id] = new_frame
        if new_frame is not None or paragraph.kind != ParagraphKind.LIST_ITEM:
            frame = new_frame
    # Rows are read last: their actor may be the council deciding below them.
    for index in pending_rows:
        contract = row_contract(index, paragraphs, state)
        if contract is not None:
            state.found.append(_row_record(paragraphs[index], contract, state))
    state.found.sort(key=lambda c: (c.char_start, c.commitment_id))
    return [_renumber(c, n, source.doc_id) for n, c in enumerate(state.found)]


def _renumber(commitment: Commitment, n: int, doc_id: str) -> Commitment:
    return replace(commitment, commitment_id=ids.doc_scoped(doc_id, "c", n))


def _group(items: Sequence, paragraphs: Sequence[Paragraph]) -> dict[str, list]:
    """Items by the paragraph holding them (by paragraph_id, else by offsets)."""
    grouped: dict[str, list] = {}
    spans = sorted(((p.char_start, p.char_end, p.paragraph_id) for p in paragraphs))
    for item in items:
        paragraph_id = getattr(item, "paragraph_id", None)
        if paragraph_id is None:
            paragraph_id = next((pid for lo, hi, pid in spans if lo <= item.char_start < hi), None)
        if paragraph_id is not None:
            grouped.setdefault(paragraph_id, []).append(item)
    return grouped
