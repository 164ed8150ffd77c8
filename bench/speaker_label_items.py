"""Draw a fresh batch of PolNeAR articles for speaker labelling and write their items files.

    python bench/speaker_label_items.py --seed 20261209 --out /tmp/batch8
    python bench/speaker_label_items.py --split train --per-outlet 2 --groups 3 --seed 1 --out DIR

A check set measures the field only while no rule has looked at it, so its articles must
be in no earlier label file. This draws `--per-outlet` articles per outlet (at random,
`--seed`), among those of `--split` with `--min`..`--max` gold attributions and in none of
the shipped `onrecord/evaluation/data/speakers-polnear-*.tsv`, splits them into `--groups`
files of about equal attribution counts, and writes each as `groupN.txt`: every article's
text, then one line per gold attribution (the first annotator's list, indexed as the
scorer reads it) with its source (and offset), cue and content. Labellers read the article
and answer one TSV line per item (`docs/speaker-labels.md`). The items files hold PolNeAR
text: write them outside the repository and commit only the labels.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from _common import SHARED

from onrecord.evaluation.brat import corpus_texts, gold_attributions, load_corpus
from onrecord.evaluation.speakers import default_labels_path, read_labels


def _text(text: str, frags) -> str:
    return " … ".join(text[s:e] for s, e in frags) if frags else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", type=Path, default=SHARED / "data" / "polnear")
    ap.add_argument("--split", default="train")
    ap.add_argument("--per-outlet", type=int, default=2)
    ap.add_argument("--groups", type=int, default=3, help="items files (one per labeller)")
    ap.add_argument("--min", type=int, default=5, help="fewest gold attributions an article may have")
    ap.add_argument("--max", type=int, default=40, help="most gold attributions an article may have")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True, help="folder for groupN.txt (outside the repository)")
    args = ap.parse_args()
    if not args.polnear.is_dir():
        print(f"speaker_label_items: no PolNeAR at {args.polnear}", file=sys.stderr)
        return 2
    used: set[str] = set()
    for path in default_labels_path().parent.glob("speakers-polnear-*.tsv"):
        used |= set(read_labels(path))
    corpus = load_corpus(args.polnear, args.split)
    texts, gold = corpus_texts(corpus), gold_attributions(corpus)
    by_outlet: dict[str, list[str]] = {}
    for doc_id in sorted(gold):
        if doc_id not in used and args.min <= len(gold[doc_id]) <= args.max:
            by_outlet.setdefault(doc_id.split("_")[0], []).append(doc_id)
    rng = random.Random(args.seed)
    chosen = [d for _outlet, ids in sorted(by_outlet.items()) for d in rng.sample(ids, min(args.per_outlet, len(ids)))]
    groups: list[list[str]] = [[] for _ in range(args.groups)]
    sizes = [0] * args.groups
    for doc_id in sorted(chosen, key=lambda d: -len(gold[d])):  # largest first, to the lightest group
        k = sizes.index(min(sizes))
        groups[k].append(doc_id)
        sizes[k] += len(gold[doc_id])
    args.out.mkdir(parents=True, exist_ok=True)
    for n, ids in enumerate(groups):
        with open(args.out / f"group{n}.txt", "w", encoding="utf-8") as fh:
            for doc_id in ids:
                text = texts[doc_id]
                fh.write(f"=== ARTICLE {doc_id}\n\n{text}\n\n=== ITEMS for {doc_id} ({len(gold[doc_id])} attributions)\n")
                for i, a in enumerate(gold[doc_id]):
                    src = a.get("source") or []
                    content = _text(text, a.get("content"))
                    content = content if len(content) < 300 else content[:300] + " […]"
                    fh.write(f"{doc_id}\t{i}\tSOURCE: {_text(text, src)!r} @{src[0][0] if src else '-'}\t"
                             f"CUE: {_text(text, a.get('cue'))!r}\tCONTENT: {content!r}\n")
                fh.write("\n")
        print(f"group{n}.txt: {len(ids)} articles, {sizes[n]} attributions: {', '.join(ids)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
