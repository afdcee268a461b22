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


# --- vote records across paragraphs (issue 13) ------------------------------------
# Invented snippets for each class of document named in the test.


def _block(*items: tuple[str, ParagraphKind], policy: str | None = "a1") -> tuple[SourceDocument, list[Paragraph]]:
    """Paragraphs of one agenda item; structure files label boxes as headers outside any item."""
    text = "\n\n".join(t for t, _ in items)
    source = SourceDocument("e" * 64, "test.txt", text, (Page(1, 0, len(text), "text"),))
    paragraphs, start = [], 0
    for n, (chunk, kind) in enumerate(items):
        item_policy = None if kind is ParagraphKind.HEADER else policy
        paragraphs.append(Paragraph(f"p{n}", source.doc_id, n, 1, kind, chunk, start, start + len(chunk), item_policy))
        start += len(chunk) + 2
    return source, paragraphs


P, H, L, HEAD = ParagraphKind.PARAGRAPH, ParagraphKind.HEADER, ParagraphKind.LIST_ITEM, ParagraphKind.HEADING

# One-line formulas of OCR'd deliberation extracts and printed tally forms.
FORMS = [
    ("ONT VOTE POUR : 14 ONT VOTE CONTRE : 0 SE SONT ABSTENUS : 2", 14, 0, 2),
    ("Pour : 12 Contre : 0 Abstention : 2", 12, 0, 2),
    # a blank field of a printed form is nobody
    ("Pour : 31 Contre :  Abstentions :", 31, 0, 0),
    ("Pour : 27 Contre :", 27, 0, None),
    # counts with leading zeros, one label per line, members not voting kept apart
    ("Adoptée à 19 voix pour 00 prise(s) d'acte 02 voix contre 04 abstention(s) 00 ne participe(nt) pas", 19, 2, 4),
    # right-aligned outcome lines of a small commune's minutes
    ("17 pour 3 contres", 17, 3, None),
    ("Élection : 17 pour 3 ne participent pas au vote", 17, None, None),
]


@pytest.mark.parametrize(("text", "for_", "against", "abstain"), FORMS)
def test_tally_forms(text, for_, against, abstain):
    (vote,) = find_votes(*_document(text))
    assert (vote.votes_for, vote.votes_against, vote.abstentions, vote.result) == (for_, against, abstain, A)


def test_a_tally_box_filed_as_header_is_a_vote():
    # Structure files "Pour : N / Contre :" boxes as headers (label/value lines).
    source, paragraphs = _block(("Pour : 40 Contre : 2 Abstentions : 1", H))
    (vote,) = find_votes(source, paragraphs)
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (40, 2, 1)


def test_a_record_continued_on_the_next_line_is_one_vote():
    # Verbatim minutes of a large council: the record block breaks over two paragraphs.
    source, paragraphs = _block(("Pour : 40 Contre :", H), ("Abstentions : 5 Adopté à l'unanimité.", P))
    (vote,) = find_votes(source, paragraphs)
    assert (vote.paragraph_id, vote.votes_for, vote.votes_against, vote.abstentions) == ("p0", 40, 0, 5)
    assert vote.unanimous and vote.policy_id == "a1"  # the record box takes the item of its neighbours
    assert source.text[vote.provenance.char_start : vote.provenance.char_end] == vote.text


def test_the_chairs_spoken_outcome_is_the_record_that_follows():
    # "Qui est contre ? ... Adopté" then the printed record of the same vote: one vote, on the record.
    source, paragraphs = _block(
        ("Monsieur le Président : Je mets aux voix. Qui est contre ? Qui s'abstient ? Adopté à l'unanimité.", P),
        ("Pour : 40 Contre :", H),
        ("Abstentions : 5 Adopté à l'unanimité.", P),
    )
    (vote,) = find_votes(source, paragraphs)
    assert (vote.paragraph_id, vote.votes_for, vote.abstentions, vote.unanimous) == ("p1", 40, 5, True)


def test_an_announcement_of_the_elected_joins_the_record():
    source, paragraphs = _block(
        ("Ont été élus :", P), ("- Jeanne Exemple", L), ("- Paul Modèle", L),
        ("Monsieur le Président : Je mets aux voix. Adopté.", P),
        ("Pour : 33 Contre : 0 Abstentions : 2", H),
    )
    (vote,) = find_votes(source, paragraphs)
    assert (vote.paragraph_id, vote.votes_for, vote.abstentions) == ("p4", 33, 2)


def test_votes_of_two_items_stay_apart():
    source, paragraphs = _block(("Adopté à l'unanimité.", P), ("2. Tarifs de la cantine", HEAD), ("Pour : 20 Contre : 1", H))
    assert len(find_votes(source, paragraphs)) == 2


@pytest.mark.parametrize(
    ("text", "for_", "mismatch"),
    [
        # election of a mayor in a commune's minutes: the winner's votes are "for"
        ("Nombre de votants : 23. Bulletins blancs ou nuls : 2. Suffrages exprimés : 21. Majorité absolue : 11. "
         "Mme Durand : 15 voix. M. Petit : 6 voix. Mme Durand est élue maire.", 15, False),
        # exprimés must be votants less blancs et nuls
        ("Votants : 23 Blancs et nuls : 2 Suffrages exprimés : 22 M. Petit : 22 voix. M. Petit est élu.", 22, True),
        # candidates above the exprimés
        ("Votants : 15 Suffrages exprimés : 15 Mme Durand : 9 voix, M. Petit : 8 voix. Mme Durand est élue.", 9, True),
    ],
)
def test_secret_ballot_counts_are_checked(text, for_, mismatch):
    (vote,) = find_votes(*_document(text))
    assert (vote.votes_for, vote.votes_against, vote.result) == (for_, None, A)
    assert vote.count_mismatch is mismatch


def test_agreement_of_all_present_is_unanimous():
    # Informal minutes of an association's board record agreement without counts.
    outcome = read_outcome("Les présents sont d'accord pour tenir un stand à la fête du quartier.")
    assert outcome is not None and outcome.unanimous and outcome.result == A


@pytest.mark.parametrize(
    "sentence",
    [
        "Les membres de la commission sont élus au scrutin de liste à la représentation proportionnelle.",
        "Le budget sera voté en mars.",
    ],
)
def test_rules_and_votes_to_come_are_not_outcomes(sentence):
    assert read_outcome(sentence) is None


def test_a_label_number_glued_to_a_word_is_no_count():
    # Small communes' minutes: "DM1" (décision modificative n°1) before "pour".
    outcome = read_outcome("DM2 pour le budget annexe approuvée : Vote : 9 pour / 1 contre / 0 abstention")
    assert (outcome.votes_for, outcome.votes_against, outcome.abstentions) == (9, 1, 0)


def test_a_number_of_ballots_is_no_count():
    assert read_outcome("Il faudra prévoir deux urnes lors des 3 votes de dimanche.") is None


def test_prose_recalling_another_vote_is_not_folded_into_the_record():
    # The motion of another body "déjà voté à l'unanimité" is not this council's unanimity.
    source, paragraphs = _block(
        ("Les communes du département souhaitent une motion contre ce projet déjà voté à l'unanimité par le syndicat.", P),
        ("Vote de la motion : 10 votes pour / 2 abstentions", P),
    )
    votes = find_votes(source, paragraphs)
    assert (votes[-1].votes_for, votes[-1].abstentions, votes[-1].unanimous) == (10, 2, False)


def test_candidates_listed_one_a_line_are_one_election():
    # Small communes' minutes list each candidate's score on a line of its own.
    source, paragraphs = _block(("Élection du délégué :", P), ("- Jeanne : 3 voix", L), ("- Paul : 11 voix", L))
    (vote,) = find_votes(source, paragraphs)
    assert (vote.paragraph_id, vote.votes_for) == ("p1", 11)


def test_a_misspelt_abstention_still_counts():
    outcome = read_outcome("2 contre 3 absentions 6 votes pour")
    assert (outcome.votes_for, outcome.votes_against, outcome.abstentions) == (6, 2, 3)
