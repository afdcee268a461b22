"""Persons across documents: blocking on the family name, given names that agree
(initials, compound names, typos), gender from civilities, role mentions."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from pipeline.reconcile.memo import (
    fold,
    civility_of,
    is_initial,
    parse_person_name,
)
from pipeline.reconcile.groups import _Groups
from pipeline.records import Mention

# --- persons -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PersonView:
    index: int
    given: str | None
    family: str | None
    gender: str | None
    role: str | None


def _person_view(index: int, mention: Mention) -> _PersonView:
    given, family = mention.given_name, mention.family_name
    civility = mention.civility
    if given is None and family is None and mention.role is None:
        parsed = parse_person_name(mention.text)
        if parsed is not None:
            given, family, civility = parsed.given, parsed.family, parsed.civility or civility
    info = civility_of(civility) if civility else None
    return _PersonView(index, given, family, info.get("gender") if info else None, mention.role)


@functools.lru_cache(maxsize=1 << 18)
def _block(family: str) -> str:
    return re.sub(r"[\s'-]+", "", fold(family))


def _given_parts(given: str) -> list[str]:
    return [p for p in re.split(r"[\s.-]+", fold(given)) if p]


def given_compatible(a: str, b: str) -> bool:
    """Can two given names be the same person's? Initials, shortened later
    parts and one-letter typos are; different names are not."""
    pa, pb = _given_parts(a), _given_parts(b)
    if not pa or not pb:
        return False
    if pa == pb:
        return True
    if is_initial(a) or is_initial(b):
        short, full = (pa, pb) if is_initial(a) else (pb, pa)
        return len(short) <= len(full) and all(f.startswith(s) for s, f in zip(short, full))
    if len(pa) == len(pb) and len(pa) > 1 and pa[0] == pb[0]:
        # "Marie-Jo" / "Marie-Josèphe": later parts may be shortened
        return all(x.startswith(y) or y.startswith(x) for x, y in zip(pa[1:], pb[1:]))
    if len(pa) == len(pb):
        return all(x == y or _typo(x, y) for x, y in zip(pa, pb))
    return False


def _typo(x: str, y: str) -> bool:
    # One edit on a name of five letters or more, same first letter: "Oliver".
    return min(len(x), len(y)) >= 5 and x[0] == y[0] and Levenshtein.distance(x, y) <= 1


def _reconcile_persons(mentions: Sequence[Mention], views: list[_PersonView], groups: _Groups, resolved: set[int]) -> dict[int, str]:
    """Group person mentions; returns the scope of document-scoped leftovers."""
    scope: dict[int, str] = {}
    full_by_block: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for view in views:
        if view.family and view.given:
            full_by_block[_block(view.family)][fold(view.given)].append(view.index)
    for block in sorted(full_by_block):
        by_given = full_by_block[block]
        for members in by_given.values():
            for other in members[1:]:
                groups.union(members[0], other)
        keys = sorted(by_given)
        complete = [k for k in keys if not is_initial(_surface_given(mentions, by_given[k][0]))]
        for i, a in enumerate(complete):
            for b in complete[i + 1 :]:
                if given_compatible(a, b):
                    groups.union(by_given[a][0], by_given[b][0])
        for k in keys:
            if k in complete:
                continue
            short = _surface_given(mentions, by_given[k][0])
            target = _unique_root(groups, [by_given[c][0] for c in complete if given_compatible(short, c)])
            if target is not None:
                groups.union(by_given[k][0], target)

    doc_of = {v.index: mentions[v.index].doc_id for v in views}
    full = [v for v in views if v.family and v.given]
    roots_by_block_doc: dict[tuple[str, str], set[int]] = defaultdict(set)
    roots_by_block: dict[str, set[int]] = defaultdict(set)
    roots_by_given_doc: dict[tuple[str, str], set[int]] = defaultdict(set)
    roots_by_role_doc: dict[tuple[str, str], set[int]] = defaultdict(set)
    genders: dict[int, set[str]] = defaultdict(set)
    for view in views:
        if view.gender:
            genders[groups.find(view.index)].add(view.gender)
    for view in full:
        root = groups.find(view.index)
        roots_by_block_doc[(_block(view.family or ""), doc_of[view.index])].add(root)
        roots_by_block[_block(view.family or "")].add(root)
        roots_by_given_doc[(fold(view.given or ""), doc_of[view.index])].add(root)
    for view in views:
        if view.role and view.family:
            roots_by_role_doc[(fold(view.role), doc_of[view.index])].add(groups.find(view.index))

    for view in views:
        if view.index in resolved or (view.family and view.given):
            continue
        doc = doc_of[view.index]
        if view.family:
            block = _block(view.family)
            target = _pick(roots_by_block_doc.get((block, doc), set()), view.gender, genders)
            if target is None and not roots_by_block_doc.get((block, doc)):
                target = _pick(roots_by_block.get(block, set()), view.gender, genders)
            if target is not None:
                groups.union(view.index, target)
            elif roots_by_block.get(block):
                scope[view.index] = f"fam|{block}|{view.gender or ''}|{doc}"
            else:
                scope[view.index] = f"fam|{block}|{view.gender or ''}"
        elif view.given:
            target = _unique(roots_by_given_doc.get((fold(view.given), doc), set()))
            if target is not None:
                groups.union(view.index, target)
            else:
                scope[view.index] = f"given|{fold(view.given)}|{doc}"
        else:
            role = fold(view.role or mentions[view.index].text)
            target = _unique(roots_by_role_doc.get((role, doc), set()))
            if target is not None:
                groups.union(view.index, target)
            else:
                scope[view.index] = f"role|{role}|{doc}"
    # A family name without civility joins the one gender its block shows
    # ("BARBIER" with "M. BARBIER"), so that the output's variants regroup alike.
    shown: dict[str, set[str]] = defaultdict(set)
    for key in scope.values():
        kind, block, gender, *rest = key.split("|") + [""]
        if kind == "fam" and gender:
            shown["|".join([block, *rest[:-1]])].add(gender)
    for index, key in scope.items():
        kind, block, gender, *rest = key.split("|") + [""]
        genders_shown = shown.get("|".join([block, *rest[:-1]]), set())
        if kind == "fam" and not gender and len(genders_shown) == 1:
            scope[index] = "|".join([kind, block, next(iter(genders_shown)), *rest[:-1]])
    # Mentions left alone with the same scope are one entity ("M. BARBIER" twice).
    first: dict[str, int] = {}
    for index in sorted(scope):
        if groups.find(index) == index or index in resolved:
            first.setdefault(scope[index], index)
            groups.union(first[scope[index]], index)
    return scope


def _surface_given(mentions: Sequence[Mention], index: int) -> str:
    return mentions[index].given_name or parse_person_name(mentions[index].text).given or ""  # type: ignore[union-attr]


def _unique(roots: set[int]) -> int | None:
    return next(iter(roots)) if len(roots) == 1 else None


def _unique_root(groups: _Groups, members: list[int]) -> int | None:
    return _unique({groups.find(m) for m in members})


def _pick(roots: set[int], gender: str | None, genders: Mapping[int, set[str]]) -> int | None:
    fitting = {r for r in roots if not gender or not genders.get(r) or gender in genders[r]}
    if len(fitting) == 1:
        return next(iter(fitting))
    same = {r for r in fitting if gender and genders.get(r) == {gender}}
    return _unique(same)
