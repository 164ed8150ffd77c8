"""Questions to the store: quotes, people, a person, a timeline, full-text search, stats,
export. Every function takes a reader connection (`Store.connect()`) and returns plain
JSON-able structures; the CLI renders them.

Names match canonical names and aliases, case-insensitively ("kunis" finds Mila Kunis).
Articles linked to an original as syndicated copies are left out unless
`include_syndicated`, so no quote counts twice.
"""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..reading.dates import DateParamError, iso_date_param
from .db import norm_name

#: snippet() highlight markers (private-use characters no text contains); see `mark_snippet`
HL_START, HL_END = "\ue000", "\ue001"


class QueryError(Exception):
    """A query that cannot be run as asked (a bad date, an empty search); one line."""


# ---------------------------------------------------------------------------------------
# helpers


def find_people(conn: sqlite3.Connection, name: str) -> list[dict]:
    """People whose canonical name or one of whose aliases is `name` (case-insensitive);
    exact canonical names first."""
    n = norm_name(name)
    if not n:
        return []
    rows = conn.execute(
        "SELECT id, name, type, norm FROM people WHERE norm = ? "
        "UNION SELECT p.id, p.name, p.type, p.norm FROM aliases a JOIN people p ON p.id = a.person_id WHERE a.norm = ?",
        (n, n)).fetchall()
    rows = sorted(rows, key=lambda r: (r["norm"] != n, r["id"]))
    return [{"id": r["id"], "name": r["name"], "type": r["type"]} for r in rows]


def _ids(people: list[dict]) -> list[int]:
    return [p["id"] for p in people]


def _in(ids: list[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


def iso_bound(value: str | None, what: str) -> str | None:
    """A --since/--until value as an ISO prefix: a real date as YYYY, YYYY-MM or YYYY-MM-DD,
    else `QueryError` naming the option (``--since '2023-13-45': not a date (…)``)."""
    try:
        return iso_date_param(value, f"--{what}")
    except DateParamError as exc:
        raise QueryError(str(exc)) from None


_TERM = re.compile(r'"([^"]*)"|(\S+)')


def fts_query(text: str, column: str | None = None) -> str:
    """A user's words as a safe FTS5 query: every word (or "quoted phrase") must occur,
    `word*` is a prefix; no FTS syntax leaks through."""
    parts = []
    for phrase, word in _TERM.findall(text):
        prefix = bool(word) and word.endswith("*")
        words = re.findall(r"\w+", phrase or word)
        if not words:
            continue
        term = '"' + " ".join(words) + '"' + ("*" if prefix else "")
        parts.append(f"{column} : {term}" if column else term)
    if not parts:
        raise QueryError(f"{text!r}: nothing to search for (no words)")
    return " AND ".join(parts)


def mark_snippet(snippet: str, start: str = "**", end: str = "**") -> str:
    return " ".join(snippet.replace(HL_START, start).replace(HL_END, end).split())


def _synd(include_syndicated: bool, alias: str = "ar") -> str:
    return "1" if include_syndicated else f"{alias}.syndicated_of IS NULL"


def _quote_row(r: sqlite3.Row) -> dict:
    return {
        "article_id": r["article_id"], "idx": r["idx"], "speaker": r["speaker"], "speaker_type": r["speaker_type"],
        "kind": r["kind"], "quote": r["content_text"], "cue": r["cue_text"], "source": r["source_text"],
        "about": json.loads(r["about"]), "confidence": r["confidence"], "nested_in": r["nested_in"],
        "date": r["date"], "title": r["title"], "url": r["url"], "article_key": r["key"],
        "syndicated_of": r["syndicated_of"],
    }


_QUOTE_COLS = ("at.id, at.article_id, at.idx, at.speaker, at.speaker_type, at.kind, at.content_text, at.cue_text, "
               "at.source_text, at.about, at.confidence, at.nested_in, COALESCE(ar.date, ar.reference_date) AS date, "
               "ar.title, ar.url, ar.key, ar.syndicated_of, ar.seq")


# ---------------------------------------------------------------------------------------
# queries


def quotes(conn: sqlite3.Connection, *, speaker: str | None = None, about: str | None = None,
           since: str | None = None, until: str | None = None, q: str | None = None, limit: int | None = 50,
           include_syndicated: bool = False) -> dict:
    """Attributions matching every filter given, in date order: {"quotes": [...], "matched":
    {"speaker": [people], "about": [people]}}."""
    where = [_synd(include_syndicated)]
    args: list = []
    matched: dict[str, list[dict]] = {}
    if speaker is not None:
        people = matched["speaker"] = find_people(conn, speaker)
        where.append(f"at.id IN (SELECT attribution_id FROM attribution_speakers WHERE person_id IN ({_in(_ids(people))}))")
    if about is not None:
        people = matched["about"] = find_people(conn, about)
        where.append(f"at.id IN (SELECT attribution_id FROM attribution_about WHERE person_id IN ({_in(_ids(people))}))")
    lo, hi = iso_bound(since, "since"), iso_bound(until, "until")
    if lo:
        where.append("COALESCE(ar.date, ar.reference_date) >= ?")
        args.append(lo)
    if hi:
        where.append("substr(COALESCE(ar.date, ar.reference_date), 1, ?) <= ?")
        args += [len(hi), hi]
    if q:
        where.append("at.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        args.append(fts_query(q, "content_text"))
    sql = (f"SELECT {_QUOTE_COLS} FROM attributions at JOIN articles ar ON ar.id = at.article_id "
           f"WHERE {' AND '.join(where)} ORDER BY date IS NULL, date, ar.seq, at.idx")
    if limit is not None and limit > 0:
        sql += f" LIMIT {int(limit)}"
    return {"quotes": [_quote_row(r) for r in conn.execute(sql, args)], "matched": matched}


def people(conn: sqlite3.Connection, *, type_: str | None = None, name: str | None = None, limit: int | None = 50,
           include_syndicated: bool = False) -> list[dict]:
    """People and organisations across the corpus, most quoted first."""
    synd = _synd(include_syndicated)
    where, args = [], []
    if type_:
        where.append("p.type = ?")
        args.append(type_.upper())
    if name:
        where.append(f"p.id IN ({_in(_ids(find_people(conn, name)))})")
    sql = (
        "SELECT p.id, p.name, p.type, "
        f"(SELECT count(DISTINCT e.article_id) FROM entities e JOIN articles ar ON ar.id = e.article_id "
        f"  WHERE e.person_id = p.id AND {synd}) AS articles, "
        f"(SELECT count(*) FROM attribution_speakers s JOIN attributions at ON at.id = s.attribution_id "
        f"  JOIN articles ar ON ar.id = at.article_id WHERE s.person_id = p.id AND {synd}) AS quotes, "
        "(SELECT json_group_array(alias) FROM (SELECT alias FROM aliases WHERE person_id = p.id AND norm != p.norm "
        "  ORDER BY alias)) AS aliases "
        f"FROM people p {'WHERE ' + ' AND '.join(where) if where else ''} "
        "ORDER BY quotes DESC, articles DESC, p.name")
    if limit is not None and limit > 0:
        sql += f" LIMIT {int(limit)}"
    return [{"id": r["id"], "name": r["name"], "type": r["type"], "aliases": json.loads(r["aliases"]),
             "articles": r["articles"], "quotes": r["quotes"]} for r in conn.execute(sql, args)]


def person(conn: sqlite3.Connection, name: str, *, quotes_shown: int = 10, include_syndicated: bool = False) -> list[dict]:
    """Everything the corpus says of each person `name` matches: aliases, ages, descriptions,
    relations, articles, how often quoted and quoted about, their latest quotes."""
    synd = _synd(include_syndicated)
    out = []
    for p in find_people(conn, name):
        pid = p["id"]
        ents = conn.execute(
            f"SELECT e.age, e.descriptions, e.relations, e.article_id, COALESCE(ar.date, ar.reference_date) AS date "
            f"FROM entities e JOIN articles ar ON ar.id = e.article_id WHERE e.person_id = ? AND {synd}", (pid,)).fetchall()
        ages, descs, rels = Counter(), Counter(), {}
        for e in ents:
            if e["age"] is not None:
                ages[(e["age"], e["date"])] += 1
            descs.update(json.loads(e["descriptions"]))
            for r in json.loads(e["relations"]):
                rels.setdefault((r["type"], r["target"], r.get("date")), {"type": r["type"], "target": r["target"],
                                                                         "date": r.get("date"), "articles": 0})
                rels[(r["type"], r["target"], r.get("date"))]["articles"] += 1
        dates = sorted(e["date"] for e in ents if e["date"])
        aliases = [r[0] for r in conn.execute("SELECT alias FROM aliases WHERE person_id = ? ORDER BY alias", (pid,))
                   if norm_name(r[0]) != norm_name(p["name"])]
        n_quotes = conn.execute(
            f"SELECT count(*) FROM attribution_speakers s JOIN attributions at ON at.id = s.attribution_id "
            f"JOIN articles ar ON ar.id = at.article_id WHERE s.person_id = ? AND {synd}", (pid,)).fetchone()[0]
        n_about = conn.execute(
            f"SELECT count(*) FROM attribution_about s JOIN attributions at ON at.id = s.attribution_id "
            f"JOIN articles ar ON ar.id = at.article_id WHERE s.person_id = ? AND {synd}", (pid,)).fetchone()[0]
        latest = conn.execute(
            f"SELECT {_QUOTE_COLS} FROM attribution_speakers s JOIN attributions at ON at.id = s.attribution_id "
            f"JOIN articles ar ON ar.id = at.article_id WHERE s.person_id = ? AND {synd} "
            f"ORDER BY date IS NULL, date DESC, ar.seq DESC, at.idx LIMIT ?", (pid, quotes_shown)).fetchall()
        out.append({
            **p, "aliases": aliases,
            "ages": [{"age": a, "as_of": d, "articles": n} for (a, d), n in sorted(ages.items(), key=lambda x: (x[0][1] or "", x[0][0]))],
            "descriptions": [{"text": d, "articles": n} for d, n in descs.most_common(10)],
            "relations": sorted(rels.values(), key=lambda r: (-r["articles"], r["type"], r["target"])),
            "articles": len({e["article_id"] for e in ents}), "first_seen": dates[0] if dates else None,
            "last_seen": dates[-1] if dates else None, "quotes": n_quotes, "quoted_about": n_about,
            "latest_quotes": [_quote_row(r) for r in latest],
        })
    return out


def timeline(conn: sqlite3.Connection, name: str, *, include_undated: bool = False, limit: int | None = None,
             include_syndicated: bool = False) -> dict:
    """The dated events the people `name` matches take part in, oldest first."""
    found = find_people(conn, name)
    where = [f"ep.person_id IN ({_in(_ids(found))})", _synd(include_syndicated)]
    if not include_undated:
        where.append("ev.date IS NOT NULL")
    sql = ("SELECT DISTINCT ev.id, ev.date, ev.text, ev.when_text, ev.derived, ev.participants, ev.article_id, ev.idx, "
           "ar.title, ar.key, COALESCE(ar.date, ar.reference_date) AS article_date, ar.seq "
           "FROM event_people ep JOIN events ev ON ev.id = ep.event_id JOIN articles ar ON ar.id = ev.article_id "
           f"WHERE {' AND '.join(where)} ORDER BY ev.date IS NULL, ev.date, ar.seq, ev.idx")
    if limit is not None and limit > 0:
        sql += f" LIMIT {int(limit)}"
    events = [{"date": r["date"], "when": r["when_text"], "text": r["text"], "derived": bool(r["derived"]),
               "participants": json.loads(r["participants"]), "article_id": r["article_id"], "title": r["title"],
               "article_key": r["key"],
               "article_date": r["article_date"]} for r in conn.execute(sql)]
    return {"matched": found, "events": events}


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20, include_syndicated: bool = False) -> dict:
    """Full-text search (FTS5, best matches first) over quotes and over articles, with snippets."""
    synd = _synd(include_syndicated)
    qq = fts_query(text)
    quotes_hits = [
        {**_quote_row(r), "snippet": r["snip"], "rank": r["rank"]}
        for r in conn.execute(
            f"SELECT {_QUOTE_COLS}, snippet(quotes_fts, 0, '{HL_START}', '{HL_END}', '…', 24) AS snip, "
            f"bm25(quotes_fts) AS rank FROM quotes_fts JOIN attributions at ON at.id = quotes_fts.rowid "
            f"JOIN articles ar ON ar.id = at.article_id WHERE quotes_fts MATCH ? AND {synd} "
            f"ORDER BY rank LIMIT ?", (qq, limit))]
    article_hits = [
        {"article_id": r["id"], "title": r["title"], "date": r["date"], "url": r["url"], "article_key": r["key"],
         "snippet": r["snip"], "rank": r["rank"], "syndicated_of": r["syndicated_of"]}
        for r in conn.execute(
            f"SELECT ar.id, ar.title, COALESCE(ar.date, ar.reference_date) AS date, ar.url, ar.key, ar.syndicated_of, "
            f"snippet(articles_fts, 1, '{HL_START}', '{HL_END}', '…', 24) AS snip, bm25(articles_fts) AS rank "
            f"FROM articles_fts JOIN articles ar ON ar.seq = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND {synd} ORDER BY rank LIMIT ?", (qq, limit))]
    return {"query": text, "quotes": quotes_hits, "articles": article_hits}


def stats(conn: sqlite3.Connection, *, include_syndicated: bool = False) -> dict:
    """Counts: articles (all stored), syndicated copies among them, attributions (not counting
    syndicated copies unless asked), attributions_stored, people (persons and organisations)."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    synd = _synd(include_syndicated)
    lo, hi = conn.execute("SELECT min(COALESCE(date, reference_date)), max(COALESCE(date, reference_date)) "
                          "FROM articles").fetchone()
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "syndicated": one("SELECT count(*) FROM articles WHERE syndicated_of IS NOT NULL"),
        "attributions": one(f"SELECT count(*) FROM attributions at JOIN articles ar ON ar.id = at.article_id WHERE {synd}"),
        "attributions_stored": one("SELECT count(*) FROM attributions"),
        "people": one("SELECT count(*) FROM people"),
        "persons": one("SELECT count(*) FROM people WHERE type = 'PERSON'"),
        "organizations": one("SELECT count(*) FROM people WHERE type = 'ORG'"),
        "entities": one("SELECT count(*) FROM entities"),
        "events": one("SELECT count(*) FROM events"),
        "dated_events": one("SELECT count(*) FROM events WHERE date IS NOT NULL"),
        "repeated_paragraphs": one("SELECT count(*) FROM repeated_paragraphs"),
        "sources": one("SELECT count(DISTINCT source) FROM articles"),
        "first_date": lo, "last_date": hi,
    }


# ---------------------------------------------------------------------------------------
# export

EXPORT_COLUMNS = ("article_id", "article_key", "title", "date", "url", "source", "origin", "syndicated_of", "idx",
                  "speaker", "speaker_type", "person", "kind", "nested_in", "confidence", "quote", "cue",
                  "source_text", "about", "content", "source_span", "cue_span")


def export_rows(conn: sqlite3.Connection, *, include_syndicated: bool = False) -> Iterator[dict]:
    """One row per attribution, with its article's metadata; spans and `about` as lists."""
    sql = ("SELECT ar.id AS article_id, ar.key, ar.title, COALESCE(ar.date, ar.reference_date) AS date, ar.url, "
           "ar.source, ar.origin, ar.syndicated_of, at.idx, at.speaker, at.speaker_type, p.name AS person, at.kind, "
           "at.nested_in, at.confidence, at.content_text, at.cue_text, at.source_text, at.about, at.content, "
           "at.source AS source_span, at.cue AS cue_span FROM attributions at JOIN articles ar ON ar.id = at.article_id "
           f"LEFT JOIN people p ON p.id = at.person_id WHERE {_synd(include_syndicated)} ORDER BY ar.seq, at.idx")
    for r in conn.execute(sql):
        yield {"article_id": r["article_id"], "article_key": r["key"], "title": r["title"], "date": r["date"],
               "url": r["url"], "source": r["source"], "origin": r["origin"], "syndicated_of": r["syndicated_of"],
               "idx": r["idx"], "speaker": r["speaker"], "speaker_type": r["speaker_type"], "person": r["person"],
               "kind": r["kind"], "nested_in": r["nested_in"], "confidence": r["confidence"],
               "quote": r["content_text"], "cue": r["cue_text"], "source_text": r["source_text"],
               "about": json.loads(r["about"]), "content": json.loads(r["content"]),
               "source_span": json.loads(r["source_span"]), "cue_span": json.loads(r["cue_span"])}


def _parquet_schema():
    import pyarrow as pa

    span = pa.list_(pa.list_(pa.int64()))
    types = {"idx": pa.int64(), "nested_in": pa.int64(), "confidence": pa.float64(), "about": pa.list_(pa.string()),
             "content": span, "source_span": span, "cue_span": span}
    return pa.schema([(c, types.get(c, pa.string())) for c in EXPORT_COLUMNS])


def export(conn: sqlite3.Connection, fmt: str, out: str | Path, *, include_syndicated: bool = False,
           chunk: int = 10_000) -> int:
    """Write every attribution to `out` as jsonl, csv or parquet; returns the row count."""
    rows = export_rows(conn, include_syndicated=include_syndicated)
    n = 0
    out = Path(out)
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    elif fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=EXPORT_COLUMNS)
            w.writeheader()
            for row in rows:
                w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in row.items()})
                n += 1
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _parquet_schema()
        with pq.ParquetWriter(str(out), schema) as w:
            buf: list[dict] = []
            for row in rows:
                buf.append(row)
                if len(buf) >= chunk:
                    w.write_table(pa.Table.from_pylist(buf, schema=schema))
                    n += len(buf)
                    buf = []
            if buf or n == 0:
                w.write_table(pa.Table.from_pylist(buf, schema=schema))
                n += len(buf)
    else:
        raise QueryError(f"unknown export format {fmt!r} (jsonl, csv or parquet)")
    return n
