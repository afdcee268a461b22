"""Reading vote outcomes in a sentence or a paragraph (the votes stage's grammar).

The regular expressions are built from ``models/lexicons/votes.yaml``; no
parse is needed, so this runs on table rows and OCR text alike. The stage
(:mod:`pipeline.votes`) groups these outcomes across paragraphs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.io import read_model_file
from pipeline.records import VoteResult

LEXICON = "lexicons/votes.yaml"
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
def vote_patterns() -> Patterns:
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
    patterns = vote_patterns()
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


def merge_outcomes(first: Outcome, tally: Outcome) -> Outcome:
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


def completes(previous: Outcome, tally: Outcome) -> bool:
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
    patterns = vote_patterns()
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
        if previous is not None and not outcome.decision and completes(previous, outcome):
            outcomes[-1] = merge_outcomes(previous, outcome)
        elif previous is not None and outcome.decision and not previous.decision and previous.result is None:
            outcomes[-1] = merge_outcomes(outcome, previous)
        else:
            outcomes.append(outcome)
    return outcomes


