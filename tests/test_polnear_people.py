"""PolNeAR dev, people and timeline: analyse the 84 dev texts with their publication dates
and check that entities, relations and events are well formed. Skipped when ../shared is
absent."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4})?$")


def _publication_dates(polnear: Path) -> dict[str, str]:
    with open(polnear / "metadata.tsv", encoding="utf-8", newline="") as fh:
        return {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t")
                if row["compartment"] == "dev"}


_CACHE: dict[Path, tuple] = {}


@pytest.fixture
def dev_articles(analyzer, shared_dir: Path):
    """The 84 dev articles, analysed once per run (cached across this module's tests)."""
    polnear = shared_dir / "data" / "polnear"
    if polnear not in _CACHE:
        _CACHE[polnear] = _analyse_dev(analyzer, polnear)
    return _CACHE[polnear]


def _analyse_dev(analyzer, polnear: Path):
    text_dir = polnear / "dev" / "text"
    if not text_dir.is_dir() or not (polnear / "metadata.tsv").is_file():
        pytest.skip(f"../shared not present: no {text_dir} or metadata.tsv")
    paths = sorted(text_dir.glob("*.txt"))
    assert len(paths) == 84, f"expected the 84 PolNeAR dev texts, found {len(paths)}"
    dates = _publication_dates(polnear)
    missing = [p.stem for p in paths if not dates.get(p.stem)]
    assert not missing, f"no publication date in metadata.tsv for {missing}"
    items = []
    for p in paths:
        with open(p, encoding="utf-8", newline="") as fh:
            items.append((p.stem, fh.read()))
    articles = list(analyzer.analyze_many(items, dates=[dates[i] for i, _ in items]))
    assert [a.id for a in articles] == [i for i, _ in items]
    return articles, dates


def test_every_dev_article_is_analysed_with_its_date(dev_articles):
    articles, dates = dev_articles
    assert len(articles) == 84
    for a in articles:
        assert a.date == dates[a.id]
        assert a.reference_date == dates[a.id]
        assert a.reference_inferred is False


def test_entity_mentions_slice_the_text(dev_articles):
    articles, _ = dev_articles
    for a in articles:
        n = len(a.text)
        for e in a.entities:
            assert e.name and e.type in ("PERSON", "ORG", "WORK", "PLACE"), (a.id, e.name, e.type)
            for s, t in e.mentions:
                assert 0 <= s < t <= n, (a.id, e.name, s, t)
                assert a.text[s:t].strip(), (a.id, e.name, s, t)


def test_relation_spans_slice_the_text(dev_articles):
    articles, _ = dev_articles
    for a in articles:
        n = len(a.text)
        for e in a.entities:
            for r in e.relations:
                s, t = r.span
                assert 0 <= s < t <= n, (a.id, r)
                assert r.source == e.name, (a.id, r)


def test_event_spans_slice_the_text_and_dates_are_iso(dev_articles):
    articles, _ = dev_articles
    for a in articles:
        n = len(a.text)
        for ev in a.events:
            s, t = ev.span
            assert 0 <= s < t <= n, (a.id, ev)
            assert " ".join(a.text[s:t].split()) == ev.text, (a.id, ev)
            ws, wt = ev.when_span
            assert 0 <= ws < wt <= n, (a.id, ev)
            if not ev.derived:
                assert a.text[ws:wt] == ev.when, (a.id, ev)
            assert ev.date is None or ISO.match(ev.date), (a.id, ev.date, ev.when)


def test_events_are_sorted(dev_articles):
    articles, _ = dev_articles
    for a in articles:
        keys = [(e.date is None, e.date or "") for e in a.events]
        assert keys == sorted(keys), a.id


def test_to_dict_round_trips(dev_articles):
    articles, _ = dev_articles
    for a in articles:
        d = a.to_dict(include_text=False)
        assert len(d["entities"]) == len(a.entities) and len(d["events"]) == len(a.events)
