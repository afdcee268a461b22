"""Golden tables: the output of the bundled corpus, frozen.

A change that moves rows of any table shows up as a failing
``tests/test_golden.py``; when the change is meant, rewrite the snapshot on
purpose with ``.venv/bin/python -m pytest tests/test_golden.py --update-golden``
and commit it with the change, so the diff of the snapshot is reviewed too.

Tables are compared sorted, with run-dependent columns dropped (the path a
file was given by), by :func:`pandas.testing.assert_frame_equal`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

SNAPSHOT = Path(__file__).resolve().parent / "golden"
# Columns that depend on how the run was invoked, not on what was read.
RUN_DEPENDENT = {"source", "sources"}


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """A table in a canonical shape: run-dependent columns dropped, rows sorted."""
    kept = frame.drop(columns=[c for c in frame.columns if c in RUN_DEPENDENT])
    if kept.empty:
        return kept.reset_index(drop=True)
    keys = [c for c in kept.columns if kept[c].map(lambda v: isinstance(v, (str, int, float, bool)) or v is None).all()]
    ordered = kept.assign(_key=kept[keys].astype(str).agg("\x1f".join, axis=1)) if keys else kept.assign(_key=range(len(kept)))
    return ordered.sort_values("_key", kind="stable").drop(columns="_key").reset_index(drop=True)


def write_snapshot(tables: dict[str, pd.DataFrame], folder: Path = SNAPSHOT) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    for name, frame in tables.items():
        normalise(frame).to_parquet(folder / f"{name}.parquet", index=False)


def read_snapshot(folder: Path = SNAPSHOT) -> dict[str, pd.DataFrame]:
    return {path.stem: pd.read_parquet(path) for path in sorted(folder.glob("*.parquet"))}


def differences(expected: dict[str, pd.DataFrame], actual: dict[str, pd.DataFrame]) -> list[str]:
    """One message per table that differs (missing, extra, or other rows/values)."""
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"{name}: missing from the output")
            continue
        if name not in expected:
            problems.append(f"{name}: not in the snapshot")
            continue
        try:
            pd.testing.assert_frame_equal(normalise(actual[name]), expected[name], check_dtype=False)
        except AssertionError as exc:
            problems.append(f"{name}: {str(exc).splitlines()[0]} ({len(expected[name])} rows frozen, {len(actual[name])} now)\n{exc}")
    return problems


if __name__ == "__main__":
    # python tests/golden.py OUT_A OUT_B: compare two output folders table by table.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipeline.io import read_tables

    a = {k: normalise(v) for k, v in read_tables(sys.argv[1]).items()}
    found = differences(a, read_tables(sys.argv[2]))
    print("\n\n".join(p[:3000] for p in found) if found else "identical")
    sys.exit(1 if found else 0)
