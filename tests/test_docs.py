"""The README documents every command, every table and every column; CI runs its test command."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command

from conftest import ROOT
from pipeline.cli import app
from pipeline.schema import TABLES
from pipeline.views import VIEWS

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(get_command(app).commands))
def test_every_command_is_documented_with_an_example(command: str) -> None:
    assert f"### `minutes {command}`" in README
    assert re.search(rf"^minutes {command} ", README, re.MULTILINE)
    help_text = get_command(app).commands[command].help or ""
    assert f"Example: minutes {command}" in help_text


@pytest.mark.parametrize(("table", "column"), [(t, c) for t, cols in TABLES.items() for c, _, _ in cols])
def test_every_column_is_documented(table: str, column: str) -> None:
    section = README.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
    assert f"| `{column}` |" in section


@pytest.mark.parametrize(("view", "column"), [(v, c) for v, view in VIEWS.items() for c, _, _ in view.columns])
def test_every_view_column_is_documented(view: str, column: str) -> None:
    assert README.count(f"### `{view}`") == 1
    section = README.split(f"### `{view}`", 1)[1].split("\n### ", 1)[0]
    assert f"| `{column}` |" in section


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "bash scripts/setup.sh && .venv/bin/python -m pytest"
    assert command in README and command in ci
