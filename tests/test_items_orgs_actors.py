"""Public-body gazetteer, actor linking after reconciliation, action items, title holders.

Snippets are written for each class of document; names are invented.
"""

from __future__ import annotations

import pytest

from pipeline.actor_links import NOTE_AMBIGUOUS, NOTE_NO_ACTOR, NOTE_NOT_IN_TABLES, ActorIndex
from pipeline.entities.document import _called
from pipeline.entities.gazetteer import gazetteer_candidates
from pipeline.io import read_model_file


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(text[c.start : c.end], c.acronym) for c in gazetteer_candidates(text)]


def test_gazetteer_names_state_services_by_acronym_and_full_name() -> None:
    # Class: council minutes citing State services and social bodies.
    text = "Le dossier est transmis à la DDT ; le Centre communal d'action sociale (CCAS) verse l'aide."
    assert sorted(_found(text)) == [("CCAS", "CCAS"), ("Centre communal d'action sociale", "CCAS"), ("DDT", "DDT")]


def test_gazetteer_generic_bodies_need_a_determiner() -> None:
    # Class: lower-case mentions of the bodies a commune deals with ("la préfecture").
    assert _found("La délibération est transmise à la préfecture.") == [("préfecture", None)]
    assert _found("Chaque préfecture publie ses actes.") == []


def test_gazetteer_matches_without_accents_and_keeps_acronym_case() -> None:
    assert _found("avis de la direction regionale des affaires culturelles") == [
        ("direction regionale des affaires culturelles", "DRAC")
    ]
    assert _found("la drac a répondu") == []  # a lower-case word is no acronym


def test_gazetteer_says_where_it_comes_from() -> None:
    data = read_model_file("lexicons/public_bodies.yaml")
    assert data["version"] >= 1 and len(data["bodies"]) >= 50
    header = open(__import__("pipeline.io", fromlist=["MODELS_DIR"]).MODELS_DIR / "lexicons/public_bodies.yaml", encoding="utf-8").read(1500)
    assert "Source:" in header and "corpus" in header


def test_a_name_ending_on_its_capitals_is_called_by_them() -> None:
    # Class: sports clubs and associations named "association sportive le XYZ", then "le XYZ".
    assert _called("association sportive le ASVB") == "ASVB"
    assert _called("Commune de VALBOURG") is None


def test_actor_text_linked_to_the_entity_bearing_it() -> None:
    index = ActorIndex([("org-1", ["Association Les Amis du Rail", "ADR"]), ("org-2", ["Conseil Municipal"]),
                        ("per-1", ["Jeanne MARTIN", "Mme MARTIN"])])
    # "nous" in an association's minutes is the association, given as its name with its acronym.
    assert index.link("Association Les Amis du Rail (ADR)").actor_id == "org-1"
    # The council of the meeting's body, which the minutes call bare.
    assert index.link("Conseil municipal de Valbourg", body="Commune de Valbourg").actor_id == "org-2"
    assert index.link("Conseil municipal de Valbourg", body="Commune de Autreville").note == NOTE_NOT_IN_TABLES
    assert index.link("jeanne martin").actor_id == "per-1"


@pytest.mark.parametrize(
    ("entities", "text", "note"),
    [
        ([("o1", ["Syndicat des eaux"])], None, NOTE_NO_ACTOR),
        ([("o1", ["Syndicat des eaux"])], "Département", NOTE_NOT_IN_TABLES),
        ([("o1", ["la Mairie"]), ("o2", ["Mairie"])], "Mairie", NOTE_AMBIGUOUS),
    ],
)
def test_unlinked_actor_says_why(entities, text, note) -> None:
    # ("la Mairie" and "Mairie": two entities list the form, neither is named by it alone.)
    link = ActorIndex(entities).link(text)
    assert link.actor_id is None and link.note == note


@pytest.mark.model
def test_action_items_are_planned_commitments_of_each_person() -> None:
    # Class: notes of associations and working groups, "X se charge de ...", "X et Y se portent volontaires".
    from test_commitments import _run

    from pipeline.records import Modality

    _, found, _ = _run(
        "Paul Durand se charge de contacter le traiteur.",
        "Alice Martin et Paul Durand se portent volontaires pour tenir le stand.",
        body="Association Les Amis (ALA)", persons=("Paul Durand", "Alice Martin"),
    )
    got = sorted((c.paragraph_id, c.actor_text, c.action, c.modality) for c in found)
    assert got == [
        ("p0", "Paul Durand", "contacter", Modality.PLANNED),
        ("p1", "Alice Martin", "tenir", Modality.PLANNED),
        ("p1", "Paul Durand", "tenir", Modality.PLANNED),
    ]


@pytest.mark.model
def test_nous_in_an_association_is_the_association() -> None:
    from test_commitments import _run

    _, found, _ = _run("Nous devons récupérer un serveur.", body="Association Les Amis du Rail (ADR)")
    assert [c.actor_text for c in found] == ["Association Les Amis du Rail"]


def test_title_resolves_to_its_one_named_holder() -> None:
    # Class: council minutes naming the chair once, then "Monsieur le Maire".
    from pipeline.commitments.actors import DocState, role_holder
    from pipeline.records import EntityKind, Mention, Provenance

    def mention(mid: str, text: str, **kw) -> Mention:
        return Mention(mid, "d", "p0", EntityKind.PERSON, text, 0, len(text), Provenance("d", 1, 0, 1, "t"), **kw)

    title = mention("m0", "Monsieur le Maire", role="Maire")
    holder = mention("m1", "Jean DUPONT", given_name="Jean", family_name="DUPONT", role="Maire")
    state = DocState(source=None, body=None, mentions={"m0": title, "m1": holder}, by_paragraph={}, speaker_of={},  # type: ignore[arg-type]
                     amounts_of={}, dates_of={})
    assert role_holder(title, state) is holder
    other = mention("m2", "Anne LEROY", given_name="Anne", family_name="LEROY", role="Maire")
    state.mentions["m2"] = other
    assert role_holder(title, state) is None  # two mayors named: the title stays as written


def test_ambiguous_form_goes_to_the_entity_named_by_it() -> None:
    index = ActorIndex([("o1", ["Ville de Valbourg", "commune de Valbourg"]), ("o2", ["commune de Valbourg", "Ville de Valbourg"])])
    assert index.link("Ville de Valbourg").actor_id == "o1"


def test_commune_town_and_town_hall_of_one_place_are_one_body(make_source) -> None:
    # Class: council minutes naming their commune as "Commune de X", "Ville de X", "Mairie de X", "la Mairie".
    from pipeline.entities.document import find_mentions
    from pipeline.structure import build_structure

    text = "La Commune de VALBOURG et la Ville de Valbourg signent. La Mairie est fermée le lundi.\n\nLa Ville de Autreville refuse."
    source = make_source(text)
    paragraphs = build_structure(source).paragraphs
    mentions = find_mentions(source, paragraphs, [None] * len(paragraphs))
    by_id = {m.mention_id: m for m in mentions}
    refers = {m.text: by_id[m.refers_to].text if m.refers_to else None for m in mentions}
    assert refers["Ville de Valbourg"] == "Commune de VALBOURG"
    assert refers["Ville de Autreville"] is None
    # Two communes named: the bare "Mairie" is left alone.
    assert refers.get("Mairie") is None


def test_acronym_never_expanded_ties_to_the_lower_case_body_it_spells(make_source) -> None:
    # Class: notes writing "la direction informatique" once and "la DI" after, never "(DI)".
    from pipeline.entities.document import find_mentions
    from pipeline.structure import build_structure

    text = "La direction informatique a été contactée pour le réseau.\n\nPas de retour de la DI pour le moment."
    source = make_source(text)
    paragraphs = build_structure(source).paragraphs
    mentions = find_mentions(source, paragraphs, [None] * len(paragraphs))
    tied = {m.text: m.acronym for m in mentions if m.acronym == "DI"}
    assert tied == {"direction informatique": "DI", "DI": "DI"}
