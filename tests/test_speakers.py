"""Speakers and speech acts: each way French minutes report speech."""

from __future__ import annotations

import pytest

from pipeline.attendance import find_attendance
from pipeline.speakers import find_cue, find_speakers
from pipeline.structure import build_structure


@pytest.mark.parametrize(
    ("sentence", "kind", "who"),
    [
        # reported speech, with adverbial openings and appositions
        ("Olivier LLUANSI précise que la définition du territoire est retenue.", "reported", "Olivier LLUANSI"),
        ("Par ailleurs, Olivier LLUANSI précise que pour les collectivités la Région agit.", "reported", "Olivier LLUANSI"),
        ("S'agissant des outils financiers, Olivier LLUANSI précise que la Région a agi.", "reported", "Olivier LLUANSI"),
        ("Dominique CRESSON, Délégué Général de RAFHAEL ouvre la séance en remerciant les membres.", "reported", "Dominique CRESSON"),
        ("Monsieur Jean-Luc PADIOLLEAU, 1er adjoint, expose aux membres du Conseil le projet.", "reported", "Monsieur Jean-Luc PADIOLLEAU"),
        ("Aussi olivier LLUANSI sollicite-t-il les membres du Réseau.", "reported", "olivier LLUANSI"),
        ("Mme Anne MARTIN interroge le Maire sur le calendrier des travaux.", "reported", "Mme Anne MARTIN"),
        ("M. DURAND répond que les travaux commenceront en mars.", "reported", "M. DURAND"),
        # roles
        ("Monsieur le Maire, rapporteur, expose :", "reported", "Monsieur le Maire"),
        ("Le Président décide de présenter le rapport des activités.", "reported", "Le Président"),
        ("Le Trésorier de l'association présente les comptes et le budget.", "reported", "Le Trésorier de l'association"),
        ("Suite à la demande de l'école, Monsieur le Maire demande aux membres du Conseil de se prononcer.", "reported", "Monsieur le Maire"),
        ("Mme l'Adjointe aux finances présente le budget primitif.", "reported", "Mme l'Adjointe aux finances"),
        # attributions
        ("Selon Tanguy BEUZELIN, les actions de terrain font remonter de forts besoins.", "attribution", "Tanguy BEUZELIN"),
        ("En effet, selon Jean-René JEGOU, au début le cahier des charges était exigeant.", "attribution", "Jean-René JEGOU"),
        ("Pour Olivier LLUANSI, il va falloir aller vite.", "attribution", "Olivier LLUANSI"),
        # direct speech
        ("M. DUPONT : Je souhaite que le projet avance.", "direct", "M. DUPONT"),
        ("Monsieur le Maire : « Nous avons obtenu la subvention. »", "direct", "Monsieur le Maire"),
        # continuation by pronoun
        ("Il précise qu'une étude de définition est en cours.", "continuation", "Il"),
        ("Enfin, il rappelle que la troisième réunion sera consacrée au Littoral.", "continuation", "il"),
        # a body deciding
        ("Le Conseil municipal, après en avoir délibéré, décide à l'unanimité d'approuver le budget.", "body", ""),
        ("A l'unanimité, le Conseil Municipal accepte cette proposition.", "body", ""),
        ("Pas d'observations. Le compte-rendu est adopté à l'unanimité.", "body", ""),
    ],
)
def test_cues(sentence: str, kind: str, who: str) -> None:
    cue = find_cue(sentence)
    assert cue is not None
    assert (cue.kind, cue.who) == (kind, who)


@pytest.mark.parametrize(
    "sentence",
    [
        # names only mentioned
        "Pour le Conseil Régional et son Vice-Président, Jean CORTOIS, l'action régionale concerne les intercommunalités.",
        "La Région a accordé à l'Arc Numérique un financement de 2 M€.",
        "Les ateliers lancés par Dylan ont été repris par Adrien.",
        "A l'heure actuelle, 175 cyber-centres sont ouverts sur le territoire régional.",
    ],
)
def test_no_cue(sentence: str) -> None:
    assert find_cue(sentence) is None


def test_mentioned_name_is_not_the_speaker() -> None:
    cue = find_cue("De façon plus générale et si Bruno CASSETTE en est d'accord, Dominique CRESSON propose une réunion.")
    assert cue is not None and cue.who == "Dominique CRESSON"


def speakers_of(text: str, make_source) -> list[tuple[str | None, str, str]]:
    source = make_source(text)
    built = build_structure(source)
    found_attendance = find_attendance(source, built.paragraphs)
    found = find_speakers(source, built.paragraphs, attendance=found_attendance.attendance)
    mentions = {m.mention_id: m for m in found.mentions + found_attendance.mentions}

    def name(mention_id: str | None) -> str | None:
        if mention_id is None:
            return None
        mention = mentions[mention_id]
        return mentions[mention.refers_to].text if mention.refers_to else mention.text

    return [(name(i.speaker_mention_id), str(i.act), i.text[:30]) for i in found.interventions]


def test_role_resolved_to_the_holder_and_decision_without_speaker(make_source) -> None:
    text = (
        "Présents : M. Jean-Paul LERAY, Maire, M. Georges LECLEVE, Adjoint\n\n"
        "1. BUDGET\n\n"
        "Monsieur le Maire, rapporteur, expose :\n\n"
        "« Les services de l'Etat nous sollicitent pour la télétransmission.\n\n"
        "Il vous est donc demandé de vous prononcer sur la mise en œuvre du dispositif ».\n\n"
        "Le Conseil municipal, après en avoir délibéré, décide à l'unanimité :\n"
        "- de mettre en place la télétransmission\n\n"
        "2. VOIRIE\n\n"
        "Monsieur Georges LECLEVE, rapporteur, informe le Conseil des travaux.\n"
    )
    assert speakers_of(text, make_source) == [
        ("M. Jean-Paul LERAY", "statement", "Monsieur le Maire, rapporteur,"),
        ("M. Jean-Paul LERAY", "statement", "« Les services de l'Etat nous "),
        ("M. Jean-Paul LERAY", "proposal", "Il vous est donc demandé de vo"),
        (None, "decision", "Le Conseil municipal, après en"),
        ("Monsieur Georges LECLEVE", "statement", "Monsieur Georges LECLEVE, rapp"),
    ]


def test_presentation_heading_gives_the_presenter(make_source) -> None:
    text = (
        "PRÉSENTATION DES POLITIQUES RÉGIONALES par Olivier LLUANSI, DGAS\n\n"
        "Depuis le lancement du CPER, des changements sont intervenus.\n\n"
        "1. « LES CYBER-CENTRES »\n\n"
        "A l'heure actuelle, 175 cyber-centres sont ouverts.\n\n"
        "Rudi WOLFF indique que sept territoires ont été identifiés.\n\n"
        "Enfin, il souligne l'intérêt des territoires belges.\n"
    )
    assert [s for s, _, _ in speakers_of(text, make_source)] == [
        "Olivier LLUANSI", "Olivier LLUANSI", "Rudi WOLFF", "Rudi WOLFF",
    ]


def test_question_then_answer(make_source) -> None:
    text = (
        "Frédéric CLOWEZ souhaite savoir si l'expérience va être généralisée.\n\n"
        "Rudi WOLFF indique qu'une réflexion est en cours.\n\n"
        "Jean-Pierre TRIQUET propose que RAFHAEL organise une réunion.\n"
    )
    assert [a for _, a, _ in speakers_of(text, make_source)] == ["question", "answer", "proposal"]


def test_pronoun_of_the_other_gender_does_not_continue(make_source) -> None:
    text = "Mme Anne MARTIN présente le rapport.\n\nIl précise que le budget est en hausse.\n"
    assert [s for s, _, _ in speakers_of(text, make_source)] == ["Mme Anne MARTIN"]


def test_footnotes_lists_of_names_and_annexes_are_never_attributed(make_source) -> None:
    text = (
        "Olivier LLUANSI présente un document¹ aux participants.\n\n"
        "¹ Annexe 1 : Tableau de suivi du CPER\n\n"
        "PRÉSENTS\n\nBENOIT Arnaud, Directeur, Ville de VALENCIENNES\n\n"
        "ANNEXE 1\n\nDocument remis par Olivier LLUANSI.\n"
    )
    got = speakers_of(text, make_source)
    assert [t for _, _, t in got] == ["Olivier LLUANSI présente un do"]


def test_two_turns_in_one_paragraph_are_two_interventions(make_source) -> None:
    text = (
        "Présents : M. Georges LECLEVE, Maire, M. Dominique MUSLEWSKI\n\n"
        "Compte-rendu de la réunion du 22 avril 2014 : M. MUSLEWSKI fait remarquer aux membres du Conseil "
        "municipal qu'il n'est pas fait mention du vote. Monsieur le Maire explique que le Conseil municipal "
        "doit se prononcer sur l'adoption de la commission. Le compte-rendu est adopté à la majorité.\n"
    )
    got = speakers_of(text, make_source)
    assert [(s, a) for s, a, _ in got] == [("M. MUSLEWSKI", "statement"), ("M. Georges LECLEVE", "answer")]
    assert got[1][2].startswith("Monsieur le Maire explique")


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        # a question asked later in the turn
        (
            "Jacques VLIEGHE évoque la possibilité d'évoluer vers une Maison de Services Publics. "
            "Si tel est le cas, il s'interroge sur la possibilité d'un dispositif commun.\n\n"
            "Olivier LLUANSI rappelle que la Région n'a pas vocation à financer l'animation.\n",
            ["question", "answer"],
        ),
        # what the assembly decides on right after was a proposal
        (
            "1. ORDRE DE MISSION\n\nMonsieur le Maire explique aux membres du Conseil qu'il convient de missionner le cabinet.\n\n"
            "A l'unanimité, le Conseil Municipal accepte cette proposition.\n",
            ["proposal", "decision"],
        ),
    ],
)
def test_speech_acts_from_the_whole_turn(text: str, acts: list[str], make_source) -> None:
    assert [a for _, a, _ in speakers_of(text, make_source)] == acts


def test_open_discussion_takes_up_earlier_items(make_source) -> None:
    text = (
        "PRÉSENTATION DES POLITIQUES par Olivier LLUANSI\n\n"
        "1. LES CYBER-CENTRES\n\nA l'heure actuelle, 175 cyber-centres sont ouverts.\n\n"
        "2. LES DEMONSTRATEURS\n\nAinsi, six démonstrateurs circuleront dans une vingtaine de collectivités.\n\n"
        "3. L'ACCES AUX RESEAUX\n\nLe coût financier serait de l'ordre de 15 à 25 M€.\n\n"
        "Didier DEBAETS souhaite savoir ce que recouvre le service spécialisé des cyber-centres.\n\n"
        "Olivier LLUANSI indique que la Région n'a pas arrêté de cadre précis.\n\n"
        "Concernant la politique des « Démonstrateurs », Jean-Pierre TRIQUET confirme l'intérêt des territoires.\n"
    )
    source = make_source(text)
    from pipeline.structure import build_structure as build

    built = build(source)
    found = find_speakers(source, built.paragraphs, policies=built.policies)
    labels = {p.policy_id: p.label for p in built.policies}
    assert [labels.get(i.policy_id) for i in found.interventions[-3:]] == [
        "LES CYBER-CENTRES", "LES CYBER-CENTRES", "LES DEMONSTRATEURS",
    ]
    # inside the items, each intervention keeps its own item
    assert [labels.get(i.policy_id) for i in found.interventions[:3]] == [
        "LES CYBER-CENTRES", "LES DEMONSTRATEURS", "L'ACCES AUX RESEAUX",
    ]


def test_signature_lines_are_not_speech(make_source) -> None:
    text = "Monsieur le Maire lève la séance à 21h15.\n\nLe Maire\t\t\tLes Conseillers Municipaux\n"
    assert [t for _, _, t in speakers_of(text, make_source)] == ["Monsieur le Maire lève la séan"]


def test_a_first_name_alone_can_speak() -> None:
    cue = find_cue("Yves présente le budget de la commune.")
    assert cue is not None and (cue.kind, cue.who) == ("reported", "Yves")
    assert find_cue("Budget présente un excédent de 20 000 €.") is None
