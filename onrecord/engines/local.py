"""The local engine: analyse many documents on this machine's cores.

spaCy's parser holds the GIL, so parallelism means processes. Each worker loads the
pipeline once (pool initializer) and analyses whole documents; results come back in
input order, so the CLI can stream them. With one worker nothing is forked at all.

Nothing is loaded before the first job arrives: a call whose every input was rejected
never loads spaCy (nor forks a pool). Long documents can report their progress
(`on_long`, see `ProgressNotes`).
"""
from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..analysis import Analyzer, ProgressCallback
from ..model import Article


@dataclass
class Job:
    """One document to analyse; `label` names it in progress notes (a file, ``file:line``)."""

    id: str
    text: str
    date: str | None = None
    label: str | None = None


class ProgressNotes:
    """Turns an analyzer's progress on a long document into one-line notes for `emit`:
    ``FILE:1: analysing a long article (20,000,000 characters) …``, then the share done
    about every tenth, then the time it took."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self.emit = emit
        self.started: dict[str, float] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done == 0:
            self.started[label] = now
            self.emit(f"{label}: analysing a long article ({total:,} characters) …")
        elif done >= total:
            took = now - self.started.pop(label, now)
            self.emit(f"{label}: long article analysed ({total:,} characters in {took:,.0f} s)")
        else:
            took = now - self.started.get(label, now)
            self.emit(f"{label}: {100 * done // total}% of the long article analysed "
                      f"({done:,} of {total:,} characters, {took:,.0f} s)")


def _stderr_note(message: str) -> None:
    sys.stderr.write(f"onrecord: note: {message}\n")
    sys.stderr.flush()


@dataclass
class Failure:
    """A document whose analysis raised: reported by the caller, never a traceback."""

    id: str
    reason: str


_WORKER: Analyzer | None = None
_WORKER_NOTES: ProgressNotes | None = None


def _init_worker(model: str | None, cue_model: str | None, notes: bool = False, accurate: bool = False) -> None:
    global _WORKER, _WORKER_NOTES
    _WORKER = Analyzer(model=model, cue_model=cue_model, accurate=accurate)
    _WORKER_NOTES = ProgressNotes(_stderr_note) if notes else None  # a worker writes its own notes


def _run_batch(batch: list[Job]) -> list[Article | Failure]:
    assert _WORKER is not None
    return analyze_batch(_WORKER, batch, _WORKER_NOTES)


def _labelled(batch: list[Job], on_long: Callable[[str, int, int], None] | None) -> ProgressCallback | None:
    """The analyzer's progress callback (by document id) for `on_long` (by label)."""
    if on_long is None:
        return None
    labels = {j.id: j.label or j.id for j in batch}
    return lambda doc_id, done, total: on_long(labels.get(doc_id, doc_id), done, total)


def analyze_safely(analyzer: Analyzer, job: Job, on_long=None) -> Article | Failure:
    try:
        if on_long is not None:
            return next(analyzer.analyze_many([(job.id, job.text)], dates=[job.date],
                                              on_progress=_labelled([job], on_long)))
        return analyzer.analyze(job.text, doc_id=job.id, date=job.date)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the others
        if os.environ.get("ONRECORD_DEBUG"):
            raise
        return Failure(job.id, f"analysis failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def analyze_batch(analyzer: Analyzer, batch: list[Job], on_long=None) -> list[Article | Failure]:
    """A batch through one spaCy stream; if anything in it fails, each document alone,
    so the failure is pinned on its document and the others still come back."""
    try:
        if on_long is None:  # the usual path, exactly as before
            return list(analyzer.analyze_many(((j.id, j.text) for j in batch), dates=[j.date for j in batch]))
        return list(analyzer.analyze_many(((j.id, j.text) for j in batch), dates=[j.date for j in batch],
                                          on_progress=_labelled(batch, on_long)))
    except Exception:  # noqa: BLE001
        if os.environ.get("ONRECORD_DEBUG"):
            raise
        return [analyze_safely(analyzer, j, on_long) for j in batch]


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
              analyzer: Analyzer | Callable[[], Analyzer] | None = None, batch_size: int = 16,
              on_long: Callable[[str, int, int], None] | None = None,
              accurate: bool = False) -> Iterator[Article | Failure]:
    """Analyse jobs in order with `workers` processes (1: in this process), in batches
    that spaCy pipes together. `analyzer` may be a function that makes one: it is called
    only once a first job has come (so is the pool forked). `on_long(label, done, total)`
    hears the progress of long documents in this process; with several workers, each
    writes those notes to stderr itself (``onrecord: note: …``)."""
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:
        return
    jobs = itertools.chain([first], jobs)
    if workers <= 1:
        if analyzer is None:
            an = Analyzer(model=model, cue_model=cue_model, accurate=accurate)
        elif isinstance(analyzer, Analyzer) or not callable(analyzer):
            an = analyzer
        else:
            an = analyzer()
        for batch in _batches(jobs, batch_size):
            yield from analyze_batch(an, batch, on_long)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, cue_model, on_long is not None, accurate)) as pool:
        for results in pool.imap(_run_batch, _batches(jobs, max(1, batch_size // 2)), chunksize=1):
            yield from results
