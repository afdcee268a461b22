"""What the three exchange formats share: the tables read once, meetings,
persons' names, the chair of a sitting, affiliation spans, and the report an
export returns.

Exports read the output tables of a run (``pipeline.io.read_tables``), never
the source files, so an export can be made long after the run, on another
machine, from the Parquet files alone.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import ids
from pipeline.io import read_model_file

log = logging.getLogger(__name__)

# Tables every export needs; a folder missing one is not the output of a run.
REQUIRED_TABLES = (
    "documents", "paragraphs", "policies", "interventions", "persons", "organisations",
    "attendance", "affiliations", "header_counts", "votes",
)

# Characters XML 1.0 forbids (C0 controls but tab, newline, carriage return):
# OCR output carries some, and lxml refuses them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(slots=True)
class ExportReport:
    """What an export wrote, what it counted, and what a person should look at."""

    format: str
    directory: Path
    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        log.info("%s export: %s", self.format, message)
        self.warnings.append(message)


@dataclass(frozen=True, slots=True)
class Meeting:
    """One document of the run, as a sitting of a body."""

    doc_id: str
    title: str | None
    body: str | None
    date: str | None  # ISO 8601
    source: str
    text: str

    @property
    def short_id(self) -> str:
        return self.doc_id[:16]

    @property
    def year(self) -> str:
        return self.date[:4] if self.date else "undated"


def check_tables(tables: dict[str, pd.DataFrame], out: str | Path) -> None:
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise FileNotFoundError(
            f"{out} lacks the table(s) {', '.join(missing)}; run `minutes run ... --out {out}` again with this version"
        )


def value(x: Any) -> Any:
    """A cell as a plain Python value, None for every kind of missing (NA, NaN, None)."""
    if x is None:
        return None
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        # Lists and arrays (variants) are never "missing" as a whole.
        return x
    if hasattr(x, "item"):  # numpy scalars into Python ones, for json
        return x.item()
    return x


def records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    for row in frame.to_dict("records"):
        yield {key: value(cell) for key, cell in row.items()}


def clean_text(text: str | None) -> str:
    """Text as XML and one-line formats want it: legal characters, single ordinary spaces."""
    if not text:
        return ""
    return " ".join(_XML_ILLEGAL.sub(" ", text).split())


def count_words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def meetings(tables: dict[str, pd.DataFrame]) -> list[Meeting]:
    """Every document of the run, by date then id (undated ones last)."""
    found = [
        Meeting(
            doc_id=row["doc_id"],
            title=clean_text(row["title"]) or None,
            body=clean_text(row["body"]) or None,
            date=row["meeting_date"],
            source=row["source"],
            text=row["text"] or "",
        )
        for row in records(tables["documents"])
    ]
    return sorted(found, key=lambda m: (m.date is None, m.date or "", m.doc_id))


def body_org_ids(tables: dict[str, pd.DataFrame], bodies: Iterable[str]) -> dict[str, str]:
    """Body name -> organisation id: the organisation of the run whose name or a
    variant folds to the body's name, else an id derived from the name (the
    same derivation as the organisations table, with a prefix of its own)."""
    by_form: dict[str, str] = {}
    for row in records(tables["organisations"]):
        for form in [row["name"], *(row["variants"] if row["variants"] is not None else [])]:
            if form:
                by_form.setdefault(ids.fold(form), row["org_id"])
    return {body: by_form.get(ids.fold(body)) or ids.entity_id("body", body) for body in bodies}


# --- persons ----------------------------------------------------------------------------------


def name_parts(person: dict[str, Any]) -> tuple[str | None, str | None]:
    """(forename, surname) of a persons row; (None, None) for a person named only
    by a role ("Monsieur le Préfet"), whose name is then used whole."""
    return clean_text(person.get("given_name")) or None, clean_text(person.get("family_name")) or None


@functools.cache
def _civility_genders() -> dict[str, str]:
    civilities = read_model_file("lexicons/persons.yaml").get("civilities") or {}
    return {
        form.casefold(): info["gender"]
        for form, info in civilities.items()
        if info and info.get("gender") in ("m", "f") and info.get("number") == "sing"
    }


def gender(variants: Iterable[str] | None) -> str | None:
    """"M" or "F" when the civilities the minutes wrote before a person's name
    all agree ("M. Jean DURAND", "Monsieur DURAND"); None when there is none
    or they disagree."""
    found = set()
    table = _civility_genders()
    for variant in variants if variants is not None else ():
        first = variant.split()[0].casefold() if variant and variant.split() else ""
        if first in table:
            found.add(table[first])
    return found.pop().upper() if len(found) == 1 else None


# --- roles ------------------------------------------------------------------------------------


@functools.cache
def _roles() -> tuple[tuple[str, ...], tuple[tuple[str, re.Pattern[str]], ...]]:
    data = read_model_file("lexicons/exports.yaml")
    chair = tuple(data["chair_roles"])
    affiliation = tuple((entry["role"], re.compile(entry["pattern"])) for entry in data["affiliation_roles"])
    return chair, affiliation


def affiliation_role(role: str | None) -> str:
    """The ParlaMint affiliation role for a role as written ("Maire" -> head)."""
    folded = ids.fold(role or "")
    for name, pattern in _roles()[1]:
        if pattern.search(folded):
            return name
    return "member"


def chairs(attendance: pd.DataFrame) -> dict[str, str]:
    """doc_id -> person_id of the sitting's chair: the first chair role (most
    specific first) that exactly one present person holds. A sitting where no
    role settles it has no chair, so that no speech is marked #chair on a guess."""
    chair_roles = _roles()[0]
    found: dict[str, str] = {}
    present = attendance[(attendance["status"] == "present") & attendance["person_id"].notna()]
    for doc_id, rows in present.groupby("doc_id", sort=False):
        folded = [(ids.fold(row["role"] or ""), row["person_id"]) for row in records(rows)]
        for chair_role in chair_roles:
            holders = {person for role, person in folded if role == chair_role}
            if len(holders) == 1:
                found[str(doc_id)] = holders.pop()
                break
            if len(holders) > 1:
                break
    return found


@dataclass(frozen=True, slots=True)
class AffiliationSpan:
    """A role a person holds in an organisation, over the meetings that state it."""

    person_id: str
    org_id: str | None
    organisation: str | None
    role: str | None
    first: str | None  # earliest meeting date stating it
    last: str | None  # latest meeting date stating it
    n_documents: int


def affiliation_spans(affiliations: pd.DataFrame) -> list[AffiliationSpan]:
    """Affiliations grouped by (person, organisation, role as folded), with the
    first and last meeting dates that state them."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in records(affiliations):
        if not row["person_id"]:
            continue
        org_key = row["org_id"] or ids.fold(row["organisation"] or "")
        groups.setdefault((row["person_id"], org_key, ids.fold(row["role"] or "")), []).append(row)
    spans = []
    for (person_id, _, _), rows in sorted(groups.items()):
        dates = sorted(r["meeting_date"] for r in rows if r["meeting_date"])
        spans.append(
            AffiliationSpan(
                person_id=person_id,
                org_id=next((r["org_id"] for r in rows if r["org_id"]), None),
                organisation=next((r["organisation"] for r in rows if r["organisation"]), None),
                role=next((r["role"] for r in rows if r["role"]), None),
                first=dates[0] if dates else None,
                last=dates[-1] if dates else None,
                n_documents=len({r["doc_id"] for r in rows}),
            )
        )
    return spans
