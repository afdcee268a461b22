"""Ingest: the bytes of one source file into a :class:`SourceDocument`.

Text files (.txt, .md) are decoded and their layout (blank-line paragraphs,
one paragraph a line, hard-wrapped lines, markdown) rebuilt; PDFs are read
from their text layer with pdfplumber, page by page, and pages without one
are OCRed. Whatever the source, ``text`` holds one block per paragraph,
blocks separated by one blank line. A file that cannot be read raises
:class:`IngestError` with a message saying what is wrong and what to do.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from pathlib import PurePath

from pipeline.ingest.layout import Line, group_lines
from pipeline.ingest.pages import (
    PageLayout,
    Table,
    body_font_size,
    hyphenated_words,
    join_continued,
    page_blocks,
    page_frame,
    remove_running_lines,
)
from pipeline.ingest.text import assemble, clean_chars, parse_text
from pipeline.ingest.types import IngestError, PageBlocks, Word
from pipeline.records import PageMethod, SourceDocument

__all__ = ["IngestError", "ingest"]

STAGE = "minutes.ingest.v1"
MIN_TEXT_CHARS = 20  # fewer characters than this on a page with an image: a scan
# A page-size image under a text layer whose words cover less than this share of
# the page is a scan with a stamp on it; a body of text covers 10-30 %.
SCAN_IMAGE_SHARE = 0.5
SCAN_TEXT_SHARE = 0.02
_PDF_MAGIC = b"%PDF-"


def ingest(data: bytes, *, source: str, doc_id: str, ocr: bool = True, ocr_lang: str = "fra") -> SourceDocument:
    """Read one source file's bytes; ``source`` (the path as given) names its type."""
    if not data.strip():
        raise IngestError("empty document")
    suffix = PurePath(source).suffix.lower()
    if _PDF_MAGIC in data[:1024]:
        pages = read_pdf(data, ocr=ocr, ocr_lang=ocr_lang)
        metadata: tuple[tuple[str, str], ...] = ()
    elif suffix == ".pdf":
        raise IngestError(f"not a PDF (starts with {data[:16]!r}{_looks_like(data)}); check the file or rename it")
    else:
        pages, metadata = parse_text(decode_text(data), markdown=suffix in {".md", ".markdown"})
    text, spans, hints = assemble(pages)
    if not text.strip():
        if any(p.method == PageMethod.PDF for p in pages):
            raise IngestError("empty document: the PDF holds no text and no scanned page")
        raise IngestError("empty document")
    return SourceDocument(doc_id=doc_id, source=source, text=text, pages=spans, hints=hints, metadata=metadata)


def _looks_like(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    for magic, name in ((b"<!doctype html", "HTML"), (b"<html", "HTML"), (b"pk\x03\x04", "a ZIP or Office file"),
                        (b"\xd0\xcf\x11\xe0", "an old Word/Excel file"), (b"{\\rtf", "RTF"), (b"\x89png", "a PNG image"),
                        (b"\xff\xd8", "a JPEG image")):
        if head.startswith(magic):
            return f", it looks like {name}"
    return ""


# --- text files -----------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else the detected 8-bit encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError(f"binary data, not text (NUL byte at offset {nul}); is this really a .txt file?")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass  # not UTF-8: French exports are often cp1252 or latin-1, detected below
    from charset_normalizer import from_bytes

    from pipeline.io import read_model_file

    # Short texts fit many code pages; Western ones first, or a French cp1252
    # file comes out in a Baltic or Cyrillic code page that happens to score well.
    western = list(read_model_file("lexicons/layout.yaml")["text_encodings"])
    best = from_bytes(data, cp_isolation=western).best() or from_bytes(data).best()
    if best is None:
        raise IngestError("cannot detect the text encoding (binary or corrupted data); save the file as UTF-8")
    return _checked(str(best))


def _strict(data: bytes, encoding: str) -> str:
    try:
        return _checked(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise IngestError(f"invalid {encoding} text at byte {exc.start}; save the file as UTF-8") from exc


def _checked(text: str) -> str:
    """Refuse text that decoded but is mostly control characters (binary data)."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(3, 0.005 * len(text)) or text.count("\ufffd") > max(3, 0.005 * len(text)):
        raise IngestError(f"binary or garbled data, not text ({controls} control characters); save the file as UTF-8")
    return text


# --- PDF ---------------------------------------------------------------------------


def read_pdf(data: bytes, *, ocr: bool, ocr_lang: str) -> list[PageBlocks]:
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        layouts = _pdf_layouts(data, ocr=ocr, ocr_lang=ocr_lang)
    except (PdfminerException, PSException) as exc:
        raise IngestError(_pdf_error_message(exc)) from exc
    remove_running_lines(layouts)
    hyphenated = hyphenated_words(layouts)
    sizes = {method: body_font_size([p for p in layouts if p.method == method]) for method in (PageMethod.PDF, PageMethod.OCR)}
    blocks = [
        page_blocks(p, page_frame(layouts, p, body_size=sizes[p.method], hyphenated=hyphenated)) for p in layouts
    ]
    join_continued(blocks)
    return [PageBlocks(p.number, p.method, tuple(b)) for p, b in zip(layouts, blocks)]


def _pdf_error_message(exc: Exception) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError

    chain: list[BaseException] = [exc, *(a for a in exc.args if isinstance(a, BaseException))]
    if exc.__cause__ is not None:
        chain.append(exc.__cause__)
    if any(isinstance(e, PDFEncryptionError) or "encrypt" in str(e).lower() or "password" in str(e).lower() for e in chain):
        return "encrypted PDF (needs a password); decrypt it first (e.g. qpdf --decrypt in.pdf out.pdf)"
    detail = "; ".join(dict.fromkeys(str(e) for e in chain if str(e)))[:200]
    return f"corrupt or truncated PDF ({detail or type(exc).__name__}); get a fresh copy of the file"


def _pdf_layouts(data: bytes, *, ocr: bool, ocr_lang: str) -> list[PageLayout]:
    import pdfplumber

    layouts: list[PageLayout] = []
    rendered: object | None = None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            words = _page_words(page)
            # A page with no text and no image pdfplumber lists is blank, or a scan whose
            # image is inline (some scanners write them so): with OCR on, it is read.
            blank = not words and not page.images
            if not _is_scan(page, words) and not (blank and ocr):
                layouts.append(_text_layout(page, index, words))
                continue
            if not ocr:
                raise IngestError(f"no text layer and OCR disabled (page {index + 1} is a scanned image); run with OCR on")
            if rendered is None:
                rendered = _open_pdfium(data)
            layouts.append(_ocr_layout(rendered, index, ocr_lang))
    return layouts


def _is_scan(page: object, words: list[Word]) -> bool:
    """A page is a scan when it holds an image and its text layer is missing, or
    covers a small part of the page while the image covers most of it (a stamp
    or a reference number typed over a scanned page)."""
    images = page.images  # type: ignore[attr-defined]
    if not images:
        return False
    if sum(len(w.text) for w in words) < MIN_TEXT_CHARS:
        return True
    area = float(page.width) * float(page.height) or 1.0  # type: ignore[attr-defined]
    image_area = max((float(i["x1"]) - float(i["x0"])) * (float(i["bottom"]) - float(i["top"])) for i in images)
    text_area = sum((w.x1 - w.x0) * (w.bottom - w.top) for w in words)
    return image_area >= SCAN_IMAGE_SHARE * area and text_area < SCAN_TEXT_SHARE * area


def _open_pdfium(data: bytes) -> object:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise IngestError(f"cannot open the PDF to render scanned pages ({exc}); the file may be damaged") from exc


def _ocr_layout(rendered: object, index: int, lang: str) -> PageLayout:
    from pipeline.ingest.ocr import ocr_words

    words, width, height = ocr_words(rendered, index, lang=lang)
    return PageLayout(index + 1, PageMethod.OCR, width, height, group_lines(words) if words else [])


@functools.cache
def _face_patterns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from pipeline.io import read_model_file

    layout = read_model_file("lexicons/layout.yaml")
    return tuple(layout["bold_fonts"]), tuple(layout["italic_fonts"])


_BULLET = re.compile(r"^[\ue000-\uf8ff•▪●◦‣∙]+")


def _page_words(page: object) -> list[Word]:
    bold_faces, italic_faces = _face_patterns()
    words: list[Word] = []
    for raw in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False):  # type: ignore[attr-defined]
        if not raw.get("upright", True):
            continue  # vertical margin text (filing stamps) is not part of the minutes
        # U+F020 is the space of symbol fonts, not a glyph: it must not read as a bullet.
        text = raw["text"].replace("\uf020", " ").strip()
        bullet = _BULLET.match(text)
        text = clean_chars(text[bullet.end():] if bullet else text).strip()
        if bullet:
            text = "- " + text if text else "-"
        if not text:
            continue
        font = str(raw.get("fontname", "")).lower()
        words.append(Word(
            text, float(raw["x0"]), float(raw["x1"]), float(raw["top"]), float(raw["bottom"]),
            round(float(raw.get("size", 10.0)), 1),
            bold=any(f in font for f in bold_faces), italic=any(f in font for f in italic_faces),
        ))
    return words


def _text_layout(page: object, index: int, words: list[Word]) -> PageLayout:
    tables: list[Table] = []
    inside: set[int] = set()
    for found in page.find_tables():  # type: ignore[attr-defined]
        x0, top, x1, bottom = found.bbox
        rows = []
        for row in found.rows:
            cells = []
            for bbox in row.cells:
                if bbox is None:
                    continue
                members = [i for i, w in enumerate(words) if _centre_in(w, bbox)]
                inside.update(members)
                cells.append(((bbox[0], bbox[2]), group_lines([words[i] for i in members]) if members else []))
            rows.append(cells)
        tables.append(Table(top, x0, x1, rows))
    flow = [w for i, w in enumerate(words) if i not in inside]
    lines: list[Line] = group_lines(flow) if flow else []
    return PageLayout(index + 1, PageMethod.PDF, float(page.width), float(page.height), lines, tables)  # type: ignore[attr-defined]


def _centre_in(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]
