"""The meeting date in a document's header: the first full date that no
préfecture stamp, transmission, posting or convocation cue claims (the cues
are in ``models/lexicons/calendar.yaml``)."""

from __future__ import annotations

import datetime
import re

from pipeline.date_lexicon import fold_keep_length, lexicon
from pipeline.french_dates import parse_dates
from pipeline.records import Granularity

# How far before a header date its cue ("Reçu le", "Séance du") is sought.
CUE_WINDOW = 60


def _header_cue(text: str, start: int, floor: int) -> str | None:
    """"meeting", "other" or None: the cue nearest before a header date.

    Deliberation extracts carry the préfecture's stamp of receipt, the date of
    tele-transmission and the convocation date beside the meeting date, and
    OCR often reads the stamp first; the words just before a date say which
    it is. The nearest cue wins ("Convocation. Le conseil s'est réuni le ...").
    """
    window = fold_keep_length(" ".join(text[max(floor, start - CUE_WINDOW) : start].split()).casefold())
    window = window.replace("’", "'")
    lex = lexicon()
    best: tuple[int, str] | None = None
    for kind, cues in (("other", lex.not_meeting_cues), ("meeting", lex.meeting_cues)):
        for cue in cues:
            at = window.rfind(cue)
            if at >= 0 and (best is None or at + len(cue) > best[0]):
                best = (at + len(cue), kind)
    return best[1] if best else None


def meeting_date_from_header(text: str) -> datetime.date | None:
    """The meeting's date in a header: the first full date (day, month and
    year, in figures or words) that no stamp, transmission or convocation cue
    claims.

    >>> meeting_date_from_header("L'an deux mil neuf, le treize octobre, à vingt heures trente")
    datetime.date(2009, 10, 13)
    >>> meeting_date_from_header("Reçu le 20/10/2018 Séance du 13 octobre 2018")
    datetime.date(2018, 10, 13)
    """
    flat = " ".join(text.split())
    floor = 0
    for parsed in parse_dates(flat, reference=None):
        cue = _header_cue(flat, parsed.start, floor)
        floor = parsed.end
        if parsed.granularity not in (Granularity.DAY, Granularity.MINUTE) or parsed.value_end is not None:
            continue
        if cue != "other":
            return datetime.date.fromisoformat(parsed.value[:10])
    return None


ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def iso_date(value: str) -> datetime.date | None:
    """An ISO date in a front-matter value ("`2016-11-09T12:00:00GMT+1`", quoted or not)."""
    match = ISO_DATE.search(value)
    try:
        return datetime.date(*(int(g) for g in match.groups())) if match else None
    except ValueError:  # "2016-13-45": no date, the text's header is searched instead
        return None
