"""What the people and timeline steps cost on top of who-said-what.

Times the same texts, in one process, through the full pipeline and through the same
pipeline without `onrecord_people` and `onrecord_timeline`, alternating the two several
times, and prints the median of each and the ratio.

    python3 bench/bench_people_overhead.py [FOLDER_OR_FILES...] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import spacy

from onrecord.analysis import Analyzer
from onrecord.pipeline.nlp import load_pipeline

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "dev" / "text"


def texts_from(inputs: list[str]) -> list[str]:
    paths: list[Path] = []
    for item in inputs or [str(DEFAULT)]:
        p = Path(item)
        paths.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    if not paths:
        sys.exit(f"no input texts (default folder {DEFAULT} is missing)")
    return [p.read_text(encoding="utf-8") for p in paths]


def timed(analyzer: Analyzer, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in analyzer.analyze_many((str(i), t) for i, t in enumerate(texts)):
        pass
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = texts_from(args.inputs)
    words = sum(len(t.split()) for t in texts)
    full = Analyzer()
    lean_nlp = load_pipeline()
    for name in ("onrecord_timeline", "onrecord_people"):
        lean_nlp.remove_pipe(name)
    lean = Analyzer(nlp=lean_nlp)
    timed(full, texts[:5]), timed(lean, texts[:5])  # warm up both
    runs: dict[str, list[float]] = {"who-said-what only": [], "with people and timeline": []}
    for _ in range(args.repeat):
        runs["who-said-what only"].append(timed(lean, texts))
        runs["with people and timeline"].append(timed(full, texts))
    base = statistics.median(runs["who-said-what only"])
    print(f"{len(texts)} texts, {words:,} words, spaCy {spacy.__version__}, median of {args.repeat}")
    for name, secs in runs.items():
        med = statistics.median(secs)
        print(f"  {name:26} {med:7.2f} s  {words / med:8,.0f} words/s  x{med / base:.3f} of who-said-what alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
