"""Dates stage: every date, period and time of every paragraph, as
:class:`~pipeline.records.DateMention` records; the parsing is
:mod:`pipeline.french_dates`."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from pipeline import ids
from pipeline.french_dates import parse_dates
from pipeline.records import DateMention, Meeting, Paragraph, Provenance, SourceDocument

STAGE = "minutes.dates.v1"


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
                    provenance=Provenance.within(source, start, end, STAGE),
                )
            )
    return dates


def run_stage(*, source: SourceDocument, paragraphs: Sequence[Paragraph], meeting: Meeting) -> list[DateMention]:
    """The dates stage as the pipeline declares it: relative dates resolve against the meeting date."""
    meeting_date = datetime.date.fromisoformat(meeting.meeting_date) if meeting.meeting_date else None
    return find_dates(source, paragraphs, meeting_date=meeting_date)
