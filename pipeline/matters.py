"""Agenda items of different meetings that deal with the same matter.

A matter is a project, facility, budget line or contract that a body follows
over months ("Restaurant scolaire : avenant n°2 au marché" in March,
"Restaurant scolaire – choix du prestataire" in June). Items are linked by a
``matter_id`` so an analyst can follow one matter across meetings.

How: each label is reduced to its key content words (folded; generic decision
words, the ACTES evidence words of an act-type class ("subvention", "avenant
au marché": they name the kind of act, not the matter), procedure words,
function words, dates and numbers dropped, see ``models/lexicons/matters.yaml``).
Two items are candidates only inside one block (same ACTES code, or both
unclassified) and never within one document. A pair links when the keys share
at least ``min_shared`` words and their rapidfuzz token-set similarity reaches
``min_similarity``. Pairs are merged best first; a merge that would put two
items of one document in a matter is refused (precision first). Items linked to
no other item get no matter. The id hashes the block and the words all items of
the matter share, so the same items give the same id on every run.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline import actes
from pipeline.io import read_model_file

LEXICON = "lexicons/matters.yaml"


@dataclass(frozen=True, slots=True)
class MatterItem:
    policy_id: str
    doc_id: str
    label: str
    meeting_date: str | None = None  # ISO 8601; orders a matter's items for its key


@functools.cache
def _dropped() -> frozenset[str]:
    data = read_model_file(LEXICON)
    return frozenset(w for key in ("stopwords", "time_words", "procedure") for w in data[key])


def key_words(label: str, evidence: Iterable[str] = ()) -> tuple[str, ...]:
    """The content words of a label that name its matter, in label order."""
    text = actes.drop_generic(actes.normalise(label))
    for phrase in sorted(evidence, key=len, reverse=True):
        text = f" {text} ".replace(f" {phrase} ", " ").strip()
    dropped = _dropped()
    words: list[str] = []
    for word in text.split():
        if len(word) < 3 or word.isdigit() or any(ch.isdigit() for ch in word) or word in dropped:
            continue
        if word not in words:
            words.append(word)
    return tuple(words)


def link_matters(
    items: Iterable[MatterItem],
    *,
    classes: Mapping[str, actes.ActesClass | None] | None = None,
    min_shared: int = 2,
    min_similarity: float = 90.0,
) -> dict[str, str]:
    """policy_id -> matter_id for the items linked to an item of another document.

    ``classes`` gives each policy's ACTES class when already computed (a
    missing policy is classified here).
    """
    items = sorted(items, key=lambda i: (i.meeting_date or "", i.doc_id, i.policy_id))
    blocks: dict[str, list[tuple[MatterItem, tuple[str, ...]]]] = {}
    for item in items:
        found = classes[item.policy_id] if classes is not None and item.policy_id in classes else actes.classify(item.label)
        code, evidence = (found.code, found.evidence) if found else ("-", ())
        if found and actes.is_theme(found.code):
            evidence = ()  # a theme's words ("station d'épuration") name the matter itself
        words = key_words(item.label, evidence)
        if words:
            blocks.setdefault(code, []).append((item, words))

    matter_of: dict[str, str] = {}
    for block, members in sorted(blocks.items()):
        for cluster in _clusters(members, min_shared=min_shared, min_similarity=min_similarity):
            if len({item.doc_id for item, _ in cluster}) < 2:
                continue
            matter = _matter_id(block, cluster)
            for item, _ in cluster:
                matter_of[item.policy_id] = matter
    return matter_of


def _clusters(members, *, min_shared: int, min_similarity: float) -> list[list]:
    pairs: list[tuple[float, int, int]] = []
    for i, (a, words_a) in enumerate(members):
        set_a = set(words_a)
        for j in range(i + 1, len(members)):
            b, words_b = members[j]
            if a.doc_id == b.doc_id or len(set_a & set(words_b)) < min_shared:
                continue
            score = fuzz.token_set_ratio(" ".join(words_a), " ".join(words_b))
            if score >= min_similarity:
                pairs.append((score, i, j))
    parent = list(range(len(members)))
    docs = [{m.doc_id} for m, _ in members]

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ri, rj = root(i), root(j)
        if ri == rj or docs[ri] & docs[rj]:
            continue  # one document twice in a matter: the weaker link is wrong
        parent[rj] = ri
        docs[ri] |= docs[rj]
    groups: dict[int, list] = {}
    for k, member in enumerate(members):
        groups.setdefault(root(k), []).append(member)
    return list(groups.values())


def _matter_id(block: str, cluster) -> str:
    shared = set(cluster[0][1]).intersection(*(set(words) for _, words in cluster[1:]))
    key = " ".join(sorted(shared)) if shared else " ".join(cluster[0][1])
    return "m_" + hashlib.sha1(f"{block}|{key}".encode("utf-8")).hexdigest()[:12]
