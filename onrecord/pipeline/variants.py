"""Alternative content boundaries for one attribution, for the attribution model to choose.

Where a content ends is the hardest call in attribution, and PolNeAR's annotators make
it by habit rather than by rule: "criticized the Act as a 'crazy system' during a stop
in Flint" keeps the quote and drops the trip, while "is reduced to 'taunts and insults'
because he cannot defend his record" keeps the reason. Rules tuned on one habit lose the
other, so the attributor proposes the parse-based content plus a few cuts and extensions
of it, each described by what it cut, and the learned attribution model picks the one
it believes (see `Attributor.select`).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..model import Fragment
from .encoder_features import content_span
from .sentences import doc_text, sent_range

#: dependents whose subtree may close a content and be cut off as a trailing adjunct
TAIL_DEPS = {"prep", "advcl", "conj", "npadvmod", "advmod", "relcl", "acl", "appos", "agent", "dative",
             "pcomp", "xcomp", "ccomp", "dobj", "cc", "oprd", "attr"}
#: dependents whose subtree may open a content and be cut off as a leading adjunct
LEAD_DEPS = {"npadvmod", "advmod", "prep", "advcl", "dobj", "dative", "nsubj", "mark", "intj"}
#: prepositions that carry the said thing after an object: "accused X of Y", "likened X to Y"
FRAME_PREPS = {"of", "to", "as", "about", "on", "for", "over", "with", "against"}
MAX_TAIL_CUTS = 4
#: marks that open a quotation, for telling a quoted fragment from reported words
OPENING_MARKS = ('"', "\u201c", "\u201d", "''", "``", "\u2018", "'")


def _trimmed(doc: Doc, lo: int, hi: int) -> Fragment | None:
    """Character range of tokens [lo, hi) without edge punctuation and spaces."""
    while lo < hi and (doc[lo].is_punct and doc[lo].text not in ('"', "\u201c", "'", "\u2018", "``")
                       or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_space or doc[hi - 1].text in (",", ";", ":", "-", "--", "\u2014", "\u2013", "(")):
        hi -= 1
    if hi <= lo or not any(t.is_alpha or t.like_num for t in doc[lo:hi]):
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def word_class(tok: Token) -> str:
    """A cut's first word as the model sees it: function words as themselves (",", "during",
    "and", "which"), content words by their tag, so that rare words do not become features."""
    if tok.is_punct or tok.pos_ in ("ADP", "SCONJ", "CCONJ", "PART", "DET", "PRON", "AUX"):
        return tok.lower_
    return tok.tag_


def _root(span: Span) -> Token:
    """The span token whose head lies outside it (the leftmost such)."""
    for t in span:
        if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i:
            return t
    return span[0]


def content_variants(cue: Token, content: list[Fragment], quote_ends: list[int]) -> list[tuple[str, list[Fragment], str]]:  # noqa: C901
    """(name, fragments, first word cut or added) for each alternative to `content`.

    Only single-fragment contents get alternatives: split quotes are decided by their
    marks. `quote_ends` are the end offsets of the quotations inside the content.
    """
    if len(content) != 1:
        return []
    doc = cue.doc
    s, e = content[0]
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or len(span) < 2:
        return []
    out: list[tuple[str, list[Fragment], str]] = []
    text = doc_text(doc)

    def words(a: int, b: int) -> tuple[int, int]:  # alphanumeric extent: marks and spaces never count
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not text[b - 1].isalnum():
            b -= 1
        return a, b

    seen = {words(s, e)}

    def add(name: str, frag: Fragment | None, word: str) -> None:
        if frag is None or frag[1] - frag[0] <= 2 or words(*frag) in seen:
            return
        seen.add(words(*frag))
        out.append((name, [frag], word.lower()))

    # trailing adjuncts: every dependent whose subtree closes the span
    cuts = [t for t in span if t.i > span.start and t.right_edge.i >= span.end - 1 and t.dep_ in TAIL_DEPS
            and t.left_edge.i > span.start]
    cuts.sort(key=lambda t: -t.left_edge.i)
    for t in cuts[:MAX_TAIL_CUTS]:
        lo = t.left_edge.i
        word = word_class(doc[lo])
        if doc[lo].is_punct and lo + 1 < len(doc):
            word += word_class(doc[lo + 1])
        add(f"cut:{t.dep_}", _trimmed(doc, span.start, lo), word)
    # leading adjuncts: "this weekend he would consider it…", "In the end, …"
    heads = [t for t in span if t.left_edge.i == span.start and t.right_edge.i < span.end - 2
             and t.dep_ in LEAD_DEPS and t.head.i < span.end and t.head.i > t.right_edge.i]
    for t in heads[:2]:
        add(f"lead:{t.dep_}", _trimmed(doc, t.right_edge.i + 1, span.end), word_class(doc[span.start]))
    # a quotation's end inside the content: "…'crazy system' during a stop in Flint"
    for q_end in quote_ends:
        if s < q_end < e:
            rest = doc_text(doc)[q_end:e]
            after = doc.char_span(q_end, e, alignment_mode="contract")
            if any(ch.isalnum() for ch in rest) and after is not None and len(after):
                add("cut:quote", (s, q_end), word_class(after[0]))
    # the said thing after an object: "accused the leader of 'recklessness'"
    root = _root(span)
    if root.i != cue.i:
        for ch in root.rights:
            if ch.dep_ == "prep" and ch.lower_ in FRAME_PREPS and ch.i < span.end:
                add("frame:prep", _trimmed(doc, ch.i, min(ch.right_edge.i + 1, span.end)), ch.lower_)
                objs = [g for g in ch.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    add("frame:pobj", _trimmed(doc, objs[0].left_edge.i, min(objs[0].right_edge.i + 1, span.end)), ch.lower_)
                break
    # to the end of the sentence, for a content right of its cue
    if s > cue.idx:
        _lo, hi = sent_range(doc, span.end - 1)
        # never over the cue's own words ("called the plan 'a disaster' on Friday")
        if hi > span.end and not any(t.head.i == cue.i or t.i == cue.i for t in doc[span.end:hi]):
            add("extend:sent", _trimmed(doc, span.start, hi), word_class(doc[span.end]))
    # the accurate mode: where the encoder reads the content as starting and ending
    enc = content_span(cue, span.start, span.end)
    if enc is not None:
        grew = ("<" if enc[0] < span.start else ">" if enc[0] > span.start else "=") + \
               ("<" if enc[1] < span.end else ">" if enc[1] > span.end else "=")
        add("enc:span", _trimmed(doc, *enc), grew)
    return out


def fragment_variants(cue: Token, content: list[Fragment]) -> list[tuple[str, list[Fragment], str]]:
    """(name, fragments, how they were joined) for each way to part a content of several
    fragments: the first alone, the rest without it, and, of three or more, the first two.

    The attributor joins a quotation and its resumption ("…," she said. "…"), the
    all-quote paragraphs after it, and reported words fronted before an interrupting
    cue ("During his years in office, Mr. Obama said, a majority…"). PolNeAR's annotators
    join most of these and part some ("…," Trump said, adding later, "…"; a second
    quote after "X said." left out), so the attribution model chooses, as it does between
    a content's cuts. The join word says what lay between the first two fragments (the
    cue, a paragraph break, or other words) and whether each was a quotation.
    """
    if len(content) < 2:
        return []
    text = doc_text(cue.doc)
    (s0, e0), (s1, _e1) = content[0], content[1]
    gap = text[e0:s1]
    where = "para" if "\n" in gap else "cue" if e0 <= cue.idx < s1 else "other"

    def quoted(frag: Fragment) -> str:
        return "q" if text[frag[0]:frag[1]].lstrip().startswith(OPENING_MARKS) else "t"

    join = f"{where}|{quoted(content[0])}{quoted(content[1])}"
    out = [("frag:first", content[:1], join), ("frag:rest", content[1:], join)]
    if len(content) >= 3:
        out.append(("frag:two", content[:2], join))
    return out
