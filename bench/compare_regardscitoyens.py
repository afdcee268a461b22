"""Compare our attendance with the Regards Citoyens parser's, meeting by meeting.

The reference folder holds one JSON file per meeting, named after its ISO
date, with lists of names under ``presents``, ``excuses`` and ``absents``
(a peer's output, not gold: its names are normalised to "Given Family", e.g.
"Marie-Jo Batard" for "Marie-Josèphe BATARD"). Our side is
``attendance.parquet`` joined with ``documents.parquet`` for the meeting date.

Persons are matched on a folded key (family name + first given-name
initial), fuzzily where spellings differ; agreement is the F1 over
(person, status) pairs. The reference has no "represented" status: a member
who gave a proxy is listed by it among the excused, so our ``represented``
rows count as ``excused`` unless ``--strict-represented`` is given.

    python bench/compare_regardscitoyens.py --out /tmp/archive-out/chemere
    python bench/compare_regardscitoyens.py --out DIR --reference ../shared/reference/chemere-regardscitoyens --json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "chemere-regardscitoyens"

# The reference's list names -> our statuses.
REFERENCE_LISTS = {"presents": "present", "excuses": "excused", "absents": "absent"}
# Family names at least this similar (rapidfuzz ratio, 0-100) with the same
# given-name initial are one person: absorbs accents lost, a doubled letter.
FAMILY_SIMILARITY = 85.0


# --- name keys ------------------------------------------------------------------------


def fold_name(text: str) -> str:
    """Casefold, strip accents, keep letters, hyphens and spaces only."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    stripped = re.sub(r"[’'`]", " ", stripped)
    stripped = re.sub(r"[^\w\s-]|\d|_", " ", stripped)
    return " ".join(stripped.split())


@dataclass(frozen=True, slots=True)
class NameKey:
    family: str  # folded family name ("" when only a given name is known)
    initial: str  # folded first letter of the first given name ("" when unknown)

    def __str__(self) -> str:
        return f"{self.family}|{self.initial}"


def name_key(given: str | None, family: str | None) -> NameKey:
    """Key of a name whose parts are known: "Marie-Josèphe", "BATARD" -> batard|m."""
    folded_given = fold_name(given or "")
    return NameKey(fold_name(family or ""), folded_given[:1])


def reference_keys(full_name: str) -> tuple[NameKey, ...]:
    """Candidate keys of a "Given Family" string whose split is unknown.

    The usual reading (last word the family name) comes first; the reversed
    one ("Lescurat Lionel") and a two-word family name follow, for fuzzy
    matching to choose from.
    """
    words = fold_name(full_name).split()
    if not words:
        return ()
    if len(words) == 1:
        return (NameKey(words[0], ""),)
    keys = [NameKey(words[-1], words[0][:1]), NameKey(words[0], words[1][:1])]
    if len(words) > 2:
        keys.append(NameKey(" ".join(words[1:]), words[0][:1]))
    return tuple(dict.fromkeys(keys))


def key_similarity(ours: NameKey, theirs: NameKey) -> float:
    """0-100: how surely two keys name one person (0 when the initials clash)."""
    if ours.initial and theirs.initial and ours.initial != theirs.initial:
        return 0.0
    if not ours.family or not theirs.family:
        return 0.0
    compact_ours, compact_theirs = ours.family.replace("-", " "), theirs.family.replace("-", " ")
    return max(fuzz.ratio(compact_ours, compact_theirs), fuzz.token_set_ratio(compact_ours, compact_theirs) - 5)


# --- one meeting ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # as shown in the report
    status: str
    keys: tuple[NameKey, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    name: str
    ours: str | None  # None: not listed by us
    theirs: str | None  # None: not listed by them


@dataclass(slots=True)
class MeetingComparison:
    date: str
    n_ours: int
    n_theirs: int
    agreed: int
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def f1(self) -> float:
        total = self.n_ours + self.n_theirs
        return 2 * self.agreed / total if total else 1.0


def _pairs(ours: list[Entry], theirs: list[Entry]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of the two lists by best key similarity."""
    scored = []
    for i, mine in enumerate(ours):
        for j, other in enumerate(theirs):
            score = max((key_similarity(a, b) for a in mine.keys for b in other.keys), default=0.0)
            if score >= FAMILY_SIMILARITY:
                # Prefer pairs that agree on status when a name is listed twice.
                scored.append((score + (0.5 if mine.status == other.status else 0.0), i, j))
    taken_ours: set[int] = set()
    taken_theirs: set[int] = set()
    pairs = []
    for _, i, j in sorted(scored, reverse=True):
        if i not in taken_ours and j not in taken_theirs:
            taken_ours.add(i)
            taken_theirs.add(j)
            pairs.append((i, j))
    return pairs


def compare_meeting(date: str, ours: list[Entry], theirs: list[Entry]) -> MeetingComparison:
    """Agreement over (person, status) for one meeting, with every disagreement."""
    pairs = _pairs(ours, theirs)
    result = MeetingComparison(date=date, n_ours=len(ours), n_theirs=len(theirs), agreed=0)
    for i, j in pairs:
        if ours[i].status == theirs[j].status:
            result.agreed += 1
        else:
            result.disagreements.append(Disagreement(f"{ours[i].name} / {theirs[j].name}", ours[i].status, theirs[j].status))
    paired_ours = {i for i, _ in pairs}
    paired_theirs = {j for _, j in pairs}
    result.disagreements += [Disagreement(e.name, e.status, None) for i, e in enumerate(ours) if i not in paired_ours]
    result.disagreements += [Disagreement(e.name, None, e.status) for j, e in enumerate(theirs) if j not in paired_theirs]
    return result


# --- loading ---------------------------------------------------------------------------------


def load_reference(folder: Path) -> dict[str, list[Entry]]:
    """Meeting date -> the reference's entries (one per listed name)."""
    meetings: dict[str, list[Entry]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        date = str(data.get("date") or path.stem)
        entries = []
        for list_name, status in REFERENCE_LISTS.items():
            for name in data.get(list_name) or ():
                entries.append(Entry(name=str(name), status=status, keys=reference_keys(str(name))))
        meetings[date] = _unique(entries)
    return meetings


def load_ours(out_dir: Path, *, strict_represented: bool) -> dict[str, list[Entry]]:
    """Meeting date -> our attendance entries, from the tables of a run."""
    attendance = pd.read_parquet(out_dir / "attendance.parquet")
    documents = pd.read_parquet(out_dir / "documents.parquet", columns=["doc_id", "meeting_date"])
    joined = attendance.merge(documents, on="doc_id", how="left")
    # Every dated document is a meeting of ours, even one whose list we missed.
    meetings: dict[str, list[Entry]] = {d: [] for d in documents["meeting_date"] if isinstance(d, str) and d}
    for row in joined.itertuples():
        if not isinstance(row.meeting_date, str) or not row.meeting_date:
            continue
        status = str(row.status)
        if status == "represented" and not strict_represented:
            status = "excused"
        given = row.given_name if isinstance(row.given_name, str) else None
        family = row.family_name if isinstance(row.family_name, str) else None
        shown = str(row.name) if isinstance(row.name, str) else " ".join(p for p in (given, family) if p)
        keys = (name_key(given, family),) if family else reference_keys(shown)
        meetings.setdefault(row.meeting_date, []).append(Entry(name=shown, status=status, keys=keys))
    return {date: _unique(entries) for date, entries in meetings.items()}


def _unique(entries: Iterable[Entry]) -> list[Entry]:
    """One entry per (key, status): a name listed twice with one status counts once."""
    seen: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        seen.setdefault((str(entry.keys[0]) if entry.keys else entry.name, entry.status), entry)
    return list(seen.values())


# --- report --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Comparison:
    meetings: list[MeetingComparison]
    only_ours: list[str]
    only_theirs: list[str]

    @property
    def micro_f1(self) -> float | None:
        """F1 over the (person, status) pairs of every compared meeting; None when none is."""
        agreed = sum(m.agreed for m in self.meetings)
        total = sum(m.n_ours + m.n_theirs for m in self.meetings)
        return 2 * agreed / total if total else None

    @property
    def macro_f1(self) -> float | None:
        return sum(m.f1 for m in self.meetings) / len(self.meetings) if self.meetings else None

    def to_json(self) -> dict:
        return {
            "meetings_compared": len(self.meetings),
            "only_ours": self.only_ours,
            "only_theirs": self.only_theirs,
            "micro_f1": self.micro_f1,
            "macro_f1": self.macro_f1,
            "meetings": [
                {
                    "date": m.date,
                    "n_ours": m.n_ours,
                    "n_theirs": m.n_theirs,
                    "agreed": m.agreed,
                    "f1": m.f1,
                    "disagreements": [{"name": d.name, "ours": d.ours, "theirs": d.theirs} for d in m.disagreements],
                }
                for m in self.meetings
            ],
        }


def compare(ours: dict[str, list[Entry]], theirs: dict[str, list[Entry]]) -> Comparison:
    shared = sorted(set(ours) & set(theirs))
    return Comparison(
        meetings=[compare_meeting(date, ours[date], theirs[date]) for date in shared],
        only_ours=sorted(set(ours) - set(theirs)),
        only_theirs=sorted(set(theirs) - set(ours)),
    )


def _print(comparison: Comparison) -> None:
    for meeting in comparison.meetings:
        print(f"{meeting.date}  ours {meeting.n_ours:3d}  theirs {meeting.n_theirs:3d}  agreed {meeting.agreed:3d}  F1 {meeting.f1:.3f}")
        for d in meeting.disagreements:
            print(f"    {d.name:<45} ours: {d.ours or '-':<11} theirs: {d.theirs or '-'}")
    print()
    print(f"meetings compared: {len(comparison.meetings)}   only ours: {len(comparison.only_ours)}   only theirs: {len(comparison.only_theirs)}")
    if comparison.only_ours:
        print(f"  only ours: {', '.join(comparison.only_ours)}")
    if not comparison.meetings:
        print("agreement over (person, status): n/a (no meeting on both sides)")
        return
    perfect = sum(1 for m in comparison.meetings if not m.disagreements)
    print(
        f"agreement over (person, status): micro F1 {comparison.micro_f1:.3f}   macro F1 {comparison.macro_f1:.3f}"
        f"   meetings in full agreement: {perfect}/{len(comparison.meetings)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="output folder of a run (attendance.parquet, documents.parquet)")
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="folder of the peer's JSON files")
    parser.add_argument("--strict-represented", action="store_true", help="keep our 'represented' apart from 'excused'")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)

    if not args.reference.is_dir():
        print(f"skipped: no reference at {args.reference}", file=sys.stderr)
        return 0
    if not (args.out / "attendance.parquet").is_file():
        print(f"no attendance.parquet in {args.out}: run the pipeline first", file=sys.stderr)
        return 2
    comparison = compare(load_ours(args.out, strict_represented=args.strict_represented), load_reference(args.reference))
    if args.json:
        json.dump(comparison.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print(comparison)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
