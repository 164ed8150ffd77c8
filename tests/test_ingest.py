"""`onrecord ingest`: every input format, bad files named with their reasons, idempotency,
resume after `kill -9`, reading while an ingest writes, syndication.

Ingests run in-process through typer's CliRunner (the analyzer loads once per process),
except the kill test, which needs a real process to kill.
"""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.interfaces.cli import app
from onrecord.reading.sources import Rejected, Skipped, SourceDoc, iter_sources, normalise_date
from onrecord.store import Store
from onrecord.store import queries

from corpus_fixtures import BAD, GOOD_ARTICLES, committed_articles, make_corpus, make_long_docs, make_syndicated

ERROR_PREFIX = "onrecord: error:"


def ingest(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, ["ingest", *args], env=env)


def _stats(db: Path) -> dict:
    conn = Store.open(db, create=False).connect()
    try:
        return queries.stats(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    """The fixture corpus ingested once: (db path, CliRunner result, JSON summary)."""
    db = tmp_path_factory.mktemp("db") / "corpus.db"
    folder = corpus["story.txt"].parent
    res = ingest(str(folder), str(corpus["binary.bin"]), "--db", str(db), "--json")
    return db, res, json.loads(res.stdout)


# ---------------------------------------------------------------------------------------
# sources


def test_every_format_is_read(corpus):
    docs = [d for d in iter_sources([str(corpus["story.txt"].parent)]) if isinstance(d, SourceDoc)]
    by_key = {d.key: d for d in docs}
    assert len(docs) == GOOD_ARTICLES
    assert by_key["story"].text.startswith("Mayor John Smith")
    page = by_key["page"]
    assert "Governor Tom Baker visited the river crossing" in page.text and "Home" not in page.text
    assert (page.title, page.date, page.author, page.url, page.source) == (
        "Governor reopens river crossing", "2023-09-08", "Jane Reporter",
        "https://valleypost.example/2023/09/08/crossing", "The Valley Post")
    j1 = by_key["j1"]
    assert (j1.title, j1.date, j1.url, j1.source) == ("Lopez runs for mayor", "2023-09-06",
                                                      "https://harbortimes.example/j1", "Harbor Times")
    assert j1.origin.endswith("dump.jsonl:1")
    j2 = by_key["j2"]  # from its "html" field, through trafilatura
    assert j2.title == "Clinic extends its hours" and "Hugh Hill" in j2.text and "<p>" not in j2.text
    assert by_key["g1"].date == "2023-09-12"  # "September 12, 2023"
    storm = by_key["https://news.example.com/storm"]
    assert storm.url == "https://news.example.com/storm" and storm.date == "2023-09-15"  # the WARC-Date
    assert by_key["https://news.example.com/ferry"].date == "2023-09-14"  # the page's own date


def test_bad_inputs_give_reasons(corpus, tmp_path):
    items = list(iter_sources([str(corpus[name]) for name in BAD]))
    rejected = {Path(r.origin).name: r.reason for r in items if isinstance(r, Rejected)}
    assert not [i for i in items if isinstance(i, SourceDoc)]
    for name, word in BAD.items():
        assert word.lower() in rejected[name].lower(), (name, rejected.get(name))
    lines = [r.reason for r in iter_sources([str(corpus["dump.jsonl"])]) if isinstance(r, Rejected)]
    assert lines[0].startswith("line 3: invalid JSON") and lines[1] == 'line 4: no "text" or "html" field'
    warc = list(iter_sources([str(corpus["crawl.warc.gz"])]))
    # the image and the 404 are no articles; the page without article text is counted as skipped
    assert [type(i) for i in warc] == [SourceDoc, SourceDoc, Skipped] and warc[-1].count == 1
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.md").write_text("x")
    odd = [str(r) for r in iter_sources([str(tmp_path / "empty"), str(tmp_path / "nope.txt"),
                                         str(tmp_path / "*.jsonl")])]
    assert "no .txt" in odd[0] and odd[1].endswith("nope.txt: no such file") and "no file matches" in odd[2]
    # a WARC cut short: the records before the cut are read, then the reason
    data = corpus["crawl.warc.gz"].read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    items = list(iter_sources([str(cut)]))
    assert isinstance(items[-1], Rejected) and "cut.warc.gz" in items[-1].origin
    # an empty WARC page is skipped, a non-WARC file rejected
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"hello, this is no WARC\n" * 10)
    assert isinstance(next(iter_sources([str(junk)])), Rejected)
    gz = tmp_path / "blank.jsonl.gz"
    gz.write_bytes(gzip.compress(b"\n\n"))
    assert "no records" in next(iter_sources([str(gz)])).reason


def test_dates_are_normalised():
    assert normalise_date("2023-09-08T10:00:00Z") == "2023-09-08"
    assert normalise_date("September 12, 2023") == "2023-09-12"
    assert normalise_date("2023-09") == "2023-09"
    assert normalise_date("not a date at all") is None
    assert normalise_date(None) is None


# ---------------------------------------------------------------------------------------
# ingest


def test_ingest_stores_every_good_article_and_names_the_bad(ingested, corpus):
    db, res, summary = ingested
    assert res.exit_code == 1  # some inputs were rejected
    assert "Traceback" not in res.stdout + res.stderr
    assert summary["added"] == GOOD_ARTICLES and summary["already_present"] == 0
    assert summary["skipped_records"] == 1  # the WARC's page without article text
    err_lines = res.stderr.strip().splitlines()
    assert all(line.startswith(ERROR_PREFIX) for line in err_lines)
    for name, word in BAD.items():
        hits = [line for line in err_lines if name in line]
        assert hits and word.lower() in hits[0].lower(), name
    assert {Path(r["input"]).name for r in summary["rejected"]} >= set(BAD)
    assert any("line 3" in r["reason"] for r in summary["rejected"])
    s = _stats(db)
    assert s["articles"] == GOOD_ARTICLES
    assert s["attributions"] == summary["attributions"] > GOOD_ARTICLES
    assert s["people"] >= 9


def test_publication_date_is_the_reference_date(ingested):
    db, _, _ = ingested
    conn = Store.open(db, create=False).connect()
    row = conn.execute("SELECT date, reference_date, reference_inferred, url, author, title FROM articles "
                       "WHERE key = 'page'").fetchone()
    assert row["date"] == row["reference_date"] == "2023-09-08" and not row["reference_inferred"]
    assert row["author"] == "Jane Reporter" and row["title"] == "Governor reopens river crossing"
    # "on Tuesday" in j1, published on Wednesday 2023-09-06, resolves against that date
    events = conn.execute("SELECT ev.date FROM events ev JOIN articles ar ON ar.id = ev.article_id "
                          "WHERE ar.key = 'j1'").fetchall()
    assert "2023-09-05" in {e[0] for e in events}


def test_second_ingest_changes_nothing(ingested, corpus):
    db, _, _ = ingested
    before = _stats(db)
    res = ingest(str(corpus["story.txt"].parent), str(corpus["binary.bin"]), "--db", str(db), "--json")
    summary = json.loads(res.stdout)
    assert summary["added"] == 0 and summary["already_present"] == GOOD_ARTICLES
    assert summary["attributions"] == 0 and summary["new_people"] == 0
    assert _stats(db) == before
    assert res.exit_code == 1  # the bad files are still bad


def test_clean_ingest_exits_zero_and_prints_a_summary(corpus, tmp_path):
    db = tmp_path / "ok.db"
    res = ingest(str(corpus["story.txt"]), str(corpus["dump.jsonl.gz"]), "--db", str(db))
    assert res.exit_code == 0, res.stderr
    assert res.stderr == ""
    assert "articles added" in res.stdout and "3" in res.stdout
    assert _stats(db)["articles"] == 3


def test_default_store_is_env_or_cwd(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONRECORD_DB", raising=False)
    assert ingest(str(corpus["story.txt"])).exit_code == 0
    assert (tmp_path / "onrecord.db").exists()
    env_db = tmp_path / "from_env.db"
    assert ingest(str(corpus["story.txt"]), env={"ONRECORD_DB": str(env_db)}).exit_code == 0
    assert _stats(env_db)["articles"] == 1


def test_unusable_store_is_one_line(tmp_path, corpus):
    res = ingest(str(corpus["story.txt"]), "--db", str(tmp_path))  # a folder
    assert res.exit_code == 2
    assert res.stderr.startswith(ERROR_PREFIX) and len(res.stderr.strip().splitlines()) == 1


def test_syndicated_copy_does_not_count_twice(tmp_path):
    a, b = make_syndicated(tmp_path / "wire")
    db = tmp_path / "wire.db"
    res = ingest(str(a), str(b), "--db", str(db), "--json")
    summary = json.loads(res.stdout)
    assert res.exit_code == 0 and summary["added"] == 2 and summary["syndicated"] == 1
    conn = Store.open(db, create=False).connect()
    rows = conn.execute("SELECT key, syndicated_of, similarity FROM articles ORDER BY seq").fetchall()
    assert rows[0]["syndicated_of"] is None
    assert rows[1]["syndicated_of"] == conn.execute("SELECT id FROM articles WHERE key = 'wire_original'").fetchone()[0]
    assert rows[1]["similarity"] >= 0.8
    s = queries.stats(conn)
    assert s["attributions"] * 2 == s["attributions_stored"]
    out = CliRunner().invoke(app, ["quotes", "--speaker", "Marcus Reed", "--db", str(db), "--json"])
    n = len(json.loads(out.stdout)["quotes"])
    out = CliRunner().invoke(app, ["quotes", "--speaker", "Marcus Reed", "--db", str(db), "--json",
                                   "--include-syndicated"])
    assert n >= 1 and len(json.loads(out.stdout)["quotes"]) == 2 * n


# ---------------------------------------------------------------------------------------
# kill -9 and resume; reading while the ingest writes



def _snapshot(db: Path) -> dict:
    conn = Store.open(db, create=False).connect()
    try:
        return {
            "stats": queries.stats(conn),
            "articles": sorted(r[0] for r in conn.execute("SELECT id FROM articles")),
            "attributions": sorted(tuple(r) for r in conn.execute(
                "SELECT article_id, idx, speaker, content, kind FROM attributions")),
            "people": sorted(tuple(r) for r in conn.execute("SELECT name, type FROM people")),
        }
    finally:
        conn.close()


def test_resume_after_kill_ends_with_the_counts_of_a_clean_run(tmp_path):
    folder = tmp_path / "docs"
    make_long_docs(folder, n=12, sentences=80)
    db = tmp_path / "killed.db"
    args = ["ingest", str(folder), "--db", str(db), "--workers", "1", "--batch-size", "1", "--json"]
    proc = subprocess.Popen([sys.executable, "-c", "from onrecord.interfaces.cli import main; main()", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while proc.poll() is None and committed_articles(db) < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the ingest ended before it could be killed: " + proc.stderr.read().decode()
        # a reader works while the ingest writes: consistent committed data, no lock errors
        conn = Store.open(db, create=False).connect()
        conn.execute("PRAGMA busy_timeout = 0")
        s = queries.stats(conn)
        assert 1 <= s["articles"] < 12 and s["attributions"] > 0
        assert queries.quotes(conn, limit=5)["quotes"] and queries.people(conn, limit=5)
        orphans = conn.execute("SELECT count(*) FROM attributions WHERE article_id NOT IN (SELECT id FROM articles)")
        assert orphans.fetchone()[0] == 0
        conn.close()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    done = committed_articles(db)
    assert 1 <= done < 12

    res = CliRunner().invoke(app, args)  # the same command again
    assert res.exit_code == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["already_present"] == done and summary["added"] == 12 - done

    clean_db = tmp_path / "clean.db"
    res = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(clean_db), "--workers", "1", "--json"])
    assert res.exit_code == 0, res.stderr
    assert _snapshot(db) == _snapshot(clean_db)
