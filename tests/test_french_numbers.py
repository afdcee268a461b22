"""French numbers in words: the forms minutes use for amounts, years and times."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.french_numbers import find_number_words, longest_number_prefix, parse_number_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("deux millions", 2_000_000),
        ("cent vingt-deux mille", 122_000),
        ("deux mil neuf", 2009),
        ("deux mille quatorze", 2014),
        ("mil neuf cent quatre-vingt-dix-neuf", 1999),
        ("vingt", 20),
        ("dix huit", 18),
        ("dix-neuf", 19),
        ("trente", 30),
        ("vingt et un", 21),
        ("soixante et onze", 71),
        ("soixante-dix-sept", 77),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix", 90),
        ("trois cents", 300),
        ("un million deux cent mille", 1_200_000),
        ("deux milliards trois millions", 2_003_000_000),
        ("septante", 70),
        ("Treize", 13),
    ],
)
def test_parse_number_words(text: str, value: int) -> None:
    assert parse_number_words(text) == value


@pytest.mark.parametrize("text", ["deux trois", "vingt et", "mille mille", "et un", "heures", "cent cent"])
def test_not_one_number(text: str) -> None:
    assert parse_number_words(text) is None


def test_number_stops_at_punctuation() -> None:
    # "L'an deux mil neuf, le treize octobre": the year ends at the comma.
    assert longest_number_prefix("deux mil neuf, le treize") == (2009, 13)


def test_find_number_words_in_a_header() -> None:
    text = "L'an deux mil huit le neuf octobre, à dix huit heures trente"
    assert [value for _, _, value in find_number_words(text)] == [2008, 9, 18, 30]


_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
          "treize", "quatorze", "quinze", "seize"]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_hundred(n: int) -> str:
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    if n >= 80:
        rest = n - 80
        return "quatre-vingt" + ("-" + _below_hundred(rest) if rest else "s")
    tens, unit = divmod(n, 10)
    if tens == 7:
        tens, unit = 6, unit + 10
    word = _TENS[tens]
    if unit == 0:
        return word
    if unit in (1, 11):
        return f"{word} et {_UNITS[unit]}"
    return f"{word}-{_below_hundred(unit)}"


def _in_words(n: int) -> str:
    """A reference spelling (1990 rules, hyphens in tens) for 1..999 999."""
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append("mille" if thousands == 1 else _in_words(thousands) + " mille")
    hundreds, below = divmod(rest, 100)
    if hundreds:
        parts.append("cent" if hundreds == 1 else _UNITS[hundreds] + " cent")
    if below:
        parts.append(_below_hundred(below))
    return " ".join(parts)


@given(st.integers(min_value=1, max_value=999_999))
def test_any_number_reads_back(n: int) -> None:
    assert parse_number_words(_in_words(n)) == n
