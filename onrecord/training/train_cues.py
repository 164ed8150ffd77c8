"""Rebuild the shipped models (`onrecord/resources/*.json`) from PolNeAR.

    onrecord train --polnear ../shared/data/polnear --cache .cache/parses

writes two pairs: `cue_model.json` + `attribution_model.json`, whose cue model also weighs
the parsing pipeline's token vectors (`doc.tensor`, for the default English model), and
the sparse fallback `cue_model.sparse.json` + `attribution_model.sparse.json`, which any
other pipeline gets. `--no-tensor --out PATH` trains one sparse pair only.

Train on the train split; the decision threshold is chosen on dev by the end-to-end
who-said-what F1 (not the cue F1), because a cue with no findable content or source
costs precision without earning recall. Parses are cached (`--cache DIR`) as spaCy
DocBins, with their vectors beside them, so re-training after a feature change does not
parse again (about 20 minutes on 2 cores for both pairs; parsing adds 4).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from ..evaluation.brat import BratDocument, gold_attributions, load_corpus
from ..evaluation.metrics import alnum_positions, score
from ..pipeline.attribution import Attributor, QuoteIndex, finalize
from ..pipeline.cues import ACCURATE_CUE_MODEL, ATTRIBUTION_MODEL, CueModel, doc_vectors, is_candidate
from ..pipeline.quotes import find_quotes


def parse_split(nlp, docs: list[BratDocument], cache: Path | None, split: str) -> list[Doc]:
    """Parse each document once (cached by split name and model, the `tok2vec` vectors
    beside the DocBin, which does not keep them)."""
    path = cache / f"{split}-{nlp.meta.get('name', 'model')}.spacy" if cache else None
    if path is not None and path.exists() and path.with_suffix(".tensors.npz").exists():
        parsed = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(parsed) == len(docs) and all(p.text == d.text for p, d in zip(parsed, docs)):
            with np.load(path.with_suffix(".tensors.npz")) as tensors:
                for n, p in enumerate(parsed):
                    p.tensor = tensors[f"arr_{n}"]
            return parsed
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for p in parsed:
            db.add(p)
        db.to_disk(path)
        np.savez_compressed(path.with_suffix(".tensors.npz"), *[p.tensor for p in parsed])
    return parsed


def tensor_width(parsed: list[Doc]) -> int:
    """The width of the pipeline's token vectors (0 when it sets none)."""
    for doc in parsed:
        t = doc_vectors(doc)
        if t is not None:
            return int(t.shape[1])
    return 0


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


def cue_head_lemmas(parsed: list[Doc], golds: list[list[dict]]) -> frozenset[str]:
    """Lemmas that head a gold cue somewhere in training (the runtime candidate gate)."""
    out: set[str] = set()
    for doc, gold in zip(parsed, golds):
        out.update(doc[i].lemma_.lower() for i in gold_cue_heads(doc, gold))
    return frozenset(out)


def featurize(parsed: list[Doc], golds: list[list[dict]],
              width: int = 0) -> tuple[list[list[str]], np.ndarray, list[int], list[int]]:
    """Cue features, token vectors (`width` columns, 0 for none) and labels for every
    candidate token, with the document index of each."""
    X: list[list[str]] = []
    D: list[np.ndarray] = []
    y: list[int] = []
    rows: list[int] = []
    for n, (doc, gold) in enumerate(zip(parsed, golds)):
        qi = QuoteIndex(find_quotes(doc.text))
        heads = gold_cue_heads(doc, gold)
        vectors = doc_vectors(doc, width) if width else None
        for tok in doc:
            if is_candidate(tok):
                X.append(Attributor.features(tok, qi))
                if width:
                    D.append(vectors[tok.i] if vectors is not None else np.zeros(width, dtype=np.float32))
                y.append(1 if tok.i in heads else 0)
                rows.append(n)
    dense = np.vstack(D).astype(np.float32) if D else np.zeros((len(X), 0), dtype=np.float32)
    return X, dense, y, rows


def fit(X: list[list[str]], y: list[int], C: float, min_count: int = 3) -> dict[str, float]:
    """L2 logistic regression; features seen fewer than `min_count` times are dropped,
    which keeps the shipped file small and the model from memorising rare words."""
    return fit_dense(X, np.zeros((len(X), 0), dtype=np.float32), y, C, min_count)[0]


def fit_dense(X: list[list[str]], D: np.ndarray, y: list[int], C: float,
              min_count: int = 3) -> tuple[dict[str, float], np.ndarray | None]:
    """`fit` over the sparse features and the dense columns `D` together: the sparse
    weights, and the dense ones (None when `D` has no columns)."""
    from collections import Counter

    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats in X for f in set(feats))
    vec = DictVectorizer()
    M = vec.fit_transform([{f: 1 for f in feats if counts[f] >= min_count} for feats in X]).tocsr()
    if D.shape[1]:
        M = sparse.hstack([M, sparse.csr_matrix(D)]).tocsr()
    M.indices = M.indices.astype("int32")  # liblinear takes 32-bit indices only
    M.indptr = M.indptr.astype("int32")
    clf = LogisticRegression(C=C, fit_intercept=False, max_iter=2000, solver="liblinear")
    clf.fit(M, y)
    names = vec.get_feature_names_out()
    coef = clf.coef_[0]
    weights = {str(n): float(w) for n, w in zip(names, coef[:len(names)]) if abs(w) >= 1e-3}
    return weights, (coef[len(names):].astype(np.float32) if D.shape[1] else None)


THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def tune_thresholds(model: CueModel, parsed: list[Doc], gold: dict[str, list[dict]], ids: list[str],
                    texts: dict[str, str]) -> tuple[float, float, dict]:
    """Pick the plain and the quoted-content thresholds maximising dev who_said_what F1.

    Each document's candidates are built once at the lowest threshold; every pair of
    thresholds then only filters and re-finalises them."""
    att = Attributor(model, threshold=0.5, threshold_quoted=0.5, use_tensor=True)
    per_doc = []
    for doc in parsed:
        qi = QuoteIndex(find_quotes(doc.text))
        per_doc.append((qi, doc.text, [(c.cue_score, c.attribution, c.quoted)
                                       for c in att.candidates(doc, qi, floor=min(THRESHOLDS))]))
    best = (-1.0, 0.5, 0.5, {})
    for t_plain in THRESHOLDS:
        for t_quoted in THRESHOLDS:
            if t_quoted > t_plain:
                continue
            preds = {}
            for doc_id, (qi, text, cands) in zip(ids, per_doc):
                kept = [(sc, replace(a, nested_in=None)) for sc, a, quoted in cands
                        if sc >= (t_quoted if quoted else t_plain)]
                preds[doc_id] = [a.to_dict() for a in finalize(kept, qi, text) if a.nested_in is None]
            res = score({i: gold[i] for i in ids}, preds, texts)
            f = res["who_said_what"]["f1"]
            if f > best[0]:
                best = (f, t_plain, t_quoted, res)
    return best[1], best[2], best[3]


def gold_match(attr, gold: list[dict], text: str) -> float:
    """The best content Jaccard of a predicted attribution against a gold one that it
    would count for under who_said_what (0.0 when it counts for none)."""
    pc = alnum_positions(attr.content, text)
    if not pc:
        return 0.0
    ps = alnum_positions(attr.source, text)
    best = 0.0
    for g in gold:
        gc = alnum_positions(g["content"], text)
        union = len(gc | pc)
        jac = len(gc & pc) / union if union else 0.0
        if jac >= 0.5 and jac > best:
            gs = alnum_positions(g["source"], text)
            if (bool(gs & ps) if gs else not ps):
                best = jac
    return best


def matches_gold(attr, gold: list[dict], text: str) -> bool:
    """Whether a predicted attribution would count for who_said_what against any gold one."""
    return gold_match(attr, gold, text) > 0.0


def attribution_examples(models: list[CueModel], folds: list[int], parsed: list[Doc], golds: list[list[dict]],
                         floor: float) -> tuple[list[list[str]], list[int]]:
    """Candidate attributions on train, each scored by the cue model that did not see
    its document (cross-fitting), labelled by whether it matches the gold. Of one cue's
    alternative contents only the closest to the gold is a positive."""
    X: list[list[str]] = []
    y: list[int] = []
    # a stand-in attribution model: candidates() proposes alternative contents only with one
    atts = [Attributor(m, threshold=0.6, threshold_quoted=0.55, attr_model=CueModel(weights={}), use_tensor=True)
            for m in models]
    for doc, gold, fold in zip(parsed, golds, folds):
        qi = QuoteIndex(find_quotes(doc.text))
        cands = atts[fold].candidates(doc, qi, floor=floor)
        jac = [gold_match(c.attribution, gold, doc.text) for c in cands]
        best: dict[int, float] = {}
        for c, j in zip(cands, jac):
            best[c.group] = max(best.get(c.group, 0.0), j)
        for c, j in zip(cands, jac):
            X.append(c.features)
            y.append(1 if j > 0.0 and j >= best[c.group] - 0.02 else 0)
    return X, y


def tune_attribution_threshold(att: Attributor, parsed: list[Doc], gold: dict[str, list[dict]], ids: list[str],
                               texts: dict[str, str]) -> tuple[float, float, dict]:
    """The attribution model's threshold and the lowest cue score it may rescue (the
    floor), both chosen by dev who_said_what F1 (smoothed over neighbouring thresholds;
    of equal ones, the lowest floor)."""
    floors = (0.1, 0.15, 0.2, 0.25, 0.3)
    steps = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
    per_doc = []
    for doc in parsed:
        qi = QuoteIndex(find_quotes(doc.text))
        per_doc.append((doc, qi, att.candidates(doc, qi, floor=min(floors))))
    grid: dict[tuple[float, int], dict] = {}
    for floor in floors:
        for k, t in enumerate(steps):
            preds = {}
            for doc_id, (doc, qi, cands) in zip(ids, per_doc):
                above = [c for c in cands if c.cue_score >= floor]
                preds[doc_id] = [a.to_dict() for a in att.assemble(doc, qi, above, threshold=t)
                                 if a.nested_in is None]
            grid[floor, k] = score({i: gold[i] for i in ids}, preds, texts)

    def smoothed(floor: float, k: int) -> float:
        # the F1 surface is flat to within a few thousandths, so single cells win by
        # noise: judge each by the mean of it and its threshold neighbours
        near = [grid[floor, j]["who_said_what"]["f1"] for j in (k - 1, k, k + 1) if (floor, j) in grid]
        return sum(near) / len(near)

    floor, k = max(grid, key=lambda fk: (round(smoothed(*fk), 4), -fk[0]))
    return steps[k], floor, grid[floor, k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="onrecord train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", required=True, help="PolNeAR folder holding train/ and dev/")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "resources" / "cue_model.json"),
                    help="where to write the cue model; the attribution model goes beside it")
    ap.add_argument("--model", default=None, help="spaCy pipeline to parse with (default: the onrecord default)")
    ap.add_argument("--cache", default=None, help="folder to cache parses in")
    ap.add_argument("--C", type=float, default=0.5, help="inverse regularisation strength")
    ap.add_argument("--min-count", type=int, default=3, help="drop features seen fewer times in train")
    ap.add_argument("--floor", type=float, default=0.1, help="lowest cue score the attribution model considers")
    ap.add_argument("--attr-C", type=float, default=0.5, dest="attr_C",
                    help="inverse regularisation strength of the attribution model")
    ap.add_argument("--no-tensor", action="store_true", dest="no_tensor",
                    help="a sparse cue model only: no weights on the pipeline's token vectors")
    ap.add_argument("--no-fallback", action="store_true", dest="no_fallback",
                    help="skip the sparse fallback pair (cue_model.sparse.json) other pipelines use")
    ap.add_argument("--encoder-folds", default=None, dest="encoder_folds",
                    help="the accurate pair: `onrecord train-encoder --work` folder, whose fold0/fold1 models tag "
                         "the train halves they did not see (writes cue_model.accurate.json and its attribution model)")
    ap.add_argument("--encoder", default=None, help="the encoder that tags dev for the accurate pair (default: shipped)")
    args = ap.parse_args(argv)

    from ..pipeline.nlp import load_base_model

    nlp = load_base_model(args.model)
    cache = Path(args.cache) if args.cache else None
    t0 = time.time()
    train = load_corpus(args.polnear, "train")
    dev = load_corpus(args.polnear, "dev")
    train_gold, dev_gold = gold_attributions(train), gold_attributions(dev)
    train_docs = first_per_id(train)
    dev_docs = first_per_id(dev)
    p_train = parse_split(nlp, train_docs, cache, "train")
    p_dev = parse_split(nlp, dev_docs, cache, "dev")
    print(f"parsed {len(p_train)} train, {len(p_dev)} dev documents in {time.time() - t0:.0f}s", file=sys.stderr)

    train_golds = [train_gold[d.id] for d in train_docs]
    out = Path(args.out)
    if args.encoder_folds:
        tag_with_encoders(p_train, p_dev, Path(args.encoder_folds), args.encoder)
        if out.name == "cue_model.json":
            out = out.with_name(ACCURATE_CUE_MODEL)
        args.no_fallback = True
    width = 0 if args.no_tensor else tensor_width(p_train)
    X, D, y, rows = featurize(p_train, train_golds, width)
    print(f"{len(X)} candidate tokens, {sum(y)} cue heads, {width} vector columns", file=sys.stderr)
    data = (p_train, train_golds, p_dev, dev_gold, dev_docs, X, D, y, rows)
    # the attribution model goes beside the cue model, named alike ("cue_model.sparse.json"
    # → "attribution_model.sparse.json")
    attr_out = out.with_name(out.name.replace("cue_model", "attribution_model", 1) if "cue_model" in out.name
                             else ATTRIBUTION_MODEL)
    train_pair(args, nlp, data, width, out, attr_out)
    if width and not args.no_fallback:
        # the pair any other pipeline gets: no weights on vectors it does not have
        print("the sparse fallback pair, for pipelines whose vectors the dense weights do not fit", file=sys.stderr)
        train_pair(args, nlp, data, 0, fallback_path(out), fallback_path(attr_out))
    return 0


def tag_with_encoders(p_train: list[Doc], p_dev: list[Doc], folds: Path, dev_model: str | None) -> None:
    """Set `doc._.onrecord_encoder` on every parse: a train document is tagged by the fold
    model that did not see it (the halves `train_pair` cross-fits on), dev by the final
    model, so the linear models learn how far to trust tags on unseen text."""
    from ..pipeline import components  # noqa: F401  (registers the Doc extension)
    from ..pipeline.encoder import EncoderTagger

    t0 = time.time()
    taggers = [EncoderTagger(folds / f"fold{k}" / "onnx", threads=encoder_threads()) for k in (0, 1)]
    final = EncoderTagger(dev_model, threads=encoder_threads())
    for docs, pick in ((p_train, lambda n: taggers[n % 2]), (p_dev, lambda n: final)):
        for n, doc in enumerate(docs):
            doc._.onrecord_encoder = pick(n).token_probs(doc)
    print(f"encoder tags for {len(p_train)} train, {len(p_dev)} dev documents in {time.time() - t0:.0f}s",
          file=sys.stderr)


def encoder_threads() -> int:
    return max(1, os.cpu_count() or 1)


def fallback_path(path: Path) -> Path:
    """`cue_model.json` → `cue_model.sparse.json`: where the sparse fallback of a model lives."""
    return path.with_name(f"{path.stem}.sparse{path.suffix}")


def train_pair(args, nlp, data, width: int, cue_out: Path, attr_out: Path) -> None:
    """Train the cue model (with `width` vector columns, 0 for none) and the attribution
    model over its cross-fitted scores, tune both on dev, and write them."""
    p_train, train_golds, p_dev, dev_gold, dev_docs, X, D, y, rows = data
    D = D[:, :width]
    weights, dense = fit_dense(X, D, y, args.C, args.min_count)
    mean = D.mean(axis=0) if width else None
    model = CueModel(weights=weights, lemmas=cue_head_lemmas(p_train, train_golds), dense=dense, dense_mean=mean)

    ids = [d.id for d in dev_docs]
    texts = {d.id: d.text for d in dev_docs}
    t_plain, t_quoted, res = tune_thresholds(model, p_dev, dev_gold, ids, texts)
    model.threshold, model.threshold_quoted = t_plain, t_quoted
    wsw = res["who_said_what"]
    print(f"cue model alone, thresholds {t_plain} (plain), {t_quoted} (quoted): who_said_what F1 {wsw['f1']:.4f} "
          f"(P {wsw['p']:.3f} R {wsw['r']:.3f})", file=sys.stderr)
    model.meta = {"trained_on": "PolNeAR train", "thresholds_tuned_on": "PolNeAR dev",
                  "dev_who_said_what_f1": wsw["f1"], "C": args.C, "min_count": args.min_count,
                  "candidates": len(X), "positives": sum(y)}
    if getattr(args, "encoder_folds", None):
        model.meta["encoder"] = "encoder tags: cross-fitted fold models on train, the shipped model on dev"
    if width:
        model.meta["tensor"] = {"pipelines": twin_pipelines(nlp.meta), "version": nlp.meta.get("version"),
                                "width": width}

    # the attribution model, trained on cross-fitted cue scores
    folds = [n % 2 for n in range(len(p_train))]
    fold_models = []
    for k in (0, 1):
        keep = [i for i, r in enumerate(rows) if folds[r] != k]
        w_k, d_k = fit_dense([X[i] for i in keep], D[keep], [y[i] for i in keep], args.C, args.min_count)
        fold_models.append(CueModel(weights=w_k, dense=d_k, dense_mean=mean))
    AX, Ay = attribution_examples(fold_models, folds, p_train, train_golds, floor=args.floor)
    print(f"{len(AX)} candidate attributions on train, {sum(Ay)} correct", file=sys.stderr)
    attr_model = CueModel(weights=fit(AX, Ay, args.attr_C, min_count=2))
    att = Attributor(model, attr_model=attr_model, floor=args.floor, use_tensor=bool(width))
    attr_model.threshold, floor, res = tune_attribution_threshold(att, p_dev, dev_gold, ids, texts)
    wsw = res["who_said_what"]
    print(f"with the attribution model, threshold {attr_model.threshold}, floor {floor}: who_said_what F1 {wsw['f1']:.4f} "
          f"(P {wsw['p']:.3f} R {wsw['r']:.3f}), content F1 {res['attribution_content']['f1']:.4f}, "
          f"content overlap F1 {res['content_overlap']['f1']:.4f}, direct recall {res['who_said_what_recall_direct']:.3f}",
          file=sys.stderr)
    attr_model.meta = {"trained_on": "PolNeAR train (cross-fitted cue scores)", "threshold_tuned_on": "PolNeAR dev",
                       "dev_who_said_what_f1": wsw["f1"], "trained_floor": args.floor, "floor": floor,
                       "examples": len(AX), "C": args.attr_C, "content_variants": True}
    attr_model.to_json(attr_out)
    model.to_json(cue_out)
    print(f"wrote {cue_out} ({len(weights)} weights) and {attr_out.name}", file=sys.stderr)


def twin_pipelines(meta: dict) -> list[str]:
    """The pipeline names whose vectors are these: the default English model is the
    same weights under two package names."""
    from ..pipeline.nlp import DEFAULT_MODELS

    name = f"{meta.get('lang', '')}_{meta.get('name', '')}"
    return sorted(DEFAULT_MODELS) if name in DEFAULT_MODELS else [name]


def first_per_id(docs: list[BratDocument]) -> list[BratDocument]:
    """One document per id (its first annotator's), in corpus order: the gold's documents."""
    seen: dict[str, BratDocument] = {}
    for d in docs:
        seen.setdefault(d.id, d)
    return list(seen.values())


if __name__ == "__main__":
    sys.exit(main())
