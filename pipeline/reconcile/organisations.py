"""Organisations across documents: normalised keys, fuzzy matching of long names,
acronyms tied to their expansion within a document's scope."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from pipeline.reconcile.memo import (
    fold,
    initials_match,
    is_upper_word,
    org_key,
    parse_org_name,
)
from pipeline.reconcile.groups import ORG_FUZZY_MIN, ORG_FUZZY_MIN_LENGTH, _Groups
from pipeline.records import Mention

# --- organisations -------------------------------------------------------------------------


def _org_scope(mention: Mention) -> str:
    name = parse_org_name(mention.text)
    key = org_key(mention.text) or fold(mention.text)
    return f"{key}|{mention.doc_id}" if name.generic else key


def _reconcile_orgs(mentions: Sequence[Mention], indices: list[int], groups: _Groups) -> dict[int, str]:
    scope = {i: _org_scope(mentions[i]) for i in indices}
    first: dict[str, int] = {}
    for i in indices:
        if scope[i] in first:
            groups.union(first[scope[i]], i)
        else:
            first[scope[i]] = i
    by_acronym: dict[tuple[str, str], int] = {}
    for i in indices:
        mention = mentions[i]
        if mention.acronym:
            key = (mention.doc_id, mention.acronym)
            if key in by_acronym:
                groups.union(by_acronym[key], i)
            else:
                by_acronym[key] = i
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in sorted(first):
        if "|" not in key and len(key) >= ORG_FUZZY_MIN_LENGTH:
            blocks[key.split()[0]].append(key)
    for keys in blocks.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if ratio(a, b) >= ORG_FUZZY_MIN:
                    groups.union(first[a], first[b])
    _tie_acronyms(mentions, indices, groups, scope)
    capitals: dict[str, list[int]] = defaultdict(list)
    for i in indices:
        text = mentions[i].text
        if " " not in text and is_upper_word(text) and len(text) >= 7:
            capitals[mentions[i].doc_id].append(i)
    for members in capitals.values():
        texts = sorted({mentions[i].text: i for i in members}.items())
        for n, (a, ia) in enumerate(texts):
            for b, ib in texts[n + 1 :]:
                if a[:4] == b[:4] and Levenshtein.distance(a, b) <= 2:
                    groups.union(ia, ib)
    return scope


def _tie_acronyms(mentions: Sequence[Mention], indices: list[int], groups: _Groups, scope: Mapping[int, str]) -> None:
    """An acronym that stages other than recognition found ("CUD" in an
    attendance list) joins the one body of its document whose initials it
    spells ("Communauté Urbaine de Dunkerque")."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i in indices:
        by_doc[mentions[i].doc_id].append(i)
    for members in by_doc.values():
        spelled = [i for i in members if len(mentions[i].text.split()) >= 2 and not mentions[i].text.replace(" ", "").isupper()]
        for i in members:
            text = mentions[i].text
            letters = re.sub(r"[^A-Z]", "", text)
            if mentions[i].refers_to or not text.replace(" ", "").isupper() or not 2 <= len(letters) <= 8:
                continue
            keys = {scope[j] for j in spelled if initials_match(text, mentions[j].text)}
            if len(keys) == 1:
                key = keys.pop()
                groups.union(i, next(j for j in spelled if scope[j] == key))
