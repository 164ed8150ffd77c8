"""Quotation-mark pairing across the styles news copy mixes."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.pipeline.quotes import find_quotes


def spans(text):
    return [(text[q.start:q.end], q.depth) for q in find_quotes(text)]


def test_straight_double():
    t = 'He said "we will win" and left.'
    assert spans(t) == [('"we will win"', 0)]


def test_curly_double():
    t = "She said \u201cwe will win\u201d today."
    assert spans(t) == [("\u201cwe will win\u201d", 0)]


def test_straight_opening_closed_by_curly():
    t = '"I was scared for my life.\u201d she said.'
    assert spans(t) == [('"I was scared for my life.\u201d', 0)]


def test_backtick_and_two_singles():
    t = "He said ``we will win'' and ''so will they'' today."
    got = spans(t)
    assert ("``we will win''", 0) in got
    assert ("''so will they''", 0) in got


def test_guillemets():
    t = "Il a dit \u00abnous gagnerons\u00bb hier."
    assert spans(t) == [("\u00abnous gagnerons\u00bb", 0)]


def test_single_inside_double_and_apostrophes():
    t = "\"He was like 'Don't worry.' Then Danny says, 'Dude, I'll pay you,\u2019\u201d she added."
    got = spans(t)
    assert got[0][1] == 0 and got[0][0].endswith("\u201d")
    inner = [s for s, d in got if d == 1]
    assert inner == ["'Don't worry.'", "'Dude, I'll pay you,\u2019"]


def test_decade_apostrophe_is_not_a_quote():
    t = "their former 'That '70s Show' co-star"
    assert spans(t) == [("'That '70s Show'", 0)]


def test_possessive_and_contractions_are_not_quotes():
    t = "Ashton's friend didn't say the users' names."
    assert spans(t) == []


def test_nested_straight_in_curly():
    t = "\u201cThe host said \"you got arrested\" and he says \"Well I should have\"!\u201d one user wrote."
    got = spans(t)
    assert got[0][1] == 0
    assert [s for s, d in got if d == 1] == ['"you got arrested"', '"Well I should have"']


def test_multi_paragraph_quote():
    t = '"The first paragraph of the quote.\n"The second paragraph, closed at last," he said.'
    got = find_quotes(t)
    assert len(got) == 1
    assert t[got[0].start:got[0].end].endswith('last,"')


def test_unbalanced_quote_closes_at_paragraph_end():
    t = 'He said "this never closes\nNext paragraph is narration.'
    got = find_quotes(t)
    assert len(got) == 1 and not got[0].closed
    assert "\n" not in t[got[0].start:got[0].end]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab '\"\u201c\u201d\u2018\u2019`\n,.")), max_size=200))
def test_quotes_always_slice_the_text(text):
    for q in find_quotes(text):
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
        if q.parent is not None:
            assert q.depth >= 1
