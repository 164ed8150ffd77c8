"""Reading whole articles back out of the store (the web app's article view and API).

`load_article(conn, id)` rebuilds the `Article` that was stored, so its `to_dict()` has
the same shape as `onrecord analyze --format json`. `list_articles` pages through the
articles, newest first; `speaker_links` / `entity_links` give the cross-article person
ids the store resolved each quote's speaker and each entity to.
"""
from __future__ import annotations

import json
import sqlite3

from ..model import Article, Attribution, Entity, Event, Relation, RepeatedParagraph


def _frags(s: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in json.loads(s)]


def article_meta(conn: sqlite3.Connection, article_id: str) -> dict | None:
    r = conn.execute("SELECT id, key, title, COALESCE(date, reference_date) AS date, url, source, author, origin, "
                     "syndicated_of, similarity, added_at FROM articles WHERE id = ?", (article_id,)).fetchone()
    return dict(r) if r else None


def list_articles(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0) -> dict:
    """Articles, most recently added first: {"total", "articles": [...]} with quote counts."""
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rows = conn.execute(
        "SELECT ar.id, ar.key, ar.title, COALESCE(ar.date, ar.reference_date) AS date, ar.url, ar.source, "
        "ar.syndicated_of, (SELECT count(*) FROM attributions at WHERE at.article_id = ar.id) AS attributions, "
        "length(ar.text) AS chars FROM articles ar ORDER BY ar.seq DESC LIMIT ? OFFSET ?",
        (int(limit), int(offset))).fetchall()
    return {"total": total, "articles": [dict(r) for r in rows]}


def load_article(conn: sqlite3.Connection, article_id: str) -> Article | None:
    """The stored analysis of one article, as an `Article`; None if there is none."""
    ar = conn.execute("SELECT id, text, date, reference_date, reference_inferred, model FROM articles WHERE id = ?",
                      (article_id,)).fetchone()
    if ar is None:
        return None
    attrs = [Attribution(content=_frags(r["content"]), source=_frags(r["source"]), cue=_frags(r["cue"]),
                         kind=r["kind"], speaker=r["speaker"], speaker_type=r["speaker_type"],
                         nested_in=r["nested_in"], confidence=r["confidence"], about=json.loads(r["about"]))
             for r in conn.execute("SELECT * FROM attributions WHERE article_id = ? ORDER BY idx", (article_id,))]
    repeats = [RepeatedParagraph(span=tuple(json.loads(r["span"])), first=tuple(json.loads(r["first"])),
                                 similarity=r["similarity"])
               for r in conn.execute("SELECT * FROM repeated_paragraphs WHERE article_id = ? ORDER BY idx",
                                     (article_id,))]
    entities = [Entity(name=r["name"], type=r["type"], aliases=json.loads(r["aliases"]), mentions=_frags(r["mentions"]),
                       age=r["age"], gender=r["gender"], descriptions=json.loads(r["descriptions"]),
                       relations=[Relation(x["type"], x["source"], x["target"], tuple(x["span"]), x.get("date"))
                                  for x in json.loads(r["relations"])],
                       quote_count=r["quote_count"])
                for r in conn.execute("SELECT * FROM entities WHERE article_id = ? ORDER BY idx", (article_id,))]
    events = [Event(date=r["date"], text=r["text"], span=tuple(json.loads(r["span"])), when=r["when_text"],
                    when_span=tuple(json.loads(r["when_span"])), participants=json.loads(r["participants"]),
                    derived=bool(r["derived"]))
              for r in conn.execute("SELECT * FROM events WHERE article_id = ? ORDER BY idx", (article_id,))]
    return Article(id=ar["id"], text=ar["text"], attributions=attrs, repeated_paragraphs=repeats, date=ar["date"],
                   model=ar["model"], entities=entities, events=events, reference_date=ar["reference_date"],
                   reference_inferred=bool(ar["reference_inferred"]))


def speaker_links(conn: sqlite3.Connection, article_id: str) -> dict[int, list[dict]]:
    """For each attribution index of the article, the people its speaker was resolved to."""
    out: dict[int, list[dict]] = {}
    for r in conn.execute("SELECT at.idx, p.id, p.name FROM attributions at JOIN attribution_speakers s "
                          "ON s.attribution_id = at.id JOIN people p ON p.id = s.person_id WHERE at.article_id = ? "
                          "ORDER BY at.idx, p.id", (article_id,)):
        out.setdefault(r["idx"], []).append({"id": r["id"], "name": r["name"]})
    return out


def entity_links(conn: sqlite3.Connection, article_id: str) -> dict[int, int]:
    """Entity index → person id, for the article's entities that are cross-article people."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT idx, person_id FROM entities WHERE article_id = ? AND person_id IS NOT NULL", (article_id,))}


def person_by_id(conn: sqlite3.Connection, person_id: int) -> dict | None:
    r = conn.execute("SELECT id, name, type FROM people WHERE id = ?", (int(person_id),)).fetchone()
    return {"id": r[0], "name": r[1], "type": r[2]} if r else None
