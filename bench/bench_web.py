"""Latency of the web app under a bounded load on loopback.

Serves a store with `onrecord serve` (a separate process) and sends a fixed number of
requests from a few concurrent clients to the article page and to `/api/quotes`, then
prints p50/p99 latencies and throughput. Traffic goes to 127.0.0.1 only; the loops are
bounded in count and time.

    python3 bench/bench_web.py [--db STORE] [--clients 4] [--requests 200]

Without `--db`, a store of PolNeAR train (840 articles) is built first with
`onrecord ingest` into a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, die, emit_report, onrecord_command  # noqa: E402

TRAIN = SHARED / "data/polnear/train/text"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as resp:
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{url}: HTTP {resp.status}")
    return time.perf_counter() - t0


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def load(base: str, urls: list[str], clients: int, deadline_s: float) -> dict:
    stop = time.time() + deadline_s
    lat: list[float] = []
    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for dt in pool.map(lambda u: _get(base + u) if time.time() < stop else float("nan"), urls):
            if dt == dt:  # not NaN: sent before the deadline
                lat.append(dt)
    wall = time.perf_counter() - t0
    return {"requests": len(lat), "p50_ms": round(1000 * _pct(lat, 50), 1), "p99_ms": round(1000 * _pct(lat, 99), 1),
            "mean_ms": round(1000 * statistics.mean(lat), 1), "per_s": round(len(lat) / wall, 1)}


def print_tables(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"onrecord serve — {report['articles']} articles, {report['clients']} concurrent clients")
    for col in ("route", "requests", "p50 ms", "p99 ms", "mean ms", "requests/s"):
        t.add_column(col, justify="left" if col == "route" else "right")
    for name, r in report["results"].items():
        t.add_row(name, str(r["requests"]), f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}", f"{r['mean_ms']:.1f}",
                  f"{r['per_s']:.1f}")
    Console().print(t)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=200, help="per route")
    ap.add_argument("--deadline", type=float, default=120, help="seconds per route, at most")
    ap.add_argument("--save")
    ap.add_argument("--json", action="store_true")
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = ns.db
        if db is None:
            if not TRAIN.is_dir():
                die(f"no --db and no PolNeAR train at {TRAIN}")
            db = str(Path(tmp) / "train.db")
            print(f"building a store of {TRAIN} …", file=sys.stderr, flush=True)
            subprocess.run(onrecord_command() + ["ingest", str(TRAIN), "--db", db, "--no-progress"],
                           check=True, stdout=subprocess.DEVNULL)
        port = _port()
        server = subprocess.Popen(onrecord_command() + ["serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    _get(base + "/api/articles?limit=1")
                    break
                except OSError:
                    time.sleep(0.1)
            with urllib.request.urlopen(base + "/api/articles?limit=1000") as resp:
                ids = [a["id"] for a in json.load(resp)["articles"]]
            with urllib.request.urlopen(base + "/api/people?limit=50") as resp:
                people = json.load(resp)
            names = [p["name"] for p in (people.get("people") if isinstance(people, dict) else people)][:20]
            rng = random.Random(7)
            article_urls = [f"/articles/{rng.choice(ids)}" for _ in range(ns.requests)]
            quote_urls = [f"/api/quotes?speaker={urllib.request.quote(rng.choice(names))}" for _ in range(ns.requests)]
            for warm in article_urls[:5] + quote_urls[:5]:
                _get(base + warm)
            results = {"/articles/{id}": load(base, article_urls, ns.clients, ns.deadline),
                       "/api/quotes?speaker=": load(base, quote_urls, ns.clients, ns.deadline)}
        finally:
            server.terminate()
            server.wait(timeout=10)
    report = {"benchmark": "web", "articles": len(ids), "clients": ns.clients, "results": results}
    emit_report(report, ns.save, ns.json, print_tables)
    return 0


if __name__ == "__main__":
    sys.exit(main())
