"""Paragraphs a scraper repeated: find them, and mask them so the analysis skips them.

A *paragraph* is a run of text between line breaks (``\\n``, ``\\r\\n``, a lone ``\\r``, or
U+2028/U+2029), trimmed of surrounding whitespace; blank lines are no paragraphs. Two
paragraphs are compared on a normalised copy (Unicode NFKC, case-folded, curly and straight
quote marks made the same, invisible characters dropped, runs of whitespace made one space):

* an *exact* repeat has the same normalised text as an earlier paragraph (similarity 1.0);
* a *near-exact* repeat has ``difflib.SequenceMatcher(...).ratio() >= threshold`` with an
  earlier paragraph (see `similarity`). Only candidates that share a rare 5-word shingle with
  it, whose lengths and characters allow that ratio at all and which have most of their words
  in common with it are compared, at most `MAX_COMPARISONS` per paragraph, so long inputs
  with many paragraphs stay fast (10 MB, 40k paragraphs: a few seconds).

Each repeat points (`first`) to an *original*: a paragraph that is itself no repeat, so a
paragraph scraped three times gives two repeats of the first occurrence. Paragraphs shorter
than `min_chars` (normalised) — headings, "Advertisement" — are never reported.

All offsets index the text exactly as given; `mask_repeats` blanks the repeats out without
moving anything.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from onrecord.model import Fragment, RepeatedParagraph

#: shingle size, in words
SHINGLE_WORDS = 5
#: a shingle found in more original paragraphs than this is boilerplate, no evidence of a repeat
RARE_SHINGLE_MAX = 16
#: at most this many earlier paragraphs are compared with each paragraph (best candidates first)
MAX_COMPARISONS = 8
#: pairs of paragraphs up to this long (normalised) are compared character by character
#: throughout; longer ones are aligned word by word first (see `similarity`)
EXACT_RATIO_MAX_CHARS = 1000
#: a candidate is compared only if the Dice coefficient of the two paragraphs' words is at
#: least the threshold less this (near-duplicates at 0.9 keep ≥ 0.75 of their words in
#: common; unrelated paragraphs rarely 0.45)
WORD_OVERLAP_SLACK = 0.35

_LINE_BREAK_CHARS = "\r\n\u2028\u2029"
_PARAGRAPH = re.compile(f"[^{_LINE_BREAK_CHARS}]+")
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_TRIM = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + _INVISIBLE
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\S+\s*|\s+")
_MASK = re.compile(f"[^{_LINE_BREAK_CHARS}]")

_SUBSTITUTE = {
    **{q: "'" for q in "\u2018\u2019\u201a\u201b\u2032\u2039\u203a`\u00b4"},
    **{q: '"' for q in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{c: "" for c in _INVISIBLE},
}
# a regular expression, not str.translate: translate is slow on non-ASCII text, and these
# characters are rare
_SUBSTITUTED = re.compile("[" + re.escape("".join(_SUBSTITUTE)) + "]")
_COMMON: tuple[int, ...] = ()  # postings marker: the shingle is too common to be evidence


@dataclass
class Paragraph:
    """One paragraph: its trimmed span in the text and its normalised text."""

    start: int
    end: int
    norm: str

    @property
    def span(self) -> Fragment:
        return (self.start, self.end)


def normalise(s: str) -> str:
    """The text two paragraphs are compared on (see the module docstring)."""
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s)
    s = _SUBSTITUTED.sub(lambda m: _SUBSTITUTE[m.group()], s).casefold()
    return " ".join(s.split())


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph (line) of `text`, trimmed of surrounding whitespace."""
    out: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        line = m.group()
        stripped = line.strip(_TRIM)
        if stripped:
            start = m.start() + (len(line) - len(line.lstrip(_TRIM)))
            out.append((start, start + len(stripped)))
    return out


def split_paragraphs(text: str) -> list[Paragraph]:
    """The non-blank paragraphs of `text`, with spans trimmed of surrounding whitespace."""
    return [Paragraph(a, b, normalise(text[a:b])) for a, b in paragraph_spans(text)]


def _shingles(norm: str) -> set[int]:
    """Hashes of the paragraph's 5-word shingles (of all its words, if it has fewer)."""
    words = _WORD.findall(norm)
    if len(words) <= SHINGLE_WORDS:
        return {hash(tuple(words))} if words else set()
    return set(map(hash, zip(*(words[k:] for k in range(SHINGLE_WORDS)))))


def similarity(a: str, b: str) -> float:
    """How alike two normalised paragraphs are, from 0 to 1: `SequenceMatcher.ratio`.

    Character-level and without difflib's "autojunk" heuristic, which on texts of 200
    characters or more can call near-identical texts unrelated. That costs time quadratic in
    the length, so pairs longer than `EXACT_RATIO_MAX_CHARS` are first aligned word by word
    and only the stretches between aligned words are compared character by character.
    """
    if not a and not b:
        return 1.0
    if max(len(a), len(b)) <= EXACT_RATIO_MAX_CHARS:
        return SequenceMatcher(None, a, b, autojunk=False).ratio()
    return 2.0 * _anchored_matches(a, b) / (len(a) + len(b))


def _anchored_matches(a: str, b: str) -> int:
    """Characters of `a` and `b` that match, aligning words first, then characters between."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    matched = 0
    i0 = j0 = 0
    for i, j, n in SequenceMatcher(None, ta, tb, autojunk=False).get_matching_blocks():
        ga, gb = "".join(ta[i0:i]), "".join(tb[j0:j])
        if ga and gb:
            if len(ga) * len(gb) <= EXACT_RATIO_MAX_CHARS**2:
                blocks = SequenceMatcher(None, ga, gb, autojunk=False).get_matching_blocks()
                matched += sum(m[2] for m in blocks)
            # else: a long stretch that differs; count it as no match at all (conservative)
        matched += sum(map(len, ta[i : i + n]))
        i0, j0 = i + n, j + n
    return matched


def _dice(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two multisets."""
    total = a.total() + b.total()
    return 2.0 * (a & b).total() / total if total else 1.0


def _char_overlap(a: str, b: str) -> int:
    """Characters `a` and `b` have in common as multisets (bounds the matches from above)."""
    return sum((Counter(a) & Counter(b)).values())


def find_repeated_paragraphs(
    text: str, min_chars: int = 40, threshold: float = 0.9
) -> list[RepeatedParagraph]:
    """Paragraphs of `text` that repeat an earlier one exactly or nearly, in text order."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    paragraphs = split_paragraphs(text)
    near = threshold < 1.0
    # normalised text -> (index of the original paragraph, similarity to it)
    seen: dict[str, tuple[int, float]] = {}
    # shingle -> the original containing it (an int), or those containing it (a list), or
    # _COMMON once it is in too many to be evidence of a repeat
    postings: dict[int, int | list[int] | tuple[int, ...]] = {}
    repeats: list[RepeatedParagraph] = []

    for i, p in enumerate(paragraphs):
        if len(p.norm) < min_chars:
            continue
        hit = seen.get(p.norm)
        if hit is not None:
            j, sim = hit
            repeats.append(RepeatedParagraph(span=p.span, first=paragraphs[j].span, similarity=sim))
            continue
        shingles = _shingles(p.norm) if near else set()
        best = _best_near_match(p, shingles, paragraphs, postings, threshold) if near else None
        if best is not None:
            j, sim = best
            seen[p.norm] = best
            repeats.append(RepeatedParagraph(span=p.span, first=paragraphs[j].span, similarity=sim))
            continue
        # an original: index it
        seen[p.norm] = (i, 1.0)
        _index(postings, shingles, i)
    return repeats


def _index(postings: dict[int, int | list[int] | tuple[int, ...]], shingles: set[int], i: int) -> None:
    """Record that original paragraph `i` has these shingles."""
    new = shingles.difference(postings)  # set.difference(dict) runs in C over the set
    postings.update(dict.fromkeys(new, i))
    if len(new) == len(shingles):
        return
    for s in shingles - new:
        cur = postings[s]
        if cur is _COMMON:
            continue
        if isinstance(cur, int):
            postings[s] = [cur, i]
        elif len(cur) >= RARE_SHINGLE_MAX:
            postings[s] = _COMMON
        else:
            cur.append(i)


def _best_near_match(
    p: Paragraph,
    shingles: set[int],
    paragraphs: list[Paragraph],
    postings: dict[int, int | list[int] | tuple[int, ...]],
    threshold: float,
) -> tuple[int, float] | None:
    """An earlier original `p` repeats nearly, and the similarity, or None."""
    shared: dict[int, int] = {}
    for s in postings.keys() & shingles:  # a view & a set runs in C over the smaller
        cur = postings[s]
        for j in (cur,) if isinstance(cur, int) else cur:
            shared[j] = shared.get(j, 0) + 1
    if not shared:
        return None
    a = p.norm
    la = len(a)
    words_a: Counter[str] | None = None
    compared = 0
    # most shared shingles first, then the earliest; the first that is similar enough wins
    for j in sorted(shared, key=lambda j: (-shared[j], j)):
        b = paragraphs[j].norm
        lb = len(b)
        if 2.0 * min(la, lb) < threshold * (la + lb):  # the ratio can be no higher
            continue
        if words_a is None:
            words_a = Counter(_WORD.findall(a))
        if _dice(words_a, Counter(_WORD.findall(b))) < threshold - WORD_OVERLAP_SLACK:
            continue
        if 2.0 * _char_overlap(a, b) < threshold * (la + lb):  # the ratio can be no higher
            continue
        sim = similarity(a, b)
        if sim >= threshold:
            return j, sim
        compared += 1
        if compared >= MAX_COMPARISONS:
            break
    return None


def mask_repeats(text: str, repeats: Iterable[RepeatedParagraph | Fragment]) -> str:
    """`text` with every repeat's characters made spaces (line breaks kept): same length."""
    spans = sorted(r.span if isinstance(r, RepeatedParagraph) else tuple(r) for r in repeats)
    n = len(text)
    for a, b in spans:
        if not 0 <= a <= b <= n:
            raise ValueError(f"span {(a, b)} is outside a text of length {n}")
    parts: list[str] = []
    pos = 0
    for a, b in spans:
        a = max(a, pos)
        if a >= b:
            continue
        parts.append(text[pos:a])
        parts.append(_MASK.sub(" ", text[a:b]))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)
