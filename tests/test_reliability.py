"""Hostile input and hard stops: the reliability suite (docs/reliability.md).

* every reader (text, HTML, JSONL, gzip, WARC) under hypothesis with generated hostile
  bytes, lines and records, between two good inputs of the same call: no exception, a
  one-line reason for whatever is refused, and the good inputs still read;
* each limit (`Limits`: article characters, record bytes, unpacked bytes) hit, through the
  readers and through one `onrecord ingest` call mixing good and bad inputs;
* dates: --since/--until/--date and the API's date parameters are real dates or errors
  naming the parameter; impossible dates inside the data become None;
* HTML nested 10,000 deep (and deeper) is read;
* `kill -9` at seeded random points of an ingest, then resume: the store equals an
  uninterrupted run's (ids, counts of every table, integrity check);
* two `onrecord ingest` processes into one store at once: the union, nothing twice.

The bombs themselves (gigabytes unpacked) are measured in bench/bench_hostile.py, not here.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from onrecord.interfaces.cli import app
from onrecord.reading.dates import DateParamError, iso_date_param, real_iso_date
from onrecord.reading.limits import Limits
from onrecord.reading.sources import (Rejected, Skipped, SourceDoc, content_id, flatten_html, iter_sources,
                                      normalise_date)
from onrecord.store import Store, queries

from corpus_fixtures import G1, G2, J1, STORY, committed_articles, long_doc, make_long_docs

ERROR = "onrecord: error:"
NOTE = "onrecord: note:"

#: small limits, so generated inputs of a few kB reach them
SMALL = Limits(article_chars=3_000, record_bytes=8_000, unpacked_bytes=60_000, html_bytes=8_000)
SMALL_OPTS = ["--max-article-chars", "3000", "--max-record-bytes", "8000", "--max-unpacked-bytes", "60000",
              "--max-html-bytes", "8000"]

HYPO = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)


def hypo(examples: int) -> settings:
    return settings(HYPO, max_examples=examples)

GOOD_PAGE = ("<html><head><title>Ferry back</title></head><body><article>"
             "<p>Harbor master Olga Petrova said the ferry would run again from Monday.</p>"
             "<p>\u201cWe have repaired both engines,\u201d Petrova said on Friday.</p></article></body></html>")


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def one_line(s: str) -> bool:
    return "\n" not in s and "\r" not in s


# ---------------------------------------------------------------------------------------
# the good inputs of every call, and the checks every read must pass


@pytest.fixture(scope="module")
def goods(tmp_path_factory) -> tuple[str, str]:
    root = tmp_path_factory.mktemp("goods")
    a, b = root / "good.txt", root / "good.jsonl"
    a.write_text(STORY, encoding="utf-8")
    b.write_text(json.dumps({"id": "goodline", "text": J1, "date": "2023-09-06"}) + "\n", encoding="utf-8")
    return str(a), str(b)


def read_between(goods: tuple[str, str], hostile: Path, limits: Limits = SMALL) -> list:
    """Read [good, hostile, good] in one call and check everything that came out."""
    items = list(iter_sources([goods[0], str(hostile), goods[1]], limits))
    for item in items:
        assert isinstance(item, (SourceDoc, Rejected, Skipped)), item
        if isinstance(item, Rejected):
            assert one_line(str(item)) and item.reason.strip(), item
            assert item.origin.startswith(str(hostile)), item  # only the hostile file is refused
            assert str(item).startswith(f"{item.origin}: ")
        elif isinstance(item, SourceDoc):
            assert item.text.strip() and len(item.text) <= limits.article_chars
            content_id(item.text)  # hashable: valid Unicode, no lone surrogates
            for value in (item.key, item.title, item.date, item.url, item.source, item.author):
                if value is not None:
                    value.encode("utf-8")  # storable in SQLite
            assert item.date is None or real_iso_date(item.date)
    keys = [i.key for i in items if isinstance(i, SourceDoc)]
    assert keys[0] == "good" and keys[-1] == "goodline", keys
    return items


# ---------------------------------------------------------------------------------------
# hypothesis over every reader

_TEXTISH = st.text(st.characters(codec="utf-8"), max_size=600)
_SURROGATE_TEXT = st.text(max_size=200).map(lambda t: t + "\ud800").map(lambda t: t.encode("utf-8", "surrogatepass"))

hostile_bytes = st.one_of(
    st.binary(max_size=3_000),
    _TEXTISH.map(lambda t: t.encode("utf-8")),
    _SURROGATE_TEXT,
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x1f\x8b", b""]),
              _TEXTISH).map(lambda p: p[0] + p[1].encode("utf-8")),
    st.integers(7_990, 12_000).map(lambda n: (b"word " * (n // 5 + 1))[:n]),  # around the record limit
    st.integers(2_990, 3_100).map(lambda n: ("a" * (n - 1) + "\n").encode()),  # around the article limit
)


@hypo(300)
@given(data=hostile_bytes, gz=st.booleans(), cut=st.none() | st.floats(0, 1))
def test_text_reader(goods, tmp_path_factory, data, gz, cut):
    folder = tmp_path_factory.mktemp("text")
    if gz:
        data = gzip.compress(data)
        if cut is not None:
            data = data[: int(len(data) * cut)]
    path = folder / ("hostile.txt.gz" if gz else "hostile.txt")
    path.write_bytes(data)
    items = read_between(goods, path)
    assert len(items) == 3  # the text file gives one article or one reason


_TAGS = ["<div>", "</div>", "<p>", "</p>", "<span>", "<b>", "</b>", "<table><tr><td>", "</td>", "<br>", "<br/>",
         "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0'?>",
         "<!DOCTYPE html>", "<html>", "</html>", "<body>", "<article>", "</article>", "&amp;", "&#0;",
         "&#xFFFFFFFF;", "&nbsp;", "<a href='javascript:x'>", "<meta charset='utf-16'>", "<img src=x onerror=y>",
         "<title>", "</title>", "<", ">", "\x00", "\ud800", "<p>Mayor John Smith said the bridge is safe. ",
         "\u201cIt will open again on Monday,\u201d Smith said.</p>"]

html_pages = st.one_of(
    st.lists(st.one_of(st.sampled_from(_TAGS), st.text(max_size=40)), max_size=120).map("".join),
    st.tuples(st.integers(1, 3_000), st.sampled_from(["div", "span", "b", "section", "p", "li"])).map(
        lambda d: f"<html><body>{('<' + d[1] + '>') * d[0]}<p>Mayor John Smith said the bridge is safe on "
                  f"Monday, and he said so twice.</p>{('</' + d[1] + '>') * d[0]}</body></html>"),
    st.integers(3_001, 6_000).map(lambda n: f"<html><body><article><p>{'x ' * (n // 2)}</p></article></body></html>"),
)


@hypo(200)
@given(page=html_pages, encoding=st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]))
def test_html_reader(goods, tmp_path_factory, page, encoding):
    path = tmp_path_factory.mktemp("html") / "hostile.html"
    path.write_bytes(page.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace"))
    items = read_between(goods, path)
    assert len(items) == 3


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
_FIELDS = ["id", "text", "html", "title", "date", "url", "source", "author", "extra"]

jsonl_lines = st.one_of(
    st.dictionaries(st.sampled_from(_FIELDS), _json_values, max_size=6).map(json.dumps),
    st.fixed_dictionaries({"id": st.text(max_size=10), "text": st.text(min_size=1, max_size=400),
                           "date": st.sampled_from(["2023-13-45", "2023-02-30", "0000", "2023", "yesterday",
                                                    "x" * 500, "2023-09-08T10:00:00Z"])}).map(json.dumps),
    st.fixed_dictionaries({"html": html_pages}).map(json.dumps),
    st.integers(1, 100_000).map(lambda n: "[" * n + "]" * n),  # nested too deeply for json
    st.integers(4_400, 7_000).map(lambda n: '{"text": ' + "1" * n + "}"),  # an integer past Python's digit limit
    st.text(max_size=100).map(lambda t: json.dumps({"text": t + "\ud800"})),  # a lone surrogate, escaped
    st.integers(8_001, 20_000).map(lambda n: json.dumps({"text": "y" * n})),  # a line over the record limit
    st.integers(2_990, 3_100).map(lambda n: json.dumps({"text": "z" * n})),  # around the article limit
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


@hypo(300)
@given(lines=st.lists(jsonl_lines, max_size=8), sep=st.sampled_from(["\n", "\r\n", "\n\n"]),
       gz=st.booleans(), cut=st.none() | st.floats(0, 1))
def test_jsonl_reader(goods, tmp_path_factory, lines, sep, gz, cut):
    data = sep.join(lines).encode("utf-8", "surrogatepass")
    if gz:
        data = gzip.compress(data)
        if cut is not None:
            data = data[: int(len(data) * cut)]
    path = tmp_path_factory.mktemp("jsonl") / ("hostile.jsonl.gz" if gz else "hostile.jsonl")
    path.write_bytes(data)
    items = read_between(goods, path)
    assert len(items) >= 3  # at least one article or one reason from the hostile file


gzip_data = st.one_of(
    st.binary(max_size=2_000).map(lambda b: b"\x1f\x8b" + b),  # a gzip magic and junk
    st.tuples(st.binary(max_size=3_000), st.floats(0, 1)).map(  # a stream cut short
        lambda p: (lambda z: z[: int(len(z) * p[1])])(gzip.compress(p[0]))),
    st.lists(st.sampled_from([J1, G1, G2, "\n", "{}"]), max_size=6).map(
        lambda parts: b"".join(gzip.compress((json.dumps({"text": p}) + "\n").encode()) for p in parts)),  # members
    st.integers(60_001, 400_000).map(lambda n: gzip.compress(b" " * n)),  # past the unpacked limit
    st.integers(60_001, 200_000).map(lambda n: gzip.compress((json.dumps({"text": G1}) + "\n").encode() * (n // 200))),
)


@hypo(200)
@given(data=gzip_data, ext=st.sampled_from([".jsonl.gz", ".txt.gz", ".warc.gz"]))
def test_gzip_reader(goods, tmp_path_factory, data, ext):
    path = tmp_path_factory.mktemp("gz") / f"hostile{ext}"
    path.write_bytes(data)
    read_between(goods, path)


def _warc_bytes(records: list[tuple[str, str, str, bytes, bool]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for rec_type, status, ctype, payload, encoded in records:
        headers = [("Content-Type", ctype)]
        if encoded:  # the payload gzipped again, as an HTTP Content-Encoding
            payload = gzip.compress(payload)
            headers.append(("Content-Encoding", "gzip"))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1") if rec_type == "response" else None
        rec = w.create_warc_record("https://x.example/" + str(len(buf.getvalue())), rec_type,
                                   payload=io.BytesIO(payload), http_headers=http,
                                   warc_content_type=ctype if rec_type == "resource" else None,
                                   warc_headers_dict={"WARC-Date": "2023-09-15T08:00:00Z"})
        w.write_record(rec)
    return buf.getvalue()


warc_records = st.lists(st.tuples(
    st.sampled_from(["response", "resource", "metadata", "warcinfo"]),
    st.sampled_from(["200 OK", "404 Not Found", "301 Moved", "999 ?"]),
    st.sampled_from(["text/html; charset=utf-8", "text/plain", "image/png", "application/json", ""]),
    st.one_of(st.binary(max_size=500), html_pages.map(lambda s: s.encode("utf-8", "surrogatepass")),
              st.just(GOOD_PAGE.encode()), st.integers(8_001, 30_000).map(lambda n: b"<p>" + b" " * n + b"</p>"),
              st.integers(60_001, 120_000).map(lambda n: b"a" * n)),
    st.booleans()), min_size=1, max_size=5)


@hypo(200)
@given(records=warc_records, gz=st.booleans(),
       damage=st.one_of(st.none(), st.tuples(st.sampled_from(["cut", "flip", "junk"]), st.floats(0, 1))))
def test_warc_reader(goods, tmp_path_factory, records, gz, damage):
    data = _warc_bytes(records, gz)
    if damage is not None:
        how, where = damage
        at = int(len(data) * where)
        if how == "cut":
            data = data[:at]
        elif how == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]
        else:
            data = data[:at] + b"\r\n\r\nWARC/1.0\r\nContent-Length: 999999999\r\n\r\n" + data[at:]
    path = tmp_path_factory.mktemp("warc") / ("hostile.warc.gz" if gz else "hostile.warc")
    path.write_bytes(data)
    read_between(goods, path)


# ---------------------------------------------------------------------------------------
# each limit


def _reasons(items) -> list[str]:
    return [str(i) for i in items if isinstance(i, Rejected)]


def test_limit_defaults_and_validation():
    assert Limits() == Limits(article_chars=2_000_000, record_bytes=32_000_000, unpacked_bytes=10_000_000_000,
                              html_bytes=4_000_000)
    for bad in (0, -1, 1.5, True, "10"):
        with pytest.raises(ValueError):
            Limits(article_chars=bad)


def test_article_chars_limit_for_every_reader(tmp_path):
    long = "The mayor spoke. " * 200  # 3,400 characters
    (tmp_path / "a.txt").write_text(long, encoding="utf-8")
    (tmp_path / "a.html").write_text(f"<html><body><article><p>{long}</p></article></body></html>", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": long}) + "\n" + json.dumps({"text": G1}) + "\n")
    html = f"<html><body><article><p>{long}</p></article></body></html>".encode()
    (tmp_path / "a.warc.gz").write_bytes(_warc_bytes([("response", "200 OK", "text/html", html, False),
                                                      ("response", "200 OK", "text/html", GOOD_PAGE.encode(), False)],
                                                     gz=True))
    items = list(iter_sources([str(tmp_path)], SMALL))
    reasons = _reasons(items)
    assert len(reasons) == 4 and all("article too long (3,39" in r or "article too long (3,40" in r for r in reasons)
    assert all("characters; the limit is 3,000, --max-article-chars)" in r for r in reasons)
    assert {i.origin for i in items if isinstance(i, Rejected)} == {
        str(tmp_path / "a.txt"), str(tmp_path / "a.html"), f"{tmp_path / 'a.jsonl'}:1", f"{tmp_path / 'a.warc.gz'}#1"}
    assert len([i for i in items if isinstance(i, SourceDoc)]) == 2  # the good line and the good page
    # the default: 2,000,000 characters
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "w " * 1_000_001}) + "\n")
    (r,) = iter_sources([str(tmp_path / "b.jsonl")])
    assert r.reason == "article too long (2,000,002 characters; the limit is 2,000,000, --max-article-chars)"


def test_record_bytes_limit_for_every_reader(tmp_path):
    big = "w" * 8_001
    (tmp_path / "a.txt").write_text(big)
    (tmp_path / "a.html").write_text(f"<html><body><p>{big}</p></body></html>")
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(big.encode()))
    exact = json.dumps({"text": "v" * 7_988})
    assert len(exact) == 8_000
    lines = [json.dumps({"text": "x" * 1_000_000}), exact, json.dumps({"text": "u" * 7_989}), json.dumps({"text": G1})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "a.warc").write_bytes(_warc_bytes([("response", "200 OK", "text/html", big.encode(), False),
                                                   ("response", "200 OK", "text/html", GOOD_PAGE.encode(), False)],
                                                  gz=False))
    items = list(iter_sources([str(tmp_path)], Limits(article_chars=100_000, record_bytes=8_000)))
    reasons = _reasons(items)
    assert all("--max-record-bytes" in r and "the limit is 8.0 kB" in r for r in reasons), reasons
    by = {Path(r.split(": ")[0]).name: r for r in reasons}
    assert "a.html" not in by  # an HTML page has its own limit (4 MB)
    assert "too large (8.0 kB" in by["a.txt"]
    assert "too large once decompressed" in by["a.txt.gz"]
    assert any(r.startswith(f"{tmp_path / 'a.jsonl'}: line 1: line too long (1.0 MB;") for r in reasons)
    assert any(r.startswith(f"{tmp_path / 'a.jsonl'}: line 3: line too long (8.0 kB;") for r in reasons)
    assert "record too large" in by["a.warc#1"] and "https://x.example/" in by["a.warc#1"]
    docs = [i for i in items if isinstance(i, SourceDoc)]
    # a line of exactly the limit is read; the lines after an over-long one still are
    assert [d.origin.rsplit(":", 1)[-1] for d in docs if ".jsonl" in d.origin] == ["2", "4"]
    assert any(d.origin.endswith("a.warc#2") and "Petrova" in d.text for d in docs)


def test_html_bytes_limit(tmp_path):
    limits = Limits(html_bytes=5_000)
    page = f"<html><body><article><p>{'Mayor John Smith said the bridge is safe. ' * 150}</p></article></body></html>"
    assert 5_000 < len(page) < 8_000
    (tmp_path / "a.html").write_text(page)
    (tmp_path / "a.jsonl").write_text(json.dumps({"html": page}) + "\n" + json.dumps({"html": GOOD_PAGE}) + "\n")
    (tmp_path / "a.warc.gz").write_bytes(_warc_bytes([
        ("response", "200 OK", "text/html", page.encode(), False),
        ("response", "200 OK", "text/html", b"<p>" + b" " * 1_000_000 + b"</p>", True),  # 1 MB behind 1 kB of gzip
        ("response", "200 OK", "text/html", GOOD_PAGE.encode(), False)], gz=True))
    items = list(iter_sources([str(tmp_path)], limits))
    reasons = _reasons(items)
    assert len(reasons) == 4 and all("the limit is 5.0 kB, --max-html-bytes)" in r for r in reasons), reasons
    assert sum("page too large (more than 5.0 kB" in r for r in reasons) == 2  # the WARC's pages, read to 5 kB
    assert any(f"{tmp_path / 'a.jsonl'}: line 1: \"html\": too large" in r for r in reasons)
    assert len([i for i in items if isinstance(i, SourceDoc)]) == 2  # the good page in the JSONL and the WARC


def test_unpacked_bytes_limit(tmp_path):
    limits = Limits(article_chars=100_000, record_bytes=100_000, unpacked_bytes=60_000)
    line = (json.dumps({"text": G1}) + "\n").encode()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(line * 400))  # 400 good lines, about 75 kB unpacked
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"word " * 15_000))
    (tmp_path / "a.warc.gz").write_bytes(_warc_bytes([("response", "200 OK", "text/html", GOOD_PAGE.encode(), False)]
                                                     + [("response", "200 OK", "image/png", b"\0" * 20_000, False)] * 4,
                                                     gz=True))
    items = list(iter_sources([str(tmp_path)], limits))
    reasons = {Path(r.origin).name: r.reason for r in items if isinstance(r, Rejected)}
    for name in ("a.jsonl.gz", "a.txt.gz", "a.warc.gz"):
        assert reasons[name].startswith(
            "decompresses to more than 60.0 kB (the limit is 60.0 kB, --max-unpacked-bytes)")
    read = [i for i in items if isinstance(i, SourceDoc) and "a.jsonl.gz" in i.origin]
    assert 250 <= len(read) < 400 and f"{len(read)} article(s) before line {len(read) + 1}" in reasons["a.jsonl.gz"]
    assert any(isinstance(i, SourceDoc) and "a.warc.gz" in i.origin for i in items)  # before the limit


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_a_folder_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "x.txt")  # opening it to read would wait for a writer forever
    (tmp_path / "a.txt").write_text(STORY)
    assert [type(i) for i in iter_sources([str(tmp_path)])] == [SourceDoc]


def test_warc_header_lines_are_bounded(tmp_path):
    """warcio reads header lines with an unbounded readline: one huge line, or a flood of
    them, is stopped at 1 MB per record."""
    tail = b"Content-Length: 10\r\n\r\n0123456789\r\n\r\n"
    one = b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"a" * 2_000_000 + b"\r\n" + tail
    many = b"WARC/1.0\r\nWARC-Type: response\r\n" + b"X-H: v\r\n" * 300_000 + tail
    (tmp_path / "one.warc").write_bytes(one)
    (tmp_path / "one.warc.gz").write_bytes(gzip.compress(one))
    (tmp_path / "many.warc").write_bytes(many)
    for name in ("one.warc", "one.warc.gz", "many.warc"):
        (r,) = iter_sources([str(tmp_path / name)])
        assert r.reason.startswith("a WARC record's header lines pass 1.0 MB; 0 article(s)"), r


def test_no_model_is_loaded_when_every_input_is_rejected(tmp_path):
    from onrecord.store.ingest import ingest

    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(b" " * 100_000))
    (tmp_path / "bin.txt").write_bytes(b"\0\1\2" * 100)

    def loader():
        raise AssertionError("the spaCy pipeline was loaded with nothing to analyse")

    store = Store.open(tmp_path / "s.db")
    report = ingest([str(tmp_path)], store, analyzer=loader, limits=SMALL)
    assert report.added == 0 and len(report.rejected) == 2


def test_one_ingest_call_mixing_good_and_hostile_inputs(tmp_path):
    """Every limit hit and other bad inputs in one `onrecord ingest`: each named on one
    line, exit 1, every good article stored."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(STORY)
    lines = [json.dumps({"id": "g1", "text": G1, "date": "2023-13-45"}),  # good, impossible date -> None
             json.dumps({"id": "big", "text": "y" * 9_000}),  # past --max-record-bytes
             json.dumps({"id": "long", "text": "The mayor spoke. " * 200}),  # past --max-article-chars
             "[" * 50_000 + "]" * 50_000,  # past the record limit too
             '{"text": "\\ud800 lone surrogate"}',
             json.dumps({"id": "g2", "text": G2, "date": "2023-09-13"})]
    (d / "dump.jsonl").write_text("\n".join(lines) + "\n")
    (d / "bomb.jsonl.gz").write_bytes(gzip.compress(b" " * 2_000_000))
    (d / "bomb.txt.gz").write_bytes(gzip.compress(b"word " * 200_000))
    (d / "big.html").write_text(f"<html><body><p>{'z' * 9_000}</p></body></html>")
    (d / "crawl.warc.gz").write_bytes(_warc_bytes([("response", "200 OK", "text/html", b"<p>" + b" " * 20_000 + b"</p>",
                                                    False), ("response", "200 OK", "text/html", GOOD_PAGE.encode(),
                                                             False)], gz=True))
    db = tmp_path / "mixed.db"
    res = cli("ingest", str(d), "--db", str(db), "--json", "--workers", "1", *SMALL_OPTS)
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    err = res.stderr.strip().splitlines()
    assert all(line.startswith(ERROR) for line in err), err
    expected = {"dump.jsonl: line 2: line too long": "--max-record-bytes",
                "dump.jsonl:3: article too long": "--max-article-chars",
                "dump.jsonl: line 4: line too long": "--max-record-bytes",
                "dump.jsonl: line 5: \"text\" is not valid Unicode": "surrogate",
                "bomb.jsonl.gz: decompresses to more than 60.0 kB": "--max-unpacked-bytes",
                "bomb.txt.gz: too large once decompressed": "--max-record-bytes",
                "big.html: too large": "--max-html-bytes",
                "crawl.warc.gz#1: record too large": "--max-record-bytes"}
    for what, word in expected.items():
        hits = [line for line in err if what in line]
        assert len(hits) == 1 and word in hits[0], (what, err)
    assert len(err) == len(expected)
    summary = json.loads(res.stdout)
    assert summary["added"] == 4  # good.txt, g1, g2, the WARC's good page
    conn = Store.open(db, create=False).connect()
    assert conn.execute("SELECT date FROM articles WHERE key = 'g1'").fetchone()[0] is None
    conn.close()


def test_a_long_article_is_analysed_with_progress_notes(tmp_path, monkeypatch):
    import onrecord.analysis as analysis

    monkeypatch.setattr(analysis, "LONG_TEXT_CHARS", 30_000)  # as for 500,000, on a text the test can afford
    text = "".join(long_doc(s, sentences=30) for s in range(20))
    assert 40_000 < len(text) < 80_000
    (tmp_path / "long.jsonl").write_text(json.dumps({"id": "long", "text": text}) + "\n")
    args = ["ingest", str(tmp_path / "long.jsonl"), "--db", str(tmp_path / "l.db"), "--workers", "1", "--json"]
    res = cli(*args, "--max-article-chars", "30000")
    assert res.exit_code == 1 and "article too long" in res.stderr and "--max-article-chars" in res.stderr
    res = cli(*args)  # the default limit is far above it
    assert res.exit_code == 0, res.output
    notes = [line for line in res.stderr.splitlines() if line.startswith(NOTE)]
    origin = f"{tmp_path / 'long.jsonl'}:1"
    assert notes[0] == f"{NOTE} {origin}: analysing a long article ({len(text):,} characters) …"
    assert any("% of the long article analysed" in n for n in notes[1:-1])
    assert notes[-1].startswith(f"{NOTE} {origin}: long article analysed ({len(text):,} characters in ")
    assert json.loads(res.stdout)["added"] == 1


# ---------------------------------------------------------------------------------------
# dates


def test_date_validator():
    for ok in ("2023", "2023-09", "2023-09-08", "2024-02-29", "0001-01-01", " 2023-09 "):
        assert iso_date_param(ok, "--since") == ok.strip()
    for bad in ("2023-13-45", "2023-02-29", "2023-13", "2023-00", "0000", "23", "2023-9", "2023-09-8",
                "2023/09/08", "September 2023", "2023-09-08T10:00", "", "yesterday"):
        with pytest.raises(DateParamError) as info:
            iso_date_param(bad, "--since")
        assert str(info.value) == f"--since {bad!r}: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
        assert info.value.param == "--since"
    assert iso_date_param(None, "--since") is None


@hypo(200)
@given(d=st.dates(min_value=date(1, 1, 1)), parts=st.integers(1, 3), junk=st.text(max_size=12))
def test_date_validator_properties(d, parts, junk):
    s = "-".join([f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}"][:parts])
    assert iso_date_param(s, "date") == s
    try:
        out = iso_date_param(junk, "date")
    except DateParamError as exc:
        assert one_line(str(exc)) and str(exc).startswith("date ")
    else:
        assert real_iso_date(out)


def test_data_dates_stay_lenient_but_never_impossible():
    assert normalise_date("2023-13-45") is None and normalise_date("2023-02-30") is None
    assert normalise_date("2023-13") is None and normalise_date("0000") is None
    assert normalise_date("2024-02-29") == "2024-02-29"
    assert normalise_date("September 12, 2023") == "2023-09-12"
    assert normalise_date("2023-09-08T10:00:00Z") == "2023-09-08"
    assert normalise_date("x" * 10_000) is None


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dates")
    (root / "story.txt").write_text(STORY)
    db = root / "d.db"
    assert cli("ingest", str(root / "story.txt"), "--db", str(db)).exit_code == 0
    return db


@pytest.mark.parametrize("args", [("quotes", "--since", "2023-13-45"), ("quotes", "--until", "2023-02-30"),
                                  ("quotes", "--since", "2023-9"), ("quotes", "--until", "tomorrow")])
def test_bad_dates_in_the_cli(small_store, args):
    res = cli(*args, "--db", str(small_store))
    assert res.exit_code == 2
    assert res.stderr == f"{ERROR} {args[1]} {args[2]!r}: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)\n"
    assert res.stdout == ""


def test_bad_date_in_analyze(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    res = cli("analyze", "--date", "2023-13-45", str(tmp_path / "a.txt"))
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr == f"{ERROR} --date '2023-13-45': not a date (use YYYY, YYYY-MM or YYYY-MM-DD)\n"


def test_bad_dates_in_the_api(small_store, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from onrecord.web import create_app

    c = TestClient(create_app(small_store))
    for name in ("since", "until"):
        r = c.get("/api/quotes", params={name: "2023-13-45"})
        assert r.status_code == 422 and r.json() == {
            "error": f"{name} '2023-13-45': not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", "status": 422}
    assert c.get("/api/quotes", params={"since": "2023-09", "until": "2024"}).status_code == 200
    r = c.post("/api/analyze", json={"text": STORY, "date": "2023-02-30"})
    assert r.status_code == 422 and r.json()["error"].startswith("date '2023-02-30': not a date")
    r = c.post("/analyze", data={"text": STORY, "date": "2023-13-45"})
    assert r.status_code == 422 and "not a date" in r.text
    db = tmp_path / "w.db"
    shutil.copy(small_store, db)
    w = TestClient(create_app(db, allow_ingest=True))
    r = w.post("/api/articles", json={"text": G1, "date": "2023-13-45"})
    assert r.status_code == 422 and r.json()["error"].startswith("date '2023-13-45'")
    r = w.post("/api/articles", json={"text": G1, "date": "2023-09-12"})
    assert r.status_code == 201


# ---------------------------------------------------------------------------------------
# deep HTML


@pytest.mark.parametrize("open_, close", [
    ("<div>" * 10_000, "</div>" * 10_000),
    ("<div>" * 100_000, "</div>" * 100_000),
    ("<div><span>" * 5_000, "</span></div>" * 5_000),
    ("<section><div>" * 3_000, "</div></section>" * 3_000),
    ("<b>" * 20_000, ""),  # never closed
    ("<section><article>" * 2_000, ""),
], ids=["div-10k", "div-100k", "div-span-5k", "section-div-3k", "b-20k-unclosed", "section-article-2k-unclosed"])
def test_deep_html_is_read(tmp_path, open_, close):
    paragraphs = "".join(f"<p>{line}</p>" for line in G1.splitlines())
    page = f"<html><head><title>Deep</title></head><body>{open_}{paragraphs}{close}</body></html>"
    (tmp_path / "deep.html").write_text(page)
    t0 = time.monotonic()
    (doc,) = iter_sources([str(tmp_path / "deep.html")])
    assert isinstance(doc, SourceDoc), doc
    assert doc.text.splitlines() == G1.splitlines()  # the paragraphs as paragraphs
    assert time.monotonic() - t0 < 30


def test_deep_html_inside_jsonl_and_warc(tmp_path):
    page = "<html><body>" + "<div>" * 10_000 + f"<p>{G2}</p>" + "</div>" * 10_000 + "</body></html>"
    (tmp_path / "d.jsonl").write_text(json.dumps({"html": page}) + "\n")
    (tmp_path / "d.warc.gz").write_bytes(_warc_bytes([("response", "200 OK", "text/html", page.encode(), False)], True))
    docs = [i for i in iter_sources([str(tmp_path)]) if isinstance(i, SourceDoc)]
    assert len(docs) == 2 and all("Do not light fires" in d.text for d in docs)


def test_flatten_html():
    assert flatten_html("<div><p>a &amp; b</p></div>") == "<div><p>a &amp; b</p></div>"
    out = flatten_html("<div>" * 10 + "<p>x</p>" + "</div>" * 10, max_depth=3)
    assert out == "<div><div><div><br><p>x</p><br></div></div></div>"
    assert flatten_html("<div><p>open", max_depth=5) == "<div><p>open</p></div>"


# ---------------------------------------------------------------------------------------
# kill -9 at random points; two ingests at once



def _state(db: Path) -> dict:
    """What a store holds: article ids in order, the count of every table (FTS5's own
    shadow tables left out: their segments depend on the transactions, not the data),
    the rows of attributions and people, and SQLite's own checks."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                  if not r[0].startswith(("quotes_fts_", "articles_fts_", "sqlite_"))]
        return {
            "integrity": conn.execute("PRAGMA integrity_check").fetchall(),
            "foreign_keys": conn.execute("PRAGMA foreign_key_check").fetchall(),
            "ids": [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")],
            "counts": {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "meta"},
            "attributions": sorted(conn.execute("SELECT article_id, idx, speaker, content, kind FROM attributions")),
            "people": sorted(conn.execute("SELECT name, type FROM people")),
        }
    finally:
        conn.close()


def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from onrecord.interfaces.cli import main; main()", *args]


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory) -> tuple[Path, int]:
    """12 articles across a folder of text files and a .jsonl.gz."""
    root = tmp_path_factory.mktemp("crash")
    folder = root / "in"
    make_long_docs(folder, n=8, sentences=30)
    lines = [json.dumps({"id": f"j{i}", "text": long_doc(100 + i, sentences=30), "date": "2023-09-0" + str(i + 1)})
             for i in range(4)]
    (folder / "more.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return folder, 12


def test_kill_at_random_points_then_resume_equals_an_uninterrupted_run(crash_corpus, tmp_path):
    folder, n = crash_corpus
    rng = random.Random(20261203)
    db = tmp_path / "killed.db"
    args = ["ingest", str(folder), "--db", str(db), "--workers", "1", "--batch-size", "1", "--json", "--no-progress"]
    # where to kill: during start-up (store creation, model load), then after k committed
    # articles plus a random delay (inside the analysis or the write of the next batch)
    points = [("startup", rng.uniform(0.05, 1.5))] + [("after", k, rng.uniform(0, 0.4))
                                                      for k in sorted(rng.sample(range(1, n - 1), 3))]
    kills = 0
    for point in points:
        proc = subprocess.Popen(_command(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            if point[0] == "startup":
                time.sleep(point[1])
            else:
                deadline = time.monotonic() + 120
                while proc.poll() is None and committed_articles(db) < point[1] and time.monotonic() < deadline:
                    time.sleep(0.01)
                time.sleep(point[2])
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
        finally:
            proc.wait(timeout=60)
            proc.stderr.close()
        assert proc.returncode in (-signal.SIGKILL, 0)
        if db.exists():
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
    assert kills >= 3, "the ingest ended before it could be killed"
    res = CliRunner().invoke(app, args)  # the same command, to the end
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["added"] + summary["already_present"] == n

    clean = tmp_path / "clean.db"
    res = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(clean), "--workers", "1", "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["added"] == n
    killed, uninterrupted = _state(db), _state(clean)
    assert killed["integrity"] == [("ok",)] and killed["foreign_keys"] == []
    assert len(killed["ids"]) == n
    assert killed == uninterrupted


def test_two_ingests_into_one_store_at_once(crash_corpus, tmp_path):
    folder, n = crash_corpus
    files = sorted(str(p) for p in folder.iterdir())  # 8 .txt and the .jsonl.gz
    first, second = files[:6], files[3:]  # three text files in both
    db = tmp_path / "shared.db"
    procs = [subprocess.Popen(_command("ingest", *part, "--db", str(db), "--workers", "1", "--batch-size", "2",
                                       "--json", "--no-progress"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for part in (first, second)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err.decode()
    summaries = [json.loads(out) for out, _ in outs]
    assert sum(s["added"] for s in summaries) == n
    assert sum(s["already_present"] for s in summaries) == 3  # each shared file stored once
    clean = tmp_path / "clean.db"
    res = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(clean), "--workers", "1", "--json"])
    assert res.exit_code == 0
    both, one = _state(db), _state(clean)
    assert both["integrity"] == [("ok",)] and both["foreign_keys"] == []
    assert both["ids"] == one["ids"] and both["attributions"] == one["attributions"]
    assert both["counts"] == one["counts"] and both["people"] == one["people"]
    conn = Store.open(db, create=False).connect()
    try:
        assert queries.stats(conn)["articles"] == n
        assert conn.execute("SELECT count(*) FROM (SELECT norm, type FROM people GROUP BY norm, type "
                            "HAVING count(*) > 1)").fetchone()[0] == 0
    finally:
        conn.close()
