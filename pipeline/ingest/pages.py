"""PDF pages: tables, running headers and footers across pages, page frames,
paragraphs continued over a page break, words hyphenated across lines."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipeline.ingest.layout import (
    Frame,
    Line,
    lines_to_blocks,
    make_frame,
    region_blocks,
)
from pipeline.ingest.text import ends_sentence, is_list_item
from pipeline.ingest.types import Block, Run
from pipeline.io import read_model_file
from pipeline.records import HintKind, PageMethod

# --- pages -----------------------------------------------------------------------------


@dataclass(slots=True)
class Table:
    top: float
    x0: float
    x1: float
    rows: list[list[tuple[tuple[float, float], list[Line]]]]  # row -> cells: ((x0, x1), lines)


@dataclass(slots=True)
class PageLayout:
    number: int
    method: PageMethod  # pdf or ocr
    width: float
    height: float
    lines: list[Line]
    tables: list[Table] = field(default_factory=list)


@functools.cache
def _page_number() -> re.Pattern[str]:
    patterns = read_model_file("lexicons/layout.yaml")["page_number"]
    return re.compile("(?:" + "|".join(patterns) + ")", re.IGNORECASE)


def _running_key(text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"\d+", "#", text.casefold()))


def remove_running_lines(pages: list[PageLayout]) -> None:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""
    from rapidfuzz import fuzz

    candidates: list[list[tuple[int, str]]] = []
    for page in pages:
        edge = page.lines[:3] + page.lines[-3:]
        candidates.append([
            (id(ln), _running_key(ln.text)) for ln in edge
            if ln.bottom < 0.1 * page.height or ln.top > 0.9 * page.height
        ])
    need = max(2, -(-2 * len(pages) // 5))
    for index, page in enumerate(pages):
        dropped: set[int] = set()
        for ident, key in candidates[index]:
            line = next(ln for ln in page.lines if id(ln) == ident)
            if _page_number().fullmatch(line.text.strip()):
                dropped.add(ident)
                continue
            if len(pages) < 2 or len(key) < 4:
                continue
            repeats = 1 + sum(
                1 for other, keys in enumerate(candidates)
                if other != index and any(fuzz.ratio(key, k) >= 85 for _, k in keys)
            )
            if repeats >= need:
                dropped.add(ident)
        page.lines = [ln for ln in page.lines if id(ln) not in dropped]


def page_frame(pages: list[PageLayout], page: PageLayout, *, body_size: float,
               hyphenated: frozenset[str]) -> Frame:
    """Margins from the page itself when it has enough text, else from all pages read alike."""
    tolerance = 0.12 * body_size if page.method == PageMethod.OCR else 0.9
    options = {"body_size": body_size, "page_height": page.height, "hyphenated": hyphenated,
               "size_tolerance": tolerance, "margin_jitter": body_size if page.method == PageMethod.OCR else 0.0}
    body = [ln for ln in page.lines if abs(ln.size - body_size) <= tolerance]
    if len(body) >= 8:
        return make_frame(page.lines, **options)  # type: ignore[arg-type]
    alike = [ln for p in pages if p.method == page.method for ln in p.lines]
    return make_frame(alike or page.lines, **options)  # type: ignore[arg-type]


def page_blocks(page: PageLayout, frame: Frame) -> list[Block]:
    """One page's flow and tables, in reading order, as blocks."""
    body_size, tolerance = frame.body_size, frame.size_tolerance
    items: list[tuple[float, Line | Table]] = [(ln.top, ln) for ln in page.lines]
    items += [(t.top, t) for t in page.tables]
    items.sort(key=lambda item: item[0])
    blocks: list[Block] = []
    region: list[Line] = []
    for _, item in items:
        if isinstance(item, Line):
            region.append(item)
            continue
        blocks.extend(region_blocks(region, frame) if region else [])
        region = []
        blocks.extend(table_blocks(item, frame))
    if region:
        blocks.extend(region_blocks(region, frame))
    for block in blocks:
        if block.kind is None and (block.size or body_size) >= body_size + max(0.15 * body_size, tolerance):
            block.kind = HintKind.HEADING
    return blocks


def table_blocks(table: Table, frame: Frame) -> list[Block]:
    """Data tables as one row per block ("a | b | c"); layout tables cell by cell."""
    cells = [cell for row in table.rows for cell in row if cell[1]]
    if not cells:
        return []
    columns = max(sum(1 for c in row if c[1]) for row in table.rows)
    def sub(bounds: tuple[float, float]) -> Frame:
        return Frame(bounds[0], bounds[1], frame.body_size, frame.page_height, False, frame.hyphenated,
                     frame.size_tolerance)
    if columns == 1:
        lines = [ln for _, lines in cells for ln in lines]
        return lines_to_blocks(lines, sub((table.x0, table.x1)))
    chars = sum(len(ln.text) for _, lines in cells for ln in lines) or 1
    long_cells = sum(len(ln.text) for _, lines in cells if len(lines) >= 4 for ln in lines)
    if long_cells > 0.5 * chars:
        return [b for bounds, lines in cells for b in lines_to_blocks(lines, sub(bounds))]
    rows: list[Block] = []
    for row in table.rows:
        runs: list[Run] = []
        for n, (bounds, lines) in enumerate(row):
            if n:
                runs.append(Run(" | "))
            for k, block in enumerate(lines_to_blocks(lines, sub(bounds)) if lines else []):
                if k:
                    runs.append(Run(" "))
                runs.extend(Run(r.text.replace("\n", " "), r.styles) for r in block.runs)
        if any(r.text.strip(" |") for r in runs):
            rows.append(Block(runs, HintKind.TABLE_ROW))
    return rows


def join_continued(pages: list[list[Block]]) -> None:
    """Rejoin a paragraph cut by a page break (no final punctuation, lowercase next)."""
    for prev_blocks, next_blocks in zip(pages, pages[1:]):
        body = [b for b in prev_blocks if b.kind is None]
        if not body or not next_blocks or next_blocks[0].kind is not None:
            continue
        last, first = body[-1], next_blocks[0]
        head = first.text.lstrip()
        if is_list_item(head) and is_list_item(last.text.split("\n")[-1]):
            last.runs.append(Run("\n"))  # a list running on over the page break
            last.runs.extend(first.runs)
            next_blocks.pop(0)
            continue
        if ends_sentence(last.text) or not head[:1].islower():
            continue
        text = last.text.rstrip()
        if text.endswith(("-", "‐")) and text[-2:-1].isalpha():
            tail = last.runs[-1]
            last.runs[-1] = Run(tail.text.rstrip()[:-1], tail.styles)
        else:
            last.runs.append(Run(" "))
        last.runs.extend(first.runs)
        next_blocks.pop(0)


def hyphenated_words(pages: list[PageLayout]) -> frozenset[str]:
    """Words the document writes whole inside lines: hyphenated compounds it really uses
    ("vice-président"), and words in capitals ("rousset"), so that a name in capitals cut
    at a line end ("ROUS-" / "SET") is rejoined when the document writes it whole elsewhere."""
    found: set[str] = set()
    for page in pages:
        for line in page.lines:
            found.update(m.group(0).lower() for m in re.finditer(r"\w+-\w+", line.text))
            found.update(m.group(0).lower() for m in re.finditer(r"(?<![\w-])[A-ZÀ-Ý]{4,}(?![\w-])", line.text))
    return frozenset(found)


def body_font_size(pages: list[PageLayout]) -> float:
    weights: dict[float, int] = {}
    for page in pages:
        for line in page.lines:
            weights[line.size] = weights.get(line.size, 0) + len(line.text)
    return max(weights, key=lambda s: weights[s]) if weights else 10.0
