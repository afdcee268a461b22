"""The commitments lexicon (``models/lexicons/commitments.yaml``), read once and typed."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.io import read_model_file
from pipeline.lexicon import fold
from pipeline.records import Modality

LEXICON = "lexicons/commitments.yaml"
WORD = re.compile(r"[^\s'\u2019\u02bc]+['\u2019\u02bc]?")  # "d'Administration" is two words


def folded_words(text: str) -> list[tuple[int, str]]:
    """Each word's start offset and folded form; an elided article is a word of its own."""
    return [(m.start(), fold(m.group())) for m in WORD.finditer(text)]


@dataclass(frozen=True, slots=True)
class Lexicon:
    governors: dict[str, Modality]
    clause_governors: frozenset[str]
    standalone_governors: frozenset[str]
    grant_verbs: frozenset[str]
    event_verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    scheduling: frozenset[tuple[str, ...]]
    receipt_verbs: frozenset[str]
    refusal_nouns: frozenset[str]
    necessity_verbs: frozenset[str]
    impersonal: dict[str, Modality]
    reporting_verbs: frozenset[str]
    question_verbs: frozenset[str]
    question_cues: re.Pattern[str]
    opinion_verbs: frozenset[str]
    opinion_markers: re.Pattern[str]
    non_decision_verbs: frozenset[str]
    non_decision_objects: frozenset[str]
    funding_nouns: frozenset[str]
    council_subjects: frozenset[str]  # folded
    organs: tuple[tuple[str, ...], ...]  # folded words, longest first
    owner_connectors: tuple[tuple[str, ...], ...]  # folded words, longest first
    municipal_council: str
    commune_words: frozenset[str]
    organisation_nouns: frozenset[str]
    agent_markers: tuple[str, ...]
    speaker_pronouns: frozenset[str]
    person_titles: frozenset[str]  # folded
    body_pronouns: frozenset[str]
    contract_words: re.Pattern[str]
    delegation_words: re.Pattern[str]

    def organ(self, text: str) -> bool:
        """"Assemblée Générale", "le Bureau": an organ acting for its organisation."""
        words = tuple(w for _, w in folded_words(text))
        return words in self.organs

    def names_council(self, text: str) -> bool:
        """"Le Conseil municipal", "L'assemblée": the meeting's body as a subject."""
        return fold(text) in self.council_subjects


def _word_tuples(phrases: list[str]) -> tuple[tuple[str, ...], ...]:
    tuples = {tuple(w for _, w in folded_words(p)) for p in phrases}
    return tuple(sorted(tuples, key=lambda t: (-len(t), t)))


@functools.cache
def lexicon() -> Lexicon:
    lex = read_model_file(LEXICON)
    governors = {lemma: Modality(modality) for modality, lemmas in lex["governors"].items() for lemma in lemmas}
    impersonal = {
        **{lemma: Modality.DECIDED for lemma in lex["impersonal_decided"]},
        **{lemma: Modality.PLANNED for lemma in lex["impersonal_planned"]},
        **{lemma: Modality.PROPOSED for lemma in lex["impersonal_proposed"]},
    }

    def words(key: str) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in lex[key]) + r")\b", re.IGNORECASE)

    return Lexicon(
        governors=governors,
        clause_governors=frozenset(lex["clause_governors"]),
        standalone_governors=frozenset(lex["standalone_governors"]),
        grant_verbs=frozenset(lex["grant_verbs"]),
        event_verbs=frozenset(lex["event_verbs"]),
        phrases=tuple(tuple(p) for p in lex["phrases"]),
        scheduling=frozenset(tuple(p) for p in lex["scheduling"]),
        receipt_verbs=frozenset(lex["receipt_verbs"]),
        refusal_nouns=frozenset(lex["refusal_nouns"]),
        necessity_verbs=frozenset(lex["necessity_verbs"]),
        impersonal=impersonal,
        reporting_verbs=frozenset(lex["reporting_verbs"]),
        question_verbs=frozenset(lex["question_verbs"]),
        question_cues=words("question_cues"),
        opinion_verbs=frozenset(lex["opinion_verbs"]),
        opinion_markers=re.compile(
            r"^\W*(?:" + "|".join(re.escape(m) for m in lex["opinion_markers"]) + r")\b", re.IGNORECASE
        ),
        non_decision_verbs=frozenset(lex["non_decision_verbs"]),
        non_decision_objects=frozenset(lex["non_decision_objects"]),
        funding_nouns=frozenset(lex["funding_nouns"]),
        council_subjects=frozenset(fold(s) for s in lex["council_subjects"]),
        organs=_word_tuples(lex["organs"]),
        owner_connectors=_word_tuples(lex["owner_connectors"]),
        municipal_council=str(lex["municipal_council"]),
        commune_words=frozenset(w.casefold() for w in lex["commune_words"]),
        organisation_nouns=frozenset(lex["organisation_nouns"]),
        agent_markers=tuple(lex["agent_markers"]),
        speaker_pronouns=frozenset(lex["speaker_pronouns"]),
        person_titles=frozenset(fold(t) for t in lex["person_titles"]),
        body_pronouns=frozenset(lex["body_pronouns"]),
        contract_words=words("contract_words"),
        delegation_words=words("delegation_words"),
    )
