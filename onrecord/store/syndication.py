"""Near-duplicate (syndicated) articles: datasketch MinHash over word 5-shingles, LSH bands.

Each stored article keeps its 128-value MinHash signature and the keys of its LSH bands
(the banding datasketch's `MinHashLSH` picks for a Jaccard threshold of 0.8) in the store,
in the same transaction as the article. A new article's candidates are the stored articles
sharing a band key with it; the exact Jaccard similarity of their shingle sets decides, so
the link does not hang on the MinHash estimate. Persisting the bands means a resumed ingest
finds the same originals as an uninterrupted one, with nothing to rebuild on open.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

import numpy as np

NUM_PERM = 128
THRESHOLD = 0.8
SHINGLE = 5
SEED = 1

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The set of k-word shingles of the lowercased words (the whole text when shorter)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return set()
    if len(words) <= k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@lru_cache(maxsize=1)
def _bands() -> list[tuple[int, int]]:
    from datasketch import MinHashLSH

    return list(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)


#: shingles hashed at a time: `update_batch` builds a (shingles × 128) array of uint64, which
#: for a 20-million-character article in one call would be gigabytes (the minima are the same)
SIGNATURE_BATCH = 10_000


def signature(sh: set[str]) -> np.ndarray:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    batch: list[bytes] = []
    for s in sh:
        batch.append(s.encode("utf-8"))
        if len(batch) >= SIGNATURE_BATCH:
            m.update_batch(batch)
            batch = []
    if batch:
        m.update_batch(batch)
    return m.hashvalues.astype("<u8")


def band_keys(sig: np.ndarray) -> list[tuple[int, bytes]]:
    return [(i, sig[a:b].tobytes()) for i, (a, b) in enumerate(_bands())]


def find_original(conn: sqlite3.Connection, article_id: str, sh: set[str],
                  keys: list[tuple[int, bytes]]) -> tuple[str | None, float]:
    """The earliest stored article this one copies (Jaccard ≥ THRESHOLD), followed to the
    first of its chain, and the similarity; (None, 0.0) when there is none."""
    candidates: set[str] = set()
    for band, key in keys:
        candidates.update(r[0] for r in conn.execute(
            "SELECT article_id FROM lsh_bands WHERE band = ? AND key = ?", (band, key)))
    candidates.discard(article_id)
    best: tuple[int, str, float] | None = None
    for cid in candidates:
        row = conn.execute("SELECT seq, text, syndicated_of FROM articles WHERE id = ?", (cid,)).fetchone()
        if row is None:
            continue
        sim = jaccard(sh, shingles(row[1]))
        if sim >= THRESHOLD:
            root = row[2] or cid
            root_seq = conn.execute("SELECT seq FROM articles WHERE id = ?", (root,)).fetchone()[0]
            if best is None or root_seq < best[0]:
                best = (root_seq, root, sim)
    if best is None:
        return None, 0.0
    return best[1], best[2]


def record(conn: sqlite3.Connection, article_id: str, text: str) -> tuple[str | None, float]:
    """Store the article's signature and bands, and return what it is a copy of, if anything."""
    sh = shingles(text)
    if not sh:
        return None, 0.0
    sig = signature(sh)
    keys = band_keys(sig)
    original, sim = find_original(conn, article_id, sh, keys)
    conn.execute("INSERT OR IGNORE INTO minhashes(article_id, signature) VALUES (?, ?)", (article_id, sig.tobytes()))
    conn.executemany("INSERT OR IGNORE INTO lsh_bands(band, key, article_id) VALUES (?, ?, ?)",
                     [(band, key, article_id) for band, key in keys])
    return original, sim
