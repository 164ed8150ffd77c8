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


def _run_batch(batch: list[Job]) -> list[Article | Failure]:
    assert _WORKER is not None
    return analyze_batch(_WORKER, batch)


def analyze_safely(analyzer: Analyzer, job: Job) -> Article | Failure:
    try:
        return analyzer.analyze(job.text, doc_id=job.id, date=job.date)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the others
        if os.environ.get("ONRECORD_DEBUG"):
            raise
        return Failure(job.id, f"analysis failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def analyze_batch(analyzer: Analyzer, batch: list[Job]) -> list[Article | Failure]:
    """A batch through one spaCy stream; if anything in it fails, each document alone,
    so the failure is pinned on its document and the others still come back."""
    try:
        return list(analyzer.analyze_many(((j.id, j.text) for j in batch), dates=[j.date for j in batch]))
    except Exception:  # noqa: BLE001
        if os.environ.get("ONRECORD_DEBUG"):
            raise
        return [analyze_safely(analyzer, j) for j in batch]


def _batches(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_local(jobs: Iterable[Job], *, workers: int = 1, model: str | None = None, cue_model: str | None = None,
              analyzer: Analyzer | None = None, batch_size: int = 16) -> Iterator[Article | Failure]:
    """Analyse jobs in order with `workers` processes (1: in this process), in batches
    that spaCy pipes together."""
    if workers <= 1:
        an = analyzer or Analyzer(model=model, cue_model=cue_model)
        for batch in _batches(jobs, batch_size):
            yield from analyze_batch(an, batch)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, cue_model)) as pool:
        for results in pool.imap(_run_batch, _batches(jobs, max(1, batch_size // 2)), chunksize=1):
            yield from results
