"""ACTES classification of agenda headings against the labelled table.

Reads corpus/actes/headings.tsv (real headings and deliberation objects with
their ACTES code; "none" marks an item that carries no decision) and prints,
per split: level-2 and level-1 accuracy over the coded rows (an unclassified
row counts as wrong), coverage (share of coded rows classified), precision of
the classified rows, and how many "none" rows were rightly left unclassified.

    .venv/bin/python bench/actes_eval.py [--table corpus/actes/headings.tsv] [--errors]
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from pipeline.actes import classify

ROOT = Path(__file__).resolve().parent.parent


def evaluate(rows: list[dict]) -> dict[str, float]:
    coded = [r for r in rows if r["code"] != "none"]
    empty = [r for r in rows if r["code"] == "none"]
    predicted = [(r, classify(r["heading"])) for r in coded]
    classified = [(r, p) for r, p in predicted if p is not None]
    exact = sum(p.code == r["code"] for r, p in classified)
    level1 = sum(p.code.split(".")[0] == r["code"].split(".")[0] for r, p in classified)
    n = len(coded) or 1
    return {
        "rows": len(rows),
        "coded": len(coded),
        "acc_level2": exact / n,
        "acc_level1": level1 / n,
        "coverage": len(classified) / n,
        "precision_level2": exact / (len(classified) or 1),
        "precision_level1": level1 / (len(classified) or 1),
        "none_rows": len(empty),
        "none_abstained": sum(classify(r["heading"]) is None for r in empty) / (len(empty) or 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=ROOT / "corpus" / "actes" / "headings.tsv")
    parser.add_argument("--errors", action="store_true", help="list the rows classified wrongly or not at all")
    args = parser.parse_args()
    with args.table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    splits: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        splits[row["split"]].append(row)
    splits["all"] = rows
    metrics = ["rows", "coded", "acc_level2", "acc_level1", "coverage", "precision_level2", "precision_level1",
               "none_rows", "none_abstained"]
    print(f"{'split':<6} " + " ".join(f"{m:>16}" for m in metrics))
    for name in sorted(splits, key=lambda s: (s == "all", s)):
        result = evaluate(splits[name])
        cells = [f"{result[m]:>16d}" if isinstance(result[m], int) else f"{result[m]:>16.3f}" for m in metrics]
        print(f"{name:<6} " + " ".join(cells))
    if args.errors:
        for row in rows:
            got = classify(row["heading"])
            if (got.code if got else "none") != row["code"]:
                shown = f"{got.code} {got.confidence:.2f} {got.evidence}" if got else "None"
                print(f"[{row['split']}] want {row['code']:<5} got {shown:<40} | {row['heading'][:90]}")


if __name__ == "__main__":
    main()
