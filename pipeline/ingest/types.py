"""Types shared by the ingest modules: words with their boxes, styled runs,
blocks and pages of blocks, and the error a source that cannot be read raises."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.records import HintKind, PageMethod


class IngestError(Exception):
    """A source file cannot be turned into text; the message says why and what to do."""


# --- blocks -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of block text with the inline styles it was set in."""

    text: str
    styles: frozenset[str] = frozenset()


@dataclass(slots=True)
class Block:
    """One paragraph-like unit: runs whose joiners (" " or "\\n") are runs too."""

    runs: list[Run] = field(default_factory=list)
    kind: HintKind | None = None  # heading, footnote, table row, or None for body text
    size: float | None = None  # font size of its first line, where the source has one

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class PageBlocks:
    number: int
    method: PageMethod
    blocks: tuple[Block, ...]


# --- words on a page -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False

    @property
    def styles(self) -> frozenset[str]:
        return frozenset(s for s, on in (("bold", self.bold), ("italic", self.italic)) if on)
