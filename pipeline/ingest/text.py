"""Text blocks for ingest: character clean-up, plain-text and markdown layouts,
and the assembly of blocks into ``SourceDocument.text`` with its hints.

Every source (text file, PDF text layer, OCR) is reduced to pages of
:class:`Block`; :func:`assemble` joins them with one blank line between
blocks, so that later stages cut paragraphs on ``"\\n\\n"``.
"""

from __future__ import annotations

import functools
import html
import re
import statistics
from dataclasses import dataclass

from pipeline.ingest.types import Block, PageBlocks, Run
from pipeline.io import read_model_file
from pipeline.records import Hint, HintKind, Page, PageMethod

# --- characters -----------------------------------------------------------------

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\t\uf020"), " ")
_DROPPED = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    layout = read_model_file("lexicons/layout.yaml")
    return {
        "cid": re.compile(r"\(cid:\d+\)"),
        "entity": re.compile(r"&(#\d{1,6}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
        "list": re.compile(r"^\s*(?:" + "|".join(layout["list_markers"]) + ")"),
        "spaces": re.compile(r"[ ]{2,}"),
        "decoration": re.compile(r"^\s*([-_~=*#.·•])\1{2,}\s*$|^\s*(?:[-_~=*]\s){2,}[-_~=*]\s*$"),
        "heading": re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$"),
        "emphasis": re.compile(
            r"\*\*(?=\S)(?P<b1>.+?)(?<=\S)\*\*"
            r"|__(?=\S)(?P<b2>.+?)(?<=\S)__"
            r"|(?<![\w*])\*(?=[^\s*])(?P<i1>[^*\n]+?)(?<=[^\s*])\*(?![\w*])",
            re.DOTALL,
        ),
        "link": re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*\)"),
    }


def clean_chars(text: str) -> str:
    """Unify spaces, drop invisible and glyph-artefact characters, decode entities."""
    pats = _patterns()
    text = pats["cid"].sub("", text)
    if "&" in text:
        text = pats["entity"].sub(lambda m: html.unescape(m.group(0)), text)
    text = text.translate(_SPACES).translate(_DROPPED)
    if any(ch in _LIGATURES for ch in text):
        text = "".join(_LIGATURES.get(ch, ch) for ch in text)
    # Private-use glyphs are symbol-font bullets and boxes; none carries text.
    return "".join(ch for ch in text if not ("\ue000" <= ch <= "\uf8ff"))


def is_list_item(line: str) -> bool:
    return bool(_patterns()["list"].match(line))


def is_decoration(line: str) -> bool:
    """A rule drawn with characters (``~~~~~``, ``-----``, ``* * *``)."""
    return bool(_patterns()["decoration"].match(line))


@functools.cache
def _sentence_end() -> str:
    return str(read_model_file("lexicons/layout.yaml")["sentence_end"])


def ends_sentence(line: str) -> bool:
    """The line ends a sentence (closing quotes and brackets looked through)."""
    stripped = line.rstrip().rstrip("»\"')]”’ ")
    return bool(stripped) and stripped[-1] in _sentence_end()


def starts_sentence(line: str) -> bool:
    stripped = line.lstrip().lstrip("«\"'(“‘[ ")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def fold_spaces(text: str) -> str:
    return _patterns()["spaces"].sub(" ", text)


# --- assembly --------------------------------------------------------------------

_STYLE_HINTS = ("bold", "italic")


def assemble(pages: list[PageBlocks]) -> tuple[str, tuple[Page, ...], tuple[Hint, ...]]:
    """Join pages of blocks into the document text, page spans and hints."""
    parts: list[str] = []
    hints: list[Hint] = []
    spans: list[Page] = []
    offset = 0
    for page in pages:
        page_start: int | None = None
        for block in (piece for b in page.blocks for piece in _capped(b)):
            runs = _trimmed(block.runs)
            if not runs:
                continue
            if parts:
                parts.append("\n\n")
                offset += 2
            if page_start is None:
                page_start = offset
            block_start = offset
            for run in runs:
                for style in _STYLE_HINTS:
                    if style in run.styles and run.text.strip():
                        hints.append(Hint(HintKind(style), offset, offset + len(run.text)))
                parts.append(run.text)
                offset += len(run.text)
            if block.kind:
                hints.append(Hint(HintKind(block.kind), block_start, offset))
        page_start = offset if page_start is None else page_start
        spans.append(Page(page.number, page_start, offset, PageMethod(page.method)))
    text = "".join(parts)
    return text, _contiguous(spans, len(text)), tuple(_merge_hints(hints, text))


# A block longer than this is no paragraph but a file without breaks (a text that
# is one 2 MB line, a PDF whose lines all run together): it is cut after sentence
# ends (else after spaces) into blocks of this size at most, so that every later
# stage works on paragraph-sized text.
MAX_BLOCK_CHARS = 5000
_SENTENCE_END = re.compile(r"[.!?;:»)](?=\s)")


def _capped(block: Block) -> list[Block]:
    """The block, or its pieces when it is longer than MAX_BLOCK_CHARS."""
    if sum(len(r.text) for r in block.runs) <= MAX_BLOCK_CHARS:
        return [block]
    pieces: list[Block] = [Block([], block.kind, block.size)]
    length = 0
    for run in block.runs:
        text = run.text
        while text:
            room = MAX_BLOCK_CHARS - length
            if len(text) <= room:
                pieces[-1].runs.append(Run(text, run.styles))
                length += len(text)
                break
            window = text[:room]
            ends = [m.end() for m in _SENTENCE_END.finditer(window)]
            cut = ends[-1] if ends and ends[-1] > room // 2 else (window.rfind(" ") + 1 or room)
            if cut <= 0 or (cut < room // 4 and length > 0):
                pieces.append(Block([], block.kind, block.size))
                length = 0
                continue
            pieces[-1].runs.append(Run(text[:cut], run.styles))
            pieces.append(Block([], block.kind, block.size))
            length = 0
            text = text[cut:]
    return [piece for piece in pieces if piece.runs]


def _trimmed(runs: list[Run]) -> list[Run]:
    """Runs with spaces folded and the block's outer whitespace removed."""
    out = [Run(fold_spaces(r.text), r.styles) for r in runs if r.text]
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if not out:
        return []
    out[0] = Run(out[0].text.lstrip(), out[0].styles)
    out[-1] = Run(out[-1].text.rstrip(), out[-1].styles)
    # Spaces around kept line breaks would survive as double spaces in paragraphs.
    return [Run(re.sub(r" *\n *", "\n", r.text), r.styles) for r in out]


def _contiguous(spans: list[Page], length: int) -> tuple[Page, ...]:
    """Page spans that tile the text: each page runs up to where the next begins."""
    pages: list[Page] = []
    for i, page in enumerate(spans):
        start = pages[-1].char_end if pages else 0
        end = spans[i + 1].char_start if i + 1 < len(spans) else length
        end = max(end, start)
        pages.append(Page(page.number, start, end, PageMethod(page.method)))
    return tuple(pages)


def _merge_hints(hints: list[Hint], text: str) -> list[Hint]:
    """Merge same-kind hints separated only by spaces, trim their whitespace."""
    merged: list[Hint] = []
    for hint in sorted(hints, key=lambda h: (h.kind, h.char_start)):
        start, end = hint.char_start, hint.char_end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        last = merged[-1] if merged else None
        if last and last.kind == hint.kind and not text[last.char_end:start].strip() and "\n\n" not in text[last.char_end:start]:
            merged[-1] = Hint(hint.kind, last.char_start, max(end, last.char_end))
        else:
            merged.append(Hint(hint.kind, start, end))
    return sorted(merged, key=lambda h: (h.char_start, h.kind))


# --- text files ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextLayout:
    wrapped: bool  # lines are hard-wrapped inside paragraphs
    width: int  # the wrap width, when wrapped


def parse_text(text: str, *, markdown: bool) -> tuple[list[PageBlocks], tuple[tuple[str, str], ...]]:
    """Pages of blocks (form feeds split pages) and front-matter metadata."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, metadata = split_front_matter(text)
    markdown = markdown or bool(metadata) or _looks_like_markdown(text)
    text = clean_chars(text)
    layout = detect_layout(text, markdown=markdown)
    pages = [
        PageBlocks(number, PageMethod.TEXT, tuple(_text_blocks(page_text, layout=layout, markdown=markdown)))
        for number, page_text in enumerate(text.split("\f"), start=1)
    ]
    return pages, metadata


# YAML front matter may close with "..." (YAML's end-of-document marker, as
# pandoc writes it); the first closing line wins, so a setext "---" further
# down is never taken for the close.
_FRONT_MATTER = re.compile(
    r"\A\s*(?:\+\+\+[ \t]*\n(?P<toml>.*?)\n\+\+\+|---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.))[ \t]*(?:\n|\Z)", re.DOTALL
)
_FRONT_ITEM = re.compile(r"^([A-Za-z_][\w-]*)\s*[:=]\s*(.+?)\s*$")


def split_front_matter(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Remove TOML (+++) or YAML (--- closed by --- or ...) front matter; keep its top-level scalars.

    Only ``key = value`` / ``key: value`` lines before any TOML table are read:
    the title and date are what later stages want, and a line reader cannot
    fail on the nested structures these blocks often hold.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, ()
    items: list[tuple[str, str]] = []
    body = match.group("toml") if match.group("toml") is not None else match.group("yaml")
    for line in body.splitlines():
        if line.startswith("["):
            break
        item = _FRONT_ITEM.match(line)
        if item and not line[0].isspace():
            value = _unquoted(item.group(2).strip())
            if value and value not in "[{":
                items.append((item.group(1), value))
    # Keep the line count so that nothing else shifts; the block is blank.
    return "\n" * match.group(0).count("\n") + text[match.end():], tuple(items)


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _looks_like_markdown(text: str) -> bool:
    heading = _patterns()["heading"]
    return sum(1 for line in text.splitlines() if heading.match(line)) >= 2


def detect_layout(text: str, *, markdown: bool) -> TextLayout:
    """Hard-wrapped when most lines stop near one width without ending a sentence."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    prose = [ln for ln in lines if ln.strip() and not is_list_item(ln) and not is_decoration(ln)]
    if len(prose) < 4:
        return TextLayout(wrapped=markdown, width=80)
    lengths = sorted(len(ln) for ln in prose)
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if markdown:
        return TextLayout(wrapped=True, width=width)
    near = [ln for ln in prose if len(ln) >= 0.75 * width]
    open_ended = [ln for ln in near if not ends_sentence(ln)]
    wrapped = width <= 132 and len(near) >= 0.4 * len(prose) and len(open_ended) >= 0.5 * len(near)
    return TextLayout(wrapped=wrapped, width=width)


def _text_blocks(text: str, *, layout: TextLayout, markdown: bool) -> list[Block]:
    blocks: list[Block] = []
    for raw in re.split(r"\n[ \t]*\n", text):
        lines = [ln.rstrip() for ln in raw.split("\n") if ln.strip()]
        for group, kind in _group_lines(lines, layout=layout, markdown=markdown):
            blocks.append(Block(_inline_runs(group), kind))
    return blocks


def _group_lines(lines: list[str], *, layout: TextLayout, markdown: bool) -> list[tuple[str, str | None]]:
    """Cut one blank-line block into paragraph strings (joiners already applied)."""
    heading = _patterns()["heading"]
    groups: list[tuple[str, str | None]] = []
    current = ""
    prev = ""
    for line in lines:
        if is_decoration(line):
            # A setext heading: one line underlined with "===" (level 1) or "---" (level 2).
            setext = markdown and current == prev.strip() and bool(current) and line.strip()[:1] in "=-"
            if current:
                groups.append((current, HintKind.HEADING if setext else None))
            current, prev = "", ""
            continue
        found = heading.match(line) if markdown else None
        if found:
            if current:
                groups.append((current, None))
            groups.append((found.group(2), HintKind.HEADING))
            current, prev = "", ""
            continue
        if not current:
            current, prev = line.strip(), line
            continue
        joiner = _text_joiner(prev, line, layout=layout, markdown=markdown)
        if joiner is None:
            groups.append((current, None))
            current = line.strip()
        else:
            current = current + joiner + line.strip() if joiner != "-" else current + line.strip()
        prev = line
    if current:
        groups.append((current, None))
    return groups


def _text_joiner(prev: str, line: str, *, layout: TextLayout, markdown: bool) -> str | None:
    """" " to continue the paragraph, "\\n" for a kept line break, None to start a block."""
    item, prev_item = is_list_item(line), is_list_item(prev)
    indented = line[:1].isspace()
    if item:
        return "\n" if prev_item or prev.rstrip().endswith(":") else None
    if prev_item and (indented or (layout.wrapped and not ends_sentence(prev))):
        return " "  # an item continuing on the next line
    if markdown and prev.endswith("  "):
        return "\n"
    short = len(prev.rstrip()) < 0.6 * layout.width
    if layout.wrapped:
        if prev_item:
            return None
        if short and ends_sentence(prev) and starts_sentence(line):
            return None
        if short and not markdown:
            return "\n"
        return "-" if prev.rstrip().endswith("-") and prev.rstrip()[-2:-1].isalpha() else " "
    # One paragraph a line: only runs of short label lines stay together.
    if len(prev.strip()) < 60 and len(line.strip()) < 60 and not ends_sentence(prev):
        return "\n"
    return None


def _inline_runs(text: str) -> list[Run]:
    """Markdown emphasis and links turned into styled runs without their markers."""
    text = _patterns()["link"].sub(lambda m: m.group(1), text)
    runs: list[Run] = []
    pos = 0
    for match in _patterns()["emphasis"].finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos:match.start()]))
        inner = match.group("b1") or match.group("b2")
        style = "bold"
        if inner is None:
            inner, style = match.group("i1"), "italic"
        # Nested emphasis (***x***) keeps the outer style; inner markers go.
        runs.append(Run(inner.replace("**", "").replace("__", ""), frozenset({style})))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return runs


def median(values: list[float], default: float) -> float:
    return statistics.median(values) if values else default

