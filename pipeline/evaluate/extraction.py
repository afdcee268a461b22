"""One document's extraction as the scorers read it: table cells, rows, entities, paragraphs."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from pipeline.evaluate.text import normalise

# --- reading table cells -----------------------------------------------------------


def missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def as_str(value: Any) -> str | None:
    if missing(value):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def as_float(value: Any) -> float | None:
    return None if missing(value) else float(value)


def as_int(value: Any) -> int | None:
    return None if missing(value) else int(value)


def as_strings(value: Any) -> list[str]:
    """A list cell (a list, or a numpy array once read back from Parquet)."""
    if isinstance(value, str):
        return [value]
    if missing(value):
        return []
    return [str(item) for item in value if not missing(item)]


# --- the extraction of one document -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    entity_id: str
    name: str
    variants: frozenset[str]


@dataclass(frozen=True, slots=True)
class TextRow:
    """A row located by text: paragraph or intervention (normalised text)."""

    row_id: str
    seq: int
    text: str


@dataclass(frozen=True, slots=True)
class Extraction:
    doc_id: str
    frames: Mapping[str, pd.DataFrame]  # this document's rows of each doc-scoped table
    entities: Mapping[str, Mapping[str, Entity]]  # persons / organisations by id
    paragraphs: tuple[TextRow, ...]

    def rows(self, table: str) -> list[Mapping[str, Any]]:
        frame = self.frames.get(table)
        return [] if frame is None else frame.to_dict("records")

    def entity(self, entity_id: str | None, kinds: Iterable[str]) -> Entity | None:
        if entity_id is None:
            return None
        for kind in kinds:
            if entity_id in self.entities.get(kind, {}):
                return self.entities[kind][entity_id]
        return None

    def paragraphs_with(self, snippet: str) -> list[str]:
        needle = normalise(snippet)
        return [p.row_id for p in self.paragraphs if needle in p.text]

    def statement_with(self, snippet: str) -> set[str]:
        """Paragraphs holding the snippet, with the paragraph that introduces a list item
        ("décide :" then "- de mettre en place ..."): the list belongs to it."""
        found = set(self.paragraphs_with(snippet))
        frame = self.frames.get("paragraphs")
        if frame is None or "parent_id" not in frame.columns:
            return found
        parents = dict(zip(frame["paragraph_id"].astype(str), frame["parent_id"]))
        return found | {str(parents[p]) for p in found if not missing(parents.get(p))}


def run_entities(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, Entity]]:
    """The persons and organisations of the whole run, by kind and id."""
    return {
        "persons": _entities(tables, "persons", "person_id"),
        "organisations": _entities(tables, "organisations", "org_id"),
    }


def _entities(tables: Mapping[str, pd.DataFrame], kind: str, id_column: str) -> dict[str, Entity]:
    frame = tables.get(kind)
    if frame is None:
        return {}
    return {
        str(row[id_column]): Entity(
            str(row[id_column]),
            as_str(row.get("name")) or "",
            frozenset(normalise(v) for v in as_strings(row.get("variants"))),
        )
        for row in frame.to_dict("records")
    }


def document_entities(
    tables: Mapping[str, pd.DataFrame], doc_id: str, entities: Mapping[str, Mapping[str, Entity]]
) -> Mapping[str, Mapping[str, Entity]]:
    """Entities as this document names them.

    The persons and organisations tables span a whole run: across an archive
    "Monsieur le Maire" names one mayor, then the next. A document is scored
    on the entities it mentions, each with the forms used in it. Without a
    mentions table, entities are taken as they are.
    """
    mentions = tables.get("mentions")
    if mentions is None or mentions.empty:
        return entities
    rows = mentions[(mentions["doc_id"] == doc_id) & mentions["entity_id"].notna()]
    forms: dict[str, set[str]] = {}
    for entity_id, text in zip(rows["entity_id"], rows["text"]):
        forms.setdefault(str(entity_id), set()).add(normalise(str(text)))
    owner: dict[str, set[str]] = {}
    for entity_id, texts in forms.items():
        for text in texts:
            owner.setdefault(text, set()).add(entity_id)
    documents = tables.get("documents")
    body = ""
    if documents is not None and "text" in documents.columns:
        found = documents.loc[documents["doc_id"] == doc_id, "text"]
        body = normalise(str(found.iloc[0])) if len(found) else ""

    def local(entity: Entity) -> frozenset[str]:
        # Forms of its mentions here, and its other forms that occur here unless they
        # name someone else here ("Monsieur le Maire" is another mayor in another year).
        extra = {v for v in entity.variants if v in body and owner.get(v, {entity.entity_id}) == {entity.entity_id}}
        return frozenset(forms[entity.entity_id] | extra)

    return {
        kind: {entity_id: Entity(entity.entity_id, entity.name, local(entity)) for entity_id, entity in by_id.items() if entity_id in forms}
        for kind, by_id in entities.items()
    }


def extraction(
    tables: Mapping[str, pd.DataFrame], doc_id: str, entities: Mapping[str, Mapping[str, Entity]]
) -> Extraction:
    """This document's rows of every doc-scoped table, its paragraphs in reading order."""
    frames = {
        name: frame[frame["doc_id"] == doc_id]
        for name, frame in tables.items()
        if name != "documents" and "doc_id" in frame.columns
    }
    paragraphs = frames.get("paragraphs")
    texts = () if paragraphs is None else tuple(
        TextRow(str(row["paragraph_id"]), as_int(row.get("seq")) or 0, normalise(as_str(row.get("text")) or ""))
        for row in paragraphs.to_dict("records")
    )
    return Extraction(doc_id, frames, entities, tuple(sorted(texts, key=lambda t: t.seq)))
