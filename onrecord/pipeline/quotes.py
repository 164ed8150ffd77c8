"""Find quotations by pairing quotation marks, whatever style the page mixes.

News text mixes straight and curly marks (a straight opening closed by a curly one is
common in scraped copy), uses single marks inside double ones, `` '' `` in older wire
copy, « » in translated copy, and runs a quote over several paragraphs by repeating the
opening mark at each paragraph start with no closing mark until the end. Apostrophes
(don't, Ashton's, '70s, users') look like single marks. A tokenizer-level approach
mis-pairs all of these, so the pairing works on characters, with the context of each
mark deciding whether it can open or close, and a stack deciding nesting.

The output is a flat list of `Quote`s (outer ones first), with character offsets into
the text as given, each knowing its parent quote for nesting.
"""
from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = {"\u201c": "double", "\u201e": "double", "\u00ab": "guillemet", "\u201f": "double"}
DOUBLE_CLOSE = {"\u201d": "double", "\u00bb": "guillemet"}
SINGLE_OPEN = {"\u2018": "single", "\u201a": "single", "\u2039": "single"}
SINGLE_CLOSE = {"\u2019": "single", "\u203a": "single"}
OPENERS_BEFORE = set(" \t\n\r([{\u2014\u2013-/\u00a0") | {""}
MAX_QUOTE_CHARS = 5000
SCARE_MARKERS = ("so-called", "so called", "self-styled", "self-described")


@dataclass
class Quote:
    """A quotation: `start`/`end` include the marks, `inner_*` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    mark: str  # "double" or "single"
    depth: int = 0
    parent: int | None = None
    closed: bool = True
    #: a scare quote flagged by the text itself ("the so-called 'reform'"): nobody's words
    scare: bool = False

    @property
    def length(self) -> int:
        return self.inner_end - self.inner_start


@dataclass
class _Mark:
    pos: int
    width: int
    family: str  # double / single
    can_open: bool
    can_close: bool


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, i: int) -> _Mark | None:
    """Decide what the character(s) at i can be: an opening mark, a closing mark, both, or none."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch == "`" and nxt == "`":
        return _Mark(i, 2, "double", True, False)
    if ch == "'" and nxt == "'":
        # two straight singles stand for a double mark (`` … '' or '' … '' in wire copy)
        after = text[i + 2] if i + 2 < len(text) else ""
        if prev in OPENERS_BEFORE and after and not after.isspace():
            return _Mark(i, 2, "double", True, False)
        if prev and not prev.isspace():
            return _Mark(i, 2, "double", False, True)
    if ch in DOUBLE_OPEN:
        return _Mark(i, 1, "double", True, False)
    if ch in DOUBLE_CLOSE:
        # a "closing" curly mark after a space and before a word is a mistyped opening one
        if (prev == "" or prev.isspace()) and _is_word(nxt or " "):
            return _Mark(i, 1, "double", True, False)
        return _Mark(i, 1, "double", False, True)
    if ch == '"':
        before_ok = prev in OPENERS_BEFORE or prev in "\"'\u201c\u2018:"
        after_ok = nxt not in ("", " ", "\n", "\r", "\t")
        can_open = before_ok and after_ok
        can_close = not (prev == "" or prev.isspace()) or nxt in ("", "\n", "\r")
        if not can_open and not can_close:
            can_open = can_close = True
        return _Mark(i, 1, "double", can_open, can_close)
    if ch in SINGLE_OPEN:
        if _is_word(prev):  # a mistyped apostrophe inside a word
            return None
        return _Mark(i, 1, "single", True, False)
    if ch in SINGLE_CLOSE or ch == "'":
        if _is_word(prev) and _is_word(nxt):
            return None  # don't, Ashton's
        if nxt.isdigit() and (prev == "" or prev.isspace()):
            # '70s, '90s: an elided century, not a quote — unless a 4-digit number follows
            j = i + 1
            while j < len(text) and text[j].isdigit():
                j += 1
            if j - i - 1 == 2:
                return None
        if ch == "\u2019" or ch == "'":
            can_open = (prev in OPENERS_BEFORE or prev in "\"\u201c") and _is_word(nxt or " ")
            can_close = bool(prev) and not prev.isspace() and not _is_word(nxt or "x")
            if ch == "\u2019" and not can_close and not can_open:
                return None
            if not can_open and not can_close:
                return None
            return _Mark(i, 1, "single", can_open, can_close)
    return None


def _marks(text: str) -> list[_Mark]:
    out: list[_Mark] = []
    i, n = 0, len(text)
    quote_chars = set("\"'`") | set(DOUBLE_OPEN) | set(DOUBLE_CLOSE) | set(SINGLE_OPEN) | set(SINGLE_CLOSE)
    while i < n:
        if text[i] in quote_chars:
            m = _classify(text, i)
            if m is not None:
                out.append(m)
                i += m.width
                continue
        i += 1
    return out


def _paragraph_ends(text: str) -> list[int]:
    ends = [i for i, ch in enumerate(text) if ch == "\n"]
    ends.append(len(text))
    return ends


def find_quotes(text: str) -> list[Quote]:
    """Pair the quotation marks in `text` into quotes, outermost first by start offset."""
    marks = _marks(text)
    quotes: list[Quote] = []
    stack: list[tuple[_Mark, int]] = []  # (opening mark, paragraph index)
    para_ends = _paragraph_ends(text)
    para_idx = 0

    def para_of(pos: int) -> int:
        nonlocal para_idx
        while para_idx < len(para_ends) - 1 and pos > para_ends[para_idx]:
            para_idx += 1
        return para_idx

    def close(open_mark: _Mark, close_pos: int, close_width: int, closed: bool) -> None:
        quotes.append(
            Quote(
                start=open_mark.pos,
                end=close_pos + close_width,
                inner_start=open_mark.pos + open_mark.width,
                inner_end=close_pos,
                mark=open_mark.family,
                closed=closed,
            )
        )

    def flush_paragraph(p: int, next_mark: _Mark | None) -> None:
        """At a paragraph break: unclosed quotes end at the paragraph end, unless the next
        paragraph opens with the same mark (the multi-paragraph convention)."""
        while stack and stack[-1][1] < p:
            om, op = stack[-1]
            end_of_par = para_ends[op]
            continues = (
                next_mark is not None
                and om.family == "double"
                and len(stack) == 1
                and next_mark.can_open
                and next_mark.family == "double"
                and text[end_of_par:next_mark.pos].strip() == ""
            )
            if continues:
                # keep the quote open; it now belongs to the new paragraph
                stack[-1] = (om, p)
                return
            stack.pop()
            if om.family == "double":
                # a paragraph-long quote without its closing mark
                close_at = end_of_par
                while close_at > om.pos + 1 and text[close_at - 1].isspace():
                    close_at -= 1
                if close_at - om.pos > 2:
                    close(om, close_at, 0, closed=False)

    k = 0
    while k < len(marks):
        m = marks[k]
        p = para_of(m.pos)
        if stack and stack[-1][1] < p:
            flush_paragraph(p, m)
            continuing = (len(stack) == 1 and stack[-1][0].family == "double" and stack[-1][1] == p
                          and m.can_open and m.family == "double" and stack[-1][0] is not m)
            if continuing and text[para_ends[p - 1] if p > 0 else 0:m.pos].strip() == "":
                k += 1  # the repeated opening mark of a continuing quote: skip it
                continue
        # closing: the nearest open mark of the same family
        top_same = next((j for j in range(len(stack) - 1, -1, -1) if stack[j][0].family == m.family), None)
        if m.can_close and top_same is not None and (not m.can_open or top_same == len(stack) - 1 or m.family == "single"):
            if m.pos - stack[top_same][0].pos > MAX_QUOTE_CHARS and m.can_open:
                stack.append((m, p))
                k += 1
                continue
            # anything opened after it (inside) and still open is abandoned
            om, _ = stack[top_same]
            del stack[top_same:]
            close(om, m.pos, m.width, closed=True)
        elif m.can_open:
            stack.append((m, p))
        k += 1
    # end of text: close remaining double quotes at their paragraph end
    flush_paragraph(len(para_ends) + 1, None)

    # single-mark "quotes" that are really a stray apostrophe pairing over a long stretch
    quotes = [q for q in quotes if q.inner_end > q.inner_start and not (q.mark == "single" and q.length > 600)]
    quotes.sort(key=lambda q: (q.start, -q.end))
    _nest(quotes)
    for q in quotes:
        before = text[max(0, q.start - 12):q.start].lower().rstrip()
        if before.endswith(SCARE_MARKERS) and len(text[q.inner_start:q.inner_end].split()) <= 4:
            q.scare = True
    return quotes


def _nest(quotes: list[Quote]) -> None:
    """Set depth and parent from containment (quotes sorted by start, longer first)."""
    open_stack: list[int] = []
    for idx, q in enumerate(quotes):
        while open_stack and quotes[open_stack[-1]].end <= q.start:
            open_stack.pop()
        if open_stack and quotes[open_stack[-1]].end >= q.end:
            q.parent = open_stack[-1]
            q.depth = quotes[open_stack[-1]].depth + 1
        open_stack.append(idx)
