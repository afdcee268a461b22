"""Fuzzing ingest: random and mutated bytes, text and PDFs (truncated, broken
cross-reference table, broken streams) each end as a document or a clear
IngestError, never another exception and never a hang (each example is
time-bounded). Bounded to a few seconds in CI (derandomised there)."""

from __future__ import annotations

import hashlib
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from pipeline.ingest import IngestError, ingest

SECONDS_PER_EXAMPLE = 20
SEED_PDF = (CORPUS / "rafhael-2003-04-11.pdf").read_bytes()
SEED_TEXT = (CORPUS / "montreuil-en-touraine-cm-2008-10-09.txt").read_bytes()
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def time_bound(seconds: int):
    def expired(_signum, _frame):
        raise TimeoutError(f"ingest did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def document_or_clear_error(data: bytes, name: str) -> None:
    with time_bound(SECONDS_PER_EXAMPLE):
        try:
            doc = ingest(data, source=name, doc_id=hashlib.sha256(data).hexdigest(), ocr=False)
        except IngestError as exc:
            assert str(exc).strip(), "an IngestError must say what is wrong"
            return
    assert doc.text.strip() and doc.pages
    assert all(0 <= p.char_start <= p.char_end <= len(doc.text) for p in doc.pages)


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """The seed file damaged the ways files are damaged in archives."""
    kind = draw(st.sampled_from(["truncate", "flip", "cut", "xref", "stream", "splice"]))
    n = len(seed)
    if kind == "truncate":
        return seed[: draw(st.integers(0, n - 1))]
    if kind == "flip":
        data = bytearray(seed)
        for position in draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=40)):
            data[position] ^= draw(st.integers(1, 255))
        return bytes(data)
    if kind == "cut":
        start = draw(st.integers(0, n - 1))
        return seed[:start] + seed[start + draw(st.integers(1, 4096)) :]
    if kind == "xref":
        return seed.replace(b"xref", draw(st.sampled_from([b"xrfe", b"", b"xref\n0 99999"])))
    if kind == "stream":
        return seed.replace(b"stream", draw(st.sampled_from([b"strm", b"stream\x00\xff"])), draw(st.integers(1, 5)))
    return seed[: n // 2] + draw(st.binary(min_size=1, max_size=512)) + seed[n // 2 :]


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["random.txt", "random.md", "random.pdf"]))
def test_random_bytes(data: bytes, name: str) -> None:
    document_or_clear_error(data, name)


@FUZZ
@given(st.text(max_size=3000), st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]))
def test_random_text_in_any_encoding(text: str, encoding: str) -> None:
    document_or_clear_error(text.encode(encoding, errors="replace"), "notes.txt")


@FUZZ
@given(mutated(SEED_PDF))
def test_damaged_pdfs(data: bytes) -> None:
    document_or_clear_error(data, "damaged.pdf")


@FUZZ
@given(mutated(SEED_TEXT))
def test_damaged_text_files(data: bytes) -> None:
    document_or_clear_error(data, "damaged.txt")


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.999])
def test_truncated_pdf_at_fixed_points(cut: float) -> None:
    document_or_clear_error(SEED_PDF[: int(len(SEED_PDF) * cut)], Path("truncated.pdf").name)
