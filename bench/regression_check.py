"""Regression check: figures that need no gold, per document and in total, over
folders of real minutes (by default ``corpus/regression``), so that a change to
the rules shows where it makes the output worse.

Checks (each per document, then summed or averaged over the documents):

- ``errors``: error rows for the file;
- ``date_found`` / ``date_ok``: a meeting date was found, and it equals the date
  the file name carries (``…-2021-06-08.pdf``, ``CM_13_mai_2014.pdf``), when it carries one;
- ``counts_stated`` / ``counts_agree``: header counts the document states
  (présents, en exercice, votants…) and how many of them the attendance list matches;
- ``speaker_share``: share of body paragraphs that carry an intervention with a named speaker;
- ``continuation_share``: share of attributed interventions that rest on continuation alone;
- ``speakers_not_listed``: named speakers (person ids) absent from the document's attendance list;
- ``agenda_items``: agenda items (policies) found;
- ``amounts_per_kw`` / ``dates_per_kw``: amounts and dates per thousand words;
- ``seconds_per_page``: run time per page (only when this script runs the pipeline).

    python bench/regression_check.py                              # corpus/regression
    python bench/regression_check.py corpus/regression ../shared/corpus/couthenans --json > r.json
    python bench/regression_check.py --out outputs/               # tables of an earlier `minutes run`
    python bench/regression_check.py --save-baseline bench/regression_baseline.json
    python bench/regression_check.py --compare bench/regression_baseline.json

Each document is run on its own (one ``run`` call per file, the spaCy model
loaded once) so that its time is its own. Not a test: figures are printed, never
asserted. No rule may be tuned on these documents without keeping the figures
of this check before and after the change (see corpus/regression/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from archive_check import date_from_filename  # noqa: E402  (one file-name date reader for both benches)

from pipeline.config import Config  # noqa: E402
from pipeline.io import iter_sources, read_tables  # noqa: E402
from pipeline.nlp import load_nlp  # noqa: E402
from pipeline.run import run  # noqa: E402

DEFAULT_FOLDERS = (ROOT / "corpus" / "regression",)
# Thresholds under which a change is noise, not a regression (shares are 0..1).
SHARE_TOLERANCE = 0.05
TIME_FACTOR = 1.5  # slower by more than this factor, and by more than TIME_FLOOR seconds per page
TIME_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class DocCheck:
    file: str  # path relative to the repository root when inside it
    body: str  # corpus/regression/MANIFEST.tsv body, else the folder name
    pages: int
    words: int
    errors: int
    expected_date: str | None
    found_date: str | None
    attendance_rows: int
    counts_stated: int
    counts_agree: int
    body_paragraphs: int
    with_speaker: int
    attributed: int
    continuation: int
    speakers_not_listed: int
    agenda_items: int
    amounts: int
    dates: int
    seconds: float | None

    @property
    def date_ok(self) -> bool | None:
        return None if self.expected_date is None else self.found_date == self.expected_date

    @property
    def speaker_share(self) -> float | None:
        return _ratio(self.with_speaker, self.body_paragraphs)

    @property
    def continuation_share(self) -> float | None:
        return _ratio(self.continuation, self.attributed)

    @property
    def amounts_per_kw(self) -> float | None:
        return _ratio(1000 * self.amounts, self.words)

    @property
    def dates_per_kw(self) -> float | None:
        return _ratio(1000 * self.dates, self.words)

    @property
    def seconds_per_page(self) -> float | None:
        return None if self.seconds is None else _ratio(self.seconds, self.pages)

    def to_json(self) -> dict:
        derived = ("date_ok", "speaker_share", "continuation_share", "amounts_per_kw", "dates_per_kw", "seconds_per_page")
        return asdict(self) | {name: _round(getattr(self, name)) for name in derived}


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _round(value):
    return round(value, 4) if isinstance(value, float) else value


# --- checks on tables --------------------------------------------------------------------


def check_document(tables: dict[str, pd.DataFrame], source: str, *, label: str, body: str, seconds: float | None) -> DocCheck:
    """The checks for one source file, from the tables of a run that covered it."""
    target = Path(source).resolve()
    documents = tables["documents"]
    row = documents.loc[[Path(str(s)).resolve() == target for s in documents["source"]]]
    n_errors = sum(Path(str(s)).resolve() == target for s in tables["errors"]["source"])
    expected = date_from_filename(Path(source).name)
    if row.empty:  # unreadable file: only its error rows say anything
        return DocCheck(label, body, 0, 0, n_errors, expected and expected.isoformat(), None,
                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, seconds)
    doc = row.iloc[0]
    doc_id = doc["doc_id"]

    def of(name: str) -> pd.DataFrame:
        table = tables[name]
        return table[table["doc_id"] == doc_id]

    counts = of("header_counts")
    paragraphs = of("paragraphs")
    body_ids = set(paragraphs.loc[paragraphs["kind"] == "paragraph", "paragraph_id"])
    interventions = of("interventions")
    named = interventions.loc[interventions["speaker_id"].notna()]
    attendance = of("attendance")
    listed = set(attendance["person_id"].dropna())
    found = doc["meeting_date"] if pd.notna(doc["meeting_date"]) else None
    return DocCheck(
        file=label,
        body=body,
        pages=int(doc["n_pages"]),
        words=len(str(doc["text"]).split()),
        errors=n_errors,
        expected_date=expected.isoformat() if expected else None,
        found_date=str(found) if found else None,
        attendance_rows=len(attendance),
        counts_stated=len(counts),
        counts_agree=int((counts["agrees"] == True).sum()),  # noqa: E712 - nullable boolean column
        body_paragraphs=len(body_ids),
        with_speaker=len(set(named["paragraph_id"]) & body_ids),
        attributed=len(named),
        continuation=int((named["cue"] == "continuation").sum()),
        speakers_not_listed=len(set(named["speaker_id"]) - listed),
        agenda_items=len(of("policies")),
        amounts=len(of("amounts")),
        dates=len(of("dates")),
        seconds=seconds,
    )


def totals(checks: list[DocCheck]) -> dict:
    """Corpus figures: sums, and shares over the pooled counts (each paragraph weighs once)."""
    dated = [c for c in checks if c.expected_date]
    pages = sum(c.pages for c in checks)
    words = sum(c.words for c in checks)
    timed = [c for c in checks if c.seconds is not None]
    summed = {name: sum(getattr(c, name) for c in checks) for name in (
        "pages", "words", "errors", "attendance_rows", "counts_stated", "counts_agree", "body_paragraphs", "with_speaker",
        "attributed", "continuation", "speakers_not_listed", "agenda_items", "amounts", "dates")}
    return {
        "documents": len(checks),
        "bodies": len({c.body for c in checks}),
        **summed,
        "date_found": sum(c.found_date is not None for c in checks),
        "dates_checked": len(dated),
        "date_ok": sum(bool(c.date_ok) for c in dated),
        "no_agenda_items": sum(c.agenda_items == 0 for c in checks),
        "no_attendance": sum(c.attendance_rows == 0 for c in checks),
        "speaker_share": _round(_ratio(summed["with_speaker"], summed["body_paragraphs"])),
        "continuation_share": _round(_ratio(summed["continuation"], summed["attributed"])),
        "amounts_per_kw": _round(_ratio(1000 * summed["amounts"], words)),
        "dates_per_kw": _round(_ratio(1000 * summed["dates"], words)),
        "seconds_per_page": _round(_ratio(sum(c.seconds for c in timed), sum(c.pages for c in timed))) if timed else None,
        "pages_timed": sum(c.pages for c in timed) if timed else 0,
        "pages_total": pages,
    }


def regressions(old: dict, new: dict) -> list[str]:
    """What got worse from one document's baseline figures to its new ones, in words."""
    worse = []
    if new["errors"] > old["errors"]:
        worse.append(f"errors {old['errors']} -> {new['errors']}")
    if old.get("date_ok") is True and new.get("date_ok") is not True:
        worse.append(f"meeting date {old['found_date']} -> {new['found_date']}")
    elif old["found_date"] and not new["found_date"]:
        worse.append(f"meeting date lost ({old['found_date']})")
    if old["attendance_rows"] and not new["attendance_rows"]:
        worse.append(f"attendance rows {old['attendance_rows']} -> 0")
    if new["counts_agree"] < old["counts_agree"]:
        worse.append(f"header counts agreeing {old['counts_agree']} -> {new['counts_agree']}")
    for name, sign in (("speaker_share", -1), ("continuation_share", 1)):
        before, after = old.get(name), new.get(name)
        if before is not None and after is not None and sign * (after - before) > SHARE_TOLERANCE:
            worse.append(f"{name} {before:.2f} -> {after:.2f}")
        elif name == "speaker_share" and before and after is None:
            worse.append(f"{name} {before:.2f} -> none")
    if new["speakers_not_listed"] > old["speakers_not_listed"]:
        worse.append(f"speakers not on the attendance list {old['speakers_not_listed']} -> {new['speakers_not_listed']}")
    if old["agenda_items"] and not new["agenda_items"]:
        worse.append(f"agenda items {old['agenda_items']} -> 0")
    for name in ("amounts", "dates"):  # a drop to nothing is a loss; other moves may be fixes
        if old[name] and not new[name]:
            worse.append(f"{name} {old[name]} -> 0")
    before, after = old.get("seconds_per_page"), new.get("seconds_per_page")
    if before and after and after > TIME_FACTOR * before and after - before > TIME_FLOOR:
        worse.append(f"seconds per page {before:.2f} -> {after:.2f}")
    return worse


def compare(baseline: dict, current: dict) -> dict[str, list[str]]:
    """Documents of the baseline that got worse (or vanished) -> what got worse."""
    now = {d["file"]: d for d in current["documents"]}
    report = {}
    for old in baseline["documents"]:
        new = now.get(old["file"])
        found = regressions(old, new) if new else ["missing from this run"]
        if found:
            report[old["file"]] = found
    return report


# --- running -----------------------------------------------------------------------------


def manifest_bodies() -> dict[str, str]:
    """File name -> body, from the regression corpus manifest (empty when absent)."""
    path = ROOT / "corpus" / "regression" / "MANIFEST.tsv"
    if not path.is_file():
        return {}
    table = pd.read_csv(path, sep="\t", dtype=str)
    return dict(zip(table["file"], table["body"]))


def _label(path: Path) -> str:
    """A key that names the file alike on every checkout: its path in the
    repository, or "<folder>/<file>" for archives kept elsewhere."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(ROOT))
    except ValueError:
        return f"{resolved.parent.name}/{resolved.name}"


def check_folders(folders: list[Path], *, out: Path | None, config: Config, progress: bool) -> list[DocCheck]:
    bodies = manifest_bodies()
    checks: list[DocCheck] = []
    stored = read_tables(out) if out else None
    if stored is None and config.needs_nlp:
        load_nlp()  # memoised: loaded here so that no document's time includes it
    for folder in folders:
        for source_file in iter_sources([folder]):
            path = Path(source_file.source)
            body = bodies.get(path.name) if folder.resolve() == DEFAULT_FOLDERS[0].resolve() else None
            body = body or folder.resolve().name
            if stored is not None:
                seconds, tables = None, stored
            else:
                started = time.perf_counter()
                tables = run([source_file.source], config).tables
                seconds = time.perf_counter() - started
            if progress:
                print(f"  {path.name}" + (f"  {seconds:.1f} s" if seconds is not None else ""), file=sys.stderr, flush=True)
            checks.append(check_document(tables, source_file.source, label=_label(path), body=body, seconds=seconds))
    return checks


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def markdown(checks: list[DocCheck], total: dict) -> str:
    """The total table and the per-body table, for the README."""
    lines = [
        "| documents | bodies | pages | error rows | date found | date = file name | docs with no attendance row | header counts agreeing | speaker share | continuation share | speakers not listed | agenda items (docs with none) | amounts / 1000 words | dates / 1000 words | s / page |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {total['documents']} | {total['bodies']} | {total['pages']} | {total['errors']} | {total['date_found']}/{total['documents']} "
        f"| {total['date_ok']}/{total['dates_checked']} | {total['no_attendance']} | {total['counts_agree']}/{total['counts_stated']} | {_fmt(total['speaker_share'])} "
        f"| {_fmt(total['continuation_share'])} | {total['speakers_not_listed']} | {total['agenda_items']} ({total['no_agenda_items']}) "
        f"| {_fmt(total['amounts_per_kw'], 1)} | {_fmt(total['dates_per_kw'], 1)} | {_fmt(total['seconds_per_page'])} |",
        "",
        "| body | docs | date = file name | docs with no attendance row | counts agreeing | speaker share | continuation share | speakers not listed | agenda items | s / page |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for body in sorted({c.body for c in checks}):
        t = totals([c for c in checks if c.body == body])
        lines.append(
            f"| {body.split(' – ')[0]} | {t['documents']} | {t['date_ok']}/{t['dates_checked']} | {t['no_attendance']} | {t['counts_agree']}/{t['counts_stated']} "
            f"| {_fmt(t['speaker_share'])} | {_fmt(t['continuation_share'])} | {t['speakers_not_listed']} | {t['agenda_items']} "
            f"| {_fmt(t['seconds_per_page'])} |"
        )
    return "\n".join(lines)


def print_text(checks: list[DocCheck], total: dict) -> None:
    print(f"{'file':58} {'pg':>3} {'err':>3} {'date':10} {'ok':>3} {'att':>3} {'cnt':>5} {'spk':>5} {'cont':>5} {'unl':>3} {'agd':>3} {'$/kw':>5} {'d/kw':>5} {'s/pg':>5}")
    for c in checks:
        print(f"{Path(c.file).name[:58]:58} {c.pages:>3} {c.errors:>3} {c.found_date or '–':10} {_fmt(c.date_ok):>3} "
              f"{c.attendance_rows:>3} {c.counts_agree:>2}/{c.counts_stated:<2} {_fmt(c.speaker_share):>5} {_fmt(c.continuation_share):>5} "
              f"{c.speakers_not_listed:>3} {c.agenda_items:>3} {_fmt(c.amounts_per_kw, 1):>5} {_fmt(c.dates_per_kw, 1):>5} "
              f"{_fmt(c.seconds_per_page):>5}")
    print()
    print(json.dumps(total, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT_FOLDERS), metavar="FOLDER")
    parser.add_argument("--out", type=Path, help="read the tables of an earlier `minutes run` here instead of running")
    parser.add_argument("--json", action="store_true", help="print one JSON object (documents and totals)")
    parser.add_argument("--markdown", action="store_true", help="print the total and per-body tables in markdown")
    parser.add_argument("--save-baseline", type=Path, metavar="FILE", help="write the JSON figures to FILE")
    parser.add_argument("--compare", type=Path, metavar="BASELINE", help="list documents that got worse than BASELINE")
    parser.add_argument("--no-ocr", action="store_true", help="skip OCR (scans then yield error rows)")
    args = parser.parse_args(argv)

    missing = [str(f) for f in args.folders if not f.is_dir()]
    if missing:
        parser.error(f"no folder at {', '.join(missing)}")
    config = Config(out_dir=Path("unused"), ocr=not args.no_ocr)
    checks = check_folders(args.folders, out=args.out, config=config, progress=not args.json)
    total = totals(checks)
    result = {"folders": [_label(f) for f in args.folders], "totals": total, "documents": [c.to_json() for c in checks]}
    if args.save_baseline:
        args.save_baseline.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    elif args.markdown:
        print(markdown(checks, total))
    else:
        print_text(checks, total)
    if args.compare:
        worse = compare(json.loads(args.compare.read_text(encoding="utf-8")), result)
        print(f"\ncompared with {args.compare}: {len(worse)} document(s) got worse", file=sys.stderr if args.json else sys.stdout)
        for name, items in worse.items():
            print(f"  WORSE {name}: {'; '.join(items)}", file=sys.stderr if args.json else sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
