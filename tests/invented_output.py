"""A small output folder made once per test process from two invented council meetings.

The documents (tests/data/analyst/) are invented: same body, two years, an
attendance list each, questions and answers, amounts and votes. By default the
run skips the spaCy stages (entities, commitments), so it takes seconds and
needs no model; ``nlp=True`` runs them too (tests marked ``model``).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from conftest import ROOT
from pipeline.config import Config
from pipeline.run import run_to

INVENTED = ROOT / "tests" / "data" / "analyst"


@functools.cache
def invented_output(*, nlp: bool = False) -> Path:
    out = Path(tempfile.mkdtemp(prefix="minutes-invented-")) / "out"
    run_to([INVENTED], Config(out_dir=out, entities=nlp, commitments=nlp))
    return out
