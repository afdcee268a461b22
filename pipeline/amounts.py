"""Amounts of money and percentages, normalised.

French minutes write money as "1 200,50 €", "3800,00€", "10 MF", "2M€",
"1M250€", "15 à 25 M €", "entre 10 et 20 k€", "3 millions de francs" or in
words ("cent vingt-deux mille euros"). This stage finds them with patterns
built from ``models/lexicons/money.yaml``, reads the value (francs also in
euros at the fixed rate) and keeps HT/TTC and rates ("par an") as qualifiers.

A number is an amount only when a currency or a percent sign follows it:
"175 cyber-centres" is a count, not an amount.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline import ids
from pipeline.french_numbers import number_words_regex, parse_digits, parse_number_words
from pipeline.io import read_model_file
from pipeline.records import Amount, AmountKind, Paragraph, ParagraphKind, Provenance, SourceDocument

STAGE = "minutes.amounts.v1"
LEXICON = "lexicons/money.yaml"


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """An amount found in a text: span, kind, value(s), currency, qualifiers."""

    start: int
    end: int
    text: str
    kind: AmountKind
    value: float
    value_max: float | None
    currency: str | None  # "EUR", "FRF", None for a percentage
    qualifiers: tuple[str, ...] = ()

    @property
    def value_eur(self) -> float | None:
        return to_euros(self.value, self.currency)


# --- lexicon and patterns ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class MoneyLexicon:
    francs_per_euro: float
    currency_of: dict[str, str]  # surface form -> ISO code
    magnitude_symbols: dict[str, int]
    magnitude_words: dict[str, int]
    connectors: tuple[str, ...]
    percent_signs: tuple[str, ...]
    range_words: tuple[str, ...]
    qualifier_of: dict[str, str]  # surface form -> canonical qualifier
    rate_introducers: tuple[str, ...]
    rate_blockers: frozenset[str]
    label_words: frozenset[str]


@functools.cache
def lexicon() -> MoneyLexicon:
    data = read_model_file(LEXICON)
    currency_of = {form: code for code, spec in data["currencies"].items() for form in spec["symbols"]}
    qualifier_of = {form: canon for canon, forms in data["qualifiers"].items() for form in forms}
    return MoneyLexicon(
        francs_per_euro=float(data["francs_per_euro"]),
        currency_of=currency_of,
        magnitude_symbols={str(k): int(v) for k, v in data["magnitude_symbols"].items()},
        magnitude_words={str(k): int(v) for k, v in data["magnitude_words"].items()},
        connectors=tuple(data["magnitude_connectors"]),
        percent_signs=tuple(data["percent_signs"]),
        range_words=tuple(data["range_words"]),
        qualifier_of=qualifier_of,
        rate_introducers=tuple(data["rate_introducers"]),
        rate_blockers=frozenset(str(w).casefold() for w in data["rate_blockers"]),
        label_words=frozenset(str(w).casefold() for w in data["label_words"]),
    )


def to_euros(value: float, currency: str | None) -> float | None:
    """The value in euros: francs at the fixed 1999 rate, euros as they are."""
    if currency == "EUR":
        return value
    if currency == "FRF":
        return round(value / lexicon().francs_per_euro, 2)
    return None


def _alternation(forms: Sequence[str]) -> str:
    parts = []
    for form in sorted(set(forms), key=lambda f: (-len(f), f)):
        escaped = re.escape(form).replace(r"\ ", r"\s+")
        # A form ending in a letter must end a word ("F" is not the start of "Fauteuils").
        parts.append(escaped + (r"(?![\w])" if form[-1].isalnum() else ""))
    return "|".join(parts)


# Digits with French thousands separators (space, no-break spaces, dot,
# apostrophe) and a comma or dot decimal part.
# A decimal comma may be followed by a space where a word processor broke
# the number ("2 429, 60 € HT"): two digits then, and the unit right after.
DIGITS = (
    r"(?:\d{1,3}(?:[ \u00a0\u202f.']\d{3})+(?!\d)|\d+)"
    r"(?:,\d+|\.\d+|,[ \u00a0]\d{2}(?=\s*(?:€|[Ee][Uu][Rr]|%)))?(?![\d])"
)
# "1M250€" (1 250 000 €), "2k500€": magnitude letter inside the number.
COMPACT = r"\d{1,3}[Mk]\d{1,3}(?!\d)"
# Before a number: no letter, digit, separator or sign glued to it, so that
# "2184-118" or "60612" never lend a piece to the next number.
# A preposition glued to the number by PDF text extraction ("de10 000 euros")
# does not make it part of a word.
BOUNDARY = r"(?:(?<![\w,.\-+/−'’%€*×])|(?<=\bde)|(?<=\bà))"


def _unit(lex: MoneyLexicon, i: int) -> str:
    currencies = [f for f in lex.currency_of if f not in ("F", "FF")]
    # "F" and "FF" are francs only when no digit follows: "section F 839" is cadastral.
    cur = rf"(?:{_alternation(currencies)}|F{{1,2}}(?![\w])(?!\s*\d))"
    connector = rf"(?:\s+(?:{_alternation(lex.connectors)})\s*)"
    symbols = "|".join(re.escape(m) for m in sorted(lex.magnitude_symbols, key=len, reverse=True))
    return (
        rf"(?:(?P<msym{i}>{symbols})\s?(?P<cur{i}>{cur})"
        rf"|(?P<mword{i}>{_alternation(list(lex.magnitude_words))})(?:{connector}|\s*)(?P<curw{i}>{cur})"
        rf"|(?P<con{i}>{connector})?(?P<cur{i}b>{cur})"
        rf"|(?P<pct{i}>{_alternation(lex.percent_signs)}))"
    )


def _number(i: int) -> str:
    return rf"(?P<num{i}>[-−+]?{DIGITS}|{number_words_regex()})"


@functools.cache
def _single_pattern() -> re.Pattern[str]:
    lex = lexicon()
    return re.compile(rf"{BOUNDARY}(?:(?P<compact>{COMPACT})|{_number(0)})\s*{_unit(lex, 0)}")


@functools.cache
def _range_pattern() -> re.Pattern[str]:
    lex = lexicon()
    words = _alternation(lex.range_words)
    # A spaced dash is a sign or a table rule ("R 752 - 2354,00 €"), never a range.
    separator = rf"(?P<sep>\s+(?:{words})\s+|\s*/\s*|[-–])"
    return re.compile(
        rf"{BOUNDARY}(?P<open>entre\s+)?{_number(1)}(?:\s*{_unit(lex, 1)})?{separator}{_number(2)}\s*{_unit(lex, 2)}"
    )


@functools.cache
def _qualifier_pattern() -> re.Pattern[str]:
    lex = lexicon()
    rates = "|".join(re.escape(w) for w in lex.rate_introducers)
    return re.compile(
        rf"\s*(?:(?P<q>{_alternation(list(lex.qualifier_of))})|(?P<rate>{rates})\s*(?P<noun>[^\W\d_][\w\-]*))"
    )


# --- reading values ------------------------------------------------------------------


def _has_decimals(number: str) -> bool:
    return bool(re.search(r",\d+$", number))


def _compact_value(text: str, lex: MoneyLexicon) -> float:
    head, letter, tail = re.match(r"(\d+)([Mk])(\d+)", text).groups()
    power = lex.magnitude_symbols[letter]
    return int(head) * 10**power + int(tail) * 10 ** (power - len(tail))


@dataclass(frozen=True, slots=True)
class _Unit:
    power: int
    currency: str | None
    percent: bool
    connector: bool


def _read_unit(match: re.Match[str], i: int, lex: MoneyLexicon) -> _Unit | None:
    g = match.groupdict()
    if g.get(f"pct{i}"):
        return _Unit(0, None, True, False)
    if g.get(f"msym{i}"):
        return _Unit(lex.magnitude_symbols[g[f"msym{i}"]], _currency(g[f"cur{i}"], lex), False, False)
    if g.get(f"mword{i}"):
        return _Unit(lex.magnitude_words[g[f"mword{i}"]], _currency(g[f"curw{i}"], lex), False, False)
    if g.get(f"cur{i}b"):
        return _Unit(0, _currency(g[f"cur{i}b"], lex), False, bool(g.get(f"con{i}")))
    return None


def _unit_fits_words(match: re.Match[str], i: int) -> bool:
    """A number in words takes a unit in words ("deux millions de francs"):
    "un €" in a broken table is an article before a stray symbol."""
    if re.match(r"[-−+]?\d", match.group(f"num{i}")):
        return True
    unit = next((match.group(g) for g in (f"cur{i}", f"curw{i}", f"cur{i}b", f"pct{i}") if match.group(g)), "")
    return len(unit) > 2 and unit[0].isalpha()


def _currency(form: str, lex: MoneyLexicon) -> str:
    return lex.currency_of.get(" ".join(form.split()), "FRF" if form.startswith("F") else "EUR")


def _number_value(text: str) -> tuple[float, bool] | None:
    """(value, written in words ending with a magnitude) or None when not a number."""
    if re.match(r"[-−+]?\d", text):
        try:
            return parse_digits(text), False
        except ValueError:
            return None  # dots and commas that make no number ("1.2.3.4"): no amount, not a failed stage
    value = parse_number_words(text)
    if value is None:
        return None
    last = text.split()[-1].casefold()
    return float(value), last in lexicon().magnitude_words and last != "mille"


def _qualifiers(text: str, end: int) -> tuple[str, ...]:
    lex = lexicon()
    found: list[str] = []
    position = end
    while len(found) < 3:
        match = _qualifier_pattern().match(text, position)
        if match is None:
            break
        if match.group("q"):
            found.append(lex.qualifier_of[" ".join(match.group("q").split())])
        else:
            noun = match.group("noun")
            if noun.casefold() in lex.rate_blockers or noun[0].isupper():
                break
            found.append(f"par {noun}")
        position = match.end()
    return tuple(dict.fromkeys(found))


def _scaled(value: float, power: int) -> float:
    return round(value * 10**power, 6)


def _single(match: re.Match[str], text: str, lex: MoneyLexicon) -> ParsedAmount | None:
    unit = _read_unit(match, 0, lex)
    if unit is None:
        return None
    start = match.start()
    if match.group("compact"):
        if unit.percent or unit.power:
            return None
        value = float(_compact_value(match.group("compact"), lex))
    else:
        read = _number_value(match.group("num0"))
        if read is None or not _unit_fits_words(match, 0):
            return None
        value, ends_with_magnitude = read
        # "millions de francs" takes "de"; "300 de francs" is no amount.
        if unit.connector and not ends_with_magnitude:
            return None
        label = _label_group(text, match.start("num0"), match.group("num0"), lex)
        if label:
            start += label
            value = parse_digits(match.group("num0")[label:])
        value = _scaled(value, unit.power)
    return _make(start, match.end(), text, value, None, unit)


def _label_group(text: str, start: int, number: str, lex: MoneyLexicon) -> int:
    """Length of a label's number glued before an amount ("Cat. 3 840,00 €"), else 0."""
    head = re.match(r"\d{1,3}[ \u00a0\u202f]", number)
    previous = re.search(r"(\S+)\s*$", text[max(0, start - 20) : start])
    if head is None or previous is None or previous.group(1).casefold() not in lex.label_words:
        return 0
    return head.end()


def _range(match: re.Match[str], text: str, lex: MoneyLexicon) -> ParsedAmount | None:
    sep = match.group("sep").strip().casefold()
    opened = match.group("open") is not None
    # A glued "-" or "/" joins two short numbers ("10-15 %", "40/45 %"); with
    # spaces inside, it is a code next to an amount ("D 2313-160 500,00 €").
    if sep in ("-", "/", "–") and match.group("sep") == sep and re.search(r"\s", match.group("num1") + match.group("num2")):
        return None
    # "entre 10 et 20 k€" needs its "entre"; "10 et 20 €" may be two amounts.
    if (sep == "et") != opened:
        return None
    last = _read_unit(match, 2, lex)
    first = _read_unit(match, 1, lex)
    # A bare first number shares the second's unit only when written alike:
    # "15 à 25 M €", but not "pour 2009 à 2 223,00 €".
    if first is None and _has_decimals(match.group("num1")) != _has_decimals(match.group("num2")):
        return None
    first = first or last
    low, high = _number_value(match.group("num1")), _number_value(match.group("num2"))
    if not (_unit_fits_words(match, 1) if first is not last else True) or not _unit_fits_words(match, 2):
        return None
    if last is None or first is None or low is None or high is None:
        return None
    if first.percent != last.percent or first.currency != last.currency or last.connector and not high[1]:
        return None
    low_value, high_value = _scaled(low[0], first.power), _scaled(high[0], last.power)
    if not low_value < high_value:
        return None
    return _make(match.start(), match.end(), text, low_value, high_value, last)


def _make(start: int, end: int, text: str, value: float, value_max: float | None, unit: _Unit) -> ParsedAmount:
    kind = AmountKind.PERCENT if unit.percent else AmountKind.MONEY
    return ParsedAmount(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        value=value,
        value_max=value_max,
        currency=None if unit.percent else unit.currency,
        qualifiers=_qualifiers(text, end),
    )


# --- public API ------------------------------------------------------------------


def parse_amounts(text: str) -> list[ParsedAmount]:
    """Every amount of money or percentage in ``text``, in order, spans not overlapping.

    >>> [(a.text, a.value, a.currency) for a in parse_amounts("un financement de 1M250€ et 10 MF")]
    [('1M250€', 1250000.0, 'EUR'), ('10 MF', 10000000.0, 'FRF')]
    """
    lex = lexicon()
    candidates: list[ParsedAmount] = []
    for match in _range_pattern().finditer(text):
        found = _range(match, text, lex)
        if found is not None:
            candidates.append(found)
    for match in _single_pattern().finditer(text):
        found = _single(match, text, lex)
        if found is not None:
            candidates.append(found)
    return _without_overlaps(candidates)


def _without_overlaps(candidates: list[ParsedAmount]) -> list[ParsedAmount]:
    # A range covers the amounts it is made of; the longest reading wins.
    kept: list[ParsedAmount] = []
    for item in sorted(candidates, key=lambda a: (a.start - a.end, a.start)):
        if all(item.end <= other.start or item.start >= other.end for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda a: a.start)


# A table cell that is only a figure written as money is (thousands groups or
# two decimals): "343.908.000", "1 250,00"; a bare "2014" or "12" is not.
MONEY_CELL = re.compile(r"[-−+]?(?:\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d{1,2})?|\d+,\d{2})")
CELL_SEPARATOR = " | "


@functools.cache
def _table_headers() -> tuple[tuple[str, int], ...]:
    data = read_model_file(LEXICON)["table_currency_headers"]
    return tuple(sorted(((str(k).casefold(), int(v)) for k, v in data.items()), key=lambda kv: -len(kv[0])))


def table_currency_power(row: str) -> int | None:
    """The power of ten a table's figures are in, when this header row names the currency."""
    folded = " ".join(row.casefold().split())
    for marker, power in _table_headers():
        if marker in folded:
            return power
    return None


def money_cells(row: str, power: int) -> list[ParsedAmount]:
    """Figures of a row under a header that names the currency ("(en euros)")."""
    found = []
    position = 0
    for cell in row.split(CELL_SEPARATOR):
        start = position + len(cell) - len(cell.lstrip())
        text = cell.strip()
        position += len(cell) + len(CELL_SEPARATOR)
        if MONEY_CELL.fullmatch(text):
            value = _scaled(parse_digits(text), power)
            found.append(ParsedAmount(start, start + len(text), text, AmountKind.MONEY, value, None, "EUR"))
    return found


def _paragraph_amounts(paragraphs: Sequence[Paragraph]) -> list[tuple[Paragraph, ParsedAmount]]:
    found: list[tuple[Paragraph, ParsedAmount]] = []
    power: int | None = None  # set while inside a table whose header names the currency
    for paragraph in paragraphs:
        parsed = parse_amounts(paragraph.text)
        if paragraph.kind is not ParagraphKind.TABLE_ROW:
            power = None
        elif (header := table_currency_power(paragraph.text)) is not None:
            power = header
        elif power is not None:
            taken = [(a.start, a.end) for a in parsed]
            extra = [c for c in money_cells(paragraph.text, power) if all(c.end <= s or c.start >= e for s, e in taken)]
            parsed = sorted(parsed + extra, key=lambda a: a.start)
        found.extend((paragraph, amount) for amount in parsed)
    return found


def find_amounts(source: SourceDocument, paragraphs: Sequence[Paragraph]) -> list[Amount]:
    """The amounts of every paragraph (table rows included, with the figures of
    tables whose header names the currency), numbered in document order."""
    amounts: list[Amount] = []
    for paragraph, parsed in _paragraph_amounts(sorted(paragraphs, key=lambda p: p.char_start)):
        start = paragraph.char_start + parsed.start
        end = paragraph.char_start + parsed.end
        amounts.append(
            Amount(
                amount_id=ids.doc_scoped(source.doc_id, "$", len(amounts)),
                doc_id=source.doc_id,
                paragraph_id=paragraph.paragraph_id,
                text=parsed.text,
                kind=parsed.kind,
                value=parsed.value,
                value_max=parsed.value_max,
                currency=parsed.currency,
                value_eur=parsed.value_eur,
                qualifiers=parsed.qualifiers,
                char_start=start,
                char_end=end,
                provenance=Provenance.within(source, start, end, STAGE),
            )
        )
    return amounts


def run_stage(*, source: SourceDocument, paragraphs: Sequence[Paragraph]) -> list[Amount]:
    """The amounts stage as the pipeline declares it (see :mod:`pipeline.run`)."""
    return find_amounts(source, paragraphs)
