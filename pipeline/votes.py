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
    empty_field: re.Pattern[str]  # "Contre :" with no figure in a tally form
    ballot_before: re.Pattern[str]  # "Suffrages exprimés : 27"
    ballot_after: re.Pattern[str]  # "29 votants"
    ballot_kinds: tuple[tuple[str, re.Pattern[str]], ...]
    present_agree: re.Pattern[str]
    vote_call: re.Pattern[str]


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
    form: bool = False  # a labelled tally ("Pour : 12"), as printed forms and vote blocks give
    candidate: bool = False  # only "N voix" with no label: one candidate's score in an election
    mismatch: bool = False  # the counts given do not add up (see ``_ballot_mismatch``)


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
    ballot = _alternation([form for forms in lex["ballot"].values() for form in forms])
    adv = r"(?:\s+\w+){0,2}?"
    return Patterns(
        unanimity=re.compile(_alternation(lex["unanimity"]), flags),
        unanimity_except=re.compile(
            rf"unanimit[ée]\W{{0,3}}{lex['unanimity_except']}\s+(?P<n>{number})\s+(?P<label>{any_label})", flags
        ),
        majority=re.compile(_alternation(lex["majority"]), flags),
        count_after=re.compile(
            rf"(?<![\w,.])(?P<n>{number})\s*(?:{tally})?{quote}(?P<label>{any_label})\b", flags
        ),
        count_before=re.compile(rf"\b(?P<label>{any_label}){quote}[:=]\s*(?P<n>{number})\b", flags),
        # "lors des 2 votes" counts ballots, not voters: no determiner before the count.
        bare_tally=re.compile(
            rf"(?<![\w,.])(?<!\bdes )(?<!\bles )(?<!\bces )(?<!\baux )(?P<n>{number})\s+(?:{tally})\b", flags
        ),
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
        # A printed tally form leaves a field blank when nobody voted so:
        # "Pour : 64 Contre :  Abstentions :" reads against 0, abstentions 0.
        empty_field=re.compile(rf"\b(?P<label>{any_label}){quote}:\s*(?=$|(?:{any_label}){quote}:)", flags),
        ballot_before=re.compile(rf"\b(?P<label>{ballot})\s*(?:[:=]|\.{{2,}}\s*:?)\s*(?P<n>\d{{1,4}})\b", flags),
        ballot_after=re.compile(rf"(?<![\d,.])(?P<n>\d{{1,4}})\s+(?P<label>{ballot})\b", flags),
        ballot_kinds=tuple(
            (kind, re.compile(rf"^(?:{_alternation(forms)})$", flags)) for kind, forms in lex["ballot"].items()
        ),
        present_agree=re.compile(_alternation(lex["present_agree"]), flags),
        vote_call=re.compile(_alternation(lex["vote_calls"]), flags),
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


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


@dataclass(frozen=True, slots=True)
class Ballot:
    """The labelled counts of a secret ballot: votants, blancs et nuls, exprimés, majorité absolue."""

    counts: dict[str, int]
    spans: list[tuple[int, int]]


def read_ballot(sentence: str, patterns: Patterns) -> Ballot:
    counts: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for pattern in (patterns.ballot_before, patterns.ballot_after):
        for match in pattern.finditer(sentence):
            if _overlaps(match.span(), spans):
                continue
            label = " ".join(match.group("label").split())
            kind = next((k for k, p in patterns.ballot_kinds if p.match(label)), None)
            value = _number(match.group("n"), patterns)
            if kind is None or value is None:
                continue
            # "blancs : 1, nuls : 2" add up; every other label is given once.
            counts[kind] = counts.get(kind, 0) + value if kind == "blank" else counts.get(kind, value)
            spans.append(match.span())
    return Ballot(counts, spans)


def _ballot_mismatch(ballot: Ballot, votes_for: int | None, candidates: list[int]) -> bool:
    """A ballot's arithmetic: exprimés = votants - blancs et nuls; no candidate
    above the exprimés; the candidates' votes not above the exprimés."""
    c = ballot.counts
    voters, blank, cast = c.get("voters"), c.get("blank"), c.get("cast")
    if voters is not None and cast is not None and (cast > voters or blank is not None and voters - blank != cast):
        return True
    ceiling = cast if cast is not None else voters
    if ceiling is not None and (sum(candidates) > ceiling or (votes_for or 0) > ceiling):
        return True
    return False


def _tally(sentence: str, patterns: Patterns, taken: list[tuple[int, int]] | None = None) -> tuple[dict[str, int], bool]:
    """Counts by kind ("for", "against", "abstain", "not_voting") that the
    sentence gives, and whether they come as a labelled form ("Pour : 5")."""
    found: dict[str, tuple[int, int]] = {}  # kind -> (count, position)
    used: list[tuple[int, int]] = list(taken or [])
    form = False
    for pattern in (patterns.count_before, patterns.count_after):
        for match in pattern.finditer(sentence):
            # "Pour : 62 Contre :": the 62 is taken by "Pour", never "62 Contre".
            if _overlaps(match.span("n"), used):
                continue
            kind = _label_kind(match.group("label"), patterns)
            value = _number(match.group("n"), patterns)
            if kind is None or value is None or kind in found:
                continue
            found[kind] = (value, match.start())
            used.append(match.span("n"))
            form = form or pattern is patterns.count_before
    if form:
        for match in patterns.empty_field.finditer(sentence):
            kind = _label_kind(match.group("label"), patterns)
            if kind is not None and kind not in found:
                found[kind] = (0, match.start())
    # A lone "pour" after a number is too common a preposition ("en 2016 pour");
    # trust it only next to a tally noun, a colon form, or another label.
    if found and not (len(found) > 1 or form or patterns.tally_noun.search(sentence)):
        found = {}
    if "for" not in found:
        bare = patterns.bare_tally.search(sentence)
        # "un vote", "une voix": an article, not a count of one.
        if bare is not None and bare.group("n").casefold() not in ("un", "une"):
            value = _number(bare.group("n"), patterns)
            if value is not None and not _overlaps(bare.span("n"), used):
                found["for"] = (value, bare.start())
    # Two labelled counts or more ("22 voix pour 01 voix contre") are a record as much as "Pour : 22".
    form = form or len(found) > 1
    return {kind: value for kind, (value, _) in found.items()}, form


def _candidate_votes(sentence: str, patterns: Patterns, taken: list[tuple[int, int]]) -> list[int]:
    """Every "N voix" of a ballot: one count per candidate."""
    values = []
    for match in patterns.bare_tally.finditer(sentence):
        value = _number(match.group("n"), patterns)
        if value is not None and not _overlaps(match.span("n"), taken) and match.group("n").casefold() not in ("un", "une"):
            values.append(value)
    return values


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
    agreed = patterns.present_agree.search(text)
    decision = bool(
        rejected
        or agreed
        or patterns.body_adopts.search(text)
        or patterns.passive_adopted.search(text)
        or patterns.impersonal.search(text)
        or patterns.elected.search(text)
    )
    ballot = read_ballot(text, patterns)
    counts, form = _tally(text, patterns, ballot.spans)
    candidates: list[int] = []
    if ballot.counts:
        # In a ballot the winner holds the most votes; the others are not "against".
        candidates = _candidate_votes(text, patterns, ballot.spans)
        if candidates and "for" not in counts:
            counts["for"] = max(candidates)
        elif candidates and counts.get("for") in candidates:
            counts["for"] = max(candidates)
    exceptions = _unanimity_exceptions(text, patterns)
    unanimous: bool | None = None
    if patterns.unanimity.search(text):
        unanimous = not exceptions
        counts = {**exceptions, **{k: v for k, v in counts.items() if k not in exceptions}}
    elif agreed:
        # "Les présents sont d'accord": everyone present, with no count.
        unanimous = True
    elif patterns.majority.search(text):
        unanimous = False
    counts.pop("not_voting", None)
    if not (decision or counts or unanimous is not None or ballot.counts):
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
        form=form or bool(ballot.counts),
        candidate=bool(counts) and set(counts) == {"for"} and not form and not decision and unanimous is None,
        mismatch=_ballot_mismatch(ballot, counts.get("for"), candidates) if ballot.counts else False,
    )


def _merge(first: Outcome, tally: Outcome) -> Outcome:
    """A tally sentence completing the decision sentence before it."""
    return replace(
        first,
        end=max(first.end, tally.end),
        decision=first.decision or tally.decision,
        unanimous=first.unanimous if first.unanimous is not None else tally.unanimous,
        result=first.result or tally.result,
        votes_for=first.votes_for if first.votes_for is not None else tally.votes_for,
        votes_against=first.votes_against if first.votes_against is not None else tally.votes_against,
        abstentions=first.abstentions if first.abstentions is not None else tally.abstentions,
        form=first.form or tally.form,
        mismatch=first.mismatch or tally.mismatch,
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
    """One outcome per decision in a paragraph; a tally-only sentence completes the decision before it.

    A paragraph holding the labelled counts of a ballot ("Votants : 29 ...
    Suffrages exprimés : 27") is read whole: its counts check each other
    across sentences.
    """
    patterns = _patterns()
    flat = APOSTROPHES.sub("'", text)
    if read_ballot(flat, patterns).counts:
        outcome = read_outcome(text)
        return [outcome] if outcome is not None else []
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
        return _merge(self.outcome, replace(self.spoken, start=self.outcome.start, end=self.outcome.end))


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
    return len(text) <= MAX_OUTCOME_LINE_CHARS or bool(_patterns().vote_call.search(text))


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
                and _completes(previous.outcome, outcome)
            ):
                previous.outcome = _merge(previous.outcome, replace(outcome, start=previous.outcome.start))
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
                and _completes(replace(previous.outcome, unanimous=None), outcome)
            ):
                record = _Found(paragraph, outcome, paragraph, spoken=previous.outcome)
                grouped[-1] = record
                # "Ont été élus : <list>" then the chair's "Adopté" then the record: one vote.
                reached = previous.paragraph
                while len(grouped) > 1 and _announces(grouped[-2], reached, by_seq):
                    reached = grouped[-2].paragraph
                    record.spoken = _merge(record.spoken, replace(grouped[-2].outcome, start=0, end=0))
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
