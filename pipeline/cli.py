"""The `minutes` command line: a thin layer over ``pipeline.run`` and ``pipeline.evaluate``.

Each command's docstring is its ``--help`` text, with an example; a test
checks that README documents every command.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.config import Config

app = typer.Typer(add_completion=False, no_args_is_help=True, help="French meeting minutes into a normalised, traceable dataset.")


@app.command("run")
def run_command(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .md, .pdf) or folders to process.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the tables into.")] = Path("outputs"),
    batch_size: Annotated[int, typer.Option(help="Documents per batch (one spaCy pass per batch).")] = 8,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="OCR pages that have no text layer.")] = True,
    ocr_lang: Annotated[str, typer.Option(help="Tesseract language(s) for OCR.")] = "fra",
    max_mb: Annotated[float, typer.Option(help="Files larger than this many MB become an error row.")] = 200.0,
    aliases: Annotated[Path | None, typer.Option(help="YAML file of forced merges and splits of persons/organisations.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Process minutes into tables (Parquet files and minutes.duckdb) in --out.

    Example: minutes run corpus/ --out outputs/
    """
    from rich.progress import Progress

    from pipeline.io import iter_sources
    from pipeline.run import run_to

    config = Config(out_dir=out, batch_size=batch_size, ocr=ocr, ocr_lang=ocr_lang, max_mb=max_mb, aliases=aliases)
    total = sum(1 for _ in iter_sources(paths))
    if total == 0:
        typer.echo(f"no .txt, .md or .pdf file found in {', '.join(map(str, paths))}", err=True)
        raise typer.Exit(code=2)
    with Progress(disable=quiet, transient=True) as progress:
        task = progress.add_task("reading minutes", total=total)
        result = run_to(paths, config, on_document=lambda _source: progress.advance(task))
    tables = result.tables
    typer.echo(
        f"{len(tables['documents'])} documents, {len(tables['paragraphs'])} paragraphs, "
        f"{len(tables['interventions'])} interventions, {len(tables['persons'])} persons, "
        f"{len(tables['amounts'])} amounts, {len(tables['dates'])} dates, {len(tables['votes'])} votes, "
        f"{len(tables['commitments'])} commitments -> {out}/"
    )
    for error in result.errors:
        typer.echo(f"error: {error.source} [{error.stage}] {error.message}", err=True)


@app.command("eval")
def eval_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder of a previous `minutes run`.")] = Path("outputs"),
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Folder of gold YAML files (see corpus/gold/FORMAT.md).")] = Path("corpus/gold"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score an output folder against gold annotations, per document and on average.

    Example: minutes eval --out outputs/ --gold corpus/gold
    """
    from pipeline.evaluate import evaluate, format_report, report_as_json
    from pipeline.io import read_gold, read_tables

    try:
        tables = read_tables(out)
    except FileNotFoundError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=2) from exc
    report = evaluate(tables, read_gold(gold))
    if as_json:
        typer.echo(json.dumps(report_as_json(report), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_report(report))


# --- export (pipeline/exports/) ---------------------------------------------------------------


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Argument(help="Output folder of a previous `minutes run`.")],
    formats: Annotated[list[str] | None, typer.Option("--format", "-f", help="tei, popolo or scdl; repeat for several (default: all three).")] = None,
    to: Annotated[Path, typer.Option("--to", help="Folder to write into (one subfolder per format).")] = Path("exports"),
    bodies: Annotated[Path | None, typer.Option(help="SCDL: YAML file mapping each body's name to its 14-digit SIRET.")] = None,
) -> None:
    """Write a run's tables as exchange formats: ParlaMint TEI, Popolo JSON, SCDL délibérations CSV.

    Example: minutes export outputs/ --format tei --format scdl --bodies bodies.yaml --to exports/
    """
    from pipeline.exports import FORMATS, export
    from pipeline.exports.scdl import BodiesFileError

    chosen = formats or list(FORMATS)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        typer.echo(f"unknown format(s) {', '.join(unknown)}; choose among {', '.join(FORMATS)}", err=True)
        raise typer.Exit(code=2)
    try:
        reports = export(out, to, chosen, bodies=bodies)
    except (FileNotFoundError, BodiesFileError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=2) from exc
    for report in reports:
        counts = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        typer.echo(f"{report.format}: {counts} -> {report.directory}/")
        for warning in report.warnings:
            typer.echo(f"warning: {report.format}: {warning}", err=True)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    app()


if __name__ == "__main__":
    main()
