"""Reconciliation: one person, one organisation across every document of a run.

Mentions are grouped with a union-find, in an order fixed by mention ids so
that the answer does not depend on the order mentions arrive in:

Persons
  * blocked by folded family name (case, accents, hyphens, spaces and
    apostrophes do not count), so cost grows with the size of a block, not
    with the square of the number of mentions;
  * inside a block, full names join when their given names agree: equal once
    folded, one an initial of the other ("J.-P." / "Jean-Pierre"), a later
    part shortened ("Marie-Jo" / "Marie-Josèphe") or a one-letter typo
    ("Oliver" / "Olivier"). Different given names never join ("Olivier
    MOREAU" / "Olivier LLUANSI" are in different blocks anyway; "Jean" /
    "Jeanne" DUPONT stay apart);
  * a family name alone ("Mme GENTILHOMME") joins the one person of the same
    document with that family name (gender from civilities must not clash,
    a matching known gender breaks ties), else the one person of the run,
    else stays apart;
  * a given name alone ("Adrien") joins the one person of the document with
    that given name; a role alone ("le Maire") joins the one person of the
    document named with that role; otherwise both stay document-scoped;
  * a mention whose ``refers_to`` is set joins the entity of that mention.

Organisations
  * join on :func:`pipeline.names.org_key` (type abbreviations expanded,
    connectors dropped: "CA ARTOIS COMM" = "Communauté d'Agglomération de
    ARTOIS COMM"); a type alone ("Conseil Régional", "Région") is a
    reference to the document's own body and is keyed per document;
  * ``refers_to`` and a shared ``acronym`` inside one document join;
  * near-identical long names of one block (first word) join (ratio >= 92),
    and long all-capital names of one document one or two letters apart
    ("DIGIPORT" / "DIGIPOINT").

Ids are ``ids.entity_id("per"|"org", key)`` with a key built from the
canonical name, so they are stable across re-runs.

Alias file
----------
A YAML mapping read by ``pipeline.io.read_aliases`` and passed as ``aliases``::

    merge:            # each list: surface forms that name one entity
      - ["CDC", "Caisse des dépôts et consignations"]
      - ["J. DUPONT", "Jean DUPONT"]
    split:            # each list: surface forms that must name different entities
      - ["Olivier MOREAU", "Olivier LLUANSI"]

Forms are compared folded (case, accents, hyphens and a leading civility do
not count) with each mention's text. Merges are applied first; a split list
forbids any grouping, forced merges included, that would put two of its
forms in one entity.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from pipeline import ids
from pipeline.ids import fold
from pipeline.names import civility_of, initials_match, is_initial, is_upper_word, org_key, parse_org_name, parse_person_name
from pipeline.records import EntityKind, Mention, Organisation, Person, Resolution

STAGE = "minutes.reconcile.v1"
ORG_FUZZY_MIN = 92
ORG_FUZZY_MIN_LENGTH = 12


# --- union-find with cannot-link constraints --------------------------------------------


class _Groups:
    def __init__(self, labels: Sequence[dict[int, int]]) -> None:
        self.parent = list(range(len(labels)))
        # per root: split group -> which member form of that group it holds
        self.labels: list[dict[int, int]] = [dict(lab) for lab in labels]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        la, lb = self.labels[ra], self.labels[rb]
        if any(lb.get(group, member) != member for group, member in la.items()):
            return False
        if ra > rb:
            ra, rb, la, lb = rb, ra, lb, la
        self.parent[rb] = ra  # the smaller index wins: independent of call order
        la.update(lb)
        self.labels[rb] = {}
        return True


# --- aliases -----------------------------------------------------------------------------


def _form_key(text: str) -> str:
    words = text.split()
    if len(words) > 1 and civility_of(words[0]) is not None:
        words = words[1:]
    return fold(" ".join(words))


@dataclass(frozen=True, slots=True)
class _Aliases:
    merge: tuple[frozenset[str], ...]
    split: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, aliases: Mapping[str, Any] | None) -> _Aliases:
        if not aliases:
            return cls((), ())
        unknown = set(aliases) - {"merge", "split"}
        if unknown:
            raise ValueError(f"alias file: unknown keys {sorted(unknown)} (expected 'merge' and 'split')")
        merge, split = [], []
        for name, target in (("merge", merge), ("split", split)):
            for group in aliases.get(name) or ():
                if not isinstance(group, list) or len(group) < 2 or not all(isinstance(f, str) for f in group):
                    raise ValueError(f"alias file: each '{name}' entry must be a list of two or more names, got {group!r}")
                target.append(tuple(_form_key(f) for f in group))
        return cls(tuple(frozenset(g) for g in merge), tuple(split))


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
    # ("RONCIER" with "M. RONCIER"), so that the output's variants regroup alike.
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
    # Mentions left alone with the same scope are one entity ("M. RONCIER" twice).
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


# --- building entities ------------------------------------------------------------------------


def _variants(mentions: Iterable[Mention], *, bare_family: bool = False) -> tuple[str, ...]:
    """Surface forms, and each person form without its civility ("M. Paul
    PIPAUD" is also written "Paul PIPAUD"). A bare family name ("HOFLACK"
    from "M. HOFLACK") is added only when ``bare_family``: when no other
    person of the run has that family name, since the civility's gender may
    be what placed the mention."""
    forms: set[str] = set()
    for mention in mentions:
        forms.add(mention.text)
        words = mention.text.split()
        if mention.entity_kind != EntityKind.PERSON or len(words) < 2 or civility_of(words[0]) is None:
            continue
        bare = " ".join(words[1:])
        if (len(words) > 2 or bare_family) and parse_person_name(bare, allow_bare_family=True) is not None:
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
    labels = [{g: split.index(k) for g, split in enumerate(rules.split) if k in split} for k in form_keys]
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
