"""The archive checks: the bench scripts' file-name date parser and name keys
(fast), and three real Chéméré PDFs through the whole pipeline (model, archive)."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ARCHIVE, ROOT
from pipeline.config import Config
from pipeline.run import run_to


def _bench_module(name: str) -> ModuleType:
    """A script of bench/ imported as a module (bench/ is not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


archive_check = _bench_module("archive_check")
compare_rc = _bench_module("compare_regardscitoyens")


# --- dates in file names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CM_13_octobre_2009.pdf", datetime.date(2009, 10, 13)),
        ("CM_12_décembre_2012.pdf", datetime.date(2012, 12, 12)),
        ("CM_2_juillet_2013.pdf", datetime.date(2013, 7, 2)),
        ("CM_27_février_2008.pdf", datetime.date(2008, 2, 27)),
        ("CM_27_fevrier_2008.pdf", datetime.date(2008, 2, 27)),  # accent dropped
        ("CM_17_aout_2010.pdf", datetime.date(2010, 8, 17)),
        ("PV du 1er mars 2010.pdf", datetime.date(2010, 3, 1)),
        ("cr 15 sept. 2014.txt", datetime.date(2014, 9, 15)),
        ("Compte-rendu-CM-3-Decembre-2019.pdf", datetime.date(2019, 12, 3)),
        ("CR_conseil_municipal_07_10_2022.pdf", datetime.date(2022, 10, 7)),
        ("CR_conseil_municipal_24_02_2023.pdf", datetime.date(2023, 2, 24)),
        ("CR_reunion_20210129.pdf", datetime.date(2021, 1, 29)),
        ("seance-2021-06-04.pdf", datetime.date(2021, 6, 4)),
        ("pv.29.01.2021.pdf", datetime.date(2021, 1, 29)),
        # no day, or not a calendar date: no meeting date
        ("CM_octobre_2009.pdf", None),
        ("CM_31_février_2012.pdf", None),
        ("budget_2012.pdf", None),
        ("Deliberation_2012_133.pdf", None),
        ("scan_00012345678.pdf", None),
        ("rafhael.scan.pdf", None),
    ],
)
def test_date_from_filename(name: str, expected: datetime.date | None) -> None:
    assert archive_check.date_from_filename(name) == expected


MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)),
    st.sampled_from(["CM_{d}_{month}_{y}", "CR_{dd}_{mm}_{y}", "CR_reunion_{y}{mm}{dd}", "pv {d} {month} {y}", "{y}-{mm}-{dd}_seance"]),
)
def test_date_from_filename_reads_back_every_written_date(day: datetime.date, template: str) -> None:
    name = template.format(
        d=day.day, dd=f"{day.day:02d}", mm=f"{day.month:02d}", y=day.year, month=MONTH_NAMES[day.month - 1]
    ) + ".pdf"
    assert archive_check.date_from_filename(name) == day


# --- name keys of the Regards Citoyens comparison ---------------------------------------------


@pytest.mark.parametrize(
    ("given_name", "family", "key"),
    [
        ("Marie-Josèphe", "BATARD", "batard|m"),
        ("Régine", "CORMIER", "cormier|r"),
        ("Jean-Paul", "LERAY", "leray|j"),
        ("Sabrina", "PENNETIER-BIGOT", "pennetier-bigot|s"),
        (None, "LECLÈVE", "lecleve|"),  # family name only
        ("Éric", "LOMBREY", "lombrey|e"),
    ],
)
def test_name_key(given_name: str | None, family: str, key: str) -> None:
    assert str(compare_rc.name_key(given_name, family)) == key


@pytest.mark.parametrize(
    ("ours", "theirs", "same"),
    [
        (("Marie-Josèphe", "BATARD"), "Marie-Jo Batard", True),  # their shortened given name
        (("Georges", "LECLÈVE"), "Georges Lecleve", True),  # accent
        (("Lionel", "LESCURAT"), "Lescurat Lionel", True),  # their order reversed
        (("Sabrina", "PENNETIER-BIGOT"), "Sabrina Pennetier-Bigot", True),
        (("Mithé", "GOUY"), "Mithé Gouy", True),
        (("Alain", "GUILBAUD"), "Gérard Guilbaud", False),  # same family, other person
        (("Bernard", "PENNETIER"), "Sabrina Pennetier-Bigot", False),
        (("Pierre", "VOYAU"), "Jean-Marc Voyau", False),
        (("Annie", "BARDOUL"), "Alice Biczysko", False),
    ],
)
def test_same_person_across_spellings(ours: tuple[str, str], theirs: str, same: bool) -> None:
    key = compare_rc.name_key(*ours)
    best = max(compare_rc.key_similarity(key, other) for other in compare_rc.reference_keys(theirs))
    assert (best >= compare_rc.FAMILY_SIMILARITY) is same


@given(st.text(max_size=40))
def test_fold_name_is_idempotent_and_plain(text: str) -> None:
    folded = compare_rc.fold_name(text)
    assert compare_rc.fold_name(folded) == folded
    assert folded == folded.casefold()
    assert all(ch.isalnum() or ch in " -" for ch in folded)


def test_compare_meeting_scores_person_and_status() -> None:
    def ours(given_name: str, family: str, status: str):
        return compare_rc.Entry(f"{given_name} {family}", status, (compare_rc.name_key(given_name, family),))

    def theirs(name: str, status: str):
        return compare_rc.Entry(name, status, compare_rc.reference_keys(name))

    result = compare_rc.compare_meeting(
        "2009-10-13",
        [ours("Marie-Josèphe", "BATARD", "present"), ours("Nicolas", "BOUCHER", "present"), ours("Paul", "PIPAUD", "present")],
        [theirs("Marie-Jo Batard", "present"), theirs("Nicolas Boucher", "excused"), theirs("Alain Guilbaud", "excused")],
    )
    assert result.agreed == 1
    assert result.f1 == pytest.approx(2 / 6)
    assert {(d.ours, d.theirs) for d in result.disagreements} == {("present", "excused"), ("present", None), (None, "excused")}


# --- three real minutes through the pipeline ---------------------------------------------------


def _spread(archive: Path, n: int) -> list[Path]:
    """n files of the archive spread over its years (first, middle, last by file-name date)."""
    dated = sorted((d, p) for p in archive.glob("*.pdf") if (d := archive_check.date_from_filename(p.name)))
    if len(dated) < n:
        pytest.skip(f"fewer than {n} dated PDFs in {archive}")
    return [dated[round(i * (len(dated) - 1) / (n - 1))][1] for i in range(n)]


@pytest.fixture(scope="module")
def archive_run(tmp_path_factory) -> tuple[list[Path], Path, object]:
    """Three archive PDFs run once for the tests below (tables written, for the exports)."""
    if not ARCHIVE.is_dir() or not any(ARCHIVE.glob("*.pdf")):
        pytest.skip(f"archive not found at {ARCHIVE} (set MINUTES_ARCHIVE)")
    files = _spread(ARCHIVE, 3)
    out = tmp_path_factory.mktemp("archive") / "out"
    return files, out, run_to([str(p) for p in files], Config(out_dir=out))


@pytest.mark.model
@pytest.mark.archive
def test_archive_minutes_run_clean(archive_run) -> None:
    files, _, result = archive_run
    tables = result.tables
    assert tables["errors"].empty, tables["errors"].to_dict("records")
    documents = tables["documents"].set_index("source")
    attendance = tables["attendance"]
    for path in files:
        document = documents.loc[str(path)]
        assert document["meeting_date"] == archive_check.date_from_filename(path.name).isoformat(), path.name
        present = attendance[(attendance["doc_id"] == document["doc_id"]) & (attendance["status"] == "present")]
        assert len(present) >= 10, path.name


# --- exchange formats over real minutes ----------------------------------------------------------


@pytest.mark.model
@pytest.mark.archive
def test_archive_minutes_export_and_validate(archive_run, tmp_path: Path) -> None:
    from pipeline.exports import export
    from pipeline.exports.checks import check_popolo, check_scdl, check_tei

    files, out, result = archive_run
    tables = result.tables
    export(out, tmp_path / "exports")
    tei = check_tei(tmp_path / "exports" / "tei")
    popolo = check_popolo(tmp_path / "exports" / "popolo")
    scdl = check_scdl(tmp_path / "exports" / "scdl")
    assert tei.problems == [] and popolo.problems == [] and scdl.problems == []
    assert tei.counts["meetings"] == popolo.counts["events"] == len(files)
    assert tei.counts["utterances"] == len(tables["interventions"]) > 0
    assert popolo.counts["vote_events"] == len(tables["votes"]) > 0
    # Council minutes are chaired by the mayor: every sitting has a chair who speaks.
    assert tei.counts["chair_utterances"] > 0
    assert scdl.counts["deliberations"] > 0
