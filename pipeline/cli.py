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

EXIT_USAGE = 2  # the command could not start; nothing was done
EXIT_SOME_ERRORS = 3  # the run finished, but some inputs are error rows
EXIT_INTERRUPTED = 130

app = typer.Typer(add_completion=False, no_args_is_help=True, help="French meeting minutes into a normalised, traceable dataset.")


@app.command("run")
def run_command(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .md, .pdf) or folders to process.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the tables into.")] = Path("outputs"),
    batch_size: Annotated[int, typer.Option(help="Kept for compatibility: each document is now one unit of work (one spaCy pass).")] = 8,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="OCR pages that have no text layer.")] = True,
    ocr_lang: Annotated[str, typer.Option(help="Tesseract language(s) for OCR.")] = "fra",
    max_mb: Annotated[float, typer.Option(help="Files larger than this many MB become an error row.")] = 200.0,
    aliases: Annotated[Path | None, typer.Option(help="YAML file of forced merges and splits of persons/organisations.")] = None,
    entities: Annotated[bool, typer.Option("--entities/--no-entities", help="Person and organisation mentions (spaCy NER and rules).")] = True,
    commitments: Annotated[bool, typer.Option("--commitments/--no-commitments", help="Commitments (spaCy parser and rules).")] = True,
    corrections: Annotated[Path | None, typer.Option(help="YAML corrections file (speakers, merges, splits, not_amount, not_date; README 'Corrections').")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Worker processes (default: the machine's cores; 1: no extra process).")] = None,
    engine: Annotated[str, typer.Option(help="local (processes on this machine) or dask (a Dask cluster).")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT) for --engine dask; without it, a LocalCluster.")] = None,
    retry_errors: Annotated[bool, typer.Option("--retry-errors", help="Redo documents that an earlier run left with error rows.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Process minutes into tables (Parquet files and minutes.duckdb) in --out.

    Example: minutes run corpus/ --out outputs/ --workers 2

    Each finished document is kept at once in .OUT.parts/ beside the output
    folder; running the same command again (after a crash, a Ctrl-C, or to add
    files) redoes only the documents not done yet with this pipeline version.

    Exit status: 0 when every input was read, 3 when some inputs became error
    rows (the tables are written all the same), 2 when the command could not
    start (a missing input, an --out that cannot be written, an alias file that
    does not parse: nothing is done), 130 when interrupted (the tables are not
    written, the previous output stays whole, finished documents are kept for
    the next run).
    """
    from pipeline.corrections import CorrectionsError, load_corrections
    from pipeline.engines import default_workers
    from pipeline.io import UsageError, check_inputs, check_output_dir, iter_sources, read_aliases
    from pipeline.parts import parts_dir
    from pipeline.progress import Progress
    from pipeline.run import run_to

    config = Config(
        out_dir=out, batch_size=batch_size, ocr=ocr, ocr_lang=ocr_lang, max_mb=max_mb, aliases=aliases,
        corrections=corrections, entities=entities, commitments=commitments,
        workers=workers or default_workers(), engine=engine, scheduler=scheduler, retry_errors=retry_errors,
    )
    try:
        if engine not in ("local", "dask"):
            raise UsageError(f"--engine {engine}: expected local or dask; nothing was done")
        if scheduler and engine != "dask":
            raise UsageError("--scheduler needs --engine dask; nothing was done")
        if config.workers < 1:
            raise UsageError(f"--workers {config.workers}: expected 1 or more; nothing was done")
        check_inputs(paths)
        check_output_dir(out)
        read_aliases(aliases)
        load_corrections(corrections)
    except (UsageError, CorrectionsError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=EXIT_USAGE) from exc
    total = sum(1 for _ in iter_sources(paths))
    if total == 0:
        typer.echo(f"no .txt, .md or .pdf file found in {', '.join(map(str, paths))}; nothing was done", err=True)
        raise typer.Exit(code=EXIT_USAGE)
    if not quiet:
        typer.echo(f"reading {total} documents into {out}/", err=True)
    progress = Progress(total, enabled=not quiet)
    seen: dict = {}

    def outcome(found) -> None:
        if found is None:
            seen.update(reused=True)
        else:
            seen.update(pages=found.pages, errors=found.errors)

    def document(_source: str) -> None:
        progress.advance(**seen)
        seen.clear()

    try:
        with progress:
            result = run_to(paths, config, on_document=document, on_outcome=outcome)
    except KeyboardInterrupt:
        kept = progress.done
        typer.echo(
            f"interrupted after {kept} of {total} documents: the tables were not written, {out}/ holds the "
            f"previous run unchanged; the finished documents are kept in {parts_dir(out)}/: run the same "
            "command again to resume (they are not redone)",
            err=True,
        )
        raise typer.Exit(code=EXIT_INTERRUPTED) from None
    _report(result, out)
    if not quiet:
        typer.echo(f"{result.processed} documents processed now, {result.reused} taken from earlier runs", err=True)
    failed = [e for e in result.errors if e.stage != "corrections"]
    if failed:
        raise typer.Exit(code=EXIT_SOME_ERRORS)


@app.command("build")
def build_command(
    out: Annotated[Path, typer.Argument(help="Output folder of a previous `minutes run` (its parts are beside it).")],
) -> None:
    """Rebuild the tables of an output folder from its parts, without reading any document again.

    Example: minutes build outputs/

    Reconciliation and every table (and minutes.duckdb) are made again from
    the parts the last `minutes run --out OUT` kept in .OUT.parts/, with the
    alias and corrections files that run named (read again, so an edited
    alias file takes effect). Exit status as for `minutes run`.
    """
    from pipeline.io import UsageError
    from pipeline.run import build_to

    try:
        result = build_to(out)
    except (FileNotFoundError, UsageError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=EXIT_USAGE) from exc
    except KeyboardInterrupt:
        typer.echo(f"interrupted: nothing was written, {out}/ holds the previous tables unchanged", err=True)
        raise typer.Exit(code=EXIT_INTERRUPTED) from None
    _report(result, out)
    if any(e.stage != "corrections" for e in result.errors):
        raise typer.Exit(code=EXIT_SOME_ERRORS)


def _report(result, out: Path) -> None:
    n = result.counts
    typer.echo(
        f"{n.get('documents', 0)} documents, {n.get('paragraphs', 0)} paragraphs, "
        f"{n.get('interventions', 0)} interventions, {n.get('persons', 0)} persons, "
        f"{n.get('amounts', 0)} amounts, {n.get('dates', 0)} dates, {n.get('votes', 0)} votes, "
        f"{n.get('commitments', 0)} commitments -> {out}/"
    )
    for error in result.errors:
        level = "warning" if error.stage == "corrections" else "error"
        typer.echo(f"{level}: {error.source} [{error.stage}] {error.message}", err=True)
    failed = [e for e in result.errors if e.stage != "corrections"]
    if failed:
        typer.echo(f"{len(failed)} input(s) or stage(s) became error rows (table errors)", err=True)


@app.command("eval")
def eval_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder of a previous `minutes run`.")] = Path("outputs"),
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Folder of gold YAML files (see corpus/gold/FORMAT.md).")] = Path("corpus/gold"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score an output folder against gold annotations: per document, by body (each body weighs
    once in the mean) and the worst document of each metric.

    Example: minutes eval --out outputs/ --gold corpus/gold
    """
    from pipeline.evaluate import evaluate, format_report, report_as_json
    from pipeline.io import read_gold, read_tables

    try:
        tables = read_tables(out)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=EXIT_USAGE) from exc
    if not gold.is_dir():
        typer.echo(f"error: no gold folder {gold}", err=True)
        raise typer.Exit(code=EXIT_USAGE)
    golds = read_gold(gold)
    if not golds:
        typer.echo(f"error: {gold} holds no gold .yaml file", err=True)
        raise typer.Exit(code=EXIT_USAGE)
    report = evaluate(tables, golds)
    if as_json:
        typer.echo(json.dumps(report_as_json(report), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_report(report))


# --- analysts: query and serve ---------------------------------------------------


@app.command("query")
def query_command(
    out: Annotated[Path, typer.Argument(help="Output folder of a previous `minutes run`.")],
    sql: Annotated[str, typer.Argument(help="One read-only SQL statement (DuckDB dialect) over the tables and views.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="csv, json or parquet (default: from --to's suffix, else a table).")] = None,
    to: Annotated[Path | None, typer.Option("--to", help="File to write the result to (all rows).")] = None,
    max_rows: Annotated[int, typer.Option(help="Rows shown when printing a table.")] = 50,
) -> None:
    """Run read-only SQL over an output folder's tables and views; print a table or write CSV, JSON or Parquet.

    Example: minutes query outputs/ "select speaker_name, count(*) n from speeches group by 1 order by n desc"

    Statements that write (insert, update, delete, create, drop, attach, copy,
    pragma, set...) are refused. `minutes query OUT "show tables"` lists the
    tables and views.
    """
    from pipeline.query import QueryError, format_for, run_query, write_result

    try:
        chosen = format_for(to, fmt)
        result = run_query(out, sql)
        if chosen is None:
            _print_table(result, max_rows)
        else:
            write_result(result, chosen, to)
    except (QueryError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if to is not None:
        typer.echo(f"{result.num_rows} rows -> {to}", err=True)


@app.command("serve")
def serve_command(
    out: Annotated[Path, typer.Argument(help="Output folder of a previous `minutes run`.")],
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on.")] = 8001,
    host: Annotated[str, typer.Option(help="Address to listen on; the default keeps it on this machine.")] = "127.0.0.1",
    review_url: Annotated[str | None, typer.Option(help="Review pages: a base URL, or a folder served under /review/ (default: OUT/review/).")] = None,
) -> None:
    """Browse an output folder in Datasette: full-text search, facets, canned queries, links to the review pages.

    Example: minutes serve outputs/ --port 8001

    Builds OUT/minutes.sqlite first (again whenever the Parquet tables are
    newer), then serves it read-only on http://127.0.0.1:PORT/minutes.
    """
    from pipeline.serve import serve

    try:
        serve(out, port=port, host=host, review_url=review_url, echo=typer.echo)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc


def _print_table(result, max_rows: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from pipeline.query import cell_text

    table = Table(*result.column_names, show_lines=False)
    for row in result.slice(0, max_rows).to_pylist():
        table.add_row(*(cell_text(v) for v in row.values()))
    console = Console()
    console.print(table)
    more = result.num_rows - min(result.num_rows, max_rows)
    shown = f"{result.num_rows} rows" + (f" ({more} not shown: --max-rows, or --to FILE for all)" if more else "")
    console.print(shown, style="dim")


@app.command("review")
def review_command(
    out: Annotated[Path, typer.Argument(help="Output folder of a previous `minutes run`.")],
    to: Annotated[Path | None, typer.Option("--to", help="Folder to write the pages into (default OUT/review).")] = None,
) -> None:
    """Write static review pages: an index of documents and one page per document with every fact highlighted.

    Example: minutes review outputs/ --to outputs/review
    """
    from pipeline.review import write_review

    try:
        written = write_review(out, to)
    except FileNotFoundError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=2) from exc
    index = next(p for p in written if p.name == "index.html")
    typer.echo(f"{len(written) - 2} document pages -> {index}")

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
    try:
        app()
    except KeyboardInterrupt:
        # Interrupted while starting up, before any work: nothing was read or written.
        typer.echo("interrupted before any document was read: nothing was written", err=True)
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
