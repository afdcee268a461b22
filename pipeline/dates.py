"""Dates, periods and times, normalised to ISO 8601 at the precision of the text.

French minutes date things absolutely ("11 avril 2003", "28/08/09", "L'an
deux mil neuf, le treize octobre, à vingt heures trente"), partially
("décembre 2002", "fin 2002", "début du mois de juillet 2003"), relatively to
the meeting ("lundi 10 mars dernier", "fin du mois d'avril", "l'an
prochain", "mardi prochain"), as times ("14h15", "23 heures 10") and periods
("2000-2002", "du 1er au 15 mars"). Whatever lacks a year or a day is
resolved against the meeting date passed in, never against the day the code
runs: the same text and meeting date always give the same value.

Words come from ``models/lexicons/calendar.yaml``; numbers in words from
:mod:`pipeline.french_numbers`. Document numbers ("n°2008/45", "2009/134"),
account and article numbers are refused.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline import ids
from pipeline.french_numbers import is_first, number_words_regex, parse_number_words
from pipeline.io import read_model_file
from pipeline.records import DateMention, Granularity, Paragraph, Provenance, SourceDocument

STAGE = "minutes.dates.v1"
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


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


@functools.cache
def lexicon() -> CalendarLexicon:
    data = read_model_file(LEXICON)
    month_of = {_fold(f): int(m) for m, forms in data["months"].items() for f in forms}
    full = tuple(
        f for f, m in month_of.items()
        if not f.endswith(".") and not any(o != f and o.startswith(f) and month_of[o] == m for o in month_of)
    )
    relative = {_fold(f): (e["unit"], int(e["shift"])) for e in data["relative"] for f in e["forms"]}
    return CalendarLexicon(
        month_of=month_of,
        full_months=full,
        weekday_of={_fold(f): int(d) for d, forms in data["weekdays"].items() for f in forms},
        past_words=tuple(data["after_words"]),
        ahead_words=tuple(data["ahead_words"]),
        deadline_cues=tuple(data["deadline_cues"]),
        year_prepositions=tuple(data["year_prepositions"]),
        month_prepositions=frozenset(_fold(f) for f in data["month_prepositions"]),
        period_parts=tuple(data["period_parts"]),
        year_nouns=tuple(data["year_nouns"]),
        year_qualifiers=tuple(data["year_qualifiers"]),
        relative=relative,
        reference_words=frozenset(_fold(f) for f in data["reference_words"]),
        quantity_units=frozenset(_fold(f) for f in data["quantity_units"]),
        plural_function_words=frozenset(_fold(f) for f in data["plural_function_words"]),
    )


def _alt(forms: Sequence[str], *, word_end: bool = True) -> str:
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


@functools.cache
def _patterns() -> _Patterns:
    lex = lexicon()
    words = number_words_regex()
    month = _alt(list(lex.month_of))
    full_month = _alt(list(lex.full_months))
    weekday = _alt(list(lex.weekday_of))
    rel = _alt(list(lex.past_words) + list(lex.ahead_words))
    day = rf"(?:1\s?er(?![\w])|1ᵉʳ|premier(?![\w])|[0-3]?\d(?!\d)|{words})"
    start = r"(?<![\w/.,\-'’*×])"
    preps = "|".join(
        _alt([p], word_end=False) + (r"\s*" if p.endswith(("'", "’")) else r"\s+") for p in lex.year_prepositions
    )
    prep = rf"(?:(?P<prep>{preps}))?"
    part = rf"(?:(?:le\s+|la\s+|au\s+|en\s+)?(?P<part>{_alt(lex.period_parts)})(?:\s*-\s*|\s+)(?:(?:du|de)\s+|d['’]\s*)?)?"
    mois = r"(?P<mois>(?:(?:le|au|du)\s+)?mois\s+(?:de\s+|d['’]\s*))?"
    noun = rf"(?:(?P<noun>{_alt(lex.year_nouns)})(?:\s+{_alt(lex.year_qualifiers)})?\s+)?"
    year_end = r"(?![\d]|[/\-.,]\d|\s?\d{3}(?!\d))"
    flags = re.IGNORECASE
    return _Patterns(
        numeric=re.compile(
            # Two-digit years only with "/": "1-8-15" lists days of a month.
            r"(?<![\w/.\-*×])(?P<d>[0-3]?\d)(?:(?P<s>[.\-])(?P<m>[01]?\d)(?P=s)(?P<y>\d{4})"
            r"|/(?P<m2>[01]?\d)/(?P<y2>\d{4}|\d{2}))(?![\w/]|[.\-]\d)"
        ),
        iso=re.compile(r"(?<![\w/.\-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w\-])"),
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
            rf"(?:\s*(?P<sep>[-/–])\s*(?P<year2>\d{{4}}|\d{{2}})|\s+(?:à|au)\s+(?P<year3>\d{{4}}))?{year_end}",
            flags,
        ),
        time=re.compile(
            rf"(?<![\w:.,/\-])(?:(?P<h>[01]?\d|2[0-3])\s?h\s?(?P<m>[0-5]\d)?(?![\w])(?!\.[^\W\d_])"
            rf"|(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?![\d:])"
            rf"|(?P<hw>[01]?\d(?!\d)|2[0-3]|{words})\s+heures?(?:\s+(?P<mw>[0-5]\d(?!\d)|{words}))?(?![\w]))",
            flags,
        ),
        relative=re.compile(rf"(?<![\w'’]){_alt(list(lex.relative))}", flags),
        weekday_relative=re.compile(rf"(?<![\w])(?P<wd>{weekday})\s+(?P<rel>{rel})", flags),
        period=re.compile(
            rf"(?<![\w])du\s+(?P<d1>{day})(?:\s+(?P<m1>{month})(?:\s+(?P<y1>\d{{4}}))?)?"
            rf"\s+au\s+(?P<d2>{day})\s+(?P<m2>{month})(?:\s+(?P<y2>\d{{4}}(?!\d)))?",
            flags,
        ),
        deadline_before=re.compile(rf"(?<![\w]){_alt(lex.deadline_cues)}(?:\s+(?:le|du|au))?\s*$", flags),
        time_cue_before=re.compile(r"(?<![\w])(?:à|vers|dès|jusqu['’]à|avant|après)\s*$", flags),
        range_cue_before=re.compile(r"(?<![\w])(?:de|et|entre)\s*$", flags),
        duration_around=re.compile(r"(?<![\w])(?:pendant|durée\s+d['’e]\s*|soit|environ)\s*$", flags),
    )


# --- resolution against the meeting date -------------------------------------------


def _direction(word: str | None) -> str | None:
    if not word:
        return None
    folded = _fold(word)
    lex = lexicon()
    if folded in {_fold(w) for w in lex.past_words}:
        return "past"
    if folded in {_fold(w) for w in lex.ahead_words}:
        return "ahead"
    return None


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _calendar.monthrange(year, month)[1]


def _year_for_day(
    month: int, day: int, *, reference: datetime.date, direction: str | None, weekday: int | None
) -> int | None:
    """The year that puts day/month where the text says relative to the meeting."""

    def options(check_weekday: bool) -> list[datetime.date]:
        found = []
        for year in (reference.year - 1, reference.year, reference.year + 1):
            if not _valid(year, month, day):
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


def _year_for_month(month: int, *, reference: datetime.date, direction: str | None) -> int:
    here = reference.year * 12 + reference.month - 1
    years = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        offset = year * 12 + month - 1 - here
        if direction == "past" and offset >= 0 or direction == "ahead" and offset < 0:
            continue
        years.append((abs(offset), offset < 0, year))
    return min(years)[2]


def _full_year(two_digits: int, reference: datetime.date | None) -> int:
    # A two-digit year is in the past century unless that puts it well after the meeting.
    limit = (reference.year if reference else 2000) + (10 if reference else 30)
    return 2000 + two_digits if 2000 + two_digits <= limit else 1900 + two_digits


def _plausible_year(year: int, reference: datetime.date | None) -> bool:
    if reference is None:
        return YEAR_RANGE[0] <= year <= YEAR_RANGE[1]
    return reference.year - YEARS_BEFORE <= year <= reference.year + YEARS_AFTER


def _day_number(text: str) -> int | None:
    compact = text.replace(" ", "")
    if is_first(compact) or compact.casefold() in ("1er", "1ᵉʳ"):
        return 1
    value = int(compact) if compact.isdigit() else parse_number_words(text)
    return value if value is not None and 1 <= value <= 31 else None


def _month_number(text: str) -> int:
    return lexicon().month_of[_fold(text)]


# --- candidates ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    moment: Moment | None  # None for a time of a day not yet known
    moment_end: Moment | None = None
    relative: bool = False
    time: tuple[int, int] | None = None


def _numeric(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in _patterns().numeric.finditer(text):
        written = m["y"] or m["y2"]
        year = int(written) if len(written) == 4 else _full_year(int(written), reference)
        day, month = int(m["d"]), int(m["m"] or m["m2"])
        if _valid(year, month, day):
            found.append(_Candidate(m.start(), m.end(), Moment(year, month, day)))
    for m in _patterns().iso.finditer(text):
        year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
        if _valid(year, month, day):
            found.append(_Candidate(m.start(), m.end(), Moment(year, month, day)))
    return found


def _day_month(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in _patterns().day_month.finditer(text):
        day = _day_number(m["day"])
        if day is None:
            continue
        month, end, rel = _month_number(m["mon"]), m.end(), m["rel"]
        year: int | None = None
        if m["year"]:
            year = int(m["year"]) if m["year"].isdigit() else parse_number_words(m["year"])
            if year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                # "le 3 mars deux élus...": the words after the month are no year.
                year, end, rel = None, m.end("mon"), None
        relative = year is None
        if year is None:
            if reference is None:
                continue
            weekday = lexicon().weekday_of[_fold(m["wd"])] if m["wd"] else None
            direction = _direction(rel) or _deadline(text, m.start())
            year = _year_for_day(month, day, reference=reference, direction=direction, weekday=weekday)
        if year is not None and _valid(year, month, day):
            found.append(_Candidate(m.start(), end, Moment(year, month, day), relative=relative))
    for m in _patterns().words_first.finditer(text):
        year, day = parse_number_words(m["yw"]), _day_number(m["day"])
        month = _month_number(m["mon"])
        if year and day and YEAR_RANGE[0] <= year <= YEAR_RANGE[1] and _valid(year, month, day):
            found.append(_Candidate(m.start(), m.end(), Moment(year, month, day)))
    return found


def _deadline(text: str, start: int) -> str | None:
    """"avant le 30 juin", "à compter du 1er mars": the date lies ahead of the meeting."""
    return "ahead" if _patterns().deadline_before.search(text[max(0, start - 40) : start]) else None


def _prep_direction(prep: str | None) -> str | None:
    if not prep:
        return None
    folded = _fold(prep)
    if folded in ("depuis",):
        return "past"
    if any(folded == _fold(c) or _fold(c).startswith(folded + " ") for c in lexicon().deadline_cues) or folded in (
        "dès", "jusqu'en", "d'ici", "à partir de", "à compter de", "avant"
    ):
        return "ahead"
    return None


def _months(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in _patterns().month_year.finditer(text):
        found.append(_Candidate(m.start(), m.end(), Moment(int(m["year"]), _month_number(m["mon"]))))
    if reference is None:
        return found
    lex = lexicon()
    for m in _patterns().month_only.finditer(text):
        prep = _fold(m["prep"]) if m["prep"] else None
        if not (m["part"] or m["mois"] or prep in lex.month_prepositions):
            continue
        # "en novembre ou décembre" names no one month.
        alternative = rf"{_alt(lex.full_months)}\W+(?:ou|et)\W+(?:en\s+)?{_alt(lex.full_months)}"
        if re.search(alternative, text[max(0, m.start() - 30) : m.end() + 30], re.IGNORECASE):
            continue
        month = _month_number(m["mon"])
        direction = _direction(m["rel"]) or _prep_direction(m["prep"]) or _deadline(text, m.start())
        year = _year_for_month(month, reference=reference, direction=direction)
        found.append(_Candidate(m.start(), m.end(), Moment(year, month), relative=True))
    return found


def _previous_token(text: str, start: int) -> str:
    match = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
    if match is None:
        return ""
    token = _fold(match.group(1)).rstrip(":")
    return re.sub(r"^[ld]'", "", token)


def _is_reference_number(text: str, start: int) -> bool:
    """"n°2008", "compte 2183", "A 2017" (a file number): not a year."""
    token = _previous_token(text, start)
    raw = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
    if raw and len(raw.group(1)) == 1 and raw.group(1).isupper():
        return True
    return token in lexicon().reference_words or token.endswith(("n°", "nº"))


def _is_quantity(text: str, end: int, *, bare: bool) -> bool:
    """"2000 habitants", "1500 m²": a count or measure, not a year."""
    match = re.match(r"\s*([^\W\d_][\w²³]*|[%€²])", text[end : end + 40])
    if match is None:
        return False
    token = _fold(match.group(1))
    lex = lexicon()
    if token in lex.quantity_units:
        return True
    word = match.group(1)
    return bare and word.islower() and len(word) > 2 and word[-1] in "sx" and token not in lex.plural_function_words


def _years(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in _patterns().year.finditer(text):
        year = int(m["year"])
        bare = not (m["prep"] or m["part"] or m["noun"])
        if not _plausible_year(year, reference) or _is_reference_number(text, m.start("year") if bare else m.start()):
            continue
        if _is_quantity(text, m.end(), bare=bare):
            continue
        end_year: int | None = None
        if m["year2"]:
            end_year = int(m["year2"]) if len(m["year2"]) == 4 else year // 100 * 100 + int(m["year2"])
        elif m["year3"]:
            if not m["prep"] or _fold(m["prep"]) not in ("de", "d'", "depuis"):
                continue
            end_year = int(m["year3"])
        if end_year is not None and not 0 < end_year - year <= 10:
            continue
        found.append(_Candidate(m.start(), m.end(), Moment(year), Moment(end_year) if end_year else None))
    return found


def _time_value(hour_text: str, minute_text: str | None) -> tuple[int, int] | None:
    hour = int(hour_text) if hour_text.isdigit() else parse_number_words(hour_text)
    minute = 0
    if minute_text:
        minute = int(minute_text) if minute_text.isdigit() else parse_number_words(minute_text)
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return hour, minute


def _times(text: str) -> list[_Candidate]:
    found = []
    p = _patterns()
    for m in p.time.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 20]
        if p.duration_around.search(before) or re.match(r"\s*(?:par|/)\s*(?:semaine|jour|mois|an|hebdo)", after, re.I):
            continue
        if m["hw"] is not None:
            # "N heures" without "à" is a duration ("3 heures de travail").
            if not p.time_cue_before.search(before):
                continue
            value = _time_value(m["hw"], m["mw"])
        elif m["h"] is not None:
            # "9H" alone is a time in "à 9H", "de 9H à 12H"; elsewhere a duration or a code.
            if m["m"] is None and not (p.time_cue_before.search(before) or p.range_cue_before.search(before)):
                continue
            value = _time_value(m["h"], m["m"])
        else:
            value = _time_value(m["h2"], m["m2"])
        if value is not None:
            found.append(_Candidate(m.start(), m.end(), None, time=value))
    return found


def _relatives(text: str, reference: datetime.date | None) -> list[_Candidate]:
    if reference is None:
        return []
    found = []
    lex = lexicon()
    for m in _patterns().relative.finditer(text):
        unit, shift = lex.relative[_fold(m.group())]
        if unit == "year":
            moment = Moment(reference.year + shift)
        else:
            index = reference.year * 12 + reference.month - 1 + shift
            moment = Moment(index // 12, index % 12 + 1)
        found.append(_Candidate(m.start(), m.end(), moment, relative=True))
    for m in _patterns().weekday_relative.finditer(text):
        weekday = lex.weekday_of[_fold(m["wd"])]
        if _direction(m["rel"]) == "ahead":
            delta = (weekday - reference.weekday() - 1) % 7 + 1
        else:
            delta = -((reference.weekday() - weekday - 1) % 7 + 1)
        when = reference + datetime.timedelta(days=delta)
        found.append(_Candidate(m.start(), m.end(), Moment(when.year, when.month, when.day), relative=True))
    return found


def _periods(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in _patterns().period.finditer(text):
        first, last = _day_number(m["d1"]), _day_number(m["d2"])
        last_month = _month_number(m["m2"])
        first_month = _month_number(m["m1"]) if m["m1"] else last_month
        if first is None or last is None:
            continue
        relative = not m["y2"]
        if m["y2"]:
            last_year = int(m["y2"])
        elif reference is not None:
            last_year = _year_for_day(last_month, last, reference=reference, direction=None, weekday=None)
        else:
            continue
        if last_year is None:
            continue
        first_year = int(m["y1"]) if m["y1"] else last_year - (first_month > last_month)
        if _valid(first_year, first_month, first) and _valid(last_year, last_month, last):
            found.append(
                _Candidate(
                    m.start(), m.end(), Moment(first_year, first_month, first),
                    Moment(last_year, last_month, last), relative=relative,
                )
            )
    return found


# --- assembling ----------------------------------------------------------------------

_TIME_JOIN = re.compile(r"\s*,?\s*(?:(?:à|vers|dès)\s+)?", re.IGNORECASE)
_PERIOD_JOIN = re.compile(r"\s+(?:au|à|jusqu['’]au)\s+", re.IGNORECASE)
_PERIOD_OPEN = re.compile(r"(?<![\w])(?:du|depuis\s+le|de)\s+$", re.IGNORECASE)


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for item in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(item.end <= other.start or item.start >= other.end for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda c: c.start)


def _join_times(text: str, items: list[_Candidate], reference: datetime.date | None) -> list[_Candidate]:
    """"3 juin 2003 à 14h15" is one moment; a time alone is on the meeting day."""
    joined: list[_Candidate] = []
    for item in items:
        if item.time is None:
            joined.append(item)
            continue
        hour, minute = item.time
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.moment is not None
            and previous.moment_end is None
            and previous.moment.granularity is Granularity.DAY
            and _TIME_JOIN.fullmatch(text, previous.end, item.start)
        ):
            joined[-1] = replace(previous, end=item.end, moment=replace(previous.moment, hour=hour, minute=minute))
        elif reference is not None:
            moment = Moment(reference.year, reference.month, reference.day, hour, minute)
            joined.append(replace(item, moment=moment, relative=True, time=None))
    return joined


def _join_periods(text: str, items: list[_Candidate]) -> list[_Candidate]:
    """"du 01/09/2010 au 30/04/2011": two dates make one period."""
    joined: list[_Candidate] = []
    for item in items:
        previous = joined[-1] if joined else None
        opener = _PERIOD_OPEN.search(text, 0, previous.start) if previous else None
        if (
            previous is not None
            and opener is not None
            and previous.moment_end is None
            and item.moment_end is None
            and previous.moment.granularity is item.moment.granularity is Granularity.DAY
            and _PERIOD_JOIN.fullmatch(text, previous.end, item.start)
            and previous.moment.iso() < item.moment.iso()
        ):
            joined[-1] = replace(
                previous, start=opener.start(), end=item.end, moment_end=item.moment,
                relative=previous.relative or item.relative,
            )
        else:
            joined.append(item)
    return joined


def parse_dates(text: str, *, reference: datetime.date | None) -> list[ParsedDate]:
    """Every date, period and time in ``text``, resolved against ``reference``
    (the meeting date) where the text leaves the year, month or day out.

    Without a reference, what needs one (a time alone, "mardi prochain",
    "fin mars") is left out.

    >>> [d.value for d in parse_dates("le lundi 10 mars dernier", reference=datetime.date(2003, 4, 11))]
    ['2003-03-10']
    """
    candidates = (
        _numeric(text, reference) + _day_month(text, reference) + _months(text, reference)
        + _years(text, reference) + _times(text) + _relatives(text, reference) + _periods(text, reference)
    )
    items = _join_periods(text, _join_times(text, _without_overlaps(candidates), reference))
    return [
        ParsedDate(
            start=c.start,
            end=c.end,
            text=text[c.start : c.end],
            value=c.moment.iso(),
            value_end=c.moment_end.iso() if c.moment_end else None,
            granularity=c.moment.granularity,
            relative=c.relative,
        )
        for c in items
        if c.moment is not None
    ]


def find_dates(
    source: SourceDocument, paragraphs: Sequence[Paragraph], *, meeting_date: datetime.date | None
) -> list[DateMention]:
    """The dates of every paragraph, numbered in document order."""
    dates: list[DateMention] = []
    for paragraph in sorted(paragraphs, key=lambda p: p.char_start):
        for parsed in parse_dates(paragraph.text, reference=meeting_date):
            start = paragraph.char_start + parsed.start
            end = paragraph.char_start + parsed.end
            dates.append(
                DateMention(
                    date_id=ids.doc_scoped(source.doc_id, "d", len(dates)),
                    doc_id=source.doc_id,
                    paragraph_id=paragraph.paragraph_id,
                    text=parsed.text,
                    value=parsed.value,
                    value_end=parsed.value_end,
                    granularity=parsed.granularity,
                    relative=parsed.relative,
                    char_start=start,
                    char_end=end,
                    provenance=Provenance(
                        doc_id=source.doc_id, page=source.page_at(start), char_start=start, char_end=end, stage=STAGE
                    ),
                )
            )
    return dates


def meeting_date_from_header(text: str) -> datetime.date | None:
    """The first full date (day, month and year) in a header, figures or words.

    >>> meeting_date_from_header("L'an deux mil neuf, le treize octobre, à vingt heures trente")
    datetime.date(2009, 10, 13)
    """
    for parsed in parse_dates(" ".join(text.split()), reference=None):
        if parsed.granularity in (Granularity.DAY, Granularity.MINUTE) and parsed.value_end is None:
            return datetime.date.fromisoformat(parsed.value[:10])
    return None
