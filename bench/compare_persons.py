"""Persons across an archive: ours against the Regards Citoyens attendance.

Reconciliation must make each councillor one person over all meetings. This
counts, over the meetings both sides have, the distinct persons of our
attendance table (by ``person_id``) and the distinct names of the peer's
files, matches them by name key (the same fuzzy key as
``compare_regardscitoyens.py``), and lists every person found on one side
only and every person whose number of meetings present differs.

    python bench/compare_persons.py --out /tmp/archive-out/chemere
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_regardscitoyens import DEFAULT_REFERENCE, NameKey, key_similarity, load_reference, name_key  # noqa: E402

MATCH = 0.0  # key_similarity returns 0 for keys that are not the same person


def our_persons(out_dir: Path, dates: set[str]) -> tuple[dict[str, NameKey], dict[str, str], Counter, Counter]:
    attendance = pd.read_parquet(out_dir / "attendance.parquet")
    documents = pd.read_parquet(out_dir / "documents.parquet")[["doc_id", "meeting_date"]]
    persons = pd.read_parquet(out_dir / "persons.parquet").set_index("person_id")
    rows = attendance.merge(documents, on="doc_id")
    rows = rows[rows["meeting_date"].isin(dates)]
    keys, names, present, listed = {}, {}, Counter(), Counter()
    for row in rows.itertuples():
        if pd.isna(row.person_id):
            continue
        person = persons.loc[row.person_id]
        keys[row.person_id] = name_key(person["given_name"], person["family_name"])
        names[row.person_id] = str(person["name"])
        listed[row.person_id] += 1
        if row.status == "present":
            present[row.person_id] += 1
    return keys, names, present, listed


def their_persons(reference: Path, dates: set[str]) -> tuple[dict[str, tuple[NameKey, ...]], Counter]:
    keys, present = {}, Counter()
    for date, entries in load_reference(reference).items():
        if date not in dates:
            continue
        for entry in entries:
            keys.setdefault(entry.name, entry.keys)
            if entry.status == "present":
                present[entry.name] += 1
    return keys, present


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="output folder of a run over the archive")
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    args = parser.parse_args(argv)

    documents = pd.read_parquet(args.out / "documents.parquet")
    reference_dates = set(load_reference(args.reference))
    dates = set(documents["meeting_date"].dropna()) & reference_dates
    ours, names, our_present, listed = our_persons(args.out, dates)
    theirs, their_present = their_persons(args.reference, dates)

    matched: dict[str, list[str]] = defaultdict(list)  # their name -> our person ids
    def similarity(key: NameKey, name: str) -> float:
        return max(key_similarity(key, k) for k in theirs[name])

    for person_id, key in ours.items():
        best = max(theirs, key=lambda name: similarity(key, name), default=None)
        if best is not None and similarity(key, best) > MATCH:
            matched[best].append(person_id)
    ours_alone = sorted(pid for pid in ours if not any(pid in ids for ids in matched.values()))
    theirs_alone = sorted(name for name in theirs if name not in matched)

    print(f"meetings compared     {len(dates)}")
    print(f"distinct persons      ours {len(ours)}   theirs {len(theirs)}   matched names {len(matched)}")
    split = {name: ids for name, ids in matched.items() if len(ids) > 1}
    print(f"split (one of theirs, several of ours): {len(split)}")
    for name, ids in sorted(split.items()):
        print(f"  {name}: " + "; ".join(f"{names[i]} ({listed[i]} rows)" for i in ids))
    print(f"ours only: {len(ours_alone)}")
    for pid in ours_alone:
        print(f"  {names[pid]} ({listed[pid]} rows, {our_present[pid]} present)")
    print(f"theirs only: {len(theirs_alone)}")
    for name in theirs_alone:
        print(f"  {name} ({their_present[name]} present)")
    differing = [
        (name, sum(our_present[i] for i in ids), their_present[name])
        for name, ids in sorted(matched.items())
        if sum(our_present[i] for i in ids) != their_present[name]
    ]
    same = len(matched) - len(differing)
    print(f"meetings present: same count for {same} of {len(matched)} matched persons; differing:")
    for name, mine, peer in differing:
        print(f"  {name}: ours {mine}, theirs {peer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
