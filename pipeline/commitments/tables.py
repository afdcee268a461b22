"""Contract tables: a row naming a firm and an amount under a contracts heading is a decision.

"Attribution des marchés : Lot 2 – ENTREPRISE DURAND – 12 500 € HT" decides to give
the firm the amount. The council decides when a decision follows the table,
else the chair acting under delegation who presents it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.commitments.actors import (
    Actor,
    DocState,
    body_actor,
    mention_actor,
    speaker_actor,
)
from pipeline.commitments.vocabulary import lexicon
from pipeline.records import Amount, AmountKind, Modality, Paragraph, ParagraphKind

ROW_ACTION = "attribuer"
UPPER_NAME = re.compile(r"\b[A-ZÀ-Ý][A-ZÀ-Ý'’&.-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý'’&.-]+)*\b")
PARENTHESIS = re.compile(r"\([^)]*\)")
DECIDES = re.compile(r"\bd[ée]cid", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RowContract:
    actor: Actor | None
    beneficiary: Actor
    amount: Amount
    date_id: str | None


def row_contract(index: int, paragraphs: Sequence[Paragraph], state: DocState) -> RowContract | None:
    """The contract a table row awards, if it names a firm and an amount under a contracts heading."""
    row = paragraphs[index]
    money = [a for a in state.amounts_of.get(row.paragraph_id, ()) if a.kind == AmountKind.MONEY]
    if not money:
        return None
    context: list[Paragraph] = []
    for previous in reversed(paragraphs[:index]):
        if previous.policy_id != row.policy_id:
            break
        context.append(previous)
        if previous.kind == ParagraphKind.HEADING:
            break
    if not lexicon().contract_words.search(" ".join(p.text for p in context)):
        return None
    mentions = state.by_paragraph.get(row.paragraph_id, ())
    beneficiary: Actor | None = mention_actor(mentions[0], state) if mentions else None
    if beneficiary is None:
        name = UPPER_NAME.search(PARENTHESIS.sub(" ", row.text))
        if name is None:
            return None
        beneficiary = Actor(None, name.group(0).strip(), True)
    dates = state.dates_of.get(row.paragraph_id)
    return RowContract(
        actor=_table_actor(index, paragraphs, context, state),
        beneficiary=beneficiary,
        amount=money[0],
        date_id=dates[0].date_id if dates else None,
    )


def _table_actor(index: int, paragraphs: Sequence[Paragraph], context: list[Paragraph], state: DocState) -> Actor | None:
    """The council when it decides on the table below it; else the chair acting under delegation."""
    lex = lexicon()
    row = paragraphs[index]
    delegated = any(lex.delegation_words.search(p.text) for p in context)
    if not delegated:
        for later in paragraphs[index + 1 :]:
            if later.policy_id != row.policy_id or later.kind == ParagraphKind.HEADING:
                break
            if later.kind == ParagraphKind.TABLE_ROW or not DECIDES.search(later.text):
                continue  # a remark between the table and the decision ("Il est à noter que ...")
            decided = [c for c in state.found if c.paragraph_id == later.paragraph_id and c.modality == Modality.DECIDED]
            if decided:
                return Actor(decided[0].actor_mention_id, decided[0].actor_text, True)
            return body_actor(state, "Conseil") if state.body else None
    for paragraph in reversed(context):
        speaker = speaker_actor(paragraph, state)
        if speaker is not None:
            return speaker
    return speaker_actor(row, state)

