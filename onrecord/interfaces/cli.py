"""The `onrecord` command line.

    onrecord analyze article.txt                 # a table of who said what
    onrecord analyze --format jsonl *.txt        # one JSON line per document
    onrecord eval --polnear DIR --split dev      # score against brat annotations
    onrecord train --polnear DIR                 # rebuild the shipped cue model
    onrecord train-encoder --polnear DIR         # rebuild the accurate mode's encoder

Errors are one line on stderr, prefixed `onrecord: error:`, and a non-zero exit; a bad
file never stops the others in the same call.
"""
from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from ..engines.local import Failure, Job, default_workers, run_local
from ..model import Article
from ..pipeline.nlp import ModelNotFound
from ..reading.dates import DateParamError, iso_date_param
from ..reading.inputs import InputError, iter_documents, read_stdin
from .corpus_cli import AccurateOption

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Who said what, about whom, and when: attributions in news text.")
err = Console(stderr=True, highlight=False)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _error(message: str) -> None:
    err.print(f"onrecord: error: {message}", markup=False, soft_wrap=True)


@app.command()
def analyze(
    files: Annotated[list[str], typer.Argument(help="text files to analyse; - reads standard input")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table (terminal), json (full analysis) or jsonl (one line per document)")] = Format.table,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path (default: en_core_web_sm)")] = None,
    date: Annotated[Optional[str], typer.Option(help="publication date of the input(s): YYYY, YYYY-MM or "
                                                     "YYYY-MM-DD")] = None,
    workers: Annotated[int, typer.Option(help="processes for several files (0: automatic — every core once "
                                                   "there are enough files to pay for loading the model twice)")] = 0,
    accurate: AccurateOption = False,
) -> None:
    """Find every attributed statement and its speaker."""
    try:
        date = iso_date_param(date, "--date")
    except DateParamError as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    failures = 0
    docs = []
    for item in _read_inputs(files):
        if isinstance(item, InputError):
            _error(str(item))
            failures += 1
        else:
            docs.append(item)
    if not docs:
        raise typer.Exit(1 if failures else 0)
    n_workers = auto_workers(len(docs)) if workers <= 0 else min(workers, len(docs))
    out = Console(highlight=False, soft_wrap=False) if fmt is Format.table else None
    results = run_local((Job(d.id, d.text, date) for d in docs), workers=n_workers, model=model, accurate=accurate)
    collected: list[dict] = []
    try:
        for result in results:
            if isinstance(result, Failure):
                _error(f"{result.id}: {result.reason}")
                failures += 1
                continue
            _emit(result, fmt, out, collected)
    except ModelNotFound as exc:
        _error(str(exc))
        raise typer.Exit(2) from None
    if fmt is Format.json:
        payload = collected[0] if len(collected) == 1 and len(docs) == 1 else collected
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(1 if failures else 0)


def auto_workers(n_docs: int) -> int:
    """One process per core once each has at least 8 documents; loading a model costs
    about a second, which a handful of short articles does not repay."""
    return max(1, min(default_workers(), n_docs // 8))


def _read_inputs(files: list[str]):
    """Documents (or the errors why not) in the order given; `-` is standard input."""
    for path in files:
        if path == "-":
            try:
                yield read_stdin()
            except InputError as exc:
                yield exc
        else:
            yield from iter_documents([path])


def _emit(article: Article, fmt: Format, out: Console | None, collected: list[dict]) -> None:
    if fmt is Format.jsonl:
        sys.stdout.write(json.dumps(article.to_record(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    elif fmt is Format.json:
        collected.append(article.to_dict())
    else:
        from .render import print_article

        assert out is not None
        print_article(out, article)


@app.command("eval")
def evaluate(
    polnear: Annotated[Path, typer.Option(help="brat corpus folder (PolNeAR layout: SPLIT/text, SPLIT/attributions)")],
    split: Annotated[str, typer.Option(help="which split to score")] = "dev",
    pred: Annotated[Optional[Path], typer.Option(help="score this JSONL instead of running the analysis")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline name or path")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the metrics as one JSON object")] = False,
    workers: Annotated[int, typer.Option(help="processes (0: one per core)")] = 1,
    speakers: Annotated[bool, typer.Option("--speakers", help="also score the canonical speakers against the "
                                                              "hand labels (speaker accuracy by source form)")] = False,
    labels: Annotated[Optional[Path], typer.Option(help="speaker labels TSV (default: the shipped PolNeAR dev "
                                                        "labels)")] = None,
    errors_out: Annotated[Optional[Path], typer.Option("--speaker-errors", help="write the wrong speakers "
                                                                                 "as JSONL here")] = None,
    accurate: AccurateOption = False,
    labelled_only: Annotated[bool, typer.Option("--labelled-only", help="analyse only the articles the speaker "
                                                                         "labels cover (the attribution "
                                                                         "figures are then over those)")] = False,
) -> None:
    """Score attributions against brat annotations, with the same metrics as the shared scorer;
    `--speakers` adds speaker accuracy on the project's hand-labelled speakers."""
    from ..evaluation.brat import corpus_texts, gold_attributions, load_corpus, read_predictions
    from ..evaluation.metrics import format_table, score

    try:
        docs = load_corpus(polnear, split)
    except (OSError, ValueError) as exc:
        _error(f"{polnear}: {exc}")
        raise typer.Exit(2) from None
    if labelled_only:
        from ..evaluation.speakers import read_labels

        try:
            wanted = set(read_labels(labels))
        except (OSError, ValueError) as exc:
            _error(f"{labels or 'speaker labels'}: {exc}")
            raise typer.Exit(2) from None
        docs = [d for d in docs if d.id in wanted]
    gold = gold_attributions(docs)
    texts = corpus_texts(docs)
    if pred is not None:
        try:
            predictions = read_predictions(pred)
        except (OSError, ValueError) as exc:
            _error(f"{pred}: {exc}")
            raise typer.Exit(2) from None
    else:
        predictions = {}
        n_workers = default_workers() if workers <= 0 else workers
        for result in run_local((Job(i, texts[i]) for i in gold), workers=n_workers, model=model, accurate=accurate):
            if isinstance(result, Failure):
                _error(f"{result.id}: {result.reason}")
                continue
            predictions[result.id] = [a for a in result.to_record()["attributions"] if a.get("nested_in") is None]
    res = score(gold, predictions, texts)
    if speakers:
        res["speakers"] = _score_speakers(labels, gold, predictions, texts, errors_out)
    if as_json:
        print(json.dumps(res))
    else:
        print(format_table(res))
        if speakers:
            from ..evaluation.speakers import format_speaker_table

            print()
            print(format_speaker_table(res["speakers"]))


def _score_speakers(labels: Path | None, gold, predictions, texts, errors_out: Path | None) -> dict:
    from ..evaluation.speakers import read_labels, score_speakers

    try:
        table = read_labels(labels)
        errors: list[dict] = []
        res = score_speakers(table, gold, predictions, texts, errors=errors)
    except (OSError, ValueError, KeyError) as exc:
        _error(f"{labels or 'speaker labels'}: {exc}")
        raise typer.Exit(2) from None
    if errors_out is not None:
        with open(errors_out, "w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    return res


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True}, add_help_option=False)
def train(ctx: typer.Context) -> None:
    """Rebuild the cue model from PolNeAR (see `onrecord train --help`)."""
    from ..training.train_cues import main as train_main

    raise typer.Exit(train_main(ctx.args))


@app.command("train-encoder", context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
             add_help_option=False)
def train_encoder(ctx: typer.Context) -> None:
    """Fine-tune the accurate mode's encoder on PolNeAR (see `onrecord train-encoder --help`; needs onrecord\\[train])."""
    from ..training.train_encoder import main as train_main

    raise typer.Exit(train_main(ctx.args))


from .corpus_cli import register as _register_corpus  # noqa: E402 - the corpus commands: ingest, quotes, …

_register_corpus(app)

from ..web.serve_cli import register as _register_serve  # noqa: E402 - onrecord serve

_register_serve(app)


def main() -> None:
    try:
        app()
    except ModelNotFound as exc:
        _error(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last net: one line, never a traceback
        if os.environ.get("ONRECORD_DEBUG"):
            raise
        detail = str(exc).splitlines()[0] if str(exc) else ""
        _error(f"internal error: {type(exc).__name__}: {detail} (set ONRECORD_DEBUG=1 for the traceback)")
        sys.exit(3)


if __name__ == "__main__":
    main()
