"""Benchmark: pages per second of the PDF path against pypdfium2's plain text
extraction of the same pages, measured side by side in one process.

    python bench/bench_pdf.py                               # the bundled corpus's PDFs
    python bench/bench_pdf.py /path/to/archive --limit 20   # another folder, 20 files

OCR is off: scanned pages (no text layer) make a file an error here and it is
left out of both timings, so that the figure is about text PDFs. The two
readers alternate file by file, so that the load of a shared machine weighs
on both alike. Not a test: speed is measured here, never asserted in the suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest.reader import read_pdf  # noqa: E402
from pipeline.ingest.types import IngestError  # noqa: E402


def plain_text(data: bytes) -> int:
    """pypdfium2's own text extraction, every page; returns the page count."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
        return len(pdf)
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "corpus")])
    parser.add_argument("--limit", type=int, default=0, help="at most this many files")
    args = parser.parse_args()
    files = sorted(p for a in args.paths for p in ([Path(a)] if Path(a).is_file() else Path(a).rglob("*.pdf")))
    files = files[: args.limit] if args.limit else files
    pages = skipped = 0
    ours = bare = 0.0
    for path in files:
        data = path.read_bytes()
        start = time.perf_counter()
        try:
            read_pdf(data, ocr=False, ocr_lang="fra")
        except IngestError as exc:
            skipped += 1
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        ours += time.perf_counter() - start
        start = time.perf_counter()
        pages += plain_text(data)
        bare += time.perf_counter() - start
    if not pages:
        sys.exit("no text PDF read")
    print(f"files                {len(files) - skipped} ({skipped} skipped: scanned pages)")
    print(f"pages                {pages}")
    print(f"PDF path             {ours:8.2f} s  {pages / ours:8.1f} pages/s")
    print(f"pypdfium2 plain text {bare:8.2f} s  {pages / bare:8.1f} pages/s")
    print(f"ratio path/plain     {bare / ours:8.3f}")
    print(f"load average         {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
