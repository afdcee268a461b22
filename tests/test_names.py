"""Person name parsing: every shape French minutes use."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ids import fold
from pipeline.names import PersonName, civility_of, is_particle, name_key, not_names, parse_person_name, type_abbreviation

SHAPES = [
    # text, civility, given, family, gender
    ("Olivier LLUANSI", None, "Olivier", "LLUANSI", None),
    ("LLUANSI Olivier", None, "Olivier", "LLUANSI", None),
    ("olivier LLUANSI", None, "olivier", "LLUANSI", None),
    ("M. Jean-Paul LERAY", "M.", "Jean-Paul", "LERAY", "m"),
    ("Monsieur Christian HOFLACK", "Monsieur", "Christian", "HOFLACK", "m"),
    ("MME Sylviane GIBET", "MME", "Sylviane", "GIBET", "f"),
    ("Mme GENTILHOMME", "Mme", None, "GENTILHOMME", "f"),
    ("M. HOFLACK", "M.", None, "HOFLACK", "m"),
    ("DUCROCQ, Christophe", None, "Christophe", "DUCROCQ", None),
    ("DESTOMBES JEAN-François", None, "JEAN-François", "DESTOMBES", None),
    ("RAVIART Jean-luc", None, "Jean-luc", "RAVIART", None),
    ("Jean-Pierre TRIQUET", None, "Jean-Pierre", "TRIQUET", None),
    ("J.-P. Triquet", None, "J.-P.", "Triquet", None),
    ("Marie-Jo Batard", None, "Marie-Jo", "Batard", None),
    ("Adrien Pachkoff", None, "Adrien", "Pachkoff", None),
    ("Pierre d'Huy", None, "Pierre", "d'Huy", None),
    ("Jean de La Fontaine", None, "Jean", "de La Fontaine", None),
    ("Jean de LA FONTAINE", None, "Jean", "de LA FONTAINE", None),
    ("Yann LE GALL", None, "Yann", "LE GALL", None),
    ("LE GALL Yann", None, "Yann", "LE GALL", None),
    ("M. de Gaulle", "M.", None, "de Gaulle", "m"),
    ("Sabrina PENNETIER-BIGOT", None, "Sabrina", "PENNETIER-BIGOT", None),
    ("PRIN Jean Claude", None, "Jean Claude", "PRIN", None),
    # all capitals: the known given name decides the order
    ("JEAN-PIERRE TRIQUET", None, "JEAN-PIERRE", "TRIQUET", None),
    ("TRIQUET JEAN-PIERRE", None, "JEAN-PIERRE", "TRIQUET", None),
    ("Cyril OLIVIER", None, "Cyril", "OLIVIER", None),
    ("OLIVIER Cyril", None, "Cyril", "OLIVIER", None),
    ("Madame Chantal MORLEC,", "Madame", "Chantal", "MORLEC", "f"),
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
        "remercie LLUANSI",  # a lowercase word that is no given name
        "Olivier",
        "Article 12",
        "CA MAUBEUGE VAL DE SAMBRE LLUANSI Olivier",  # a body and a name run together
    ],
)
def test_not_a_name(text: str) -> None:
    assert parse_person_name(text) is None


def test_bare_family_allowed_in_lists() -> None:
    assert parse_person_name("PADIOLLEAU", allow_bare_family=True) == PersonName(None, None, "PADIOLLEAU", None)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Olivier LLUANSI", "LLUANSI Olivier"),
        ("Olivier LLUANSI", "olivier LLUANSI"),
        ("M. Jean-Paul LERAY", "LERAY Jean Paul"),
        ("Jean-Pierre TRIQUET", "TRIQUET JEAN-PIERRE"),
        ("Frédéric CLOWEZ", "CLOWEZ Frederic"),
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
