"""Calendar words and date patterns (``models/lexicons/calendar.yaml``), the
parsed-date types, and the resolution of partial dates against the meeting date."""

from __future__ import annotations

import calendar as _calendar
import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.french_numbers import is_first, number_words_regex, parse_number_words
from pipeline.io import read_model_file
from pipeline.lexicon import fold_case as fold
from pipeline.lexicon import fold_keep_length
from pipeline.records import Granularity

LEXICON = "lexicons/calendar.yaml"

# Without a meeting date, a four-digit number is a year only in this span.
YEAR_RANGE = (1800, 2100)
# With one, a year lies at most this far before or after it.
YEARS_BEFORE, YEARS_AFTER = 150, 30


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date, period or time found in a text, with its ISO value."""

    start: int
    end: int
    text: str
    value: str
    value_end: str | None
    granularity: Granularity
    relative: bool  # the meeting date was needed to give the value


@dataclass(frozen=True, slots=True)
class Moment:
    """A point in time known to some precision (year, month, day, minute)."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None

    @property
    def granularity(self) -> Granularity:
        if self.hour is not None:
            return Granularity.MINUTE
        if self.day is not None:
            return Granularity.DAY
        if self.month is not None:
            return Granularity.MONTH
        return Granularity.YEAR

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute or 0:02d}"
        return text


# --- lexicon ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarLexicon:
    month_of: dict[str, int]  # casefolded form -> month number
    full_months: tuple[str, ...]  # forms safe without a day or a year ("mars", not "sept")
    weekday_of: dict[str, int]
    past_words: tuple[str, ...]
    ahead_words: tuple[str, ...]
    deadline_cues: tuple[str, ...]
    year_prepositions: tuple[str, ...]
    month_prepositions: frozenset[str]
    period_parts: tuple[str, ...]
    year_nouns: tuple[str, ...]
    year_qualifiers: tuple[str, ...]
    relative: dict[str, tuple[str, int]]  # casefolded form -> (unit, shift)
    reference_words: frozenset[str]
    quantity_units: frozenset[str]
    plural_function_words: frozenset[str]
    relative_day_blockers: frozenset[str]
    ago_units: dict[str, str]
    future_cues: tuple[str, ...]
    year_noun_articles: tuple[str, ...]
    not_meeting_cues: tuple[str, ...]  # folded without accents
    meeting_cues: tuple[str, ...]


@functools.cache
def lexicon() -> CalendarLexicon:
    data = read_model_file(LEXICON)
    month_of = {fold(f): int(m) for m, forms in data["months"].items() for f in forms}
    full = tuple(
        f for f, m in month_of.items()
        if not f.endswith(".") and not any(o != f and o.startswith(f) and month_of[o] == m for o in month_of)
    )
    relative = {fold(f): (e["unit"], int(e["shift"])) for e in data["relative"] for f in e["forms"]}
    return CalendarLexicon(
        month_of=month_of,
        full_months=full,
        weekday_of={fold(f): int(d) for d, forms in data["weekdays"].items() for f in forms},
        past_words=tuple(data["after_words"]),
        ahead_words=tuple(data["ahead_words"]),
        deadline_cues=tuple(data["deadline_cues"]),
        year_prepositions=tuple(data["year_prepositions"]),
        month_prepositions=frozenset(fold(f) for f in data["month_prepositions"]),
        period_parts=tuple(data["period_parts"]),
        year_nouns=tuple(data["year_nouns"]),
        year_qualifiers=tuple(data["year_qualifiers"]),
        relative=relative,
        reference_words=frozenset(fold(f) for f in data["reference_words"]),
        quantity_units=frozenset(fold(f) for f in data["quantity_units"]),
        plural_function_words=frozenset(fold(f) for f in data["plural_function_words"]),
        relative_day_blockers=frozenset(fold(f) for f in data["relative_day_blockers"]),
        ago_units={fold(k): v for k, v in data["ago_units"].items()},
        future_cues=tuple(data["future_cues"]),
        year_noun_articles=tuple(data["year_noun_articles"]),
        not_meeting_cues=tuple(fold_keep_length(fold(f)) for f in data["not_meeting_cues"]),
        meeting_cues=tuple(fold_keep_length(fold(f)) for f in data["meeting_cues"]),
    )


def alternation(forms: Sequence[str], *, word_end: bool = True) -> str:
    parts = []
    for form in sorted(set(forms), key=lambda f: (-len(f), f)):
        escaped = re.sub(r"['’]", "['’]", re.escape(form).replace(r"\ ", r"\s+"))
        if word_end and form[-1].isalnum():
            escaped += r"(?![\w])"
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class _Patterns:
    numeric: re.Pattern[str]
    iso: re.Pattern[str]
    day_month: re.Pattern[str]
    words_first: re.Pattern[str]
    month_year: re.Pattern[str]
    month_only: re.Pattern[str]
    year: re.Pattern[str]
    time: re.Pattern[str]
    relative: re.Pattern[str]
    weekday_relative: re.Pattern[str]
    period: re.Pattern[str]
    deadline_before: re.Pattern[str]
    time_cue_before: re.Pattern[str]
    range_cue_before: re.Pattern[str]
    duration_around: re.Pattern[str]
    ago: re.Pattern[str]
    weekday_day: re.Pattern[str]
    day_pair: re.Pattern[str]
    future_before: re.Pattern[str]


@functools.cache
def patterns() -> _Patterns:
    lex = lexicon()
    words = number_words_regex()
    month = alternation(list(lex.month_of))
    full_month = alternation(list(lex.full_months))
    weekday = alternation(list(lex.weekday_of))
    rel = alternation(list(lex.past_words) + list(lex.ahead_words))
    day = rf"(?:1\s?er(?![\w])|1ᵉʳ|premier(?![\w])|[0-3]?\d(?!\d)|{words})"
    start = r"(?<![\w/.,\-'’*×])"
    preps = "(?P<entre>entre\\s+)|" + "|".join(
        alternation([p], word_end=False) + (r"\s*" if p.endswith(("'", "’")) else r"\s+") for p in lex.year_prepositions
    )
    prep = rf"(?:(?P<prep>{preps}))?"
    part = rf"(?:(?:le\s+|la\s+|au\s+|en\s+)?(?P<part>{alternation(lex.period_parts)})(?:\s*-\s*|\s+)(?:(?:du|de)\s+|d['’]\s*)?)?"
    mois = r"(?P<mois>(?:(?:le|au|du)\s+)?mois\s+(?:de\s+|d['’]\s*))?"
    noun = rf"(?:(?P<noun>{alternation(lex.year_nouns)})(?:\s+{alternation(lex.year_qualifiers)})?\s+)?"
    year_end = r"(?![\d]|[/\-.,]\d|\s?\d{3}(?!\d))"
    flags = re.IGNORECASE
    return _Patterns(
        numeric=re.compile(
            # Two-digit years only with "/": "1-8-15" lists days of a month.
            r"(?<![\w/.\-*×])(?P<d>[0-3]?\d)(?:(?P<s>[.\-])(?P<m>[01]?\d)(?P=s)(?P<y>\d{4})"
            r"|(?:er)?/(?P<m2>[01]?\d)/(?P<y2>\d{4}|\d{2}))(?![\w/]|[.\-]\d)"
        ),
        # ISO 8601 as exported by software (front matter, metadata): "2016-11-09T12:00:00GMT+1".
        iso=re.compile(
            r"(?<![\w/.\-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
            r"(?:[T ](?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)(?::[0-5]\d(?:[.,]\d+)?)?"
            r"(?:Z|\s?(?:GMT|UTC)(?:[+\-]\d{1,2}(?::?\d{2})?)?|[+\-]\d{2}:?\d{2})?)?(?![\w\-])"
        ),
        day_month=re.compile(
            rf"{start}(?:(?P<wd>{weekday})\s+)?(?P<day>{day})\s+(?P<mon>{month})"
            rf"(?:\s+(?P<year>\d{{4}}(?!\d)|{words}))?(?:\s+(?P<rel>{rel}))?",
            flags,
        ),
        words_first=re.compile(
            rf"(?<![\w])(?:l['’]an\s+)?(?P<yw>{words})\s*,?\s+le\s+(?P<day>{day})\s+(?P<mon>{month})", flags
        ),
        month_year=re.compile(
            rf"{start}{prep}{part}{mois}(?P<mon>{month})\s+(?P<year>\d{{4}}){year_end}(?:\s+(?P<rel>{rel}))?", flags
        ),
        month_only=re.compile(
            rf"{start}{prep}{part}{mois}(?P<mon>{full_month})(?:\s+(?P<rel>{rel}))?(?!\s*\d)", flags
        ),
        year=re.compile(
            rf"{start}{prep}{part}{noun}(?P<year>\d{{4}})"
            rf"(?:\s*(?P<sep>[-/–])\s*(?P<year2>\d{{4}}|\d{{2}})|\s+(?:à|au)\s+(?P<year3>\d{{4}})"
            rf"|(?(entre)\s+et\s+(?P<year4>\d{{4}})|(?!)))?{year_end}",
            flags,
        ),
        time=re.compile(
            rf"(?<![\w:.,/\-])(?:(?P<h>[01]?\d|2[0-3])\s?h\s?(?P<m>[0-5]\d)?(?![\w])(?!\.[^\W\d_])"
            rf"|(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?![\d:])"
            rf"|(?P<hw>[01]?\d(?!\d)|2[0-3]|{words})\s+heures?(?:\s+(?P<mw>[0-5]\d(?!\d)|{words}))?(?![\w]))",
            flags,
        ),
        relative=re.compile(rf"(?<![\w'’]){alternation(list(lex.relative))}", flags),
        weekday_relative=re.compile(rf"(?<![\w])(?P<wd>{weekday})\s+(?P<rel>{rel})", flags),
        period=re.compile(
            rf"(?<![\w])du\s+(?P<d1>{day})(?:\s+(?P<m1>{month})(?:\s+(?P<y1>\d{{4}}))?)?"
            rf"\s+au\s+(?P<d2>{day})\s+(?P<m2>{month})(?:\s+(?P<y2>\d{{4}}(?!\d)))?",
            flags,
        ),
        deadline_before=re.compile(rf"(?<![\w]){alternation(lex.deadline_cues)}(?:\s+(?:le|du|au))?\s*$", flags),
        time_cue_before=re.compile(r"(?<![\w])(?:à|vers|dès|jusqu['’]à|avant|après)\s*$", flags),
        range_cue_before=re.compile(r"(?<![\w])(?:de|et|entre)\s*$", flags),
        ago=re.compile(
            rf"(?<![\w])il\s+y\s+a\s+(?:maintenant\s+|déjà\s+)?(?P<n>\d{{1,3}}|{words})\s+(?P<unit>{alternation(list(lex.ago_units))})",
            flags,
        ),
        # "le lundi 14": a weekday and a day of a month left unsaid.
        weekday_day=re.compile(
            rf"(?<![\w])(?P<wd>{weekday})\s+(?P<day>1\s?er(?![\w])|[0-3]?\d)(?![\d/.:h]|\s*(?:{month}|h\b|heures?|€|%))",
            flags,
        ),
        # "les 19 et 20 avril 2014": two days in a row make one period.
        day_pair=re.compile(
            rf"(?<![\w])(?P<d1>{day})\s+et\s+(?P<d2>{day})\s+(?P<mon>{month})(?:\s+(?P<year>\d{{4}}(?!\d)))?", flags
        ),
        future_before=re.compile(rf"(?<![\w]){alternation(lex.future_cues)}", flags),
        duration_around=re.compile(r"(?<![\w])(?:pendant|durée\s+d['’e]\s*|soit|environ)\s*$", flags),
    )


# --- resolution against the meeting date -------------------------------------------


def direction_of(word: str | None) -> str | None:
    if not word:
        return None
    folded = fold(word)
    lex = lexicon()
    if folded in {fold(w) for w in lex.past_words}:
        return "past"
    if folded in {fold(w) for w in lex.ahead_words}:
        return "ahead"
    return None


def valid_date(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _calendar.monthrange(year, month)[1]


def year_for_day(
    month: int, day: int, *, reference: datetime.date, direction: str | None, weekday: int | None
) -> int | None:
    """The year that puts day/month where the text says relative to the meeting."""

    def options(check_weekday: bool) -> list[datetime.date]:
        found = []
        for year in (reference.year - 1, reference.year, reference.year + 1):
            if not valid_date(year, month, day):
                continue
            when = datetime.date(year, month, day)
            if check_weekday and weekday is not None and when.weekday() != weekday:
                continue
            if direction == "past" and when >= reference or direction == "ahead" and when < reference:
                continue
            found.append(when)
        return found

    found = options(True) or options(False)
    if not found:
        return None
    # Nearest to the meeting; on a tie, the one ahead.
    return min(found, key=lambda d: (abs((d - reference).days), d < reference)).year


def year_for_month(month: int, *, reference: datetime.date, direction: str | None) -> int:
    here = reference.year * 12 + reference.month - 1
    years = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        offset = year * 12 + month - 1 - here
        if direction == "past" and offset >= 0 or direction == "ahead" and offset < 0:
            continue
        years.append((abs(offset), offset < 0, year))
    return min(years)[2]


def full_year(two_digits: int, reference: datetime.date | None) -> int:
    # A two-digit year is in the past century unless that puts it well after the meeting.
    limit = (reference.year if reference else 2000) + (10 if reference else 30)
    return 2000 + two_digits if 2000 + two_digits <= limit else 1900 + two_digits


def plausible_year(year: int, reference: datetime.date | None) -> bool:
    if reference is None:
        return YEAR_RANGE[0] <= year <= YEAR_RANGE[1]
    return reference.year - YEARS_BEFORE <= year <= reference.year + YEARS_AFTER


def day_number(text: str) -> int | None:
    compact = text.replace(" ", "")
    if is_first(compact) or compact.casefold() in ("1er", "1ᵉʳ"):
        return 1
    value = int(compact) if compact.isdigit() else parse_number_words(text)
    return value if value is not None and 1 <= value <= 31 else None


def month_number(text: str) -> int:
    return lexicon().month_of[fold(text)]


def ago_moment(count: str, unit: str, reference: datetime.date) -> Moment | None:
    """"il y a 6 ans" -> the meeting's year less six, at the precision of the unit."""
    n = int(count) if count.isdigit() else parse_number_words(count)
    if n is None:
        return None
    if unit == "year":
        return Moment(reference.year - n)
    if unit == "month":
        index = reference.year * 12 + reference.month - 1 - n
        return Moment(index // 12, index % 12 + 1)
    when = reference - datetime.timedelta(days=n * (7 if unit == "week" else 1))
    return Moment(when.year, when.month, when.day)


def weekday_day(weekday: int, day: int, reference: datetime.date) -> datetime.date | None:
    """"le lundi 14": the day of that number and weekday nearest the meeting (months around it)."""
    options = []
    for shift in (-1, 0, 1):
        index = reference.year * 12 + reference.month - 1 + shift
        year, month = index // 12, index % 12 + 1
        if valid_date(year, month, day) and datetime.date(year, month, day).weekday() == weekday:
            options.append(datetime.date(year, month, day))
    return min(options, key=lambda d: abs((d - reference).days)) if options else None
