"""What the encoder's tags tell the cue and attribution models, as sparse features.

The encoder (`encoder.py`) gives each token a probability of being in a source, a cue
or a content (`doc._.onrecord_encoder`, one row of `encoder.LABELS` per token). The
linear models of the accurate pair weigh them bucketed, so a weight can say "a token the
encoder is sure of" and "a token it half believes" differently; the buckets are also what
the models see of tags on documents the encoder never read (cross-fitting in
`onrecord train --encoder-folds`). Without the extension set, no feature is added and
the models are the default pair's.
"""
from __future__ import annotations

import bisect

import numpy as np
from spacy.tokens import Doc, Token

from ..model import Attribution

EDGES = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.85, 0.95)
SRC, CUE, CNT = 0, 1, 2


def _b(p: float) -> int:
    return bisect.bisect_right(EDGES, p)


def roles(doc: Doc) -> np.ndarray | None:
    """Per token: P(source), P(cue), P(content), or None without the encoder's tags."""
    cached = doc.user_data.get("onrecord_encoder_roles")
    if cached is not None:
        return cached
    rows = doc._.onrecord_encoder if Doc.has_extension("onrecord_encoder") else None
    if rows is None or len(rows) != len(doc):
        return None
    r = np.stack([rows[:, 1] + rows[:, 2], rows[:, 3] + rows[:, 4], rows[:, 5] + rows[:, 6], rows[:, 5]], axis=1)
    doc.user_data["onrecord_encoder_roles"] = r
    return r


def _starts(doc: Doc) -> np.ndarray:
    cached = doc.user_data.get("onrecord_token_starts")
    if cached is None:
        cached = doc.user_data["onrecord_token_starts"] = np.fromiter((t.idx for t in doc), dtype=np.int64,
                                                                       count=len(doc))
    return cached


def _tokens(doc: Doc, frags) -> np.ndarray:
    """Indices of the non-space tokens starting inside the character ranges `frags`."""
    starts = _starts(doc)
    out = [np.arange(np.searchsorted(starts, s), np.searchsorted(starts, e)) for s, e in frags]
    idx = np.concatenate(out) if out else np.zeros(0, dtype=np.int64)
    return np.array([i for i in idx if not doc[int(i)].is_space], dtype=np.int64)


def _neighbour(doc: Doc, i: int, step: int) -> int | None:
    """The nearest non-space token from `i` in direction `step`, or None."""
    j = i + step
    while 0 <= j < len(doc) and doc[j].is_space:
        j += step
    return j if 0 <= j < len(doc) else None


def cue_features(tok: Token) -> list[str]:
    """The encoder's view of one candidate cue token and its surroundings."""
    r = roles(tok.doc)
    if r is None:
        return []
    doc, i = tok.doc, tok.i
    lo, hi = max(0, i - 5), min(len(doc), i + 6)
    near = max(r[max(0, i - 1), CUE], r[min(len(doc) - 1, i + 1), CUE])
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    src = r[subj.i, SRC] if subj is not None else float(r[max(0, i - 8):min(len(doc), i + 9), SRC].max())
    cue = _b(float(r[i, CUE]))
    return [f"enc_cue={cue}", f"enc_cue+pos={cue}|{tok.pos_}", f"enc_bcue={_b(float(doc._.onrecord_encoder[i, 3]))}",
            f"enc_cue_nb={_b(float(near))}", f"enc_src={'subj' if subj is not None else 'near'}|{_b(float(src))}",
            f"enc_after={_b(float(r[i + 1:hi, CNT].mean()) if hi > i + 1 else 0.0)}",
            f"enc_before={_b(float(r[lo:i, CNT].mean()) if i > lo else 0.0)}"]


def attribution_features(doc: Doc, attr: Attribution, cue: Token, kind: str) -> list[str]:
    """The encoder's view of a whole candidate: is its content what the encoder reads as
    content, edge to edge, and its source what it reads as a source?"""
    r = roles(doc)
    if r is None:
        return []
    cnt = _tokens(doc, attr.content)
    if not len(cnt):
        return ["enc_cnt=none"]
    p = r[cnt, CNT]
    mean, frac = _b(float(p.mean())), _b(float((p > 0.5).mean()))
    first, last = int(cnt.min()), int(cnt.max())
    before, after = _neighbour(doc, first, -1), _neighbour(doc, last, 1)
    # the encoder's verdict just outside each edge: high means the content should go on
    out_before = _b(float(r[before, CNT])) if before is not None else "edge"
    out_after = _b(float(r[after, CNT])) if after is not None else "edge"
    feats = [f"enc_cnt_mean={mean}", f"enc_cnt_frac={frac}", f"enc_cnt_mean+kind={mean}|{kind}",
             f"enc_cnt_first={_b(float(r[first, CNT]))}", f"enc_cnt_bfirst={_b(float(r[first, 3]))}",
             f"enc_cnt_last={_b(float(r[last, CNT]))}", f"enc_cnt_out_before={out_before}",
             f"enc_cnt_out_after={out_after}", f"enc_cnt_min={_b(float(p.min()))}",
             f"enc_cue_tok={_b(float(r[cue.i, CUE]))}"]
    src = _tokens(doc, attr.source)
    if len(src):
        feats.append(f"enc_src_mean={_b(float(r[src, SRC].mean()))}")
    else:
        s = doc[cue.i].sent
        feats.append(f"enc_src_none={_b(float(r[s.start:s.end, SRC].max()))}")
    return feats


def content_span(cue: Token, lo: int, hi: int, max_grow: int = 120) -> tuple[int, int] | None:
    """The encoder's own content around the parse's tokens [lo, hi): from the first to the
    last token inside that it reads as content, widened over neighbours it reads as
    content too, never over the cue, a paragraph break or into a content that begins anew. None
    without tags or when it reads none of [lo, hi) as content. Tokens [start, end)."""
    doc = cue.doc
    r = roles(doc)
    if r is None:
        return None
    rows = doc._.onrecord_encoder
    inside = [i for i in range(lo, hi) if r[i, CNT] >= 0.5 and not doc[i].is_space]
    if not inside:
        return None
    start, end = inside[0], inside[-1] + 1
    grown = 0

    def paragraph_break(i: int) -> bool:  # growth stops there: a content is one paragraph's
        return doc[i].is_space and "\n" in doc[i].text

    while start > 0 and grown < max_grow and start - 1 != cue.i and rows[start, 5] < 0.5 \
            and not paragraph_break(start - 1) \
            and (doc[start - 1].is_space or r[start - 1, CNT] >= 0.5):
        start -= 1
        grown += 1
    while end < len(doc) and grown < max_grow * 2 and end != cue.i and rows[end, 5] < 0.5 \
            and not paragraph_break(end) \
            and (doc[end].is_space or r[end, CNT] >= 0.5):
        end += 1
        grown += 1
    return start, end


def source_span(cue: Token, content: list) -> tuple[int, int] | None:
    """The encoder's source for `cue`: of the runs of tokens in the cue's sentence that it
    reads as a source (outside the content), the one nearest the cue. Tokens [start, end),
    or None without tags or without such a run."""
    doc = cue.doc
    r = roles(doc)
    if r is None:
        return None
    sent = cue.sent
    taken = set(_tokens(doc, content).tolist()) | {cue.i}
    runs: list[tuple[int, int]] = []
    start = None
    for i in range(sent.start, sent.end):
        is_src = r[i, SRC] >= 0.5 and i not in taken and not doc[i].is_space
        if is_src and start is None:
            start = i
        elif not is_src and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, sent.end))
    if not runs:
        return None
    return min(runs, key=lambda ab: min(abs(ab[0] - cue.i), abs(ab[1] - 1 - cue.i)))
