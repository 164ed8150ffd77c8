"""Peak memory and wall time of `onrecord analyze` on one large (~10 MB) news-like file.

    python bench/bench_memory.py                     # one 10 MB file
    python bench/bench_memory.py --size-mb 1 10      # two sizes, to see how memory scales
    python bench/bench_memory.py --json
    python bench/bench_memory.py --rev HEAD --size-mb 1 10 --save bench/results/memory.json

The input is built deterministically (seed 0) and written to a temporary file:

1. the PolNeAR texts (../shared/data/polnear: dev, then train), each whole, concatenated
   with blank lines between them, until the size is reached (dev + train hold ~4.3 MB);
2. past that, *remixed* paragraphs: 2–4 sentences drawn at random from those texts,
   from different articles, so the paragraphs are new. Simply repeating the dev texts would
   not do: onrecord finds repeated paragraphs and blanks them out before the analysis (see
   onrecord/pipeline/repeats.py), so a file of 24 copies of dev would be ~96% skipped and the
   benchmark would measure almost nothing;
3. without ../shared, synthetic paragraphs from templates: direct and indirect quotes,
   "said" and other speech verbs, names, places and numbers (varied enough that under 1%
   is taken for repeats; onrecord's repeat detection is much slower on such templated
   text than on real news, ~18 s per MB against ~0.2 s).

What share of the file onrecord treats as repeats (and skips) is measured and reported.

Measured, each as a child process (`os.wait4` rusage; RSS also sampled from /proc):

* the baseline: ``python -c "import onrecord; onrecord.analyze('x said y.')"`` — imports,
  pipeline load and one tiny analysis (median of `--repeat` runs);
* ``onrecord analyze --format jsonl FILE`` (stdout to a temporary file, whose attributions
  are counted to show the work was done).

Peak RSS minus the baseline's is the memory the input costs. `--rev REV` benchmarks a
read-only snapshot of that commit (see bench_speed.py). A run over `--timeout`
seconds (default 900) is killed and reported as such, with the words per second it
would at least have had to reach.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SHARED, check_source, die, emit_report, prepare_source, machine_info, median, onrecord_command, run_measured  # noqa: E402

BASELINE_SCRIPT = "import onrecord; onrecord.analyze('x said y.')"

REPEATS_SCRIPT = r"""
import json, sys, time
from onrecord.pipeline.repeats import find_repeated_paragraphs
text = open(sys.argv[1], encoding="utf-8", newline="").read()
t0 = time.perf_counter()
reps = find_repeated_paragraphs(text)
dt = time.perf_counter() - t0
masked = sum(r.span[1] - r.span[0] for r in reps)
print(json.dumps({"repeats": len(reps), "masked_chars": masked, "chars": len(text), "seconds": round(dt, 2)}))
"""

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“A-Z])")


def polnear_files() -> list[Path]:
    root = SHARED / "data/polnear"
    return [f for split in ("dev", "train") for f in sorted((root / split / "text").glob("*.txt"))]


def _balanced(s: str) -> bool:
    return s.count('"') % 2 == 0 and s.count("“") == s.count("”")


def build_repeated_dev(size_bytes: int) -> tuple[str, dict]:
    """The naive input: PolNeAR dev texts concatenated over and over (mostly masked as repeats)."""
    files = [f for f in polnear_files() if f.parent.parent.name == "dev"]
    if not files:
        die("--build repeat-dev needs ../shared/data/polnear/dev/text")
    texts = [f.read_text(encoding="utf-8").strip() + "\n\n" for f in files]
    parts, total, copies = [], 0, 0
    while total < size_bytes:
        for t in texts:
            parts.append(t)
            total += len(t.encode("utf-8"))
            if total >= size_bytes:
                break
        copies += 1
    return "".join(parts), {"dev_copies": copies, "bytes": total}


def build_corpus(size_bytes: int, seed: int = 0) -> tuple[str, dict]:
    """A news-like text of at least `size_bytes` UTF-8 bytes, and how it was made."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    composition = {"polnear_articles": 0, "polnear_bytes": 0, "remixed_paragraphs": 0, "remixed_bytes": 0,
                   "synthetic_paragraphs": 0, "synthetic_bytes": 0}
    files = polnear_files()
    texts: list[str] = []
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            texts.append(fh.read().strip())
    for t in texts:
        if total >= size_bytes:
            break
        chunk = t + "\n\n"
        n = len(chunk.encode("utf-8"))
        parts.append(chunk)
        total += n
        composition["polnear_articles"] += 1
        composition["polnear_bytes"] += n
    if total < size_bytes and texts:
        # sentence pool: (article index, sentence), quotes balanced within the sentence
        pool: list[tuple[int, str]] = []
        for i, t in enumerate(texts):
            for para in t.split("\n\n"):
                for s in _SENTENCE_END.split(para.strip()):
                    s = s.strip()
                    if 6 <= len(s.split()) <= 80 and _balanced(s):
                        pool.append((i, s))
        while total < size_bytes:
            k = rng.randint(2, 4)
            picked: list[tuple[int, str]] = []
            while len(picked) < k:
                i, s = rng.choice(pool)
                if all(i != j for j, _ in picked):
                    picked.append((i, s))
            chunk = " ".join(s for _, s in picked) + "\n\n"
            n = len(chunk.encode("utf-8"))
            parts.append(chunk)
            total += n
            composition["remixed_paragraphs"] += 1
            composition["remixed_bytes"] += n
    if total < size_bytes:
        while total < size_bytes:
            chunk = _synthetic_paragraph(rng) + "\n\n"
            n = len(chunk.encode("utf-8"))
            parts.append(chunk)
            total += n
            composition["synthetic_paragraphs"] += 1
            composition["synthetic_bytes"] += n
    return "".join(parts), composition


_FIRST = ["Maria", "John", "Aisha", "Wei", "Carlos", "Emma", "David", "Fatima", "Peter", "Sofia", "James", "Lena",
          "Tomás", "Grace", "Ahmed", "Yuki", "Olga", "Samuel", "Priya", "Marco", "Chloe", "Ivan", "Nadia", "Kwame"]
_LAST = ["Garcia", "Smith", "Okafor", "Chen", "Novak", "Brown", "Haddad", "Rossi", "Kim", "Jensen", "Walker", "Silva",
         "Müller", "Tanaka", "Petrov", "Mensah", "Dubois", "Kowalski", "Reyes", "Larsen", "Osei", "Bianchi"]
_ROLES = ["the mayor", "a spokesman for the ministry", "the company's chief executive", "a senior official",
          "the union leader", "an analyst at a local bank", "the campaign manager", "a neighbour", "the police chief",
          "a professor of economics", "the opposition leader", "a lawyer for the family", "the state treasurer"]
_PLACES = ["Springfield", "the capital", "the northern district", "Riverside", "the port city", "Lakewood",
           "the county", "the old town", "Westbrook", "the industrial zone", "Hillcrest", "the border region"]
_TOPICS = ["the budget", "the new bridge", "the election", "the strike", "the merger", "the flood defences",
           "the school reform", "the trade deal", "the hospital closure", "the tax plan", "the pension fund",
           "the housing project", "the water supply", "the airport expansion", "the court ruling", "the ceasefire"]
_SUBJ = ["we", "the council", "nobody", "the government", "our members", "the voters", "this city", "the market",
         "the board", "every family here", "the investors", "the courts"]
_PRED = ["will not accept this", "saw this coming", "has done everything it could", "deserves better",
         "expects a decision soon", "cannot wait another year", "was never consulted", "will pay the price",
         "has lost patience", "needs answers", "made a serious mistake", "is ready to negotiate"]
_VERBS = ["said", "told reporters", "added", "argued", "claimed", "warned", "said on Tuesday", "insisted",
          "wrote in a statement", "told the newspaper", "said in an interview", "acknowledged"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _synthetic_paragraph(rng: random.Random) -> str:
    """A made-up news paragraph: quotes (direct or indirect), speakers, numbers, places."""
    def person() -> tuple[str, str]:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        return f"{first} {last}", last

    def claim() -> str:
        return f"{rng.choice(_SUBJ)} {rng.choice(_PRED)}"

    topic, place = rng.choice(_TOPICS), rng.choice(_PLACES)
    n = rng.randint(2, 98)
    sentences = []
    for _ in range(rng.randint(2, 4)):
        full, last = person()
        kind = rng.randrange(5)
        if kind == 0:
            sentences.append(f"\u201c{claim().capitalize()},\u201d {full}, {rng.choice(_ROLES)} in {place}, "
                             f"{rng.choice(_VERBS)} about {topic}.")
        elif kind == 1:
            sentences.append(f"{full} {rng.choice(_VERBS)} that {claim()} on {topic}, "
                             f"and that {n} percent of residents in {place} agreed.")
        elif kind == 2:
            sentences.append(f"\u201c{claim().capitalize()}. {claim().capitalize()},\u201d {last} "
                             f"{rng.choice(_VERBS)} on {rng.choice(_DAYS)}.")
        elif kind == 3:
            sentences.append(f"According to {full}, {claim()}, a view that {rng.randint(2, 40)} members of "
                             f"the committee on {topic} did not share.")
        else:
            sentences.append(f"The vote on {topic} in {place} is expected in {rng.randint(2, 11)} weeks; "
                             f"{n} percent of those polled were undecided, up from {rng.randint(1, 60)} percent in "
                             f"{rng.randint(2001, 2023)}.")
    return " ".join(sentences)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, nargs="+", default=[10.0], help="input size(s) in MB (10^6 bytes; default 10)")
    ap.add_argument("--repeat", type=int, default=3, help="baseline (load-only) runs, median reported (default 3)")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds before a run is killed (default 900)")
    ap.add_argument("--sample-every", type=float, default=0.5, help="RSS sampling period, seconds (default 0.5)")
    ap.add_argument("--build", choices=("mixed", "repeat-dev"), default="mixed",
                    help="mixed (default): unique PolNeAR texts, then remixed sentences; repeat-dev: dev texts "
                         "copied over and over, which onrecord mostly skips as repeated paragraphs")
    ap.add_argument("--accurate", action="store_true", help="run `onrecord analyze --accurate` (the encoder too)")
    ap.add_argument("--keep", metavar="DIR", help="keep the generated inputs and outputs in DIR")
    ap.add_argument("--rev", metavar="REV", help="benchmark onrecord as of this git commit (e.g. HEAD), from a "
                    "read-only snapshot, so edits to the working tree during the run change nothing; default: the working tree")
    ap.add_argument("--save", metavar="FILE", help="also write the JSON report to FILE")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the tables")
    ns = ap.parse_args(argv)

    src = prepare_source(ns.rev)
    info = machine_info(src)
    onr = onrecord_command()
    workdir = Path(ns.keep).resolve() if ns.keep else Path(tempfile.mkdtemp(prefix="onrecord-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)

    log(f"baseline: {BASELINE_SCRIPT!r} x {ns.repeat}")
    base_runs = []
    for _ in range(ns.repeat):
        r = run_measured([sys.executable, "-c", BASELINE_SCRIPT], env=src.env, cwd=src.cwd)
        if not r.ok:
            die(f"baseline failed (exit {r.returncode}): {r.stderr.strip().splitlines()[-1:]}")
        base_runs.append(r)
    baseline = {
        "command": f'python -c "{BASELINE_SCRIPT}"',
        "median_wall_s": round(median([r.wall_s for r in base_runs]), 3),
        "median_maxrss_mb": round(median([r.maxrss_kb for r in base_runs]) / 1024, 1),
        "maxrss_mb": [round(r.maxrss_kb / 1024, 1) for r in base_runs],
    }

    results = []
    for size_mb in ns.size_mb:
        build = build_repeated_dev if ns.build == "repeat-dev" else build_corpus
        text, composition = build(int(size_mb * 1_000_000))
        path = workdir / f"news_{size_mb:g}MB.txt"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        words, chars, nbytes = len(text.split()), len(text), len(text.encode("utf-8"))
        del text
        out_path = workdir / f"news_{size_mb:g}MB.jsonl"
        cmd = [*onr, "analyze", *(["--accurate"] if ns.accurate else []), "--format", "jsonl", str(path)]
        log(f"{size_mb:g} MB: {nbytes:,} bytes, {words:,} words; running onrecord analyze (timeout {ns.timeout:g} s)")
        with open(out_path, "w", encoding="utf-8") as out:
            r = run_measured(cmd, stdout=out, timeout=ns.timeout, sample_every=ns.sample_every, env=src.env, cwd=src.cwd)
        n_attr = None
        if r.ok:
            with open(out_path, encoding="utf-8") as fh:
                n_attr = sum(len(json.loads(line)["attributions"]) for line in fh if line.strip())
        log(f"  {'timed out after' if r.timed_out else 'done in'} {r.wall_s:.1f} s, exit {r.returncode}, "
            f"peak RSS {r.maxrss_kb / 1024:.0f} MB")
        # how much of the input onrecord's repeat detection blanks out (after the timed run)
        rep = subprocess.run([sys.executable, "-c", REPEATS_SCRIPT, str(path)], capture_output=True, text=True,
                             env=src.env, cwd=src.cwd)
        repeats = json.loads(rep.stdout) if rep.returncode == 0 else None
        samples = r.rss_samples
        res = {
            "size_mb": size_mb, "bytes": nbytes, "characters": chars, "words": words,
            "composition": composition,
            "command": " ".join([*onr, "analyze", *(["--accurate"] if ns.accurate else []), "--format", "jsonl",
                                 path.name]),
            "returncode": r.returncode, "timed_out": r.timed_out,
            "stderr_tail": r.stderr.strip().splitlines()[-3:],
            "wall_s": round(r.wall_s, 2), "cpu_s": round(r.cpu_s, 2),
            "words_per_s": round(words / r.wall_s, 1) if r.ok else None,
            "words_per_s_at_least_needed": round(words / r.wall_s, 1) if r.timed_out else None,
            "peak_rss_mb": round(r.maxrss_kb / 1024, 1),
            "peak_rss_over_baseline_mb": round(r.maxrss_kb / 1024 - baseline["median_maxrss_mb"], 1),
            "sampled_peak_rss_mb": round(max((s for _, s in samples), default=0) / 1024, 1),
            "rss_profile_mb": _profile(samples, r.wall_s),
            # (seconds, MB) at most every 5 s: where the spikes are
            "rss_timeline_mb": _timeline(samples, 5.0),
            "attributions": n_attr,
            "repeats_masked": repeats,
            "input": str(path) if ns.keep else None,
        }
        results.append(res)

    if not ns.keep:
        for f in workdir.iterdir():
            f.unlink()
        workdir.rmdir()
    info["loadavg_at_end"] = os.getloadavg()
    check_source(info, src)
    src.cleanup()
    report = {"benchmark": "memory", "build": ns.build, "machine": info, "baseline": baseline, "results": results}
    emit_report(report, ns.save, ns.json, print_tables)
    return 0 if all(not r["timed_out"] and r["returncode"] == 0 for r in results) else 1


def _timeline(samples: list[tuple[float, int]], step: float) -> list[list[float]]:
    """The samples thinned to one per `step` seconds, each the largest RSS (MB) in its window."""
    out: dict[int, float] = {}
    for t, kb in samples:
        k = int(t // step)
        out[k] = max(out.get(k, 0.0), kb / 1024)
    return [[round(k * step, 1), round(mb, 1)] for k, mb in sorted(out.items())]


def _profile(samples: list[tuple[float, int]], wall: float) -> dict[str, float]:
    """RSS (MB) at 10%, 25%, 50%, 75% and 95% of the run: flat means memory is bounded."""
    out = {}
    for q in (0.10, 0.25, 0.50, 0.75, 0.95):
        before = [s for t, s in samples if t <= q * wall]
        if before:
            out[f"{int(q * 100)}%"] = round(before[-1] / 1024, 1)
    return out


def print_tables(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(width=None if sys.stdout.isatty() else 150)
    m, b = report["machine"], report["baseline"]
    con.print(f"[bold]onrecord memory[/] — {m['cpu_model']}, {m['nproc']} cores; Python {m['python']}, "
              f"spaCy {m['spacy']}, {m['model']} {m['model_version']}")
    con.print(f"baseline {b['command']}: peak RSS {b['median_maxrss_mb']:.0f} MB, {b['median_wall_s']:.2f} s "
              f"(median of {len(b['maxrss_mb'])})")
    t = Table()
    for col in ("input", "words", "wall s", "CPU s", "words/s", "peak RSS MB", "over baseline MB",
                "RSS at 10/50/95% MB", "attributions", "masked as repeats"):
        t.add_column(col, justify="left" if col == "input" else "right")
    for r in report["results"]:
        p = r["rss_profile_mb"]
        prof = "/".join(f"{p[k]:.0f}" if k in p else "-" for k in ("10%", "50%", "95%"))
        rep = r["repeats_masked"]
        masked = f"{100 * rep['masked_chars'] / rep['chars']:.1f}%" if rep else "?"
        status = "" if r["returncode"] == 0 else (" (timed out)" if r["timed_out"] else f" (exit {r['returncode']})")
        t.add_row(f"{r['size_mb']:g} MB{status}", f"{r['words']:,}", f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}",
                  f"{r['words_per_s']:,.0f}" if r["words_per_s"] else f"< {r['words_per_s_at_least_needed']:,.0f}",
                  f"{r['peak_rss_mb']:.0f}", f"{r['peak_rss_over_baseline_mb']:+.0f}", prof,
                  str(r["attributions"]) if r["attributions"] is not None else "-", masked)
    con.print(t)


if __name__ == "__main__":
    sys.exit(main())
