"""The accurate mode's reader: a fine-tuned transformer that tags every word of the text
as part of a source, a cue, a content, or none.

The parse-based attributor (`attribution.py`) builds candidate attributions from the
dependency tree; what it cannot do well is *choose* among them, because its evidence is
the parse of a small model. The encoder reads the text itself: all-MiniLM-L6-v2 (a
6-layer uncased BERT) fine-tuned on PolNeAR train to tag word pieces with
`LABELS` (`onrecord train-encoder`). Its probabilities become features of the cue and
attribution models of the accurate pair (`cue_model.accurate.json`), which choose.

Inference needs no PyTorch: the shipped model is an int8 ONNX file run by onnxruntime,
and the text is split into word pieces by the HF `tokenizers` package, whose offsets map
every piece back to the original characters. Long texts are read in overlapping windows;
each piece's tags come from the window in which it sits furthest from an edge, so no
piece is judged without context on both sides (but at the text's own ends).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .nlp import ModelNotFound
from .sentences import doc_text

#: one role per word piece (PolNeAR is univocal), begin/inside so adjacent spans part
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CNT", "I-CNT")
#: the encoder's position limit is 512; 256 keeps attention cheap and context ample
WINDOW = 256
#: pieces of context each window shares with the next, on either side of its kept middle
MARGIN = 16
ENCODER_DIR = "encoder"
MODEL_FILE = "tagger.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "tagger.json"


class EncoderUnavailable(ModelNotFound):
    """The accurate mode cannot run: the message says what is missing and how to get it
    (a `ModelNotFound`, so every interface reports it as one line, like a missing model)."""


@dataclass
class Pieces:
    """Word pieces of one text: ids and the character range of each in the original."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def split_pieces(tokenizer, text: str) -> Pieces:
    """The text as word pieces (no special tokens), with exact character offsets.

    Pieces the tokenizer leaves without characters (none for BERT's WordPiece) are
    dropped, so every piece indexes the text."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    ids = np.asarray(enc.ids, dtype=np.int64)
    keep = offsets[:, 1] > offsets[:, 0]
    return Pieces(ids[keep], offsets[keep, 0], offsets[keep, 1])


def windows(n: int, size: int = WINDOW - 2, margin: int = MARGIN) -> list[tuple[int, int, int, int]]:
    """Windows over `n` pieces: (start, end, keep_start, keep_end) each, the kept parts
    tiling 0..n exactly once. A window holds `size` pieces (two more with [CLS]/[SEP])."""
    if n <= size:
        return [(0, n, 0, n)] if n else []
    stride = size - 2 * margin
    out = []
    start = 0
    while True:
        end = min(start + size, n)
        keep_start = 0 if start == 0 else start + margin
        if end == n:
            out.append((start, end, keep_start, n))
            return out
        out.append((start, end, keep_start, end - margin))
        start += stride
        if start + size > n:  # the last window ends at the text's end, its kept part after the previous one's
            start = n - size
            out.append((start, n, out[-1][3], n))
            return out


def batch_inputs(pieces: Pieces, spans: list[tuple[int, int, int, int]], cls_id: int, sep_id: int,
                 pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Padded input ids and attention masks for the windows `spans`."""
    longest = max(e - s for s, e, _a, _b in spans) + 2
    ids = np.full((len(spans), longest), pad_id, dtype=np.int64)
    mask = np.zeros((len(spans), longest), dtype=np.int64)
    for row, (s, e, _a, _b) in enumerate(spans):
        ids[row, 0] = cls_id
        ids[row, 1:e - s + 1] = pieces.ids[s:e]
        ids[row, e - s + 1] = sep_id
        mask[row, :e - s + 2] = 1
    return ids, mask


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def default_model_dir() -> Path:
    return Path(str(resources.files("onrecord.resources").joinpath(ENCODER_DIR)))


class EncoderTagger:
    """Tag probabilities for every word piece of a text (`tag`), or for every token of a
    spaCy Doc (`token_probs`), from the shipped ONNX model or one in `model_dir`."""

    def __init__(self, model_dir: str | os.PathLike[str] | None = None, threads: int | None = None,
                 batch_size: int = 8) -> None:
        folder = Path(model_dir) if model_dir is not None else default_model_dir()
        model = folder / MODEL_FILE
        if not model.is_file():
            raise EncoderUnavailable(f"no encoder model at {model}: rebuild it with `onrecord train-encoder`")
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError:
            raise EncoderUnavailable(
                "the accurate mode needs onnxruntime and tokenizers: pip install 'onrecord[accurate]'") from None
        meta_path = folder / META_FILE
        self.meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        if tuple(self.meta.get("labels", LABELS)) != LABELS:
            raise EncoderUnavailable(f"{meta_path}: the model's labels are not {LABELS}")
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        vocab = self.tokenizer.get_vocab()
        self.cls_id, self.sep_id, self.pad_id = vocab["[CLS]"], vocab["[SEP]"], vocab.get("[PAD]", 0)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads if threads else int(os.environ.get("ONRECORD_ENCODER_THREADS", "1"))
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.batch_size = batch_size

    def tag(self, text: str) -> tuple[Pieces, np.ndarray]:
        """The text's word pieces and, for each, its probability of every label in `LABELS`."""
        pieces = split_pieces(self.tokenizer, text)
        probs = np.zeros((len(pieces), len(LABELS)), dtype=np.float32)
        spans = windows(len(pieces))
        for b in range(0, len(spans), self.batch_size):
            chunk = spans[b:b + self.batch_size]
            ids, mask = batch_inputs(pieces, chunk, self.cls_id, self.sep_id, self.pad_id)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.input_names:
                feed["token_type_ids"] = np.zeros_like(ids)
            logits = self.session.run(None, {k: v for k, v in feed.items() if k in self.input_names})[0]
            p = softmax(logits.astype(np.float32))
            for row, (s, _e, a, z) in enumerate(chunk):
                probs[a:z] = p[row, 1 + a - s:1 + z - s]
        return pieces, probs

    def token_probs(self, doc) -> np.ndarray:
        """One row of label probabilities per token of `doc` (a spaCy Doc, whose text
        the offsets index): a token takes its first piece's row; a token with no piece
        (whitespace) is outside every role."""
        pieces, probs = self.tag(doc_text(doc))
        return align_to_tokens(pieces, probs, [t.idx for t in doc], [t.idx + len(t) for t in doc])


def align_to_tokens(pieces: Pieces, probs: np.ndarray, tok_starts: list[int], tok_ends: list[int]) -> np.ndarray:
    """Rows of `probs` for tokens given by character ranges: each token gets the row of
    the first piece starting inside it (or, for a piece spanning several tokens, the
    piece that covers its start)."""
    out = np.zeros((len(tok_starts), len(LABELS)), dtype=np.float32)
    out[:, 0] = 1.0
    if not len(pieces):
        return out
    starts = np.asarray(tok_starts, dtype=np.int64)
    ends = np.asarray(tok_ends, dtype=np.int64)
    # the last piece that starts at or before each token's start …
    k = np.searchsorted(pieces.starts, starts, side="right") - 1
    k = np.clip(k, 0, len(pieces) - 1)
    covers = (pieces.starts[k] <= starts) & (pieces.ends[k] > starts)
    # … or else the first piece starting inside the token
    k2 = np.clip(np.searchsorted(pieces.starts, starts, side="left"), 0, len(pieces) - 1)
    inside = (pieces.starts[k2] >= starts) & (pieces.starts[k2] < ends)
    pick = np.where(covers, k, k2)
    ok = covers | inside
    out[ok] = probs[pick[ok]]
    return out


@lru_cache(maxsize=4)
def shared_tagger(model_dir: str | None = None, threads: int | None = None) -> EncoderTagger:
    """One tagger per process and model folder: the ONNX session is loaded once."""
    return EncoderTagger(model_dir, threads=threads)
