"""Terminal views (rich) of the corpus queries: plain dicts from `onrecord.store.queries` in."""
from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..store.queries import HL_END, HL_START

KIND_STYLE = {"direct": "green", "indirect": "cyan", "mixed": "yellow"}


def _clip(s: str | None, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _speaker(q: dict) -> Text:
    if q.get("speaker"):
        return Text(q["speaker"], style="bold")
    return Text(f"({q.get('speaker_type')})", style="dim italic")


def _article(q: dict) -> str:
    return _clip(q.get("title") or q.get("article_key") or q.get("article_id", "")[:12], 48)


def _highlight(snippet: str) -> Text:
    out = Text()
    rest = " ".join(snippet.split())
    while HL_START in rest:
        before, _, tail = rest.partition(HL_START)
        hit, _, rest = tail.partition(HL_END)
        out.append(before)
        out.append(hit, style="bold reverse")
    out.append(rest)
    return out


def quotes_table(quotes: list[dict], title: str = "quotes") -> Table:
    t = Table(title=title, title_justify="left", expand=True, pad_edge=False)
    t.add_column("date", no_wrap=True, style="dim")
    t.add_column("speaker", ratio=2)
    t.add_column("kind", no_wrap=True)
    t.add_column("what was said", ratio=6)
    t.add_column("article", ratio=2, style="dim")
    for q in quotes:
        t.add_row(q.get("date") or "", _speaker(q), Text(q["kind"], style=KIND_STYLE.get(q["kind"], "")),
                  Text(_clip(q["quote"], 300)), _article(q))
    return t


def people_table(people: list[dict]) -> Table:
    t = Table(title="people and organisations", title_justify="left", expand=True, pad_edge=False)
    t.add_column("name", ratio=2, style="bold")
    t.add_column("type", no_wrap=True)
    t.add_column("aliases", ratio=3)
    t.add_column("articles", justify="right", no_wrap=True)
    t.add_column("quotes", justify="right", no_wrap=True)
    for p in people:
        t.add_row(p["name"], p["type"].lower(), _clip(", ".join(p["aliases"]), 80), str(p["articles"]), str(p["quotes"]))
    return t


def person_panel(p: dict) -> Panel:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    facts.add_row("type", p["type"].lower())
    if p["aliases"]:
        facts.add_row("aliases", ", ".join(p["aliases"]))
    if p["ages"]:
        facts.add_row("age", "; ".join(f"{a['age']}" + (f" (as of {a['as_of']})" if a["as_of"] else "") for a in p["ages"]))
    if p["descriptions"]:
        facts.add_row("described as", "; ".join(d["text"] for d in p["descriptions"][:6]))
    if p["relations"]:
        facts.add_row("relations", "; ".join(f"{r['type']}: {r['target']}" + (f" ({r['date']})" if r.get("date") else "")
                                             for r in p["relations"][:8]))
    seen = f"{p['articles']} article(s)"
    if p["first_seen"]:
        seen += f", {p['first_seen']}" + (f" – {p['last_seen']}" if p["last_seen"] != p["first_seen"] else "")
    facts.add_row("coverage", seen)
    facts.add_row("quotes", f"{p['quotes']} by, {p['quoted_about']} about")
    parts = [facts]
    if p["latest_quotes"]:
        parts.append(quotes_table(p["latest_quotes"], title="latest quotes"))
    return Panel(Group(*parts), title=Text(p["name"], style="bold"), title_align="left")


def timeline_table(name: str, events: list[dict]) -> Table:
    t = Table(title=f"timeline — {name}", title_justify="left", expand=True, pad_edge=False)
    t.add_column("date", no_wrap=True, style="bold")
    t.add_column("when", ratio=1)
    t.add_column("what", ratio=5)
    t.add_column("article", ratio=2, style="dim")
    for ev in events:
        date = (ev["date"] or "?") + (" ≈" if ev["derived"] else "")
        t.add_row(date, ev["when"], _clip(ev["text"], 200), _article(ev))
    return t


def search_view(res: dict) -> Group:
    qt = Table(title=f"quotes matching “{res['query']}”", title_justify="left", expand=True, pad_edge=False)
    qt.add_column("date", no_wrap=True, style="dim")
    qt.add_column("speaker", ratio=2)
    qt.add_column("quote", ratio=6)
    qt.add_column("article", ratio=2, style="dim")
    for q in res["quotes"]:
        qt.add_row(q.get("date") or "", _speaker(q), _highlight(q["snippet"]), _article(q))
    at = Table(title=f"articles matching “{res['query']}”", title_justify="left", expand=True, pad_edge=False)
    at.add_column("date", no_wrap=True, style="dim")
    at.add_column("article", ratio=2, style="bold")
    at.add_column("snippet", ratio=6)
    for a in res["articles"]:
        at.add_row(a.get("date") or "", _article(a), _highlight(a["snippet"]))
    return Group(qt, at)


def stats_table(s: dict) -> Table:
    t = Table(title="store", title_justify="left", show_header=False, pad_edge=False)
    t.add_column(style="dim")
    t.add_column(justify="right", style="bold")
    labels = [("articles", "articles"), ("syndicated", "  of which syndicated copies"),
              ("attributions", "attributions (not counting copies)"), ("attributions_stored", "attributions stored"),
              ("people", "people and organisations"), ("persons", "  persons"), ("organizations", "  organisations"),
              ("events", "events"), ("dated_events", "  dated"), ("sources", "sources")]
    for key, label in labels:
        if key in s:
            t.add_row(label, f"{s[key]:,}")
    if s.get("first_date"):
        t.add_row("dates", f"{s['first_date']} – {s['last_date']}")
    return t


def ingest_summary(report: dict, totals: dict, db: str, max_rejected: int = 20) -> Group:
    t = Table(title=f"ingested into {db}", title_justify="left", show_header=False, pad_edge=False)
    t.add_column(style="dim")
    t.add_column(justify="right", style="bold")
    t.add_row("articles added", f"{report['added']:,}")
    if report["syndicated"]:
        t.add_row("  of which syndicated copies", f"{report['syndicated']:,}")
    t.add_row("already present (skipped)", f"{report['already_present']:,}")
    t.add_row("attributions added", f"{report['attributions']:,}")
    t.add_row("new people and organisations", f"{report['new_people']:,}")
    if report["skipped_records"]:
        t.add_row("WARC records without an article", f"{report['skipped_records']:,}")
    t.add_row("rejected inputs", Text(f"{len(report['rejected']):,}", style="red" if report["rejected"] else ""))
    t.add_row("store: articles / attributions / people",
              f"{totals['articles']:,} / {totals['attributions']:,} / {totals['people']:,}")
    parts = [t]
    if report["rejected"]:
        r = Table(title="rejected", title_justify="left", expand=True, pad_edge=False, title_style="red")
        r.add_column("input", ratio=2, overflow="fold")
        r.add_column("reason", ratio=3)
        for item in report["rejected"][:max_rejected]:
            r.add_row(item["input"], item["reason"])
        if len(report["rejected"]) > max_rejected:
            r.add_row(f"… {len(report['rejected']) - max_rejected} more", "(each one is on stderr)")
        parts.append(r)
    return Group(*parts)

