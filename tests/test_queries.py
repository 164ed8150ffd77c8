"""The corpus queries through the CLI: quotes (speaker, about, since/until, q, limit), people,
person, timeline, search, stats and export, each as JSON and as a terminal view."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.interfaces.cli import app

from corpus_fixtures import GOOD_ARTICLES, make_corpus, make_syndicated

ERROR_PREFIX = "onrecord: error:"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("queries")
    files = make_corpus(root / "corpus")
    wire = make_syndicated(root / "wire")
    path = root / "q.db"
    good = [files[n] for n in ("story.txt", "page.html", "dump.jsonl", "dump.jsonl.gz", "crawl.warc.gz")]
    res = CliRunner().invoke(app, ["ingest", *map(str, good), *map(str, wire), "--db", str(path), "--json"])
    assert json.loads(res.stdout)["added"] == GOOD_ARTICLES + 2
    return path


def run(db: Path, *args: str, code: int = 0):
    res = CliRunner().invoke(app, [*args, "--db", str(db)])
    assert res.exit_code == code, (res.stdout, res.stderr)
    assert "Traceback" not in res.stdout + res.stderr
    return res


def js(db: Path, *args: str):
    return json.loads(run(db, *args, "--json").stdout)


def quotes(db: Path, *args: str) -> list[dict]:
    return js(db, "quotes", *args)["quotes"]


def test_quotes_by_speaker_any_case_and_alias(db):
    by_name = quotes(db, "--speaker", "Ana Lopez")
    assert len(by_name) == 4 and {q["speaker"] for q in by_name} == {"Ana Lopez"}
    assert len({q["article_id"] for q in by_name}) == 2  # one person across two articles
    assert quotes(db, "--speaker", "ana LOPEZ") == by_name
    assert quotes(db, "--speaker", "Lopez") == by_name  # an alias
    res = run(db, "quotes", "--speaker", "Nobody Atall", "--json")
    assert json.loads(res.stdout)["quotes"] == [] and "Nobody Atall" in res.stderr


def test_quotes_about_someone(db):
    about = quotes(db, "--about", "John Smith")
    assert any(q["speaker"] == "Ana Lopez" and "Smith has failed" in q["quote"] for q in about)
    assert all("John Smith" in q["about"] for q in about)


def test_quotes_since_until(db):
    dates = [q["date"] for q in quotes(db, "--since", "2023-09-12", "--limit", "0")]
    assert dates and all(d >= "2023-09-12" for d in dates) and dates == sorted(dates)
    assert {"2023-09-12", "2023-09-15"} <= set(dates)
    dates = [q["date"] for q in quotes(db, "--until", "2023-09-08", "--limit", "0")]
    assert dates and all(d <= "2023-09-08" for d in dates)
    window = quotes(db, "--since", "2023-09-07", "--until", "2023-09-12")
    assert window and {q["date"] for q in window} <= {"2023-09-08", "2023-09-12"}
    assert quotes(db, "--since", "2023-09", "--until", "2023-09") == quotes(db, "--since", "2023-09-01",
                                                                             "--until", "2023-09-30")
    res = run(db, "quotes", "--since", "the day after never", code=2)
    assert res.stderr.startswith(ERROR_PREFIX) and "--since" in res.stderr


def test_quotes_words_and_limit(db):
    hits = quotes(db, "--q", "bridge")
    assert {q["speaker"] for q in hits} == {"Ana Lopez", "Tom Baker"}
    assert all("bridge" in q["quote"].lower() for q in hits)
    assert quotes(db, "--q", '"bridge is open"')[0]["speaker"] == "Tom Baker"
    assert quotes(db, "--q", "bridge", "--speaker", "Tom Baker")[0]["speaker"] == "Tom Baker"
    assert quotes(db, "--q", "brid*") == hits
    assert len(quotes(db, "--limit", "1")) == 1
    assert quotes(db, "--q", "AND OR NOT (") == []  # no FTS syntax leaks through


def test_quotes_table_view(db):
    out = run(db, "quotes", "--speaker", "Tom Baker").stdout
    assert "Tom Baker" in out and "bridge is open" in out


def test_people(db):
    people = js(db, "people", "--limit", "0")
    names = [p["name"] for p in people]
    assert names[0] == "Ana Lopez" and len(names) == len(set(names))
    lopez = people[0]
    assert lopez["quotes"] == 4 and lopez["articles"] == 2 and {"Ana", "Lopez"} <= set(lopez["aliases"])
    reed = next(p for p in people if p["name"] == "Marcus Reed")  # the wire story: counted once
    assert reed["articles"] == 1
    assert "Ana Lopez" in run(db, "people").stdout


def test_person(db):
    [p] = js(db, "person", "lopez")
    assert p["name"] == "Ana Lopez" and p["type"] == "PERSON"
    assert p["ages"][0]["age"] == 52 and p["articles"] == 2 and p["quotes"] == 4
    assert p["first_seen"] <= p["last_seen"] and p["latest_quotes"]
    out = run(db, "person", "Ana Lopez").stdout
    assert "Ana Lopez" in out and "52" in out
    res = run(db, "person", "Nobody Atall", code=1)
    assert res.stderr.startswith(ERROR_PREFIX)


def test_timeline(db):
    tl = js(db, "timeline", "john smith")
    dates = [e["date"] for e in tl["events"]]
    assert dates[:2] == ["2021-03-03", "2023-09-04"] and dates == sorted(dates)
    assert all("John Smith" in e["participants"] for e in tl["events"])
    assert "2021-03-03" in run(db, "timeline", "Smith").stdout


def test_search(db):
    res = js(db, "search", "bridge")
    assert {q["speaker"] for q in res["quotes"]} == {"Ana Lopez", "Tom Baker"}
    assert all("**bridge**" in q["snippet"].lower() for q in res["quotes"])
    assert len(res["articles"]) == 3 and all("**" in a["snippet"] for a in res["articles"])
    assert js(db, "search", "dockworkers")["articles"][0]["syndicated_of"] is None  # the original, not the copy
    assert len(js(db, "search", "dockworkers", "--include-syndicated")["articles"]) == 2
    assert "bridge" in run(db, "search", "bridge").stdout
    res = run(db, "search", "!!!", code=2)
    assert res.stderr.startswith(ERROR_PREFIX)


def test_stats(db):
    s = js(db, "stats")
    assert s["articles"] == GOOD_ARTICLES + 2 and s["syndicated"] == 1
    assert s["attributions"] < s["attributions_stored"] and s["people"] >= 10
    assert {"articles", "attributions", "people"} <= set(s)
    assert "articles" in run(db, "stats").stdout


def test_export_jsonl_csv_parquet(db, tmp_path):
    n = js(db, "stats")["attributions"]
    out = tmp_path / "q.jsonl"
    run(db, "export", "--format", "jsonl", "--out", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == n and all(r["syndicated_of"] is None for r in rows)
    baker = next(r for r in rows if r["speaker"] == "Tom Baker")
    assert baker["title"] == "Governor reopens river crossing" and baker["date"] == "2023-09-08"
    assert isinstance(baker["content"], list) and baker["quote"]

    out = tmp_path / "q.csv"
    run(db, "export", "--format", "csv", "--out", str(out))
    with out.open(encoding="utf-8", newline="") as f:
        csv_rows = list(csv.DictReader(f))
    assert len(csv_rows) == n and csv_rows[0]["article_id"] == rows[0]["article_id"]
    assert json.loads(csv_rows[0]["content"]) == rows[0]["content"]

    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "q.parquet"
    run(db, "export", "--format", "parquet", "--out", str(out))
    table = pq.read_table(out)
    assert table.num_rows == n and table.column("quote").to_pylist() == [r["quote"] for r in rows]
    assert table.column("content").to_pylist()[0] == rows[0]["content"]

    out = tmp_path / "all.jsonl"
    run(db, "export", "--format", "jsonl", "--out", str(out), "--include-syndicated")
    assert len(out.read_text(encoding="utf-8").splitlines()) == js(db, "stats")["attributions_stored"]
    res = run(db, "export", "--format", "csv", "--out", str(tmp_path / "no" / "such" / "dir.csv"), code=2)
    assert res.stderr.startswith(ERROR_PREFIX)


def test_queries_without_a_store(tmp_path):
    res = CliRunner().invoke(app, ["stats", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 2 and res.stderr.startswith(ERROR_PREFIX) and "ingest" in res.stderr
    assert not (tmp_path / "missing.db").exists()
