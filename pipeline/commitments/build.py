"""Commitment records from what was read: amounts and dates tied to each, rows
of tables, provenance."""

from __future__ import annotations

from spacy.tokens import Span

from pipeline import ids
from pipeline.commitments.actors import Actor, DocState
from pipeline.commitments.reading import STAGE, Found, _inside
from pipeline.commitments.tables import ROW_ACTION, RowContract
from pipeline.records import (
    Amount,
    AmountKind,
    Commitment,
    Modality,
    Paragraph,
    Provenance,
)

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
        provenance=Provenance.within(source, start, end, STAGE),
    )
