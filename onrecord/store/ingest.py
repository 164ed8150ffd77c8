"""Ingest: sources → analysis (`run_local`) → the store, in committed batches.

Articles already stored (same content hash) are skipped before they are analysed; the
rest are analysed in input order and written one transaction per `batch_size` articles.
A run killed at any moment (``kill -9``) loses at most the batch in flight, and the same
command then skips what was committed and analyses the rest, in the same order, so it
ends with exactly the counts of an uninterrupted run.

Every input is read within `Limits` (an article's characters, a record's bytes, a gzip
file's unpacked bytes); one past a limit is rejected like any bad input, and the spaCy
pipeline is not even loaded when no input gives an article.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..analysis import Analyzer
from ..engines.local import Failure, Job, ProgressNotes, run_local
from ..reading.limits import DEFAULT_LIMITS, Limits
from ..reading.sources import Rejected, Skipped, SourceDoc, content_id, estimate_count, expand_inputs, iter_sources
from .db import Store

DEFAULT_BATCH = 32


@dataclass
class IngestReport:
    """What one ingest did."""

    added: int = 0
    present: int = 0           # already in the store, or twice in the inputs
    syndicated: int = 0        # of the added, near-duplicates of an earlier article
    attributions: int = 0      # of the added articles
    new_people: int = 0
    skipped_records: int = 0   # WARC records that hold no article
    rejected: list[Rejected] = field(default_factory=list)

    def record(self, done, lock: threading.Lock | None = None) -> None:
        """Count one article the writer handled (added, or already stored meanwhile)."""
        if done.added:
            self.added += 1
            self.attributions += done.attributions
            self.new_people += done.new_people
            self.syndicated += done.syndicated_of is not None
        else:  # stored meanwhile by another ingest of the same store
            with lock or threading.Lock():
                self.present += 1

    def to_dict(self) -> dict:
        return {"added": self.added, "already_present": self.present, "syndicated": self.syndicated,
                "attributions": self.attributions, "new_people": self.new_people,
                "skipped_records": self.skipped_records,
                "rejected": [{"input": r.origin, "reason": r.reason} for r in self.rejected]}


def estimate_total(paths: Iterable[str], limits: Limits = DEFAULT_LIMITS) -> int:
    """About how many articles the inputs hold (the progress bar's total)."""
    return sum(estimate_count(p, limits) for p in expand_inputs(paths) if isinstance(p, str))


def unstored(paths: list[str], reader, report: IngestReport, reject: Callable[[Rejected], None],
             advance: Callable[[int], None], lock: threading.Lock | None = None,
             limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, SourceDoc]]:
    """(content id, source) of each input article not stored yet and not seen earlier in
    the inputs; rejected inputs and non-article records are counted on `report`."""
    lock = lock or threading.Lock()
    seen: set[str] = set()
    for item in iter_sources(paths, limits):
        if isinstance(item, Rejected):
            reject(item)
            advance(1)
            continue
        if isinstance(item, Skipped):
            report.skipped_records += item.count
            advance(item.count)
            continue
        aid = content_id(item.text)
        if aid in seen or reader.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone():
            with lock:
                report.present += 1
            advance(1)
            continue
        seen.add(aid)
        yield aid, item


def ingest(paths: list[str], store: Store, *, workers: int = 1, batch_size: int = DEFAULT_BATCH,
           model: str | None = None, analyzer: Analyzer | Callable[[], Analyzer] | None = None,
           on_reject: Callable[[Rejected], None] | None = None,
           on_progress: Callable[[int], None] | None = None, limits: Limits = DEFAULT_LIMITS,
           on_note: Callable[[str], None] | None = None, accurate: bool = False) -> IngestReport:
    """Ingest every article of `paths` into `store`. `on_reject` hears each rejected input as
    it is found, `on_progress(n)` each n inputs done (stored, skipped or rejected), `on_note`
    the progress of each article longer than `LONG_ARTICLE_CHARS` (with several workers,
    the workers write those notes to stderr themselves). `analyzer` may be a function
    making one, called only when a first article is to be analysed."""
    report = IngestReport()
    batch_size = max(1, batch_size)
    advance = on_progress or (lambda n: None)
    meta: dict[str, SourceDoc] = {}
    # with several workers, the pool's feeder thread runs `jobs()` and would read every input
    # ahead of the analysis: it waits while this many articles are in flight
    in_flight_limit = max(64, 8 * batch_size * max(1, workers))
    room = threading.Condition()
    count_lock = threading.Lock()
    stop = threading.Event()

    def reject(r: Rejected) -> None:
        with count_lock:
            report.rejected.append(r)
        if on_reject:
            on_reject(r)

    def jobs() -> Iterator[Job]:
        reader = store.connect(check_same_thread=False)
        try:
            for aid, item in unstored(paths, reader, report, reject, advance, count_lock, limits):
                if stop.is_set():
                    return
                if workers > 1:
                    with room:
                        while len(meta) >= in_flight_limit and not stop.is_set():
                            room.wait(0.5)
                    if stop.is_set():
                        return
                meta[aid] = item
                yield Job(aid, item.text, item.date, label=item.origin)
        finally:
            reader.close()

    writer = store.writer()
    results = run_local(jobs(), workers=workers, model=model, analyzer=analyzer, accurate=accurate,
                        batch_size=min(16, max(2, batch_size)),
                        on_long=ProgressNotes(on_note) if on_note is not None else None)
    try:
        for res in results:
            src = meta.pop(res.id)
            with room:
                room.notify_all()
            if isinstance(res, Failure):
                reject(Rejected(src.origin, res.reason))
                advance(1)
                continue
            report.record(writer.add(res, src, res.id), count_lock)
            writer.done_one(batch_size)
            advance(1)
        writer.commit()
    finally:
        stop.set()
        with room:
            room.notify_all()
        results.close()
        writer.close()  # rolls back an uncommitted batch (an interruption)
    return report


def ingest_with_ray(paths: list[str], store: Store, shards_dir: str, *, address: str | None = None,
                    actors: int | None = None, batch_size: int = DEFAULT_BATCH, model: str | None = None,
                    on_reject: Callable[[Rejected], None] | None = None,
                    on_progress: Callable[[int], None] | None = None,
                    limits: Limits = DEFAULT_LIMITS, accurate: bool = False) -> IngestReport:
    """Ingest on Ray Data: what is not stored yet is analysed by Ray actors into Parquet
    shards in `shards_dir`, which are then loaded into the store (as `onrecord load`)."""
    from dataclasses import asdict

    from ..engines.ray_engine import RayJob, run_ray

    report = IngestReport()
    advance = on_progress or (lambda n: None)

    def reject(r: Rejected) -> None:
        report.rejected.append(r)
        if on_reject:
            on_reject(r)

    reader = store.connect()
    try:
        jobs = [RayJob(aid, item.text, item.date, {k: v for k, v in asdict(item).items() if k != "text"})
                for aid, item in unstored(paths, reader, report, reject, advance, limits=limits)]
    finally:
        reader.close()
    shards = run_ray(jobs, shards_dir, address=address, actors=actors, model=model, accurate=accurate)
    loaded = load_shards(shards, store, batch_size=batch_size, on_reject=on_reject, on_progress=advance)
    loaded.present += report.present
    loaded.skipped_records += report.skipped_records
    loaded.rejected[:0] = report.rejected
    return loaded


def load_shards(shards: Iterable[str], store: Store, *, batch_size: int = DEFAULT_BATCH,
                on_reject: Callable[[Rejected], None] | None = None,
                on_progress: Callable[[int], None] | None = None) -> IngestReport:
    """Bring Parquet shards of the Ray engine into the store, in committed batches;
    articles already stored are skipped, so loading twice changes nothing."""
    from ..engines.ray_engine import read_shards

    report = IngestReport()
    advance = on_progress or (lambda n: None)
    writer = store.writer()
    try:
        for article, meta, error in read_shards(shards):
            meta = {k: v for k, v in meta.items() if k in SourceDoc.__dataclass_fields__ and k != "text"}
            if article is None:
                r = Rejected(meta.get("origin") or meta.get("id", "?"), f"analysis failed: {error}")
                report.rejected.append(r)
                if on_reject:
                    on_reject(r)
                advance(1)
                continue
            src = SourceDoc(text=article.text, **{"key": article.id, **meta})
            report.record(writer.add(article, src, article.id))
            writer.done_one(batch_size)
            advance(1)
        writer.commit()
    finally:
        writer.close()
    return report
