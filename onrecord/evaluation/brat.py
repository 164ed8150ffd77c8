"""Read attribution annotations in brat standoff format (the PolNeAR corpus layout).

PolNeAR annotates each attribution as a brat *event*: text-bound ``T`` lines hold the
spans (possibly discontinuous, ``start end;start end``) and an ``E`` line ties them
together by role::

    T1	Source 89 106	The New York Post
    T3	Content 115 290	that Hillary Clinton's team ...
    E1	Attribution:T4 Content:T3 Cue:T2 Source:T1

This module turns those files into the plain attribution dicts the rest of the
evaluation code (and the project's JSONL contract) uses::

    {"content": [[a, b], ...], "source": [[a, b], ...], "cue": [[a, b], ...]}

It deliberately reproduces the reading rules of the project's reference scorer
(``../shared/eval/score_attributions.py``) so that scores computed in-process are
identical to the official ones: events without a ``Content`` argument are skipped,
roles absent from an event become ``[]``, and when several annotators annotated the
same document, the gold is the first annotator in sorted file-name order.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: The roles of an attribution, in the order the reference scorer reports them.
ROLES: tuple[str, ...] = ("source", "cue", "content")

#: A span: a list of ``[start, end)`` fragments (Python string indices into the text).
Span = list[list[int]]
#: An attribution: role name -> span (``[]`` when the role is absent).
Attribution = dict[str, Span]

__all__ = [
    "ROLES",
    "Attribution",
    "BratDocument",
    "Span",
    "corpus_texts",
    "gold_attributions",
    "group_by_document",
    "load_corpus",
    "parse_ann",
    "read_ann",
    "read_predictions",
    "split_dir",
]


@dataclass
class BratDocument:
    """One annotator's annotation of one document.

    A document annotated by several people appears once per annotator, so that
    inter-annotator comparisons stay possible; ``group_by_document`` and
    ``gold_attributions`` pick among them.
    """

    id: str
    text: str
    annotator: str
    attributions: list[Attribution] = field(default_factory=list)


# ------------------------------------------------------------------ brat parsing


def _parse_offsets(offsets: str) -> Span:
    """``"315 448;463 553"`` -> ``[[315, 448], [463, 553]]`` (brat discontinuous spans)."""
    frags: Span = []
    for frag in offsets.split(";"):
        start, end = frag.split()
        frags.append([int(start), int(end)])
    return frags


def parse_ann(content: str) -> list[Attribution]:
    """Parse the text of a brat ``.ann`` file into attribution dicts.

    Only ``T`` (text-bound) and ``E`` (event) lines matter; attributes, relations and
    notes are ignored. Each event argument ``Role:Tn`` is keyed by the lower-cased
    role, so the event's own ``Attribution:Tn`` trigger and any role outside
    ``ROLES`` are simply never looked at. Events with no ``Content`` argument (e.g.
    PolNeAR's ``Attribution-no-source``) are skipped: without content there is
    nothing to score. A role that names an unknown ``T`` id yields ``[]``.
    """
    spans: dict[str, Span] = {}
    events: list[dict[str, str]] = []
    # Split on line breaks only (as universal-newline file reading does), never with
    # str.splitlines(), which would also break inside annotated text at U+2028, \x85...
    for line in content.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if line.startswith("T"):
            _label, offsets = fields[1].split(" ", 1)
            spans[fields[0]] = _parse_offsets(offsets)
        elif line.startswith("E"):
            roles: dict[str, str] = {}
            for arg in fields[1].split():
                role, tid = arg.split(":")
                roles[role.lower()] = tid
            events.append(roles)
    return [
        {role: list(spans.get(roles[role], [])) if role in roles else [] for role in ROLES}
        for roles in events
        if "content" in roles
    ]


def read_ann(path: str | os.PathLike[str]) -> list[Attribution]:
    """Read one brat ``.ann`` file (UTF-8) into attribution dicts; see ``parse_ann``."""
    with open(path, encoding="utf-8") as fh:
        return parse_ann(fh.read())


def _read_text(path: Path) -> str:
    """Read a document text exactly as offsets are defined: UTF-8, no newline translation."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


# ------------------------------------------------------------------ corpus layout


def split_dir(root: str | os.PathLike[str], split: str) -> Path:
    """The folder holding ``text/`` and ``attributions/`` for one split.

    PolNeAR checkouts come either as ``root/<split>/...`` or as the upstream
    repository layout ``root/data/<split>/...``; like the reference scorer, a
    ``root/data`` folder wins when it exists.
    """
    root = Path(root)
    return root / "data" / split if (root / "data").is_dir() else root / split


def _find_text(text_dir: Path, doc_id: str) -> Path:
    """The text file of a document: ``<id>`` or ``<id>.txt``, as the scorer accepts."""
    for name in (doc_id, doc_id + ".txt"):
        candidate = text_dir / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no text for document {doc_id!r} in {text_dir}")


def load_corpus(root: str | os.PathLike[str], split: str) -> list[BratDocument]:
    """Load every annotation file of a PolNeAR split, one ``BratDocument`` each.

    Files are read in sorted file-name order, which is what makes "the first
    annotator" of a document well defined (and the same one the reference scorer
    uses as gold). The document id is the ``.ann`` stem minus its last
    ``_<annotator>`` part; the text is ``text/<id>.txt`` (or ``text/<id>``).
    """
    base = split_dir(root, split)
    ann_dir, text_dir = base / "attributions", base / "text"
    if not ann_dir.is_dir():
        raise FileNotFoundError(f"no attributions folder at {ann_dir}")
    texts: dict[str, str] = {}
    docs: list[BratDocument] = []
    for name in sorted(os.listdir(ann_dir)):
        if not name.endswith(".ann"):
            continue
        stem = name[: -len(".ann")]
        if "_" not in stem:
            raise ValueError(f"{ann_dir / name}: expected '<document id>_<annotator>.ann'")
        doc_id, annotator = stem.rsplit("_", 1)
        if doc_id not in texts:
            texts[doc_id] = _read_text(_find_text(text_dir, doc_id))
        docs.append(BratDocument(doc_id, texts[doc_id], annotator, read_ann(ann_dir / name)))
    return docs


def group_by_document(docs: Iterable[BratDocument]) -> dict[str, list[BratDocument]]:
    """Document id -> its annotations, keeping the input (sorted file-name) order."""
    grouped: dict[str, list[BratDocument]] = {}
    for doc in docs:
        grouped.setdefault(doc.id, []).append(doc)
    return grouped


def gold_attributions(docs: Iterable[BratDocument]) -> dict[str, list[Attribution]]:
    """Document id -> the first annotator's attributions: the gold standard.

    This is the reference scorer's rule when several people annotated a document;
    the other annotations stay available through ``group_by_document``.
    """
    return {doc_id: anns[0].attributions for doc_id, anns in group_by_document(docs).items()}


def corpus_texts(docs: Iterable[BratDocument]) -> dict[str, str]:
    """Document id -> text, as needed by ``metrics.score``."""
    return {doc.id: doc.text for doc in docs}


# ------------------------------------------------------------------ predictions


def read_predictions(path: str | os.PathLike[str]) -> dict[str, list[Attribution]]:
    """Read a prediction JSONL file (one ``{"id", "attributions"}`` object per line).

    Attributions with ``nested_in`` set (quotes nested in another attribution's
    content) are dropped because PolNeAR does not annotate them; scoring them would
    count as false positives. Blank lines are skipped; a later line for the same id
    replaces an earlier one, as in the reference scorer.
    """
    out: dict[str, list[Attribution]] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            if "id" not in obj:
                raise ValueError(f"{path}:{lineno}: a line has no 'id'")
            attributions = obj.get("attributions") or []
            out[str(obj["id"])] = [a for a in attributions if a.get("nested_in") is None]
    return out
