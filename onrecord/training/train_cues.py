"""Rebuild the shipped cue model (`onrecord/resources/cue_model.json`) from PolNeAR.

    onrecord train --polnear ../shared/data/polnear --out onrecord/resources/cue_model.json

Train on the train split; the decision threshold is chosen on dev by the end-to-end
who-said-what F1 (not the cue F1), because a cue with no findable content or source
costs precision without earning recall. Parses are cached (`--cache DIR`) as spaCy
DocBins so re-training after a feature change takes seconds, not minutes.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from ..evaluation.brat import BratDocument, gold_attributions, load_corpus
from ..evaluation.metrics import score
from ..pipeline.attribution import Attributor, QuoteIndex, finalize
from ..pipeline.cues import CueModel, is_candidate
from ..pipeline.quotes import find_quotes


def parse_split(nlp, docs: list[BratDocument], cache: Path | None, split: str) -> list[Doc]:
    """Parse each document once (cached by split name and model)."""
    path = cache / f"{split}-{nlp.meta.get('name', 'model')}.spacy" if cache else None
    if path is not None and path.exists():
        parsed = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(parsed) == len(docs) and all(p.text == d.text for p, d in zip(parsed, docs)):
            return parsed
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for p in parsed:
            db.add(p)
        db.to_disk(path)
    return parsed


def gold_cue_heads(doc: Doc, attributions: list[dict]) -> set[int]:
    """Token indices heading each gold cue span (the token whose head lies outside it)."""
    heads: set[int] = set()
    for a in attributions:
        toks: set[int] = set()
        for s, e in a.get("cue") or []:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                toks.update(t.i for t in span)
        if not toks:
            continue
        roots = [i for i in sorted(toks) if doc[i].head.i not in toks or doc[i].head.i == i]
        cands = [i for i in roots if is_candidate(doc[i])] or [i for i in sorted(toks) if is_candidate(doc[i])]
        if cands:
            heads.add(cands[0])
    return heads


def featurize(parsed: list[Doc], golds: list[list[dict]]) -> tuple[list[list[str]], list[int]]:
    X: list[list[str]] = []
    y: list[int] = []
    for doc, gold in zip(parsed, golds):
        qi = QuoteIndex(find_quotes(doc.text))
        heads = gold_cue_heads(doc, gold)
        for tok in doc:
            if is_candidate(tok):
                X.append(Attributor.features(tok, qi))
                y.append(1 if tok.i in heads else 0)
    return X, y


def fit(X: list[list[str]], y: list[int], C: float, min_count: int = 3) -> dict[str, float]:
    """L2 logistic regression; features seen fewer than `min_count` times are dropped,
    which keeps the shipped file small and the model from memorising rare words."""
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats in X for f in set(feats))
    vec = DictVectorizer()
    M = vec.fit_transform([{f: 1 for f in feats if counts[f] >= min_count} for feats in X]).tocsr()
    M.indices = M.indices.astype("int32")  # liblinear takes 32-bit indices only
    M.indptr = M.indptr.astype("int32")
    clf = LogisticRegression(C=C, fit_intercept=False, max_iter=2000, solver="liblinear")
    clf.fit(M, y)
    names = vec.get_feature_names_out()
    return {str(n): float(w) for n, w in zip(names, clf.coef_[0]) if abs(w) >= 1e-3}


def predict_split(model: CueModel, parsed: list[Doc], thresholds: list[float]) -> dict[float, list[list[dict]]]:
    """Predictions per threshold; cues are scored once and filtered per threshold."""
    out: dict[float, list[list[dict]]] = {t: [] for t in thresholds}
    att = Attributor(model, threshold=min(thresholds))
    for doc in parsed:
        qi = QuoteIndex(find_quotes(doc.text))
        scored = att.score_cues(doc, qi)
        # asides ("…and warned that") are judged at the default threshold whatever is swept
        att.set_cues([t for t, s in scored if s >= 0.5])
        built = []
        for tok, sc in scored:
            if sc >= min(thresholds):
                a = att.build(tok, qi, sc)
                if a is not None:
                    built.append((sc, a))
        for t in thresholds:
            kept = [(s, a) for s, a in built if s >= t]
            attrs = finalize([(s, _copy(a)) for s, a in kept], qi, doc.text)
            out[t].append([a.to_dict() for a in attrs])
    return out


def _copy(a):
    from dataclasses import replace

    return replace(a, nested_in=None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="onrecord train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", required=True, help="PolNeAR folder holding train/ and dev/")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "resources" / "cue_model.json"))
    ap.add_argument("--model", default=None, help="spaCy pipeline to parse with (default: the onrecord default)")
    ap.add_argument("--cache", default=None, help="folder to cache parses in")
    ap.add_argument("--C", type=float, default=0.5, help="inverse regularisation strength")
    ap.add_argument("--min-count", type=int, default=3, help="drop features seen fewer times in train")
    args = ap.parse_args(argv)

    from ..pipeline.nlp import load_base_model

    nlp = load_base_model(args.model)
    cache = Path(args.cache) if args.cache else None
    t0 = time.time()
    train = load_corpus(args.polnear, "train")
    dev = load_corpus(args.polnear, "dev")
    train_gold, dev_gold = gold_attributions(train), gold_attributions(dev)
    train_docs = _first_per_id(train)
    dev_docs = _first_per_id(dev)
    p_train = parse_split(nlp, train_docs, cache, "train")
    p_dev = parse_split(nlp, dev_docs, cache, "dev")
    print(f"parsed {len(p_train)} train, {len(p_dev)} dev documents in {time.time() - t0:.0f}s", file=sys.stderr)

    X, y = featurize(p_train, [train_gold[d.id] for d in train_docs])
    print(f"{len(X)} candidate tokens, {sum(y)} cue heads", file=sys.stderr)
    weights = fit(X, y, args.C, args.min_count)
    model = CueModel(weights=weights)

    thresholds = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
    preds = predict_split(model, p_dev, thresholds)
    texts = {d.id: d.text for d in dev_docs}
    best_t, best_f = 0.5, -1.0
    for t in thresholds:
        res = score({d.id: dev_gold[d.id] for d in dev_docs},
                    {d.id: p for d, p in zip(dev_docs, preds[t])}, texts)
        f = res["who_said_what"]["f1"]
        print(f"threshold {t:.2f}: who_said_what F1 {f:.4f} (P {res['who_said_what']['p']:.3f} "
              f"R {res['who_said_what']['r']:.3f}), content F1 {res['attribution_content']['f1']:.4f}",
              file=sys.stderr)
        if f > best_f:
            best_t, best_f = t, f
    model.threshold = best_t
    model.meta = {"trained_on": "PolNeAR train", "threshold_tuned_on": "PolNeAR dev",
                  "dev_who_said_what_f1": best_f, "C": args.C, "candidates": len(X), "positives": sum(y)}
    model.to_json(args.out)
    print(f"wrote {args.out}: {len(weights)} weights, threshold {best_t}", file=sys.stderr)
    return 0


def _first_per_id(docs: list[BratDocument]) -> list[BratDocument]:
    seen: dict[str, BratDocument] = {}
    for d in docs:
        seen.setdefault(d.id, d)
    return list(seen.values())


if __name__ == "__main__":
    sys.exit(main())
