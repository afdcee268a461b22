"""Entities built from the groups (display name, variants), and the stage."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipeline import ids
from pipeline.reconcile.memo import (
    fold,
    civility_of,
    is_initial,
    is_upper_word,
    parse_org_name,
    parse_person_name,
)
from pipeline.reconcile.groups import _Aliases, _form_key, _Groups
from pipeline.reconcile.organisations import _reconcile_orgs
from pipeline.reconcile.persons import (
    _block,
    _person_view,
    _PersonView,
    _reconcile_persons,
)
from pipeline.records import EntityKind, Mention, Organisation, Person, Resolution

# --- building entities ------------------------------------------------------------------------


def _variants(mentions: Iterable[Mention], *, bare_family: bool = False) -> tuple[str, ...]:
    """Surface forms, and each person form without its civility ("M. Paul
    LAMBERT" is also written "Paul LAMBERT"). A bare family name ("VERMEULEN"
    from "M. VERMEULEN") is added only when ``bare_family``: when no other
    person of the run has that family name, since the civility's gender may
    be what placed the mention."""
    forms: set[str] = set()
    for mention in mentions:
        forms.add(mention.text)
        words = mention.text.split()
        if mention.entity_kind != EntityKind.PERSON or len(words) < 2 or civility_of(words[0]) is None:
            continue
        bare = " ".join(words[1:])
        if (len(words) > 2 or bare_family) and parse_person_name(bare, True) is not None:
            forms.add(bare)
    return tuple(sorted(forms))


def _title(given: str) -> str:
    def fix(part: str) -> str:
        return part.capitalize() if part.isupper() or part.islower() else part

    return " ".join("-".join(fix(p) for p in word.split("-")) for word in given.split())


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _person(members: list[int], mentions: Sequence[Mention], views: Mapping[int, _PersonView], scope: Mapping[int, str], shared: set[str]) -> tuple[str, Person]:
    full = [views[i] for i in members if views[i].family and views[i].given and not is_initial(views[i].given or "")]
    named = full or [views[i] for i in members if views[i].family and views[i].given] or [views[i] for i in members if views[i].family]
    family_key = _most_common(fold(v.family or "") for v in named)
    given_key = _most_common(fold(v.given or "") for v in named if v.given)
    family = _most_common(v.family or "" for v in named if fold(v.family or "") == family_key)
    given = _most_common(v.given or "" for v in named if v.given and fold(v.given) == given_key)
    if family:
        family_display = family.upper() if not any(ch.isupper() for ch in family[1:]) or family.isupper() else family
        given_display = _title(given) if given else None
        name = " ".join(p for p in (given_display, family_display) if p)
        key = f"{family_key}|{given_key or ''}"
        if not given and members[0] in scope:
            key = scope[members[0]]
    else:
        name = _most_common(mentions[i].text for i in members) or ""
        given_display, family_display = (_title(v.given) if (v := next((views[i] for i in members if views[i].given), None)) else None), None
        key = scope.get(members[0], f"text|{fold(name)}")
    bare = not any(_block(views[i].family or "") in shared for i in members if views[i].family)
    return key, Person("", name, given_display, family_display, _variants((mentions[i] for i in members), bare_family=bare))


def _organisation(members: list[int], mentions: Sequence[Mention], scope: Mapping[int, str]) -> tuple[str, Organisation]:
    texts = [mentions[i].text for i in members]
    spelled = [i for i in members if not mentions[i].text.replace(" ", "").isupper() and not parse_org_name(mentions[i].text).generic]
    pool = spelled or [i for i in members if not parse_org_name(mentions[i].text).generic] or members
    key = _most_common(scope[i] for i in pool) or ""
    surfaces = Counter(mentions[i].text for i in pool if scope[i] == key)
    name = min(surfaces, key=lambda t: (-surfaces[t], -len(t), t))
    acronyms = [mentions[i].acronym or "" for i in members] + [t for t in texts if " " not in t and is_upper_word(t) and len(t) <= 8]
    acronym = _most_common(a for a in acronyms if a and a != name)
    return key, Organisation("", name, acronym, _variants(mentions[i] for i in members))


# --- the stage ------------------------------------------------------------------------------------


def reconcile(mentions: Iterable[Mention], *, aliases: Mapping[str, Any] | None = None) -> Resolution:
    """Group every mention of the run into persons and organisations."""
    rules = _Aliases.parse(aliases)
    ordered = sorted({m.mention_id: m for m in mentions}.values(), key=lambda m: m.mention_id)
    index_of = {m.mention_id: i for i, m in enumerate(ordered)}
    form_keys = [_form_key(m.text) for m in ordered]
    labels = [{g: split.index(k) for g, split in enumerate(rules.split) if k in split} for k in form_keys] if rules.split else [{}] * len(form_keys)
    groups = _Groups(labels)

    by_form: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(form_keys):
        by_form[key].append(i)
    for merge in rules.merge:
        members = [i for form in sorted(merge) for i in by_form.get(form, ())]
        for i in members[1:]:
            groups.union(members[0], i)

    resolved: set[int] = set()
    for i, mention in enumerate(ordered):
        target = index_of.get(mention.refers_to or "")
        if target is not None and ordered[target].entity_kind == mention.entity_kind:
            groups.union(i, target)
            resolved.add(i)

    person_idx = [i for i, m in enumerate(ordered) if m.entity_kind == EntityKind.PERSON]
    org_idx = [i for i, m in enumerate(ordered) if m.entity_kind == EntityKind.ORGANISATION]
    views = [_person_view(i, ordered[i]) for i in person_idx]
    person_scope = _reconcile_persons(ordered, views, groups, resolved)
    org_scope = _reconcile_orgs(ordered, org_idx, groups)

    view_of = {v.index: v for v in views}
    holders: dict[str, set[int]] = defaultdict(set)
    for view in views:
        if view.family:
            holders[_block(view.family)].add(groups.find(view.index))
    shared = {block for block, roots in holders.items() if len(roots) > 1}
    persons = _build(ordered, person_idx, groups, lambda members: _person(members, ordered, view_of, person_scope, shared), "per")
    organisations = _build(ordered, org_idx, groups, lambda members: _organisation(members, ordered, org_scope), "org")
    entity_of: dict[str, str] = {}
    for entity_id, (_, members) in [*persons.items(), *organisations.items()]:
        for i in members:
            entity_of[ordered[i].mention_id] = entity_id
    return Resolution(
        persons=tuple(sorted((p for p, _ in persons.values()), key=lambda p: p.person_id)),
        organisations=tuple(sorted((o for o, _ in organisations.values()), key=lambda o: o.org_id)),
        entity_of=dict(sorted(entity_of.items())),
    )


def _build(ordered: Sequence[Mention], indices: list[int], groups: _Groups, make: Any, prefix: str) -> dict[str, tuple[Any, list[int]]]:
    """Entities of one kind, with ids from their keys (ties broken by the first mention id)."""
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in indices:
        clusters[groups.find(i)].append(i)
    made = {root: make(members) for root, members in clusters.items()}
    counts = Counter(key for key, _ in made.values())
    out: dict[str, tuple[Any, list[int]]] = {}
    for root, (key, entity) in made.items():
        if counts[key] > 1:
            key = f"{key}|{ordered[min(clusters[root])].mention_id}"
        entity_id = ids.entity_id(prefix, key)
        if isinstance(entity, Person):
            entity = Person(entity_id, entity.name, entity.given_name, entity.family_name, entity.variants)
        else:
            entity = Organisation(entity_id, entity.name, entity.acronym, entity.variants)
        out[entity_id] = (entity, clusters[root])
    return out
