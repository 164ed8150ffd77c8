"""The corpus store's SQLite schema (one file, WAL mode, stdlib `sqlite3` only).

Spans are JSON lists of ``[start, end)`` fragments into ``articles.text``, exactly as in
`onrecord.model`. Article ids are SHA-256 hashes of the normalised text, so storing the
same article twice is a no-op (``INSERT OR IGNORE``). ``articles.seq`` is the order of
arrival (the full-text index's row id); ``syndicated_of`` links a near-duplicate to the
first article it copies, whose quotes it does not count again.

People are cross-article: one ``people`` row per canonical name and type (PERSON or ORG),
with every alias any article gave it in ``aliases``; the per-article ``entities`` rows keep
what each article said (age, descriptions, relations, mentions) and point at the person.
"""
from __future__ import annotations

SCHEMA_VERSION = 1

#: entity types that become cross-article people
PEOPLE_TYPES = ("PERSON", "ORG")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id                 TEXT PRIMARY KEY,          -- sha256 of the normalised text
    seq                INTEGER NOT NULL UNIQUE,   -- order of arrival; rowid of articles_fts
    key                TEXT,                      -- the id the source gave it (file name, JSONL id, URL)
    title              TEXT,
    date               TEXT,                      -- publication date, ISO
    url                TEXT,
    source             TEXT,
    author             TEXT,
    origin             TEXT,                      -- where it was read: path, path:line, path#record
    text               TEXT NOT NULL,
    syndicated_of      TEXT REFERENCES articles(id),
    similarity         REAL,                      -- word 5-shingle Jaccard with syndicated_of
    reference_date     TEXT,
    reference_inferred INTEGER NOT NULL DEFAULT 0,
    model              TEXT,
    added_at           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_syndicated ON articles(syndicated_of);

CREATE TABLE IF NOT EXISTS people (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,                           -- PERSON | ORG
    norm TEXT NOT NULL,                           -- casefolded name, for matching
    UNIQUE (norm, type)
);

CREATE TABLE IF NOT EXISTS aliases (
    person_id INTEGER NOT NULL REFERENCES people(id),
    alias     TEXT NOT NULL,
    norm      TEXT NOT NULL,
    multiword INTEGER NOT NULL,                   -- only names of 2+ words merge people across articles
    PRIMARY KEY (person_id, norm)
);
CREATE INDEX IF NOT EXISTS aliases_norm ON aliases(norm);

CREATE TABLE IF NOT EXISTS attributions (
    id           INTEGER PRIMARY KEY,             -- rowid of quotes_fts
    article_id   TEXT NOT NULL REFERENCES articles(id),
    idx          INTEGER NOT NULL,                -- index in the article's analysis
    content      TEXT NOT NULL,                   -- JSON fragments
    source       TEXT NOT NULL,
    cue          TEXT NOT NULL,
    content_text TEXT NOT NULL,
    source_text  TEXT NOT NULL,
    cue_text     TEXT NOT NULL,
    speaker      TEXT,
    speaker_type TEXT NOT NULL,
    kind         TEXT NOT NULL,
    nested_in    INTEGER,
    confidence   REAL NOT NULL,
    about        TEXT NOT NULL,                   -- JSON list of entity names
    person_id    INTEGER REFERENCES people(id),   -- the speaker, when one person or organisation
    UNIQUE (article_id, idx)
);
CREATE INDEX IF NOT EXISTS attributions_person ON attributions(person_id);

-- every person a speaker stands for ("Ashton Kutcher; Mila Kunis" is two)
CREATE TABLE IF NOT EXISTS attribution_speakers (
    attribution_id INTEGER NOT NULL REFERENCES attributions(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (attribution_id, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS attribution_speakers_person ON attribution_speakers(person_id);

CREATE TABLE IF NOT EXISTS attribution_about (
    attribution_id INTEGER NOT NULL REFERENCES attributions(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (attribution_id, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS attribution_about_person ON attribution_about(person_id);

-- what each article says about each of its entities (people, organisations, works, places)
CREATE TABLE IF NOT EXISTS entities (
    article_id   TEXT NOT NULL REFERENCES articles(id),
    idx          INTEGER NOT NULL,
    person_id    INTEGER REFERENCES people(id),   -- NULL for works and places
    name         TEXT NOT NULL,
    type         TEXT NOT NULL,
    aliases      TEXT NOT NULL,                   -- JSON
    mentions     TEXT NOT NULL,                   -- JSON fragments
    age          INTEGER,
    gender       TEXT,
    descriptions TEXT NOT NULL,                   -- JSON
    relations    TEXT NOT NULL,                   -- JSON
    quote_count  INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS entities_person ON entities(person_id);

CREATE TABLE IF NOT EXISTS events (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT NOT NULL REFERENCES articles(id),
    idx          INTEGER NOT NULL,
    date         TEXT,
    text         TEXT NOT NULL,
    span         TEXT NOT NULL,
    when_text    TEXT NOT NULL,
    when_span    TEXT NOT NULL,
    participants TEXT NOT NULL,                   -- JSON names
    derived      INTEGER NOT NULL,
    UNIQUE (article_id, idx)
);

CREATE TABLE IF NOT EXISTS event_people (
    event_id  INTEGER NOT NULL REFERENCES events(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (event_id, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_people_person ON event_people(person_id);

CREATE TABLE IF NOT EXISTS repeated_paragraphs (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx        INTEGER NOT NULL,
    span       TEXT NOT NULL,
    first      TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (article_id, idx)
);

-- syndication: each article's MinHash signature and its LSH band keys (the persisted LSH)
CREATE TABLE IF NOT EXISTS minhashes (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    signature  BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS lsh_bands (
    band       INTEGER NOT NULL,
    key        BLOB NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (band, key, article_id)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    content_text, speaker, content='attributions', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2'
);
"""
