"""Reconciliation: variants join, homonyms and different given names stay apart."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import ids
from pipeline.names import parse_person_name
from pipeline.reconcile import given_compatible, reconcile
from pipeline.records import EntityKind, Mention, Provenance

DOC_A = "a" * 64
DOC_B = "b" * 64


def person(text: str, n: int, *, doc: str = DOC_A, role: str | None = None, refers_to: str | None = None) -> Mention:
    name = parse_person_name(text, allow_bare_family=True)
    return Mention(
        mention_id=ids.doc_scoped(doc, "me", n),
        doc_id=doc,
        paragraph_id=None,
        entity_kind=EntityKind.PERSON,
        text=text,
        char_start=0,
        char_end=len(text),
        provenance=Provenance(doc, 1, 0, len(text), "test"),
        given_name=name.given if name else None,
        family_name=name.family if name else None,
        civility=name.civility if name else None,
        role=role,
        refers_to=refers_to,
    )


def org(text: str, n: int, *, doc: str = DOC_A, acronym: str | None = None, refers_to: str | None = None) -> Mention:
    return Mention(ids.doc_scoped(doc, "mo", n), doc, None, EntityKind.ORGANISATION, text, 0, len(text),
                   Provenance(doc, 1, 0, len(text), "test"), acronym=acronym, refers_to=refers_to)


def grouping(mentions: list[Mention]) -> set[frozenset[str]]:
    resolution = reconcile(mentions)
    groups: dict[str, set[str]] = {}
    for mention in mentions:
        groups.setdefault(resolution.entity_of[mention.mention_id], set()).add(mention.text)
    return {frozenset(g) for g in groups.values()}


def together(mentions: list[Mention], a: str, b: str) -> bool:
    return any(a in g and b in g for g in grouping(mentions))


SAME_PERSON = [
    ("Olivier LEGRAND", "LEGRAND Olivier"),  # name order
    ("Olivier LEGRAND", "olivier LEGRAND"),  # case
    ("Olivier LEGRAND", "Oliver LEGRAND"),  # typo in the given name
    ("Frédéric DEVOS", "Frederic DEVOS"),  # accents
    ("Jean-Pierre PERRIN", "Jean Pierre PERRIN"),  # hyphen
    ("Jean-Pierre PERRIN", "J.-P. Perrin"),  # initials and case
    ("Jean-Pierre PERRIN", "PERRIN JEAN-PIERRE"),  # all capitals
    ("Monsieur Jean-Paul MARCHAL", "M. Jean-Paul MARCHAL"),  # civilities
    ("Marie-Josèphe PICHON", "Marie-Jo PICHON"),  # shortened later part
    ("VASSEUR, Christophe", "Christophe VASSEUR"),  # comma form
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_variants_join(a: str, b: str) -> None:
    assert together([person(a, 0), person(b, 1, doc=DOC_B)], a, b)


MUST_NOT_MERGE = [
    ("Olivier MERCIER", "Olivier LEGRAND"),  # same given name, other family
    ("Cyril OLIVIER", "Olivier LEGRAND"),  # a given name as a family name
    ("Cyril OLIVIER", "Olivier CYRIL"),  # swapped roles of the words
    ("Jean DUPONT", "Jeanne DUPONT"),  # a given name that extends another
    ("Philippe KERVELLA", "Chantal KERVELLA"),  # relatives
    ("Bernard PENNETIER", "Sabrina MAUGER-LAVAL"),  # compound family name
    ("Gérard BIGOT", "Françoise BIGOT"),
    ("Michel CHAUVET", "Joseph CHAUVET"),
]


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MERGE)
def test_different_persons_stay_apart(a: str, b: str) -> None:
    assert not together([person(a, 0), person(b, 1)], a, b)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("J.-P.", "Jean-Pierre", True), ("J.", "Jacques", True), ("Oliver", "Olivier", True),
     ("Jean", "Jeanne", False), ("Marie", "Martine", False), ("Paul", "Pablo", False), ("J.-P.", "Jean-Luc", False)],
)
def test_given_compatible(a: str, b: str, expected: bool) -> None:
    assert given_compatible(a, b) is expected
    assert given_compatible(b, a) is expected


def test_initial_between_two_persons_stays_apart() -> None:
    mentions = [person("Jean DUPONT", 0), person("Jacques DUPONT", 1), person("J. DUPONT", 2)]
    groups = grouping(mentions)
    assert frozenset({"J. DUPONT"}) in groups


def test_family_only_joins_the_unique_person_of_the_document() -> None:
    mentions = [person("Christian VERMEULEN", 0), person("M. VERMEULEN", 1), person("VERMEULEN", 2),
                person("Jean VERMEULEN", 0, doc=DOC_B)]
    assert together(mentions, "Christian VERMEULEN", "M. VERMEULEN")
    assert together(mentions, "Christian VERMEULEN", "VERMEULEN")
    assert not together(mentions, "Jean VERMEULEN", "M. VERMEULEN")


def test_family_only_with_two_candidates_uses_gender_else_stays_apart() -> None:
    mentions = [person("Madame Chantal KERVELLA", 0), person("Philippe KERVELLA", 1), person("Mme KERVELLA", 2), person("KERVELLA", 3)]
    assert together(mentions, "Madame Chantal KERVELLA", "Mme KERVELLA")
    assert not together(mentions, "Philippe KERVELLA", "KERVELLA")
    assert not together(mentions, "Madame Chantal KERVELLA", "KERVELLA")


def test_family_only_without_full_name_groups_by_gender() -> None:
    mentions = [person("M. BARBIER", 0), person("M. BARBIER", 1, doc=DOC_B), person("Mme BARBIER", 2)]
    assert together(mentions, "M. BARBIER", "M. BARBIER") and not together(mentions, "M. BARBIER", "Mme BARBIER")


def test_role_mention_resolved_by_refers_to_and_by_role() -> None:
    named = person("Monsieur Christian VERMEULEN", 0, role="Maire")
    mentions = [named, person("Monsieur le Maire", 1, role="Maire"),
                person("le Maire", 2, role="Maire", doc=DOC_B),
                person("le Maire", 3, role="Maire", doc=DOC_B, refers_to=ids.doc_scoped(DOC_B, "me", 9)),
                person("Jean-Paul MARCHAL", 9, doc=DOC_B)]
    assert together(mentions, "Monsieur Christian VERMEULEN", "Monsieur le Maire")
    groups = grouping(mentions)
    assert frozenset({"le Maire", "Jean-Paul MARCHAL"}) in groups
    assert not together(mentions, "Monsieur Christian VERMEULEN", "Jean-Paul MARCHAL")


def test_canonical_name_and_variants() -> None:
    mentions = [person("LEGRAND Olivier", 0), person("olivier LEGRAND", 1), person("M. Olivier LEGRAND", 2)]
    resolution = reconcile(mentions)
    (entity,) = resolution.persons
    assert entity.name == "Olivier LEGRAND"
    assert entity.family_name == "LEGRAND" and entity.given_name == "Olivier"
    assert entity.variants == ("LEGRAND Olivier", "M. Olivier LEGRAND", "Olivier LEGRAND", "olivier LEGRAND")
    assert entity.person_id == ids.entity_id("per", "legrand|olivier")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Caisse des dépôts et consignations", "Caisse Des Dépôts et des Consignations"),
        ("Communauté d'Agglomération de ARTOIS COMM", "CA ARTOIS COMM"),
        ("ville de TOURCOING", "Ville de Tourcoing"),
        ("Centre Communal d'Action Sociale", "CENTRE COMMUNAL D'ACTION SOCIAL"),
        ("DIGIPORT", "DIGIPOINT"),
    ],
)
def test_organisation_variants_join(a: str, b: str) -> None:
    assert together([org(a, 0), org(b, 1)], a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Conseil Général Nord", "CG Pas de Calais"), ("Ville de Douai", "Ville de Dunkerque"), ("CRCI", "CCI"),
     ("Communauté Urbaine de Dunkerque", "Communauté Urbaine du Creusot")],
)
def test_different_organisations_stay_apart(a: str, b: str) -> None:
    assert not together([org(a, 0), org(b, 1)], a, b)


def test_generic_body_is_document_scoped() -> None:
    mentions = [org("Conseil Municipal", 0), org("Conseil Municipal", 1, doc=DOC_B), org("Conseil Municipal", 2)]
    of = reconcile(mentions).entity_of
    assert of[mentions[0].mention_id] != of[mentions[1].mention_id]
    assert of[mentions[0].mention_id] == of[mentions[2].mention_id]


def test_acronym_and_refers_to() -> None:
    full = org("Caisse des dépôts et consignations", 0, acronym="CDC")
    mentions = [full, org("CDC", 1, refers_to=full.mention_id), org("CDC", 2, doc=DOC_B)]
    resolution = reconcile(mentions)
    assert resolution.entity_of[mentions[0].mention_id] == resolution.entity_of[mentions[1].mention_id]
    entity = next(o for o in resolution.organisations if o.org_id == resolution.entity_of[mentions[0].mention_id])
    assert entity.acronym == "CDC" and entity.name == "Caisse des dépôts et consignations"


def test_aliases_force_merges_and_splits() -> None:
    mentions = [person("Olivier MERCIER", 0), person("M. O. LEGRAND", 1), person("Olivier LEGRAND", 2),
                org("CDC", 3), org("Caisse des dépôts", 4)]
    aliases = {"merge": [["CDC", "Caisse des dépôts"], ["Olivier MERCIER", "Olivier LEGRAND"]],
               "split": [["Olivier MERCIER", "O. LEGRAND"]]}
    resolution = reconcile(mentions, aliases=aliases)
    of = resolution.entity_of
    assert of[mentions[3].mention_id] == of[mentions[4].mention_id]
    assert of[mentions[0].mention_id] == of[mentions[2].mention_id]
    assert of[mentions[0].mention_id] != of[mentions[1].mention_id]


def test_bad_alias_file_is_an_error() -> None:
    with pytest.raises(ValueError):
        reconcile([], aliases={"merge": [["only one"]]})
    with pytest.raises(ValueError):
        reconcile([], aliases={"merges": []})


# --- properties ------------------------------------------------------------------------

GIVEN = ["Olivier", "Jean-Pierre", "Marie", "Cyril", "Chantal", "Philippe"]
FAMILY = ["LEGRAND", "MOREAU", "OLIVIER", "PERRIN", "KERVELLA", "DE LA FONTAINE"]


def _variant(given_name: str, family: str, kind: int) -> str:
    forms = [
        f"{given_name} {family}",
        f"{family} {given_name}",
        f"{given_name.lower()} {family}",
        f"M. {given_name} {family}",
        f"Mme {family}",
        f"{given_name[0]}. {family.title()}",
        f"{family}, {given_name}",
    ]
    return forms[kind % len(forms)]


MENTIONS = st.lists(
    st.tuples(st.sampled_from(GIVEN), st.sampled_from(FAMILY), st.integers(0, 6), st.sampled_from([DOC_A, DOC_B])),
    min_size=1,
    max_size=25,
)


def _build(specs) -> list[Mention]:
    return [person(_variant(g, f, k), n, doc=d) for n, (g, f, k, d) in enumerate(specs)]


@settings(max_examples=60, deadline=None)
@given(specs=MENTIONS, seed=st.integers(0, 10_000))
def test_independent_of_input_order(specs, seed: int) -> None:
    mentions = _build(specs)
    shuffled = list(mentions)
    random.Random(seed).shuffle(shuffled)
    first, second = reconcile(mentions), reconcile(shuffled)
    assert first == second


@settings(max_examples=100, deadline=None)
@given(specs=MENTIONS)
def test_idempotent_on_its_variants(specs) -> None:
    """Reconciling the variants of the output again, each in the document it
    was read in, gives the same grouping."""
    mentions = _build(specs)
    resolution = reconcile(mentions)
    variants = {p.person_id: set(p.variants) for p in resolution.persons}
    again: list[tuple[str, Mention]] = []
    for mention in mentions:
        entity = resolution.entity_of[mention.mention_id]
        bare = " ".join(mention.text.split()[1:])
        for form in (f for f in (mention.text, bare) if f in variants[entity]):
            n = len(again)
            again.append((entity, person(form, n, doc=mention.doc_id)))
    second = reconcile([m for _, m in again])
    mapping: dict[str, set[str]] = {}
    for entity, mention in again:
        mapping.setdefault(entity, set()).add(second.entity_of[mention.mention_id])
    assert all(len(v) == 1 for v in mapping.values())
    assert len({next(iter(v)) for v in mapping.values()}) == len(mapping)
