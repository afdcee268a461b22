"""PDF pages into blocks: the geometry shared by PDF text layers and OCR.

Words (with font size and face) are grouped into lines by vertical overlap,
lines into blocks by vertical gaps, font changes, indentation, list markers
and whether a line stopped short of the right margin before a sentence end.
Side-by-side blocks are read column by column; lines of cells spaced apart
become table rows. Running headers and footers are found across pages.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipeline.ingest.text import ends_sentence, is_list_item, median, starts_sentence
from pipeline.ingest.types import Block, Run, Word
from pipeline.io import read_model_file
from pipeline.records import HintKind

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(slots=True)
class Line:
    words: list[Word]
    size: float = 0.0  # dominant font size, by characters
    superscripts: frozenset[int] = frozenset()  # indexes of raised small words

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w.x0)
        weights: dict[float, int] = {}
        for word in self.words:
            weights[round(word.size, 1)] = weights.get(round(word.size, 1), 0) + len(word.text)
        self.size = max(weights, key=lambda s: weights[s]) if weights else 10.0
        base = max(w.bottom for w in self.words if round(w.size, 1) == self.size) if weights else 0.0
        self.superscripts = frozenset(
            i for i, w in enumerate(self.words)
            if w.size <= 0.8 * self.size and w.bottom < base - 0.2 * self.size and i > 0
        )

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words if w.text.strip(".,;:-–()"))

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs())

    def runs(self) -> list[Run]:
        out: list[Run] = []
        for i, word in enumerate(self.words):
            text = word.text
            if i in self.superscripts and text.isdigit():
                text = text.translate(SUPERSCRIPT_DIGITS)
            if i > 0:
                gap = word.x0 - self.words[i - 1].x1
                if i not in self.superscripts and gap > 0.1 * self.size:
                    out.append(Run(" "))
            out.append(Run(text, word.styles))
        return out

    def segments(self) -> list[Line]:
        """The line cut where words stand far apart (columns, table cells)."""
        parts: list[list[Word]] = [[self.words[0]]]
        for prev, word in zip(self.words, self.words[1:]):
            if word.x0 - prev.x1 > max(2.0 * self.size, 14.0):
                parts.append([word])
            else:
                parts[-1].append(word)
        return [Line(p) for p in parts] if len(parts) > 1 else [self]


def group_lines(words: list[Word]) -> list[Line]:
    """Words into lines by vertical overlap, top to bottom."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        best, best_overlap = None, 0.0
        for row in rows[-6:]:
            top, bottom = min(w.top for w in row), max(w.bottom for w in row)
            overlap = min(bottom, word.bottom) - max(top, word.top)
            height = min(bottom - top, word.bottom - word.top) or 1.0
            if overlap / height >= 0.5 and overlap > best_overlap:
                best, best_overlap = row, overlap
        if best is None:
            rows.append([word])
        else:
            best.append(word)
    lines = [Line(row) for row in rows]
    return sorted(lines, key=lambda ln: ln.top)


# --- frame: the margins and measures lines are judged against ----------------------


@dataclass(frozen=True, slots=True)
class Frame:
    left: float
    right: float
    body_size: float
    page_height: float
    justified: bool
    hyphenated: frozenset[str] = frozenset()  # hyphenated words the document writes
    # Font sizes closer than this are one size: exact in a text layer, but OCR
    # sizes are line-box heights that vary with ascenders and descenders.
    size_tolerance: float = 0.9
    margin_jitter: float = 0.0

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)


def make_frame(lines: list[Line], *, body_size: float, page_height: float, size_tolerance: float = 0.9,
               margin_jitter: float = 0.0, hyphenated: frozenset[str] = frozenset(), bounds: tuple[float, float] | None = None) -> Frame:
    body = [ln for ln in lines if abs(ln.size - body_size) <= max(1.0, size_tolerance)] or lines
    if bounds is not None:
        left, right = bounds
    else:
        xs0 = sorted(round(ln.x0) for ln in body)
        xs1 = sorted(ln.x1 for ln in body)
        left = xs0[len(xs0) // 10] if xs0 else 0.0
        right = xs1[int(0.9 * (len(xs1) - 1))] if xs1 else 1.0
    wide = [ln for ln in body if ln.x1 - ln.x0 > 0.5 * (right - left)]
    flush = [ln for ln in wide if right - ln.x1 < 0.6 * ln.size]
    justified = len(wide) >= 3 and len(flush) >= 0.5 * len(wide)
    return Frame(left, right, body_size, page_height, justified, hyphenated, size_tolerance,
                 margin_jitter=margin_jitter)


# --- lines into blocks -------------------------------------------------------------------


@functools.cache
def _footnote_start() -> re.Pattern[str]:
    markers = read_model_file("lexicons/layout.yaml")["footnote_markers"]
    return re.compile(r"^\s*(?:" + "|".join(markers) + ")")


@functools.cache
def _compound_prefixes() -> frozenset[str]:
    return frozenset(read_model_file("lexicons/layout.yaml")["compound_prefixes"])


def is_footnote_start(line: Line, frame: Frame, *, after: Line | None = None) -> bool:
    """A small-type line opening with a note marker, set apart from the text above.

    Footnotes sit low on the page, but word processors also end a section's
    notes mid-page; a superscript marker or a drop from body type after a gap
    says the same.
    """
    small = line.size <= frame.body_size - max(0.12 * frame.body_size, frame.size_tolerance + 0.5)
    if not small or not _footnote_start().match(line.text):
        return False
    low = line.top > 0.55 * frame.page_height
    superscript = line.text.lstrip()[:1] in "¹²³⁴⁵⁶⁷⁸⁹"
    set_apart = after is not None and after.size > line.size + frame.size_tolerance and (
        line.top - after.bottom > 0.8 * after.size
    )
    return low or superscript or set_apart


def _pitch(lines: list[Line], frame: Frame) -> float:
    """The usual distance between baselines of consecutive lines of one paragraph."""
    steps = sorted(
        b.top - a.top for a, b in zip(lines, lines[1:])
        if abs(a.size - b.size) <= frame.size_tolerance and 0 < b.top - a.top < 3 * a.size
    )
    # The lower half: paragraph gaps are the larger steps and must not set the norm.
    return median(steps[: max(1, (len(steps) + 1) // 2)], lines[0].size * 1.2 if lines else 12.0)


def _voluntary_break(prev: Line, cur: Line, frame: Frame) -> bool:
    """The line stopped before the margin although the next word would have fitted."""
    slack = frame.right - prev.x1
    if slack < 0.5 * prev.size:
        return False
    body = abs(prev.size - frame.body_size) <= frame.size_tolerance and not prev.bold
    if frame.justified and body:
        # Justified lines run to the margin unless the paragraph ends; in a scan
        # the margin wanders with skew and OCR boxes, by up to about a character.
        return slack > 0.5 * prev.size + frame.margin_jitter
    if slack > 0.25 * frame.width:
        return slack > 1.2 * prev.size
    first = cur.words[0]
    return slack > (first.x1 - first.x0) + 0.3 * prev.size


@dataclass(slots=True)
class _Builder:
    frame: Frame
    blocks: list[Block] = field(default_factory=list)
    current: Block | None = None
    item_x0: float | None = None  # x0 of the list item the current line belongs to

    def start(self, line: Line, kind: str | None) -> None:
        self.current = Block(line.runs(), kind, line.size)
        self.blocks.append(self.current)

    def add(self, line: Line, joiner: str) -> None:
        assert self.current is not None
        runs = line.runs()
        if joiner == " " and self._hyphen_split(self.current.text, line.text):
            last = self.current.runs[-1]
            self.current.runs[-1] = Run(last.text[:-1], last.styles)
            joiner = ""
        elif joiner == " " and self.current.text.rstrip().endswith(("-", "‐")):
            joiner = ""
        self.current.runs.append(Run(joiner))
        self.current.runs.extend(runs)

    def _hyphen_split(self, before: str, after: str) -> bool:
        """A word cut by hyphenation at the line end, to be rejoined."""
        before = before.rstrip()
        if not before.endswith(("-", "‐")) or len(before) < 2 or not before[-2].isalpha():
            return False
        head = re.split(r"[\s\-‐'’]", before[:-1])[-1]
        tail_match = re.match(r"[^\s.,;:!?)»]+", after.lstrip())
        tail = tail_match.group(0) if tail_match else ""
        if tail and tail.isupper() and head.isupper():
            # "ROUS-" / "SET": a name in capitals, cut only if the document writes "ROUSSET".
            return f"{head}{tail}".lower() in self.frame.hyphenated
        if not tail or not tail[0].islower():
            return False
        if head.lower() in _compound_prefixes():
            return False
        return f"{head}-{tail}".lower() not in self.frame.hyphenated


def lines_to_blocks(lines: list[Line], frame: Frame) -> list[Block]:
    """Lines of one flow (a column, a cell) in reading order into blocks."""
    builder = _Builder(frame)
    pitch = _pitch(lines, frame)
    prev: Line | None = None
    in_footnote = False
    for line in lines:
        footnote = is_footnote_start(line, frame, after=prev)
        item = is_list_item(line.text)
        if prev is None:
            builder.start(line, HintKind.FOOTNOTE if footnote else None)
            in_footnote, builder.item_x0 = footnote, (line.x0 if item else None)
            prev = line
            continue
        decision = _decide(prev, line, frame, pitch=pitch, footnote=footnote, item=item,
                           in_footnote=in_footnote, item_x0=builder.item_x0)
        if decision == "split":
            builder.start(line, HintKind.FOOTNOTE if footnote else None)
            in_footnote = footnote
        else:
            builder.add(line, "\n" if decision == "break" else " ")
        if item:
            builder.item_x0 = line.x0
        elif decision == "split":
            builder.item_x0 = None
        prev = line
    return builder.blocks


def _decide(prev: Line, cur: Line, frame: Frame, *, pitch: float, footnote: bool, item: bool,
            in_footnote: bool, item_x0: float | None) -> str:
    """"split" (new block), "break" (kept line break) or "join" (same paragraph)."""
    if cur.top - prev.top > 1.45 * pitch:
        return "split"
    if footnote and not in_footnote:
        return "split"
    if in_footnote:
        return "split" if footnote or cur.size > prev.size + frame.size_tolerance else "join"
    if abs(cur.size - prev.size) > frame.size_tolerance:
        return "split"
    voluntary = _voluntary_break(prev, cur, frame)
    # A bold line against a plain one: a heading, unless the text runs on in lowercase
    # (a bold label "Nombre de Conseillers" wrapping into "en exercice : 18").
    if cur.bold != prev.bold and (starts_sentence(cur.text) or not voluntary and ends_sentence(prev.text)):
        return "split"
    if item:
        return "break" if item_x0 is not None or prev.text.rstrip().endswith(":") else "split"
    if item_x0 is not None:
        return "split" if voluntary and (starts_sentence(cur.text) or cur.x0 < item_x0 - 1) else "join"
    if voluntary:
        # A full-measure line stopping short before a capital ends a paragraph even
        # without a full stop; short lines (names, addresses, titles) are kept lines.
        full = prev.x1 - prev.x0 > 0.6 * frame.width
        if starts_sentence(cur.text) and (ends_sentence(prev.text) or full):
            return "split"
        return "break"
    indent = cur.x0 - prev.x0
    if indent > 0.8 * cur.size and abs(prev.x0 - frame.left) < 0.5 * cur.size and starts_sentence(cur.text):
        return "split"
    return "join"


# --- side-by-side blocks and borderless tables -------------------------------------------


def region_blocks(lines: list[Line], frame: Frame) -> list[Block]:
    """A flow of lines, with runs of spaced-apart lines read as columns or table rows."""
    blocks: list[Block] = []
    pending: list[Line] = []
    i = 0
    while i < len(lines):
        end = _spaced_run_end(lines, i)
        if end - i >= 2:
            blocks.extend(lines_to_blocks(pending, frame) if pending else [])
            pending = []
            blocks.extend(_spaced_blocks(lines[i:end], frame))
            i = end
        else:
            pending.append(lines[i])
            i += 1
    if pending:
        blocks.extend(lines_to_blocks(pending, frame))
    return blocks


def _spaced_run_end(lines: list[Line], start: int) -> int:
    """End of a run of lines cut into segments, starting at ``start`` (or start itself).

    Two lines of two segments are tab stops ("- Section de fonctionnement   29 673,00 €"),
    read as plain lines; longer runs or more segments are columns or a table.
    """
    if len(lines[start].segments()) < 2:
        return start
    end = _spaced_run_end_any(lines, start)
    if end - start < 3 and all(len(ln.segments()) < 3 for ln in lines[start:end]):
        return start
    return end


def _spaced_run_end_any(lines: list[Line], start: int) -> int:
    first = lines[start].segments()
    gutters = [(a.x1, b.x0) for a, b in zip(first, first[1:])]
    end = start + 1
    last_multi = start + 1
    while end < len(lines):
        line = lines[end]
        if len(line.segments()) >= 2:
            last_multi = end + 1
        elif any(line.x0 < g0 and line.x1 > g1 for g0, g1 in gutters) or end - last_multi >= 2:
            break
        end += 1
    return last_multi


def _spaced_blocks(lines: list[Line], frame: Frame) -> list[Block]:
    segments = [seg for line in lines for seg in line.segments()]
    widest = max(seg.x1 - seg.x0 for seg in segments)
    if widest > 0.35 * frame.width:
        return _column_blocks(segments, frame)
    rows: list[Block] = []
    for line in lines:
        runs: list[Run] = []
        for seg in line.segments():
            if runs:
                runs.append(Run(" | "))
            runs.extend(seg.runs())
        rows.append(Block(runs, HintKind.TABLE_ROW))
    return rows


def _column_blocks(segments: list[Line], frame: Frame) -> list[Block]:
    """Segments clustered into columns by horizontal overlap, read column by column."""
    columns: list[list[Line]] = []
    spans: list[list[float]] = []
    for seg in sorted(segments, key=lambda s: s.x0):
        for span, column in zip(spans, columns):
            if seg.x0 < span[1] and seg.x1 > span[0]:
                column.append(seg)
                span[0], span[1] = min(span[0], seg.x0), max(span[1], seg.x1)
                break
        else:
            columns.append([seg])
            spans.append([seg.x0, seg.x1])
    blocks: list[Block] = []
    ordered = sorted(zip(spans, columns), key=lambda sc: sc[0][0])
    for n, (span, column) in enumerate(ordered):
        column.sort(key=lambda s: s.top)
        # A column may fill the width up to the next one: its longest line is not full.
        right = ordered[n + 1][0][0] if n + 1 < len(ordered) else max(span[1], frame.right)
        sub = Frame(span[0], right, frame.body_size, frame.page_height, False, frame.hyphenated,
                    frame.size_tolerance)
        blocks.extend(lines_to_blocks(column, sub))
    return blocks
