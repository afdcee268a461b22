"""Commitments: modality, actor, amount, and sentences that only look like commitments."""

from __future__ import annotations

import pytest

from pipeline.commitments import STAGE, body_name, find_commitments
from pipeline.records import (
    Amount,
    AmountKind,
    EntityKind,
    Intervention,
    Mention,
    Modality,
    Page,
    Paragraph,
    ParagraphKind,
    Provenance,
    SourceDocument,
    SpeechAct,
)

DOC_ID = "c" * 64


@pytest.mark.parametrize(
    ("body", "subject", "expected"),
    [
        ("Commune de VILLENEUVE", "Conseil municipal", "Conseil municipal de VILLENEUVE"),
        ("Conseil Municipal de Montreuil-en-Touraine", "Conseil", "Conseil Municipal de Montreuil-en-Touraine"),
        ("Association Sans Nom (ASN)", "assemblée générale", "Association Sans Nom"),
        ("Association Sans Nom (ASN)", None, "Association Sans Nom"),
        (None, "Conseil municipal", "Conseil municipal"),
        ("COMMUNE DE MONTREUIL-EN-TOURAINE", "Conseil", "Conseil municipal de MONTREUIL-EN-TOURAINE"),
    ],
)
def test_body_name(body, subject, expected):
    assert body_name(body, subject) == expected


def _run(*texts: str, body: str | None = "Commune de Testville", orgs: tuple[str, ...] = (),
         persons: tuple[str, ...] = (), speaker: str | None = None, money: tuple[str, ...] = ()):
    from pipeline.nlp import PARSE_COMPONENTS, load_nlp

    text = "\n\n".join(texts)
    source = SourceDocument(DOC_ID, "test.txt", text, (Page(1, 0, len(text), "text"),))
    paragraphs, start = [], 0
    for n, chunk in enumerate(texts):
        paragraphs.append(Paragraph(f"p{n}", DOC_ID, n, 1, ParagraphKind.PARAGRAPH, chunk, start, start + len(chunk), "a0"))
        start += len(chunk) + 2
    nlp = load_nlp()
    with nlp.select_pipes(enable=list(PARSE_COMPONENTS)):
        docs = list(nlp.pipe(texts))

    def where(form: str) -> tuple[int, Paragraph]:
        offset = text.index(form)
        return offset, next(p for p in paragraphs if p.char_start <= offset < p.char_end)

    def every(form: str) -> list[tuple[int, Paragraph]]:
        offsets = [i for i in range(len(text)) if text.startswith(form, i)]
        return [(o, next(p for p in paragraphs if p.char_start <= o < p.char_end)) for o in offsets]

    mentions = []
    for kind, forms in ((EntityKind.ORGANISATION, orgs), (EntityKind.PERSON, persons)):
        for form in forms:
            # A person is a new mention each time they are named, as the speakers stage gives them.
            for offset, paragraph in every(form) if kind == EntityKind.PERSON else [where(form)]:
                prov = Provenance(DOC_ID, 1, offset, offset + len(form), "test")
                mentions.append(Mention(f"m{len(mentions)}", DOC_ID, paragraph.paragraph_id, kind, form, offset,
                                        offset + len(form), prov))
    amounts = []
    for form in money:
        offset, paragraph = where(form)
        prov = Provenance(DOC_ID, 1, offset, offset + len(form), "test")
        kind = AmountKind.PERCENT if "%" in form else AmountKind.MONEY
        amounts.append(Amount(f"a{len(amounts)}", DOC_ID, paragraph.paragraph_id, form, kind, 1.0, None, None, None, (),
                              offset, offset + len(form), prov))
    interventions = []
    if speaker is not None:
        named = [m for m in mentions if m.text == speaker]
        for p in paragraphs:
            # The turn's speaker is the latest naming of them (a later paragraph says "Il ...").
            speaker_mention = ([m for m in named if m.char_start < p.char_end] or named[:1])[-1]
            prov = Provenance(DOC_ID, 1, p.char_start, p.char_end, "test")
            interventions.append(Intervention(f"i{p.seq}", DOC_ID, p.seq, p.paragraph_id, speaker_mention.mention_id,
                                              speaker, p.text, SpeechAct.STATEMENT, None, "direct", prov))
    found = find_commitments(source, paragraphs, docs, mentions=mentions, interventions=interventions,
                             amounts=amounts, dates=[], body=body)
    return source, found, {a.amount_id: a.text for a in amounts}


# sentence, modality, action
MODALITIES = [
    ("La Région a accordé à l'Arc Numérique un financement de 2 M€.", Modality.DECIDED, "accorder"),
    ("Le Conseil municipal décide de constituer une commission consultative communale.", Modality.DECIDED, "constituer"),
    ("La liste définitive sera arrêtée par la Région à la fin du mois d'avril.", Modality.PLANNED, "arrêter"),
    ("Nous allons maintenir les activités de l'association.", Modality.PLANNED, "maintenir"),
    ("Il est prévu de dépenser 63 € pour une carte bancaire.", Modality.PLANNED, "dépenser"),
    ("Le Conseil Régional envisage de participer à hauteur de 20 % de l'investissement.", Modality.INTENDED, "participer à hauteur"),
    ("La Région souhaite mettre en place un accompagnement adapté.", Modality.INTENDED, "mettre en place"),
    ("La commune pourrait financer une partie des travaux de voirie.", Modality.INTENDED, "financer"),
    ("Monsieur le Maire propose de voter une subvention de 2500 € au Centre Communal d'Action Sociale.",
     Modality.PROPOSED, "voter"),
    ("Il vous est proposé d'augmenter les tarifs assainissement de 3 %.", Modality.PROPOSED, "augmenter"),
    ("La Région n'a pas vocation à financer l'animation des cyber-centres.", Modality.REFUSED, "financer"),
    ("Après en avoir délibéré, le Conseil refuse de laisser cette salle à disposition de l'école.",
     Modality.REFUSED, "laisser"),
]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "modality", "action"), MODALITIES)
def test_modality_and_action(sentence, modality, action):
    _, found, _ = _run(sentence, orgs=("Conseil Régional",) if "Conseil Régional" in sentence else ())
    assert [(c.modality, c.action) for c in found][:1] == [(modality, action)]


NOT_COMMITMENTS = [
    # a question
    "Jacques Vlieghe demande si la Région va financer l'animation des cyber-centres.",
    "La Région financera-t-elle l'animation des cyber-centres ?",
    # a reported opinion
    "Selon lui, à terme, la Région devrait trouver une structure indépendante pour cette mission.",
    "Il estime que la commune devrait financer ce projet.",
    # a past event recalled, with no money or beneficiary
    "Nous avons organisé un deuxième voyage à Bruxelles pour le FOSDEM.",
    # a thing, not an actor
    "Cette politique doit s'accompagner de l'implication d'un binôme.",
    # noting is not deciding
    "Le Conseil municipal prend acte du bilan 2013.",
]


@pytest.mark.model
@pytest.mark.parametrize("sentence", NOT_COMMITMENTS)
def test_not_a_commitment(sentence):
    _, found, _ = _run(sentence)
    assert found == []


@pytest.mark.model
def test_actor_from_subject_mention_beneficiary_and_one_row_per_amount():
    sentence = ("La Région a accordé à l'Arc Numérique un financement de 1M250€ sur trois ans pour le "
                "fonctionnement et 2M€ pour le développement d'un chantier.")
    intro = "Olivier LEGRAND, Directeur Général Adjoint des Services, Conseil Régional Nord-Pas de Calais, présente la politique."
    source, found, amount_text = _run(intro, sentence, orgs=("Arc Numérique", "Conseil Régional Nord-Pas de Calais"),
                                      money=("1M250€", "2M€"))
    assert sorted(amount_text[c.amount_id] for c in found) == ["1M250€", "2M€"]
    for c in found:
        assert c.actor_text == "Conseil Régional Nord-Pas de Calais"  # "la Région" is the document's regional council
        assert c.beneficiary_text == "Arc Numérique"
        assert c.provenance.stage == STAGE
        assert source.text[c.char_start : c.char_end] == c.text == sentence


@pytest.mark.model
def test_council_is_named_after_the_body_and_speaker_for_first_person():
    _, found, _ = _run(
        "Jean-Paul MARCHAL expose : je vous propose de créer un emploi au niveau des services administratifs.",
        "Le Conseil municipal, après avoir entendu son rapporteur et délibéré, décide de créer un poste.",
        persons=("Jean-Paul MARCHAL",),
        speaker="Jean-Paul MARCHAL",
        body="Commune de VILLENEUVE",
    )
    assert [(c.actor_text, c.modality) for c in found] == [
        ("Jean-Paul MARCHAL", Modality.PROPOSED),
        ("Conseil municipal de VILLENEUVE", Modality.DECIDED),
    ]


@pytest.mark.model
def test_decision_list_gives_one_commitment_per_item():
    _, found, _ = _run(
        "Le Conseil municipal, après en avoir délibéré, décide à l'unanimité des membres présents : "
        "- de réaliser un logement d'urgence, - de solliciter une subvention auprès du Conseil général, "
        "- de donner tous pouvoirs à Monsieur le Maire pour mener ce dossier à bien."
    )
    assert [c.action for c in found] == ["réaliser", "solliciter", "donner tout pouvoir"]
    assert {c.modality for c in found} == {Modality.DECIDED}
    assert {c.actor_text for c in found} == {"Conseil municipal de Testville"}


@pytest.mark.model
def test_agentless_passive_takes_the_agent_phrase():
    _, found, _ = _run(
        "Une subvention, d'un montant de 17 500,00 €, a été accordée au niveau de l'Etat pour les travaux de l'entrée.",
        orgs=("Etat",),
        money=("17 500,00 €",),
    )
    assert [(c.actor_text, c.modality) for c in found] == [("Etat", Modality.DECIDED)]
    assert found[0].amount_id == "a0"


@pytest.mark.model
def test_proposal_clause_is_the_proposers():
    _, found, _ = _run(
        "Jean-Pierre PERRIN propose que ARCADE puisse organiser prochainement une réunion.",
        orgs=("ARCADE",),
        persons=("Jean-Pierre PERRIN",),
    )
    assert found and found[0].actor_text == "Jean-Pierre PERRIN" and found[0].modality == Modality.PROPOSED


# paragraphs, body, organisations, persons, speaker, the first commitment's actor
ACTORS = [
    # An organ acts for the organisation it belongs to, named in the same mention ...
    (("Dominique JOUBERT, Délégué Général de ARCADE, ouvre la séance.",
      "Le Conseil d'Administration de ARCADE qui s'est réuni le lundi 10 mars dernier a retenu le principe "
      "d'organiser un déjeuner-débat."),
     None, ("ARCADE", "Conseil d'Administration de ARCADE"), (), None, "ARCADE"),
    # ... or in the next one ("du Réseau ARCADE") ...
    (("L'Assemblée Générale du Réseau ARCADE devrait normalement se tenir début du mois de juillet 2003.",),
     None, ("Assemblée Générale", "Réseau ARCADE"), (), None, "Réseau ARCADE"),
    # ... or by a name no other mention carries.
    (("Le Bureau de l'Union Sportive a décidé d'organiser un tournoi de football.",),
     None, ("Bureau de l'Union Sportive",), (), None, "Union Sportive"),
    # The association's own general assembly is the association.
    (("L'assemblée générale, après avoir entendu les raisons, décide de modifier les statuts de l'association.",),
     "Association Sans Nom (ASN)", ("assemblée générale",), (), None, "Association Sans Nom"),
    # Not organs: a regional council, and the municipal council deciding in its own minutes.
    (("Le Conseil Régional a retenu le principe d'un appel à projets.",),
     None, ("Conseil Régional",), (), None, "Conseil Régional"),
    (("Le Conseil municipal décide de constituer une commission consultative communale.",),
     "Commune de VILLENEUVE", ("Conseil municipal",), (), None, "Conseil municipal de VILLENEUVE"),
    # A passive without agent in a speaker's turn is the organisation the speaker was introduced with,
    # not the last organisation that acted ...
    (("Dominique JOUBERT, Délégué Général de ARCADE, ouvre la séance.",
      "Le Conseil Régional a accordé à l'Arc Numérique un financement de 2 M€.",
      "Dominique JOUBERT remercie les intervenants.",
      "Il informe les participants qu'une note interne leur sera transmise prochainement sur cette proposition."),
     None, ("ARCADE", "Arc Numérique", "Conseil Régional"), ("Dominique JOUBERT",), "Dominique JOUBERT", "ARCADE"),
    # ... which it stays when the speaker speaks for no organisation.
    (("Le Conseil Régional a accordé à l'Arc Numérique un financement de 2 M€.",
      "Dominique JOUBERT remercie les intervenants.",
      "Il informe les participants qu'une note interne leur sera transmise prochainement sur cette proposition."),
     None, ("Arc Numérique", "Conseil Régional"), ("Dominique JOUBERT",), "Dominique JOUBERT", "Conseil Régional"),
    # A council subject set off by commas, which the parser reads as a complement.
    (("Après en avoir délibéré, le Conseil, pour des raisons pratiques et d'organisation, refuse de laisser "
      "cette salle à disposition de l'école.",),
     "COMMUNE DE MONTREUIL-EN-TOURAINE", (), (), None, "Conseil municipal de MONTREUIL-EN-TOURAINE"),
    # A subject the parser gives to the participle after it.
    (("La Commission d'appel d'offres, réunie cinq fois, propose au Conseil municipal d'attribuer les lots "
      "suivants aux entreprises.",),
     "Commune de VILLENEUVE", ("Commission d'appel d'offres", "Conseil municipal"), (), None, "Commission d'appel d'offres"),
    # "la commission technique" is not the document's other commission.
    (("La Commission d'appel d'offres s'est réunie le 3 mars.",
      "La commission technique a émis un avis favorable à ce dossier n°BPC 2009/1 et propose d'accorder une "
      "bourse d'un montant de 750,00 € au regard de la situation du jeune."),
     "Commune de VILLENEUVE", ("Commission d'appel d'offres",), (), None, "commission technique"),
    # An agent phrase naming a body that no mention holds.
    (("Une subvention, d'un montant de 17 500,00 €, a été accordée au niveau de l'Etat pour les travaux de "
      "l'entrée du Bourg.",),
     "Commune de VILLENEUVE", (), (), None, "Etat"),
    # "il est décidé" in a commune's minutes is its council's decision.
    (("Suite à différents soucis, il est décidé qu'un règlement intérieur sera rédigé.",),
     "COMMUNE DE MONTREUIL-EN-TOURAINE", (), (), None, "Conseil municipal de MONTREUIL-EN-TOURAINE"),
]


@pytest.mark.model
@pytest.mark.parametrize(("texts", "body", "orgs", "persons", "speaker", "actor"), ACTORS)
def test_actor(texts, body, orgs, persons, speaker, actor):
    _, found, _ = _run(*texts, body=body, orgs=orgs, persons=persons, speaker=speaker)
    last = f"p{len(texts) - 1}"
    assert [c.actor_text for c in found if c.paragraph_id == last][:1] == [actor]


@pytest.mark.model
@pytest.mark.parametrize(("body", "sentence", "subject", "linked"), [
    # The association's general assembly acts as the association, not as an entity of its own ...
    ("Association Sans Nom (ASN)", "L'assemblée générale décide de modifier les statuts.", "assemblée générale", False),
    # ... while the municipal council stays linked to its mention.
    ("Commune de VILLENEUVE", "Le Conseil municipal décide de créer un poste.", "Conseil municipal", True),
])
def test_organ_of_the_body_is_not_linked_to_its_mention(body, sentence, subject, linked):
    _, found, _ = _run(sentence, body=body, orgs=(subject,))
    assert (found[0].actor_mention_id is not None) is linked
