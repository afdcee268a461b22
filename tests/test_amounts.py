"""Amounts: French money formats, magnitudes, francs, ranges, percentages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.amounts import STAGE, find_amounts, parse_amounts, to_euros
from pipeline.records import AmountKind, Page, Paragraph, ParagraphKind, SourceDocument
from pipeline.structure import build_structure

FRANCS_PER_EURO = 6.55957


@pytest.mark.parametrize(
    ("text", "span", "value", "value_max", "currency"),
    [
        ("un montant de 1 200,50 € pour", "1 200,50 €", 1200.5, None, "EUR"),
        ("un montant de 1\u00a0200,50\u00a0€", "1\u00a0200,50\u00a0€", 1200.5, None, "EUR"),
        ("virement de 3800,00€ du compte 022", "3800,00€", 3800.0, None, "EUR"),
        ("fixé à 12,50 €uros et", "12,50 €uros", 12.5, None, "EUR"),
        ("jusqu'à 10 MF", "10 MF", 10_000_000, None, "FRF"),
        ("un financement de 1M250€ sur trois ans", "1M250€", 1_250_000, None, "EUR"),
        ("Rudi WOLFF rappelle que 2M€ sont engagés", "2M€", 2_000_000, None, "EUR"),
        ("de l'ordre de 15 à 25 M €.", "15 à 25 M €", 15_000_000, 25_000_000, "EUR"),
        ("coûtera entre 10 et 20 k€", "entre 10 et 20 k€", 10_000, 20_000, "EUR"),
        ("entre 30€ et 60€ pour une assurance", "entre 30€ et 60€", 30, 60, "EUR"),
        ("de l’ordre de 110 000,00 € à 120 000,00 €.", "110 000,00 € à 120 000,00 €", 110_000, 120_000, "EUR"),
        ("soit 3 millions de francs", "3 millions de francs", 3_000_000, None, "FRF"),
        ("un prêt de deux millions de francs", "deux millions de francs", 2_000_000, None, "FRF"),
        ("une aide de cent vingt-deux mille euros", "cent vingt-deux mille euros", 122_000, None, "EUR"),
        ("1,5 million d’euros", "1,5 million d’euros", 1_500_000, None, "EUR"),
        ("150 KF par an", "150 KF", 150_000, None, "FRF"),
        ("un budget de 2 Md€", "2 Md€", 2_000_000_000, None, "EUR"),
        ("soit 150 000 F.", "150 000 F", 150_000, None, "FRF"),
        ("1.250.000 € de travaux", "1.250.000 €", 1_250_000, None, "EUR"),
        ("D 611 -3 463,00 €", "-3 463,00 €", -3463, None, "EUR"),
        # a code glued before the amount lends it no digit
        ("D 2313-160 500,00 €", "500,00 €", 500, None, "EUR"),
        ("D 60612 4 690,00 €", "4 690,00 €", 4690, None, "EUR"),
        # a label's number is not a thousands group
        ("SARL ATAE Cat. 3 840,00 €", "840,00 €", 840, None, "EUR"),
    ],
)
def test_money(text: str, span: str, value: float, value_max: float | None, currency: str) -> None:
    [amount] = parse_amounts(text)
    assert amount.text == span
    assert text[amount.start : amount.end] == span
    assert amount.kind is AmountKind.MONEY
    assert amount.value == pytest.approx(value)
    assert amount.value_max == (pytest.approx(value_max) if value_max is not None else None)
    assert amount.currency == currency


@pytest.mark.parametrize(
    ("text", "span", "value", "value_max"),
    [
        ("le taux d'engagement est de 43 %.", "43 %", 43, None),
        ("financée à hauteur de 40/45 % par la Région", "40/45 %", 40, 45),
        ("a eu lieu le 1 er janvier 2009 (5%).", "5%", 5, None),
        ("une hausse de 12,5 % par an", "12,5 %", 12.5, None),
        ("EURIBOR = 0.927 %", "0.927 %", 0.927, None),
        ("de 10-15 %", "10-15 %", 10, 15),
        ("vingt pour cent", "vingt pour cent", 20, None),
    ],
)
def test_percent(text: str, span: str, value: float, value_max: float | None) -> None:
    [amount] = parse_amounts(text)
    assert (amount.text, amount.kind, amount.currency, amount.value_eur) == (span, AmountKind.PERCENT, None, None)
    assert amount.value == pytest.approx(value)
    assert amount.value_max == value_max


@pytest.mark.parametrize(
    "text",
    [
        "A l'heure actuelle, 175 cyber-centres sont ouverts",
        "les 97 intercommunalités du Nord Pas de Calais",
        "Nombre d’exprimés : 13 dont 2 pouvoirs",
        "du compte 022 « dépenses imprévues » au compte 6063",
        "25 rue du Breil F 839 panneaux solaires",
        "la délibération n°2008/45 en date du 22 mars 2008",
        "avec un € CES",  # an article before a stray symbol in a broken table
        "R 752 - 2354",
    ],
)
def test_not_amounts(text: str) -> None:
    assert parse_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "qualifiers"),
    [
        ("Le financement proposé est de 122 000 € par territoire sur trois ans.", ("par territoire",)),
        ("Montant estimatif des travaux : 40 000,00 € H.T.,", ("HT",)),
        ("estimé entre 20 000,00 € et 30 000,00 € TTC", ("TTC",)),
        ("7 €uros par trimestre par élève", ("par trimestre", "par élève")),
        ("2€/m2", ("par m2",)),
        ("financée à hauteur de 40/45 % par la Région", ()),
    ],
)
def test_qualifiers(text: str, qualifiers: tuple[str, ...]) -> None:
    [amount] = parse_amounts(text)
    assert amount.qualifiers == qualifiers


def test_francs_converted_at_the_fixed_rate() -> None:
    [amount] = parse_amounts("un fond d'avance remboursable (jusqu'à 10 MF)")
    assert amount.value == 10_000_000
    assert amount.value_eur == pytest.approx(1_524_490.17, abs=0.01)
    assert to_euros(655.957, "EUR") == 655.957


def test_several_amounts_in_a_table_row() -> None:
    row = "Total section de fonctionnement 29 673,00 € 29 673,00 €"
    assert [a.text for a in parse_amounts(row)] == ["29 673,00 €", "29 673,00 €"]


def test_find_amounts_gives_document_offsets_and_ids() -> None:
    text = "COMPTE-RENDU\n\nLe financement proposé est de 122 000 €\npar territoire."
    source = SourceDocument(doc_id="ab" * 32, source="x.txt", text=text, pages=(Page(1, 0, len(text), "text"),))
    start = text.index("Le financement")
    paragraph = Paragraph(
        paragraph_id="p1", doc_id=source.doc_id, seq=1, page=1, kind=ParagraphKind.PARAGRAPH,
        text=text[start:].replace("\n", " "), char_start=start, char_end=len(text), policy_id=None,
    )
    [amount] = find_amounts(source, [paragraph])
    assert text[amount.char_start : amount.char_end] == "122 000 €"
    assert amount.amount_id == f"{'ab' * 8}-$0000"
    assert amount.paragraph_id == "p1"
    assert amount.qualifiers == ("par territoire",)
    assert (amount.provenance.stage, amount.provenance.page) == (STAGE, 1)


# --- property: any supported French writing of a value reads back -----------------

CURRENCIES = {"€": "EUR", "euros": "EUR", "EUR": "EUR", "€uros": "EUR", "F": "FRF", "FF": "FRF", "francs": "FRF"}


def _french(cents: int, *, separator: str, decimals: bool) -> str:
    units, rest = divmod(cents, 100)
    groups = f"{units:,}".split(",")
    text = separator.join(groups)
    return f"{text},{rest:02d}" if decimals else text


@given(
    units=st.integers(min_value=0, max_value=999_999_999),
    rest=st.integers(min_value=0, max_value=99),
    separator=st.sampled_from([" ", "\u00a0", "\u202f", ".", ""]),
    decimals=st.booleans(),
    currency=st.sampled_from(sorted(CURRENCIES)),
    space=st.sampled_from(["", " ", "\u00a0"]),
)
def test_any_french_writing_reads_back(
    units: int, rest: int, separator: str, decimals: bool, currency: str, space: str
) -> None:
    cents = units * 100 + (rest if decimals else 0)
    written = _french(cents, separator=separator, decimals=decimals) + space + currency
    [amount] = parse_amounts(f"une subvention de {written} est accordée")
    assert amount.text == written
    assert amount.value == pytest.approx(cents / 100)
    assert amount.currency == CURRENCIES[currency]
    expected_eur = cents / 100 if CURRENCIES[currency] == "EUR" else round(cents / 100 / FRANCS_PER_EURO, 2)
    assert amount.value_eur == pytest.approx(expected_eur)


@given(low=st.integers(min_value=1, max_value=500), step=st.integers(min_value=1, max_value=500))
def test_ranges_keep_order(low: int, step: int) -> None:
    [amount] = parse_amounts(f"entre {low} et {low + step} k€")
    assert (amount.value, amount.value_max) == (low * 1000, (low + step) * 1000)


# Scanned budgets (OCR): a decimal comma read as a dot after dotted thousands, and
# numbers no notation makes sense of, which must not fail the stage.
@pytest.mark.parametrize(("text", "value"), [("19.462.59", 19462.59), ("1.250.000", 1250000.0), ("2.005.5", 2005.5)])
def test_ocr_dotted_numbers(text: str, value: float) -> None:
    from pipeline.amounts import parse_digits

    assert parse_digits(text) == pytest.approx(value)


def test_a_number_of_no_notation_is_no_amount_and_no_failure(make_source) -> None:
    source = make_source("Reliquat 1.2.3.4 € et solde 19.462.59 € au compte.")
    found = find_amounts(source, build_structure(source).paragraphs)
    assert [a.value for a in found] == [pytest.approx(19462.59)]

# --- issue 13: broken decimals, signs, glued prepositions, money tables --------------
# Invented snippets; the class of documents each serves is named beside it.


@pytest.mark.parametrize(
    ("text", "span", "value", "kind"),
    [
        # word-processed deliberations: a space after the decimal comma
        ("un devis de 2 429, 60 € HT pour", "2 429, 60 €", 2429.6, AmountKind.MONEY),
        ("soit 1 250, 00 euros", "1 250, 00 euros", 1250.0, AmountKind.MONEY),
        # budget commentary: signed variations
        ("un écart de -15 k€ sur le chapitre", "-15 k€", -15000.0, AmountKind.MONEY),
        ("les bases progressent de +1, 55 % en", "+1, 55 %", 1.55, AmountKind.PERCENT),
        # PDF text extraction that drops the space after a preposition
        ("pour un montant maximum de10 000 euros HT", "10 000 euros", 10000.0, AmountKind.MONEY),
    ],
)
def test_issue_13_amounts(text: str, span: str, value: float, kind: AmountKind) -> None:
    (found,) = parse_amounts(text)
    assert (found.text, found.value, found.kind) == (span, value, kind)


@pytest.mark.parametrize("text", ["les articles 12, 14 et 15", "le code10 €", "le lot 3, 45 places"])
def test_not_broken_decimals(text: str) -> None:
    # A comma between counts is a list; only "de"/"à" glued to a figure are dropped prepositions.
    assert parse_amounts(text) == []


def _rows(*rows: tuple[str, ParagraphKind]) -> tuple[SourceDocument, list[Paragraph]]:
    text = "\n".join(r for r, _ in rows)
    source = SourceDocument("ab" * 32, "x.pdf", text, (Page(1, 0, len(text), "text"),))
    paragraphs, start = [], 0
    for n, (row, kind) in enumerate(rows):
        paragraphs.append(Paragraph(f"p{n}", source.doc_id, n, 1, kind, row, start, start + len(row), None))
        start += len(row) + 1
    return source, paragraphs


T = ParagraphKind.TABLE_ROW


def test_figures_of_a_table_whose_header_names_the_currency() -> None:
    # Tax and budget tables of council reports: "(en euros)" once, in the header.
    source, paragraphs = _rows(
        ("Taxe | Bases 2021 | Taux 2021 | Produit attendu (en euros)", T),
        ("Taxe foncière | 12.345.000 | 21,50 % | 2.654.175", T),
        ("TOTAL | 2.654.175", T),
        ("Le produit attendu est de 2 654 175 habitants.", ParagraphKind.PARAGRAPH),
    )
    found = [(a.text, a.value, a.currency) for a in find_amounts(source, paragraphs)]
    assert found == [
        ("12.345.000", 12345000.0, "EUR"), ("21,50 %", 21.5, None), ("2.654.175", 2654175.0, "EUR"),
        ("2.654.175", 2654175.0, "EUR"),
    ]


def test_a_table_in_thousands_of_euros() -> None:
    source, paragraphs = _rows(("Chapitre | BP 2021 (en milliers d'euros)", T), ("Charges de personnel | 1 250,5", T))
    (amount,) = find_amounts(source, paragraphs)
    assert (amount.value, amount.currency) == (1250500.0, "EUR")


def test_a_table_without_currency_keeps_its_counts() -> None:
    # A table of head counts or years: no header names a currency.
    source, paragraphs = _rows(("Année | Habitants", T), ("2020 | 12 450", T))
    assert find_amounts(source, paragraphs) == []


@given(euros=st.integers(min_value=1000, max_value=999_999), cents=st.integers(min_value=0, max_value=99))
def test_a_space_after_the_decimal_comma_reads_as_without(euros: int, cents: int) -> None:
    grouped = f"{euros:,}".replace(",", " ")
    glued = parse_amounts(f"montant : {grouped},{cents:02d} €")
    spaced = parse_amounts(f"montant : {grouped}, {cents:02d} €")
    assert [a.value for a in glued] == [a.value for a in spaced] == [euros + cents / 100]
