"""Nothing lost: a bad input, a mistyped option or an interruption never costs a
run or a dataset. Each test is one probe a new user made (issue "Nothing lost"),
run on the real command, the real file system and real signals."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT
from pipeline.config import Config
from pipeline.io import read_tables
from pipeline.run import run

MINUTES = """COMMUNE DE VILLENEUVE
Conseil municipal du 3 mars 2021

Présents : M. Paul MARTIN, Maire, Mme Anne DURAND, M. Louis BLANC.

1. Budget

M. Paul MARTIN expose que le budget s'élève à 12 000 €.
"""
FAST = ["--no-ocr", "--no-entities", "--no-commitments", "-q"]  # no model: fast subprocesses


def minutes(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, **kwargs
    )


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(3):
        (folder / f"cm-2021-03-0{n + 1}.txt").write_text(MINUTES.replace("3 mars", f"{n + 1} mars"), encoding="utf-8")
    return folder


@pytest.fixture
def previous_run(tmp_path: Path, docs: Path) -> Path:
    out = tmp_path / "out"
    done = minutes("run", str(docs), "--out", str(out), *FAST)
    assert done.returncode == 0, done.stderr
    return out


def unreadable_file(folder: Path, name: str) -> Path:
    """A file that cannot be read, even by root: a link to a file whose reads fail."""
    path = folder / name
    if os.geteuid() == 0:
        path.symlink_to("/proc/self/mem")  # read() gives EIO
    else:
        path.write_text("secret", encoding="utf-8")
        path.chmod(0)
    return path


def unreadable_folder(folder: Path, name: str) -> Path:
    path = folder / name
    if os.geteuid() == 0:
        path.symlink_to("/proc/1/map_files")  # listing needs a capability root lacks here
        try:
            os.listdir(path)
            pytest.skip("this machine lets root list /proc/1/map_files: no unreadable folder to make")
        except PermissionError:
            pass
    else:
        path.mkdir()
        (path / "x.txt").write_text("x", encoding="utf-8")
        path.chmod(0)
    return path


# --- refused before any work, nothing written ------------------------------------------------


def test_malformed_alias_file_is_refused_with_line_and_column(tmp_path, docs, previous_run) -> None:
    before = folder_digest(previous_run)
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text('merge:\n  - ["A", "B"\n  - ["C", "D"]\n', encoding="utf-8")
    done = minutes("run", str(docs), "--out", str(previous_run), "--aliases", str(aliases), *FAST)
    assert done.returncode == 2
    assert "line 3" in done.stderr and "column" in done.stderr and "nothing was done" not in done.stdout
    assert folder_digest(previous_run) == before


def test_alias_file_of_the_wrong_shape_is_refused(tmp_path, docs) -> None:
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text('merge:\n  - ["only one form"]\n', encoding="utf-8")
    done = minutes("run", str(docs), "--out", str(tmp_path / "out"), "--aliases", str(aliases), *FAST)
    assert done.returncode == 2 and "two or more names" in done.stderr
    assert not (tmp_path / "out").exists()


def test_out_that_is_a_file_is_refused(tmp_path, docs) -> None:
    target = tmp_path / "results.csv"
    target.write_text("keep me", encoding="utf-8")
    done = minutes("run", str(docs), "--out", str(target), *FAST)
    assert done.returncode == 2 and "is a file" in done.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_out_that_cannot_be_written_is_refused(docs) -> None:
    done = minutes("run", str(docs), "--out", "/sys/minutes-out", *FAST)  # /sys is read-only, even for root
    assert done.returncode == 2 and "cannot be written" in done.stderr


def test_mistyped_input_path_is_refused_and_the_dataset_kept(tmp_path, docs, previous_run) -> None:
    before = folder_digest(previous_run)
    done = minutes("run", str(tmp_path / "dcos"), "--out", str(previous_run), *FAST)
    assert done.returncode == 2 and "no such file or folder" in done.stderr and "dcos" in done.stderr
    assert folder_digest(previous_run) == before


def test_eval_on_a_missing_gold_folder_is_an_error(tmp_path, previous_run) -> None:
    done = minutes("eval", "--out", str(previous_run), "--gold", str(tmp_path / "no-gold"))
    assert done.returncode == 2 and "no gold folder" in done.stderr


# --- one bad input is one error row; the status says so ----------------------------------------


def test_some_inputs_failing_gives_a_distinct_status(tmp_path, docs) -> None:
    for n in range(7):
        (docs / f"broken-{n}.pdf").write_bytes(b"%PDF-1.4 truncated")
    out = tmp_path / "out"
    done = minutes("run", str(docs), "--out", str(out), *FAST)
    assert done.returncode == 3, done.stderr
    tables = read_tables(out)
    assert len(tables["documents"]) == 3 and len(tables["errors"]) == 7


def test_unreadable_subfolder_is_an_error_row(tmp_path, docs) -> None:
    locked = unreadable_folder(docs, "locked")
    result = run([str(docs)], Config(entities=False, commitments=False))
    errors = result.tables["errors"]
    assert len(result.tables["documents"]) == 3
    assert list(errors["stage"]) == ["read"] and str(locked) in errors["source"].iloc[0]
    assert "cannot list folder" in errors["message"].iloc[0]


def test_named_unreadable_file_is_an_error_row(tmp_path, docs) -> None:
    bad = unreadable_file(tmp_path, "locked.txt")
    result = run([str(bad), str(docs)], Config(entities=False, commitments=False))
    errors = result.tables["errors"]
    assert list(errors["source"]) == [str(bad)] and list(errors["stage"]) == ["read"]
    assert len(result.tables["documents"]) == 3


def test_same_file_at_two_paths_is_one_document(tmp_path, docs) -> None:
    copy = tmp_path / "elsewhere" / "copy.txt"
    copy.parent.mkdir()
    original = sorted(docs.glob("*.txt"))[0]
    copy.write_bytes(original.read_bytes())
    out = tmp_path / "out"
    done = minutes("run", str(docs), str(copy), "--out", str(out), *FAST)
    assert done.returncode == 0 and "same content" in done.stderr
    tables = read_tables(out)
    documents = tables["documents"]
    assert len(documents) == 3 and documents["doc_id"].is_unique
    (row,) = documents[documents["source"] == str(original)].itertuples()
    assert list(row.sources) == [str(original), str(copy)]
    assert tables["paragraphs"]["paragraph_id"].is_unique


# --- interruptions -----------------------------------------------------------------------------


def _started(docs: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(docs), "--out", str(out), *FAST],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _consistent(out: Path) -> int:
    """The folder holds one whole run: Parquet and DuckDB agree; returns its documents."""
    tables = read_tables(out)
    with duckdb.connect(str(out / "minutes.duckdb"), read_only=True) as con:
        for name, frame in tables.items():
            assert con.execute(f'select count(*) from "{name}"').fetchone()[0] == len(frame), name
    return len(tables["documents"])


def test_killed_while_writing_leaves_one_consistent_run(tmp_path, docs, previous_run) -> None:
    for n in range(3, 40):
        (docs / f"more-{n}.txt").write_text(MINUTES.replace("12 000", str(n)), encoding="utf-8")
    staging = previous_run.parent
    process = _started(docs, previous_run)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if any(staging.glob(f".{previous_run.name}.partial-*")):
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed while writing"
    assert _consistent(previous_run) == 3  # the previous run, whole
    done = minutes("run", str(docs), "--out", str(previous_run), *FAST)
    assert done.returncode == 0, done.stderr
    assert _consistent(previous_run) == 40
    leftovers = [p for p in staging.glob(f".{previous_run.name}.*") if p.name != f".{previous_run.name}.parts"]
    assert not leftovers, "leftovers of the killed run (the parts folder is kept on purpose: it makes runs resumable)"


def test_ctrl_c_says_what_was_done_and_how_to_go_on(tmp_path, docs, previous_run) -> None:
    before = folder_digest(previous_run)
    for n in range(3, 400):
        (docs / f"more-{n}.txt").write_text(MINUTES.replace("12 000", str(n)), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(docs), "--out", str(previous_run), *FAST[:-1]],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    started = process.stderr.readline()  # "reading 400 documents into ...": the run has begun
    assert "reading 400 documents" in started, started
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "interrupted after" in err and "of 400 documents" in err and "again" in err
    assert folder_digest(previous_run) == before


# --- long paragraphs are read in pieces, not refused ------------------------------------------


def test_a_paragraph_longer_than_the_model_takes_is_read_in_pieces() -> None:
    from pipeline.nlp import load_nlp, pipe_texts

    nlp = load_nlp()
    sentence = "Le conseil municipal de Villeneuve approuve la convention avec la Région Bretagne. "
    text = sentence * 40
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        (doc,) = pipe_texts(nlp, [text], batch_size=8, max_chars=500)
        (whole,) = pipe_texts(nlp, [text], batch_size=8)
    assert doc.text == text
    assert [t.idx for t in doc] == [t.idx for t in whole]
    assert {e.text for e in doc.ents} >= {"Région Bretagne"}


def test_pieces_join_back_into_the_text() -> None:
    from pipeline.nlp import _pieces

    text = ("mot " * 300) + ("x" * 1200) + (" fin" * 50)
    pieces = _pieces(text, 500)
    assert "".join(pieces) == text and all(len(p) <= 500 for p in pieces)


@pytest.mark.model
def test_a_one_line_text_file_over_the_model_limit_is_a_document(tmp_path) -> None:
    line = "Le conseil municipal approuve la convention. " * 23_000  # 1.03 MB, one line
    (tmp_path / "one-line.txt").write_text(line, encoding="utf-8")
    result = run([str(tmp_path / "one-line.txt")], Config(commitments=False))
    assert result.tables["errors"].empty, result.tables["errors"].to_dict("records")
    assert len(result.tables["documents"]) == 1


# --- a scan with a stamp in its text layer is OCRed ---------------------------------------------


def test_scanned_page_whose_text_layer_is_a_stamp_is_ocred() -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from PIL import Image, ImageDraw, ImageFont

    from pipeline.ingest import ingest

    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for n, text in enumerate(["Le conseil municipal approuve le budget primitif.", "La séance est levée à vingt heures."]):
        draw.text((200, 400 + n * 90), text, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=300)
    pdf = pdfium.PdfDocument(buffer.getvalue())
    page = pdf[0]
    stamp = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(7))
    text = ctypes.create_string_buffer("ACCUSÉ DE RÉCEPTION EN PRÉFECTURE 059-215900000-20210303\x00".encode("utf-16-le"))
    raw.FPDFText_SetText(stamp, ctypes.cast(text, ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(stamp, 1, 0, 0, 1, 360, 800)
    raw.FPDFPage_InsertObject(page.raw, stamp)
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    data = out.getvalue()
    doc = ingest(data, source="stamped.pdf", doc_id=hashlib.sha256(data).hexdigest())
    assert doc.extraction == "ocr"
    assert "budget primitif" in doc.text


def test_a_file_without_breaks_is_cut_into_paragraph_sized_blocks() -> None:
    from pipeline.ingest import ingest
    from pipeline.ingest.text import MAX_BLOCK_CHARS

    sentence = "Le conseil municipal approuve la convention avec la commune voisine. "
    data = (sentence * 2000).encode("utf-8")  # 138 kB on one line
    doc = ingest(data, source="one-line.txt", doc_id=hashlib.sha256(data).hexdigest())
    blocks = doc.text.split("\n\n")
    assert len(blocks) > 20 and all(len(b) <= MAX_BLOCK_CHARS for b in blocks)
    assert all(b.endswith("voisine.") for b in blocks)  # cut after sentence ends
    assert " ".join(blocks).split() == data.decode("utf-8").split()
