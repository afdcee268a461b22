"""The ``commitments`` section: found in the paragraph named, tied to its amount, then checked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.evaluate.extraction import Extraction, as_str
from pipeline.evaluate.matching import ACTOR_KINDS, assign, forms_of, gold_entities, names
from pipeline.evaluate.scores import Metric, accuracy, ratio
from pipeline.evaluate.text import fuzzy_same, text_match


def score_commitments(gold: Mapping[str, Any], ex: Extraction) -> list[Metric]:
    """Recall (all, core), precision in the paragraphs gold covers, and over the found ones:
    actor accuracy (the linked entity, else the actor's text), actor_id accuracy (the linked
    entity only: it must stand for the gold actor, as a speaker must; an actor gold does not
    list under persons or organisations stands for itself) and modality accuracy.
    """
    entries = gold["commitments"]
    rows = ex.rows("commitments")
    amounts = {str(r["amount_id"]): as_str(r.get("text")) or "" for r in ex.rows("amounts")}
    known = gold_entities(gold, ACTOR_KINDS)
    where = [ex.statement_with(str(e["starts"])) for e in entries]

    def tied(i: int, row: Mapping[str, Any]) -> bool:
        expected = entries[i].get("amount")
        if expected is None:
            return True
        amount_id = as_str(row.get("amount_id"))
        return amount_id in amounts and text_match(str(expected), amounts[amount_id]) is not None

    def actor_ok(i: int, row: Mapping[str, Any]) -> bool:
        # The linked entity when there is one, else the actor's text (fuzzy, casefolded).
        target = str(entries[i]["actor"])
        entity = ex.entity(as_str(row.get("actor_id")), ACTOR_KINDS)
        if entity is not None:
            return names(entity, target, known)
        text = as_str(row.get("actor_text"))
        return text is not None and any(fuzzy_same(text, name) for name in (target, *forms_of(target, known)))

    def actor_id_ok(i: int, row: Mapping[str, Any]) -> bool:
        # The linked entity alone: an empty or dangling actor_id is wrong whatever the text says,
        # and a gold null actor (the text names none) is right only when nothing is linked.
        actor_id = as_str(row.get("actor_id"))
        if entries[i].get("actor") is None:
            return actor_id is None
        return names(ex.entity(actor_id, ACTOR_KINDS), str(entries[i]["actor"]), known)

    def modality_ok(i: int, row: Mapping[str, Any]) -> bool:
        return as_str(row.get("modality")) == str(entries[i]["modality"])

    def candidates(i: int) -> Iterable[tuple[int, tuple[float, ...]]]:
        for j, row in enumerate(rows):
            if as_str(row.get("paragraph_id")) in where[i] and tied(i, row):
                yield j, (float(actor_ok(i, row) + modality_ok(i, row)),)

    matches = assign(len(entries), candidates)
    covered = set().union(*where)
    in_covered = sum(as_str(r.get("paragraph_id")) in covered for r in rows)
    core = [i for i, e in enumerate(entries) if e.get("core")]
    pairs = sorted(matches.items())
    return [
        Metric("commitments.recall", ratio(len(matches), len(entries)), len(entries)),
        Metric("commitments.core_recall", ratio(sum(i in matches for i in core), len(core)), len(core)),
        Metric("commitments.precision", ratio(len(matches), in_covered), in_covered),
        accuracy("commitments.actor_accuracy", [actor_ok(i, rows[j]) for i, j in pairs]),
        accuracy("commitments.actor_id_accuracy", [actor_id_ok(i, rows[j]) for i, j in pairs]),
        accuracy("commitments.modality_accuracy", [modality_ok(i, rows[j]) for i, j in pairs]),
    ]
