"""The ``interventions``, ``no_speaker`` and ``policies`` sections: who spoke, how, on what."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.evaluate.extraction import Extraction, TextRow, as_int, as_str
from pipeline.evaluate.matching import SPEAKER_KINDS, gold_entities, names
from pipeline.evaluate.scores import Metric, accuracy, ratio
from pipeline.evaluate.text import fuzzy_same, normalise


def locate_interventions(starts: Sequence[str], found: Sequence[TextRow]) -> list[TextRow | None]:
    """The intervention holding each gold paragraph; identical starts need distinct ones.

    A gold paragraph is the intervention containing its ``starts``, preferring
    one not yet taken and one whose text begins with it.
    """
    located: list[TextRow | None] = [None] * len(starts)
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
class Speech:
    """The document's interventions, by id, and each gold paragraph's located one."""

    rows: Mapping[str, Mapping[str, Any]]
    located: list[TextRow | None]

    def value(self, i: int, column: str) -> str | None:
        hit = self.located[i]
        return None if hit is None else as_str(self.rows[hit.row_id].get(column))


def intervention_texts(ex: Extraction) -> tuple[dict[str, Mapping[str, Any]], list[TextRow]]:
    rows = {str(r["intervention_id"]): r for r in ex.rows("interventions")}
    texts = [TextRow(k, as_int(r.get("seq")) or 0, normalise(as_str(r.get("text")) or "")) for k, r in rows.items()]
    return rows, texts


def score_interventions(gold: Mapping[str, Any], ex: Extraction) -> list[Metric]:
    entries = gold["interventions"]
    rows, texts = intervention_texts(ex)
    starts = [normalise(str(e["starts"])) for e in entries]
    speech = Speech(rows, locate_interventions(starts, texts))
    persons = gold_entities(gold, SPEAKER_KINDS)
    speakers = [str(e["speaker"]) for e in entries]
    every = range(len(entries))

    def speaker_ok(i: int) -> bool:
        return names(ex.entity(speech.value(i, "speaker_id"), SPEAKER_KINDS), speakers[i], persons)

    def pure(i: int) -> bool:
        # One giant intervention holding everyone's words is not a segmentation.
        hit = speech.located[i]
        return hit is not None and not any(speakers[k] != speakers[i] and starts[k] in hit.text for k in every)

    def unattributed(i: int) -> bool:
        # Left without a speaker: in an intervention that has none, or in the document's
        # paragraphs but in no intervention at all (the stage may drop a turn it cannot attribute).
        if speech.located[i] is None:
            return bool(ex.paragraphs_with(starts[i]))
        return speech.value(i, "speaker_id") is None

    found = sum(hit is not None for hit in speech.located)
    right = [speaker_ok(i) for i in every]
    empty = [unattributed(i) for i in every]
    # Every gold paragraph is right, left without a speaker, given a wrong one, or its text is
    # lost: a precision-first change moves paragraphs from wrong_speaker to unattributed.
    metrics = [
        Metric("interventions.found", ratio(found, len(entries)), len(entries)),
        accuracy("interventions.speaker_accuracy", right),
        accuracy("interventions.unattributed", empty),
        accuracy("interventions.wrong_speaker",
                 [speech.located[i] is not None and not right[i] and not empty[i] for i in every]),
        accuracy("interventions.turn_purity", [pure(i) for i in every]),
    ]
    acts = [i for i in every if entries[i].get("act") is not None]
    if acts:
        metrics.append(accuracy("interventions.act_accuracy",
                                [speech.value(i, "act") == str(entries[i]["act"]) for i in acts]))
    return metrics + _policy_accuracy(gold, speech, ex)


def _policy_accuracy(gold: Mapping[str, Any], speech: Speech, ex: Extraction) -> list[Metric]:
    """The located intervention's agenda item heading against the gold one (null: no item)."""
    entries = gold["interventions"]
    headings = {str(k): str(v) for k, v in (gold.get("policies") or {}).items()}
    scored = [
        i for i, e in enumerate(entries)
        if "policy" in e and (e["policy"] is None or str(e["policy"]) in headings)
    ]
    if not scored:
        return []
    labels = {str(r["policy_id"]): as_str(r.get("label")) for r in ex.rows("policies")}

    def policy_ok(i: int) -> bool:
        if speech.located[i] is None:
            return False
        policy_id, expected = speech.value(i, "policy_id"), entries[i]["policy"]
        if expected is None:
            return policy_id is None
        return policy_id is not None and fuzzy_same(headings[str(expected)], labels.get(policy_id) or "")

    return [accuracy("interventions.policy_accuracy", [policy_ok(i) for i in scored])]


def score_no_speaker(snippets: Sequence[Any], ex: Extraction) -> list[Metric]:
    """Text that carries no speech found inside an intervention that has a speaker."""
    rows, texts = intervention_texts(ex)
    attributed = [t for t in texts if as_str(rows[t.row_id].get("speaker_id")) is not None]
    wrong = sum(any(normalise(str(s)) in t.text for t in attributed) for s in snippets)
    return [
        Metric("interventions.false_attributions", float(wrong), len(snippets)),
        Metric("interventions.no_speaker_accuracy", ratio(len(snippets) - wrong, len(snippets)), len(snippets)),
    ]
