"""Export check: write the three exchange formats of an output folder, read
them back and print what they hold and whether they validate. Not a test:
figures are printed, never asserted (tests/test_exports.py asserts on the
bundled corpus, tests/test_archive.py on a few archive files).

    python bench/export_check.py --out /tmp/chemere-out --to /tmp/chemere-exports
    python bench/export_check.py --out outputs/ --to /tmp/exports --bodies bodies.yaml --json

Needs the test dependencies (jsonschema, frictionless) for the checks.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.exports import export  # noqa: E402
from pipeline.exports.checks import check_popolo, check_scdl, check_tei  # noqa: E402
from pipeline.io import read_tables  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="output folder of a `minutes run`")
    parser.add_argument("--to", type=Path, required=True, help="folder to export into")
    parser.add_argument("--bodies", type=Path, help="SCDL bodies file (body name -> SIRET)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    tables = read_tables(args.out)
    started = time.perf_counter()
    reports = export(args.out, args.to, bodies=args.bodies)
    seconds = time.perf_counter() - started
    checks = {
        "tei": check_tei(args.to / "tei"),
        "popolo": check_popolo(args.to / "popolo"),
        "scdl": check_scdl(args.to / "scdl"),
    }
    figures = {
        "tables": {name: len(tables[name]) for name in ("documents", "interventions", "persons", "votes", "policies")},
        "export_seconds": round(seconds, 1),
        "written": {r.format: r.counts for r in reports},
        "warnings": {r.format: len(r.warnings) for r in reports},
        "read_back": {name: dict(c.counts) for name, c in checks.items()},
        "problems": {name: c.problems[:20] for name, c in checks.items()},
        "valid": {name: not c.problems for name, c in checks.items()},
    }
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    print(f"tables: {figures['tables']}  (export {seconds:.1f} s)")
    for report in reports:
        print(f"{report.format}: written {report.counts}; {len(report.warnings)} warning(s)")
    for name, check in checks.items():
        state = "valid" if not check.problems else f"{len(check.problems)} problem(s): {check.problems[:5]}"
        print(f"{name}: read back {dict(check.counts)}; {state}")


if __name__ == "__main__":
    main()
