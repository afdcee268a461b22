"""Where documents are processed: in this process, in local worker processes, or on a Dask cluster.

Every engine takes the same unit of work (``pipeline.run.process_document``:
one document's bytes in, its serialised part out) and yields the outcomes as
they finish. At most a few documents per worker are in flight at once, so
that the driver never holds the whole archive's bytes or records.

- ``inline`` (one worker): no extra process; what notebooks and tests use.
- ``local`` (``--workers N``): a pool of N spawned processes (clean ones,
  not forks of a driver that runs threads); each loads the spaCy model once
  (``load_nlp`` is memoised per process), ignores Ctrl-C, which the driver
  handles, and exits by itself when the driver was killed outright.
- ``dask`` (``--engine dask``): a Dask distributed cluster, the one at
  ``--scheduler tcp://HOST:PORT`` or a ``LocalCluster`` of N worker processes
  on this machine. The document's bytes travel to the worker and its part
  back to the driver, which writes it: the workers need the package
  installed, not a shared folder.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pipeline.config import Config

log = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 2  # documents queued per worker: keeps workers busy, memory flat


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def open_engine(config: Config) -> Iterator[Engine]:
    if config.engine == "dask":
        engine: Engine = DaskEngine(config.workers, config.scheduler)
    elif config.engine == "local" and config.workers > 1:
        engine = PoolEngine(config.workers)
    elif config.engine in ("local", "inline"):
        engine = Engine()
    else:
        raise ValueError(f"unknown engine {config.engine!r} (local or dask)")
    try:
        yield engine
    except BaseException:
        engine.abort()
        raise
    else:
        engine.close()


class Engine:
    """Runs each task in this process, in order."""

    workers = 1

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        for args in tasks:
            yield fn(*args)

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


class _Windowed(Engine):
    """Keeps ``workers * IN_FLIGHT_PER_WORKER`` tasks submitted; yields results as they finish."""

    def submit(self, fn, args):  # returns a future
        raise NotImplementedError

    def wait_first(self, pending: set) -> tuple[set, set]:
        raise NotImplementedError

    def map(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        window = max(1, self.workers * IN_FLIGHT_PER_WORKER)
        pending: set = set()
        iterator = iter(tasks)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                try:
                    args = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                pending.add(self.submit(fn, args))
            if not pending:
                break
            done, pending = self.wait_first(pending)
            for future in done:
                yield future.result()  # an error the worker could not turn into an error row stops the run


def _start_worker(driver: int) -> None:
    # Ctrl-C reaches every process of the terminal's group: the driver handles it
    # (it stops the workers and says what was kept); workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A driver killed outright (kill -9, out of memory) cannot stop its workers:
    # they notice it is gone and exit, rather than wait forever for work.
    threading.Thread(target=_exit_with, args=(driver,), daemon=True, name="driver-watch").start()


def _exit_with(driver: int) -> None:
    while True:
        time.sleep(1)
        try:
            os.kill(driver, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid was reused by another user's process: the driver is gone
            os._exit(1)


class PoolEngine(_Windowed):
    def __init__(self, workers: int) -> None:
        self.workers = workers
        # Spawned, not forked: a fork of a driver that runs threads (progress bar,
        # pyarrow) can deadlock; a spawned worker is the driver's child, watched by it.
        context = multiprocessing.get_context("spawn")
        self.pool = concurrent.futures.ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
        )

    def submit(self, fn, args):
        return self.pool.submit(fn, *args)

    def wait_first(self, pending):
        done, rest = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
        return set(done), set(rest)

    def close(self) -> None:
        self.pool.shutdown(wait=True)

    def abort(self) -> None:
        # Documents in flight are dropped (their parts were never written) and redone next time.
        processes = list(getattr(self.pool, "_processes", {}).values())  # the executor has no public kill
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)


class DaskEngine(_Windowed):
    def __init__(self, workers: int, scheduler: str | None) -> None:
        from distributed import Client, LocalCluster

        # Dask logs every worker start and stop at INFO: the run's own progress says what matters.
        logging.getLogger("distributed").setLevel(logging.WARNING)
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
            self.workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))
        else:
            self.cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=logging.WARNING,
            )
            self.client = Client(self.cluster)
            self.workers = workers

    def submit(self, fn, args):
        return self.client.submit(fn, *args, pure=False)

    def wait_first(self, pending):
        from distributed import wait

        done, rest = wait(list(pending), return_when="FIRST_COMPLETED")
        return set(done), set(rest)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):  # noqa: BLE001 - already stopping; the interruption is what is reported
            self.close()
