"""SCDL « Délibérations » 2.1 (schema.data.gouv.fr, scdl/deliberations): one CSV
row per deliberation, an agenda item that carries a vote or a decision.

Columns in the published order; UTF-8, comma, CRLF, header of field names.
Every value comes from the tables or from the user, never from a guess:

- ``COLL_NOM``: the body that met (documents.body);
- ``COLL_SIRET``: from the user's bodies file (``--bodies``: YAML, body name
  -> 14-digit SIRET);
- ``DELIB_ID``: the item's policy_id (stable across runs);
- ``DELIB_DATE``: the meeting date;
- ``DELIB_MATIERE_CODE``/``DELIB_MATIERE_NOM``: the item's ACTES
  classification (policies.actes_code/actes_name, or ``pipeline.actes.classify``
  on the label when the run predates those columns);
- ``DELIB_OBJET``: the item's label;
- ``VOTE_*``: from the item's one vote that gives figures, all five or none,
  and only when they hold together (VOTE_EFFECTIF from the header count of
  members in office ≥ VOTE_REEL = POUR + CONTRE + ABSTENTION ≥ each); a
  figure left unsaid is 0 only when the others add up to the voters' count;
- ``BUDGET_*``, ``PREF_*``, ``DELIB_URL``: empty (minutes do not say them).

A row that lacks a required value cannot be valid SCDL, so it is written
aside, with the same columns and a last ``MANQUE`` column naming what is
missing: ``deliberations-unclassified.csv`` when the ACTES subject is unknown,
``deliberations-incomplete.csv`` when the subject is known but the SIRET (or
the date, or the body) is not. ``deliberations.csv`` holds only complete rows.
Bodies without a SIRET are listed in ``bodies-missing.yaml`` beside them:
fill it in and pass it back with ``--bodies``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline import ids
from pipeline.exports.common import ExportReport, clean_text, meetings, records

COLUMNS = [
    "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM", "DELIB_OBJET",
    "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID", "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
    "VOTE_ABSTENTION", "DELIB_URL",
]
VOTE_COLUMNS = ["VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"]
REQUIRED = ["COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM", "DELIB_OBJET"]
MISSING_COLUMN = "MANQUE"
SIRET = re.compile(r"^\d{14}$")
MATIERE_CODE = re.compile(r"^\d\.\d{1,2}$")
# The header count of members in office ("conseillers en exercice"), folded.
IN_OFFICE_LABEL = re.compile(r"\ben exercice\b")
# The header count of members who vote, present or represented ("votants").
VOTERS_LABEL = re.compile(r"^votants?$")

MAIN_FILE = "deliberations.csv"
UNCLASSIFIED_FILE = "deliberations-unclassified.csv"
INCOMPLETE_FILE = "deliberations-incomplete.csv"
BODIES_TODO_FILE = "bodies-missing.yaml"
# An ACTES acknowledgement of receipt: department-SIREN-date-number-nature.
ACTES_RECEIPT = re.compile(r"\b\d{3}-(?P<siren>\d{9})-(?:19|20)\d{6}-[\w-]+")


class BodiesFileError(ValueError):
    """The user's bodies file cannot be used (not a mapping, a SIRET that is not 14 digits)."""


def read_bodies(path: str | Path | None) -> dict[str, str]:
    """The user's bodies file: body name -> SIRET, keyed by folded name. Empty values are allowed (still to fill)."""
    if path is None:
        return {}
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict):
        raise BodiesFileError(f"{path} must map body names to SIRET numbers (name: \"21440040700019\")")
    bodies: dict[str, str] = {}
    for name, siret in data.items():
        if siret is None or str(siret).strip() == "":
            continue
        siret = str(siret).strip().replace(" ", "")
        if not SIRET.match(siret):
            raise BodiesFileError(f"{path}: the SIRET of {name!r} is {siret!r}, not 14 digits (quote it so YAML keeps leading zeros)")
        bodies[ids.fold(str(name))] = siret
    return bodies


@dataclass(frozen=True, slots=True)
class Matiere:
    code: str | None
    name: str | None


def _classifier():
    """``pipeline.actes.classify`` when that module exists in this version, else None."""
    try:
        from pipeline import actes  # noqa: PLC0415 - optional stage, built on another branch
    except ImportError:
        return None
    return getattr(actes, "classify", None)


def matieres(policies: pd.DataFrame, report: ExportReport) -> dict[str, Matiere]:
    """policy_id -> its ACTES subject: the policies columns when the run wrote them,
    else the classifier on the label, else nothing (and a warning)."""
    found: dict[str, Matiere] = {}
    if {"actes_code", "actes_name"} <= set(policies.columns):
        for row in records(policies):
            found[row["policy_id"]] = Matiere(row["actes_code"], row["actes_name"])
        return found
    classify = _classifier()
    if classify is None:
        report.warn(
            "no ACTES classification in this version (policies has no actes_code column and pipeline.actes is absent): "
            f"every deliberation goes to {UNCLASSIFIED_FILE}"
        )
        return {row["policy_id"]: Matiere(None, None) for row in records(policies)}
    for row in records(policies):
        result = classify(row["label"] or "")
        found[row["policy_id"]] = Matiere(getattr(result, "code", None), getattr(result, "scdl_name", None)) if result else Matiere(None, None)
    return found


def _vote_columns(
    votes: list[dict[str, Any]], in_office: int | None, voters: int | None = None
) -> tuple[dict[str, int] | None, str | None]:
    """The five VOTE_* values, or None and why not (None, None when there is simply no figure).

    A figure the minutes leave out ("par 13 voix pour et 2 abstentions") is
    taken as 0 only when the figures given already add up to the meeting's
    count of voters ("votants"): then nobody is left to have voted otherwise.
    """
    keys = ("votes_for", "votes_against", "abstentions")
    counted = [v for v in votes if any(v[c] is not None for c in keys)]
    if not counted:
        return None, None
    if len(counted) > 1:
        return None, f"{len(counted)} votes with figures on one item"
    given = {c: int(counted[0][c]) for c in keys if counted[0][c] is not None}
    if len(given) < len(keys):
        if voters is None or sum(given.values()) != voters:
            return None, "figures given only in part (pour/contre/abstention) and they do not add up to the voters' count"
        given = {c: given.get(c, 0) for c in keys}
    if in_office is None:
        return None, "no count of members in office (VOTE_EFFECTIF)"
    pour, contre, abstention = given["votes_for"], given["votes_against"], given["abstentions"]
    reel = pour + contre + abstention
    if not in_office >= reel >= max(pour, contre, abstention):
        return None, f"figures disagree: {in_office} in office < {reel} voting"
    return {"VOTE_EFFECTIF": in_office, "VOTE_REEL": reel, "VOTE_POUR": pour, "VOTE_CONTRE": contre, "VOTE_ABSTENTION": abstention}, None


def build_rows(tables: dict[str, pd.DataFrame], bodies: dict[str, str], report: ExportReport) -> list[dict[str, Any]]:
    """One row per deliberation, every column filled from the tables (empty string when unknown)."""
    by_doc = {m.doc_id: m for m in meetings(tables)}
    policies = tables["policies"]
    subject = matieres(policies, report)
    votes_by_policy: dict[str, list[dict[str, Any]]] = {}
    for vote in records(tables["votes"]):
        if vote["policy_id"]:
            votes_by_policy.setdefault(vote["policy_id"], []).append(vote)
    interventions = tables["interventions"]
    decided = set(interventions.loc[interventions["act"] == "decision", "policy_id"].dropna())
    in_office: dict[str, int] = {}
    voters: dict[str, int] = {}
    for row in records(tables["header_counts"]):
        label = ids.fold(row["label"] or "")
        if row["value"] is None:
            continue
        if IN_OFFICE_LABEL.search(label):
            in_office.setdefault(row["doc_id"], int(row["value"]))
        elif VOTERS_LABEL.search(label):
            voters.setdefault(row["doc_id"], int(row["value"]))

    rows = []
    for policy in records(policies):
        policy_id = policy["policy_id"]
        if policy_id not in votes_by_policy and policy_id not in decided:
            continue
        meeting = by_doc.get(policy["doc_id"])
        matiere = subject.get(policy_id, Matiere(None, None))
        code = matiere.code if matiere.code and MATIERE_CODE.match(matiere.code) else None
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            COLL_NOM=(meeting.body if meeting else None) or "",
            COLL_SIRET=bodies.get(ids.fold(meeting.body)) or "" if meeting and meeting.body else "",
            DELIB_ID=policy_id,
            DELIB_DATE=(meeting.date if meeting else None) or "",
            DELIB_MATIERE_CODE=code or "",
            DELIB_MATIERE_NOM=(matiere.name if code else None) or "",
            DELIB_OBJET=clean_text(policy["label"]),
        )
        columns, problem = _vote_columns(votes_by_policy.get(policy_id, []), in_office.get(policy["doc_id"]), voters.get(policy["doc_id"]))
        if columns:
            row.update(columns)
        elif problem:
            report.warn(f"{policy_id} ({row['DELIB_OBJET'][:60]}): vote columns left empty, {problem}")
        rows.append(row)
    rows.sort(key=lambda r: (r["DELIB_DATE"], r["DELIB_ID"]))
    return rows


def sirens_seen(tables: dict[str, pd.DataFrame]) -> dict[str, Counter]:
    """Body -> the SIRENs of the ACTES acknowledgements of receipt printed in its
    minutes ("044-214400400-20140114-D2014-1-DE": department, SIREN, date, act
    number, nature), with how often: a hint for whoever fills the SIRET, never
    a SIRET (the 5-digit establishment number is not in it)."""
    bodies = {m.doc_id: m.body for m in meetings(tables) if m.body}
    found: dict[str, Counter] = {}
    for row in records(tables["paragraphs"][["doc_id", "text"]]):
        body = bodies.get(row["doc_id"])
        if body and row["text"]:
            for match in ACTES_RECEIPT.finditer(row["text"]):
                found.setdefault(body, Counter())[match.group("siren")] += 1
    return found


def bodies_todo(bodies: list[str], sirens: dict[str, Counter]) -> str:
    """The bodies file still to fill, each body with the SIRENs its minutes show, as comments."""
    lines = ["# The SIRET (14 digits, quoted) of each body, then: minutes export ... --format scdl --bodies THIS_FILE"]
    for body in bodies:
        for siren, n in sirens.get(body, Counter()).most_common():
            lines.append(f"# SIREN {siren} is printed in {n} acknowledgement(s) of receipt in its minutes (SIRET = SIREN + 5-digit NIC)")
        lines.append(yaml.safe_dump({body: ""}, allow_unicode=True).rstrip("\n"))
    return "\n".join(lines) + "\n"


def vote_rule_violations(row: dict[str, Any]) -> list[str]:
    """The cross-column vote rules of the schema that a row (strings, as read back from the CSV) breaks."""
    values = {c: row.get(c, "") for c in VOTE_COLUMNS}
    filled = [c for c, v in values.items() if v not in ("", None)]
    if not filled:
        return []
    if len(filled) != len(VOTE_COLUMNS):
        return [f"VOTE_* all or none: only {', '.join(filled)}"]
    n = {c: int(v) for c, v in values.items()}
    problems = []
    if n["VOTE_EFFECTIF"] < n["VOTE_REEL"]:
        problems.append("VOTE_EFFECTIF < VOTE_REEL")
    if any(n["VOTE_REEL"] < n[c] for c in ("VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")):
        problems.append("VOTE_REEL < one of POUR/CONTRE/ABSTENTION")
    if n["VOTE_POUR"] + n["VOTE_CONTRE"] + n["VOTE_ABSTENTION"] != n["VOTE_REEL"]:
        problems.append("POUR + CONTRE + ABSTENTION != VOTE_REEL")
    return problems


def missing(row: dict[str, Any]) -> list[str]:
    return [column for column in REQUIRED if row[column] in ("", None)]


def _write(path: Path, rows: list[dict[str, Any]], *, with_missing: bool) -> Path:
    fields = COLUMNS + ([MISSING_COLUMN] if with_missing else [])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            out = {key: row[key] for key in COLUMNS}
            if with_missing:
                out[MISSING_COLUMN] = " ".join(missing(row))
            writer.writerow(out)
    return path


def export_scdl(tables: dict[str, pd.DataFrame], directory: Path, *, bodies_file: str | Path | None = None) -> ExportReport:
    """Write the SCDL deliberations CSV (and the rows that cannot be valid, aside) into ``directory``."""
    report = ExportReport("scdl", directory)
    directory.mkdir(parents=True, exist_ok=True)
    bodies = read_bodies(bodies_file)
    rows = build_rows(tables, bodies, report)
    complete = [r for r in rows if not missing(r)]
    unclassified = [r for r in rows if not r["DELIB_MATIERE_CODE"]]
    incomplete = [r for r in rows if r["DELIB_MATIERE_CODE"] and missing(r)]
    report.files.append(_write(directory / MAIN_FILE, complete, with_missing=False))
    report.files.append(_write(directory / UNCLASSIFIED_FILE, unclassified, with_missing=True))
    report.files.append(_write(directory / INCOMPLETE_FILE, incomplete, with_missing=True))
    report.counts.update(
        deliberations=len(rows),
        complete=len(complete),
        classified=len(rows) - len(unclassified),
        unclassified=len(unclassified),
        incomplete=len(incomplete),
        with_votes=sum(1 for r in rows if r["VOTE_REEL"] != ""),
    )
    if unclassified:
        report.warn(f"{len(unclassified)} deliberation(s) have no ACTES subject and are written to {UNCLASSIFIED_FILE}, not {MAIN_FILE}")
    without_siret = sorted({r["COLL_NOM"] for r in rows if r["COLL_NOM"] and not r["COLL_SIRET"]})
    if without_siret:
        todo = directory / BODIES_TODO_FILE
        todo.write_text(bodies_todo(without_siret, sirens_seen(tables)), encoding="utf-8")
        report.files.append(todo)
        where = f"fill {todo} (or your --bodies file {bodies_file})" if bodies_file else f"fill {todo} and pass it with --bodies"
        report.warn(f"{len(without_siret)} bod(y/ies) without a SIRET ({', '.join(without_siret)}): their rows are not in {MAIN_FILE}; {where}")
    no_body = sum(1 for r in rows if not r["COLL_NOM"])
    if no_body:
        report.warn(f"{no_body} deliberation(s) come from minutes whose body is unknown (COLL_NOM): written aside")
    return report
