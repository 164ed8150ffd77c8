"""The timeline: ISO normalisation of date expressions, reference-date inference, derived
events from ages, and events end to end. Fixtures are invented news-style text."""
from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.tokens import Span

from onrecord.pipeline.timeline import TimelineBuilder, infer_year, is_point_in_time, normalise, parse_reference

REF = date(2023, 9, 10)  # a Sunday
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4})?$")


# ------------------------------------------------------------------ normalise, with a reference
@pytest.mark.parametrize("expr, iso", [
    ("September 7", "2023-09-07"),
    ("Sept. 7", "2023-09-07"),
    ("September 7, 2021", "2021-09-07"),
    ("March 2021", "2021-03"),
    ("2012", "2012"),
    ("May", "2023-05"),
    ("Thursday, September 7", "2023-09-07"),
])
def test_normalise_absolute_with_reference(expr, iso):
    assert normalise(expr, REF) == iso


@pytest.mark.parametrize("expr, iso", [
    ("between 2001 and 2003", "2001/2003"),
    ("from 2001 to 2003", "2001/2003"),
    ("2001-2003", "2001/2003"),
    ("the 1990s", "1990/1999"),
    ("the late 1980s", "1980/1989"),
])
def test_normalise_ranges_and_decades(expr, iso):
    assert normalise(expr, REF) == iso
    assert normalise(expr, None) == iso  # needs no reference


@pytest.mark.parametrize("expr, iso", [
    ("yesterday", "2023-09-09"),
    ("today", "2023-09-10"),
    ("tomorrow", "2023-09-11"),
    ("two days ago", "2023-09-08"),
    ("last week", "2023-09-03"),
    ("last month", "2023-08"),
    ("last year", "2022"),
    ("three years ago", "2020"),
    ("Thursday", "2023-09-07"),
])
def test_normalise_relative_with_reference(expr, iso):
    assert normalise(expr, REF) == iso


def test_yesterday_is_the_day_before_the_reference_exactly():
    assert normalise("yesterday", date(2024, 3, 1)) == "2024-02-29"  # leap year
    assert normalise("yesterday", date(2023, 1, 1)) == "2022-12-31"


def test_normalise_a_couple_of_months_ago():
    iso = normalise("a couple of months ago", REF)
    assert iso is not None and iso.startswith("2023-07")


# ------------------------------------------------------------------ normalise, without a reference
@pytest.mark.parametrize("expr", ["September 7", "Thursday, September 7", "May", "yesterday", "last week",
                                  "a couple of months ago", "last year", "three years ago", "Thursday", "today"])
def test_normalise_without_reference_is_none(expr):
    assert normalise(expr, None) is None


@pytest.mark.parametrize("expr, iso", [("2012", "2012"), ("March 2021", "2021-03"),
                                       ("September 7, 2021", "2021-09-07")])
def test_normalise_absolute_without_reference(expr, iso):
    assert normalise(expr, None) == iso


def test_normalise_sept_abbreviation_without_reference():
    assert normalise("Sept. 7", None) is None


def test_parse_reference():
    assert parse_reference("2023-09-08") == date(2023, 9, 8)
    assert parse_reference("2023-09-08T10:00:00Z") == date(2023, 9, 8)
    assert parse_reference(None) is None
    assert parse_reference("") is None


# ------------------------------------------------------------------ durations and ages
@pytest.mark.parametrize("expr", ["30 years", "two years", "45", "for two years", "more than 30 years",
                                  "five months", "a decade", "45 years old"])
def test_durations_and_ages_are_not_points_in_time(expr):
    assert not is_point_in_time(expr)


@pytest.mark.parametrize("expr", ["2012", "March 2021", "yesterday", "last week", "Thursday, September 7"])
def test_dates_are_points_in_time(expr):
    assert is_point_in_time(expr)


def test_durations_and_ages_give_no_events(analyzer):
    text = ("Mark Olsen, 45, has worked at the plant for 30 years. He spent two years in Ohio before that. "
            "The plant opened in 1993.")
    art = analyzer.analyze(text, date="2023-09-10")
    whens = [e.when for e in art.events]
    assert "1993" in whens
    assert not any(w in ("30 years", "two years", "45") for w in whens), whens


def test_bare_for_years_is_not_an_event(analyzer):
    text = "Tom Reyes, 45, said the factory would close. Reyes has worked there for years."
    art = analyzer.analyze(text, date="2023-09-10")
    assert [e.when for e in art.events] == []


# ------------------------------------------------------------------ weekday-year inference
def test_infer_year():
    # Thursday = 3; September 7 was a Thursday in 2023 (and in 2017)
    assert infer_year(3, 9, 7, 2022) == 2023
    assert infer_year(3, 9, 7, 2023) == 2023
    assert infer_year(3, 9, 7, 2010) == 2017
    assert infer_year(3, 9, 7, 2024, span=2) is None
    # February 29 only exists in leap years: Thursday, February 29 → 2024
    assert infer_year(3, 2, 29, 2020) == 2024


def _doc_with_date(analyzer, text, *phrases):
    doc = analyzer.nlp.make_doc(text)
    spans = []
    for p in phrases:
        s = text.index(p)
        spans.append(doc.char_span(s, s + len(p), label="DATE"))
    doc.ents = spans
    return doc, [sp for sp in doc.ents if isinstance(sp, Span)]


def test_infer_reference_from_weekday_and_latest_year(analyzer):
    text = "On Thursday, September 7, the council voted on a project first proposed in 2022."
    _, dates = _doc_with_date(analyzer, text, "Thursday, September 7", "2022")
    assert TimelineBuilder.infer_reference(text, dates) == date(2023, 9, 7)


def test_infer_reference_needs_a_year_and_a_weekday(analyzer):
    text = "On Thursday, September 7, the council voted on the project."
    _, dates = _doc_with_date(analyzer, text, "Thursday, September 7")
    assert TimelineBuilder.infer_reference(text, dates) is None  # no year in the text
    text = "On September 7, the council voted on a project first proposed in 2022."
    _, dates = _doc_with_date(analyzer, text, "September 7", "2022")
    assert TimelineBuilder.infer_reference(text, dates) is None  # no weekday


WEEKDAY_TEXT = ("On Thursday, September 7, the city council voted to approve the new stadium. "
                "The project was first proposed in 2022 by Mayor Paul Grant.")


def test_reference_inferred_end_to_end(analyzer):
    art = analyzer.analyze(WEEKDAY_TEXT)
    assert art.reference_date == "2023-09-07"
    assert art.reference_inferred is True
    d = art.to_dict()
    assert d["reference_date"] == "2023-09-07" and d["reference_inferred"] is True
    ev = next(e for e in art.events if e.when == "Thursday, September 7")
    assert ev.date == "2023-09-07"


def test_publication_date_wins_over_inference(analyzer):
    art = analyzer.analyze(WEEKDAY_TEXT, date="2023-09-10")
    assert art.reference_date == "2023-09-10"
    assert art.reference_inferred is False


def test_no_reference_at_all(analyzer):
    art = analyzer.analyze("The council voted yesterday. The project was proposed in 2022.")
    assert art.reference_date is None and art.reference_inferred is False
    by_when = {e.when: e.date for e in art.events}
    assert by_when.get("yesterday", "missing") is None
    assert by_when.get("2022") == "2022"


# ------------------------------------------------------------------ end to end
STORY = ("The company was founded in 2012. It expanded in March 2021. Yesterday, its chief executive, "
         "Mark Olsen, resigned. A couple of months ago, Olsen said he would stay. He led the firm between "
         "2001 and 2003 and again in the 1990s. He has worked there for 30 years. Olsen, 45, declined to "
         "comment. Two years ago the firm moved.")


def _by_when(article):
    return {e.when: e for e in article.events}


def test_end_to_end_with_publication_date(analyzer):
    art = analyzer.analyze(STORY, date="2023-09-10")
    ev = _by_when(art)
    assert ev["2012"].date == "2012"
    assert ev["March 2021"].date == "2021-03"
    assert ev["Yesterday"].date == "2023-09-09"
    assert ev["between 2001 and 2003"].date == "2001/2003"
    assert ev["the 1990s"].date == "1990/1999"
    assert ev["Two years ago"].date == "2021"
    assert "30 years" not in ev and "45" not in ev
    assert "Mark Olsen" in ev["Yesterday"].participants
    assert "Mark Olsen" in ev["between 2001 and 2003"].participants  # through "He"
    for e in art.events:
        assert e.date is None or ISO.match(e.date), e.date


def test_end_to_end_a_couple_of_months_ago(analyzer):
    art = analyzer.analyze(STORY, date="2023-09-10")
    d = _by_when(art)["A couple of months ago"].date
    assert d is not None and d.startswith("2023-07")


def test_end_to_end_without_date_relative_are_none(analyzer):
    art = analyzer.analyze(STORY)
    ev = _by_when(art)
    assert art.reference_date is None
    assert ev["Yesterday"].date is None
    assert ev["A couple of months ago"].date is None
    assert ev["Two years ago"].date is None
    assert ev["2012"].date == "2012"  # absolute dates still work
    assert ev["March 2021"].date == "2021-03"


def test_events_are_sorted_by_date_none_last(analyzer):
    for d in ("2023-09-10", None):
        art = analyzer.analyze(STORY, date=d)
        keys = [(e.date is None, e.date or "") for e in art.events]
        assert keys == sorted(keys)
        dated = [e.date for e in art.events if e.date]
        assert dated == sorted(dated)
        assert dated[0] == "1990/1999"


def test_article_to_dict_events(analyzer):
    art = analyzer.analyze(STORY, date="2023-09-10")
    events = art.to_dict()["events"]
    assert events
    for e in events:
        assert {"date", "text", "span", "when", "when_span", "participants", "derived"} <= set(e)
        s, t = e["span"]
        assert 0 <= s < t <= len(STORY)
        assert " ".join(STORY[s:t].split()) == e["text"]
        ws, wt = e["when_span"]
        assert s <= ws < wt <= t
        if not e["derived"]:
            assert STORY[ws:wt] == e["when"]
        assert isinstance(e["participants"], list) and isinstance(e["derived"], bool)
    assert any(e["text"] == "It expanded in March 2021." and e["date"] == "2021-03" for e in events)


# ------------------------------------------------------------------ age arithmetic
AGES = "Last year, Ana Cruz, 40, opened a bakery in Portland. She started baking when she was 14."


def test_age_arithmetic_derived_event(analyzer):
    art = analyzer.analyze(AGES, date="2023-09-08")
    derived = [e for e in art.events if e.derived]
    assert len(derived) == 1, [e.to_dict() for e in art.events]
    ev = derived[0]
    assert ev.date == "1997/1998"  # 2023 - 40 + 14
    assert "Ana Cruz" in ev.participants
    assert "14" in ev.when
    s, t = ev.span
    assert " ".join(AGES[s:t].split()) == ev.text == "She started baking when she was 14."
    d = ev.to_dict()
    assert d["derived"] is True and d["date"] == "1997/1998"
    # the apposition age itself is no event
    assert not any(e.when == "40" for e in art.events)


def test_age_arithmetic_needs_a_reference(analyzer):
    art = analyzer.analyze(AGES)
    assert not any(e.derived for e in art.events)


@pytest.mark.xfail(reason="engine: sentence-initial 'Ana Cruz, 40,' is not recognised as a person (the NER "
                          "misses it), so there is no age and no derived 1997/1998 event", strict=False)
def test_age_arithmetic_with_the_name_opening_the_article(analyzer):
    text = "Ana Cruz, 40, opened a bakery in Portland last year. She started baking when she was 14."
    art = analyzer.analyze(text, date="2023-09-08")
    assert [e.date for e in art.events if e.derived] == ["1997/1998"]
