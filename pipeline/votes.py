"""Votes: the recorded outcome of each deliberation.

Minutes state outcomes in a handful of shapes: a tally ("par 14 voix pour,
1 contre et 2 abstentions", "Pour : 5 / Contre : 0", "ONT VOTE POUR : 14"),
unanimity ("adopté à l'unanimité"), a body deciding ("Le Conseil municipal,
après en avoir délibéré, décide ..."), a passive outcome ("Le compte-rendu
est adopté", "la proposition est abandonnée") or an election ("a été élue
secrétaire de séance", "élu avec 11 voix"). Each sentence is read with the
regular expressions built from ``models/lexicons/votes.yaml``; no parse is
needed, so this stage runs on table rows and OCR text alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline import ids
from pipeline.records import (
    HeaderCount,
    Paragraph,
    ParagraphKind,
    Provenance,
    SourceDocument,
    Vote,
)
from pipeline.vote_reading import (
    APOSTROPHES,
    Outcome,
    completes,
    merge_outcomes,
    vote_patterns,
    paragraph_outcomes,
    read_outcome,
    split_sentences,
)

__all__ = ["STAGE", "find_votes", "paragraph_outcomes", "read_outcome", "run_stage", "split_sentences"]

STAGE = "minutes.votes.v1"

# Paragraphs that never record an outcome: page furniture and footnotes.
SKIPPED_KINDS = frozenset({ParagraphKind.HEADER, ParagraphKind.FOOTNOTE})


def _mismatch(outcome: Outcome, voters: int | None) -> bool:
    counted = [c for c in (outcome.votes_for, outcome.votes_against, outcome.abstentions) if c is not None]
    if outcome.mismatch:
        return True
    if voters is not None and counted and sum(counted) > voters:
        return True
    return bool(outcome.unanimous and outcome.votes_against)


# A vote block continues over short lines: "Pour : 62 Contre :" then
# "Abstentions : 3 Adopté à l'unanimité." (printed record of large councils),
# or one label per line in OCR'd extracts.
MAX_CONTINUATION_CHARS = 160
# How many paragraphs (list items aside) a spoken or announced outcome may
# stand before the printed record of the same vote.
SPOKEN_BEFORE_RECORD = 2


@dataclass(slots=True)
class _Found:
    paragraph: Paragraph
    outcome: Outcome
    end_paragraph: Paragraph
    spoken: Outcome | None = None  # the chair's words on the same vote, second to the record

    def final(self) -> Outcome:
        if self.spoken is None:
            return self.outcome
        return merge_outcomes(self.outcome, replace(self.spoken, start=self.outcome.start, end=self.outcome.end))


def _gap(first: Paragraph, second: Paragraph, by_seq: dict[int, Paragraph]) -> int | None:
    """Paragraphs between two of one agenda item (list items not counted), None across a heading or an item."""
    # Structure leaves label/value boxes (headers) outside any agenda item.
    if first.policy_id is not None and second.policy_id is not None and first.policy_id != second.policy_id:
        return None
    gap = 0
    for seq in range(first.seq + 1, second.seq):
        between = by_seq.get(seq)
        if between is None:
            continue
        if between.kind is ParagraphKind.HEADING:
            return None
        if between.kind is not ParagraphKind.LIST_ITEM:
            gap += 1
    return gap


# A paragraph this short that states an outcome is the outcome line itself ("Adopté à l'unanimité.").
MAX_OUTCOME_LINE_CHARS = 80


def _spoken_outcome(paragraph: Paragraph) -> bool:
    """The chair's call and outcome, or a bare outcome line: not prose recalling another vote."""
    text = APOSTROPHES.sub("'", paragraph.text)
    return len(text) <= MAX_OUTCOME_LINE_CHARS or bool(vote_patterns().vote_call.search(text))


def _announces(earlier: _Found, spoken_at: Paragraph, by_seq: dict[int, Paragraph]) -> bool:
    """An announcement of the elected ("Ont été élus :" before a list) right
    before the chair's spoken outcome, in the same item: the same vote."""
    o = earlier.outcome
    gap = _gap(earlier.end_paragraph, spoken_at, by_seq)
    return (
        gap is not None
        and earlier.paragraph.text.rstrip().endswith(":")
        and gap < SPOKEN_BEFORE_RECORD
        and not o.form
        and earlier.spoken is None
        and o.votes_for is None and o.votes_against is None and o.abstentions is None
    )


def _group(found: list[tuple[Paragraph, list[Outcome]]], paragraphs: Sequence[Paragraph]) -> list[_Found]:
    """Outcomes across paragraphs: a record continued on the next short
    line is one vote; a spoken or announced outcome shortly before the
    printed record of the same vote is that vote, anchored on the record
    (verbatim minutes of large councils print both)."""
    by_seq = {p.seq: p for p in paragraphs}
    grouped: list[_Found] = []
    for paragraph, outcomes in found:
        for index, outcome in enumerate(outcomes):
            previous = grouped[-1] if grouped else None
            gap = _gap(previous.end_paragraph, paragraph, by_seq) if previous is not None and index == 0 else None
            if (
                gap == 0
                and previous.outcome.form
                and len(outcomes) == 1
                and len(paragraph.text) <= MAX_CONTINUATION_CHARS
                and completes(previous.outcome, outcome)
            ):
                previous.outcome = merge_outcomes(previous.outcome, replace(outcome, start=previous.outcome.start))
                previous.end_paragraph = paragraph
                continue
            if (
                gap == 0
                and outcome.candidate
                and previous.outcome.candidate
                and paragraph.kind is ParagraphKind.LIST_ITEM
            ):
                # "- Jeanne : 11 voix" then "- Paul : 2 voix": one election, won by the most votes.
                best = max(previous.outcome.votes_for or 0, outcome.votes_for or 0)
                previous.outcome = replace(previous.outcome, votes_for=best)
                previous.end_paragraph = paragraph
                continue
            if (
                gap is not None
                and gap < SPOKEN_BEFORE_RECORD
                and outcome.form
                and not previous.outcome.form
                and previous.spoken is None
                and previous.paragraph.kind is not ParagraphKind.HEADER
                and _spoken_outcome(previous.paragraph)
                and completes(replace(previous.outcome, unanimous=None), outcome)
            ):
                record = _Found(paragraph, outcome, paragraph, spoken=previous.outcome)
                grouped[-1] = record
                # "Ont été élus : <list>" then the chair's "Adopté" then the record: one vote.
                reached = previous.paragraph
                while len(grouped) > 1 and _announces(grouped[-2], reached, by_seq):
                    reached = grouped[-2].paragraph
                    record.spoken = merge_outcomes(record.spoken, replace(grouped[-2].outcome, start=0, end=0))
                    del grouped[-2]
                continue
            grouped.append(_Found(paragraph, outcome, paragraph))
    return grouped


def _policy_of(item: _Found, ordered: Sequence[Paragraph]) -> str | None:
    """The agenda item of a vote: its paragraph's, else (a record box that
    structure left outside any item) the item of the nearest paragraph before it."""
    for paragraph in (item.paragraph, item.end_paragraph):
        if paragraph.policy_id is not None:
            return paragraph.policy_id
    before = [p for p in ordered if p.seq < item.paragraph.seq and p.kind is not ParagraphKind.HEADER]
    return before[-1].policy_id if before else None


def find_votes(source: SourceDocument, paragraphs: Sequence[Paragraph], *, voters: int | None = None) -> list[Vote]:
    """Every recorded vote outcome, one row per outcome, tied to its paragraph's agenda item."""
    found: list[tuple[Paragraph, list[Outcome]]] = []
    for paragraph in sorted(paragraphs, key=lambda p: p.seq):
        if paragraph.kind is ParagraphKind.FOOTNOTE:
            continue
        outcomes = paragraph_outcomes(paragraph.text)
        if paragraph.kind in SKIPPED_KINDS:
            # Structure files label/value boxes as headers; a tally form is one of them.
            outcomes = [o for o in outcomes if o.form]
        if outcomes:
            found.append((paragraph, outcomes))
    votes: list[Vote] = []
    ordered = sorted(paragraphs, key=lambda p: p.seq)
    for item in _group(found, paragraphs):
        outcome, paragraph = item.final(), item.paragraph
        if outcome.result is None:
            continue
        char_start = paragraph.char_start + outcome.start
        if item.end_paragraph is paragraph:
            char_end = paragraph.char_start + outcome.end
            text = paragraph.text[outcome.start : outcome.end]
        else:
            char_end = item.end_paragraph.char_end
            text = source.text[char_start:char_end]
        votes.append(
            Vote(
                vote_id=ids.doc_scoped(source.doc_id, "v", len(votes)),
                doc_id=source.doc_id,
                paragraph_id=paragraph.paragraph_id,
                policy_id=_policy_of(item, ordered),
                votes_for=outcome.votes_for,
                votes_against=outcome.votes_against,
                abstentions=outcome.abstentions,
                unanimous=bool(outcome.unanimous),
                result=outcome.result,
                text=text,
                provenance=Provenance.within(source, char_start, char_end, STAGE),
                count_mismatch=_mismatch(outcome, voters),
            )
        )
    return votes


def run_stage(*, source: SourceDocument, paragraphs: Sequence[Paragraph], header_counts: Sequence[HeaderCount]) -> list[Vote]:
    """The votes stage as the pipeline declares it: the header's count of voters checks the counts."""
    voters = next((c.value for c in header_counts if c.label == "votants"), None)
    return find_votes(source, paragraphs, voters=voters)
