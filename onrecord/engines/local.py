"""The local engine: analyse many documents on this machine's cores.

spaCy's parser holds the GIL, so parallelism means processes. Each worker loads the
pipeline once (pool initializer) and analyses whole documents; results come back in
input order, so the CLI can stream them. With one worker nothing is forked at all.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..analysis import Analyzer
from ..model import Article


@dataclass
class Job:
    """One document to analyse."""

    id: str
    text: str
    date: str | None = None


@dataclass
class Failure:
    """A document whose analysis raised: reported by the caller, never a traceback."""

    id: str
    reason: str


_WORKER: Analyzer | None = None


def _init_worker(model: str | None, cue_model: str | None) -> None:
    global _WORKER
    _WORKER = Analyzer(model=model, cue_model=cue_model)


def _run(job: Job) -> Article | Failure:
    assert _WORKER is not None
    return analyze_safely(_WORKER, job)


def analyze_safely(analyzer: Analyzer, job: Job) -> Article | Failure:
    try:
        return analyzer.analyze(job.text, doc_id=job.id, date=job.date)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the others
        if os.environ.get("ONRECORD_DEBUG"):
            raise
        return Failure(job.id, f"analysis failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_local(jobs: Iterable[Job], *, workers: int = 1, model: str | None = None, cue_model: str | None = None,
              analyzer: Analyzer | None = None) -> Iterator[Article | Failure]:
    """Analyse jobs in order with `workers` processes (1: in this process)."""
    if workers <= 1:
        an = analyzer or Analyzer(model=model, cue_model=cue_model)
        for job in jobs:
            yield analyze_safely(an, job)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, cue_model)) as pool:
        yield from pool.imap(_run, jobs, chunksize=1)
