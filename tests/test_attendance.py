"""Attendance lists in the shapes French minutes use."""

from __future__ import annotations

import hashlib

import pytest

from pipeline.attendance import find_attendance
from pipeline.ingest import ingest
from pipeline.structure import build_structure


def rows(text: str, make_source) -> list[tuple]:
    source = make_source(text)
    found = find_attendance(source, build_structure(source).paragraphs)
    return [(e.status, e.family_name, e.given_name, e.role, e.organisation) for e in found.attendance]


def test_one_person_a_line_with_role_and_organisation(make_source) -> None:
    text = (
        "PRÉSENTS\n\n"
        "BENOIT Arnaud, Directeur des systèmes d'informations, Ville de DOUAI\n"
        "MILLET Bruno, Chargé des TIC à la DATAR\n"
        "JOUBERT Dominique, Délégué Général ARCADE\n"
        "VASSEUR, Christophe, ville de ROUBAIX\n"
        "ERIC Philippe, DIGIPORT\n\n"
        "EXCUSÉS\n\n"
        "CUISSE Michel, Directeur de la programmation, des marchés et des transports, CG Pas de Calais\n"
    )
    assert rows(text, make_source) == [
        ("present", "BENOIT", "Arnaud", "Directeur des systèmes d'informations", "Ville de DOUAI"),
        ("present", "MILLET", "Bruno", "Chargé des TIC", "DATAR"),
        ("present", "JOUBERT", "Dominique", "Délégué Général", "ARCADE"),
        ("present", "VASSEUR", "Christophe", None, "ville de ROUBAIX"),
        ("present", "ERIC", "Philippe", None, "DIGIPORT"),
        ("excused", "CUISSE", "Michel", "Directeur de la programmation, des marchés et des transports", "CG Pas de Calais"),
    ]


def test_grouped_list_with_trailing_plural_roles_and_wrapped_names(make_source) -> None:
    text = (
        "Présents:\n"
        "M. Jean-Paul MARCHAL, Maire\n"
        "M. Georges PASQUIER, Bernard RENAUD, Jean-Marie\n"
        "ROUSSET, Jean-Pierre GRANDJOUAN, Adjoints\n"
        "M. MMES Michel GRAVOUIL, Régine FAUCHER, Conseillers municipaux\n"
        "Absents excusés :\n"
        "M. Alain TESSIER, Adjoint\n"
    )
    assert rows(text, make_source) == [
        ("present", "MARCHAL", "Jean-Paul", "Maire", None),
        ("present", "PASQUIER", "Georges", "Adjoint", None),
        ("present", "RENAUD", "Bernard", "Adjoint", None),
        ("present", "ROUSSET", "Jean-Marie", "Adjoint", None),
        ("present", "GRANDJOUAN", "Jean-Pierre", "Adjoint", None),
        ("present", "GRAVOUIL", "Michel", "Conseiller municipal", None),
        ("present", "FAUCHER", "Régine", "Conseiller municipal", None),
        ("excused", "TESSIER", "Alain", "Adjoint", None),
    ]


def test_inline_lists_proxies_chair_and_secretary(make_source) -> None:
    text = (
        "L'an deux mil huit le neuf octobre, le Conseil Municipal s'est réuni sous la présidence de "
        "Monsieur Christian VERMEULEN, Maire.\n\n"
        "Présents : Messieurs VERMEULEN, GUERIN, Mme BONNEFOY, KERVELLA.\n"
        "Pouvoirs : Mme RIVAL à Mme BONNEFOY et M. BARBIER à M. VERMEULEN,\n"
        "Absents excusés : Philippe KERVELLA et Christine RINALDI\n\n"
        "Madame Chantal KERVELLA a été élue secrétaire de séance.\n"
    )
    got = rows(text, make_source)
    assert ("present", "VERMEULEN", "Christian", "Maire", None) in got
    assert ("present", "GUERIN", None, None, None) in got
    assert ("present", "KERVELLA", "Chantal", "secrétaire de séance", None) in got
    assert ("represented", "RIVAL", None, None, None) in got
    assert ("represented", "BARBIER", None, None, None) in got
    assert ("excused", "KERVELLA", "Philippe", None, None) in got
    assert ("excused", "RINALDI", "Christine", None, None) in got
    assert len(got) == 8


def test_proxy_holder_is_kept(make_source) -> None:
    source = make_source("Pouvoirs : Mme RIVAL à Mme BONNEFOY\n")
    found = find_attendance(source, build_structure(source).paragraphs)
    (entry,) = found.attendance
    holder = next(m for m in found.mentions if m.mention_id == entry.proxy_mention_id)
    assert (entry.status, holder.family_name) == ("represented", "BONNEFOY")


def test_a_sentence_naming_the_chair(make_source) -> None:
    text = "L'assemblée générale est présidée par Adrien Pachkoff, et Vincent Mercadier en est nommé secrétaire.\n"
    assert rows(text, make_source) == [
        ("present", "Pachkoff", "Adrien", "président", None),
        ("present", "Mercadier", "Vincent", "secrétaire", None),
    ]


def test_header_counts(make_source) -> None:
    text = "Nombre de conseillers en exercice : 15\nNombre de présents : 11\nVotants : 13\n\nSéance ouverte.\n"
    source = make_source(text)
    found = find_attendance(source, build_structure(source).paragraphs)
    assert {(c.label, c.value) for c in found.header_counts} == {("en exercice", 15), ("présents", 11), ("votants", 13)}


def test_mentions_point_at_the_names(make_source) -> None:
    text = "Présents : M. Jean DUPONT, Maire, Mme Anne MARTIN\n"
    source = make_source(text)
    found = find_attendance(source, build_structure(source).paragraphs)
    persons = [m for m in found.mentions if m.entity_kind == "person"]
    assert [source.text[m.char_start : m.char_end] for m in persons] == ["M. Jean DUPONT", "Mme Anne MARTIN"]


def test_two_lines_of_a_grouped_list_are_not_one_person_a_line(make_source) -> None:
    text = "Absents excusés :\nM. Alain TESSIER, Adjoint\nM. Nicolas BOUCHER, Lionel LESCURAT, Conseillers municipaux\n"
    assert rows(text, make_source) == [
        ("excused", "TESSIER", "Alain", "Adjoint", None),
        ("excused", "BOUCHER", "Nicolas", "Conseiller municipal", None),
        ("excused", "LESCURAT", "Lionel", "Conseiller municipal", None),
    ]


def test_councillors_belong_to_the_commune_that_meets(make_source) -> None:
    text = "Commune de VILLENEUVE\n\nPrésents :\nM. Jean DUPONT, Maire\nM. Paul MARTIN, Anne DURAND, Conseillers municipaux\n"
    source = make_source(text)
    found = find_attendance(source, build_structure(source).paragraphs, body="Commune de VILLENEUVE")
    assert {e.organisation for e in found.attendance} == {"Commune de VILLENEUVE"}


def test_one_person_a_line_joined_by_ocr(make_source) -> None:
    text = (
        "PRÉSENTS\n\nBENOIT Arnaud, Directeur des systèmes d'informations, Ville de DOUAI DELATTRE Gervais, "
        "Directeur des systèmes d'informations, ville de DOUAI HAMON Tanguy, ADU St OMER\n"
        "VASSEUR, Christophe, ville de ROUBAIX ERIC Philippe, DIGIPORT\n"
    )
    assert [(f, o) for _, f, _, _, o in rows(text, make_source)] == [
        ("BENOIT", "Ville de DOUAI"), ("DELATTRE", "ville de DOUAI"), ("HAMON", "ADU St OMER"),
        ("VASSEUR", "ville de ROUBAIX"), ("ERIC", "DIGIPORT"),
    ]


def test_several_labels_in_one_paragraph_and_parentheses(make_source) -> None:
    text = (
        "Présents : Jean-Pierre JEANROY, Nelly WIDMER, Anne-Marie MUNINGER. Absents non excusés : Mathieu FIGINI "
        "(pas de pouvoir donné), Maryline LECESTRE (pouvoir à Nelly WIDMER).\n"
    )
    assert [(st, f, g) for st, f, g, _, _ in rows(text, make_source)] == [
        ("present", "JEANROY", "Jean-Pierre"), ("present", "WIDMER", "Nelly"), ("present", "MUNINGER", "Anne-Marie"),
        ("absent", "FIGINI", "Mathieu"), ("represented", "LECESTRE", "Maryline"),
    ]


def test_first_names_only(make_source) -> None:
    # The one name listed is the row's key: it stands in family_name (corpus/gold/FORMAT.md).
    text = "Présents : Jean-Pierre, Yves, Jacques, Hélène, Anne-Marie\n\nLe secrétaire de mairie était présent également.\n"
    assert [(st, f, g) for st, f, g, _, _ in rows(text, make_source)] == [
        ("present", "Jean-Pierre", None), ("present", "Yves", None), ("present", "Jacques", None),
        ("present", "Hélène", None), ("present", "Anne-Marie", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the proxy holder's name on the next line
        (
            "Absents excusés :\nM. Philippe BRIAND, Conseiller municipal, pouvoir donné à\nM. Jacques CHEVALIER\n"
            "M. Paul LAMBERT, Conseiller municipal\n",
            [("represented", "BRIAND"), ("excused", "LAMBERT")],
        ),
        # two people on one line of a one-person-a-line list
        (
            "Absents excusés :\nMME Régine FAUCHER, Conseillère municipale,\n"
            "MME Marie-Josèphe PICHON, Conseillère municipale, MME Michèle FRANCHETEAU, Conseillère municipale, "
            "pouvoir donné à M. Jean-Paul MARCHAL\n",
            [("excused", "FAUCHER"), ("excused", "PICHON"), ("represented", "FRANCHETEAU")],
        ),
        # a label with "et pouvoirs donnés", and a role without its comma
        (
            "Absents excusés et pouvoirs donnés :\nMME Régine FAUCHER Conseillère municipale\n",
            [("excused", "FAUCHER")],
        ),
        # an aside in parentheses does not end the list
        (
            "Présents:\nM. MMES Anne BRUNETEAU (prend part au vote jusqu'à la délibération n°2014/59 puis est excusée), "
            "Philippe BRIAND, Conseillers municipaux\n",
            [("present", "BRUNETEAU"), ("present", "BRIAND")],
        ),
    ],
)
def test_list_layouts_of_an_archive(text: str, expected: list[tuple[str, str]], make_source) -> None:
    assert [(st, f) for st, f, _, _, _ in rows(text, make_source)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Absents excusés :\nMME Marie-Josèphe PICHON, Conseillère municipale MLLE Alice BICZYSKO, Conseillère municipale\n",
         [("excused", "PICHON"), ("excused", "BICZYSKO")]),
        ("Présents:\nM. Bernard RENAUD, Jean-Marie ROUSSET Alain TESSIER, Adjoints\n",
         [("present", "RENAUD"), ("present", "ROUSSET"), ("present", "TESSIER")]),
        ("Présents: M. Jean DUPONT, Paul MARTIN Absents et excusés: M. MMES Régine FAUCHER, Alain TESSIER\n",
         [("present", "DUPONT"), ("present", "MARTIN"), ("excused", "FAUCHER"), ("excused", "TESSIER")]),
    ],
)
def test_commas_and_labels_left_out(text: str, expected: list[tuple[str, str]], make_source) -> None:
    assert [(st, f) for st, f, _, _, _ in rows(text, make_source)] == expected


# --- failure classes of issue #12 (snippets written for each class, invented names) ---------------


def found(text: str, make_source, *, markdown: bool = False):
    """Attendance of a snippet; markdown snippets go through ingest, as a .md file does."""
    if markdown:
        source = ingest(text.encode("utf-8"), source="minutes.md", doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest())
    else:
        source = make_source(text)
    return find_attendance(source, build_structure(source).paragraphs)


LONG_DASH_RUN = " - ".join(f"{given} {family}" for given, family in [
    ("Lucien", "ARBOGAST"), ("Maëlle", "BRONDEL"), ("Jean-Noël", "CAZEMAJOU"), ("Odile", "DARRIGUES"),
    ("Yvan", "ESCOFFIER"), ("Pascaline", "FOURCADE"), ("Hugues", "GRANDCOLAS"), ("Solène", "HAUTECOEUR"),
] * 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # municipal minutes in markdown: a heading label, then 60+ "Given FAMILY" on one line, dash-separated
        ("# Etaient présents :\n\n" + LONG_DASH_RUN + "\n\n## 1. Budget\n\nLe budget est adopté.\n",
         [("present", f) for f in ["ARBOGAST", "BRONDEL", "CAZEMAJOU", "DARRIGUES", "ESCOFFIER", "FOURCADE", "GRANDCOLAS", "HAUTECOEUR"] * 8]),
        # scanned council minutes: initials and family names, "-" and "–", dashes glued after OCR
        ("Présents : M. J.P. ARBOGAST - F. BRONDEL– A. CAZEMAJOU - L-P. DARRIGUES- J-M. ESCOFFIER-P. FOURCADE\n"
         "--C. GRANDCOLAS - N, HAUTECOEUR - C. VAN DER ELST\n",
         [("present", f) for f in ["ARBOGAST", "BRONDEL", "CAZEMAJOU", "DARRIGUES", "ESCOFFIER", "FOURCADE", "GRANDCOLAS", "HAUTECOEUR", "VAN DER ELST"]]),
        # OCR lost every separator: persons told apart by the capitals of their family names
        ("Présents : Lucien ARBOGAST Maëlle BRONDEL Jean-Noël CAZEMAJOU Odile DARRIGUES\n",
         [("present", "ARBOGAST"), ("present", "BRONDEL"), ("present", "CAZEMAJOU"), ("present", "DARRIGUES")]),
        # a label on its own line, the list in the next paragraph; a represented label with its legal reference
        ("Présents :\n\nLucien ARBOGAST, Maëlle BRONDEL, ,Odile DARRIGUES.\n\n"
         "Absents ayant voté par procuration en application de l'article L 2121-20 du CGCT :\n\nYvan ESCOFFIER, Solène HAUTECOEUR.\n\n"
         "Absents : -\n\nMonsieur le Maire : Je déclare la séance ouverte.\n",
         [("present", "ARBOGAST"), ("present", "BRONDEL"), ("present", "DARRIGUES"), ("represented", "ESCOFFIER"), ("represented", "HAUTECOEUR")]),
        # proxies a line under a sentence that announces them
        ("Représentés (au sens de l'article L2121-20 du CGCT) :\n\nDeux procurations sont présentées : J-C ARBOGAST représenté par D. BRONDEL\n"
         "C. CAZEMAJOU représentée par J-F. DARRIGUES-PONS\n\nRetard :\n\nDébut de la séance : 18 H 30\n",
         [("represented", "ARBOGAST"), ("represented", "CAZEMAJOU")]),
    ],
    ids=["dash-run-60", "initials-dashes-ocr", "no-separator", "label-then-paragraph", "proxies-a-line"],
)
def test_lists_whatever_the_separator(text: str, expected: list[tuple[str, str]], make_source) -> None:
    got = found(text, make_source, markdown=text.startswith("#")).attendance
    assert [(str(e.status), e.family_name) for e in got] == expected


@pytest.mark.parametrize(
    ("label", "status"),
    [("Présent.es :", "present"), ("Présent·es :", "present"), ("Présent-e-s :", "present"), ("Présent(e)s :", "present"),
     ("Excusé.e.s :", "excused"), ("Excusé(e)s :", "excused"), ("excusée :", "excused"), ("Absent(e)s :", "absent"),
     ("Absent·es :", "absent"), ("Présences", "present")],
)
def test_inclusive_writing_labels(label: str, status: str, make_source) -> None:
    # association minutes write labels inclusively
    got = found(f"{label}\nLucien ARBOGAST, Odile DARRIGUES\n", make_source).attendance
    assert [(str(e.status), e.family_name) for e in got] == [(status, "ARBOGAST"), (status, "DARRIGUES")]


def test_first_names_under_group_headings(make_source) -> None:
    # student association minutes (markdown): first names and nicknames under group headings
    text = (
        "Présences\n===\n\nBureau\n---\n\n  - Zélinda\n  - Gwenaël\n\nResponsables\n---\n\n  - Bricounet\n  - Marie-Sixtine\n\n"
        "Invités\n---\n\n  - Théobald\n\nOrdre du jour\n===\n\nLe budget des crêpes est discuté longuement par les présents.\n"
    )
    got = [(e.family_name, e.given_name, e.role) for e in found(text, make_source, markdown=True).attendance]
    assert got == [("Zélinda", None, "Bureau"), ("Gwenaël", None, "Bureau"), ("Bricounet", None, "Responsable"),
                   ("Marie-Sixtine", None, "Responsable"), ("Théobald", None, "Invité")]


def test_proxy_in_parentheses_and_pouvoir_a(make_source) -> None:
    # association minutes: "(voix donnée à X)"; council minutes: "Pouvoir à"
    text = "Présent.es : Zélinda, Gwenaël\nExcusé.e.s : Théobald (voix donnée à Zélinda), Hortense\n"
    got = [(str(e.status), e.family_name) for e in found(text, make_source).attendance]
    assert got == [("present", "Zélinda"), ("present", "Gwenaël"), ("represented", "Théobald"), ("excused", "Hortense")]
    text = "Excusés : M. Lucien ARBOGAST, Pouvoir à M. Yvan ESCOFFIER\n"
    assert [(str(e.status), e.family_name) for e in found(text, make_source).attendance] == [("represented", "ARBOGAST")]


def test_side_block_of_counts_interleaved_by_ocr(make_source) -> None:
    # a deliberation extract whose side block of counts OCR flattened into the list
    text = (
        "Présents : L. ARBOGAST - M. BRONDEL Date de convocation : 08/10/2018 - J. CAZEMAJOU Nombre de conseillers "
        "En exercice : 14 Présents : 5 Votants : 5 - O. DARRIGUES - Y. ESCOFFIER\n\nVu le code général des collectivités territoriales,\n"
    )
    result = found(text, make_source)
    assert [e.family_name for e in result.attendance] == ["ARBOGAST", "BRONDEL", "CAZEMAJOU", "DARRIGUES", "ESCOFFIER"]
    assert all(e.confidence == 1.0 for e in result.attendance)


def test_header_counts_that_disagree_lower_confidence(make_source) -> None:
    text = "Nombre de conseillers en exercice : 15\nPrésents : 4\nVotants : 4\n\nPrésents : Lucien ARBOGAST, Maëlle BRONDEL, Odile DARRIGUES\n"
    result = found(text, make_source)
    assert {e.confidence for e in result.attendance} == {0.6}
    assert "the list gives 3 present, the header says présents 4" in result.attendance[0].note


def test_names_split_on_capitals_say_so(make_source) -> None:
    result = found("Présents : Lucien ARBOGAST Maëlle BRONDEL\n", make_source)
    assert [e.confidence for e in result.attendance] == [0.8, 0.8]
    assert "capitals" in result.attendance[0].note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # intercommunal council: absences, proxies and substitutes in a markdown table, the list "cf. page suivante"
        ("Présents : Lucien ARBOGAST, Odile DARRIGUES\n\nAbsents : cf. page suivante\n\n"
         "| Absents | Ni pouvoir | Suppléant | Pouvoir donné à |\n|---|---|---|---|\n| Maëlle BRONDEL | X | | |\n"
         "| Yvan ESCOFFIER | | Hugues GRANDCOLAS | |\n| Solène HAUTECOEUR | | | Lucien ARBOGAST |\n\nLa séance est ouverte.\n",
         [("present", "ARBOGAST", None), ("present", "DARRIGUES", None), ("absent", "BRONDEL", None), ("absent", "ESCOFFIER", None),
          ("present", "GRANDCOLAS", "Suppléant"), ("represented", "HAUTECOEUR", None)]),
        # a PDF table (cells joined by " | "): one column per status
        ("Présents | Excusés\n\nLucien ARBOGAST | Maëlle BRONDEL\n\nOdile DARRIGUES |\n\nLa séance est ouverte.\n",
         [("present", "ARBOGAST", None), ("excused", "BRONDEL", None), ("present", "DARRIGUES", None)]),
        # a table of persons with their role, under a label
        ("Présents :\n\n| Nom | Fonction |\n|---|---|\n| Lucien ARBOGAST | Maire |\n| Odile DARRIGUES | Adjointe |\n",
         [("present", "ARBOGAST", "Maire"), ("present", "DARRIGUES", "Adjointe")]),
        # a table that is no attendance list
        ("| Fonction | Nombre | Taux |\n|---|---|---|\n| Maire | 1 | 55% |\n", []),
    ],
    ids=["absences-table", "status-columns", "persons-table", "not-attendance"],
)
def test_attendance_tables(text: str, expected, make_source) -> None:
    got = found(text, make_source, markdown="|---" in text).attendance
    assert [(str(e.status), e.family_name, e.role) for e in got] == expected


def test_group_headings_inside_the_list(make_source) -> None:
    # association board minutes: "Membres du CA :" and "Invités :" open lines of one list
    text = "Présent·es :\nMembres du CA : Zélinda, Gwenaël\nInvités : Théobald\n\nLe président ouvre la séance à 20 h.\n"
    got = [(e.family_name, e.role) for e in found(text, make_source).attendance]
    assert got == [("Zélinda", "Membre du CA"), ("Gwenaël", "Membre du CA"), ("Théobald", "Invité")]


def test_an_organisation_among_the_excused(make_source) -> None:
    # association minutes excuse a partner body beside members named by first name
    result = found("Présent.es : Zélinda, Gwenaël\nExcusé.e.s : Théobald, l'association Les Jardins du Coteau\n", make_source)
    assert [(str(e.status), e.family_name, e.organisation) for e in result.attendance] == [
        ("present", "Zélinda", None), ("present", "Gwenaël", None), ("excused", "Théobald", None)]
    orgs = [m.text for m in result.mentions if m.entity_kind == "organisation"]
    assert orgs == ["l'association Les Jardins du Coteau"]


def test_chair_named_after_the_role(make_source) -> None:
    # council minutes: "sous la présidence de Monsieur le Maire, X" gives the listed member the role
    text = "Le conseil s'est réuni sous la présidence de Monsieur le Maire, Lucien Arbogast\n\nPrésents :\n\nLucien ARBOGAST, Odile DARRIGUES.\n"
    assert [(e.family_name, e.role) for e in found(text, make_source).attendance] == [("ARBOGAST", "Maire"), ("DARRIGUES", None)]


def test_an_officer_line_after_an_empty_label_is_no_group(make_source) -> None:
    # deliberation extracts: "Absent(s)" with nobody, then the secretary's line
    text = "Présents : L. ARBOGAST - O. DARRIGUES\n\nAbsent(s)\nSecrétaire de séance : M. Yvan ESCOFFIER\n\nVu le code,\n"
    got = [(str(e.status), e.family_name) for e in found(text, make_source).attendance]
    assert ("absent", "ESCOFFIER") not in got and ("present", "ESCOFFIER") in got


def test_a_label_whose_legal_reference_wraps(make_source) -> None:
    # scanned council minutes: the represented label's parenthesis runs over two lines
    text = "Représentés (au sens de l'article L2121-20 du Code Général des\nCollectivités Territoriales) :\nC. ARBOGAST représentée par J. DARRIGUES\n"
    assert [(str(e.status), e.family_name) for e in found(text, make_source).attendance] == [("represented", "ARBOGAST")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # association notes in markdown: hard line breaks folded, no capitals to split on
        ("Présents:  \nLucien Arbogast  \nMaëlle Brondel  \nYvan Le Cazemajou  \nOdile Darrigues\n\n- Point sur le budget\n",
         ["Arbogast", "Brondel", "Le Cazemajou", "Darrigues"]),
        # a list left inside a markdown code fence
        ("```\nEtaient présents : Lucien Arbogast, Maëlle Brondel,\nOdile Darrigues\n```\n\nDébut de séance 18h\n",
         ["Arbogast", "Brondel", "Darrigues"]),
    ],
    ids=["given-names-run", "code-fence"],
)
def test_markdown_lists_of_associations(text: str, expected: list[str], make_source) -> None:
    got = found(text, make_source, markdown=True).attendance
    assert [e.family_name for e in got] == expected


def test_a_label_whose_parenthesis_ocr_left_open(make_source) -> None:
    # scanned deliberation extracts: "Absent(s" with nobody after it ends the proxies' list
    text = "Représentés :\n\nC. ARBOGAST représentée par JM DARRIGUES\n\nAbsent(s\n\nVu le code,\n"
    assert [(str(e.status), e.family_name) for e in found(text, make_source).attendance] == [("represented", "ARBOGAST")]


def test_first_names_with_slashes_and_proxies_in_parentheses(make_source) -> None:
    # small-commune minutes among colleagues: first names, " / " between them, "Non excusé"
    text = ("Présents : Lucien, Odile, Maëlle.\n\nExcusés : Yvan (pouvoir donné à Lucien) / Solène (pouvoir donné à Odile) / Hugues. "
            "Non excusé : Théobald (pas de pouvoir donné).\n\nOrdre du jour\n")
    got = [(str(e.status), e.family_name) for e in found(text, make_source).attendance]
    assert got == [("present", "Lucien"), ("present", "Odile"), ("present", "Maëlle"), ("represented", "Yvan"),
                   ("represented", "Solène"), ("excused", "Hugues"), ("absent", "Théobald")]
