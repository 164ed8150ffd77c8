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


# ---------------------------------------------------------------- split contents and paragraphs

SPLIT = ("\u201cWe certainly can\u2019t afford to do this anymore,\u201d Trump said, adding later, "
         "\u201cNATO is costing us a fortune.\u201d")


def test_a_split_content_can_be_parted(analyzer):
    from onrecord.pipeline.variants import fragment_variants

    doc = analyzer.nlp(SPLIT)
    cue = doc[[t.text for t in doc].index("said")]
    first = (0, SPLIT.index(" Trump"))
    second = (SPLIT.index("\u201cNATO"), len(SPLIT))
    variants = {name: (frags, join) for name, frags, join in fragment_variants(cue, [first, second])}
    assert variants["frag:first"][0] == [first] and variants["frag:rest"][0] == [second]
    # the cue lay between the two quotations
    assert variants["frag:first"][1] == "cue|qq"
    assert fragment_variants(cue, [first]) == []


def test_going_on_to_add_is_a_report_of_its_own(analyzer):
    article = analyzer.analyze(SPLIT)
    said = [a for a in article.attributions if SPLIT[a.cue[0][0]:a.cue[0][1]] == "said"]
    assert said and said[0].content == [(0, SPLIT.index(" Trump"))], said


def test_a_fragment_keeps_to_the_paragraph_nearest_its_cue():
    from onrecord.pipeline.attribution import _one_paragraph

    # an excerpt whose paragraphs each open with a mark: the pairing swallowed quotations
    text = ("\"Kevin was snoring.\n\n\u201cHere he is, babe,\u201d she said. \u201cDonald\u2019s here.\u201d"
            "\n\n\"Third paragraph.")
    (a, b), = _one_paragraph([(0, len(text))], text.index("said"), text)
    assert text[a:b] == "\u201cHere he is, babe,\u201d she said. \u201cDonald\u2019s here.\u201d"
    # a quotation continued over two paragraphs is left whole
    text = "\"The bill is dead. We tried everything.\n\"Nobody will revive it this year,\" Miller said."
    whole = [(0, text.index(" Miller"))]
    assert _one_paragraph(whole, text.index("said"), text) == whole
    # a fragment within one paragraph is left alone
    assert _one_paragraph([(0, 10)], 5, text) == [(0, 10)]


def test_a_quotation_with_its_own_cue_outside_a_content_is_not_nested_in_it():
    from onrecord.model import Attribution
    from onrecord.pipeline.attribution import QuoteIndex, finalize

    text = ("Pepper called the decision a \"huge win.\" \"It reaffirms a basic principle,\" "
            "the chairman said.")
    quote = (text.index("\"It"), text.index(" the chairman"))
    said = (text.index("said"), text.index("said") + 4)
    # an overlong content running on over the next quotation, whose own cue stands after it
    overlong = Attribution(content=[(text.index("the decision"), quote[1])], source=[(0, 6)],
                           cue=[(7, 13)], kind="indirect")
    own = Attribution(content=[quote], source=[(text.index("the chairman"), said[0] - 1)],
                      cue=[said], kind="direct")
    qi = QuoteIndex(find_quotes(text))
    out = finalize([(0.9, overlong), (0.8, own)], qi, text)
    assert all(a.nested_in is None for a in out), out
    # a quotation whose cue sits inside the other content is nested in it
    text = "Kutcher said the family asked them to \"write letters to the judge.\""
    said, asked = text.index("said"), text.index("asked")
    outer = Attribution(content=[(said + 5, len(text))], source=[(0, 7)], cue=[(said, said + 4)],
                        kind="indirect")
    inner = Attribution(content=[(text.index("\"write"), len(text))], source=[], cue=[(asked, asked + 5)],
                        kind="direct")
    out = finalize([(0.9, outer), (0.8, inner)], QuoteIndex(find_quotes(text)), text)
    assert [a.nested_in for a in out] == [None, 0], out


def test_a_content_may_take_the_quotation_after_it(analyzer):
    text = ("Sanders identified bigotry as one of the reasons to vote. "
            "\"The younger people are sick and tired of discrimination.\"")
    doc = analyzer.nlp(text)
    att = analyzer.nlp.get_pipe("onrecord_attributions")
    cue = doc[[t.text for t in doc].index("identified")]
    content = [(text.index("bigotry"), text.index(" to vote"))]
    joined = att._joined_quote(cue, content, QuoteIndex(find_quotes(text)))
    assert joined and joined[0][0] == "join:quote"
    assert joined[0][1] == content + [(text.index("\"The"), len(text))]
    assert joined[0][2] == "1|nocue"
