"""Archives at scale: workers, parts, resume, Dask (issue "Archives at scale").

Run on the real command, real processes, real signals and a real Dask
LocalCluster on loopback; the model is not the point here, so the stages that
need it are off.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import CORPUS, ROOT
from golden import normalise
from pipeline.config import Config
from pipeline.io import read_tables
from pipeline.parts import parts_dir
from pipeline.run import run, run_to

N = 30  # documents of the invented archive
RULES = {"entities": False, "commitments": False, "ocr": False}
FAST = ["--no-ocr", "--no-entities", "--no-commitments"]
TEXTS = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"})
# Keys of each table: none may repeat after two runs into the same folder.
KEYS = {
    "documents": "doc_id", "paragraphs": "paragraph_id", "interventions": "intervention_id",
    "mentions": "mention_id", "amounts": "amount_id", "dates": "date_id", "votes": "vote_id",
    "policies": "policy_id", "persons": "person_id", "organisations": "org_id",
}


def minutes(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert set(a) == set(b)
    for name in a:
        pd.testing.assert_frame_equal(normalise(a[name]), normalise(b[name]), obj=name)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def part_times(out: Path) -> dict[str, int]:
    """Every part of an output folder and when it was written."""
    return {p.name: p.stat().st_mtime_ns for p in parts_dir(out).glob("*/*.part")}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Invented minutes, each different (a different budget line), many enough to kill a run midway."""
    folder = tmp_path / "archive"
    folder.mkdir()
    base = [p.read_text(encoding="utf-8") for p in TEXTS if p.suffix == ".txt"]
    for n in range(N):
        text = base[n % len(base)] + f"\n\nLe budget annexe n° {n} s'élève à {1000 + n} €.\n"
        (folder / f"cm-{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_one_worker_two_workers_and_dask_give_the_same_tables(tmp_path) -> None:
    sources = [str(p) for p in TEXTS]
    expected = run(sources, Config(**RULES)).tables
    assert len(expected["documents"]) == len(TEXTS) and len(expected["interventions"]) > 0
    for name, options in (("one", {"workers": 1}), ("two", {"workers": 2}), ("dask", {"workers": 2, "engine": "dask"})):
        out = tmp_path / name
        result = run_to(sources, Config(out_dir=out, **RULES, **options))
        assert result.processed == len(TEXTS), name
        assert_same_tables(expected, read_tables(out))


def test_running_twice_redoes_nothing_and_duplicates_nothing(tmp_path, archive) -> None:
    out = tmp_path / "out"
    first = minutes("run", str(archive), "--out", str(out), "--workers", "2", *FAST)
    assert first.returncode == 0, first.stderr
    assert f"{N} documents processed now, 0 taken from earlier runs" in first.stderr
    tables, written = read_tables(out), part_times(out)
    assert len(written) == N
    again = minutes("run", str(archive), "--out", str(out), "--workers", "2", *FAST)
    assert again.returncode == 0, again.stderr
    assert f"0 documents processed now, {N} taken from earlier runs" in again.stderr
    assert part_times(out) == written
    twice = read_tables(out)
    assert_same_tables(tables, twice)
    for name, key in KEYS.items():
        assert twice[name][key].is_unique, name


def test_a_killed_run_resumes_and_redoes_only_unfinished_documents(tmp_path, archive) -> None:
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(archive), "--out", str(out), "--workers", "2", *FAST, "-q"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None and len(part_times(out)) < 5:
        time.sleep(0.01)
    workers = children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert workers, "the run had no worker processes"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "workers outlived their killed driver"
    before = part_times(out)
    assert 5 <= len(before) < N, len(before)
    assert not out.exists(), "a killed run wrote tables"
    resumed = minutes("run", str(archive), "--out", str(out), *FAST)
    assert resumed.returncode == 0, resumed.stderr
    redone = N - len(before)
    assert f"{redone} documents processed now, {len(before)} taken from earlier runs" in resumed.stderr
    after = part_times(out)
    assert len(after) == N and {k: after[k] for k in before} == before  # finished documents were not redone
    whole = tmp_path / "whole"
    assert minutes("run", str(archive), "--out", str(whole), *FAST).returncode == 0
    assert_same_tables(read_tables(whole), read_tables(out))


def test_build_alone_rebuilds_the_tables_from_the_parts(tmp_path, archive) -> None:
    out = tmp_path / "out"
    assert minutes("run", str(archive), "--out", str(out), "--workers", "1", *FAST, "-q").returncode == 0
    tables = read_tables(out)
    for table in out.glob("*.parquet"):
        table.unlink()
    built = minutes("build", str(out))
    assert built.returncode == 0, built.stderr
    assert_same_tables(tables, read_tables(out))


def test_build_without_parts_is_a_usage_error(tmp_path) -> None:
    done = minutes("build", str(tmp_path / "nothing"))
    assert done.returncode == 2 and "no parts" in done.stderr


def test_a_new_file_is_the_only_one_processed_and_a_failed_file_is_retried_on_demand(tmp_path, archive) -> None:
    out = tmp_path / "out"
    (archive / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    assert minutes("run", str(archive), "--out", str(out), "--workers", "1", *FAST).returncode == 3
    (archive / "cm-new.txt").write_text(TEXTS[0].read_text(encoding="utf-8") + "\n\nPoint ajouté.\n", encoding="utf-8")
    again = minutes("run", str(archive), "--out", str(out), "--workers", "1", *FAST)
    assert again.returncode == 3 and f"1 documents processed now, {N + 1} taken from earlier runs" in again.stderr
    retried = minutes("run", str(archive), "--out", str(out), "--workers", "1", "--retry-errors", *FAST)
    assert retried.returncode == 3 and f"1 documents processed now, {N + 1} taken" in retried.stderr
    tables = read_tables(out)
    assert len(tables["documents"]) == N + 1 and list(tables["errors"]["stage"]) == ["ingest"]


def test_progress_lines_when_output_is_not_a_terminal(tmp_path, archive) -> None:
    done = minutes("run", str(archive), "--out", str(tmp_path / "out"), "--workers", "1", *FAST)
    lines = done.stderr.splitlines()
    assert lines[0] == f"reading {N} documents into {tmp_path / 'out'}/"
    progress = [line for line in lines if " documents, " in line and "pages/s" in line]
    assert progress[-1].startswith(f"{N}/{N} documents") and "0 errors" in progress[-1] and "ETA" in progress[-1]
    assert len(progress) == N  # under 40 documents, a line for each (else one every twentieth of the run)
