"""Hostile inputs: `onrecord ingest` on decompression bombs, a huge WARC record, a 20 MB
article and 10,000-deep HTML, each as a whole process, with a good article in the same
call. Records wall seconds, peak RSS of the process tree (sampled from /proc every 20 ms,
and the kernel's ru_maxrss), the exit status, the stderr lines and what was stored.

    python3 bench/bench_hostile.py [--sides spaces,spaces15g,...] [--save bench/results/hostile.json] [--json]

The inputs are generated in a temporary folder (streamed through zlib, never held in
memory): about 1.5 MB + 15 MB of gzip, 1.5 MB of WARC, 20 MB of JSONL.

Sides (all but `long-raised` by default):

* ``spaces``      1.5 MB .jsonl.gz of 1.5 GB of spaces on one line (+ a good article)
* ``spaces-alone`` the same bomb alone: nothing to analyse, so spaCy is never loaded
* ``spaces15g``   ten times that bomb: 15 GB of spaces, past the 10 GB unpacked limit
* ``gztext``      a .txt.gz that unpacks to 1.5 GB of text
* ``warc``        a .warc.gz whose HTML response declares and holds a 1.5 GB payload,
                  followed by a good page in the same file
* ``long``        a JSONL line holding one 20,000,000-character article (+ a good line)
* ``deep``        an HTML page whose text sits under 10,000 nested <div>s
* ``html-max``    an HTML page of 3.9 MB, just under --max-html-bytes: extracted, then
                  refused as too long an article (the cost of the largest page parsed)
* ``max-article`` a JSONL line with a 1,990,000-character article, just under
                  --max-article-chars: analysed and stored (the cost of the largest article)
* ``long-raised`` the 20 MB article again with --max-article-chars 30000000: analysed,
                  with progress notes (many minutes on 2 cores; not run by default)
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _common import emit_report, machine_info, onrecord_command, prepare_source, run_measured  # noqa: E402

GB = 1000**3
MB = 1000**2

GOOD = (
    "Mayor John Smith presented the city budget on Monday, September 4, 2023.\n"
    "\"We will not raise taxes this year,\" Smith said. \"The books are balanced.\"\n"
    "Councilwoman Ana Lopez said the plan would hurt the harbor.\n"
)

#: the good article of the WARC and of the deep page (each side's inputs are distinct articles)
GOOD_PAGE = (
    "Harbor master Olga Petrova said the ferry would run again from Monday.\n"
    "\"We have repaired both engines,\" Petrova said on Friday.\n"
)

DEFAULT_SIDES = "spaces,spaces-alone,spaces15g,gztext,warc,long,deep,html-max,max-article"


def _gzip_stream(out, pieces, level: int = 9) -> None:
    """Write the byte strings of `pieces` to `out` as one gzip member, streaming."""
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    for p in pieces:
        out.write(c.compress(p))
    out.write(c.flush())


def _repeat(block: bytes, total: int):
    left = total
    while left > 0:
        piece = block if left >= len(block) else block[:left]
        left -= len(piece)
        yield piece


def spaces_bomb(path: Path, size: int) -> None:
    with open(path, "wb") as out:
        _gzip_stream(out, _repeat(b" " * (1 << 20), size))


def text_bomb(path: Path, size: int) -> None:
    line = b"The council met again on Tuesday and said nothing new about the harbor bridge.\n"
    with open(path, "wb") as out:
        _gzip_stream(out, _repeat(line * ((1 << 20) // len(line) + 1), size))


def warc_bomb(path: Path, payload: int) -> None:
    """A gzipped WARC: one HTML response whose payload is `payload` bytes of spaces inside
    <p>, then a good page (both gzip members, as crawlers write them)."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: " + str(payload).encode() + b"\r\n\r\n")
    warc = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"WARC-Date: 2023-09-15T08:00:00Z\r\nWARC-Target-URI: https://bomb.example/huge\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + str(len(http) + payload).encode() + b"\r\n\r\n")
    head = b"<html><body><p>"
    tail = b"</p></body></html>"
    with open(path, "wb") as out:
        _gzip_stream(out, [warc, http, head, *_repeat(b" " * (1 << 20), payload - len(head) - len(tail)), tail,
                           b"\r\n\r\n"])
        buf = BytesIO()
        w = WARCWriter(buf, gzip=True)
        page = ("<html><head><title>Ferry</title></head><body><article><p>"
                + GOOD_PAGE.replace("\n", "</p><p>") + "</p></article></body></html>").encode()
        rec = w.create_warc_record("https://good.example/budget", "response", payload=BytesIO(page),
                                   http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                                                 protocol="HTTP/1.1"),
                                   warc_headers_dict={"WARC-Date": "2023-09-15T09:00:00Z"})
        w.write_record(rec)
        out.write(buf.getvalue())


def long_article(chars: int) -> str:
    """Distinct synthetic news text (no repeated paragraphs to fold away) of `chars` characters."""
    from corpus_fixtures import long_doc

    parts, n, seed = [], 0, 0
    while n < chars:
        d = long_doc(seed, sentences=60)
        parts.append(d)
        n += len(d)
        seed += 1
    return "".join(parts)[:chars]


def long_jsonl(path: Path, chars: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "huge", "text": long_article(chars), "date": "2023-09-15"}) + "\n")
        out.write(json.dumps({"id": "good", "text": GOOD_PAGE, "date": "2023-09-04"}) + "\n")


def big_html(path: Path, size: int) -> None:
    """A page of `size` bytes of article markup (distinct paragraphs in <div><p>)."""
    from corpus_fixtures import long_doc

    head, tail = "<html><head><title>Big</title></head><body><article>", "</article></body></html>"
    parts, n, seed = [], len(head) + len(tail), 0
    while True:
        d = "".join(f"<div class='c{seed % 7}'><p>{line}</p></div>\n" for line in long_doc(seed, 60).splitlines())
        if n + len(d) > size:
            break
        parts.append(d)
        n += len(d)
        seed += 1
    path.write_text(head + "".join(parts) + tail, encoding="utf-8")


def deep_html(path: Path, depth: int) -> None:
    body = "".join(f"<p>{line}</p>" for line in GOOD_PAGE.splitlines())
    path.write_text("<html><head><title>Deep</title></head><body>" + "<div>" * depth + body + "</div>" * depth
                    + "</body></html>", encoding="utf-8")


def build(tmp: Path, sides: list[str]) -> dict[str, list[str]]:
    """The inputs of each side: two good articles, the hostile input, a third good article
    (with --batch-size 1 the model is loaded after the first two, so the hostile input is
    read with spaCy resident, the worst case for memory; the third shows the call goes on)."""
    from corpus_fixtures import long_doc

    goods = []
    for i in range(3):
        g = tmp / f"good{i}.txt"
        g.write_text(GOOD if i == 0 else long_doc(1000 + i, sentences=8), encoding="utf-8")
        goods.append(str(g))

    def around(*hostile: str) -> list[str]:
        return [goods[0], goods[1], *hostile, goods[2]]

    out: dict[str, list[str]] = {}
    for side in sides:
        print(f"  making {side} …", file=sys.stderr, flush=True)
        if side in ("spaces", "spaces-alone"):
            p = tmp / "spaces.jsonl.gz"
            if not p.exists():
                spaces_bomb(p, int(1.5 * GB))
            out[side] = [str(p)] if side == "spaces-alone" else around(str(p))
        elif side == "spaces15g":
            p = tmp / "spaces15g.jsonl.gz"
            spaces_bomb(p, 15 * GB)
            out[side] = around(str(p))
        elif side == "gztext":
            p = tmp / "bomb.txt.gz"
            text_bomb(p, int(1.5 * GB))
            out[side] = around(str(p))
        elif side == "warc":
            p = tmp / "huge.warc.gz"
            warc_bomb(p, int(1.5 * GB))
            out[side] = around(str(p))
        elif side in ("long", "long-raised"):
            p = tmp / "long.jsonl"
            if not p.exists():
                long_jsonl(p, 20_000_000)
            out[side] = around(str(p)) + (["--max-article-chars", "30000000"] if side == "long-raised" else [])
        elif side == "html-max":
            p = tmp / "big.html"
            big_html(p, 3_900_000)
            out[side] = around(str(p))
        elif side == "max-article":
            p = tmp / "max.jsonl"
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(json.dumps({"id": "max", "text": long_article(1_990_000), "date": "2023-09-15"}) + "\n")
            out[side] = around(str(p))
        elif side == "deep":
            p = tmp / "deep.html"
            deep_html(p, 10_000)
            out[side] = around(str(p))
        else:
            raise SystemExit(f"bench: error: unknown side {side!r}")
    return out


def print_tables(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="onrecord ingest on hostile inputs (whole process, fresh store each)")
    for col in ("side", "input", "wall s", "peak RSS MB (tree)", "ru_maxrss MB", "exit", "added", "stderr"):
        t.add_column(col, justify="left" if col in ("side", "input", "stderr") else "right")
    for name, r in report["results"].items():
        t.add_row(name, r["input"], f"{r['wall_s']:.1f}", f"{r['peak_rss_tree_mb']:.0f}", f"{r['maxrss_mb']:.0f}",
                  str(r["exit"]), str(r["added"]), "\n".join(r["stderr"][:4]))
    Console(width=200).print(t)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sides", default=DEFAULT_SIDES)
    ap.add_argument("--timeout", type=float, default=1500)
    ap.add_argument("--tmp", help="where to write the inputs (default: a temporary folder)")
    ap.add_argument("--save")
    ap.add_argument("--json", action="store_true")
    ns = ap.parse_args()
    sides = ns.sides.split(",")
    info = machine_info(prepare_source(None))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(dir=ns.tmp) as tmp_s:
        tmp = Path(tmp_s)
        inputs = build(tmp, sides)
        for side in sides:
            db = tmp / f"{side}.db"
            cmd = onrecord_command() + ["ingest", *inputs[side], "--db", str(db), "--json", "--no-progress",
                                        "--workers", "1", "--batch-size", "1"]
            files = [a for a in inputs[side]
                     if not a.startswith("--") and not a.isdigit() and "good" not in Path(a).name]
            print(f"  {side}: ingest {' '.join(Path(a).name for a in inputs[side] if '/' in a)} …", file=sys.stderr,
                  flush=True)
            r = run_measured(cmd, stdout=open(tmp / f"{side}.out", "w"), timeout=ns.timeout, sample_every=0.02)
            try:
                summary = json.loads((tmp / f"{side}.out").read_text())
            except ValueError:
                summary = {}
            peak_tree = max((kb for _, kb in r.rss_samples), default=0)
            results[side] = {
                "input": ", ".join(f"{Path(f).name} ({Path(f).stat().st_size / MB:,.1f} MB)" for f in files),
                "args": inputs[side],
                "wall_s": round(r.wall_s, 2),
                "cpu_s": round(r.cpu_s, 2),
                "peak_rss_tree_mb": round(peak_tree / 1024, 1),
                "maxrss_mb": round(r.maxrss_kb / 1024, 1),
                "exit": r.returncode,
                "timed_out": r.timed_out,
                "added": summary.get("added"),
                "good_articles": 0 if side == "spaces-alone" else 3,
                "rejected": summary.get("rejected"),
                "stderr": [line for line in r.stderr.splitlines() if line.strip()][:12],
            }
            print(f"    {r.wall_s:.1f} s, peak {peak_tree / 1024:.0f} MB, exit {r.returncode}", file=sys.stderr)
    report = {"benchmark": "hostile", "machine": info, "results": results}
    emit_report(report, ns.save, ns.json, print_tables)
    return 0


if __name__ == "__main__":
    sys.exit(main())
