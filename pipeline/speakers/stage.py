"""The speakers stage: every paragraph's turns attributed, with evidence and
confidence, and role mentions resolved to the meeting's role holders."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline import ids
from pipeline.agenda import assign_discussion_items
from pipeline.lexicon import (
    role_of,
    structure_patterns,
)
from pipeline.names import parse_person_name
from pipeline.records import (
    AttendanceEntry,
    EntityKind,
    Intervention,
    InterventionCue,
    Mention,
    Paragraph,
    ParagraphKind,
    Policy,
    Provenance,
    SourceDocument,
    SpeechAct,
)
from pipeline.speakers.cues import (
    STAGE,
    DocumentNames,
    Speaker,
    SpeakerResult,
    _act,
    _civility,
    _Cue,
    _is_speaker_text,
    _patterns,
    common_name_words,
)
from pipeline.speakers.floor import (
    CONFIDENCE,
    RAPPORTEUR,
    REPORT,
    VERBATIM_TURNS,
    VOTE_LINE,
    _addresses,
    _attribute,
    _body_text,
    _exposé_then_request,
    _first_words,
    _Floor,
    _named,
    _numbering,
    _person_key,
    _proposals_before_decisions,
    _replies,
    _role_gender,
    _vote_call,
)
from pipeline.speakers.holders import LISTED, find_holders
from pipeline.speakers.turns import turns

# --- the stage proper ---------------------------------------------------------------


def find_speakers(
    source: SourceDocument,
    paragraphs: Sequence[Paragraph],
    *,
    attendance: Sequence[AttendanceEntry] = (),
    policies: Sequence[Policy] = (),
) -> SpeakerResult:
    result = SpeakerResult()
    presenters: set[str] = set()
    names = DocumentNames.of(source.text, [n for e in attendance for n in (e.family_name, e.given_name) if n])
    holders = find_holders(source.text, attendance)
    holder_mentions: dict[str, str] = {}
    children: dict[str, list[Paragraph]] = {}
    for paragraph in paragraphs:
        if paragraph.parent_id:
            children.setdefault(paragraph.parent_id, []).append(paragraph)
    floor = _Floor()
    presentation = structure_patterns().presentation
    p = _patterns()
    spans_of = {
        paragraph.paragraph_id: turns(paragraph.text, names)
        for paragraph in paragraphs
        if paragraph.kind == ParagraphKind.PARAGRAPH
    }
    verbatim = sum(1 for spans in spans_of.values() if spans[0][2] is not None and spans[0][2].kind == "direct") >= VERBATIM_TURNS

    def new_mention(paragraph: Paragraph, start: int, end: int, who: str, refers_to: str | None) -> Speaker:
        mention_id = ids.doc_scoped(source.doc_id, "ms", len(result.mentions))
        doc_start, doc_end = paragraph.char_start + start, paragraph.char_start + end
        bare = re.sub(rf"^{_civility()}\s+", "", who)
        name = parse_person_name(who, allow_bare_family=bare != who)
        gender = name.gender if name else _role_gender(who)
        result.mentions.append(
            Mention(
                mention_id=mention_id,
                doc_id=source.doc_id,
                paragraph_id=paragraph.paragraph_id,
                entity_kind=EntityKind.PERSON,
                text=" ".join(who.split()),
                char_start=doc_start,
                char_end=doc_end,
                provenance=Provenance.in_paragraph(paragraph, doc_start, doc_end, STAGE),
                given_name=name.given if name and refers_to is None else None,
                family_name=name.family if name and refers_to is None else None,
                civility=name.civility if name else None,
                role=role_of(who) if refers_to or not (name and name.family) else None,
                refers_to=refers_to,
            )
        )
        return Speaker(mention_id, who, gender)

    def holder_of(role: str | None) -> tuple[str | None, float]:
        """The mention a role resolves to in this document, and the confidence it gives."""
        if role == "Rapporteur" and floor.presenter is not None:
            return floor.presenter.mention_id, CONFIDENCE["role_listed"]
        holder = holders.get(role or "")
        if holder is None:
            return None, CONFIDENCE["role"]
        confidence = CONFIDENCE["role_listed"] if holder.strength >= LISTED else CONFIDENCE["role_stated"]
        if holder.mention_id:
            return holder.mention_id, confidence
        if role not in holder_mentions:
            where = next((q for q in paragraphs if q.char_start <= holder.start < q.char_end), None)
            if where is None:
                return None, CONFIDENCE["role"]
            speaker = new_mention(where, holder.start - where.char_start, holder.end - where.char_start, holder.name, None)
            holder_mentions[role or ""] = speaker.mention_id
        return holder_mentions[role or ""], confidence

    def named(cue: _Cue, paragraph: Paragraph, offset: int) -> tuple[Speaker, str, float]:
        role = role_of(cue.who)
        is_role = role is not None and not _named(cue.who)
        if is_role:
            refers_to, confidence = holder_of(role)
            speaker = new_mention(paragraph, offset + cue.start, offset + cue.end, cue.who, refers_to)
            return speaker, "role", confidence
        speaker = new_mention(paragraph, offset + cue.start, offset + cue.end, cue.who, None)
        return speaker, cue.kind, CONFIDENCE.get(cue.kind, 0.5)

    def label_speaker(paragraph: Paragraph, match: re.Match[str], *, resolved_only: bool = False) -> tuple[Speaker, float] | None:
        """The speaker a label names; with ``resolved_only``, None for a role nobody is named for."""
        who = match.group("who").strip()
        if not _is_speaker_text(who, names) or common_name_words(who, names):
            return None
        role = role_of(who)
        if resolved_only and role is not None and not _named(who) and holder_of(role)[0] is None:
            return None
        start = match.start("who")
        cue = _Cue("direct", start, start + len(who), who, None)
        speaker, _, confidence = named(cue, paragraph, 0)
        return speaker, confidence

    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if paragraph.kind == ParagraphKind.HEADING:
            floor.last = None
            style = _numbering(text)
            if floor.scope == "item":
                # "I) PRINCIPES" or "PRINCIPES :" under "7- Frais de déplacement": the same exposé goes on;
                # a heading numbered like the item's opens the next item.
                sub_heading = floor.item_style is not None and style != floor.item_style
                if not sub_heading and (paragraph.policy_id != floor.policy or style is not None):
                    floor.presenter, floor.scope, floor.item_style = None, "", style
            elif style is not None:
                floor.item_style = style
            match = presentation.match(text)
            label = p.role_label_end.search(paragraph.text) or p.name_label_end.search(paragraph.text) or RAPPORTEUR.search(paragraph.text)
            if match and _is_speaker_text(match.group("name"), names):
                offset = paragraph.text.find(match.group("name"))
                floor.presenter = new_mention(paragraph, offset, offset + len(match.group("name")), match.group("name"), None)
                floor.presenter_confidence = CONFIDENCE["presenter"]
                floor.scope, floor.policy = "section", paragraph.policy_id
                presenters.add(floor.presenter.mention_id)
            elif label and (found := label_speaker(paragraph, label, resolved_only=True)):
                # "1- Budget  Monsieur le Maire:": the written report under the heading is the rapporteur's.
                floor.presenter, floor.presenter_confidence = found[0], min(found[1], CONFIDENCE["presenter"])
                floor.scope, floor.policy = "item", paragraph.policy_id
            continue
        if paragraph.kind != ParagraphKind.PARAGRAPH:
            if VOTE_LINE.match(text):
                floor.close_item()
            if paragraph.kind == ParagraphKind.HEADER:
                # A margin label set on the line of a vote record ("Pour : 54  3- Budget  Monsieur le Maire:").
                label = p.role_label_end.search(paragraph.text) or p.name_label_end.search(paragraph.text)
                if label and (found := label_speaker(paragraph, label, resolved_only=True)):
                    floor.last = None
                    floor.presenter, floor.presenter_confidence = found[0], min(found[1], CONFIDENCE["presenter"])
                    floor.scope, floor.policy = "item", paragraph.policy_id
            continue

        label = p.label.match(paragraph.text) or RAPPORTEUR.fullmatch(text)
        if label and not (text.endswith(":") or role_of(label.group("who"))):
            label = None  # "Divers", "SES": a lone word without a colon labels nothing
        if label and (found := label_speaker(paragraph, label)):
            # "Monsieur le Maire :" on its own line: the next paragraphs are that person's.
            floor.take(*found)
            if text.endswith(":") and found[1] > CONFIDENCE["role"]:
                # An exposé follows a label that names someone; "Le responsable des actions :" in a
                # plan's list of roles names nobody, and opens nothing.
                floor.presenter, floor.presenter_confidence = found[0], min(found[1], CONFIDENCE["presenter"])
                floor.scope, floor.policy = "item", paragraph.policy_id
            continue

        spans = spans_of[paragraph.paragraph_id]
        if floor.last is None and floor.presenter is None:
            spans = _exposé_then_request(paragraph.text, spans)
        for index, (start, end, cue) in enumerate(spans):
            turn_text = paragraph.text[start:end]
            speaker, kind, confidence = _attribute(cue, floor, turn_text, paragraph, start, named, verbatim=verbatim, first=index == 0)
            if cue is not None and cue.kind not in ("body", "continuation", "joint", "other") and speaker is not None:
                if (cue.verb and p.presentation_verbs.match(cue.verb) or REPORT.search(_first_words(turn_text, 25))) and floor.scope != "section":
                    # "X, rapporteur, expose :", "X présente le projet de budget": the exposé that
                    # follows, to the next heading, is X's.
                    floor.presenter, floor.scope, floor.policy = speaker, "item", paragraph.policy_id
                    floor.presenter_confidence = CONFIDENCE["presenter"]
            if kind == "body":
                floor.close_item()
            elif kind == "break":
                floor.last = None
            elif speaker is not None and kind not in ("continuation", "presenter"):
                floor.take(speaker, confidence)
                if index > 0 and not verbatim:
                    # "... . Harmonie se propose pour ...": a turn the writer set inside a paragraph
                    # about something else ends with that paragraph.
                    floor.last_confidence = 0.0
            elif kind in ("continuation", "skip"):
                floor.since += 1
            if speaker is None and kind != "body":
                continue
            last_span = index == len(spans) - 1
            parts = [paragraph, *children.get(paragraph.paragraph_id, [])] if last_span else [paragraph]
            whole = turn_text.strip()
            if last_span and len(parts) > 1:
                whole = " ".join([whole, *(part.text for part in parts[1:])])
            doc_start = paragraph.char_start + start
            doc_end = parts[-1].char_end if last_span else paragraph.char_start + end
            previous = result.interventions[-1] if result.interventions else None
            changed = previous is None or previous.speaker_mention_id != (speaker.mention_id if speaker else None)
            act = _act(cue, whole, previous, changed, reply=index > 0 and changed and _replies(kind, previous))
            if kind in ("continuation", "presenter") and act == SpeechAct.STATEMENT and floor.last_act == SpeechAct.ANSWER:
                act = SpeechAct.ANSWER  # an answer goes on over the paragraphs of its turn
            if kind == "chair_decision" or (speaker is not None and _vote_call(whole)):
                act = SpeechAct.DECISION
            elif act in (SpeechAct.STATEMENT, SpeechAct.PROPOSAL) and speaker is not None and changed and _addresses(whole, result.interventions[-4:], result.mentions, speaker):
                act = SpeechAct.ANSWER  # "Merci, Madame X. ..." right after X spoke: the reply to X
            if speaker is not None:
                floor.last_act = act
            result.interventions.append(
                Intervention(
                    intervention_id=ids.doc_scoped(source.doc_id, "i", len(result.interventions)),
                    doc_id=source.doc_id,
                    seq=len(result.interventions),
                    paragraph_id=paragraph.paragraph_id,
                    speaker_mention_id=speaker.mention_id if speaker else None,
                    speaker_text=speaker.text if speaker else _body_text(whole),
                    text=whole,
                    act=act,
                    policy_id=paragraph.policy_id,
                    cue=InterventionCue("continuation" if kind == "chair_decision" else kind),
                    provenance=Provenance.in_paragraph(paragraph, doc_start, doc_end, STAGE),
                    confidence=round(confidence, 2) if speaker is not None else None,
                )
            )
    result.interventions = _proposals_before_decisions(result.interventions)
    same_person = {m.mention_id: _person_key(m) for m in result.mentions}
    result.interventions = assign_discussion_items(
        result.interventions, policies, presenter_mentions=frozenset(presenters), same_person=same_person
    )
    return result


# "Je mets aux voix", "Qui est contre ?", "Adopté": the chair puts to the vote or
# proclaims the outcome. Serves verbatim council minutes.


def run_stage(
    *, source: SourceDocument, paragraphs: Sequence[Paragraph], attendance: Sequence[AttendanceEntry], policies: Sequence[Policy]
) -> SpeakerResult:
    """The speakers stage as the pipeline declares it (see :mod:`pipeline.run`)."""
    return find_speakers(source, paragraphs, attendance=attendance, policies=policies)
