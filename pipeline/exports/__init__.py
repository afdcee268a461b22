"""Exchange formats written from the output tables of a run: ParlaMint TEI,
Popolo JSON and SCDL délibérations (one module each; ``common`` holds what
they share). Exports read the tables only, never the source files."""

from __future__ import annotations

from pathlib import Path

from pipeline.exports.common import ExportReport, check_tables

FORMATS = ("tei", "popolo", "scdl")


def export(out: str | Path, to: str | Path, formats: list[str] | tuple[str, ...] = FORMATS, *, bodies: str | Path | None = None) -> list[ExportReport]:
    """Read the tables of ``out`` once and write each format into ``to/<format>/``."""
    from pipeline.exports.popolo import export_popolo
    from pipeline.exports.scdl import export_scdl
    from pipeline.exports.tei import export_tei
    from pipeline.io import read_tables

    tables = read_tables(out)
    check_tables(tables, out)
    target = Path(to)
    writers = {
        "tei": lambda: export_tei(tables, target / "tei"),
        "popolo": lambda: export_popolo(tables, target / "popolo"),
        "scdl": lambda: export_scdl(tables, target / "scdl", bodies_file=bodies),
    }
    return [writers[name]() for name in formats]
