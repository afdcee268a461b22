"""OCR of PDF pages without a text layer: render with pdfium, read with Tesseract.

The words come back with their boxes (in PDF points) so that the same line
and paragraph geometry as for text PDFs applies to them.
"""

from __future__ import annotations

import csv
import functools
import io
import re

from pipeline.ingest.text import clean_chars
from pipeline.ingest.types import IngestError, Word

DPI = 300
MIN_CONFIDENCE = 20.0  # below this, a token without letters or digits is speckle


@functools.cache
def _installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except pytesseract.TesseractNotFoundError as exc:
        raise IngestError(
            "this PDF has scanned pages but Tesseract is not installed: "
            "install the packages tesseract-ocr and tesseract-ocr-fra (apt-get install tesseract-ocr tesseract-ocr-fra), "
            "or run without OCR to skip such files"
        ) from exc


def check_tesseract(lang: str) -> None:
    missing = [code for code in lang.split("+") if code not in _installed_languages()]
    if missing:
        raise IngestError(
            f"Tesseract has no language data for {', '.join(missing)}: install tesseract-ocr-{missing[0]} "
            f"(installed: {', '.join(sorted(_installed_languages())) or 'none'})"
        )


def _tesseract_tsv(image: object, lang: str) -> str:
    """Tesseract's word table (TSV) for one page image."""
    import pytesseract

    try:
        return str(pytesseract.image_to_data(image, lang=lang, config="--psm 3"))
    except pytesseract.TesseractNotFoundError as exc:
        raise IngestError("Tesseract is not installed: install tesseract-ocr tesseract-ocr-fra") from exc
    except pytesseract.TesseractError as exc:
        raise IngestError(f"Tesseract failed on a scanned page: {exc.message.strip()[:200]}") from exc


def render_page(pdf: object, index: int) -> tuple[object, float, float]:
    """The page as an image at DPI, and the page size in points."""
    import pypdfium2 as pdfium

    try:
        page = pdf[index]  # type: ignore[index]
        width, height = page.get_size()
        image = page.render(scale=DPI / 72).to_pil()
    except pdfium.PdfiumError as exc:
        raise IngestError(f"cannot render page {index + 1} for OCR: {exc}") from exc
    return image, float(width), float(height)


def ocr_words(pdf: object, index: int, *, lang: str) -> tuple[list[Word], float, float]:
    """Words read by Tesseract on one page, with boxes in PDF points."""
    check_tesseract(lang)
    image, width, height = render_page(pdf, index)
    return parse_tsv(_tesseract_tsv(image, lang), scale=72 / DPI), width, height


# Share of the type size that a word box spans, by the letters it holds: capitals
# and ascenders reach about 0.72 em above the baseline, descenders 0.22 em below.
_ASCENDING = set("ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜbdfhklt0123456789éèêàùâîôûçëïü'’")
_DESCENDING = set("gjpqyQ,;()")


def _em(text: str, height: float) -> float | None:
    """The type size a word box implies, or None when its letters do not say."""
    ascends = any(ch in _ASCENDING for ch in text)
    descends = any(ch in _DESCENDING for ch in text)
    if ascends:
        return height / (0.94 if descends else 0.72)
    return None


# Tesseract's French model reads "€" after a magnitude as "E" ("2ME", "2ME€") and
# glues a range into one word ("de15à25ME€"). Only shapes no French word has are mended.
EURO_MISREAD = re.compile(r"(?<=\d)([MKk])E(?=€|[^\wÀ-ÿ]|$)€?")
GLUED_RANGE = re.compile(r"(?<=\d)à(?=\d)")
GLUED_PREPOSITION = re.compile(r"^(de|à|et)(?=\d)")


def fix_misreads(word: str) -> str:
    word = EURO_MISREAD.sub(lambda m: m.group(1) + "€", word)
    word = GLUED_RANGE.sub(" à ", word)
    return GLUED_PREPOSITION.sub(r"\1 ", word)


def parse_tsv(tsv: str, *, scale: float) -> list[Word]:
    """Tesseract word rows into words; each takes its line's estimated type size.

    Box heights change with the letters a word holds ("une" is shorter than
    "Maire"); estimating the size per word from its letters and taking the
    line's median gives a size steady enough to compare lines.
    """
    rows = [r for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
            if r.get("level") == "5"]
    kept: list[tuple[dict[str, str], str]] = []
    sizes: dict[tuple[str, str, str], list[float]] = {}
    for row in rows:
        text = fix_misreads(clean_chars((row.get("text") or "").strip()))
        if not text:
            continue
        confidence = float(row.get("conf") or -1)
        if confidence < MIN_CONFIDENCE and not any(ch.isalnum() for ch in text):
            continue
        kept.append((row, text))
        em = _em(text, float(row["height"]) * scale)
        if em is not None:
            sizes.setdefault(_line_key(row), []).append(em)
    kept = _mend_between_figures(kept)
    words: list[Word] = []
    for row, text in kept:
        left, top = float(row["left"]) * scale, float(row["top"]) * scale
        width, height = float(row["width"]) * scale, float(row["height"]) * scale
        line_sizes = sorted(sizes.get(_line_key(row), [height / 0.72]))
        size = round(line_sizes[len(line_sizes) // 2] * 2) / 2
        words.append(Word(text, left, left + width, top, top + height, size))
    return words


def _mend_between_figures(kept: list[tuple[dict[str, str], str]]) -> list[tuple[dict[str, str], str]]:
    """"6 où 7" is always "6 ou 7": the accent is an OCR misreading between two figures."""
    mended = list(kept)
    for i in range(1, len(kept) - 1):
        (row, text), (before_row, before), (after_row, after) = kept[i], kept[i - 1], kept[i + 1]
        same_line = _line_key(before_row) == _line_key(row) == _line_key(after_row)
        if text == "où" and same_line and before[-1:].isdigit() and after[:1].isdigit():
            mended[i] = (row, "ou")
    return mended


def _line_key(row: dict[str, str]) -> tuple[str, str, str]:
    return row["block_num"], row["par_num"], row["line_num"]
