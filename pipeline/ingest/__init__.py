"""Ingest: the bytes of one source file into a :class:`~pipeline.records.SourceDocument`.

- ``reader``: file kinds, text decoding, PDF pages (text layer or OCR) into blocks;
- ``text``: character clean-up, plain-text and markdown layouts, assembly of blocks;
- ``layout``: PDF words into lines and lines into blocks (columns, lists, footnotes);
- ``pages``: tables, running headers and footers, page frames, continued paragraphs;
- ``ocr``: Tesseract on rendered pages, with its misreads mended;
- ``types``: what these modules share.
"""

from pipeline.ingest.reader import STAGE, decode_text, ingest
from pipeline.ingest.types import IngestError

__all__ = ["STAGE", "IngestError", "decode_text", "ingest"]
