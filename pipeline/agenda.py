"""Agenda items of interventions in an open discussion after the items.

Inside an agenda item an intervention belongs to that item (structure gives
it). Minutes often end with a discussion where participants come back to
earlier items: "S'agissant de l'animation des cyber-centres, X indique...".
There, an intervention belongs to the item whose heading terms its first
sentence takes up; one that names no item keeps the item of the turn before
it in the discussion (answers, follow-ups), or none.

The discussion starts, in the last agenda item, at the first turn of
someone other than the presenter when a presentation runs through the
items, or after the decision that closes the last item.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pipeline import ids
from pipeline.io import read_model_file
from pipeline.records import Intervention, Policy, SpeechAct

# Words that carry no topic, whatever the meeting.
STOPWORDS = frozenset(
    "les des une pour par sur dans avec aux du de la le et en au est sont qui que plus leur leurs cette ces son"
    " ses nos vos tres tout tous toute toutes entre vers sans sous mise place cadre fait faire point points".split()
)
MIN_WORD = 4


def _terms(text: str) -> set[str]:
    words = re.split(r"[^\w]+", ids.fold(text))
    return {_stem(w) for w in words if len(w) >= MIN_WORD and w not in STOPWORDS and not w.isdigit()}


def _stem(word: str) -> str:
    """Plural and feminine endings folded: "centres" ~ "centre", "régionales" ~ "régional"."""
    for ending in ("es", "s", "x", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_WORD:
            return word[: -len(ending)]
    return word


@functools.cache
def _topic_re() -> re.Pattern[str]:
    forms = sorted(read_model_file("lexicons/speech.yaml")["topic_openings"], key=len, reverse=True)
    alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]") for f in forms)
    return re.compile(rf"(?:^|,\s*)(?:{alternatives})\s+(?P<topic>[^,]{{3,120}}),", re.IGNORECASE)


def _topic(sentence: str) -> str | None:
    """The topic a turn announces: "Concernant la politique des « Démonstrateurs », X ..." """
    match = _topic_re().search(sentence)
    return match.group("topic") if match else None


def _first_sentence(text: str) -> str:
    match = re.search(r"[.!?](?:\s|$)", text)
    return text[: match.end()] if match else text


def assign_discussion_items(
    interventions: Sequence[Intervention],
    policies: Sequence[Policy],
    *,
    presenter_mentions: frozenset[str] = frozenset(),
    same_person: dict[str, str] | None = None,
) -> list[Intervention]:
    """Interventions with the item of each discussion turn resolved.

    ``presenter_mentions`` are the speaker mentions of a presentation that
    runs through the items; ``same_person`` maps a speaker mention to a key
    shared by the mentions of one person in this document.
    """
    if not interventions or len(policies) < 2:
        return list(interventions)
    last_item = policies[-1].policy_id
    start = _discussion_start(interventions, last_item, presenter_mentions, same_person or {})
    if start is None:
        return list(interventions)
    labels = {p.policy_id: _terms(p.label) for p in policies}
    weights = _weights(labels, [_terms(i.text) for i in interventions])
    result = list(interventions[:start])
    current: str | None = None
    for intervention in interventions[start:]:
        sentence = _first_sentence(intervention.text)
        topic = _topic(sentence)
        taken = (_best_item(_terms(topic), labels, weights) if topic else None) or _best_item(
            _terms(sentence), labels, weights
        )
        if taken is not None:
            current = taken
        elif intervention.act == SpeechAct.DECISION:
            current = intervention.policy_id
        result.append(replace(intervention, policy_id=current))
    return result


def _discussion_start(
    interventions: Sequence[Intervention],
    last_item: str,
    presenters: frozenset[str],
    same_person: dict[str, str],
) -> int | None:
    in_last = [i for i, x in enumerate(interventions) if x.policy_id == last_item]
    if not in_last:
        return None
    presenter_keys = {same_person.get(m, m) for m in presenters}
    if presenter_keys:
        for index in in_last:
            speaker = interventions[index].speaker_mention_id
            if speaker is not None and same_person.get(speaker, speaker) not in presenter_keys:
                return index
        return None
    decisions = [i for i in in_last if interventions[i].act == SpeechAct.DECISION]
    if decisions and decisions[-1] + 1 < len(interventions):
        return decisions[-1] + 1
    return None


def _weights(labels: dict[str, set[str]], texts: list[set[str]]) -> dict[str, tuple[int, float]]:
    """Per heading term: in how many headings it stands, and how rare it is in the discussion.

    "politique" heads one item but runs through the whole document; "démonstrateurs"
    is rarer, so it says more about which item a sentence takes up.
    """
    in_labels = Counter(term for terms in labels.values() for term in terms)
    in_texts = Counter(term for terms in texts for term in terms)
    n = max(1, len(texts))
    return {term: (count, math.log(1 + n / (1 + in_texts[term]))) for term, count in in_labels.items()}


def _best_item(terms: set[str], labels: dict[str, set[str]], weights: dict[str, tuple[int, float]]) -> str | None:
    """The item whose heading terms the sentence shares most, if one clearly stands out.

    A candidate shares a term found in its heading only, or two terms; the
    best must lead the next one.
    """
    scores: dict[str, float] = {}
    for policy_id, label in labels.items():
        shared = label & terms
        if shared and (len(shared) >= 2 or any(weights[t][0] == 1 for t in shared)):
            scores[policy_id] = sum(weights[t][1] / weights[t][0] for t in shared)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    return None
