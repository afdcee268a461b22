"""Person name parsing: every shape French minutes use."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ids import fold
from pipeline.names import PersonName, civility_of, is_particle, name_key, not_names, parse_person_name, type_abbreviation

SHAPES = [
    # text, civility, given, family, gender
    ("Olivier LEGRAND", None, "Olivier", "LEGRAND", None),
    ("LEGRAND Olivier", None, "Olivier", "LEGRAND", None),
    ("olivier LEGRAND", None, "olivier", "LEGRAND", None),
    ("M. Jean-Paul MARCHAL", "M.", "Jean-Paul", "MARCHAL", "m"),
    ("Monsieur Christian VERMEULEN", "Monsieur", "Christian", "VERMEULEN", "m"),
    ("MME Sylviane LAGARDE", "MME", "Sylviane", "LAGARDE", "f"),
    ("Mme BONNEFOY", "Mme", None, "BONNEFOY", "f"),
    ("M. VERMEULEN", "M.", None, "VERMEULEN", "m"),
    ("VASSEUR, Christophe", None, "Christophe", "VASSEUR", None),
    ("CARON JEAN-François", None, "JEAN-François", "CARON", None),
    ("DEWAELE Jean-luc", None, "Jean-luc", "DEWAELE", None),
    ("Jean-Pierre PERRIN", None, "Jean-Pierre", "PERRIN", None),
    ("J.-P. Perrin", None, "J.-P.", "Perrin", None),
    ("Marie-Jo Batard", None, "Marie-Jo", "Batard", None),
    ("Adrien Pachkoff", None, "Adrien", "Pachkoff", None),
    ("Pierre d'Huy", None, "Pierre", "d'Huy", None),
    ("Jean de La Fontaine", None, "Jean", "de La Fontaine", None),
    ("Jean de LA FONTAINE", None, "Jean", "de LA FONTAINE", None),
    ("Yann LE GALL", None, "Yann", "LE GALL", None),
    ("LE GALL Yann", None, "Yann", "LE GALL", None),
    ("M. de Gaulle", "M.", None, "de Gaulle", "m"),
    ("Sabrina MAUGER-LAVAL", None, "Sabrina", "MAUGER-LAVAL", None),
    ("BAZIN Jean Claude", None, "Jean Claude", "BAZIN", None),
    # all capitals: the known given name decides the order
    ("JEAN-PIERRE PERRIN", None, "JEAN-PIERRE", "PERRIN", None),
    ("PERRIN JEAN-PIERRE", None, "JEAN-PIERRE", "PERRIN", None),
    ("Cyril OLIVIER", None, "Cyril", "OLIVIER", None),
    ("OLIVIER Cyril", None, "Cyril", "OLIVIER", None),
    ("Madame Chantal KERVELLA,", "Madame", "Chantal", "KERVELLA", "f"),
]


@pytest.mark.parametrize(("text", "civility", "given_name", "family", "gender"), SHAPES)
def test_name_shapes(text: str, civility: str | None, given_name: str | None, family: str | None, gender: str | None) -> None:
    assert parse_person_name(text) == PersonName(civility=civility, given=given_name, family=family, gender=gender)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "M.",
        "Madame",
        "conseil municipal",
        "le maire explique",
        "Présents",
        "Monsieur le Maire",
        "Le Président",
        "Conseil Régional",
        "DATAR",  # a lone capitalised word without civility: maybe an acronym
        "remercie LEGRAND",  # a lowercase word that is no given name
        "Olivier",
        "Article 12",
        "CA DU PLATEAU DE VAUCLAIR LEGRAND Olivier",  # a body and a name run together
    ],
)
def test_not_a_name(text: str) -> None:
    assert parse_person_name(text) is None


def test_bare_family_allowed_in_lists() -> None:
    assert parse_person_name("GUERIN", allow_bare_family=True) == PersonName(None, None, "GUERIN", None)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Olivier LEGRAND", "LEGRAND Olivier"),
        ("Olivier LEGRAND", "olivier LEGRAND"),
        ("M. Jean-Paul MARCHAL", "MARCHAL Jean Paul"),
        ("Jean-Pierre PERRIN", "PERRIN JEAN-PIERRE"),
        ("Frédéric DEVOS", "DEVOS Frederic"),
    ],
)
def test_same_key(left: str, right: str) -> None:
    a, b = parse_person_name(left), parse_person_name(right)
    assert a is not None and b is not None
    assert name_key(a) == name_key(b)


def test_key_keeps_order_of_roles() -> None:
    a, b = parse_person_name("Cyril OLIVIER"), parse_person_name("Olivier CYRIL")
    assert a is not None and b is not None
    assert name_key(a) != name_key(b)


# Family names in capitals; organisation abbreviations ("CA", "CU") are no family names.
FAMILY = st.text(alphabet="ABCDEFGHIJKLMNOPRSTUVWXYZÉÈ", min_size=2, max_size=12).filter(
    lambda s: not is_particle(s) and civility_of(s) is None and fold(s) not in not_names() and type_abbreviation(s) is None
)
GIVEN = st.sampled_from(["Jean", "Marie-Claude", "Éric", "Anne", "Jean-luc", "Noël"])


@given(family=FAMILY, given_name=GIVEN)
def test_order_does_not_change_the_key(family: str, given_name: str) -> None:
    a = parse_person_name(f"{given_name} {family}")
    b = parse_person_name(f"{family} {given_name}")
    c = parse_person_name(f"{family}, {given_name}")
    assert a is not None and b is not None and c is not None
    assert name_key(a) == name_key(b) == name_key(c)
    assert a.family == family and a.given == given_name
