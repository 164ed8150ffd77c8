"""Opening the store and writing analysed articles into it.

    store = Store.open("onrecord.db")          # creates the schema if the file is new
    with store.writer() as w:                   # one transaction per batch
        w.add(article, source_doc)
        w.commit()
    store.connect()                             # a reader; works while a writer writes (WAL)

Every connection runs with ``journal_mode=WAL``, ``synchronous=NORMAL``, foreign keys on
and a busy timeout, so readers never wait for an ingest and a second writer waits its turn.
"""
from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..model import Article, fragments_text
from ..reading.sources import SourceDoc
from . import syndication
from .schema import PEOPLE_TYPES, SCHEMA, SCHEMA_VERSION

DEFAULT_DB = "onrecord.db"
BUSY_TIMEOUT_MS = 60_000


class StoreError(Exception):
    """A store that cannot be opened or used; `str()` is one line."""


def default_db_path() -> str:
    """``$ONRECORD_DB``, else ``onrecord.db`` in the current folder."""
    return os.environ.get("ONRECORD_DB") or DEFAULT_DB


def norm_name(name: str) -> str:
    """A name as it is matched: NFKC, curly apostrophes straightened, casefolded, spaced once."""
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(s.casefold().split())


def _connect(path: str, *, check_same_thread: bool = True) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=check_same_thread)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network file system
        raise StoreError(f"{path}: cannot use write-ahead logging (journal mode {mode})")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Store:
    """A store file; `connect()` gives readers, `writer()` the one writer."""

    def __init__(self, path: str) -> None:
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True) -> Store:
        path = os.fspath(path)
        if not create and not os.path.exists(path):
            raise StoreError(f"{path}: no store here (run `onrecord ingest` first, or give --db)")
        if os.path.isdir(path):
            raise StoreError(f"{path}: is a directory, not a store file")
        parent = Path(path).resolve().parent
        if create and not parent.is_dir():
            raise StoreError(f"{path}: no such folder {parent}")
        store = cls(path)
        try:
            conn = _connect(path)
            try:
                store._ensure_schema(conn, create)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not an onrecord store ({exc})") from None
        return store

    def _ensure_schema(self, conn: sqlite3.Connection, create: bool) -> None:
        has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if has_meta:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else None
            if version != SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store schema version {version}; this onrecord reads {SCHEMA_VERSION}")
            return
        other = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        if other:
            raise StoreError(f"{self.path}: an SQLite file, but not an onrecord store")
        if not create:
            raise StoreError(f"{self.path}: empty store")
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone():
                for statement in _statements(SCHEMA):
                    conn.execute(statement)
                conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?)", (_now(),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def connect(self, *, check_same_thread: bool = True) -> sqlite3.Connection:
        """A connection for reading (rows as `sqlite3.Row`)."""
        conn = _connect(self.path, check_same_thread=check_same_thread)
        conn.row_factory = sqlite3.Row
        return conn

    def writer(self) -> Writer:
        return Writer(_connect(self.path))


def _statements(script: str) -> list[str]:
    """The statements of an SQL script (executescript would commit the open transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _frags(frags) -> str:
    return json.dumps([list(f) for f in frags])


@dataclass
class Added:
    """What storing one article did."""

    added: bool
    attributions: int = 0
    new_people: int = 0
    syndicated_of: str | None = None


class Writer:
    """Adds analysed articles; nothing is visible to readers until `commit()`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._in_tx = False
        self._pending = 0

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        self.conn.close()

    def _begin(self) -> None:
        if not self._in_tx:
            self.conn.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self.conn.execute("COMMIT")
            self._in_tx = False
        self._pending = 0

    def rollback(self) -> None:
        if self._in_tx:
            self.conn.execute("ROLLBACK")
            self._in_tx = False

    def close(self) -> None:
        self.rollback()
        self.conn.close()

    def done_one(self, batch_size: int) -> None:
        """Count one article handled; commit every `batch_size` of them."""
        self._pending += 1
        if self._pending >= batch_size:
            self.commit()


    # -- people ------------------------------------------------------------------------

    def person(self, name: str, type_: str, aliases=()) -> tuple[int, bool]:
        """The person (id, created?) an article's entity is, among those of the same type:
        the one with the same canonical name; else the first whose multi-word name or alias
        equals the entity's name or one of its multi-word aliases; else, for a one-word
        name ("Kunis"), the only person with that alias. Otherwise a new person. Every
        alias of the entity is attached to the person."""
        c = self.conn
        n = norm_name(name)
        keys = sorted({n} | {norm_name(a) for a in aliases if len(a.split()) > 1} - {""})
        row = c.execute("SELECT id FROM people WHERE norm = ? AND type = ?", (n, type_)).fetchone()
        if row is None and keys:
            marks = ",".join("?" * len(keys))
            row = c.execute(
                f"SELECT p.id FROM aliases a JOIN people p ON p.id = a.person_id "
                f"WHERE a.norm IN ({marks}) AND a.multiword = 1 AND p.type = ? ORDER BY p.id LIMIT 1",
                (*keys, type_)).fetchone()
        if row is None and len(n.split()) == 1:
            rows = c.execute("SELECT DISTINCT a.person_id FROM aliases a JOIN people p ON p.id = a.person_id "
                             "WHERE a.norm = ? AND p.type = ? LIMIT 2", (n, type_)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        created = row is None
        pid = c.execute("INSERT INTO people(name, type, norm) VALUES (?, ?, ?)",
                        (name, type_, n)).lastrowid if created else row[0]
        c.executemany("INSERT OR IGNORE INTO aliases(person_id, alias, norm, multiword) VALUES (?, ?, ?, ?)",
                      [(pid, a, norm_name(a), int(len(a.split()) > 1)) for a in (name, *aliases) if norm_name(a)])
        return pid, created

    # -- articles ----------------------------------------------------------------------

    def add(self, article: Article, src: SourceDoc | None = None, article_id: str | None = None) -> Added:
        """Store one analysed article (in the current batch). An article already stored (same
        content hash) is left as it is."""
        self._begin()
        c = self.conn
        aid = article_id or article.id
        src = src or SourceDoc(key=article.id, text=article.text)
        seq = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        cur = c.execute(
            "INSERT OR IGNORE INTO articles(id, seq, key, title, date, url, source, author, origin, text, "
            "reference_date, reference_inferred, model, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, seq, src.key, src.title, src.date or article.date, src.url, src.source, src.author, src.origin,
             article.text, article.reference_date, int(article.reference_inferred), article.model, _now()))
        if cur.rowcount == 0:
            return Added(False)
        c.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)", (seq, src.title or "", article.text))

        original, sim = syndication.record(c, aid, article.text)
        if original is not None:
            c.execute("UPDATE articles SET syndicated_of = ?, similarity = ? WHERE id = ?", (original, round(sim, 4), aid))

        new_people = 0
        by_name: dict[str, int | None] = {}
        for i, e in enumerate(article.entities):
            pid = None
            if e.type in PEOPLE_TYPES:
                pid, created = self.person(e.name, e.type, e.aliases)
                new_people += created
            by_name.setdefault(e.name, pid)
            c.execute(
                "INSERT INTO entities(article_id, idx, person_id, name, type, aliases, mentions, age, gender, "
                "descriptions, relations, quote_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (aid, i, pid, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False), _frags(e.mentions), e.age,
                 e.gender, json.dumps(e.descriptions, ensure_ascii=False),
                 json.dumps([r.to_dict() for r in e.relations], ensure_ascii=False), e.quote_count))

        # a name the analysis gives in another form ("Mendes" for the entity "Carlos Mendes"):
        # an alias of exactly one of the article's entities
        by_alias: dict[str, set[str]] = {}
        for e in article.entities:
            for n in (e.name, *e.aliases):
                by_alias.setdefault(norm_name(n), set()).add(e.name)

        def local(name: str) -> tuple[bool, int | None]:
            if name in by_name:
                return True, by_name[name]
            names = by_alias.get(norm_name(name), set())
            if len(names) == 1:
                return True, by_name.get(next(iter(names)))
            return False, None

        def speaker_ids(speaker: str | None, stype: str) -> list[int]:
            nonlocal new_people
            if not speaker or stype in ("anonymous", "anonymous-group"):
                return []
            parts = [p.strip() for p in speaker.split(";")] if ";" in speaker or stype == "group" else [speaker]
            ids = []
            for p in parts:
                if not p:
                    continue
                known, pid = local(p)
                if not known and stype in ("person", "organization"):
                    # a named speaker the article's entities lack; a group ("Masterson's family")
                    # links only the members it names
                    pid, created = self.person(p, "ORG" if stype == "organization" else "PERSON")
                    new_people += created
                    by_name[p] = pid
                if pid is not None and pid not in ids:
                    ids.append(pid)
            return ids

        text = article.text
        for i, a in enumerate(article.attributions):
            ids = speaker_ids(a.speaker, a.speaker_type)
            att_id = c.execute(
                "INSERT INTO attributions(article_id, idx, content, source, cue, content_text, source_text, cue_text, "
                "speaker, speaker_type, kind, nested_in, confidence, about, person_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (aid, i, _frags(a.content), _frags(a.source), _frags(a.cue), fragments_text(text, a.content),
                 fragments_text(text, a.source), fragments_text(text, a.cue), a.speaker, a.speaker_type, a.kind,
                 a.nested_in, float(a.confidence), json.dumps(a.about, ensure_ascii=False),
                 ids[0] if len(ids) == 1 else None)).lastrowid
            c.execute("INSERT INTO quotes_fts(rowid, content_text, speaker) VALUES (?, ?, ?)",
                      (att_id, fragments_text(text, a.content), a.speaker or ""))
            c.executemany("INSERT OR IGNORE INTO attribution_speakers(attribution_id, person_id) VALUES (?, ?)",
                          [(att_id, p) for p in ids])
            about_ids = {pid for pid in (local(n)[1] for n in a.about) if pid is not None}
            c.executemany("INSERT OR IGNORE INTO attribution_about(attribution_id, person_id) VALUES (?, ?)",
                          [(att_id, p) for p in sorted(about_ids)])

        for i, ev in enumerate(article.events):
            ev_id = c.execute(
                "INSERT INTO events(article_id, idx, date, text, span, when_text, when_span, participants, derived) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (aid, i, ev.date, ev.text, json.dumps(list(ev.span)), ev.when, json.dumps(list(ev.when_span)),
                 json.dumps(ev.participants, ensure_ascii=False), int(ev.derived))).lastrowid
            pids = {pid for pid in (local(n)[1] for n in ev.participants) if pid is not None}
            c.executemany("INSERT OR IGNORE INTO event_people(event_id, person_id) VALUES (?, ?)",
                          [(ev_id, p) for p in sorted(pids)])

        c.executemany(
            "INSERT INTO repeated_paragraphs(article_id, idx, span, first, similarity) VALUES (?,?,?,?,?)",
            [(aid, i, json.dumps(list(r.span)), json.dumps(list(r.first)), r.similarity)
             for i, r in enumerate(article.repeated_paragraphs)])
        return Added(True, len(article.attributions), new_people, original)
