"""The output tables of the bundled corpus, compared with the frozen snapshot in tests/golden/.

Any change that moves a row of any table fails here, with the tables and rows
that moved. When the change is meant (a rule fixed, a column added), rewrite
the snapshot on purpose and commit it with the change:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import pytest

from golden import SNAPSHOT, differences, normalise, read_snapshot, write_snapshot
from pipeline.io import read_tables

pytestmark = pytest.mark.model


def test_output_tables_match_the_snapshot(corpus_output, request) -> None:
    out, _ = corpus_output
    tables = read_tables(out)
    if request.config.getoption("--update-golden"):
        write_snapshot(tables)
        pytest.skip(f"snapshot rewritten in {SNAPSHOT}")
    frozen = read_snapshot()
    assert frozen, f"no snapshot in {SNAPSHOT}: run with --update-golden once"
    problems = differences(frozen, tables)
    assert not problems, "\n\n".join(p[:4000] for p in problems)


def test_a_moved_row_is_caught(corpus_output) -> None:
    """The comparison itself can fail: one changed value in one table is reported."""
    out, _ = corpus_output
    tables = read_tables(out)
    frozen = {name: frame.copy() for name, frame in tables.items()}
    amounts = frozen["amounts"]
    amounts.loc[amounts.index[0], "value"] = amounts["value"].iloc[0] + 1
    problems = differences({k: normalise(v) for k, v in frozen.items()}, tables)
    assert [p.split(":")[0] for p in problems] == ["amounts"]
