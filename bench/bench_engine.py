"""Engine benchmarks (issue "Archives at scale"): workers and memory.

    .venv/bin/python bench/bench_engine.py workers [--archive /work/shared/corpus/chemere]
        2 workers / 1 worker on the archive, measured side by side in one run
        (the same command twice into fresh folders), with the load average.
    .venv/bin/python bench/bench_engine.py memory 500 5000 [--model]
        Peak RSS of the driver (the `minutes run` process, which builds the
        tables) and of its largest worker, for N documents made from the
        corpus's text files replicated (each copy made unique by one added
        line, else it would be one document by content hash); rules only
        unless --model.

Each run is the real command in a subprocess; RSS is sampled from /proc
every 0.2 s (driver and each worker), elapsed time by the wall clock.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found + [g for c in found for g in children(c)]


def measured_run(args: list[str]) -> dict:
    started = time.monotonic()
    process = subprocess.Popen([PYTHON, "-m", "pipeline", "run", *args, "-q"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = worker = 0
    while process.poll() is None:
        driver = max(driver, rss_kb(process.pid))
        worker = max([worker, *(rss_kb(c) for c in children(process.pid))])
        time.sleep(0.2)
    out, err = process.communicate()
    if process.returncode not in (0, 3):
        raise SystemExit(f"minutes run failed ({process.returncode}):\n{err[-3000:]}")
    return {"seconds": time.monotonic() - started, "driver_mb": driver / 1024, "worker_mb": worker / 1024, "summary": out.strip()}


def workers(archive: Path) -> None:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        one = measured_run([str(archive), "--out", f"{tmp}/one", "--workers", "1"])
        two = measured_run([str(archive), "--out", f"{tmp}/two", "--workers", "2"])
    load_after = os.getloadavg()
    print(f"archive {archive} ({sum(1 for _ in archive.glob('*.pdf'))} PDFs), entities and commitments on")
    print(f"1 worker : {one['seconds']:7.1f} s   {one['summary']}")
    print(f"2 workers: {two['seconds']:7.1f} s   {two['summary']}")
    print(f"2 workers / 1 worker speed: {one['seconds'] / two['seconds']:.2f}x")
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after} on {os.cpu_count()} cores")


def memory(sizes: list[int], model: bool) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").iterdir()) if p.suffix in {".txt", ".md"}]
    flags = [] if model else ["--no-entities", "--no-commitments"]
    results = {}
    for size in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="bench-engine-"))
        try:
            folder = tmp / "docs"
            folder.mkdir()
            for n in range(size):
                text = texts[n % len(texts)] + f"\n\nCopie {n} de ce compte rendu.\n"
                (folder / f"doc-{n:05d}.{'md' if text.startswith('---') else 'txt'}").write_text(text, encoding="utf-8")
            results[size] = measured_run([str(folder), "--out", str(tmp / "out"), "--no-ocr", *flags])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        r = results[size]
        print(f"{size:6d} documents: {r['seconds']:7.1f} s, peak RSS driver {r['driver_mb']:.0f} MB, "
              f"largest worker {r['worker_mb']:.0f} MB   {r['summary']}", flush=True)
    first, last = sizes[0], sizes[-1]
    print(f"driver peak RSS {last} / {first} documents: {results[last]['driver_mb'] / results[first]['driver_mb']:.2f}x; "
          f"worker: {results[last]['worker_mb'] / max(results[first]['worker_mb'], 1):.2f}x "
          f"({'with' if model else 'without'} entities and commitments); load average {os.getloadavg()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    w = sub.add_parser("workers")
    w.add_argument("--archive", type=Path, default=ROOT.parent.parent / "shared" / "corpus" / "chemere")
    m = sub.add_parser("memory")
    m.add_argument("sizes", type=int, nargs="+")
    m.add_argument("--model", action="store_true")
    options = parser.parse_args()
    if options.what == "workers":
        workers(options.archive if options.archive.is_dir() else Path("/work/shared/corpus/chemere"))
    else:
        memory(options.sizes, options.model)
