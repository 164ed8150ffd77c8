"""Small corpus fixtures for the store, ingest and query tests, written on the fly.

`make_corpus(folder)` writes one good file of every supported format and the bad files
the ingest must reject; `GOOD_ARTICLES` is how many articles the good ones hold.
`make_syndicated(folder)` writes an article and a near-identical copy of it;
`make_long_docs(folder, n)` writes `n` distinct ~1,000-word articles (for the kill test).
"""
from __future__ import annotations

import gzip
import io
import json
import random
import sqlite3
from pathlib import Path

STORY = (
    "Mayor John Smith presented the city budget on Monday, September 4, 2023.\n"
    "\"We will not raise taxes this year,\" Smith said. \"The books are balanced.\"\n"
    "Councilwoman Ana Lopez said the plan would hurt the harbor. \"Smith has failed the harbor district again,\" Lopez said.\n"
    "Smith opened the harbor bridge on March 3, 2021.\n"
)

PAGE = """<!DOCTYPE html>
<html><head><title>Governor reopens river crossing - The Valley Post</title>
<meta property="og:title" content="Governor reopens river crossing">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2023-09-08T10:00:00Z">
<meta property="og:site_name" content="The Valley Post">
<link rel="canonical" href="https://valleypost.example/2023/09/08/crossing">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Governor reopens river crossing</h1>
<p>Governor Tom Baker visited the river crossing on Friday to cut the ribbon.</p>
<p>\u201cThe bridge is open again, and it will stay open,\u201d Baker told reporters at the site.</p>
<p>Engineer Priya Natarajan said the repairs had taken eleven months.</p>
</article><footer>Copyright 2023 The Valley Post</footer></body></html>
"""

J1 = (
    "Councilwoman Ana Lopez, 52, announced her campaign for mayor on Tuesday.\n"
    "\"This city deserves a bridge that works,\" Lopez told supporters at the harbor.\n"
    "Lopez was first elected to the council in 2015.\n"
)

J2_HTML = (
    "<html><head><title>Clinic extends its hours</title></head><body><article>"
    "<p>Hugh Hill, a doctor at the county clinic, said the waiting room had been full since dawn.</p>"
    "<p>\u201cWe are doing our best,\u201d Hill added.</p></article></body></html>"
)

G1 = (
    "School board chair Maria Chen said on Tuesday that the district would hire forty new teachers.\n"
    "\"Our classrooms are too crowded,\" Chen said.\n"
)

G2 = (
    "Fire chief Rosa Diaz warned residents about dry weather on Wednesday.\n"
    "\"Do not light fires in the hills this week,\" Diaz said.\n"
)

WARC_A = """<html><head><title>Storm closes schools</title></head><body><article>
<p>Superintendent Carlos Mendes closed every school in the county on Thursday as the storm arrived.</p>
<p>\u201cThe safety of our children comes first,\u201d Mendes said in a statement.</p>
</article></body></html>"""

WARC_B = """<html><head><title>Ferry service resumes</title>
<meta property="article:published_time" content="2023-09-14"></head><body><article>
<p>Harbor master Olga Petrova said the ferry would run again from Monday.</p>
<p>\u201cWe have repaired both engines,\u201d Petrova said.</p>
</article></body></html>"""

#: articles the good fixture files hold: story.txt, page.html, 2 in dump.jsonl,
#: 2 in dump.jsonl.gz, 2 in crawl.warc.gz
GOOD_ARTICLES = 8

#: the bad fixture files and a word their rejection reason must contain
BAD = {
    "binary.bin": "binary",
    "empty.txt": "empty",
    "latin1.txt": "UTF-8",
    "truncated.jsonl.gz": "truncated",
    "broken.html": "no article text",
}


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """A gzipped WARC: an HTML response per (url, html, warc_date), plus an image, a 404 and a
    page with no article text (skipped, not rejected)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)

        def response(url: str, body: bytes, ctype: str, status: str, date: str) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": date})
            w.write_record(rec)

        for url, html, date in pages:
            response(url, html.encode("utf-8"), "text/html; charset=utf-8", "200 OK", date)
        response("https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png", "200 OK",
                 "2023-09-15T08:00:00Z")
        response("https://news.example.com/missing", b"<html><body><p>Not found</p></body></html>",
                 "text/html", "404 Not Found", "2023-09-15T08:00:00Z")
        response("https://news.example.com/menu", b"<html><head><title>Menu</title></head><body><nav></nav></body></html>",
                 "text/html", "200 OK", "2023-09-15T08:00:00Z")


def make_corpus(folder: Path) -> dict[str, Path]:
    """Every format, good and bad, in `folder`; returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        files[name] = folder / name

    put("story.txt", STORY.encode("utf-8"))
    put("page.html", PAGE.encode("utf-8"))
    lines = [
        json.dumps({"id": "j1", "text": J1, "date": "2023-09-06", "title": "Lopez runs for mayor",
                    "url": "https://harbortimes.example/j1", "source": "Harbor Times"}),
        json.dumps({"id": "j2", "html": J2_HTML, "source": "Clinic News", "date": "2023-09-06"}),
        "{not json",
        json.dumps({"id": "j4", "title": "no body"}),
    ]
    put("dump.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    gz_lines = [json.dumps({"id": "g1", "text": G1, "date": "September 12, 2023", "source": "School News"}),
                json.dumps({"id": "g2", "text": G2, "date": "2023-09-13"})]
    put("dump.jsonl.gz", gzip.compress(("\n".join(gz_lines) + "\n").encode("utf-8")))
    write_warc(folder / "crawl.warc.gz", [("https://news.example.com/storm", WARC_A, "2023-09-15T08:00:00Z"),
                                          ("https://news.example.com/ferry", WARC_B, "2023-09-15T09:00:00Z")])
    files["crawl.warc.gz"] = folder / "crawl.warc.gz"
    # the bad ones
    put("binary.bin", bytes(range(256)) * 8)
    put("empty.txt", b"")
    put("latin1.txt", "Caf\u00e9 owner Jos\u00e9 said \"we are open\" on Monday.\n".encode("latin-1"))
    rng = random.Random(7)
    long_text = " ".join(rng.choice(["harbor", "bridge", "council", "budget", "mayor", "ferry", "storm", "school"])
                         + str(rng.randint(0, 10**6)) for _ in range(3000))
    whole = gzip.compress((json.dumps({"id": "t1", "text": long_text}) + "\n").encode("utf-8"))
    put("truncated.jsonl.gz", whole[: len(whole) // 2])
    put("broken.html", b"<html><head><title>Menu</title></head><body><div><ul><li></li></ul>")
    return files


SYNDICATED = (
    "Dockworkers at the port of Eastbay voted on Sunday to end a strike that had halted shipping for nine days. "
    "Union leader Marcus Reed said the new contract raised wages by six percent over three years. "
    "\"This is a fair deal for every family on the waterfront,\" Reed said after the vote. "
    "The port authority said the first container ships would be unloaded on Monday morning. "
    "Shipping companies had diverted more than forty vessels to other ports during the strike, "
    "and retailers had warned of empty shelves before the holidays. "
    "\"We are glad to have our workers back,\" port director Helen Okafor said. "
    "The agreement still has to be approved by the city council, which meets on Thursday."
)


def make_syndicated(folder: Path) -> tuple[Path, Path]:
    """An article and a wire copy of it with a one-line credit added (Jaccard about 0.9)."""
    folder.mkdir(parents=True, exist_ok=True)
    a, b = folder / "wire_original.txt", folder / "wire_copy.txt"
    a.write_text(SYNDICATED + "\n", encoding="utf-8")
    b.write_text(SYNDICATED + "\nThis story was first published by the Eastbay Courier.\n", encoding="utf-8")
    return a, b


_FIRST = ["Alice", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Keiko", "Liam",
          "Mara", "Nadia", "Oscar", "Paula", "Quentin", "Rita", "Samir", "Tara"]
_LAST = ["Abbott", "Barros", "Castillo", "Dupont", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova", "Jensen",
         "Kowalski", "Lindqvist", "Moreau", "Novak", "Okoye", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka"]
_NOUNS = ["budget", "bridge", "harbor", "school", "ferry", "council", "road", "clinic", "library", "park", "tax",
          "housing", "station", "market", "river", "tunnel", "museum", "stadium", "airport", "factory"]
_ADJ = ["new", "old", "costly", "delayed", "popular", "empty", "crowded", "unsafe", "modern", "public"]
_VERBS = ["approved", "rejected", "delayed", "funded", "criticised", "defended", "inspected", "opened"]


def long_doc(seed: int, sentences: int = 60) -> str:
    """A distinct synthetic news text of about `sentences` sentences with quotes and speakers."""
    rng = random.Random(seed)
    people = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(4)]
    out = [f"{people[0]} spoke about the {rng.choice(_NOUNS)} in article number {seed}."]
    for i in range(sentences):
        p = rng.choice(people)
        surname = p.split()[1]
        a, b, c = rng.sample(_NOUNS, 3)
        form = i % 3
        if form == 0:
            out.append(f"\"The {rng.choice(_ADJ)} {a} and the {b} {c} must come first,\" {surname} said.")
        elif form == 1:
            out.append(f"{p} said the {rng.choice(_ADJ)} {a} had been {rng.choice(_VERBS)} by the {b} board "
                       f"in {rng.randint(1990, 2022)}.")
        else:
            out.append(f"The {a} committee {rng.choice(_VERBS)} the {rng.choice(_ADJ)} {b} plan for the {c}.")
    return "\n".join(out) + "\n"


def make_long_docs(folder: Path, n: int = 12, sentences: int = 60) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"doc{i:02d}.txt"
        p.write_text(long_doc(i, sentences), encoding="utf-8")
        paths.append(p)
    return paths


def committed_articles(db: Path) -> int:
    """Articles committed in the store at `db` so far, read from another connection while
    an ingest may be writing (0 before the file or its schema exists)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:  # no schema yet
        return 0
