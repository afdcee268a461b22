"""Score output tables against gold annotations, following corpus/gold/FORMAT.md.

Each source document is scored on its own against the gold file named after
its stem (``Path(source).name.split(".")[0]``): the text, PDF and scanned
renderings of one meeting are three rows. A gold section that is missing is
not scored (its metrics are absent); a metric whose denominator is empty is
``None`` and is left out of the mean over documents.

Matching rules that FORMAT.md leaves open, decided here:
- Snippets and texts are compared after ``normalise`` (markdown ``*``/``**``
  removed, non-breaking spaces and ``&nbsp;`` entities to spaces, whitespace
  folded); the literal entity is folded too because it is how markdown
  sources write a non-breaking space.
- A gold intervention is located as the intervention containing its
  ``starts``, preferring one not yet taken and one whose text begins with it;
  gold entries with identical ``starts`` need distinct interventions.
- The paragraph "named by ``starts``" is every paragraph of the document
  containing it (repeated decisions share their wording); items are then
  matched one to one, so three gold votes need three extracted votes.
- An extracted amount or date is left out of precision when an ``*_ignore``
  span lies in its paragraph and one text holds the other's words.
- Amount values must agree within 0.5 % on ``value`` and, where the gold
  gives them, on ``value_max`` and ``value_eur`` (so 10 MF read as euros is
  wrong); dates on ``value`` and ``value_end``.
- Accuracies over matched items count a gold ``null`` right only when the
  extraction is empty too (an attendance role invented for a bare name is
  wrong); an unknown unanimity flag counts as "not stated".
- Pairwise clustering precision/recall are ``None`` when no pair exists on
  that side; ``coverage`` (share of gold forms listed by some entity) is
  reported beside them so that listing nothing is not rewarded.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

FUZZY_THRESHOLD = 90
MONEY_TOLERANCE = 0.005
SPEAKER_KINDS = ("persons",)
ACTOR_KINDS = ("persons", "organisations")


# --- report records ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    value: float | None  # None when the denominator is empty
    support: int  # size of the denominator (gold items, matched items, documents)


@dataclass(frozen=True, slots=True)
class DocumentScore:
    source: str
    gold: str
    doc_id: str
    metrics: tuple[Metric, ...]

    def value(self, name: str) -> float | None:
        for metric in self.metrics:
            if metric.name == name:
                return metric.value
        raise KeyError(f"{name} is not scored for {self.source}")


@dataclass(frozen=True, slots=True)
class EvalReport:
    documents: tuple[DocumentScore, ...]
    means: tuple[Metric, ...]  # support = number of documents with a value
    not_in_output: tuple[str, ...]  # gold keys no output document matches
    without_gold: tuple[str, ...]  # output sources no gold file matches


# --- text normalisation --------------------------------------------------------


def normalise(text: str) -> str:
    """Snippet form of a text: markdown emphasis removed, spaces folded, case kept.

    Typographic apostrophes are folded to the straight one: gold snippets are
    typed with "'" while PDFs carry "’". Table-cell separators are spaces.
    """
    text = text.replace("&nbsp;", " ").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    # Table cells are joined by " | " in the output; gold snippets read a row as plain text.
    text = text.replace("|", " ")
    text = text.replace("*", "")
    return " ".join(text.split())


def plain(text: str) -> str:
    """Casefolded, accent-free snippet form, for rules that say "casefolded"."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@cache
def _token_re() -> re.Pattern[str]:
    # Words (letters and digits) and single symbols (€, %, /, -, '...).
    return re.compile(r"[^\W_]+|[^\w\s]|_")


@cache
def _number_re() -> re.Pattern[str]:
    return re.compile(r"\d+")


def text_match(gold: str, extracted: str) -> float | None:
    """How well an extracted item's text stands for a gold item's, or None.

    The extraction must contain every number of the gold text (a clipped
    ``250€`` is not ``1M250€``) and share at least half of the words and
    symbols of the longer text; the score is that shared share.
    """
    g, e = plain(gold), plain(extracted)
    if Counter(_number_re().findall(g)) - Counter(_number_re().findall(e)):
        return None
    g_tokens, e_tokens = Counter(_token_re().findall(g)), Counter(_token_re().findall(e))
    longer = max(g_tokens.total(), e_tokens.total())
    shared = (g_tokens & e_tokens).total()
    if longer == 0 or 2 * shared < longer:
        return None
    return shared / longer


def _covers(ignore: str, extracted: str) -> bool:
    """An extracted text falls under an ``*_ignore`` span (either one within the other)."""
    a, b = Counter(_token_re().findall(plain(ignore))), Counter(_token_re().findall(plain(extracted)))
    if not a or not b:
        return False
    return not (a - b) or not (b - a) or text_match(ignore, extracted) is not None


def _fuzzy_same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return fuzz.ratio(normalise(a).casefold(), normalise(b).casefold()) >= FUZZY_THRESHOLD


# --- reading table cells -----------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _str(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _float(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def _int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def _strings(value: Any) -> list[str]:
    """A list cell (a list, or a numpy array once read back from Parquet)."""
    if isinstance(value, str):
        return [value]
    if _missing(value):
        return []
    return [str(item) for item in value if not _missing(item)]


# --- the extraction of one document -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entity:
    entity_id: str
    name: str
    variants: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Text:
    """A row located by text: paragraph or intervention (normalised text)."""

    row_id: str
    seq: int
    text: str


@dataclass(frozen=True, slots=True)
class _Extraction:
    doc_id: str
    frames: Mapping[str, pd.DataFrame]  # this document's rows of each doc-scoped table
    entities: Mapping[str, Mapping[str, _Entity]]  # persons / organisations by id
    paragraphs: tuple[_Text, ...]

    def rows(self, table: str) -> list[Mapping[str, Any]]:
        frame = self.frames.get(table)
        return [] if frame is None else frame.to_dict("records")

    def entity(self, entity_id: str | None, kinds: Iterable[str]) -> _Entity | None:
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
        return found | {str(parents[p]) for p in found if not _missing(parents.get(p))}


def _entities(tables: Mapping[str, pd.DataFrame], kind: str, id_column: str) -> dict[str, _Entity]:
    frame = tables.get(kind)
    if frame is None:
        return {}
    return {
        str(row[id_column]): _Entity(
            str(row[id_column]),
            _str(row.get("name")) or "",
            frozenset(normalise(v) for v in _strings(row.get("variants"))),
        )
        for row in frame.to_dict("records")
    }


def _document_entities(
    tables: Mapping[str, pd.DataFrame], doc_id: str, entities: Mapping[str, Mapping[str, _Entity]]
) -> Mapping[str, Mapping[str, _Entity]]:
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

    def local(entity: _Entity) -> frozenset[str]:
        # Forms of its mentions here, and its other forms that occur here unless they
        # name someone else here ("Monsieur le Maire" is another mayor in another year).
        extra = {v for v in entity.variants if v in body and owner.get(v, {entity.entity_id}) == {entity.entity_id}}
        return frozenset(forms[entity.entity_id] | extra)

    return {
        kind: {entity_id: _Entity(entity.entity_id, entity.name, local(entity)) for entity_id, entity in by_id.items() if entity_id in forms}
        for kind, by_id in entities.items()
    }


def _extraction(
    tables: Mapping[str, pd.DataFrame], doc_id: str, entities: Mapping[str, Mapping[str, _Entity]]
) -> _Extraction:
    frames = {
        name: frame[frame["doc_id"] == doc_id]
        for name, frame in tables.items()
        if name != "documents" and "doc_id" in frame.columns
    }
    paragraphs = frames.get("paragraphs")
    texts = () if paragraphs is None else tuple(
        _Text(str(row["paragraph_id"]), _int(row.get("seq")) or 0, normalise(_str(row.get("text")) or ""))
        for row in paragraphs.to_dict("records")
    )
    return _Extraction(doc_id, frames, entities, tuple(sorted(texts, key=lambda t: t.seq)))


# --- small scoring helpers ----------------------------------------------------------------


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _prf(prefix: str, tp: int, n_gold: int, n_extracted: int) -> list[Metric]:
    f1 = 2 * tp / (n_gold + n_extracted) if n_gold + n_extracted else None
    return [
        Metric(f"{prefix}.precision", _ratio(tp, n_extracted), n_extracted),
        Metric(f"{prefix}.recall", _ratio(tp, n_gold), n_gold),
        Metric(f"{prefix}.f1", f1, n_gold),
    ]


def _accuracy(name: str, outcomes: Sequence[bool]) -> Metric:
    return Metric(name, _ratio(sum(outcomes), len(outcomes)), len(outcomes))


def _assign(n_gold: int, candidates: Callable[[int], Iterable[tuple[int, tuple[float, ...]]]]) -> dict[int, int]:
    """Each gold item takes its best extracted item, once (greedy on the score).

    ``candidates(i)`` yields (extracted index, score) pairs for gold item i;
    ties go to the gold item with fewer candidates, then to reading order.
    """
    pairs = []
    for i in range(n_gold):
        found = list(candidates(i))
        pairs.extend((score, -len(found), -i, -j, i, j) for j, score in found)
    pairs.sort(reverse=True)
    taken: set[int] = set()
    matches: dict[int, int] = {}
    for *_, i, j in pairs:
        if i not in matches and j not in taken:
            matches[i] = j
            taken.add(j)
    return matches


# --- gold helpers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _GoldEntity:
    name: str
    forms: frozenset[str]


def _gold_entities(gold: Mapping[str, Any], kinds: Iterable[str]) -> list[_GoldEntity]:
    return [
        _GoldEntity(str(entry["name"]), frozenset(normalise(str(f)) for f in entry.get("forms") or []))
        for kind in kinds
        for entry in gold.get(kind) or []
    ]


def _names(entity: _Entity | None, target: str, known: Sequence[_GoldEntity]) -> bool:
    """An extracted entity stands for the gold entity named ``target``.

    It lists one of its forms (or bears its name, casefolded) and lists no
    form of another gold entity.
    """
    if entity is None:
        return False
    own = next((g for g in known if g.name == target), _GoldEntity(target, frozenset({normalise(target)})))
    others = frozenset().union(*(g.forms for g in known if g.name != target)) - own.forms
    if entity.variants & others:
        return False
    return bool(entity.variants & own.forms) or normalise(entity.name).casefold() == normalise(target).casefold()


# --- sections ------------------------------------------------------------------------------


def _meeting(gold: Mapping[str, Any], document: Mapping[str, Any]) -> list[Metric]:
    metrics = []
    for field, column in (("title", "title"), ("body", "body")):
        if field in gold:
            expected, found = _str(gold[field]), _str(document.get(column))
            score = 0.0 if expected is None or found is None else fuzz.ratio(
                normalise(expected).casefold(), normalise(found).casefold()) / 100
            metrics.append(Metric(f"meeting.{field}", score, 1))
    if "date" in gold:
        same = _str(gold["date"]) == _str(document.get("meeting_date"))
        metrics.append(Metric("meeting.date", float(same), 1))
    return metrics


def _attendance(gold: Sequence[Mapping[str, Any]], ex: _Extraction) -> list[Metric]:
    rows = ex.rows("attendance")

    def key(family: Any, status: Any) -> tuple[str, str]:
        return normalise(_str(family) or "").casefold(), (_str(status) or "").casefold()

    def role_ok(g: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
        return _fuzzy_same(_str(g.get("role")), _str(row.get("role")))

    def org_ok(g: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
        expected, text = _str(g.get("org")), _str(row.get("organisation"))
        entity = ex.entity(_str(row.get("org_id")), ("organisations",))
        if expected is None:
            return text is None and entity is None
        names = [text] + ([entity.name, *entity.variants] if entity else [])
        return any(_fuzzy_same(expected, name) for name in names if name is not None)

    def candidates(i: int) -> Iterable[tuple[int, tuple[float, ...]]]:
        g = gold[i]
        for j, row in enumerate(rows):
            if key(g.get("family"), g.get("status")) == key(row.get("family_name"), row.get("status")):
                yield j, (float(role_ok(g, row) + org_ok(g, row)),)

    matches = _assign(len(gold), candidates)
    return [
        *_prf("attendance", len(matches), len(gold), len(rows)),
        _accuracy("attendance.role_accuracy", [role_ok(gold[i], rows[j]) for i, j in sorted(matches.items())]),
        _accuracy("attendance.org_accuracy", [org_ok(gold[i], rows[j]) for i, j in sorted(matches.items())]),
    ]


def _clustering(prefix: str, gold: list[_GoldEntity], entities: Iterable[_Entity]) -> list[Metric]:
    forms = frozenset().union(*(g.forms for g in gold))
    gold_pairs = {frozenset(p) for g in gold for p in combinations(sorted(g.forms), 2)}
    together: set[frozenset[str]] = set()
    listed: set[str] = set()
    for entity in entities:
        own = sorted(entity.variants & forms)
        listed.update(own)
        together.update(frozenset(p) for p in combinations(own, 2))
    tp = len(together & gold_pairs)
    return [
        *_prf(prefix, tp, len(gold_pairs), len(together)),
        Metric(f"{prefix}.coverage", _ratio(len(listed), len(forms)), len(forms)),
    ]


def _locate_interventions(starts: Sequence[str], found: Sequence[_Text]) -> list[_Text | None]:
    """The intervention holding each gold paragraph; identical starts need distinct ones."""
    located: list[_Text | None] = [None] * len(starts)
    taken: dict[str, set[str]] = {}
    # Longest snippets first, so a short snippet inside a longer one cannot steal its row.
    for i in sorted(range(len(starts)), key=lambda k: -len(starts[k])):
        snippet = starts[i]
        options = [t for t in found if snippet in t.text and snippet not in taken.get(t.row_id, set())]
        if options:
            best = min(options, key=lambda t: (bool(taken.get(t.row_id)), not t.text.startswith(snippet), t.seq))
            taken.setdefault(best.row_id, set()).add(snippet)
            located[i] = best
    return located


@dataclass(frozen=True, slots=True)
class _Speech:
    """The document's interventions, by id, and each gold paragraph's located one."""

    rows: Mapping[str, Mapping[str, Any]]
    located: list[_Text | None]

    def value(self, i: int, column: str) -> str | None:
        hit = self.located[i]
        return None if hit is None else _str(self.rows[hit.row_id].get(column))


def _intervention_texts(ex: _Extraction) -> tuple[dict[str, Mapping[str, Any]], list[_Text]]:
    rows = {str(r["intervention_id"]): r for r in ex.rows("interventions")}
    texts = [_Text(k, _int(r.get("seq")) or 0, normalise(_str(r.get("text")) or "")) for k, r in rows.items()]
    return rows, texts


def _interventions(gold: Mapping[str, Any], ex: _Extraction) -> list[Metric]:
    entries = gold["interventions"]
    rows, texts = _intervention_texts(ex)
    starts = [normalise(str(e["starts"])) for e in entries]
    speech = _Speech(rows, _locate_interventions(starts, texts))
    persons = _gold_entities(gold, SPEAKER_KINDS)
    speakers = [str(e["speaker"]) for e in entries]
    every = range(len(entries))

    def speaker_ok(i: int) -> bool:
        return _names(ex.entity(speech.value(i, "speaker_id"), SPEAKER_KINDS), speakers[i], persons)

    def pure(i: int) -> bool:
        # One giant intervention holding everyone's words is not a segmentation.
        hit = speech.located[i]
        return hit is not None and not any(speakers[k] != speakers[i] and starts[k] in hit.text for k in every)

    found = sum(hit is not None for hit in speech.located)
    metrics = [
        Metric("interventions.found", _ratio(found, len(entries)), len(entries)),
        _accuracy("interventions.speaker_accuracy", [speaker_ok(i) for i in every]),
        _accuracy("interventions.turn_purity", [pure(i) for i in every]),
    ]
    acts = [i for i in every if entries[i].get("act") is not None]
    if acts:
        metrics.append(_accuracy("interventions.act_accuracy",
                                 [speech.value(i, "act") == str(entries[i]["act"]) for i in acts]))
    return metrics + _policy_accuracy(gold, speech, ex)


def _policy_accuracy(gold: Mapping[str, Any], speech: _Speech, ex: _Extraction) -> list[Metric]:
    """The located intervention's agenda item heading against the gold one (null: no item)."""
    entries = gold["interventions"]
    headings = {str(k): str(v) for k, v in (gold.get("policies") or {}).items()}
    scored = [
        i for i, e in enumerate(entries)
        if "policy" in e and (e["policy"] is None or str(e["policy"]) in headings)
    ]
    if not scored:
        return []
    labels = {str(r["policy_id"]): _str(r.get("label")) for r in ex.rows("policies")}

    def policy_ok(i: int) -> bool:
        if speech.located[i] is None:
            return False
        policy_id, expected = speech.value(i, "policy_id"), entries[i]["policy"]
        if expected is None:
            return policy_id is None
        return policy_id is not None and _fuzzy_same(headings[str(expected)], labels.get(policy_id) or "")

    return [_accuracy("interventions.policy_accuracy", [policy_ok(i) for i in scored])]


def _no_speaker(snippets: Sequence[Any], ex: _Extraction) -> list[Metric]:
    """Text that carries no speech found inside an intervention that has a speaker."""
    rows, texts = _intervention_texts(ex)
    attributed = [t for t in texts if _str(rows[t.row_id].get("speaker_id")) is not None]
    wrong = sum(any(normalise(str(s)) in t.text for t in attributed) for s in snippets)
    return [
        Metric("interventions.false_attributions", float(wrong), len(snippets)),
        Metric("interventions.no_speaker_accuracy", _ratio(len(snippets) - wrong, len(snippets)), len(snippets)),
    ]


def _item_paragraphs(entry: Mapping[str, Any], ex: _Extraction) -> set[str]:
    """The paragraphs an amount or date may lie in: named by ``starts``, else holding its text."""
    text = str(entry["text"])
    if entry.get("starts") is None:
        return set(ex.paragraphs_with(text))
    named = ex.paragraphs_with(str(entry["starts"]))
    with_text = set(ex.paragraphs_with(text))
    holding = [p for p in named if p in with_text]
    return set(holding or named)


def _close(expected: Any, found: float | None) -> bool:
    if _missing(expected):
        return True
    if found is None:
        return False
    return abs(found - float(expected)) <= MONEY_TOLERANCE * abs(float(expected)) if expected else found == 0


def _amount_ok(gold: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    return (not _missing(gold.get("value")) and _close(gold.get("value"), _float(row.get("value")))
            and _close(gold.get("value_max"), _float(row.get("value_max")))
            and _close(gold.get("value_eur"), _float(row.get("value_eur"))))


def _date_ok(gold: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    return (_str(gold.get("value")) == _str(row.get("value"))
            and _str(gold.get("value_end")) == _str(row.get("value_end")))


def _items(prefix: str, gold: Sequence[Mapping[str, Any]], ignore: Sequence[Any], ex: _Extraction,
           value_ok: Callable[[Mapping[str, Any], Mapping[str, Any]], bool]) -> list[Metric]:
    rows = ex.rows(prefix)
    where = [_item_paragraphs(g, ex) for g in gold]
    texts = [_str(r.get("text")) or "" for r in rows]

    def candidates(i: int) -> Iterable[tuple[int, tuple[float, ...]]]:
        for j, row in enumerate(rows):
            if _str(row.get("paragraph_id")) in where[i]:
                score = text_match(str(gold[i]["text"]), texts[j])
                if score is not None:
                    yield j, (score, float(value_ok(gold[i], row)))

    matches = _assign(len(gold), candidates)
    matched = set(matches.values())
    paragraph_texts = {p.row_id: p.text for p in ex.paragraphs}

    def ignored(j: int) -> bool:
        # The span must be in the item's paragraph: a stray "2009" elsewhere is no page header.
        around = paragraph_texts.get(_str(rows[j].get("paragraph_id")) or "", "")
        return any(normalise(str(span)) in around and _covers(str(span), texts[j]) for span in ignore)

    n_ignored = sum(j not in matched and ignored(j) for j in range(len(rows)))
    right = [value_ok(gold[i], rows[j]) for i, j in sorted(matches.items())]
    return [
        *_prf(prefix, len(matches), len(gold), len(rows) - n_ignored),
        _accuracy(f"{prefix}.value_accuracy", right),
        Metric(f"{prefix}.correct", _ratio(sum(right), len(gold)), len(gold)),
    ]


def _votes(gold: Sequence[Mapping[str, Any]], ex: _Extraction) -> list[Metric]:
    rows = ex.rows("votes")
    where = [ex.statement_with(str(g["starts"])) for g in gold]
    counts = (("for", "votes_for"), ("against", "votes_against"), ("abstain", "abstentions"))

    def checks(g: Mapping[str, Any], row: Mapping[str, Any]) -> dict[str, bool]:
        # An unknown unanimity flag reads as "not stated".
        stated = bool(not _missing(row.get("unanimous")) and row.get("unanimous"))
        found = {
            "result": _str(row.get("result")) == _str(g.get("result")),
            "unanimous": stated == bool(g.get("unanimous")),
        }
        for field, column in counts:
            if not _missing(g.get(field)):
                found[field] = _int(row.get(column)) == int(g[field])
        return found

    def candidates(i: int) -> Iterable[tuple[int, tuple[float, ...]]]:
        for j, row in enumerate(rows):
            if _str(row.get("paragraph_id")) in where[i]:
                yield j, (float(sum(checks(gold[i], row).values())),)

    matches = _assign(len(gold), candidates)
    outcomes = [checks(gold[i], rows[j]) for i, j in sorted(matches.items())]
    metrics = [
        Metric("votes.recall", _ratio(len(matches), len(gold)), len(gold)),
        Metric("votes.precision", _ratio(len(matches), len(rows)), len(rows)),
        _accuracy("votes.result_accuracy", [o["result"] for o in outcomes]),
        _accuracy("votes.unanimous_accuracy", [o["unanimous"] for o in outcomes]),
    ]
    for field, _ in counts:
        if any(not _missing(g.get(field)) for g in gold):
            metrics.append(_accuracy(f"votes.{field}_accuracy", [o[field] for o in outcomes if field in o]))
    return metrics


def _commitments(gold: Mapping[str, Any], ex: _Extraction) -> list[Metric]:
    entries = gold["commitments"]
    rows = ex.rows("commitments")
    amounts = {str(r["amount_id"]): _str(r.get("text")) or "" for r in ex.rows("amounts")}
    known = _gold_entities(gold, ACTOR_KINDS)
    where = [ex.statement_with(str(e["starts"])) for e in entries]

    def tied(i: int, row: Mapping[str, Any]) -> bool:
        expected = entries[i].get("amount")
        if expected is None:
            return True
        amount_id = _str(row.get("amount_id"))
        return amount_id in amounts and text_match(str(expected), amounts[amount_id]) is not None

    def actor_ok(i: int, row: Mapping[str, Any]) -> bool:
        target = str(entries[i]["actor"])
        entity = ex.entity(_str(row.get("actor_id")), ACTOR_KINDS)
        if entity is not None:
            return _names(entity, target, known)
        text = _str(row.get("actor_text"))
        own = next((g.forms for g in known if g.name == target), frozenset())
        return text is not None and any(_fuzzy_same(text, name) for name in (target, *own))

    def modality_ok(i: int, row: Mapping[str, Any]) -> bool:
        return _str(row.get("modality")) == str(entries[i]["modality"])

    def candidates(i: int) -> Iterable[tuple[int, tuple[float, ...]]]:
        for j, row in enumerate(rows):
            if _str(row.get("paragraph_id")) in where[i] and tied(i, row):
                yield j, (float(actor_ok(i, row) + modality_ok(i, row)),)

    matches = _assign(len(entries), candidates)
    covered = set().union(*where)
    in_covered = sum(_str(r.get("paragraph_id")) in covered for r in rows)
    core = [i for i, e in enumerate(entries) if e.get("core")]
    pairs = sorted(matches.items())
    return [
        Metric("commitments.recall", _ratio(len(matches), len(entries)), len(entries)),
        Metric("commitments.core_recall", _ratio(sum(i in matches for i in core), len(core)), len(core)),
        Metric("commitments.precision", _ratio(len(matches), in_covered), in_covered),
        _accuracy("commitments.actor_accuracy", [actor_ok(i, rows[j]) for i, j in pairs]),
        _accuracy("commitments.modality_accuracy", [modality_ok(i, rows[j]) for i, j in pairs]),
    ]


# --- documents and report ------------------------------------------------------------------


def gold_key(source: str) -> str:
    """The gold file a source is scored against: its file name, every suffix removed."""
    return Path(source).name.split(".")[0]


def score_document(gold: Mapping[str, Any], document: Mapping[str, Any], ex: _Extraction) -> list[Metric]:
    metrics: list[Metric] = []
    if gold.get("meeting") is not None:
        metrics += _meeting(gold["meeting"], document)
    if gold.get("attendance") is not None:
        metrics += _attendance(gold["attendance"], ex)
    for kind in ACTOR_KINDS:
        if gold.get(kind) is not None:
            metrics += _clustering(kind, _gold_entities(gold, (kind,)), ex.entities.get(kind, {}).values())
    if gold.get("interventions") is not None:
        metrics += _interventions(gold, ex)
    if gold.get("no_speaker") is not None:
        metrics += _no_speaker(gold["no_speaker"], ex)
    if gold.get("amounts") is not None:
        metrics += _items("amounts", gold["amounts"], gold.get("amounts_ignore") or [], ex, _amount_ok)
    if gold.get("dates") is not None:
        metrics += _items("dates", gold["dates"], gold.get("dates_ignore") or [], ex, _date_ok)
    if gold.get("votes") is not None:
        metrics += _votes(gold["votes"], ex)
    if gold.get("commitments") is not None:
        metrics += _commitments(gold, ex)
    return metrics


def _means(scores: Sequence[DocumentScore]) -> tuple[Metric, ...]:
    values: dict[str, list[float]] = {}
    for score in scores:
        for metric in score.metrics:
            bucket = values.setdefault(metric.name, [])
            if metric.value is not None:
                bucket.append(metric.value)
    return tuple(Metric(name, sum(v) / len(v) if v else None, len(v)) for name, v in values.items())


def evaluate(tables: Mapping[str, pd.DataFrame], golds: Mapping[str, Mapping[str, Any]]) -> EvalReport:
    """Score every output document that has a gold file; see the module docstring."""
    entities = {
        "persons": _entities(tables, "persons", "person_id"),
        "organisations": _entities(tables, "organisations", "org_id"),
    }
    documents = tables.get("documents")
    rows = [] if documents is None else documents.to_dict("records")
    scores, without_gold, scored_keys = [], [], set()
    for document in rows:
        source = str(document["source"])
        key = gold_key(source)
        if key not in golds:
            without_gold.append(source)
            continue
        scored_keys.add(key)
        doc_id = str(document["doc_id"])
        local = _document_entities(tables, doc_id, entities)
        metrics = score_document(golds[key], document, _extraction(tables, doc_id, local))
        scores.append(DocumentScore(source, key, doc_id, tuple(metrics)))
    missing = tuple(key for key in golds if key not in scored_keys)
    return EvalReport(tuple(scores), _means(scores), missing, tuple(without_gold))


def _value_text(value: float | None, name: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if name.endswith("false_attributions") else f"{value:.3f}"


def format_report(report: EvalReport) -> str:
    """Each metric per document, then the mean over documents, for a person to read."""
    lines: list[str] = []
    width = max((len(m.name) for s in report.documents for m in s.metrics), default=20)
    for score in report.documents:
        lines.append(f"{score.source}  (gold: {score.gold})")
        lines += [f"  {m.name:<{width}}  {_value_text(m.value, m.name):>6}  n={m.support}" for m in score.metrics]
        lines.append("")
    if report.documents:
        lines.append(f"mean over {len(report.documents)} documents")
        lines += [f"  {m.name:<{width}}  {_value_text(m.value, m.name):>6}  docs={m.support}" for m in report.means]
    else:
        lines.append("no output document has a gold file")
    if report.not_in_output:
        lines += ["", "not in output: " + ", ".join(report.not_in_output)]
    if report.without_gold:
        lines += ["", "not scored (no gold): " + ", ".join(report.without_gold)]
    return "\n".join(lines)


def _metric_json(metrics: Iterable[Metric]) -> dict[str, dict[str, float | int | None]]:
    return {m.name: {"value": m.value, "support": m.support} for m in metrics}


def report_as_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON-ready data (for ``minutes eval --json``)."""
    return {
        "documents": [
            {"source": s.source, "gold": s.gold, "doc_id": s.doc_id, "metrics": _metric_json(s.metrics)}
            for s in report.documents
        ],
        "mean": _metric_json(report.means),
        "not_in_output": list(report.not_in_output),
        "without_gold": list(report.without_gold),
    }
