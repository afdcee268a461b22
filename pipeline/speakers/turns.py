"""Turns within a paragraph: where each speaker cue opens one."""

from __future__ import annotations

from pipeline import ids
from pipeline.speakers.cues import (
    SENTENCE_END,
    NameTest,
    _Cue,
    find_cue,
)

# --- turns ------------------------------------------------------------------------


def turns(text: str, names: NameTest | None = None) -> list[tuple[int, int, _Cue | None]]:
    """Split a paragraph where another person takes the floor mid-paragraph.

    "M. X fait remarquer que ... Monsieur le Maire explique que ..." holds
    two turns; a later sentence that opens with a named speaker starts a new
    one, and so does one that opens with two people or with an unknown
    subject of a speech verb (a turn without a speaker: the earlier speaker's
    words end there). Returns (start, end, cue) spans of the paragraph text.
    """
    spans: list[tuple[int, int, _Cue | None]] = []
    start = 0
    cue = find_cue(text, names)
    for boundary in SENTENCE_END.finditer(text):
        sentence_start = boundary.end()
        if sentence_start >= len(text):
            break
        later = find_cue(text[sentence_start:], names)
        if (
            later is not None
            and later.kind in ("reported", "attribution", "direct", "joint", "other")
            and later.start <= 60
            and (cue is None or ids.fold(later.who) != ids.fold(cue.who))
        ):
            spans.append((start, sentence_start, cue))
            start, cue = sentence_start, later
    spans.append((start, len(text), cue))
    return spans
