"""Repeated paragraphs: exact and near-exact repeats are found with spans into the original
text, short paragraphs and distinct ones are left alone, and masking keeps every offset."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.model import RepeatedParagraph
from onrecord.pipeline.repeats import (
    find_repeated_paragraphs,
    mask_repeats,
    normalise,
    similarity,
    split_paragraphs,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

P1 = (
    "The mayor said on Tuesday that the city would reopen the bridge by the end of the month, "
    "after engineers finished their inspection."
)
P2 = (
    "Residents of the east side have complained for years about the traffic that builds up "
    "whenever the crossing is closed for repairs."
)
P3 = (
    "A spokesperson for the transport department declined to comment on the cost of the work, "
    "citing an ongoing tender process."
)


def spans(text: str, **kw) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [(r.span, r.first) for r in find_repeated_paragraphs(text, **kw)]


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Span of the nth occurrence of `needle` in `text`."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return (i, i + len(needle))


# --- exact repeats ---------------------------------------------------------------------------


def test_exact_repeat():
    text = "\n".join([P1, P2, P3, P1])
    [r] = find_repeated_paragraphs(text)
    assert r == RepeatedParagraph(span=at(text, P1, 1), first=at(text, P1, 0), similarity=1.0)
    assert text[r.span[0] : r.span[1]] == P1 == text[r.first[0] : r.first[1]]


def test_repeated_block_of_paragraphs():
    text = "\n".join([P1, P2, P3, P1, P2])
    assert spans(text) == [(at(text, P1, 1), at(text, P1, 0)), (at(text, P2, 1), at(text, P2, 0))]


def test_every_repeat_points_to_the_first_occurrence():
    text = "\n\n".join([P1, P2, P1, P3, P1])
    assert spans(text) == [(at(text, P1, 1), at(text, P1, 0)), (at(text, P1, 2), at(text, P1, 0))]


def test_crlf_and_blank_lines():
    text = "\r\n".join([P1, "", P2, "   ", "", P1, P3]) + "\r\n"
    [(span, first)] = spans(text)
    assert text[span[0] : span[1]] == P1 and text[first[0] : first[1]] == P1
    assert span == at(text, P1, 1)


def test_lone_carriage_returns_separate_paragraphs():
    text = "\r".join([P1, P2, P1])
    assert spans(text) == [(at(text, P1, 1), at(text, P1, 0))]


def test_spans_are_trimmed_of_surrounding_whitespace():
    text = f"  {P1}  \n\t{P2}\n \u00a0{P1}\t \n"
    [(span, first)] = spans(text)
    assert span == at(text, P1, 1) and first == at(text, P1, 0)


@pytest.mark.parametrize(
    "variant",
    [
        P1.replace(" ", "  "),  # doubled spaces
        P1.replace(" the ", " \t the "),  # tabs
        P1.upper(),  # case
        P1.lower(),
    ],
)
def test_whitespace_and_case_variants_are_exact(variant):
    text = "\n".join([P1, P2, variant])
    assert find_repeated_paragraphs(text) == [
        RepeatedParagraph(span=at(text, variant), first=at(text, P1), similarity=1.0)
    ]


def test_quote_styles_are_exact():
    curly = "“We will not reopen it until it is safe,” the mayor’s spokesman said on Tuesday."
    straight = "\"We will not reopen it until it is safe,\" the mayor's spokesman said on Tuesday."
    text = "\n".join([curly, P2, straight])
    [r] = find_repeated_paragraphs(text)
    assert r.span == at(text, straight) and r.first == at(text, curly) and r.similarity == 1.0


def test_bom_does_not_hide_a_repeat_of_the_first_paragraph():
    text = "\ufeff" + "\n".join([P1, P2, P1])
    assert spans(text) == [(at(text, P1, 1), at(text, P1, 0))]


# --- near-exact repeats ----------------------------------------------------------------------


def test_near_exact_one_word_changed():
    changed = P1.replace("Tuesday", "Monday")
    text = "\n".join([P1, P2, P3, changed])
    [r] = find_repeated_paragraphs(text)
    assert r.span == at(text, changed) and r.first == at(text, P1)
    assert 0.9 <= r.similarity < 1.0
    assert r.similarity == pytest.approx(similarity(normalise(P1), normalise(changed)))


def test_near_exact_respects_the_threshold():
    changed = P1.replace("Tuesday", "Monday")
    text = "\n".join([P1, P2, changed])
    sim = find_repeated_paragraphs(text)[0].similarity
    assert find_repeated_paragraphs(text, threshold=min(1.0, sim + 0.01)) == []
    assert find_repeated_paragraphs(text, threshold=1.0) == []


def test_near_exact_with_punctuation_and_an_added_word():
    changed = P2.replace("years", "many years").replace(".", "!")
    text = "\n".join([P1, P2, P3, changed])
    assert spans(text) == [(at(text, changed), at(text, P2))]


def test_repeat_of_a_near_repeat_points_to_the_original():
    changed = P1.replace("Tuesday", "Monday")
    text = "\n".join([P1, P2, changed, P3, changed])
    out = find_repeated_paragraphs(text)
    assert [(r.span, r.first) for r in out] == [
        (at(text, changed, 0), at(text, P1)),
        (at(text, changed, 1), at(text, P1)),
    ]
    assert out[0].similarity == out[1].similarity < 1.0


def test_long_paragraphs_near_repeat():
    long = " ".join([P1, P2, P3] * 6)  # well over 1000 characters: aligned word by word first
    changed = long.replace("engineers", "inspectors", 1)
    text = "\n".join([long, P1, changed])
    [r] = find_repeated_paragraphs(text)
    assert r.span == at(text, changed) and r.first == (0, len(long))
    assert r.similarity > 0.99


# --- what is not a repeat --------------------------------------------------------------------


def test_short_paragraphs_are_never_reported():
    text = "\n".join(["Advertisement", P1, "Advertisement", P2, "Advertisement", "Related stories", "Related stories"])
    assert find_repeated_paragraphs(text) == []


def test_min_chars_is_configurable():
    text = "\n".join(["Advertisement", P1, "Advertisement"])
    assert spans(text, min_chars=5) == [(at(text, "Advertisement", 1), at(text, "Advertisement", 0))]
    assert spans("\n".join([P1, P2, P1]), min_chars=len(P1) + 1) == []


def test_distinct_paragraphs_are_not_repeats():
    shared_phrase = "according to a statement released by the office of the governor"
    paras = [
        f"The new budget will raise spending on schools, {shared_phrase}, which also promised more teachers.",
        f"Funding for the state police will fall next year, {shared_phrase} late on Friday evening.",
        f"No decision has been made on the highway project, {shared_phrase}; a vote is expected soon.",
        P1,
        P2,
        P3,
        "The mayor said on Wednesday that the city would close the library by the end of the year, "
        "after auditors finished their review of its accounts.",
    ]
    assert find_repeated_paragraphs("\n".join(paras)) == []
    assert find_repeated_paragraphs("\n".join(paras), threshold=0.8) == []


def test_empty_and_blank_texts():
    assert find_repeated_paragraphs("") == []
    assert find_repeated_paragraphs("\n\r\n  \n") == []


def test_threshold_must_be_a_ratio():
    with pytest.raises(ValueError):
        find_repeated_paragraphs(P1, threshold=0)
    with pytest.raises(ValueError):
        find_repeated_paragraphs(P1, threshold=1.5)


def test_split_paragraphs():
    text = "\ufeff  One.  \r\n\r\nTwo\u2029Three\n"
    assert [(p.start, p.end, p.norm) for p in split_paragraphs(text)] == [
        (3, 7, "one."),
        (13, 16, "two"),
        (17, 22, "three"),
    ]


# --- masking ---------------------------------------------------------------------------------


def test_mask_repeats():
    text = "\r\n".join([P1, P2, P1, P3]) + "\r\n"
    repeats = find_repeated_paragraphs(text)
    masked = mask_repeats(text, repeats)
    assert len(masked) == len(text)
    a, b = repeats[0].span
    assert masked[a:b] == " " * (b - a)
    assert masked[:a] == text[:a] and masked[b:] == text[b:]
    assert masked.count("\r\n") == text.count("\r\n")


def test_mask_keeps_line_breaks_inside_a_span_and_merges_overlaps():
    text = "abc\ndef\r\nghi"
    assert mask_repeats(text, [(1, 6), (5, 10), (10, 10)]) == "a  \n   \r\n hi"
    assert mask_repeats(text, []) == text


def test_mask_rejects_spans_outside_the_text():
    with pytest.raises(ValueError):
        mask_repeats("short", [(2, 10)])


# --- the seed article ------------------------------------------------------------------------


def test_seed_article():
    seed = SHARED / "seed"
    if not (seed / "article.txt").is_file() or not (seed / "gold.json").is_file():
        pytest.skip(f"the seed article is not here: {seed} (../shared is not part of a fresh clone)")
    with open(seed / "article.txt", encoding="utf-8", newline="") as f:
        text = f.read()
    gold = json.loads((seed / "gold.json").read_text(encoding="utf-8"))["duplicate_paragraphs"]
    expected = [(tuple(d["repeat"]), tuple(d["of"])) for d in gold]
    assert spans(text) == expected
    masked = mask_repeats(text, find_repeated_paragraphs(text))
    assert len(masked) == len(text)
    for (a, b), _ in expected:
        assert not masked[a:b].strip()


# --- properties ------------------------------------------------------------------------------

WORDS = ["the", "mayor", "said", "bridge", "“quoted”", '"plain"', "city", "Work", "é", "—", "it's"]
paragraph = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)
separator = st.sampled_from(["\n", "\r\n", "\n\n", " \n\t", "\r", "\u2029", "\r\n \r\n"])


@st.composite
def documents(draw) -> str:
    pool = draw(st.lists(paragraph, min_size=1, max_size=6))
    # draw paragraphs from a small pool so that exact and near repeats are common
    chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=14))
    chosen = [p.upper() if draw(st.booleans()) and len(p) % 3 == 0 else p for p in chosen]
    seps = draw(st.lists(separator, min_size=len(chosen), max_size=len(chosen)))
    return "".join(p + s for p, s in zip(chosen, seps))


def check_properties(text: str, repeats: list[RepeatedParagraph]) -> None:
    last_end = -1
    for r in repeats:
        (a, b), (fa, fb) = r.span, r.first
        assert 0 <= fa < fb <= a < b <= len(text)
        assert a >= last_end  # in text order, no overlaps
        last_end = b
        for s, e in (r.span, r.first):
            piece = text[s:e]
            assert piece == piece.strip() and piece
            assert not any(c in piece for c in "\r\n\u2028\u2029")
        assert 0.0 < r.similarity <= 1.0
    masked = mask_repeats(text, repeats)
    assert len(masked) == len(text)
    covered = set()
    for r in repeats:
        covered.update(range(*r.span))
    for i, (c, m) in enumerate(zip(text, masked)):
        if i in covered and c not in "\r\n\u2028\u2029":
            assert m == " "
        else:
            assert m == c


@settings(max_examples=200, deadline=None)
@given(documents(), st.integers(min_value=1, max_value=60), st.sampled_from([0.6, 0.8, 0.9, 1.0]))
def test_property_spans_and_masking(text, min_chars, threshold):
    repeats = find_repeated_paragraphs(text, min_chars=min_chars, threshold=threshold)
    check_properties(text, repeats)
    for r in repeats:
        a, b = r.span
        assert len(normalise(text[a:b])) >= min_chars
        assert r.similarity >= threshold


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(min_value=1, max_value=10))
def test_property_arbitrary_text(text, min_chars):
    check_properties(text, find_repeated_paragraphs(text, min_chars=min_chars, threshold=0.5))
