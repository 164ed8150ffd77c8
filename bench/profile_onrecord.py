"""Where onrecord's time goes: per pipeline component, and optionally cProfile's top functions.

    python bench/profile_onrecord.py                          # PolNeAR dev texts, one doc each
    python bench/profile_onrecord.py --concat 100000 FILES    # the same texts joined into 100k-char docs
    python bench/profile_onrecord.py --cprofile 25 FILES      # plus the 25 functions with most cumulative time

In process, no subprocess: the texts go through onrecord's own steps one by one — repeat
detection (`find_repeated_paragraphs`), the tokenizer, then each component of the loaded
pipeline called on the doc in turn — and each step's time is summed. The components of the
bare spaCy model (tok2vec, tagger, parser, ...) are the reference: the table gives each
step's share of the total and its words per second.

`--concat N` joins the input texts (blank line between) into documents of about N
characters, as `onrecord analyze` sees a single large file once it has been cut into
pieces of at most 100,000 characters (onrecord/analysis.py).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_DEV_TEXT, die, prepare_source, source_digest  # noqa: E402


def read_texts(inputs: list[str]) -> list[str]:
    if not inputs:
        if not DEFAULT_DEV_TEXT.is_dir():
            die(f"{DEFAULT_DEV_TEXT} does not exist: pass .txt files or folders")
        inputs = [str(DEFAULT_DEV_TEXT)]
    files: list[Path] = []
    for a in inputs:
        p = Path(a)
        files.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    texts = []
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            texts.append(fh.read())
    return texts


def concat(texts: list[str], size: int) -> list[str]:
    docs, cur = [], ""
    for t in texts:
        cur = f"{cur}\n\n{t.strip()}" if cur else t.strip()
        if len(cur) >= size:
            docs.append(cur)
            cur = ""
    if cur:
        docs.append(cur)
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help="folders or .txt files (default: PolNeAR dev texts)")
    ap.add_argument("--concat", type=int, metavar="CHARS", help="join the texts into documents of about CHARS characters")
    ap.add_argument("--limit", type=int, help="only the first N documents (after --concat)")
    ap.add_argument("--cprofile", type=int, metavar="N", help="also run Analyzer.analyze under cProfile and print the top N")
    ap.add_argument("--rev", metavar="REV", help="profile onrecord as of this git commit (a read-only snapshot)")
    ns = ap.parse_args(argv)
    src = prepare_source(ns.rev)
    sys.path.insert(0, str(src.root))

    texts = read_texts(ns.inputs)
    if ns.concat:
        texts = concat(texts, ns.concat)
    if ns.limit:
        texts = texts[: ns.limit]
    words = sum(len(t.split()) for t in texts)

    t0 = time.perf_counter()
    from onrecord.analysis import Analyzer
    from onrecord.pipeline.repeats import find_repeated_paragraphs, mask_repeats

    import onrecord

    print(f"onrecord from {Path(onrecord.__file__).parent} ({src.label}, source sha256 {source_digest(src.root)})")
    an = Analyzer()
    nlp = an.nlp
    load_s = time.perf_counter() - t0
    print(f"{len(texts)} docs, {words:,} words, longest {max(map(len, texts)):,} chars; pipeline loaded in {load_s:.2f} s")
    print("pipeline:", ", ".join(nlp.pipe_names))

    steps: dict[str, float] = {"repeats": 0.0, "tokenizer": 0.0, **{n: 0.0 for n in nlp.pipe_names}}
    for text in texts:
        t = time.perf_counter()
        reps = find_repeated_paragraphs(text)
        masked = mask_repeats(text, reps) if reps else text
        steps["repeats"] += time.perf_counter() - t
        t = time.perf_counter()
        doc = nlp.make_doc(masked)
        steps["tokenizer"] += time.perf_counter() - t
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            steps[name] += time.perf_counter() - t
    total = sum(steps.values())
    onrecord_steps = {"repeats"} | {n for n in nlp.pipe_names if n.startswith("onrecord")}
    print(f"\n{'step':<24}{'seconds':>10}{'share':>8}{'words/s':>12}  origin")
    for name, s in sorted(steps.items(), key=lambda kv: -kv[1]):
        origin = "onrecord" if name in onrecord_steps else "spaCy model"
        print(f"{name:<24}{s:>10.2f}{100 * s / total:>7.1f}%{words / s if s else float('inf'):>12,.0f}  {origin}")
    spacy_s = sum(s for n, s in steps.items() if n not in onrecord_steps)
    print(f"{'total':<24}{total:>10.2f}{100.0:>7.1f}%{words / total:>12,.0f}")
    print(f"spaCy model steps {spacy_s:.2f} s ({words / spacy_s:,.0f} words/s); "
          f"onrecord steps {total - spacy_s:.2f} s; onrecord/spaCy-only throughput ratio {spacy_s / total:.2f}")

    if ns.cprofile:
        prof = cProfile.Profile()
        prof.enable()
        for i, text in enumerate(texts):
            an.analyze(text, doc_id=str(i))
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(ns.cprofile)
        print("\ncProfile, Analyzer.analyze over the same docs, by cumulative time:")
        print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:20000])
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(ns.cprofile)
        print("\ncProfile, by own time (tottime):")
        print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:20000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
