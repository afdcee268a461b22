"""The attendance stage: lists, proxies, officers and header counts of one document."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.attendance.items import (
    PREAMBLE_PARAGRAPHS,
    AttendanceResult,
    _one_per_line,
    _Pending,
)
from pipeline.attendance.preamble import (
    _add_member_body,
    _add_officers,
    _add_proxies,
    _emit,
    _header_counts,
    check_counts,
)
from pipeline.attendance.blocks import _segments
from pipeline.attendance.segments import _parse_segment, _restore_line_breaks
from pipeline.attendance.tables import table_attendance
from pipeline.records import (
    Meeting,
    Paragraph,
    ParagraphKind,
    SourceDocument,
)

# --- the stage -------------------------------------------------------------


def find_attendance(source: SourceDocument, paragraphs: Sequence[Paragraph], *, body: str | None = None) -> AttendanceResult:
    """Attendance rows, with their person (and organisation) mentions and the header counts.

    ``body`` is the meeting's body as the header names it ("Commune de X");
    members listed with a role held within that body belong to it.
    """
    result = AttendanceResult()
    pending: list[_Pending] = []
    for segment in _segments(source, paragraphs):
        text = segment.text
        if re.fullmatch(r"\s*\d{1,3}\s*", text):
            continue  # "Présents : 15" is a count, not a list
        text = _restore_line_breaks(text)
        found = _parse_segment(segment.status, text, segment.offset, by_line=_one_per_line(text), group=segment.group)
        if segment.split_without_separator:
            for entry in found:
                entry.notes.append("persons told apart by capitals or known given names (no separator in the list)")
        pending += found
    pending += table_attendance(source, paragraphs)
    preamble = [p for p in paragraphs[:PREAMBLE_PARAGRAPHS] if p.kind != ParagraphKind.TABLE_ROW]
    pending = _add_proxies(source, preamble, pending)
    pending = _add_officers(source, preamble, pending)
    _add_member_body(source, pending, body)
    _emit(source, pending, result)
    result.header_counts = _header_counts(source, preamble)
    check_counts(result)
    return result


def run_stage(*, source: SourceDocument, paragraphs: Sequence[Paragraph], meeting: Meeting) -> AttendanceResult:
    """The attendance stage as the pipeline declares it (see :mod:`pipeline.run`)."""
    return find_attendance(source, paragraphs, body=meeting.body)
