"""Shared test helpers: documents built from text, without ingest."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import settings

from pipeline.records import Page, SourceDocument

# CI runs the same examples every time (a red build must be reproducible); no
# deadline, since a loaded 2-core machine is slow at times.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# The bundled corpus: the documents at the root of corpus/ (gold-annotated), not
# corpus/regression/ (no gold) nor the gold files themselves.
CORPUS_SOURCES = sorted(str(p) for p in CORPUS.iterdir() if p.suffix in {".txt", ".md", ".pdf"})
ARCHIVE = Path(os.environ.get("MINUTES_ARCHIVE", ROOT.parent / "shared" / "corpus" / "chemere"))


def source_from_text(text: str, *, source: str = "test.txt") -> SourceDocument:
    """A one-page document whose paragraphs are the text's blank-line blocks."""
    return SourceDocument(
        doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=source,
        text=text,
        pages=(Page(1, 0, len(text), "text"),),
    )


@pytest.fixture
def make_source():
    return source_from_text


@pytest.fixture
def archive() -> Path:
    """The Chéméré archive (80 PDFs); tests that use it skip cleanly when it is absent."""
    if not ARCHIVE.is_dir() or not any(ARCHIVE.glob("*.pdf")):
        pytest.skip(f"archive not found at {ARCHIVE} (set MINUTES_ARCHIVE)")
    return ARCHIVE


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite tests/golden/ from this run's output tables instead of comparing with them",
    )


@pytest.fixture(scope="session")
def corpus_output(tmp_path_factory):
    """The whole bundled corpus through the pipeline once per test session: (out dir, RunResult).

    Scans are OCRed here, so this takes a few minutes; every test that needs the
    corpus output shares it.
    """
    from pipeline.config import Config
    from pipeline.run import run_to

    out = tmp_path_factory.mktemp("corpus-out")
    return out, run_to(CORPUS_SOURCES, Config(out_dir=out))
