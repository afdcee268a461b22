"""Ingest: text layouts, markdown, encodings, PDF geometry, broken files, OCR.

PDFs are generated here with pdfium (text objects in the standard Times
fonts, ruled tables drawn as rectangles) and the scan is an image of text
drawn with PIL, so every case is small, fast and says what it checks.
"""

from __future__ import annotations

import ctypes
import hashlib
import io

import pytest
from hypothesis import given, strategies as st

from pipeline import ingest as ingest_module
from pipeline.ingest import IngestError, ingest
from pipeline.ingest.text import clean_chars

WIDTH, HEIGHT = 595, 842


def run(data: bytes, source: str = "doc.txt", **options: object):
    return ingest(data, source=source, doc_id=hashlib.sha256(data).hexdigest(), **options)


def blocks(doc) -> list[str]:
    return doc.text.split("\n\n")


def hinted(doc, kind: str) -> list[str]:
    return [doc.text[h.char_start:h.char_end] for h in doc.hints if h.kind == kind]


# --- PDF fixtures ----------------------------------------------------------------------

Item = tuple[float, float, str, float, bool]  # x, top, text, size, bold


def make_pdf(pages: list[list[Item]], *, rects: list[list[tuple[float, float, float, float]]] | None = None) -> bytes:
    """A text PDF: each item is a text run at (x, top); rects are stroked cell borders."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for n, items in enumerate(pages):
        page = pdf.new_page(WIDTH, HEIGHT)
        for x, top, text, size, bold in items:
            font = b"Times-Bold" if bold else b"Times-Roman"
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, font, ctypes.c_float(size))
            buffer = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, HEIGHT - top - size)
            raw.FPDFPage_InsertObject(page.raw, obj)
        for x0, top, x1, bottom in (rects[n] if rects else []):
            rect = raw.FPDFPageObj_CreateNewRect(x0, HEIGHT - bottom, x1 - x0, bottom - top)
            raw.FPDFPageObj_SetStrokeColor(rect, 0, 0, 0, 255)
            raw.FPDFPageObj_SetStrokeWidth(rect, ctypes.c_float(0.8))
            raw.FPDFPath_SetDrawMode(rect, 0, 1)
            raw.FPDFPage_InsertObject(page.raw, rect)
        raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def paragraph(x: float, top: float, lines: list[str], *, size: float = 12, bold: bool = False) -> list[Item]:
    return [(x, top + i * 14, text, size, bold) for i, text in enumerate(lines)]


# --- text layouts ----------------------------------------------------------------------

BLANK_LINES = (
    "Monsieur le Maire ouvre la séance à 20 h 30.\n\n"
    "Le Conseil municipal, après en avoir délibéré, adopte le budget à l'unanimité.\n\n"
    "L'ordre du jour étant épuisé, la séance est levée.\n"
)
ONE_PER_LINE = (
    "Monsieur le Maire ouvre la séance à 20 h 30.\n"
    "Le Conseil municipal, après en avoir délibéré, adopte le budget à l'unanimité.\n"
    "L'ordre du jour étant épuisé, la séance est levée.\n"
)
HARD_WRAPPED = (
    "Le Président décide de présenter le rapport des activités de\n"
    "l'association, qui ont eu lieu pendant l'exercice social clôturé. Les\n"
    "points marquants sont les suivants.\n"
    "\n"
    "La première année en tant qu'association déclarée s'est achevée. La\n"
    "partie administrative a pris plus de place que prévu. Attendre d'avoir\n"
    "un compte bancaire nous a pénalisé en limitant le nombre de membres.\n"
    "\n"
    "Le Trésorier de l'association présente les comptes et le budget de\n"
    "l'exercice écoulé, qui sont approuvés par l'assemblée à l'unanimité.\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BLANK_LINES, ["Monsieur le Maire ouvre", "Le Conseil municipal, après", "L'ordre du jour"]),
        (ONE_PER_LINE, ["Monsieur le Maire ouvre", "Le Conseil municipal, après", "L'ordre du jour"]),
        (HARD_WRAPPED, ["Le Président décide", "La première année", "Le Trésorier"]),
    ],
    ids=["blank-lines", "one-paragraph-a-line", "hard-wrapped"],
)
def test_text_layouts_give_one_block_per_paragraph(text: str, expected: list[str]) -> None:
    found = blocks(run(text.encode("utf-8")))
    assert len(found) == len(expected)
    for block, start in zip(found, expected):
        assert block.startswith(start)
        assert "\n" not in block  # prose lines are joined, not kept as breaks


def test_hard_wrapped_lines_are_joined_with_a_space() -> None:
    first = blocks(run(HARD_WRAPPED.encode("utf-8")))[0]
    assert "activités de l'association, qui" in first


def test_label_lines_and_lists_stay_lines_of_one_block() -> None:
    text = "Ordre du jour :\n- Virements de crédits\n- Subvention au CCAS\n\nDate de la convocation\n02 octobre 2008\n"
    found = blocks(run(text.encode("utf-8")))
    assert found == ["Ordre du jour :\n- Virements de crédits\n- Subvention au CCAS", "Date de la convocation\n02 octobre 2008"]


def test_decoration_rules_separate_blocks_and_vanish() -> None:
    text = "Séance du jeudi 9 octobre 2008\n~~~~~~~~~~~~~~~\nL'an deux mil huit, le neuf octobre, le Conseil s'est réuni.\n"
    assert blocks(run(text.encode("utf-8"))) == [
        "Séance du jeudi 9 octobre 2008", "L'an deux mil huit, le neuf octobre, le Conseil s'est réuni."
    ]


def test_form_feeds_split_pages() -> None:
    doc = run("Première page du compte-rendu.\fDeuxième page du compte-rendu.".encode("utf-8"))
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.text[doc.pages[1].char_start:doc.pages[1].char_end].strip() == "Deuxième page du compte-rendu."


# --- markdown ------------------------------------------------------------------------


def test_markdown_bold_and_italic_become_hints() -> None:
    text = "**Olivier LEGRAND**, Directeur Général Adjoint, présente le *Tableau de suivi* du CPER.\n"
    doc = run(text.encode("utf-8"))
    assert doc.text == "Olivier LEGRAND, Directeur Général Adjoint, présente le Tableau de suivi du CPER."
    assert hinted(doc, "bold") == ["Olivier LEGRAND"]
    assert hinted(doc, "italic") == ["Tableau de suivi"]


def test_markdown_headings_lose_their_marker() -> None:
    text = "# Procès-verbal d'Assemblée Générale\n\n## Résolution 1 - Rapport d'activité\n\nLe Président présente le rapport.\n"
    doc = run(text.encode("utf-8"), source="ag.md")
    assert blocks(doc)[:2] == ["Procès-verbal d'Assemblée Générale", "Résolution 1 - Rapport d'activité"]
    assert hinted(doc, "heading") == ["Procès-verbal d'Assemblée Générale", "Résolution 1 - Rapport d'activité"]


@pytest.mark.parametrize(
    "front",
    [
        '+++\ntitle = "Réunion AG du 2019-01-26"\ndate = 2019-01-26\n[extra]\nlang = "fr"\n+++\n',
        "---\ntitle: Réunion AG du 2019-01-26\ndate: 2019-01-26\n---\n",
        # pandoc closes YAML with "..."; a setext "---" further down must not close it
        "---\ntitle: Réunion AG du 2019-01-26\ndate: 2019-01-26\n...\n",
    ],
    ids=["toml", "yaml", "yaml-dots"],
)
def test_front_matter_is_removed_and_kept_as_metadata(front: str) -> None:
    doc = run((front + "\n# Procès-verbal\n\nPrésences\n---\n\nLes membres se sont réunis.\n").encode("utf-8"), source="ag.md")
    assert "Présences" in doc.text
    assert doc.text.startswith("Procès-verbal")
    assert "title" not in doc.text and "+++" not in doc.text
    assert dict(doc.metadata) == {"title": "Réunion AG du 2019-01-26", "date": "2019-01-26"}


def test_entities_and_non_breaking_spaces_become_plain_spaces() -> None:
    doc = run("Ordre du jour&nbsp;: budget de 1\u00a0200,50\u202f€ &amp; subventions.".encode("utf-8"))
    assert doc.text == "Ordre du jour : budget de 1 200,50 € & subventions."


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_clean_chars_is_idempotent_and_leaves_no_nbsp(text: str) -> None:
    once = clean_chars(text)
    assert clean_chars(once) == once
    assert "\u00a0" not in once and "(cid:" not in once


def test_glyph_artefacts_are_removed() -> None:
    assert clean_chars("(cid:2)(cid:2)(cid:2) 2009/134 – Télétransmission") == " 2009/134 – Télétransmission"


# --- encodings -------------------------------------------------------------------------

FRENCH = "Délibération : le Conseil municipal décide à l'unanimité d'accorder une subvention de 1 500 € à l'école."


@pytest.mark.parametrize(
    "data",
    [FRENCH.encode("utf-8"), b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), FRENCH.encode("cp1252"), FRENCH.encode("utf-16")],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-bom"],
)
def test_encodings_are_decoded(data: bytes) -> None:
    assert run(data).text == FRENCH


# --- broken input ------------------------------------------------------------------------


def _encrypted_pdf() -> bytes:
    """A PDF whose trailer names a standard security handler the empty password fails."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize(
    ("data", "source", "message"),
    [
        (b"", "vide.txt", "empty document"),
        (b"  \n\t\n ", "blanc.md", "empty document"),
        (b"<!DOCTYPE html><html><body>Compte-rendu</body></html>", "cr.pdf", "not a PDF (starts with"),
        (b"PK\x03\x04\x14\x00\x06\x00", "cr.pdf", "not a PDF"),
        (b"Compte-rendu\x00\x01\x02\x00\xff\xfe\x00binaire", "cr.txt", "binary"),
        (bytes(range(1, 32)) * 40, "cr.txt", "binary"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "cr.pdf", "corrupt or truncated PDF"),
        (_encrypted_pdf(), "cr.pdf", "encrypted PDF"),
    ],
    ids=["empty", "whitespace", "html-named-pdf", "zip-named-pdf", "nul-bytes", "control-garbage", "truncated-pdf",
         "encrypted-pdf"],
)
def test_broken_input_raises_a_clear_error(data: bytes, source: str, message: str) -> None:
    with pytest.raises(IngestError, match=message.replace("(", r"\(")):
        run(data, source)


def test_truncated_real_pdf_is_reported_as_corrupt() -> None:
    data = make_pdf([paragraph(72, 72, ["Le Conseil municipal approuve le compte-rendu."])])
    with pytest.raises(IngestError, match="corrupt or truncated PDF"):
        run(data[: len(data) // 2], "cr.pdf")


def test_a_txt_holding_a_pdf_is_read_as_pdf() -> None:
    data = make_pdf([paragraph(72, 72, ["Le Conseil municipal approuve le compte-rendu."])])
    doc = run(data, "export.txt")
    assert doc.text == "Le Conseil municipal approuve le compte-rendu."
    assert doc.extraction == "pdf"


# --- PDF geometry -------------------------------------------------------------------------


def test_pdf_paragraphs_without_gaps_split_on_short_lines_ending_a_sentence() -> None:
    lines = [
        "Le Conseil municipal, après avoir entendu son rapporteur en son exposé et délibéré,",
        "décide à l'unanimité des membres présents de fixer les tarifs de l'assainissement.",
        "Il vous est proposé d'augmenter les tarifs de 3 %.",
        "Monsieur le Maire donne lecture de l'ordre du jour et propose au Conseil municipal",
        "d'y ajouter le point suivant.",
    ]
    found = blocks(run(make_pdf([paragraph(72, 100, lines)]), "cr.pdf"))
    assert [b[:25] for b in found] == ["Le Conseil municipal, apr", "Il vous est proposé d'aug", "Monsieur le Maire donne l"]


def test_pdf_vertical_gap_and_bold_heading_start_blocks() -> None:
    items = paragraph(72, 80, ["2009/136 – Actualisation tarifs assainissement 2010"], bold=True)
    items += paragraph(72, 100, ["Monsieur le Maire, rapporteur, expose :"])
    items += paragraph(72, 130, ["Chaque année, la SAUR nous sollicite pour la révision des tarifs."])
    doc = run(make_pdf([items]), "cr.pdf")
    assert blocks(doc) == [
        "2009/136 – Actualisation tarifs assainissement 2010",
        "Monsieur le Maire, rapporteur, expose :",
        "Chaque année, la SAUR nous sollicite pour la révision des tarifs.",
    ]
    assert hinted(doc, "bold") == ["2009/136 – Actualisation tarifs assainissement 2010"]


def test_pdf_list_stays_with_its_introduction() -> None:
    items = paragraph(72, 100, ["La télétransmission présente les avantages suivants :"])
    items += paragraph(90, 114, ["- Une simplification des échanges,", "- Un échange sécurisé."])
    items += paragraph(72, 142, ["Nous n'avions pas répondu à cette sollicitation."])
    found = blocks(run(make_pdf([items]), "cr.pdf"))
    assert found == [
        "La télétransmission présente les avantages suivants :\n- Une simplification des échanges,\n- Un échange sécurisé.",
        "Nous n'avions pas répondu à cette sollicitation.",
    ]


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("la présentation des politiques en matière de dévelop-", "pement numérique du territoire.", "développement"),
        ("le Conseil Régional Nord-", "Pas de Calais a voté le budget.", "Nord-Pas"),
        ("la séance est présidée par le vice-", "président du syndicat mixte.", "vice-président"),
    ],
    ids=["hyphenation", "capitalised-compound", "compound-prefix"],
)
def test_pdf_words_cut_at_line_ends(first: str, second: str, joined: str) -> None:
    lines = ["Le rapporteur rappelle les enjeux de l'année écoulée et présente " + first, second]
    items = [(72, 100, lines[0], 12, False), (72, 114, lines[1], 12, False)]
    text = run(make_pdf([items]), "cr.pdf").text
    assert joined in text and "\n" not in text


@pytest.mark.parametrize(
    ("whole_elsewhere", "expected"),
    [(True, "Jean-Marie ROUSSET, Adjoint"), (False, "Jean-Marie ROUS-SET, Adjoint")],
    ids=["name-written-whole-elsewhere", "no-evidence-keeps-the-hyphen"],
)
def test_pdf_name_in_capitals_cut_at_a_line_end(whole_elsewhere: bool, expected: str) -> None:
    first = "M. Georges PASQUIER, Bernard RENAUD, Philippe GAILLARD, Adjoints et Jean-Marie ROUS-"
    items = [(72, 100, first, 12, False), (72, 114, "SET, Adjoint, assistent à la séance ordinaire.", 12, False)]
    if whole_elsewhere:
        items.append((72, 160, "Monsieur ROUSSET présente le rapport de la commission des travaux.", 12, False))
    text = run(make_pdf([items]), "cr.pdf").text
    assert expected in text.replace("\n", " ")


def _page(number: int, body: list[Item]) -> list[Item]:
    return [
        (72, 30, "Commune de VILLENEUVE (44 680) CM du 13 octobre 2009", 10, True),
        *body,
        (280, 800, f"- {number} -", 10, False),
    ]


def test_running_headers_and_page_numbers_are_removed() -> None:
    pages = [_page(n, paragraph(72, 100, [f"Délibération n°{n} : le Conseil municipal approuve le projet."])) for n in (1, 2, 3)]
    doc = run(make_pdf(pages), "cr.pdf")
    assert "VILLENEUVE" not in doc.text and "- 2 -" not in doc.text
    assert len(blocks(doc)) == 3
    assert [p.method for p in doc.pages] == ["pdf"] * 3


def test_paragraph_running_over_a_page_break_is_joined() -> None:
    first = paragraph(72, 100, [
        "Monsieur le Maire rappelle que la commune a obtenu une subvention du Conseil général pour",
        "l'acquisition du logement de la gare, avec l'engagement de réaliser deux logements",
    ])
    second = paragraph(72, 100, ["sociaux dans un délai de trois ans.", "Le Conseil municipal en prend acte."])
    doc = run(make_pdf([_page(1, first), _page(2, second)]), "cr.pdf")
    assert blocks(doc)[0].endswith("réaliser deux logements sociaux dans un délai de trois ans.")
    assert blocks(doc)[1] == "Le Conseil municipal en prend acte."
    assert doc.page_at(doc.text.index("Le Conseil municipal en prend")) == 2


def test_footnote_becomes_its_own_block() -> None:
    items = paragraph(72, 100, ["Olivier LEGRAND présente un document intitulé « Tableau de suivi »¹ aux participants."])
    items += [(72, 700, "¹ Annexe 1 : Tableau de suivi du CPER 2000-2002 pour les TIC", 8, False)]
    items += paragraph(72, 720, ["Le Conseil régional a retenu neuf orientations pour sa politique."])
    doc = run(make_pdf([items]), "cr.pdf")
    assert hinted(doc, "footnote") == ["¹ Annexe 1 : Tableau de suivi du CPER 2000-2002 pour les TIC"]
    assert all("Annexe 1" not in b for b in blocks(doc) if not b.startswith("¹"))


def test_ruled_table_gives_one_row_per_block() -> None:
    rows = [("Date", "Société", "Montant H.T."), ("28/08/09", "REFLETS (44640 CHEIX EN RETZ)", "564,00 €"),
            ("03/09/09", "LASER TROPHEE (44210 PORNIC)", "500,00 €")]
    columns = [(72, 150), (150, 420), (420, 520)]
    items: list[Item] = [(72, 80, "Monsieur le Maire rend compte des marchés passés :", 12, False)]
    rects = []
    for r, row in enumerate(rows):
        top = 110 + r * 20
        for (x0, x1), cell in zip(columns, row):
            items.append((x0 + 3, top + 4, cell, 10, False))
            rects.append((x0, top, x1, top + 20))
    doc = run(make_pdf([items], rects=[rects]), "cr.pdf")
    assert blocks(doc)[1:] == [
        "Date | Société | Montant H.T.",
        "28/08/09 | REFLETS (44640 CHEIX EN RETZ) | 564,00 €",
        "03/09/09 | LASER TROPHEE (44210 PORNIC) | 500,00 €",
    ]
    assert len(hinted(doc, "table_row")) == 3


def test_side_by_side_blocks_are_read_column_by_column() -> None:
    left = ["Nombre de Conseillers", "en exercice : 18", "Présents : 15", "Votants : 15"]
    right = [
        "L'an deux mil neuf, le treize octobre, à vingt heures trente",
        "minutes, le Conseil Municipal de la Commune, dûment convoqué,",
        "s'est réuni en session ordinaire, à la Mairie, sous la",
        "présidence de Monsieur le Maire.",
    ]
    items = paragraph(60, 100, left, size=11) + paragraph(220, 100, right, size=11)
    found = blocks(run(make_pdf([items]), "cr.pdf"))
    assert found[0] == "Nombre de Conseillers\nen exercice : 18\nPrésents : 15\nVotants : 15"
    assert found[1].startswith("L'an deux mil neuf, le treize octobre, à vingt heures trente minutes, le Conseil")


# --- scans -------------------------------------------------------------------------------

SCAN_LINES = [
    "Monsieur le Maire ouvre la séance.",
    "",
    "Le Conseil municipal approuve le budget",
    "de la commune pour l'année 2010.",
]


def _scan_pdf() -> bytes:
    """An image-only PDF page: text drawn with PIL at 300 dpi."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 800), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for n, text in enumerate(SCAN_LINES):
        draw.text((100, 100 + n * 62), text, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=300)
    return out.getvalue()


def test_scanned_page_is_ocred_into_paragraphs() -> None:
    doc = run(_scan_pdf(), "scan.pdf")
    assert doc.extraction == "ocr"
    found = blocks(doc)
    assert len(found) == 2
    assert found[0].startswith("Monsieur le Maire ouvre")
    assert "budget de la commune" in found[1]


def test_scan_with_ocr_disabled_is_refused() -> None:
    with pytest.raises(IngestError, match="no text layer and OCR disabled"):
        run(_scan_pdf(), "scan.pdf", ocr=False)


def test_missing_tesseract_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    from pipeline.ingest import ocr

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ocr._installed_languages.cache_clear()
    try:
        with pytest.raises(IngestError, match="tesseract-ocr tesseract-ocr-fra"):
            run(_scan_pdf(), "scan.pdf")
    finally:
        ocr._installed_languages.cache_clear()


def test_stage_is_registered_with_a_version() -> None:
    assert ingest_module.STAGE == "minutes.ingest.v1"


@pytest.mark.parametrize(
    ("word", "mended"),
    [("2ME", "2M€"), ("2ME€", "2M€"), ("de15à25ME€", "de 15 à 25M€"), ("10KE.", "10K€."), ("2E", "2E"), ("MAIRE", "MAIRE")],
)
def test_ocr_misreads_of_the_euro_sign(word: str, mended: str) -> None:
    from pipeline.ingest.ocr import fix_misreads

    assert fix_misreads(word) == mended


def test_ocr_accent_between_figures_is_mended() -> None:
    from pipeline.ingest.ocr import parse_tsv

    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    rows = [("6", 10), ("où", 30), ("7", 50), ("où", 70), ("ailleurs", 90)]
    tsv = header + "".join(f"5\t1\t1\t1\t1\t{i}\t{x}\t10\t15\t20\t95\t{w}\n" for i, (w, x) in enumerate(rows))
    assert [w.text for w in parse_tsv(tsv, scale=1.0)] == ["6", "ou", "7", "où", "ailleurs"]


def test_a_page_without_text_or_listed_image_is_ocred_when_ocr_is_on() -> None:
    """Scanners that write their page image inline: pdfplumber lists no image and
    no text, so the page is read by OCR rather than left empty (with OCR off it
    stays an empty page, as a blank page of a text PDF does)."""
    blank = make_pdf([[], [(72, 100, "Le conseil municipal approuve le budget primitif.", 12, False)]])
    with_ocr = run(blank, "blank-first.pdf")
    assert with_ocr.pages[0].method == "ocr" and with_ocr.pages[1].method == "pdf"
    without = run(blank, "blank-first.pdf", ocr=False)
    assert {p.method for p in without.pages} == {"pdf"} and "budget primitif" in without.text
