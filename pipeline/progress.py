"""Progress of a run: documents done / total, pages/s, errors so far, ETA.

On a terminal, a progress bar (rich); otherwise (a log file, a batch job, a
pipe) one plain line on stderr every ``every`` documents and at the end, so
that a long run's log says how far it got.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, *, stream: TextIO = sys.stderr, every: int | None = None, enabled: bool = True) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.every = every or max(1, min(100, total // 20))
        self.done = self.reused = self.pages = self.errors = 0
        self.started = time.monotonic()
        self.bar = None
        if enabled and stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn("reading minutes"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} pages/s, {task.fields[errors]} errors, ETA"), TimeRemainingColumn(),
                console=Console(file=stream), transient=True,
            )
            self.task = self.bar.add_task("run", total=total, rate="-", errors=0)

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
        elif self.enabled and self.done % self.every and exc[0] is None:
            self._line()

    def advance(self, *, pages: int = 0, errors: int = 0, reused: bool = False) -> None:
        """One more input handled (processed now, taken from an earlier run's part, or an error)."""
        self.done += 1
        self.pages += pages
        self.errors += errors
        self.reused += reused
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, rate=f"{self.rate:.1f}", errors=self.errors)
        elif self.done % self.every == 0 or self.done == self.total:
            self._line()

    @property
    def rate(self) -> float:
        return self.pages / max(time.monotonic() - self.started, 1e-9)

    def eta(self) -> float | None:
        """Seconds left, from the pace of the documents processed so far (reused ones take no time)."""
        worked = self.done - self.reused
        left = self.total - self.done
        if worked <= 0:
            return None
        return (time.monotonic() - self.started) / worked * left

    def _line(self) -> None:
        eta = self.eta()
        when = "-" if eta is None else time.strftime("%H:%M:%S", time.gmtime(eta))
        reused = f" ({self.reused} from earlier runs)" if self.reused else ""
        print(
            f"{self.done}/{self.total} documents{reused}, {self.rate:.1f} pages/s, {self.errors} errors, ETA {when}",
            file=self.stream, flush=True,
        )
