"""Which tokens are attribution cues ("said", "according to", "told", "believes", ":")?

A list of speech verbs misses most of what news attributes: PolNeAR marks "show",
"seemed", "called for", "declined" and hundreds more, and whether "said" is a cue
depends on its syntax ("said" in "the said document" is not). So cues are decided by a
small linear model over features of the dependency parse, trained on PolNeAR train
(`onrecord train`) and shipped as a JSON file of weights: no pickles, no run-time
downloads, and scoring is a dictionary lookup per feature, cheap next to the parser.

The model may also weigh the token's vector from the spaCy pipeline's own `tok2vec`
(`doc.tensor`, already computed for the tagger and parser, so it costs one dot product):
the context of a word tells "said" in reported speech from "said" in "the said document"
better than any hand-made feature. Those weights fit only the pipeline they were trained
with (named in `meta["tensor"]`): the `onrecord_attributions` factory gives any other
pipeline the shipped sparse pair instead (`cue_model.sparse.json`). Where a dense model
meets a Doc without fitting vectors anyway, the vector's term is its mean over training.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

#: parts of speech a cue's head can have ("according" is VERB, ":" is PUNCT)
CANDIDATE_POS = {"VERB", "AUX", "NOUN", "ADP", "PUNCT", "ADJ", "PROPN", "SCONJ"}
COMPLEMENT_DEPS = {"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "pcomp"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
DEFAULT_MODEL = "cue_model.json"
ATTRIBUTION_MODEL = "attribution_model.json"
#: the pair trained without token vectors, for pipelines other than the one the shipped pair fits
SPARSE_CUE_MODEL = "cue_model.sparse.json"
SPARSE_ATTRIBUTION_MODEL = "attribution_model.sparse.json"
#: the accurate mode's pair, trained on the encoder's tags as well (`encoder_features.py`)
ACCURATE_CUE_MODEL = "cue_model.accurate.json"
ACCURATE_ATTRIBUTION_MODEL = "attribution_model.accurate.json"


def doc_vectors(doc: Doc, width: int | None = None) -> np.ndarray | None:
    """`doc.tensor` when it holds one vector per token (of `width` numbers, if given), else None."""
    t = doc.tensor
    if getattr(t, "ndim", 0) != 2 or t.shape[0] != len(doc) or not len(doc) or (width is not None and t.shape[1] != width):
        return None
    return t


def is_candidate(tok: Token) -> bool:
    """Cheap filter: tokens that can head a cue at all."""
    if tok.pos_ == "PUNCT":
        return tok.text == ":"
    return tok.pos_ in CANDIDATE_POS and tok.is_alpha


def cue_features(tok: Token, in_quote: bool, quote_before: bool, quote_after: bool) -> list[str]:
    """Sparse string features for one candidate token."""
    lemma = tok.lemma_.lower()
    lower = tok.lower_
    child_deps = sorted({c.dep_ for c in tok.children})
    has_comp = any(d in COMPLEMENT_DEPS for d in child_deps)
    has_subj = any(d in SUBJECT_DEPS for d in child_deps)
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    head = tok.head
    f = [
        "bias",
        f"w={lower}",
        f"l={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"l+dep={lemma}|{tok.dep_}",
        f"l+tag={lemma}|{tok.tag_}",
        f"hl={head.lemma_.lower()}",
        f"hpos={head.pos_}",
        f"l+hl={lemma}|{head.lemma_.lower()}",
        f"prev={tok.nbor(-1).lower_ if tok.i > 0 else '<s>'}",
        f"next={tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else '</s>'}",
        f"l+next={lemma}|{tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else '</s>'}",
        f"comp={has_comp}",
        f"subj={has_subj}",
        f"l+comp={lemma}|{has_comp}",
        f"l+subj={lemma}|{has_subj}",
        f"inq={in_quote}",
        f"qb={quote_before}",
        f"qa={quote_after}",
        f"l+qa={lemma}|{quote_after}",
        f"l+qb={lemma}|{quote_before}",
        f"sentstart={tok.is_sent_start}",
    ]
    for d in child_deps:
        f.append(f"cd={d}")
        f.append(f"l+cd={lemma}|{d}")
    if subj is not None:
        f.append(f"subjent={subj.ent_type_ or subj.pos_}")
        f.append(f"l+subjent={lemma}|{subj.ent_type_ or subj.pos_}")
        f.append(f"subjw={subj.lower_}" if subj.pos_ == "PRON" else f"subjl={subj.lemma_.lower()}")
    if lower == "according":
        f.append("according")
    return f


@dataclass
class CueModel:
    """A linear model: weights by feature, a bias folded in as the 'bias' feature."""

    weights: dict[str, float]
    threshold: float = 0.5
    #: a cue whose content is a quotation needs less evidence: quotes are what news attributes
    threshold_quoted: float = 0.5
    meta: dict = field(default_factory=dict)
    #: lemmas seen heading a cue in training; other non-verbs are not scored at all
    lemmas: frozenset[str] = frozenset()
    #: weights on the token's `doc.tensor` row (None: a sparse model only)
    dense: np.ndarray | None = None
    #: the mean training vector: its term stands in where the pipeline's vectors do not fit
    dense_mean: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.dense is not None:
            self.dense = np.asarray(self.dense, dtype=np.float32)
            mean = np.zeros_like(self.dense) if self.dense_mean is None else np.asarray(self.dense_mean, np.float32)
            self.dense_mean = mean
            self._dense_bias = float(mean @ self.dense)

    def tensor_fits(self, pipeline_meta: dict) -> bool:
        """Whether the dense weights were trained on this spaCy pipeline's vectors."""
        info = self.meta.get("tensor")
        if self.dense is None or not info:
            return False
        name = f"{pipeline_meta.get('lang', '')}_{pipeline_meta.get('name', '')}"
        return name in info.get("pipelines", ()) and pipeline_meta.get("version") == info.get("version")

    def vectors(self, doc: Doc) -> np.ndarray | None:
        """`doc.tensor` when it has one row per token of the width the model was trained on."""
        return None if self.dense is None else doc_vectors(doc, len(self.dense))

    def considers(self, tok: Token) -> bool:
        """Cheap gate before featurising: verbs always, other words only if known cues."""
        if not is_candidate(tok):
            return False
        return not self.lemmas or tok.pos_ in ("VERB", "AUX") or tok.text == ":" or tok.lemma_.lower() in self.lemmas

    def score(self, features: list[str], vector: np.ndarray | None = None) -> float:
        """P(cue) from the sparse features and, for a dense model, the token's vector
        (None: the mean vector's term)."""
        w = self.weights
        z = sum(w.get(f, 0.0) for f in features)
        if self.dense is not None:
            z += float(vector @ self.dense) if vector is not None else self._dense_bias
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self, path: str | Path) -> None:
        data = {"threshold": self.threshold, "threshold_quoted": self.threshold_quoted, "meta": self.meta,
                "lemmas": sorted(self.lemmas),
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-3}}
        if self.dense is not None:
            data["dense"] = [round(float(v), 5) for v in self.dense]
            data["dense_mean"] = [round(float(v), 5) for v in self.dense_mean]
        Path(path).write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def from_json(cls, path: str | Path | None = None, default: str = DEFAULT_MODEL) -> "CueModel":
        """Load weights from `path`, or the model shipped in the package."""
        if path is None:
            raw = resources.files("onrecord.resources").joinpath(default).read_text(encoding="utf-8")
        else:
            raw = Path(path).read_text(encoding="utf-8")
        data = json.loads(raw)
        return cls(weights=data["weights"], threshold=data.get("threshold", 0.5),
                   threshold_quoted=data.get("threshold_quoted", data.get("threshold", 0.5)), meta=data.get("meta", {}),
                   lemmas=frozenset(data.get("lemmas", ())), dense=data.get("dense"), dense_mean=data.get("dense_mean"))
