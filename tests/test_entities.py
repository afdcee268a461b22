"""Entity recognition: person and body shapes in French minutes."""

from __future__ import annotations

import hashlib
import re

import pytest

from pipeline import ids
from pipeline.entities import STAGE, find_mentions
from pipeline.records import EntityKind, Page, Paragraph, ParagraphKind, SourceDocument


def _document(text: str) -> tuple[SourceDocument, list[Paragraph]]:
    doc_id = hashlib.sha256(text.encode()).hexdigest()
    source = SourceDocument(doc_id, "test.txt", text, (Page(1, 0, len(text), "text"),))
    paragraphs = []
    for match in re.finditer(r"(?:[^\n]|\n(?!\n))+", text):
        start, end = match.span()
        paragraphs.append(
            Paragraph(ids.doc_scoped(doc_id, "p", len(paragraphs)), doc_id, len(paragraphs), 1, ParagraphKind.PARAGRAPH,
                      text[start:end].replace("\n", " "), start, end, None)
        )
    return source, paragraphs


def _mentions(text: str, docs=None):
    source, paragraphs = _document(text)
    return source, find_mentions(source, paragraphs, docs or [None] * len(paragraphs))


def _texts(text: str, kind: EntityKind) -> list[str]:
    return [m.text for m in _mentions(text)[1] if m.entity_kind == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Olivier LEGRAND précise que la démarche avance.", ["Olivier LEGRAND"]),
        ("Selon **Tanguy HAMON**, les actions de terrain progressent.", ["Tanguy HAMON"]),
        ("Sous la présidence de Monsieur Christian VERMEULEN, Maire.", ["Monsieur Christian VERMEULEN"]),
        ("Mme BONNEFOY donne pouvoir à M. VERMEULEN.", ["Mme BONNEFOY", "M. VERMEULEN"]),
        ("La parole est à Jean-Pierre PERRIN et à J.-P. Dubois.", ["Jean-Pierre PERRIN", "J.-P. Dubois"]),
        ("Présents : Messieurs DUPONT, MARTIN, Mme DURAND, LEROY.", ["DUPONT", "MARTIN", "Mme DURAND", "LEROY"]),
        ("Jacques Vlieghe demande un calendrier.", ["Jacques Vlieghe"]),
        ("Il remercie Jean de LA FONTAINE pour son accueil.", ["Jean de LA FONTAINE"]),
    ],
)
def test_person_shapes(text: str, expected: list[str]) -> None:
    assert _texts(text, EntityKind.PERSON) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le projet est soutenu par le Conseil Régional Nord-Pas de Calais.",  # a place is no person
        "Une politique « Open Source » est menée.",
        "La Communauté d'Agglomération de ARTOIS COMM vient d'adhérer.",
        "PRÉSENTATION DES POLITIQUES RÉGIONALES",
    ],
)
def test_not_persons(text: str) -> None:
    assert _texts(text, EntityKind.PERSON) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La Communauté Urbaine de Dunkerque mène une réflexion.", ["Communauté Urbaine de Dunkerque"]),
        ("Il explique que la ville de Tourcoing mène un projet.", ["ville de Tourcoing"]),
        ("Le projet de la Chambre des métiers avance.", ["Chambre des métiers"]),
        ("Un financement de la DATAR est prévu.", ["DATAR"]),
        ("Le CIADT de décembre 2002 a retenu le principe.", ["CIADT"]),
        ("Représentant : CA MAUBEUGE VAL DE SAMBRE", ["CA MAUBEUGE VAL DE SAMBRE"]),
        ("Subvention au Centre Communal d'Action Sociale de 2500,00€.", ["Centre Communal d'Action Sociale"]),
    ],
)
def test_organisation_shapes(text: str, expected: list[str]) -> None:
    assert _texts(text, EntityKind.ORGANISATION) == expected


def test_acronym_tied_to_its_expansion_in_parentheses() -> None:
    _, mentions = _mentions("Les cyber-centres sont labellisés Espace Public Numérique (EPN). Chaque EPN est suivi.")
    orgs = {m.text: m for m in mentions if m.entity_kind == EntityKind.ORGANISATION}
    assert orgs["Espace Public Numérique"].acronym == "EPN"
    assert all(m.refers_to == orgs["Espace Public Numérique"].mention_id for m in mentions if m.text == "EPN")


def test_acronym_tied_by_initials_and_generic_reference() -> None:
    text = (
        "Olivier LEGRAND, DGAS Conseil Régional Nord-Pas de Calais, présente le bilan.\n\n"
        "Le Conseil Régional finance le projet.\n\n"
        "Contact : CR NPDC."
    )
    _, mentions = _mentions(text)
    by_text = {m.text: m for m in mentions}
    full = by_text["Conseil Régional Nord-Pas de Calais"]
    assert by_text["CR NPDC"].refers_to == full.mention_id
    assert by_text["Conseil Régional"].refers_to == full.mention_id


def test_short_forms_of_named_persons() -> None:
    text = "L'assemblée est présidée par Adrien Pachkoff.\n\nLes ateliers ont été repris par Adrien."
    _, mentions = _mentions(text)
    adrien = [m for m in mentions if m.text == "Adrien"]
    assert len(adrien) == 1 and adrien[0].given_name == "Adrien" and adrien[0].family_name is None
    assert next(m for m in mentions if m.text == "Adrien Pachkoff").role == "Président"


def test_role_mentions_and_apposition() -> None:
    text = "Sous la présidence de Monsieur Christian VERMEULEN, Maire.\n\nMonsieur le Maire explique le projet."
    _, mentions = _mentions(text)
    named = next(m for m in mentions if m.family_name == "VERMEULEN")
    role = next(m for m in mentions if m.text == "Monsieur le Maire")
    assert named.role == "Maire" and named.given_name == "Christian" and named.civility == "Monsieur"
    assert role.role == "Maire" and role.family_name is None


def test_offsets_ids_and_provenance() -> None:
    text = "COMPTE-RENDU\n\nDominique JOUBERT ouvre la séance\navec Rudi WOLFF."
    source, mentions = _mentions(text)
    assert [m.mention_id for m in mentions] == [ids.doc_scoped(source.doc_id, "me", n) for n in range(len(mentions))]
    for mention in mentions:
        assert source.text[mention.char_start : mention.char_end].replace("\n", " ") == mention.text
        assert mention.provenance.stage == STAGE
        assert (mention.provenance.char_start, mention.provenance.char_end) == (mention.char_start, mention.char_end)
    assert {m.text for m in mentions} >= {"Dominique JOUBERT", "Rudi WOLFF"}


def test_start_offsets_ids() -> None:
    source, paragraphs = _document("Olivier LEGRAND parle.")
    mentions = find_mentions(source, paragraphs, [None], start=7)
    assert mentions[0].mention_id == ids.doc_scoped(source.doc_id, "me", 7)


@pytest.mark.model
def test_with_the_spacy_model() -> None:
    from pipeline.nlp import load_nlp

    nlp = load_nlp()
    text = "Rudi WOLFF indique que la Région finance la Caisse des dépôts.\n\nStéphane Bortzmeyer parlera de DNS."
    source, paragraphs = _document(text)
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        docs = list(nlp.pipe(p.text for p in paragraphs))
    mentions = find_mentions(source, paragraphs, docs)
    persons = {m.text for m in mentions if m.entity_kind == EntityKind.PERSON}
    orgs = {m.text for m in mentions if m.entity_kind == EntityKind.ORGANISATION}
    assert {"Rudi WOLFF", "Stéphane Bortzmeyer"} <= persons
    assert "Caisse des dépôts" in orgs
    assert "Rudi WOLFF" not in orgs


def test_supplier_cells_of_a_procurement_table_are_companies() -> None:
    import hashlib

    from pipeline.entities import find_mentions
    from pipeline.records import Page, Paragraph, ParagraphKind, SourceDocument

    text = "21/09/09 | LEBRETON PATRICK (44000 NANTES) | Travaux de maçonnerie | 8 836,47 €"
    doc_id = hashlib.sha256(text.encode()).hexdigest()
    source = SourceDocument(doc_id, "t.pdf", text, (Page(1, 0, len(text), "pdf"),))
    row = Paragraph(f"{doc_id[:16]}-p0000", doc_id, 0, 1, ParagraphKind.TABLE_ROW, text, 0, len(text), None)
    mentions = find_mentions(source, [row], [None])
    assert [(m.entity_kind, m.text) for m in mentions if "LEBRETON" in m.text] == [("organisation", "LEBRETON PATRICK")]
