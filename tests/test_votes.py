"""Vote outcomes: each formula French minutes use, and sentences that are not votes."""

from __future__ import annotations

import pytest

from pipeline.records import Page, Paragraph, ParagraphKind, SourceDocument, VoteResult
from pipeline.votes import STAGE, find_votes, read_outcome, split_sentences

A, R = VoteResult.ADOPTED, VoteResult.REJECTED

# sentence, result, unanimous, for, against, abstentions
OUTCOMES = [
    ("Le rapport est adopté à l'unanimité.", A, True, None, None, None),
    ("A l'unanimité, le Conseil Municipal accepte cette proposition et autorise le maire à signer.", A, True, None, None, None),
    ("La délibération est adoptée par 14 voix pour, 1 contre et 2 abstentions.", A, False, 14, 1, 2),
    ("ONT VOTE POUR : 14", A, False, 14, None, None),
    ("Pour : 5 / Contre : 0 / Abstention : 1", A, False, 5, 0, 1),
    ("Le Conseil municipal donne son accord.", A, False, None, None, None),
    ("Le Conseil municipal, après en avoir délibéré, décide à l’unanimité des membres présents :", A, True, None, None, None),
    ("Les membres du Conseil municipal, après avoir entendu son rapporteur, décident avec 16 voix « Pour » et 3 abstentions :",
     A, False, 16, None, 3),
    ("M. Bernard est élu avec 11 voix.", A, False, 11, None, None),
    ("Madame Chantal KERVELLA a été élue secrétaire de séance.", A, False, None, None, None),
    ("Le compte-rendu est adopté à la majorité.", A, False, None, None, None),
    ("Adopté à l'unanimité moins deux abstentions.", A, False, None, None, 2),
    ("La motion est rejetée.", R, False, None, None, None),
    ("Après en avoir délibéré, le Conseil, pour des raisons pratiques, refuse de laisser cette salle à disposition.",
     R, False, None, None, None),
    ("La proposition n'ayant pas été discutée, elle est abandonnée pour l'instant.", R, False, None, None, None),
    ("Il est décidé d'organiser un apéro-concert.", A, False, None, None, None),
    ("Les membres du Conseil ont décidé d'étudier la construction d'un colombarium.", A, False, None, None, None),
    ("11 votes pour 2 abstentions", A, False, 11, None, 2),
    ("Par quatorze voix pour et deux voix contre, le budget est approuvé.", A, False, 14, 2, None),
]

NOT_VOTES = [
    "Monsieur le Maire explique aux membres du Conseil qu'un voyage de classe est prévu.",  # the council as addressee
    "Le Conseil municipal prend acte du bilan 2013 de l'épandage.",  # noting is not deciding
    "Les membres du Conseil prennent connaissance du bilan de l'action de la communauté de communes.",
    "En 2016 pour la rentrée, 44 élèves étaient inscrits.",  # a year before "pour" is no tally
    "Monsieur le Maire propose au Conseil municipal d'ajouter le point suivant :",
    "Le Conseil Régional a accordé un financement de 2 M€ à la commune.",  # another body's past grant
    "Cette désignation est entérinée par un vote à l'Assemblée Générale suivante.",  # "un vote" counts nobody
]


@pytest.mark.parametrize(("sentence", "result", "unanimous", "for_", "against", "abstain"), OUTCOMES)
def test_outcome(sentence, result, unanimous, for_, against, abstain):
    outcome = read_outcome(sentence)
    assert outcome is not None
    assert outcome.result == result
    assert bool(outcome.unanimous) is unanimous
    assert (outcome.votes_for, outcome.votes_against, outcome.abstentions) == (for_, against, abstain)


@pytest.mark.parametrize("sentence", NOT_VOTES[:-2])
def test_not_a_vote(sentence):
    assert read_outcome(sentence) is None


def test_a_vote_word_is_not_a_count():
    outcome = read_outcome(NOT_VOTES[-1])
    assert outcome is None or outcome.votes_for is None


def test_recalled_grant_of_another_body_is_not_an_outcome():
    assert read_outcome(NOT_VOTES[-2]) is None


def _document(*texts: str, kind: ParagraphKind = ParagraphKind.PARAGRAPH) -> tuple[SourceDocument, list[Paragraph]]:
    text = "\n\n".join(texts)
    source = SourceDocument("f" * 64, "test.txt", text, (Page(1, 0, len(text), "text"),))
    paragraphs, start = [], 0
    for n, chunk in enumerate(texts):
        paragraphs.append(Paragraph(f"p{n}", source.doc_id, n, 1, kind, chunk, start, start + len(chunk), f"a{n}"))
        start += len(chunk) + 2
    return source, paragraphs


def test_find_votes_records_provenance_and_policy():
    source, paragraphs = _document(
        "Monsieur le Maire présente le projet.",
        "Le Conseil municipal, après en avoir délibéré, décide à l'unanimité de créer un poste.",
    )
    (vote,) = find_votes(source, paragraphs)
    assert vote.paragraph_id == "p1" and vote.policy_id == "a1"
    assert vote.provenance.stage == STAGE
    span = source.text[vote.provenance.char_start : vote.provenance.char_end]
    assert span == vote.text and span.startswith("Le Conseil municipal")
    assert vote.vote_id.endswith("-v0000")


def test_tally_sentence_completes_the_decision_before_it():
    source, paragraphs = _document("Le Conseil municipal approuve le budget primitif. Pour : 12. Contre : 2.")
    (vote,) = find_votes(source, paragraphs)
    assert (vote.votes_for, vote.votes_against, vote.unanimous) == (12, 2, False)


@pytest.mark.parametrize(
    ("sentence", "voters", "mismatch"),
    [
        ("Adopté par 14 voix pour, 1 contre et 2 abstentions.", 17, False),
        ("Adopté par 14 voix pour, 1 contre et 2 abstentions.", 15, True),
        ("Adopté à l'unanimité, 2 voix contre.", None, True),
        ("Adopté à l'unanimité.", 15, False),
    ],
)
def test_count_mismatch(sentence, voters, mismatch):
    source, paragraphs = _document(sentence)
    (vote,) = find_votes(source, paragraphs, voters=voters)
    assert vote.count_mismatch is mismatch


def test_page_headers_are_not_read():
    source, paragraphs = _document("Adopté à l'unanimité.", kind=ParagraphKind.HEADER)
    assert find_votes(source, paragraphs) == []


def test_sentences_split_on_final_punctuation_only():
    text = "Le Conseil adopte le budget. Pour : 5. Contre : 1"
    assert [text[s:e] for s, e in split_sentences(text)] == ["Le Conseil adopte le budget.", "Pour : 5.", "Contre : 1"]
