"""The corpus store: schema and pragmas, content-hash ids, cross-article people,
syndication, and readers working while a writer writes."""
from __future__ import annotations

import sqlite3

import pytest

from onrecord.analysis import default_analyzer
from onrecord.reading.sources import SourceDoc, content_id, normalise_text
from onrecord.store import Store, StoreError
from onrecord.store import queries
from onrecord.store.syndication import jaccard, shingles

from corpus_fixtures import G1, J1, STORY, SYNDICATED


@pytest.fixture(scope="module")
def an():
    return default_analyzer(None)


def _add(writer, an, text: str, key: str, date: str | None = None):
    aid = content_id(text)
    art = an.analyze(text, doc_id=aid, date=date)
    return writer.add(art, SourceDoc(key=key, text=text, date=date, origin=f"{key}.txt"), aid)


def test_open_creates_schema_in_wal_mode(tmp_path):
    store = Store.open(tmp_path / "s.db")
    conn = store.connect()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"articles", "attributions", "people", "aliases", "entities", "events", "repeated_paragraphs",
            "quotes_fts", "articles_fts", "meta", "lsh_bands", "minhashes"} <= tables
    assert queries.stats(conn)["articles"] == 0
    conn.close()
    Store.open(tmp_path / "s.db")  # opening again keeps it


def test_open_refuses_other_files(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(StoreError, match="not an onrecord store"):
        Store.open(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        Store.open(junk)
    with pytest.raises(StoreError, match="no store here"):
        Store.open(tmp_path / "missing.db", create=False)


def test_content_ids_ignore_spacing_only():
    assert content_id("A  b\r\nc ") == content_id("\ufeffA b\nc")
    assert content_id("A b c") != content_id("A b d")
    assert normalise_text(" x\n\ny ") == "x y"


def test_same_article_twice_changes_nothing(tmp_path, an):
    store = Store.open(tmp_path / "s.db")
    with store.writer() as w:
        first = _add(w, an, STORY, "story")
        again = _add(w, an, STORY.replace("\n", "\r\n"), "story-crlf")  # same normalised text
    assert first.added and first.attributions > 0
    assert not again.added
    conn = store.connect()
    s = queries.stats(conn)
    assert s["articles"] == 1 and s["attributions"] == first.attributions
    row = conn.execute("SELECT id, key, text FROM articles").fetchone()
    assert row["id"] == content_id(STORY) and row["key"] == "story" and row["text"] == STORY


def test_offsets_index_the_stored_text(tmp_path, an):
    store = Store.open(tmp_path / "s.db")
    with store.writer() as w:
        _add(w, an, STORY, "story")
    conn = store.connect()
    text = conn.execute("SELECT text FROM articles").fetchone()[0]
    import json
    for r in conn.execute("SELECT content, content_text FROM attributions"):
        frags = json.loads(r["content"])
        assert " … ".join(text[a:b] for a, b in frags) == r["content_text"]


def test_people_are_one_across_articles(tmp_path, an):
    store = Store.open(tmp_path / "s.db")
    with store.writer() as w:
        _add(w, an, STORY, "story")
        _add(w, an, J1, "j1", "2023-09-05")
        # the rule itself: a multi-word alias merges, a one-word name merges only when unambiguous
        kunis, new = w.person("Mila Kunis", "PERSON", ["Mila", "Kunis"])
        assert new
        assert w.person("Mila Kunis", "PERSON", []) == (kunis, False)
        assert w.person("mila  KUNIS", "PERSON", []) == (kunis, False)
        assert w.person("Milena Kunis", "PERSON", ["Mila Kunis"]) == (kunis, False)
        assert w.person("Kunis", "PERSON", []) == (kunis, False)
        assert w.person("Mila Kunis", "ORG", [])[1]  # another type is another entity
        other, _ = w.person("Anna Kunis", "PERSON", ["Kunis"])
        assert other != kunis
        assert w.person("Kunis", "PERSON", [])[0] not in (kunis, other)  # now ambiguous: a person of its own
    conn = store.connect()
    lopez = queries.find_people(conn, "ana lopez")
    assert [p["name"] for p in lopez] == ["Ana Lopez"]
    p = queries.person(conn, "Lopez")[0]
    assert p["articles"] == 2 and {"Ana", "Lopez"} <= set(p["aliases"])
    assert p["ages"] and p["ages"][0]["age"] == 52
    names = [r[0] for r in conn.execute("SELECT name FROM people WHERE name LIKE '%Lopez%'")]
    assert names == ["Ana Lopez"]


def test_syndicated_copy_is_linked_and_not_counted(tmp_path, an):
    copy = SYNDICATED + " This story was first published by the Eastbay Courier."
    assert jaccard(shingles(SYNDICATED), shingles(copy)) >= 0.8
    store = Store.open(tmp_path / "s.db")
    with store.writer() as w:
        orig = _add(w, an, SYNDICATED, "orig")
        dup = _add(w, an, copy, "copy")
        unrelated = _add(w, an, G1, "g1")
    assert orig.syndicated_of is None and unrelated.syndicated_of is None
    assert dup.syndicated_of == content_id(SYNDICATED)
    conn = store.connect()
    s = queries.stats(conn)
    assert s["articles"] == 3 and s["syndicated"] == 1
    assert s["attributions"] == orig.attributions + unrelated.attributions
    assert s["attributions_stored"] == orig.attributions + dup.attributions + unrelated.attributions
    reed = queries.quotes(conn, speaker="Marcus Reed")["quotes"]
    both = queries.quotes(conn, speaker="Marcus Reed", include_syndicated=True)["quotes"]
    assert reed and len(both) == 2 * len(reed)
    assert queries.people(conn, name="Marcus Reed")[0]["quotes"] == len(reed)


def test_syndication_survives_reopening(tmp_path, an):
    """The LSH bands live in the store: a later ingest (a new writer) still finds the original."""
    store = Store.open(tmp_path / "s.db")
    with store.writer() as w:
        _add(w, an, SYNDICATED, "orig")
    with Store.open(tmp_path / "s.db").writer() as w:
        dup = _add(w, an, "Breaking: " + SYNDICATED, "copy")
    assert dup.syndicated_of == content_id(SYNDICATED)


def test_readers_work_while_a_writer_writes(tmp_path, an):
    store = Store.open(tmp_path / "s.db")
    with store.writer() as w:
        _add(w, an, STORY, "story")
    reader = store.connect()
    reader.execute("PRAGMA busy_timeout = 0")  # a lock would raise at once instead of waiting
    w = store.writer()
    try:
        _add(w, an, J1, "j1")  # the batch is open, not committed
        assert queries.stats(reader)["articles"] == 1
        assert queries.quotes(reader, speaker="Ana Lopez")["quotes"]
        assert queries.search(reader, "taxes")["quotes"]
        reader.execute("BEGIN")  # a read transaction holds its snapshot across the commit
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        w.commit()
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        reader.execute("COMMIT")
        assert queries.stats(reader)["articles"] == 2
    finally:
        w.close()
        reader.close()


def test_an_interrupted_batch_leaves_nothing(tmp_path, an):
    store = Store.open(tmp_path / "s.db")
    w = store.writer()
    _add(w, an, STORY, "story")
    w.close()  # no commit: rolled back
    conn = store.connect()
    s = queries.stats(conn)
    assert s["articles"] == s["attributions"] == s["people"] == 0
    assert conn.execute("SELECT count(*) FROM quotes_fts").fetchone()[0] == 0
