"""Structure: paragraph units and kinds, agenda items, the meeting header."""

from __future__ import annotations

import pytest

from pipeline.records import ParagraphKind
from pipeline.structure import agenda_heading, attendance_status, build_structure


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. « LES CYBER-CENTRES »", ("1", "LES CYBER-CENTRES")),
        ("2009/134 – Télétransmission des actes administratifs", ("2009/134", "Télétransmission des actes administratifs")),
        ("Point n°3 : Budget primitif 2010", ("3", "Budget primitif 2010")),
        ("II. FINANCES", ("II", "FINANCES")),
        ("2) Virement de credits", ("2", "Virement de credits")),
        ("Résolution 4 - Modification des statuts", ("4", "Modification des statuts")),
        ("Délibération n° 2014-05-03 : Indemnités du maire", ("2014-05-03", "Indemnités du maire")),
        ("Le Conseil municipal décide à l'unanimité.", None),
        ("175 cyber-centres sont ouverts sur le territoire régional et bien au-delà " * 4, None),
    ],
)
def test_agenda_heading_shapes(line: str, expected: tuple[str, str] | None) -> None:
    assert agenda_heading(line) == expected


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("Présents : Messieurs VERMEULEN, GUERIN", "present"),
        ("PRÉSENTS", "present"),
        ("Etaient présents :", "present"),
        ("Absents excusés : Philippe KERVELLA", "excused"),
        ("EXCUSÉS", "excused"),
        ("Absents :", "absent"),
        ("Pouvoirs : Mme RIVAL à Mme BONNEFOY", "represented"),
        ("Procurations :", "represented"),
        ("PRESENTS ET EXCUSES", None),
        ("Présentation du budget", None),
    ],
)
def test_attendance_labels(line: str, status: str | None) -> None:
    assert attendance_status(line) == status


def kinds(text: str, make_source) -> list[tuple[str, str]]:
    built = build_structure(make_source(text))
    return [(str(p.kind), p.text) for p in built.paragraphs]


def test_numbered_list_after_an_introduction_is_not_an_agenda(make_source) -> None:
    text = (
        "Le CPER souligne les objectifs opérationnels suivants :\n\n"
        "43. Contribuer au développement économique régional\n\n"
        "44. Renforcer l'accessibilité aux outils\n\n"
        "1. « LES CYBER-CENTRES »\n\n"
        "A l'heure actuelle, 175 cyber-centres sont ouverts.\n"
    )
    built = build_structure(make_source(text))
    assert [p.label for p in built.policies] == ["LES CYBER-CENTRES"]
    by_text = {p.text: p for p in built.paragraphs}
    assert by_text["43. Contribuer au développement économique régional"].kind == ParagraphKind.LIST_ITEM
    assert by_text["A l'heure actuelle, 175 cyber-centres sont ouverts."].policy_id == built.policies[0].policy_id


def test_list_items_attach_to_their_introduction(make_source) -> None:
    text = "Les principes de cette politique sont :\n- une autonomie des territoires\n- un pack territoire\n\nSuite.\n"
    built = build_structure(make_source(text))
    intro, first, second, after = built.paragraphs
    assert (first.kind, second.kind) == (ParagraphKind.LIST_ITEM, ParagraphKind.LIST_ITEM)
    assert first.parent_id == second.parent_id == intro.paragraph_id
    assert after.parent_id is None


def test_footnotes_and_their_quoted_continuation(make_source) -> None:
    text = (
        "Il souligne la qualité des projets.\n\n"
        "³ Extrait du Décret du 21 février 2003 portant création de l'Agence :\n\n"
        "« L'agence exerce les missions suivantes :\n\n"
        "1° Elle favorise le développement de systèmes d'information.\n\n"
        "Par ailleurs, M. Dupont précise qu'il s'agit de s'appuyer sur un trépied.\n"
    )
    got = kinds(text, make_source)
    assert [k for k, _ in got] == ["paragraph", "footnote", "footnote", "footnote", "paragraph"]


def test_annex_runs_to_the_end(make_source) -> None:
    text = "Fin de séance.\n\nANNEXE 1\n\nTableau de suivi du CPER\n\nDocument remis par M. Dupont.\n"
    assert [k for k, _ in kinds(text, make_source)] == ["paragraph", "annex", "annex", "annex"]


def test_attendance_block_one_person_a_line(make_source) -> None:
    text = (
        "PRÉSENTS\n\nBENOIT Arnaud, Directeur des systèmes d'informations, Ville de DOUAI\n"
        "PERRIN Jean-Pierre, Directeur de la communication et des systèmes d'information, CUD\n\n"
        "EXCUSÉS\n\nMAHIEU Gilles, Directeur de cabinet, Ville de MONS\n"
    )
    assert {k for k, _ in kinds(text, make_source)} == {"attendance"}


def test_offsets_index_the_document_text(make_source) -> None:
    text = "Titre\n\nPremier paragraphe\nsur deux lignes.\n\n- un point\n"
    source = make_source(text)
    for p in build_structure(source).paragraphs:
        assert p.text == source.text[p.char_start : p.char_end].replace("\n", " ")


@pytest.mark.parametrize(
    ("header", "date", "title"),
    [
        (
            "COMPTE-RENDU\n\nCONSEIL MUNICIPAL DU 13 OCTOBRE 2009\n\n"
            "L'an deux mil neuf, le treize octobre, à vingt heures trente minutes, le Conseil Municipal s'est réuni.\n",
            "2009-10-13",
            "CONSEIL MUNICIPAL",
        ),
        ("GROUPE DE TRAVAIL TECHNIQUE TIC Vendredi 11 avril 2003\n\nCOMPTE-RENDU\n", "2003-04-11", "GROUPE DE TRAVAIL TECHNIQUE TIC"),
        ("Séance du jeudi 09 octobre 2008\n\nLe Conseil s'est réuni.\n", "2008-10-09", None),
    ],
)
def test_meeting_header(header: str, date: str, title: str | None, make_source) -> None:
    meeting = build_structure(make_source(header)).meeting
    assert meeting.meeting_date == date
    if title:
        assert meeting.title == title


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("A/ Nomination d'un référent incendie : David Tripogney sera le correspondant incendie de la commune.", "Nomination d'un référent incendie"),
        ("2009/139 – Marché « Travaux d'extension » : Attribution et autorisation de signature", "Marché « Travaux d'extension » : Attribution et autorisation de signature"),
        ("1/ ONF Etat d'assiette 2023 :", "ONF Etat d'assiette 2023"),
    ],
)
def test_agenda_label_stops_where_a_sentence_starts(line: str, label: str) -> None:
    assert agenda_heading(line)[1] == label


def test_topics_under_a_miscellaneous_item_are_items(make_source) -> None:
    from pipeline.records import Hint

    text = (
        "Résolution 7 - Discussions diverses\n\nPrêt de matériel\n\nLa proposition est abandonnée pour l'instant.\n\n"
        "Logiciel libre\n\nDeux membres créent une association.\n\nSignatures :\n\nFait à Paris.\n"
    )
    source = make_source(text)
    hints = tuple(
        Hint("heading", text.index(h), text.index(h) + len(h))
        for h in ("Résolution 7 - Discussions diverses", "Prêt de matériel", "Logiciel libre", "Signatures :")
    )
    from dataclasses import replace

    built = build_structure(replace(source, hints=hints))
    assert [(p.number, p.label) for p in built.policies] == [
        ("7", "Discussions diverses"), ("7a", "Prêt de matériel"), ("7b", "Logiciel libre"),
    ]
