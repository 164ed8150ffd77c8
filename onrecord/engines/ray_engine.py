"""The Ray engine: the same analysis on Ray Data, from one laptop to a cluster.

Inputs become a Ray dataset of `{id, text, date, meta}` rows; analysis runs in a pool of
actors, each loading the spaCy pipeline once in its constructor (never shipped through
the object store: a pickled pipeline hits spaCy's "buffer source array is read-only",
spaCy issue 13506); results are written as Parquet shards holding each article's full
analysis as JSON (`Article.to_dict()`), which `read_shards` turns back into `Article`s
for `onrecord load` to store.

Ray is an optional dependency (`pip install "onrecord[ray]"`): importing this module
without it raises a clear `RayNotInstalled`.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article

SHARD_COLUMNS = ("id", "article", "error", "meta")


class RayNotInstalled(RuntimeError):
    """Raised when the Ray engine is asked for and Ray is not installed."""


@dataclass
class RayJob:
    """One document for the Ray engine; `meta` travels with it untouched (title, url…)."""

    id: str
    text: str
    date: str | None = None
    meta: dict = field(default_factory=dict)


class AnalyzeBatch:
    """A Ray Data actor: loads the pipeline once, analyses batches of rows."""

    def __init__(self, model: str | None = None, accurate: bool = False) -> None:
        from ..analysis import Analyzer

        self.analyzer = Analyzer(model=model, accurate=accurate)

    def __call__(self, batch: dict) -> dict:
        ids = [str(x) for x in batch["id"]]
        texts = [str(x) for x in batch["text"]]
        dates = [str(x) if x not in (None, "") else None for x in batch["date"]]
        metas = [str(x) for x in batch["meta"]]
        out: dict[str, list] = {c: [] for c in SHARD_COLUMNS}
        try:
            articles = list(self.analyzer.analyze_many(zip(ids, texts), dates=dates))
        except Exception:  # noqa: BLE001 - pin a failure on its own document
            articles = []
            for doc_id, text, date in zip(ids, texts, dates):
                try:
                    articles.append(self.analyzer.analyze(text, doc_id=doc_id, date=date))
                except Exception as exc:  # noqa: BLE001
                    articles.append(f"{type(exc).__name__}: {exc}")
        for doc_id, meta, art in zip(ids, metas, articles):
            out["id"].append(doc_id)
            out["meta"].append(meta)
            if isinstance(art, Article):
                out["article"].append(json.dumps(art.to_dict(), ensure_ascii=False))
                out["error"].append("")
            else:
                out["article"].append("")
                out["error"].append(str(art).splitlines()[0])
        return out


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise RayNotInstalled('the Ray engine needs Ray: pip install "onrecord[ray]"') from None
    return ray


def run_ray(jobs: Iterable[RayJob], out_dir: str | os.PathLike, *, address: str | None = None,
            actors: int | None = None, batch_size: int = 16, model: str | None = None,
            accurate: bool = False) -> list[str]:
    """Analyse `jobs` on Ray Data and write Parquet shards into `out_dir`; return their paths.

    `address` None starts (or joins) a local Ray; otherwise it is passed to `ray.init`.
    `actors` defaults to the cluster's CPU count."""
    ray = _ray()
    rows = [{"id": j.id, "text": j.text, "date": j.date or "", "meta": json.dumps(j.meta, ensure_ascii=False)}
            for j in jobs]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if not rows:
        return []
    started_here = not ray.is_initialized()
    for name in ("ray", "ray.data"):  # onrecord reports progress itself; keep Ray's INFO lines quiet
        logging.getLogger(name).setLevel(logging.WARNING)
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True,
                 logging_level=logging.WARNING)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False  # onrecord prints its own progress
        ctx.print_on_execution_start = False
        size = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        size = max(1, min(size, len(rows)))
        ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), size * 4)))
        ds = ds.map_batches(AnalyzeBatch, fn_constructor_kwargs={"model": model, "accurate": accurate}, batch_size=batch_size,
                            batch_format="default", compute=ray.data.ActorPoolStrategy(size=size), num_cpus=1)
        before = set(out.glob("*.parquet"))
        ds.write_parquet(str(out))
        return sorted(str(p) for p in set(out.glob("*.parquet")) - before)
    finally:
        if started_here:
            ray.shutdown()


def read_shards(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Article | None, dict, str]]:
    """(article, meta, error) for each row of the given Parquet shards or folders of them."""
    import pyarrow.parquet as pq

    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(p.glob("*.parquet")) if p.is_dir() else [p])
    for f in files:
        table = pq.read_table(f, columns=list(SHARD_COLUMNS))
        for row in table.to_pylist():
            meta = json.loads(row["meta"]) if row.get("meta") else {}
            if row.get("error"):
                yield None, {"id": row["id"], **meta}, row["error"]
            else:
                yield Article.from_dict(json.loads(row["article"])), meta, ""
