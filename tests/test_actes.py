"""ACTES classification of agenda headings: one invented heading per sub-domain family, and abstentions."""

from __future__ import annotations

import re

import pytest

from pipeline.actes import ActesClass, classify, codes, normalise

CLASSIFIED = [
    # 1 Commande publique
    ("Attribution du marché de travaux de réhabilitation du gymnase", "1.1"),
    ("Restaurant scolaire : avenant n°2 au marché de fourniture de repas", "1.1"),
    ("Lancement d'un appel d'offres pour le nettoyage des bâtiments", "1.1"),
    ("Groupement de commandes pour l'achat de fournitures de bureau", "1.1"),
    ("Délégation de service public de l'assainissement : choix du délégataire", "1.2"),
    ("Protocole transactionnel avec l'entreprise Durand Frères", "1.5"),
    ("Maîtrise d'œuvre pour l'extension de l'école maternelle", "1.6"),
    # 2 Urbanisme
    ("Modification simplifiée n°1 du Plan Local d'Urbanisme", "2.1"),
    ("Élaboration de la carte communale", "2.1"),
    ("Instauration du droit de préemption urbain", "2.3"),
    # 3 Domaine et patrimoine
    ("Acquisition de la parcelle cadastrée ZB 112 au lieu-dit Les Prés", "3.1"),
    ("Cession d'un terrain communal rue des Lilas", "3.2"),
    ("Bail commercial du local de la boulangerie", "3.3"),
    ("Tarifs des concessions funéraires au cimetière", "7.10"),  # a price: tariffs policy
    ("Dénomination de la nouvelle voie du lotissement", "3.5"),
    ("Coupes de bois : état d'assiette de l'année", "3.6"),
    # 4 Fonction publique
    ("Création d'un poste d'adjoint technique territorial", "4.1"),
    ("Modification du tableau des effectifs", "4.1"),
    ("Recrutement d'agents contractuels pour accroissement saisonnier d'activité", "4.2"),
    ("Mise en place du RIFSEEP", "4.5"),
    # 5 Institutions et vie politique
    ("Élection des adjoints au maire", "5.1"),
    ("Approbation du procès-verbal de la séance précédente", "5.2"),
    ("Désignation des délégués au syndicat intercommunal d'eau potable", "5.3"),
    ("Délégations consenties au maire (article L.2122-22 du CGCT)", "5.4"),
    ("Indemnités de fonctions des élus", "5.6"),
    ("Modification des statuts de la communauté de communes", "5.7"),
    ("Autorisation d'ester en justice devant le tribunal administratif", "5.8"),
    # 6 Polices
    ("Convention de coordination de la police municipale", "6.1"),
    # 7 Finances locales
    ("Budget primitif 2024", "7.1"),
    ("Décision modificative n°2 du budget principal", "7.1"),
    ("Compte administratif et compte de gestion 2023", "7.1"),
    ("Affectation du résultat de l'exercice", "7.1"),
    ("Vote des taux d'imposition", "7.2"),
    ("Taxe d'aménagement : exonérations facultatives", "7.2"),
    ("Contrat de prêt auprès de la Caisse des dépôts pour la salle polyvalente", "7.3"),
    ("Garantie d'emprunt accordée au bailleur social", "7.3"),
    ("Subvention à l'association des parents d'élèves", "7.5"),  # not 8.1: the act is a subsidy
    ("Subventions aux associations sportives", "7.5"),
    ("Demande de subvention au titre de la DETR pour la toiture de l'école", "7.5"),
    ("Participation aux frais de fonctionnement du syndicat scolaire", "7.6"),
    ("Fonds de concours pour les travaux de voirie", "7.8"),  # not 8.3: the act is a fonds de concours
    ("Tarifs de la cantine scolaire", "7.10"),  # not 8.1: a price
    ("Création d'une régie de recettes pour la médiathèque", "7.10"),
    # 8 themes
    ("Organisation du temps scolaire : semaine de quatre jours", "8.1"),
    ("Travaux de voirie rue des Écoles", "8.3"),
    ("Programme local de l'habitat", "8.5"),
    ("Rapport annuel sur le prix et la qualité du service d'eau potable", "8.8"),
    # 9
    ("Vœu pour le maintien du bureau de poste", "9.4"),
    ("Motion de soutien aux agriculteurs", "9.4"),
]

UNCLASSIFIED = [
    "Questions diverses",
    "Informations diverses",
    "Tour de table",
    "Divers",
    "Point sur les travaux en cours",
    "",
    "   ",
]


@pytest.mark.parametrize(("label", "code"), CLASSIFIED)
def test_heading_is_classified(label: str, code: str) -> None:
    found = classify(label)
    assert found is not None, f"{label!r} left unclassified"
    assert found.code == code, f"{label!r}: {found.code} from {found.evidence}"


@pytest.mark.parametrize("label", UNCLASSIFIED)
def test_item_without_a_decision_is_left_unclassified(label: str) -> None:
    assert classify(label) is None


def test_a_class_carries_its_scdl_name_confidence_and_evidence() -> None:
    found = classify("Subvention au comité des fêtes")
    assert isinstance(found, ActesClass)
    assert (found.code, found.level1, found.level2) == ("7.5", "finances locales", "subventions")
    assert found.scdl_name == "finances locales/subventions"
    assert 0.5 <= found.confidence <= 1.0
    assert "subvention" in found.evidence


def test_weak_or_split_evidence_is_not_classified() -> None:
    # A theme word alone says too little; two themes at once say nothing sure.
    assert classify("Point sur l'école") is None
    assert classify("Bibliothèque et gymnase") is None


def test_a_tie_of_act_words_follows_the_priority_policy() -> None:
    found = classify("Fonds de concours et subvention pour la salle des sports")
    assert found is not None and found.code == "7.8" and found.confidence == 0.5


def test_every_scdl_name_has_the_published_shape() -> None:
    # level1/level2, lower case, no comma or parenthesis, no space around "/".
    names = codes()
    assert len(names) == 57 and {c.split(".")[0] for c in names} == {str(d) for d in range(1, 10)}
    for code, name in names.items():
        assert re.fullmatch(r"\d\.\d{1,2}", code)
        level1, level2 = name.split("/")
        assert name == name.lower() and level1 == level1.strip() and level2 == level2.strip()
        assert not set(",()") & set(name)


def test_normalise_folds_case_accents_ligatures_and_punctuation() -> None:
    assert normalise("Vœu : l’École-Maternelle") == "voeu l ecole maternelle"
