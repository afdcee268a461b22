"""Dates: absolute, in words, partial, relative to the meeting, times, periods."""

from __future__ import annotations

import datetime
import inspect
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import dates as dates_module
from pipeline.dates import STAGE, find_dates
from pipeline.french_dates import parse_dates
from pipeline.meeting_date import meeting_date_from_header
from pipeline.records import Granularity, Page, Paragraph, ParagraphKind, SourceDocument

SEED_MEETING = datetime.date(2003, 4, 11)  # Vendredi 11 avril 2003


def _one(text: str, reference: datetime.date | None = SEED_MEETING):
    found = parse_dates(text, reference=reference)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "granularity", "relative"),
    [
        ("GROUPE DE TRAVAIL TECHNIQUE TIC Vendredi 11 avril 2003", "Vendredi 11 avril 2003", "2003-04-11", "day", False),
        ("Séance du jeudi 09 octobre 2008", "jeudi 09 octobre 2008", "2008-10-09", "day", False),
        ("CONSEIL MUNICIPAL DU 13 OCTOBRE 2009", "13 OCTOBRE 2009", "2009-10-13", "day", False),
        ("a eu lieu le 1 er janvier 2009 (5%)", "1 er janvier 2009", "2009-01-01", "day", False),
        ("à compter du 1er janvier 2010.", "1er janvier 2010", "2010-01-01", "day", False),
        ("marché du 28/08/09 REFLETS", "28/08/09", "2009-08-28", "day", False),
        ("Fait à Paris, le 09/02/2019.", "09/02/2019", "2019-02-09", "day", False),
        ("né le 08/09/49", "08/09/49", "1949-09-08", "day", False),
        ("Décret du 21 février 2003 portant", "21 février 2003", "2003-02-21", "day", False),
        ("Elle se tiendra le 3 juin 2003 à 14h15 dans les locaux", "3 juin 2003 à 14h15", "2003-06-03T14:15", "minute", False),
        ("en date du 26 janvier 2019 à 15:00.", "26 janvier 2019 à 15:00", "2019-01-26T15:00", "minute", False),
        (
            "L’an deux mil huit le neuf octobre, à dix huit heures trente, le Conseil",
            "L’an deux mil huit le neuf octobre, à dix huit heures trente",
            "2008-10-09T18:30", "minute", False,
        ),
        (
            "L'an deux mil neuf, le treize octobre, à vingt heures trente",
            "L'an deux mil neuf, le treize octobre, à vingt heures trente",
            "2009-10-13T20:30", "minute", False,
        ),
        ("le treize octobre deux mil neuf, à vingt heures trente", "treize octobre deux mil neuf, à vingt heures trente",
         "2009-10-13T20:30", "minute", False),
        # partial
        ("le CIADT de décembre 2002 a retenu", "de décembre 2002", "2002-12", "month", False),
        ("Depuis le lancement du CPER, en 2000, des changements", "en 2000", "2000", "year", False),
        ("Il explique que, fin 2002, sur ces objectifs", "fin 2002", "2002", "year", False),
        ("devrait se tenir début du mois de juillet 2003.", "début du mois de juillet 2003", "2003-07", "month", False),
        ("avant le mois de mars 2009 afin", "avant le mois de mars 2009", "2009-03", "month", False),
        # A year named by a noun is dated as noun and year, article and preposition left out.
        ("au titre de l'année 2007.", "année 2007", "2007", "year", False),
        ("pour cette année 2008.", "cette année 2008", "2008", "year", False),
        ("inscrits au budget de l'exercice 2014.", "exercice 2014", "2014", "year", False),
        ("Budget Commune 2009 : Décision modificative n°2", "2009", "2009", "year", False),
        ("passées avant 2001, il est", "avant 2001", "2001", "year", False),
        # relative to the meeting
        ("le Conseil qui s'est réuni le lundi 10 mars dernier a retenu", "lundi 10 mars dernier", "2003-03-10", "day", True),
        ("La liste sera arrêtée fin du mois d'avril.", "fin du mois d'avril", "2003-04", "month", True),
        ("à rendre fin mars", "fin mars", "2003-03", "month", True),
        ("mise en œuvre en début d'année avec", "en début d'année", "2003", "year", True),
        ("On verra l'an prochain.", "l'an prochain", "2004", "year", True),
        ("Réunion mardi prochain.", "mardi prochain", "2003-04-15", "day", True),
        ("remettre le dossier avant le 30 juin", "30 juin", "2003-06-30", "day", True),
        ("le 21 octobre à 19H30 à la salle", "21 octobre à 19H30", "2002-10-21T19:30", "minute", True),
        # times alone are on the meeting day
        ("lève la séance à 21h15.", "21h15", "2003-04-11T21:15", "minute", True),
        ("Séance levée à 23 heures 10.", "23 heures 10", "2003-04-11T23:10", "minute", True),
        ("la séance est levée à 18:00.", "18:00", "2003-04-11T18:00", "minute", True),
        ("à 20 h 30", "20 h 30", "2003-04-11T20:30", "minute", True),
    ],
)
def test_dates(text: str, span: str, value: str, granularity: str, relative: bool) -> None:
    found = _one(text)
    assert (found.text, found.value, found.granularity, found.relative) == (span, value, Granularity(granularity), relative)
    assert text[found.start : found.end] == span


@pytest.mark.parametrize(
    ("text", "value", "value_end"),
    [
        ("Tableau de suivi du CPER 2000-2002 pour les TIC", "2000", "2002"),
        ("pour l'année scolaire 2008/2009.", "2008", "2009"),
        ("dans le contrat de territoire 2006/2008, nous", "2006", "2008"),
        ("se déroulera du 1er septembre 2010 au 30 avril 2011 sur", "2010-09-01", "2011-04-30"),
        ("ouvert du 1er au 15 mars", "2003-03-01", "2003-03-15"),
        ("Contrat du 01/01/2009 au 31/12/2011", "2009-01-01", "2011-12-31"),
        ("la guerre de 1947-1949 a", "1947", "1949"),
    ],
)
def test_periods(text: str, value: str, value_end: str) -> None:
    found = _one(text)
    assert (found.value, found.value_end) == (value, value_end)


@pytest.mark.parametrize(
    "text",
    [
        "Conformément à la délibération n°2008/45 en date du",
        "(cid:2) 2009/134 – Télétransmission des actes administratifs",
        "un dossier (Dossier n°BPC 2009/1)",
        "DE-2014/47 – Délégations de pouvoirs",
        "du compte 6063 vers le compte 2183",
        "l’article 139 de la loi",
        "A 2017 MICHEL Noël",
        "Accusé de réception 044-214400400-20140513-D2014-47-DE",
        "communes de plus de 2 000 habitants",
        "Commune de VILLENEUVE (44 680) et (44210 PORNIC)",
        "contrat fixé à 24 heures 30 par semaine",
        "pendant 3 heures",
        "les mercredis : 1-8-15,",  # days of a month, not 2015-08-01
        "SAINT MARS DE COUTAIS",
        "une redevance de 2000 €",
        "a lieu en novembre ou décembre",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_dates(text, reference=SEED_MEETING) == []


@pytest.mark.parametrize(
    ("header", "day"),
    [
        ("L'an deux mil neuf, le treize octobre, à vingt heures trente", datetime.date(2009, 10, 13)),
        ("EXTRAIT DU REGISTRE\nNombre de présents : 11\n\tSéance du jeudi 09 octobre 2008", datetime.date(2008, 10, 9)),
        ("GROUPE DE TRAVAIL TECHNIQUE TIC Vendredi 11 avril 2003", datetime.date(2003, 4, 11)),
        ("Procès-verbal d'Assemblée Générale du 26/01/2019", datetime.date(2019, 1, 26)),
        ("Compte rendu de l'Assemblée Génerale du 26 janvier 2019", datetime.date(2019, 1, 26)),
        ("Réunion AG du 2019-01-26", datetime.date(2019, 1, 26)),
        ("COMPTE-RENDU\nCONSEIL MUNICIPAL", None),
        ("Budget 2009 : n°2009/134", None),
    ],
)
def test_meeting_date_from_header(header: str, day: datetime.date | None) -> None:
    assert meeting_date_from_header(header) == day


def test_without_a_meeting_date_relative_dates_are_left_out() -> None:
    text = "le lundi 10 mars dernier, à 14h15, mardi prochain, le 11 avril 2003"
    assert [d.value for d in parse_dates(text, reference=None)] == ["2003-04-11"]


def test_find_dates_gives_document_offsets_and_ids() -> None:
    text = "COMPTE-RENDU\n\nElle se tiendra le 3 juin 2003\nà 14h15 à Dunkerque."
    source = SourceDocument(doc_id="cd" * 32, source="x.txt", text=text, pages=(Page(1, 0, len(text), "text"),))
    start = text.index("Elle")
    paragraph = Paragraph(
        paragraph_id="p1", doc_id=source.doc_id, seq=1, page=1, kind=ParagraphKind.PARAGRAPH,
        text=text[start:].replace("\n", " "), char_start=start, char_end=len(text), policy_id=None,
    )
    [mention] = find_dates(source, [paragraph], meeting_date=SEED_MEETING)
    assert text[mention.char_start : mention.char_end] == "3 juin 2003\nà 14h15"
    assert (mention.value, mention.granularity, mention.relative) == ("2003-06-03T14:15", Granularity.MINUTE, False)
    assert mention.date_id == f"{'cd' * 8}-d0000"
    assert mention.provenance.stage == STAGE


# --- properties: the meeting date alone decides relative values -------------------

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
meetings = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2090, 12, 31))


def test_no_clock_is_read() -> None:
    source = inspect.getsource(dates_module)
    assert not re.search(r"\b(?:today|now|utcnow|time\.time)\s*\(", source)


@given(meeting=meetings, weekday=st.integers(min_value=0, max_value=6))
def test_next_weekday_is_within_a_week_after_the_meeting(meeting: datetime.date, weekday: int) -> None:
    found = _one(f"Rendez-vous {WEEKDAYS[weekday]} prochain.", meeting)
    day = datetime.date.fromisoformat(found.value)
    assert 1 <= (day - meeting).days <= 7 and day.weekday() == weekday and found.relative


@given(meeting=meetings, weekday=st.integers(min_value=0, max_value=6))
def test_last_weekday_is_within_a_week_before_the_meeting(meeting: datetime.date, weekday: int) -> None:
    found = _one(f"réuni {WEEKDAYS[weekday]} dernier", meeting)
    day = datetime.date.fromisoformat(found.value)
    assert 1 <= (meeting - day).days <= 7 and day.weekday() == weekday


@given(meeting=meetings, month=st.integers(min_value=1, max_value=12), day=st.integers(min_value=1, max_value=28))
def test_deadline_lies_ahead_of_the_meeting(meeting: datetime.date, month: int, day: int) -> None:
    found = _one(f"avant le {day} {MONTHS[month - 1]}", meeting)
    when = datetime.date.fromisoformat(found.value)
    assert 0 <= (when - meeting).days < 366 and (when.month, when.day) == (month, day)


@given(meeting=meetings, month=st.integers(min_value=1, max_value=12), day=st.integers(min_value=1, max_value=28))
def test_day_without_year_is_nearest_the_meeting(meeting: datetime.date, month: int, day: int) -> None:
    found = _one(f"réunie le {day} {MONTHS[month - 1]}, la commission", meeting)
    when = datetime.date.fromisoformat(found.value)
    assert abs((when - meeting).days) <= 183
    assert parse_dates(f"réunie le {day} {MONTHS[month - 1]}, la commission", reference=meeting) == [found]


@given(meeting=meetings, shift=st.sampled_from([("l'an prochain", 1), ("l'an dernier", -1), ("cette année", 0)]))
def test_relative_years_follow_the_meeting(meeting: datetime.date, shift: tuple[str, int]) -> None:
    text, years = shift
    assert _one(f"on verra {text}.", meeting).value == str(meeting.year + years)


# --- issue 13: ranges, relative days, times apart, meeting date ----------------------
# Invented snippets; the class of documents each serves is named beside it.

MEETING_2021 = datetime.date(2021, 3, 18)  # jeudi 18 mars 2021


@pytest.mark.parametrize(
    ("text", "span", "value", "value_end"),
    [
        # conventions and funding periods in deliberations
        ("convention conclue du 1er/01/2022 au 31/12/2023 avec", "du 1er/01/2022 au 31/12/2023", "2022-01-01", "2023-12-31"),
        ("le salon se tiendra les 16 et 17 octobre 2021.", "16 et 17 octobre 2021", "2021-10-16", "2021-10-17"),
        ("les dépenses des années 2012 à 2020 ont", "années 2012 à 2020", "2012", "2020"),
        ("les travaux réalisés entre 2014 et 2019 sur", "entre 2014 et 2019", "2014", "2019"),
        # verbatim minutes: spoken relative days and spans back
        ("nous nous retrouverons demain matin à la salle", "demain matin", "2021-03-19", None),
        ("Comme je le disais ce soir en ouvrant la séance", "ce soir", "2021-03-18", None),
        ("la réunion d'il y a deux jours", "il y a deux jours", "2021-03-16", None),
        ("j'ai été élu il y a maintenant 7 ans", "il y a maintenant 7 ans", "2014", None),
        # association minutes: a weekday and a day of the month unsaid
        ("Une permanence aura lieu le lundi 22 et le local", "lundi 22", "2021-03-22", None),
        # deliberation extracts: the closing formula is the meeting day
        ("Fait et délibéré les jour, mois et an que dessus.", "les jour, mois et an que dessus", "2021-03-18", None),
        # an event told in the future lies ahead even when the same days last year are nearer
        ("Le congrès se tiendra du 25 au 28 septembre à Lyon", "du 25 au 28 septembre", "2021-09-25", "2021-09-28"),
        # "1er janvier" with its year stays in that year
        ("à compter du 1er janvier 2022, le tarif", "1er janvier 2022", "2022-01-01", None),
    ],
)
def test_issue_13_dates(text: str, span: str, value: str, value_end: str | None) -> None:
    found = _one(text, MEETING_2021)
    assert (found.text, found.value, found.value_end) == (span, value, value_end)


def test_a_time_takes_the_day_its_sentence_names() -> None:
    text = "La prochaine séance aura lieu le 15 avril, en mairie, à 18 heures. Merci à tous."
    assert [(d.text, d.value) for d in parse_dates(text, reference=MEETING_2021)] == [
        ("15 avril", "2021-04-15"), ("18 heures", "2021-04-15T18:00"),
    ]


def test_a_time_in_another_sentence_is_on_the_meeting_day() -> None:
    text = "Le dossier est attendu le 15 avril. La séance est levée à 21h30."
    assert parse_dates(text, reference=MEETING_2021)[-1].value == "2021-03-18T21:30"


@pytest.mark.parametrize(
    "text",
    [
        "les associations de demain et d'hier",  # figurative
        "de 2009, 2010, 2011, 2012 et 2013 comme",  # a list is no range (each year stays a year)
    ],
)
def test_not_ranges_or_relative_days(text: str) -> None:
    assert all(d.value_end is None and len(d.value) == 4 for d in parse_dates(text, reference=MEETING_2021))


def test_year_in_a_budget_label_is_the_year() -> None:
    # "CP 2022" (crédits de paiement): the year the label names is a date at year precision.
    assert [d.value for d in parse_dates("CP 2022 : 150 000 €", reference=MEETING_2021)] == ["2022"]


def test_words_year_yields_to_the_date_in_figures() -> None:
    found = parse_dates("L'an deux mil vingt et un, le 18 mars 2021, le Conseil", reference=None)
    assert [(d.text, d.value) for d in found] == [("18 mars 2021", "2021-03-18")]


@pytest.mark.parametrize(
    ("header", "day"),
    [
        # OCR'd deliberation extracts: the préfecture's stamp is read before the meeting date
        ("Accusé de réception en préfecture 001-210100000-20210325-12-DE Date de télétransmission : 25/03/2021 "
         "Date de réception préfecture : 25/03/2021 EXTRAIT DU REGISTRE Séance du 18 mars 2021", datetime.date(2021, 3, 18)),
        ("REÇU LE\n26 MARS 2021\nSOUS-PRÉFECTURE\nCONSEIL MUNICIPAL DU 18 MARS 2021", datetime.date(2021, 3, 18)),
        ("Date de convocation : 12 mars 2021\nL'an deux mil vingt et un, le 18 mars 2021", datetime.date(2021, 3, 18)),
        ("Convocation envoyée le 12/03/2021. Le conseil s'est réuni le 18/03/2021", datetime.date(2021, 3, 18)),
        # a header holding only a stamp names no meeting date
        ("Reçu le 26/03/2021", None),
        # markdown front matter date written by software
        ("`2021-03-18T18:30:00GMT+1`", datetime.date(2021, 3, 18)),
    ],
)
def test_meeting_date_is_not_a_stamp_or_a_convocation(header: str, day: datetime.date | None) -> None:
    assert meeting_date_from_header(header) == day


def test_iso_date_time() -> None:
    assert _one("date: 2021-03-18T18:30:00Z", None).value == "2021-03-18T18:30"


@pytest.mark.parametrize(
    ("header", "day"),
    [
        # association minutes: the founding law and the previous meeting are cited before any meeting date
        ("Association régie par la loi du 1er juillet 1901. Assemblée générale du 20 mars 2021", datetime.date(2021, 3, 20)),
        ("Au bureau qui a suivi la dernière AG, le 6 mars 2020, il a été décidé", None),
    ],
)
def test_meeting_date_is_not_a_cited_law_or_the_previous_meeting(header: str, day: datetime.date | None) -> None:
    assert meeting_date_from_header(header) == day
