"""The corpus commands: ingest sources into a store, then ask it questions.

    onrecord ingest pages/ dump.jsonl.gz crawl/*.warc.gz     # into onrecord.db (or --db, $ONRECORD_DB)
    onrecord quotes --speaker "Mila Kunis" --since 2023
    onrecord people | person NAME | timeline NAME | search TEXT | stats
    onrecord export --format parquet --out quotes.parquet

`register(app)` adds them to the main typer app. Errors are one line on stderr
(`onrecord: error: …`), never a traceback; every query has `--json`.
"""
from __future__ import annotations

import functools
import json
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

from ..engines.ray_engine import RayNotInstalled
from ..pipeline.nlp import ModelNotFound
from ..reading.limits import DEFAULT_LIMITS, Limits
from ..store.db import Store, StoreError, default_db_path
from ..store.queries import QueryError

err = Console(stderr=True, highlight=False)

DbOption = Annotated[Optional[str], typer.Option("--db", help="the store file (default: $ONRECORD_DB, else ./onrecord.db)",
                                                 show_default=False)]
AccurateOption = Annotated[bool, typer.Option("--accurate", help="also read the text with the fine-tuned encoder: "
                                                               "more attributions right, about half as fast "
                                                               "(needs onrecord\\[accurate])")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
SyndOption = Annotated[bool, typer.Option("--include-syndicated",
                                          help="also count near-duplicate (syndicated) copies of articles")]


def _error(message: str, console: Console | None = None) -> None:
    (console or err).print(f"onrecord: error: {message}", markup=False, soft_wrap=True, highlight=False)


def _out() -> Console:
    return Console(highlight=False)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _one_line_errors(command):
    """Store, query and file errors end the command with one line on stderr, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (StoreError, QueryError) as exc:
            _error(str(exc))
            raise typer.Exit(2) from None
        except sqlite3.Error as exc:
            _error(f"the store: {type(exc).__name__}: {exc}")
            raise typer.Exit(2) from None

    return wrapper


def _reader(db: str | None):
    path = db or default_db_path()
    try:
        return Store.open(path, create=False).connect()
    except StoreError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None


class _Rate(ProgressColumn):
    """Articles per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.1f} art/s", style="cyan")


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def ingest(
    paths: Annotated[list[str], typer.Argument(help="files, folders or glob patterns: .txt, .html/.htm, .jsonl(.gz), .warc(.gz)")],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="analysis processes (0: every core, once there are enough articles)")] = 0,
    batch_size: Annotated[int, typer.Option("--batch-size", help="articles per committed transaction")] = 32,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path (default: en_core_web_sm)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="show a progress bar (on a terminal)")] = True,
    engine: Annotated[Engine, typer.Option(help="local processes, or Ray Data (a local Ray, or --ray-address)")] = "local",
    ray_address: Annotated[Optional[str], typer.Option("--ray-address", help="a Ray cluster to run on (engine ray)")] = None,
    shards: Annotated[Optional[str], typer.Option(help="where the Ray engine writes its Parquet shards "
                                                       "(default: DB.shards/)")] = None,
    max_article_chars: Annotated[int, typer.Option("--max-article-chars", min=1,
                                                   help="longest article text accepted, in characters "
                                                        "(after HTML extraction)")] = DEFAULT_LIMITS.article_chars,
    max_record_bytes: Annotated[int, typer.Option("--max-record-bytes", min=1,
                                                  help="largest record accepted, in bytes: one JSONL line, text "
                                                       "file or WARC record")] = DEFAULT_LIMITS.record_bytes,
    max_html_bytes: Annotated[int, typer.Option("--max-html-bytes", min=1,
                                                help="largest HTML page parsed, in bytes (a file, a JSONL html "
                                                     "field, a WARC page)")] = DEFAULT_LIMITS.html_bytes,
    max_unpacked_bytes: Annotated[int, typer.Option("--max-unpacked-bytes", min=1,
                                                    help="most bytes one .gz file may decompress to "
                                                         "(counted while it streams)")] = DEFAULT_LIMITS.unpacked_bytes,
    accurate: AccurateOption = False,
) -> None:
    """Analyse news sources into a store: skips what is stored, commits in batches, resumes after a crash."""
    from ..analysis import default_analyzer
    from ..engines.local import default_workers
    from ..store.ingest import estimate_total
    from ..store.ingest import ingest as run_ingest

    limits = Limits(article_chars=max_article_chars, record_bytes=max_record_bytes,
                    unpacked_bytes=max_unpacked_bytes, html_bytes=max_html_bytes)
    path = db or default_db_path()
    try:
        store = Store.open(path)
    except StoreError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    total = estimate_total(paths, limits)
    n_workers = workers if workers > 0 else max(1, min(default_workers(), total // 8))
    bar = Progress(SpinnerColumn(), TextColumn("[bold]ingesting"), BarColumn(), MofNCompleteColumn(), _Rate(),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=err, transient=False,
                   disable=not (progress and err.is_terminal))
    task = bar.add_task("ingest", total=total or None)

    def on_reject(r) -> None:
        _error(str(r))  # the console shows it above the live progress bar

    def on_note(message: str) -> None:
        err.print(f"onrecord: note: {message}", markup=False, soft_wrap=True, highlight=False)

    try:
        with bar:
            if engine == Engine.ray:
                from ..store.ingest import ingest_with_ray

                report = ingest_with_ray(paths, store, shards or f"{path}.shards", address=ray_address,
                                         actors=workers or None, batch_size=batch_size, model=model,
                                         on_reject=on_reject, on_progress=lambda n: bar.advance(task, n),
                                         limits=limits, accurate=accurate)
            else:
                # the model is loaded when a first article is to be analysed, not before
                report = run_ingest(paths, store, workers=n_workers, batch_size=batch_size, model=model,
                                    analyzer=(lambda: default_analyzer(model, accurate)) if n_workers == 1 else None,
                                    on_reject=on_reject, on_progress=lambda n: bar.advance(task, n),
                                    limits=limits, on_note=on_note, accurate=accurate)
            bar.update(task, completed=bar.tasks[0].completed, total=max(total, int(bar.tasks[0].completed)))
    except ModelNotFound as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    except (StoreError, RayNotInstalled) as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        _error(f"interrupted: what was committed stays in {path}; run the same command to resume")
        raise typer.Exit(130) from None
    _report_and_exit(store, report, path, as_json)


def _report_and_exit(store: Store, report, path: str, as_json: bool) -> None:
    """The summary of an ingest or a load, with the store's totals; exit 1 if anything was rejected."""
    from ..store.queries import stats
    from .corpus_render import ingest_summary

    conn = store.connect()
    try:
        totals = stats(conn)
    finally:
        conn.close()
    summary = report.to_dict()
    if as_json:
        _print_json({**summary, "db": path, "store": totals})
    else:
        _out().print(ingest_summary(summary, totals, path))
    raise typer.Exit(1 if report.rejected else 0)


def quotes(
    speaker: Annotated[Optional[str], typer.Option(help="who said it (a name or an alias)")] = None,
    about: Annotated[Optional[str], typer.Option(help="whom it is about (a name or an alias)")] = None,
    since: Annotated[Optional[str], typer.Option(help="published on or after this date (YYYY[-MM[-DD]])")] = None,
    until: Annotated[Optional[str], typer.Option(help="published on or before this date (YYYY[-MM[-DD]])")] = None,
    q: Annotated[Optional[str], typer.Option("--q", help="words the quote contains (\"a phrase\", prefix*)")] = None,
    limit: Annotated[int, typer.Option(help="at most this many (0: all)")] = 50,
    db: DbOption = None, as_json: JsonOption = False, include_syndicated: SyndOption = False,
) -> None:
    """Quotes across the corpus, filtered by speaker, subject, date and words."""
    from ..store.queries import quotes as run
    from .corpus_render import quotes_table

    conn = _reader(db)
    try:
        res = run(conn, speaker=speaker, about=about, since=since, until=until, q=q, limit=limit,
                  include_syndicated=include_syndicated)
    except QueryError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    finally:
        conn.close()
    for what, name in (("speaker", speaker), ("about", about)):
        if name is not None and not res["matched"].get(what):
            err.print(f"onrecord: no person or organisation named {name!r} in the store", markup=False)
    if as_json:
        _print_json(res)
        return
    title = "quotes" + "".join(f" {k} {v}" for k, v in (("by", speaker), ("about", about), ("since", since),
                                                         ("until", until), ("with", q)) if v)
    _out().print(quotes_table(res["quotes"], title=f"{title} ({len(res['quotes'])})"))


def people(
    type_: Annotated[Optional[str], typer.Option("--type", help="PERSON or ORG")] = None,
    limit: Annotated[int, typer.Option(help="at most this many (0: all)")] = 50,
    db: DbOption = None, as_json: JsonOption = False, include_syndicated: SyndOption = False,
) -> None:
    """People and organisations across the corpus, most quoted first."""
    from ..store.queries import people as run
    from .corpus_render import people_table

    conn = _reader(db)
    try:
        res = run(conn, type_=type_, limit=limit, include_syndicated=include_syndicated)
    finally:
        conn.close()
    if as_json:
        _print_json(res)
    else:
        _out().print(people_table(res))


def person(
    name: Annotated[str, typer.Argument(help="a name or an alias, any case")],
    db: DbOption = None, as_json: JsonOption = False, include_syndicated: SyndOption = False,
) -> None:
    """Everything the corpus says of one person: aliases, ages, descriptions, relations, quotes."""
    from ..store.queries import person as run
    from .corpus_render import person_panel

    conn = _reader(db)
    try:
        res = run(conn, name, include_syndicated=include_syndicated)
    finally:
        conn.close()
    if as_json:
        _print_json(res)
    else:
        out = _out()
        for p in res:
            out.print(person_panel(p))
    if not res:
        _error(f"no person or organisation named {name!r} in the store")
        raise typer.Exit(1)


def timeline(
    name: Annotated[str, typer.Argument(help="a name or an alias, any case")],
    undated: Annotated[bool, typer.Option("--undated", help="also list events whose date is unknown")] = False,
    limit: Annotated[int, typer.Option(help="at most this many (0: all)")] = 0,
    db: DbOption = None, as_json: JsonOption = False, include_syndicated: SyndOption = False,
) -> None:
    """The dated events of a person across all coverage, oldest first."""
    from ..store.queries import timeline as run
    from .corpus_render import timeline_table

    conn = _reader(db)
    try:
        res = run(conn, name, include_undated=undated, limit=limit, include_syndicated=include_syndicated)
    finally:
        conn.close()
    if as_json:
        _print_json(res)
    else:
        shown = ", ".join(p["name"] for p in res["matched"]) or name
        _out().print(timeline_table(shown, res["events"]))
    if not res["matched"]:
        _error(f"no person or organisation named {name!r} in the store")
        raise typer.Exit(1)


def search(
    text: Annotated[str, typer.Argument(help="words (all must occur), \"a phrase\", prefix*")],
    limit: Annotated[int, typer.Option(help="at most this many of each kind")] = 20,
    db: DbOption = None, as_json: JsonOption = False, include_syndicated: SyndOption = False,
) -> None:
    """Full-text search over quotes and articles, best matches first, with snippets."""
    from ..store.queries import mark_snippet
    from ..store.queries import search as run
    from .corpus_render import search_view

    conn = _reader(db)
    try:
        res = run(conn, text, limit=limit, include_syndicated=include_syndicated)
    except QueryError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    finally:
        conn.close()
    if as_json:
        for hit in res["quotes"] + res["articles"]:
            hit["snippet"] = mark_snippet(hit["snippet"])
        _print_json(res)
    else:
        _out().print(search_view(res))


def stats(db: DbOption = None, as_json: JsonOption = False, include_syndicated: SyndOption = False) -> None:
    """How much the store holds: articles, attributions, people, events."""
    from ..store.queries import stats as run
    from .corpus_render import stats_table

    conn = _reader(db)
    try:
        res = run(conn, include_syndicated=include_syndicated)
    finally:
        conn.close()
    if as_json:
        _print_json(res)
    else:
        _out().print(stats_table(res))


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl, csv or parquet")],
    out: Annotated[str, typer.Option("--out", "-o", help="the file to write")],
    db: DbOption = None, include_syndicated: SyndOption = False,
) -> None:
    """Every attribution with its article's metadata, one row each, as JSONL, CSV or Parquet."""
    from ..store.queries import export as run

    conn = _reader(db)
    try:
        n = run(conn, fmt.value, out, include_syndicated=include_syndicated)
    except (OSError, QueryError) as exc:
        _error(f"{out}: {getattr(exc, 'strerror', None) or exc}")
        raise typer.Exit(2) from None
    finally:
        conn.close()
    err.print(f"onrecord: wrote {n:,} attributions to {out}", markup=False)


def load(
    shards: Annotated[list[str], typer.Argument(help="Parquet shards of the Ray engine, or folders of them")],
    db: DbOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="articles per committed transaction")] = 32,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
) -> None:
    """Bring the Ray engine's Parquet shards into a store (loading twice changes nothing)."""
    from ..store.ingest import load_shards

    path = db or default_db_path()
    missing = [s for s in shards if not Path(s).exists()]
    if missing:
        _error(f"{missing[0]}: no such file or folder")
        raise typer.Exit(2)
    try:
        store = Store.open(path)
        report = load_shards(shards, store, batch_size=batch_size, on_reject=lambda r: _error(str(r)))
    except (StoreError, RayNotInstalled, OSError, ValueError) as exc:
        _error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        raise typer.Exit(2) from None
    _report_and_exit(store, report, path, as_json)


def register(app: typer.Typer) -> None:
    """Add the corpus commands to the `onrecord` app."""
    for name, command in (("ingest", ingest), ("load", load), ("quotes", quotes), ("people", people), ("person", person),
                          ("timeline", timeline), ("search", search), ("stats", stats), ("export", export)):
        app.command(name)(_one_line_errors(command))
