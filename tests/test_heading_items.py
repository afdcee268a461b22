"""Agenda items without numbers: subject lines, heading structure, subdivisions of an item.

Snippets are written for each class of document; names are invented.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.ingest.reader import ingest
from pipeline.records import Hint, HintKind, ParagraphKind
from pipeline.structure import agenda_heading, build_structure


def _hinted(source, kind: HintKind, *spans: str):
    text = source.text
    return replace(source, hints=tuple(Hint(kind, text.index(s), text.index(s) + len(s)) for s in spans))


def test_deliberation_extract_subject_on_the_next_line_is_its_item(make_source) -> None:
    # Class: one-deliberation extracts of a register ("OBJET :" then the subject, "n° NN" nearby).
    text = (
        "EXTRAIT DU REGISTRE DES DELIBERATIONS\n\nOBJET :\n\nTarifs de la cantine scolaire\n\n"
        "n° 42 L'an deux mil vingt, le 3 mars\n\nLe Maire propose de fixer les tarifs.\n\n"
        "Le Conseil Municipal, après en avoir délibéré, décide d'adopter les tarifs.\n"
    )
    built = build_structure(make_source(text))
    assert [(p.number, p.label) for p in built.policies] == [("42", "Tarifs de la cantine scolaire")]
    proposal = next(p for p in built.paragraphs if p.text.startswith("Le Maire propose"))
    assert proposal.policy_id == built.policies[0].policy_id


def test_subject_line_with_its_label_on_the_same_line(make_source) -> None:
    text = "Objet : Vente d'un terrain communal\n\nLe conseil décide de vendre la parcelle au prix de l'estimation.\n"
    built = build_structure(make_source(text))
    assert [p.label for p in built.policies] == ["Vente d'un terrain communal"]


def test_subject_line_deep_in_minutes_is_no_item(make_source) -> None:
    # A quoted "Objet :" far into the body of minutes does not make the whole document one item.
    text = "Le conseil se réunit.\n\n" + ("Le Maire rappelle les règles du débat. " * 80) + "\n\nObjet : courrier reçu\n\nTexte.\n"
    assert build_structure(make_source(text)).policies == []


def test_markdown_headings_are_items_and_attendance_sections_are_not(make_source) -> None:
    # Class: associations' and working groups' notes written in markdown, items unnumbered.
    text = (
        "Présences\n\n- Alice\n\n- Bruno\n\n"
        "Voyage de printemps\n\nLe bureau choisit la date du voyage et réserve le car.\n\n"
        "Fête de fin d'année\n\nStand de crêpes\n\nLes volontaires tiendront le stand toute la soirée.\n\n"
        "Divers\n\nRien à signaler pour cette fois, la séance est levée.\n"
    )
    source = _hinted(make_source(text), HintKind.HEADING, "Présences", "Voyage de printemps", "Fête de fin d'année",
                     "Stand de crêpes", "Divers")
    built = build_structure(source)
    assert [p.label for p in built.policies] == [
        "Voyage de printemps", "Fête de fin d'année", "Stand de crêpes", "Divers",
    ]
    crepes = next(p for p in built.paragraphs if p.text.startswith("Les volontaires"))
    assert crepes.policy_id == built.policies[2].policy_id


def test_bold_lines_are_items_when_nothing_is_numbered(make_source) -> None:
    # Class: minutes laid out with bold topic lines (PDF or markdown **...**).
    text = (
        "Travaux de voirie\n\nLa commission présente le programme de l'année.\n\n"
        "Éclairage public\n\nLe remplacement des lampes est prévu au printemps.\n"
    )
    source = _hinted(make_source(text), HintKind.BOLD, "Travaux de voirie", "Éclairage public")
    assert [p.label for p in build_structure(source).policies] == ["Travaux de voirie", "Éclairage public"]


def test_numbered_agenda_is_not_second_guessed_by_headings(make_source) -> None:
    text = "1. Budget primitif\n\nLe budget est présenté.\n\nDétail des dépenses\n\nLes dépenses sont en baisse.\n"
    source = _hinted(make_source(text), HintKind.HEADING, "Détail des dépenses")
    assert [p.label for p in build_structure(source).policies] == ["Budget primitif"]


def test_number_glued_to_a_dash_is_an_item() -> None:
    # Class: council PDFs that print "7- Label" / "8-Label".
    assert agenda_heading("7- Modification du tableau des effectifs") == ("7", "Modification du tableau des effectifs")
    assert agenda_heading("8-Election d'un adjoint") == ("8", "Election d'un adjoint")
    assert agenda_heading("2-3 personnes sont venues") is None


def test_letters_and_roman_numerals_inside_an_item_report_stay_in_the_item(make_source) -> None:
    # Class: council minutes reproducing each deliberation's text with its own sections.
    text = (
        "1. Frais de déplacement des élus\n\nLe rapport expose les règles.\n\nI. Repas\n\nLe repas est remboursé.\n\n"
        "A) Nuitées\n\nLa nuitée est remboursée.\n\n2. Tableau des effectifs\n\nDeux postes sont créés.\n"
    )
    built = build_structure(make_source(text))
    assert [p.label for p in built.policies] == ["Frais de déplacement des élus", "Tableau des effectifs"]
    night = next(p for p in built.paragraphs if p.text.startswith("La nuitée"))
    assert night.policy_id == built.policies[0].policy_id


def test_subtitle_line_is_kept_out_of_the_item_label(make_source) -> None:
    text = "1. Budget primitif\n\nLe budget est voté.\n\n2. Syndicat des eaux du Val (SEV)\nDésignation des délégués\n\nDeux délégués sont élus.\n"
    labels = [p.label for p in build_structure(make_source(text)).policies]
    assert labels == ["Budget primitif", "Syndicat des eaux du Val (SEV)"]


def test_setext_markdown_headings_become_heading_hints() -> None:
    # Class: markdown minutes whose titles are underlined with === or --- (pandoc, many editors).
    text = "---\ntitle: Réunion\n...\n\nVoyage\n===\n\nLe car est réservé.\n\nBilan\n---\n\nTout va bien.\n"
    source = ingest(text.encode("utf-8"), source="notes.md", doc_id="x" * 64)
    headings = [source.text[h.char_start : h.char_end] for h in source.hints if h.kind == HintKind.HEADING]
    assert headings == ["Voyage", "Bilan"]
    assert all(p.kind != ParagraphKind.ANNEX for p in build_structure(source).paragraphs)


def test_scan_preamble_between_subject_line_and_subject_is_skipped(make_source) -> None:
    # Class: scanned deliberation extracts whose side block is read after the preamble.
    text = (
        "OBJET :\n\nL'an deux mil vingt, le 3 mars, le conseil s'est réuni.\n\nTarifs de la cantine scolaire\n\n"
        "Le Conseil Municipal, après en avoir délibéré, décide d'adopter les tarifs.\n"
    )
    assert [p.label for p in build_structure(make_source(text)).policies] == ["Tarifs de la cantine scolaire"]


def test_front_matter_title_and_date_over_a_section_heading() -> None:
    # Class: markdown notes with YAML front matter (pandoc), whose section headings look like titles.
    text = '---\ntitle: Réunion de bureau\ndate: "`2021-03-04T18:00:00`"\n...\n\nBureau\n---\n\n- Alice\n\nVoyage\n===\n\nLe car est réservé.\n'
    source = ingest(text.encode("utf-8"), source="notes.md", doc_id="y" * 64)
    meeting = build_structure(source).meeting
    assert (meeting.title, meeting.meeting_date) == ("Réunion de bureau", "2021-03-04")


def test_ocr_comma_after_an_item_number_and_a_lost_number(make_source) -> None:
    # Class: OCR'd council minutes ("9, Attribution", an item whose number the scan lost).
    assert agenda_heading("9, Attribution de lots pour la fête") == ("9", "Attribution de lots pour la fête")
    assert agenda_heading("3, 4 et 5 rue des Lilas, vendus") is None
    text = (
        "1. Budget primitif\n\nLe budget est voté.\n\n2. Tarifs\n\nLes tarifs sont votés.\n\n"
        "Travaux sans numéro lisible\n\nLes travaux sont votés.\n\n4. Voirie\n\nLa voirie est refaite.\n"
    )
    assert [p.number for p in build_structure(make_source(text)).policies] == ["1", "2", "4"]


def test_heading_items_skip_the_dated_title_and_take_bare_numbers(make_source) -> None:
    # Class: small communes' minutes typed in a word processor, bold "1 Subventions" headings.
    text = (
        "Conseil municipal du 4 juin 2021\n\n1 Subventions associatives\n\nLe conseil vote les subventions.\n\n"
        "2 Tarifs du cimetière\n\nLes tarifs sont maintenus.\n"
    )
    source = _hinted(make_source(text), HintKind.BOLD, "Conseil municipal du 4 juin 2021", "1 Subventions associatives",
                     "2 Tarifs du cimetière")
    assert [(p.number, p.label) for p in build_structure(source).policies] == [
        ("1", "Subventions associatives"), ("2", "Tarifs du cimetière"),
    ]
