"""Ingest throughput: `onrecord ingest` on PolNeAR train (840 articles) into a fresh store,
with 1 and 2 local workers and with the Ray engine, as whole processes.

Prints articles/s and words/s for each side, the scaling efficiency of 2 workers over 1,
the per-article cost (wall and CPU seconds), and what 1M articles would take on a
64-core Ray cluster if it scaled like the measured runs.

    python3 bench/bench_ingest.py [FOLDER] [--sides w1,w2,ray] [--save FILE] [--json]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, die, emit_report, onrecord_command, run_measured  # noqa: E402

DEFAULT_TRAIN = SHARED / "data/polnear/train/text"
SIDES = {"w1": ["--workers", "1"], "w2": ["--workers", "2"], "ray": ["--engine", "ray", "--workers", "2"]}


def print_tables(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"onrecord ingest — {report['articles']} articles, {report['words']:,} words, fresh store each run")
    for col in ("side", "wall s", "articles/s", "words/s", "CPU s", "wall s / article", "× w1"):
        t.add_column(col, justify="right" if col != "side" else "left")
    for name, r in report["results"].items():
        t.add_row(name, f"{r['wall_s']:.1f}", f"{r['articles_per_s']:.2f}", f"{r['words_per_s']:,.0f}",
                  "" if r["cpu_s"] is None else f"{r['cpu_s']:.1f}", f"{r['wall_s_per_article']:.3f}",
                  f"{r['speedup_vs_w1']:.2f}" if r.get("speedup_vs_w1") else "")
    console = Console()
    console.print(t)
    for line in report["notes"]:
        console.print(line)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(DEFAULT_TRAIN))
    ap.add_argument("--sides", default="w1,w2,ray")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--save")
    ap.add_argument("--json", action="store_true")
    ns = ap.parse_args()
    folder = Path(ns.folder)
    files = sorted(folder.glob("*.txt"))
    if not files:
        die(f"no .txt files in {folder} (PolNeAR train lives in ../shared/data/polnear/train/text)")
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    results: dict[str, dict] = {}
    for side in ns.sides.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = onrecord_command() + ["ingest", str(folder), "--db", str(Path(tmp) / "bench.db"), "--no-progress",
                                        "--json", "--shards", str(Path(tmp) / "shards")] + SIDES[side]
            print(f"  {side}: {' '.join(cmd[-6:])} …", file=sys.stderr, flush=True)
            r = run_measured(cmd, timeout=ns.timeout)
            if not r.ok:
                die(f"{side} failed (exit {r.returncode}): {r.stderr.strip().splitlines()[-1:]}")
            results[side] = {
                "wall_s": round(r.wall_s, 2),
                # Ray's workers are not children of the command, so their CPU time is not seen
                "cpu_s": None if side == "ray" else round(r.cpu_s, 2),
                "articles_per_s": round(len(files) / r.wall_s, 3),
                "words_per_s": round(words / r.wall_s, 1),
                "wall_s_per_article": round(r.wall_s / len(files), 4),
            }
    notes = []
    if "w1" in results:
        base = results["w1"]["wall_s"]
        for name, r in results.items():
            r["speedup_vs_w1"] = round(base / r["wall_s"], 3)
        if "w2" in results:
            eff = results["w2"]["speedup_vs_w1"] / 2
            notes.append(f"scaling efficiency of 2 workers over 1: {eff:.0%}")
        cpu_per_article = results["w1"]["cpu_s"] / len(files)
        notes.append(f"cost per article: {cpu_per_article:.3f} CPU-s (one worker, model load included)")
        eff = results["w2"]["speedup_vs_w1"] / 2 if "w2" in results else 1.0
        hours = 1_000_000 * cpu_per_article / (64 * eff) / 3600
        notes.append(f"1M articles on a 64-core Ray cluster at this per-article cost and this efficiency: "
                     f"about {hours:.1f} h ({1_000_000 * cpu_per_article / 3600:,.0f} core-hours)")
    report = {"benchmark": "ingest", "folder": str(folder), "articles": len(files), "words": words,
              "results": results, "notes": notes}
    emit_report(report, ns.save, ns.json, print_tables)
    return 0


if __name__ == "__main__":
    sys.exit(main())
