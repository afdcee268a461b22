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

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline import ids
from pipeline.io import read_model_file
from pipeline.records import (
    HeaderCount,
    Paragraph,
    ParagraphKind,
    Provenance,
    SourceDocument,
    Vote,
    VoteResult,
)

STAGE = "minutes.votes.v1"
LEXICON = "lexicons/votes.yaml"

# Paragraphs that never record an outcome: page furniture and footnotes.
SKIPPED_KINDS = frozenset({ParagraphKind.HEADER, ParagraphKind.FOOTNOTE})
# A tally above this is a year or an amount, not a head count.
MAX_COUNT = 999
APOSTROPHES = re.compile(r"[\u2019\u02bc`´]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"(A-ZÀ-Ý0-9])")


@dataclass(frozen=True, slots=True)
class Patterns:
    unanimity: re.Pattern[str]
    unanimity_except: re.Pattern[str]
    majority: re.Pattern[str]
    count_after: re.Pattern[str]  # "14 voix pour"
    count_before: re.Pattern[str]  # "Pour : 5"
    bare_tally: re.Pattern[str]  # "élu avec 11 voix", "13 votes"
    label_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    tally_noun: re.Pattern[str]
    body_adopts: re.Pattern[str]
    body_rejects: re.Pattern[str]
    passive_adopted: re.Pattern[str]
    passive_rejected: re.Pattern[str]
    impersonal: re.Pattern[str]
    elected: re.Pattern[str]
    numbers: dict[str, int]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one sentence says about a vote, before it becomes a record."""

    start: int
    end: int
    decision: bool  # names what was decided (a body, a passive outcome), not only a tally
    result: VoteResult | None
    unanimous: bool | None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None


def _alternation(items: Sequence[str]) -> str:
    return "(?:" + "|".join(f"(?:{item})" for item in sorted(items, key=len, reverse=True)) + ")"


@functools.cache
def _patterns() -> Patterns:
    lex = read_model_file(LEXICON)
    numbers = {str(k).casefold(): int(v) for k, v in lex["numbers"].items()}
    number = rf"(?:\d{{1,4}}|{_alternation([re.escape(w) for w in numbers])})"
    labels: dict[str, list[str]] = lex["labels"]
    any_label = _alternation([p for forms in labels.values() for p in forms])
    tally = _alternation(lex["tally_nouns"])
    flags = re.IGNORECASE
    # Guillemets and dashes around a label: 16 voix « Pour »
    quote = r"[\s«»\"“”]*"
    body = _alternation(lex["bodies"])
    # The body must open its clause (sentence start or after a comma) to be the
    # subject; "explique aux membres du Conseil" must not count.
    subject = rf"(?:^|[,;:]\s*|\bet\s+)(?:(?:le|la|les|l')\s*){body}\b"
    between = r"[^;:.]{0,260}?"
    aux = _alternation([re.escape(a) for a in lex["passive_auxiliaries"]])
    adv = r"(?:\s+\w+){0,2}?"
    return Patterns(
        unanimity=re.compile(_alternation(lex["unanimity"]), flags),
        unanimity_except=re.compile(
            rf"unanimit[ée]\W{{0,3}}{lex['unanimity_except']}\s+(?P<n>{number})\s+(?P<label>{any_label})", flags
        ),
        majority=re.compile(_alternation(lex["majority"]), flags),
        count_after=re.compile(
            rf"(?<![\d,.])(?P<n>{number})\s*(?:{tally})?{quote}(?P<label>{any_label})\b", flags
        ),
        count_before=re.compile(rf"\b(?P<label>{any_label}){quote}[:=]\s*(?P<n>{number})\b", flags),
        bare_tally=re.compile(rf"(?<![\d,.])(?P<n>{number})\s+(?:{tally})\b", flags),
        label_kinds=tuple(
            (kind, re.compile(rf"^(?:{_alternation(forms)})$", flags)) for kind, forms in labels.items()
        ),
        tally_noun=re.compile(rf"\b(?:{tally}|vote|scrutin)\b", flags),
        body_adopts=re.compile(rf"{subject}{between}\b(?:{_alternation(lex['adopting_verbs'])})\b", flags),
        body_rejects=re.compile(rf"{subject}{between}\b(?:{_alternation(lex['rejecting_verbs'])})\b", flags),
        passive_adopted=re.compile(
            rf"(?:^\W*|\b(?:{aux}){adv}\s+)(?:{_alternation(lex['adopted_participles'])})(?:e|s|es)?\b", flags
        ),
        passive_rejected=re.compile(
            rf"\b(?:{aux}){adv}\s+(?:{_alternation(lex['rejected_participles'])})(?:e|s|es)?\b", flags
        ),
        impersonal=re.compile(_alternation(lex["impersonal_decided"]), flags),
        elected=re.compile(_alternation(lex["elected"]), flags),
        numbers=numbers,
    )


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph, by punctuation (no parse needed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _number(token: str, patterns: Patterns) -> int | None:
    if token.isdigit():
        value = int(token)
        return value if value <= MAX_COUNT else None
    return patterns.numbers.get(token.casefold())


def _label_kind(label: str, patterns: Patterns) -> str | None:
    folded = " ".join(label.split())
    for kind, pattern in patterns.label_kinds:
        if pattern.match(folded):
            return kind
    return None


def _tally(sentence: str, patterns: Patterns) -> dict[str, int]:
    """Counts by kind ("for", "against", "abstain") that the sentence gives."""
    found: dict[str, tuple[int, int]] = {}  # kind -> (count, position)
    for pattern in (patterns.count_before, patterns.count_after):
        for match in pattern.finditer(sentence):
            kind = _label_kind(match.group("label"), patterns)
            value = _number(match.group("n"), patterns)
            if kind is None or value is None or kind in found:
                continue
            found[kind] = (value, match.start())
    # A lone "pour" after a number is too common a preposition ("en 2016 pour");
    # trust it only next to a tally noun, a colon form, or another label.
    if found and not (len(found) > 1 or patterns.tally_noun.search(sentence) or patterns.count_before.search(sentence)):
        found = {}
    if "for" not in found:
        bare = patterns.bare_tally.search(sentence)
        # "un vote", "une voix": an article, not a count of one.
        if bare is not None and bare.group("n").casefold() not in ("un", "une"):
            value = _number(bare.group("n"), patterns)
            taken = {pos for _, pos in found.values()}
            if value is not None and bare.start() not in taken:  # noqa: SIM102
                found["for"] = (value, bare.start())
    return {kind: value for kind, (value, _) in found.items()}


def _unanimity_exceptions(sentence: str, patterns: Patterns) -> dict[str, int]:
    match = patterns.unanimity_except.search(sentence)
    if match is None:
        return {}
    kind = _label_kind(match.group("label"), patterns)
    value = _number(match.group("n"), patterns)
    if kind is None or value is None:
        return {}
    # "unanimité moins deux voix" names votes lost to the motion: against.
    return {"against" if kind == "for" else kind: value}


def read_outcome(sentence: str, *, start: int = 0) -> Outcome | None:
    """What a sentence says about a vote, or None when it records no outcome."""
    patterns = _patterns()
    text = APOSTROPHES.sub("'", sentence)
    rejected = bool(patterns.body_rejects.search(text) or patterns.passive_rejected.search(text))
    negated_adoption = re.search(r"\bn'(?:est|a|ont|sont)\s+pas\s+(?:été\s+)?(?:adopt|approuv|accept|vot)", text, re.I)
    rejected = rejected or bool(negated_adoption)
    decision = bool(
        rejected
        or patterns.body_adopts.search(text)
        or patterns.passive_adopted.search(text)
        or patterns.impersonal.search(text)
        or patterns.elected.search(text)
    )
    counts = _tally(text, patterns)
    exceptions = _unanimity_exceptions(text, patterns)
    unanimous: bool | None = None
    if patterns.unanimity.search(text):
        unanimous = not exceptions
        counts = {**exceptions, **{k: v for k, v in counts.items() if k not in exceptions}}
    elif patterns.majority.search(text):
        unanimous = False
    if not (decision or counts or unanimous is not None):
        return None
    result: VoteResult | None = None
    if rejected:
        result = VoteResult.REJECTED
    elif decision or unanimous is not None:
        result = VoteResult.ADOPTED
    elif "for" in counts:
        result = VoteResult.ADOPTED if counts["for"] > counts.get("against", 0) else VoteResult.REJECTED
    return Outcome(
        start=start,
        end=start + len(sentence),
        decision=decision,
        result=result,
        unanimous=unanimous,
        votes_for=counts.get("for"),
        votes_against=counts.get("against"),
        abstentions=counts.get("abstain"),
    )


def _merge(first: Outcome, tally: Outcome) -> Outcome:
    """A tally sentence completing the decision sentence before it."""
    return replace(
        first,
        end=tally.end,
        unanimous=first.unanimous if first.unanimous is not None else tally.unanimous,
        result=first.result or tally.result,
        votes_for=first.votes_for if first.votes_for is not None else tally.votes_for,
        votes_against=first.votes_against if first.votes_against is not None else tally.votes_against,
        abstentions=first.abstentions if first.abstentions is not None else tally.abstentions,
    )


def _completes(previous: Outcome, tally: Outcome) -> bool:
    """A tally adds to the outcome before it when it gives what that one lacks ("Pour : 12. Contre : 2.")."""
    pairs = [
        (previous.votes_for, tally.votes_for),
        (previous.votes_against, tally.votes_against),
        (previous.abstentions, tally.abstentions),
        (previous.unanimous, tally.unanimous),
    ]
    return all(old is None or new is None for old, new in pairs)


def paragraph_outcomes(text: str) -> list[Outcome]:
    """One outcome per decision in a paragraph; a tally-only sentence completes the decision before it."""
    outcomes: list[Outcome] = []
    for start, end in split_sentences(text):
        outcome = read_outcome(text[start:end], start=start)
        if outcome is None:
            continue
        previous = outcomes[-1] if outcomes else None
        if previous is not None and not outcome.decision and _completes(previous, outcome):
            outcomes[-1] = _merge(previous, outcome)
        elif previous is not None and outcome.decision and not previous.decision and previous.result is None:
            outcomes[-1] = _merge(outcome, previous)
        else:
            outcomes.append(outcome)
    return outcomes


def _mismatch(outcome: Outcome, voters: int | None) -> bool:
    counted = [c for c in (outcome.votes_for, outcome.votes_against, outcome.abstentions) if c is not None]
    if voters is not None and counted and sum(counted) > voters:
        return True
    return bool(outcome.unanimous and outcome.votes_against)


def find_votes(source: SourceDocument, paragraphs: Sequence[Paragraph], *, voters: int | None = None) -> list[Vote]:
    """Every recorded vote outcome, one row per outcome, tied to its paragraph's agenda item."""
    votes: list[Vote] = []
    for paragraph in paragraphs:
        if paragraph.kind in SKIPPED_KINDS:
            continue
        for outcome in paragraph_outcomes(paragraph.text):
            if outcome.result is None:
                continue
            char_start = paragraph.char_start + outcome.start
            char_end = paragraph.char_start + outcome.end
            votes.append(
                Vote(
                    vote_id=ids.doc_scoped(source.doc_id, "v", len(votes)),
                    doc_id=source.doc_id,
                    paragraph_id=paragraph.paragraph_id,
                    policy_id=paragraph.policy_id,
                    votes_for=outcome.votes_for,
                    votes_against=outcome.votes_against,
                    abstentions=outcome.abstentions,
                    unanimous=bool(outcome.unanimous),
                    result=outcome.result,
                    text=paragraph.text[outcome.start : outcome.end],
                    provenance=Provenance.within(source, char_start, char_end, STAGE),
                    count_mismatch=_mismatch(outcome, voters),
                )
            )
    return votes


def run_stage(*, source: SourceDocument, paragraphs: Sequence[Paragraph], header_counts: Sequence[HeaderCount]) -> list[Vote]:
    """The votes stage as the pipeline declares it: the header's count of voters checks the counts."""
    voters = next((c.value for c in header_counts if c.label == "votants"), None)
    return find_votes(source, paragraphs, voters=voters)
