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

import datetime
import re
from dataclasses import dataclass, replace

from pipeline.date_lexicon import (
    YEAR_RANGE,
    Moment,
    ParsedDate,
    alternation,
    day_number,
    direction_of,
    ago_moment,
    fold,
    full_year,
    lexicon,
    month_number,
    patterns,
    plausible_year,
    valid_date,
    weekday_day,
    year_for_day,
    year_for_month,
)
from pipeline.french_numbers import parse_number_words
from pipeline.records import Granularity

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
    for m in patterns().numeric.finditer(text):
        written = m["y"] or m["y2"]
        year = int(written) if len(written) == 4 else full_year(int(written), reference)
        day, month = int(m["d"]), int(m["m"] or m["m2"])
        if valid_date(year, month, day):
            found.append(_Candidate(m.start(), m.end(), Moment(year, month, day)))
    for m in patterns().iso.finditer(text):
        year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
        hour, minute = (int(m["H"]), int(m["M"])) if m["H"] else (None, None)
        if valid_date(year, month, day):
            found.append(_Candidate(m.start(), m.end(), Moment(year, month, day, hour, minute)))
    return found


def _day_month(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in patterns().day_month.finditer(text):
        day = day_number(m["day"])
        if day is None:
            continue
        month, end, rel = month_number(m["mon"]), m.end(), m["rel"]
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
            weekday = lexicon().weekday_of[fold(m["wd"])] if m["wd"] else None
            direction = direction_of(rel) or _deadline(text, m.start()) or _future(text, m.start())
            year = year_for_day(month, day, reference=reference, direction=direction, weekday=weekday)
        if year is not None and valid_date(year, month, day):
            found.append(_Candidate(m.start(), end, Moment(year, month, day), relative=relative))
    for m in patterns().words_first.finditer(text):
        # "L'an deux mil dix-huit, le 13 octobre 2018": the date in figures is the date.
        if re.match(r"\s+\d{4}(?!\d)", text[m.end() : m.end() + 6]):
            continue
        year, day = parse_number_words(m["yw"]), day_number(m["day"])
        month = month_number(m["mon"])
        if year and day and YEAR_RANGE[0] <= year <= YEAR_RANGE[1] and valid_date(year, month, day):
            found.append(_Candidate(m.start(), m.end(), Moment(year, month, day)))
    return found


def _deadline(text: str, start: int) -> str | None:
    """"avant le 30 juin", "à compter du 1er mars": the date lies ahead of the meeting."""
    return "ahead" if patterns().deadline_before.search(text[max(0, start - 40) : start]) else None


def _prep_direction(prep: str | None) -> str | None:
    if not prep:
        return None
    folded = fold(prep)
    if folded in ("depuis",):
        return "past"
    if any(folded == fold(c) or fold(c).startswith(folded + " ") for c in lexicon().deadline_cues) or folded in (
        "dès", "jusqu'en", "d'ici", "à partir de", "à compter de", "avant"
    ):
        return "ahead"
    return None


def _months(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in patterns().month_year.finditer(text):
        found.append(_Candidate(m.start(), m.end(), Moment(int(m["year"]), month_number(m["mon"]))))
    if reference is None:
        return found
    lex = lexicon()
    for m in patterns().month_only.finditer(text):
        prep = fold(m["prep"]) if m["prep"] else None
        if not (m["part"] or m["mois"] or prep in lex.month_prepositions):
            continue
        # "en novembre ou décembre" names no one month.
        alternative = rf"{alternation(lex.full_months)}\W+(?:ou|et)\W+(?:en\s+)?{alternation(lex.full_months)}"
        if re.search(alternative, text[max(0, m.start() - 30) : m.end() + 30], re.IGNORECASE):
            continue
        month = month_number(m["mon"])
        direction = direction_of(m["rel"]) or _prep_direction(m["prep"]) or _deadline(text, m.start())
        year = year_for_month(month, reference=reference, direction=direction)
        found.append(_Candidate(m.start(), m.end(), Moment(year, month), relative=True))
    return found


def _previous_token(text: str, start: int) -> str:
    match = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
    if match is None:
        return ""
    token = fold(match.group(1)).rstrip(":")
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
    token = fold(match.group(1))
    lex = lexicon()
    if token in lex.quantity_units:
        return True
    word = match.group(1)
    return bare and word.islower() and len(word) > 2 and word[-1] in "sx" and token not in lex.plural_function_words


def _years(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in patterns().year.finditer(text):
        year = int(m["year"])
        bare = not (m["prep"] or m["part"] or m["noun"])
        if not plausible_year(year, reference) or _is_reference_number(text, m.start("year") if bare else m.start()):
            continue
        if _is_quantity(text, m.end(), bare=bare):
            continue
        end_year: int | None = None
        if m["year2"]:
            end_year = int(m["year2"]) if len(m["year2"]) == 4 else year // 100 * 100 + int(m["year2"])
        elif m["year4"]:
            end_year = int(m["year4"])  # "entre 2014 et 2021"
        elif m["year3"]:
            # "de 2012 à 2020", "les années 2012 à 2020"; a bare "2012 à 2020" may be two counts.
            prep = fold(m["prep"]).strip() if m["prep"] else ""
            plural = m["noun"] is not None and fold(m["noun"]).endswith("s")
            if not (prep in ("de", "d'", "depuis") or plural):
                continue
            end_year = int(m["year3"])
        if end_year is not None and not 0 < end_year - year <= 10:
            continue
        start = m.start() if not m["noun"] or m["part"] else _after_article(text, m.start("noun"))
        found.append(_Candidate(start, m.end(), Moment(year), Moment(end_year) if end_year else None))
    return found


def _after_article(text: str, start: int) -> int:
    """"l'exercice 2014" is dated as "exercice 2014": an article is no part of the date."""
    folded = text[start : start + 8].casefold()
    for article in lexicon().year_noun_articles:
        if folded.startswith(article):
            return start + len(article)
    return start


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
    p = patterns()
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
    for m in patterns().relative.finditer(text):
        unit, shift = lex.relative[fold(m.group())]
        if unit == "day":
            # "l'impôt de demain" is figurative; "demain" alone is the day after the meeting.
            if _previous_token(text, m.start()) in lex.relative_day_blockers:
                continue
            when = reference + datetime.timedelta(days=shift)
            moment = Moment(when.year, when.month, when.day)
        elif unit == "year":
            moment = Moment(reference.year + shift)
        else:
            index = reference.year * 12 + reference.month - 1 + shift
            moment = Moment(index // 12, index % 12 + 1)
        found.append(_Candidate(m.start(), m.end(), moment, relative=True))
    for m in patterns().ago.finditer(text):
        moment = ago_moment(m["n"], lex.ago_units[fold(m["unit"])], reference)
        if moment is not None:
            found.append(_Candidate(m.start(), m.end(), moment, relative=True))
    for m in patterns().weekday_day.finditer(text):
        day = day_number(m["day"])
        when = weekday_day(lex.weekday_of[fold(m["wd"])], day, reference) if day else None
        if when is not None:
            found.append(_Candidate(m.start(), m.end(), Moment(when.year, when.month, when.day), relative=True))
    for m in patterns().weekday_relative.finditer(text):
        weekday = lex.weekday_of[fold(m["wd"])]
        if direction_of(m["rel"]) == "ahead":
            delta = (weekday - reference.weekday() - 1) % 7 + 1
        else:
            delta = -((reference.weekday() - weekday - 1) % 7 + 1)
        when = reference + datetime.timedelta(days=delta)
        found.append(_Candidate(m.start(), m.end(), Moment(when.year, when.month, when.day), relative=True))
    return found


def _day_pairs(text: str, reference: datetime.date | None) -> list[_Candidate]:
    """"les 19 et 20 avril 2014": two days in a row are one period; other pairs are left to the day patterns."""
    found = []
    for m in patterns().day_pair.finditer(text):
        first, last, month = day_number(m["d1"]), day_number(m["d2"]), month_number(m["mon"])
        if first is None or last is None or last != first + 1:
            continue
        if m["year"]:
            year = int(m["year"])
        elif reference is not None:
            year = year_for_day(month, last, reference=reference, direction=_future(text, m.start()), weekday=None)
        else:
            continue
        if year is not None and valid_date(year, month, last):
            found.append(_Candidate(m.start(), m.end(), Moment(year, month, first), Moment(year, month, last),
                                    relative=not m["year"]))
    return found


def _future(text: str, start: int) -> str | None:
    """"se tiendra du 28 au 31 octobre": an event told in the future lies ahead of the meeting."""
    sentence = re.split(r"[.!?]\s", text[max(0, start - 80) : start])[-1]
    return "ahead" if patterns().future_before.search(sentence) else None


def _periods(text: str, reference: datetime.date | None) -> list[_Candidate]:
    found = []
    for m in patterns().period.finditer(text):
        first, last = day_number(m["d1"]), day_number(m["d2"])
        last_month = month_number(m["m2"])
        first_month = month_number(m["m1"]) if m["m1"] else last_month
        if first is None or last is None:
            continue
        relative = not m["y2"]
        if m["y2"]:
            last_year = int(m["y2"])
        elif reference is not None:
            last_year = year_for_day(last_month, last, reference=reference, direction=_future(text, m.start()), weekday=None)
        else:
            continue
        if last_year is None:
            continue
        first_year = int(m["y1"]) if m["y1"] else last_year - (first_month > last_month)
        if valid_date(first_year, first_month, first) and valid_date(last_year, last_month, last):
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
        elif (day := _day_of_sentence(text, joined, item.start)) is not None:
            # "le 22 mai, ici même, à 18 heures": the time is on the day its sentence names.
            moment = Moment(day.year, day.month, day.day, hour, minute)
            joined.append(replace(item, moment=moment, relative=True, time=None))
        elif reference is not None:
            moment = Moment(reference.year, reference.month, reference.day, hour, minute)
            joined.append(replace(item, moment=moment, relative=True, time=None))
    return joined


# How far before a time its sentence's day may stand.
TIME_DAY_WINDOW = 200


def _day_of_sentence(text: str, before: list[_Candidate], start: int) -> Moment | None:
    """The one day named earlier in the time's sentence, if there is exactly one."""
    days = [
        c.moment for c in before
        if c.moment is not None and c.moment_end is None and c.moment.granularity is Granularity.DAY
        and start - TIME_DAY_WINDOW <= c.end <= start and not re.search(r"[.!?;]\s", text[c.end : start])
    ]
    return days[-1] if len(days) == 1 else None


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
        + _day_pairs(text, reference)
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
