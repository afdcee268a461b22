"""The command line is a thin layer over the API: run writes the tables, eval reads them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import CORPUS
from pipeline.cli import app

runner = CliRunner()


@pytest.mark.model
def test_run_then_eval(tmp_path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(CORPUS / "montreuil-en-touraine-cm-2008-10-09.txt"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "minutes.duckdb").exists() and (out / "interventions.parquet").exists()
    scored = runner.invoke(app, ["eval", "--out", str(out), "--gold", str(CORPUS / "gold"), "--json"])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.output)
    (document,) = report["documents"]
    assert document["gold"] == "montreuil-en-touraine-cm-2008-10-09"
    assert document["metrics"]["attendance.f1"]["value"] == 1.0
    # One document, one body: the mean over bodies is that document's score.
    (body,) = report["by_body"]["bodies"]
    assert body["sources"] == [document["source"]] and body["body"] == document["body"]
    assert report["by_body"]["mean"]["attendance.f1"] == {"value": 1.0, "support": 1}
    assert all(worst["source"] == document["source"] for worst in report["worst"].values())


def test_nothing_to_read_is_a_clear_error(tmp_path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no .txt, .md or .pdf file" in result.output


def test_eval_without_a_run_says_so(tmp_path) -> None:
    result = runner.invoke(app, ["eval", "--out", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "minutes run" in result.output
