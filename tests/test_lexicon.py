"""One lexicon for every stage: a role form resolves to the same role wherever it
is read, civilities come from one table, and stages do not import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline import lexicon
from pipeline.attendance import find_attendance
from pipeline.entities.paragraph import _roles as entity_roles
from pipeline.speakers.cues import find_cue
from pipeline.structure import build_structure

# (text as minutes write it, canonical role)
ROLE_FORMS = [
    ("le Maire", "Maire"),
    ("Madame la Maire", "Maire"),
    ("le vice-président", "Vice-président"),
    ("la Vice-Présidente", "Vice-président"),
    ("le président", "Président"),
    ("la Présidente", "Président"),
    ("le maire adjoint", "Adjoint"),
    ("la première adjointe", "Adjoint"),
    ("le conseiller municipal", "Conseiller municipal"),
    ("la conseillère déléguée", "Conseiller municipal"),
    ("le secrétaire de séance", "Secrétaire"),
    ("la trésorière", "Trésorier"),
    ("le rapporteur", "Rapporteur"),
    ("la directrice générale des services", "Directeur"),
    ("le sous-préfet", "Préfet"),
]


@pytest.mark.parametrize(("text", "role"), ROLE_FORMS)
def test_lexicon_role_of(text: str, role: str) -> None:
    assert lexicon.role_of(text) == role


@pytest.mark.parametrize(("text", "role"), ROLE_FORMS)
def test_every_consumer_reads_the_same_role(text: str, role: str) -> None:
    """Entities (role mentions), speakers (role cues) and attendance (listed roles)
    agree with the lexicon on every form."""
    sentence = f"{text[0].upper()}{text[1:]} expose le projet."
    found = entity_roles(sentence)
    assert [c.role for c in found] == [role], sentence
    cue = find_cue(sentence)
    assert cue is not None and lexicon.role_of(cue.who) == role, sentence
    listed = lexicon.listed_role(lexicon.strip_civility_and_article(text))
    assert listed is not None and lexicon.role_form_at_start(listed).role == role


@pytest.mark.parametrize(("text", "role"), [(t.split(" ", 1)[1], r) for t, r in ROLE_FORMS if t.startswith(("le ", "la "))])
def test_attendance_lists_read_the_same_role(make_source, text: str, role: str) -> None:
    source = make_source(f"Présents : Mme Anne DURAND, {text}, M. Paul MARTIN.")
    built = build_structure(source)
    entries = find_attendance(source, built.paragraphs).attendance
    durand = next(e for e in entries if e.family_name == "DURAND")
    assert durand.role and lexicon.role_of(durand.role) == role


@pytest.mark.parametrize(
    ("text", "role", "plural"),
    [("Adjoints", "Adjoint", True), ("Conseillères municipales", "Conseiller municipal", True), ("Adjointe", "Adjoint", False)],
)
def test_plural_roles(text: str, role: str, plural: bool) -> None:
    form = lexicon.role_form_at_start(text)
    assert form is not None and form.role == role and form.plural is plural


def test_listed_plural_role_is_singular() -> None:
    assert lexicon.listed_role("Conseillers municipaux délégués") == "Conseiller municipal délégué"


@pytest.mark.parametrize(("token", "gender"), [("M.", "m"), ("Mme", "f"), ("Madame", "f"), ("Messieurs", "m"), ("Dr", None)])
def test_civilities_have_gender(token: str, gender: str | None) -> None:
    assert lexicon.civility_of(token)["gender"] == gender


def test_fold_is_the_one_key() -> None:
    assert lexicon.fold("Vice-Présidente  d’Honneur") == "vice presidente d'honneur"
    assert lexicon.fold_case("Février  d’été") == "février d'été"
    assert len(lexicon.fold_keep_length("ÉCOLE Élémentaire")) == len("ÉCOLE Élémentaire")


# --- stages do not import each other -----------------------------------------------------

STAGE_PACKAGES = ("ingest", "structure", "attendance", "speakers", "amounts", "dates", "votes", "entities", "commitments", "reconcile", "export")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("stage", STAGE_PACKAGES)
def test_no_stage_imports_another_stage(stage: str) -> None:
    base = ROOT / "pipeline"
    files = [base / f"{stage}.py"] if (base / f"{stage}.py").exists() else sorted((base / stage).rglob("*.py"))
    assert files, stage
    others = {f"pipeline.{s}" for s in STAGE_PACKAGES if s != stage}
    for path in files:
        bad = {m for m in _imports(path) if any(m == o or m.startswith(o + ".") for o in others)}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_no_module_is_over_450_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "pipeline").rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not long, long
