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

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from pipeline import ids
from pipeline.commitments import actors
from pipeline.commitments.actors import DocState, body_name
from pipeline.commitments.build import _assign_amounts, _row_record, _sentence_record
from pipeline.commitments.reading import SKIPPED_KINDS, Frame, _paragraph
from pipeline.commitments.tables import row_contract
from pipeline.records import (
    Amount,
    Commitment,
    DateMention,
    Intervention,
    Meeting,
    Mention,
    Paragraph,
    ParagraphKind,
    SourceDocument,
)

# --- the stage ---------------------------------------------------------------------


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


def run_stage(
    *,
    source: SourceDocument,
    nlp_paragraphs: Sequence[Paragraph],
    docs: Sequence[Doc | None],
    mentions: Sequence[Mention],
    interventions: Sequence[Intervention],
    amounts: Sequence[Amount],
    dates: Sequence[DateMention],
    meeting: Meeting,
) -> list[Commitment]:
    """The commitments stage as the pipeline declares it (see :mod:`pipeline.run`)."""
    return find_commitments(
        source, nlp_paragraphs, docs, mentions=mentions, interventions=interventions, amounts=amounts, dates=dates, body=meeting.body
    )
