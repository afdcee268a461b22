"""French cardinal numbers written in words.

Minutes write amounts, years and times in words ("deux millions de francs",
"cent vingt-deux mille euros", "L'an deux mil neuf", "à dix huit heures
trente"). This module reads a run of such words into an integer; the amounts
and dates stages find the runs with :func:`number_words_regex` and call
:func:`parse_number_words` on them.

The word lists are data (``models/lexicons/number_words.yaml``); the grammar
(how "quatre-vingt-dix-sept" or "deux mil neuf" compose) is here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.io import read_model_file

LEXICON = "lexicons/number_words.yaml"


@dataclass(frozen=True, slots=True)
class NumberWords:
    """The lexicon, flattened for parsing."""

    additive: dict[str, int]  # units and tens
    hundred: frozenset[str]
    thousand: frozenset[str]
    large_scales: dict[str, int]  # word -> power of ten
    conjunction: str
    first: frozenset[str]

    @property
    def all_words(self) -> frozenset[str]:
        return frozenset(self.additive) | self.hundred | self.thousand | frozenset(self.large_scales)


@functools.cache
def lexicon() -> NumberWords:
    data = read_model_file(LEXICON)
    additive = {str(k): int(v) for k, v in {**data["units"], **data["tens"]}.items()}
    return NumberWords(
        additive=additive,
        hundred=frozenset(data["hundred"]),
        thousand=frozenset(data["thousand"]),
        large_scales={str(k): int(v) for k, v in data["large_scales"].items()},
        conjunction=str(data["conjunction"]),
        first=frozenset(str(w) for w in data["first"]),
    )


def _alternation(words: frozenset[str]) -> str:
    # Longest first so that "seize" is not read as "sei" + ... and "millions" beats "million".
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@functools.cache
def number_words_regex() -> str:
    """Regex source (no groups) for a run of French number words.

    The run may contain runs that do not form one number ("deux trois"); use
    :func:`parse_number_words` to validate, or :func:`longest_number_prefix`.
    """
    lex = lexicon()
    word = rf"(?:{_alternation(lex.all_words)})"
    joiner = rf"(?:[\s\-]+(?:{re.escape(lex.conjunction)}[\s\-]+)?)"
    return rf"(?<![\w\-]){word}(?:{joiner}{word})*(?![\w])"


@functools.cache
def _compiled_run() -> re.Pattern[str]:
    return re.compile(number_words_regex(), re.IGNORECASE)


_TOKEN = re.compile(r"[^\s\-]+")


@dataclass(slots=True)
class _Accumulator:
    """Left-to-right state of a number being read."""

    large: int = 0  # millions and milliards already closed
    thousands: int = 0  # the "mille" part already closed
    current: int = 0  # below one thousand, still open
    last: int | None = None  # last additive value, to refuse "deux trois"
    previous: str = ""
    large_seen: int | None = None  # power of the last large scale, must decrease
    pending_conjunction: bool = False

    @property
    def value(self) -> int:
        return self.large + self.thousands + self.current

    def feed(self, token: str, lex: NumberWords) -> bool:
        """Add one word; False when the word cannot continue this number."""
        if token == lex.conjunction:
            # "vingt et un", "soixante et onze": only after a ten.
            if self.pending_conjunction or self.current % 10 != 0 or self.current % 100 < 20:
                return False
            self.pending_conjunction = True
            return True
        if token in lex.additive:
            value = lex.additive[token]
            if self.pending_conjunction and value not in (1, 11):
                return False
            if value == 20 and self.previous == "quatre" and self.current % 100 == 4:
                # "quatre-vingt(s)" is 80, not 4 + 20.
                self.current += 76
                self.last = 80
            elif self.last is not None and value >= self.last:
                return False
            else:
                self.current += value
                self.last = value
        elif token in lex.hundred:
            if self.current >= 100:
                return False
            self.current = (self.current or 1) * 100
            self.last = 100
        elif token in lex.thousand:
            if self.thousands:
                return False
            self.thousands = (self.current or 1) * 1000
            self.current = 0
            self.last = 1000
        elif token in lex.large_scales:
            power = lex.large_scales[token]
            if self.large_seen is not None and power >= self.large_seen:
                return False
            self.large += (self.thousands + self.current or 1) * 10**power
            self.thousands = self.current = 0
            self.large_seen = power
            self.last = 10**power
        else:
            return False
        self.pending_conjunction = False
        self.previous = token
        return True


def longest_number_prefix(text: str) -> tuple[int, int] | None:
    """The value of the longest well-formed number at the start of ``text``
    and the length of text it covers, or None when the first word is no number.

    >>> longest_number_prefix("deux mil neuf, le treize")
    (2009, 13)
    """
    lex = lexicon()
    acc = _Accumulator()
    best: tuple[int, int] | None = None
    for match in _TOKEN.finditer(text):
        token = match.group().casefold().rstrip(",.;:")
        if match.group().casefold() != token:
            # A word followed by punctuation ends the number after it.
            if acc.feed(token, lex) and not acc.pending_conjunction:
                best = (acc.value, match.start() + len(token))
            break
        if not acc.feed(token, lex):
            break
        if not acc.pending_conjunction:
            best = (acc.value, match.end())
    return best


def parse_number_words(text: str) -> int | None:
    """The integer a whole run of French number words stands for, or None.

    >>> parse_number_words("cent vingt-deux mille")
    122000
    >>> parse_number_words("deux trois") is None
    True
    """
    stripped = text.strip()
    found = longest_number_prefix(stripped)
    if found is None or found[1] != len(stripped):
        return None
    return found[0]


def find_number_words(text: str) -> list[tuple[int, int, int]]:
    """Every well-formed run of number words in ``text`` as (start, end, value).

    A run that is not one number ("deux trois") is cut at the first word that
    cannot continue it, and reading resumes there.
    """
    found: list[tuple[int, int, int]] = []
    for match in _compiled_run().finditer(text):
        start = match.start()
        while start < match.end():
            prefix = longest_number_prefix(text[start : match.end()])
            if prefix is None:
                break
            value, length = prefix
            found.append((start, start + length, value))
            nxt = re.search(r"[\s\-]+", text[start + length : match.end()])
            if nxt is None:
                break
            start = start + length + nxt.end()
    return found


def is_first(word: str) -> bool:
    """True for "premier", "1er": the ordinal French uses for the first day."""
    return word.casefold().replace(" ", "") in lexicon().first


def parse_digits(text: str) -> float:
    """A number written with French conventions.

    >>> parse_digits("1 200,50"), parse_digits("1.250.000"), parse_digits("1.5")
    (1200.5, 1250000.0, 1.5)
    """
    sign = -1.0 if text[:1] in "-−" else 1.0
    body = re.sub(r"[ \u00a0\u202f'’]", "", text.lstrip("-−+"))
    if "," in body:
        body = body.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+", body):
        body = body.replace(".", "")
    elif re.fullmatch(r"[1-9]\d{0,2}(?:\.\d{3})+\.\d{1,2}", body):
        # Scans: the decimal comma read as a dot after dotted thousands ("19.462.59").
        head, _, cents = body.rpartition(".")
        body = head.replace(".", "") + "." + cents
    try:
        return sign * float(body)
    except ValueError as exc:
        raise ValueError(f"not a number in French notation: {text!r}") from exc
