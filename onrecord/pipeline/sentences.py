"""Per-Doc lookups computed once: sentence bounds by token index, the text, the entities.

`Token.sent` and `Span.sent` walk the document's sentences on every call, which made
attribution quadratic in document length; the components look bounds up here instead.
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc

_KEY = "onrecord_sent_bounds"


def sentence_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """(start, end) token indices of the sentence of every token, cached on the Doc."""
    cached = doc.user_data.get(_KEY)
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    starts = [0] * len(doc)
    ends = [0] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            starts[i] = sent.start
            ends[i] = sent.end
    doc.user_data[_KEY] = (starts, ends)
    return starts, ends


def sent_range(doc: Doc, i: int) -> tuple[int, int]:
    starts, ends = sentence_bounds(doc)
    return starts[i], ends[i]


def doc_text(doc: Doc) -> str:
    """`doc.text`, cached: spaCy rebuilds the string from every token on each access."""
    cached = doc.user_data.get("onrecord_text")
    if cached is None:
        cached = doc.user_data["onrecord_text"] = doc.text
    return cached


def doc_ents(doc: Doc) -> tuple:
    """`doc.ents`, cached: spaCy rebuilds the tuple from every token on each access.
    Safe because onrecord's components run after the recogniser and never set entities."""
    cached = doc.user_data.get("onrecord_ents")
    if cached is None:
        cached = doc.user_data["onrecord_ents"] = tuple(doc.ents)
    return cached


def ents_within(doc: Doc, start: int, end: int) -> list:
    """Entities inside the token range [start, end) (`Span.ents` rescans the whole Doc)."""
    ents = doc_ents(doc)
    lo = bisect.bisect_left(ents, start, key=lambda e: e.start)
    out = []
    for e in ents[lo:]:
        if e.start >= end:
            break
        if e.end <= end:
            out.append(e)
    return out
