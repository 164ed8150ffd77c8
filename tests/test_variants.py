"""Alternative content boundaries (`onrecord.pipeline.variants`) and how the attributor
uses them: one attribution per cue, the boundary the attribution model believes."""
from __future__ import annotations

import pytest

from onrecord.pipeline.attribution import QuoteIndex
from onrecord.pipeline.quotes import find_quotes
from onrecord.pipeline.variants import content_variants, word_class

TEXT = ("Former President Bill Clinton criticized the Affordable Care Act as a \u201ccrazy system\u201d "
        "during a campaign stop in Flint on Monday.")


@pytest.fixture(scope="module")
def parsed(analyzer):
    doc = analyzer.nlp(TEXT)
    return doc, doc[[t.text for t in doc].index("criticized")]


def test_variants_cut_trailing_adjuncts_and_slice_the_text(parsed):
    doc, cue = parsed
    start = TEXT.index("the Affordable")
    end = TEXT.index(" on Monday")
    variants = content_variants(cue, [(start, end)], [TEXT.index("\u201d") + 1])
    texts = {TEXT[a:b] for _name, frags, _word in variants for a, b in frags}
    # the content up to the closing quote mark, without the trip, is one of the choices
    assert "the Affordable Care Act as a \u201ccrazy system\u201d" in texts, texts
    for name, frags, word in variants:
        assert name.split(":")[0] in ("cut", "frame", "extend"), name
        for a, b in frags:
            assert 0 <= a < b <= len(TEXT) and TEXT[a:b] == TEXT[a:b].strip(), (name, TEXT[a:b])
        assert word == word.lower()
    # alternatives differ from the original and from each other in their words
    assert len(texts) == len(variants) and TEXT[start:end] not in texts


def test_split_contents_get_no_alternatives(parsed):
    doc, cue = parsed
    assert content_variants(cue, [(0, 10), (20, 30)], []) == []


def test_word_class_keeps_function_words_and_hides_content_words(parsed):
    doc, _cue = parsed
    by_text = {t.text: t for t in doc}
    assert word_class(by_text["during"]) == "during"
    assert word_class(by_text["Flint"]) == "NNP"


def test_one_attribution_per_cue(analyzer):
    article = analyzer.analyze(TEXT)
    doc = analyzer.nlp(TEXT)
    att = analyzer.nlp.get_pipe("onrecord_attributions")
    candidates = att.candidates(doc, QuoteIndex(find_quotes(TEXT)))
    groups = {c.group for c in candidates}
    assert len(candidates) > len(groups)  # alternatives were proposed
    cues = [tuple(a.cue) for a in article.attributions if a.nested_in is None]
    assert len(cues) == len(set(cues)), cues
    crit = [a for a in article.attributions if TEXT[a.cue[0][0]:a.cue[0][1]] == "criticized"]
    assert len(crit) == 1 and crit[0].speaker == "Bill Clinton"
