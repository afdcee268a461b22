"""Archive check: run the pipeline over folders of real minutes and report
error rows, time per file and meeting-date accuracy.

The expected meeting date is read from each file name (archives name their
files after the meeting: ``CM_13_octobre_2009.pdf``,
``CR_conseil_municipal_07_10_2022.pdf``, ``CR_reunion_20210129.pdf``) and
compared with ``documents.meeting_date``. Not a test: figures are printed,
never asserted (tests/test_archive.py asserts on a few files).

    python bench/archive_check.py --out /tmp/archive-out
    python bench/archive_check.py ../shared/corpus/chemere --out /tmp/out --json
    python bench/archive_check.py --out /tmp/out --no-run      # re-read tables of an earlier run

Each archive is run on its own into ``DIR/<folder name>/``.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import Config  # noqa: E402
from pipeline.ids import fold  # noqa: E402
from pipeline.io import iter_sources, read_model_file, read_tables  # noqa: E402
from pipeline.run import run_to  # noqa: E402

DEFAULT_ARCHIVES = (ROOT.parent / "shared" / "corpus" / "chemere", ROOT.parent / "shared" / "corpus" / "couthenans")
CALENDAR = "lexicons/calendar.yaml"


# --- dates in file names ----------------------------------------------------------------


@functools.cache
def _month_numbers() -> dict[str, int]:
    """Folded month name or abbreviation -> month number, from the calendar lexicon."""
    months = read_model_file(CALENDAR)["months"]
    return {fold(form).rstrip("."): int(number) for number, forms in months.items() for form in forms}


@functools.cache
def _name_patterns() -> tuple[re.Pattern[str], ...]:
    """File-name date patterns, most specific first (named groups d, m, y).

    Digits must not touch other digits, so that "CM_2009_134" or a 10-digit id
    never yields a date; separators are whatever file names use (``_ - . space``).
    """
    names = "|".join(sorted((re.escape(m) for m in _month_numbers()), key=len, reverse=True))
    sep = r"[\s_.\-]+"
    one = r"[\s_.\-]"
    day = r"(?P<d>\d{1,2})(?:er)?"
    year4 = r"(?P<y>(?:1[89]|20)\d\d)"
    return (
        # 13_octobre_2009, 1er_mars_2010
        re.compile(rf"(?<!\d){day}{sep}(?P<m>{names})\.?{sep}{year4}(?!\d)"),
        # octobre_2009 has no day: not a meeting date, so no pattern for it.
        # 2021-01-29, 2021_01_29
        re.compile(rf"(?<!\d){year4}{one}(?P<m>\d{{1,2}}){one}(?P<d>\d{{1,2}})(?!\d)"),
        # 07_10_2022, 7-10-2022
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}}){one}(?P<m>\d{{1,2}}){one}{year4}(?!\d)"),
        # 20210129
        re.compile(rf"(?<!\d){year4}(?P<m>\d\d)(?P<d>\d\d)(?!\d)"),
        # 29012021
        re.compile(rf"(?<!\d)(?P<d>\d\d)(?P<m>\d\d){year4}(?!\d)"),
    )


def date_from_filename(name: str) -> datetime.date | None:
    """The meeting date a file name carries (day, month as a French name or a
    number, year), or None when no pattern gives a valid calendar date."""
    stem = fold(Path(name).stem.replace("_", " "))
    # fold() turns hyphens into spaces; the numeric patterns accept both.
    for pattern in _name_patterns():
        for match in pattern.finditer(stem):
            month_text = match.group("m")
            month = int(month_text) if month_text.isdigit() else _month_numbers().get(month_text.rstrip("."))
            if month is None:
                continue
            try:
                return datetime.date(int(match.group("y")), month, int(match.group("d")))
            except ValueError:
                continue  # 31 février, month 13: try the next reading
    return None


# --- the check ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErrorRow:
    source: str
    stage: str
    message: str


@dataclass(frozen=True, slots=True)
class DateMismatch:
    file: str
    expected: str
    found: str | None  # None: no meeting date, or no document at all


@dataclass(slots=True)
class ArchiveReport:
    archive: str
    out: str
    n_files: int = 0
    n_documents: int = 0
    seconds: float | None = None  # None when the tables come from an earlier run
    errors: list[ErrorRow] = field(default_factory=list)
    dates_checked: int = 0
    dates_correct: int = 0
    date_mismatches: list[DateMismatch] = field(default_factory=list)
    undated_names: list[str] = field(default_factory=list)
    no_present: list[str] = field(default_factory=list)  # documents with no "present" attendance row
    # Documents whose header counts (présents, votants...) disagree with the parsed list:
    # file name -> "label value/listed" items. A cheap self-check of attendance.
    count_mismatches: dict[str, list[str]] = field(default_factory=dict)

    @property
    def seconds_per_file(self) -> float | None:
        return self.seconds / self.n_files if self.seconds is not None and self.n_files else None

    @property
    def date_accuracy(self) -> float | None:
        return self.dates_correct / self.dates_checked if self.dates_checked else None

    def to_json(self) -> dict:
        data = asdict(self)
        data["seconds_per_file"] = self.seconds_per_file
        data["date_accuracy"] = self.date_accuracy
        return data


def check_archive(archive: Path, out_dir: Path, *, run: bool = True, batch_size: int = 8) -> ArchiveReport:
    """Run the pipeline over one archive folder (unless ``run`` is False) and check its tables."""
    files = [s.path for s in iter_sources([archive])]
    report = ArchiveReport(archive=str(archive), out=str(out_dir), n_files=len(files))
    if run:
        started = time.perf_counter()
        run_to([archive], Config(out_dir=out_dir, batch_size=batch_size))
        report.seconds = time.perf_counter() - started
    tables = read_tables(out_dir)
    documents = tables["documents"]
    report.n_documents = len(documents)
    report.errors = [
        ErrorRow(str(row.source), str(row.stage), str(row.message)) for row in tables["errors"].itertuples()
    ]
    found_by_file = {Path(str(row.source)).resolve(): row.meeting_date for row in documents.itertuples()}
    for path in files:
        expected = date_from_filename(path.name)
        if expected is None:
            report.undated_names.append(path.name)
            continue
        found = found_by_file.get(path.resolve())
        found = None if found is None or found != found else str(found)  # NaN != NaN
        report.dates_checked += 1
        if found == expected.isoformat():
            report.dates_correct += 1
        else:
            report.date_mismatches.append(DateMismatch(path.name, expected.isoformat(), found))
    attendance = tables["attendance"]
    with_present = set(attendance.loc[attendance["status"] == "present", "doc_id"])
    report.no_present = sorted(Path(str(r.source)).name for r in documents.itertuples() if r.doc_id not in with_present)
    names = {r.doc_id: Path(str(r.source)).name for r in documents.itertuples()}
    counts = tables["header_counts"]
    for row in counts[counts["agrees"] == False].itertuples():  # noqa: E712 - nullable boolean column
        report.count_mismatches.setdefault(names.get(row.doc_id, row.doc_id), []).append(f"{row.label} {row.value}/{row.listed}")
    return report


def _print_report(report: ArchiveReport) -> None:
    print(f"== {report.archive}  ->  {report.out}")
    print(f"files: {report.n_files}   documents: {report.n_documents}   error rows: {len(report.errors)}")
    if report.seconds is not None:
        print(f"time: {report.seconds:.1f} s   per file: {report.seconds_per_file:.2f} s")
    for error in report.errors:
        print(f"  ERROR {error.source} [{error.stage}] {error.message}")
    accuracy = report.date_accuracy
    shown = f"{accuracy:.3f}" if accuracy is not None else "n/a"
    print(f"meeting date = file-name date: {report.dates_correct}/{report.dates_checked} ({shown})")
    for mismatch in report.date_mismatches:
        print(f"  DATE {mismatch.file}: name {mismatch.expected}, found {mismatch.found or 'none'}")
    for name in report.undated_names:
        print(f"  no date in file name: {name}")
    print(f"documents with no 'present' attendance row: {len(report.no_present)}")
    for name in report.no_present:
        print(f"  NO-PRESENT {name}")
    print(f"documents whose header counts disagree with the list (stated/listed): {len(report.count_mismatches)}")
    for name, items in sorted(report.count_mismatches.items()):
        print(f"  COUNTS {name}: {', '.join(items)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archives", nargs="*", type=Path, default=list(DEFAULT_ARCHIVES), metavar="ARCHIVE_DIR")
    parser.add_argument("--out", type=Path, required=True, help="tables go to DIR/<archive folder name>/")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--no-run", action="store_true", help="check the tables an earlier run left in --out")
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args(argv)

    reports: list[ArchiveReport] = []
    skipped: list[str] = []
    for archive in args.archives:
        if not archive.is_dir() or not any(iter_sources([archive])):
            print(f"skipped: no archive at {archive}", file=sys.stderr)
            skipped.append(str(archive))
            continue
        out_dir = args.out / archive.resolve().name
        if args.no_run and not (out_dir / "documents.parquet").is_file():
            print(f"skipped: no tables of an earlier run in {out_dir}", file=sys.stderr)
            skipped.append(str(archive))
            continue
        if not args.json:
            print(f"running {archive} ...", file=sys.stderr, flush=True)
        reports.append(check_archive(archive, out_dir, run=not args.no_run, batch_size=args.batch_size))
    if args.json:
        json.dump({"archives": [r.to_json() for r in reports], "skipped": skipped}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for report in reports:
            _print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
