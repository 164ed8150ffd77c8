"""Terminal views of an `Article` (rich), kept apart from the CLI's plumbing."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import Article, fragments_text

KIND_STYLE = {"direct": "green", "indirect": "cyan", "mixed": "yellow"}


def _speaker_label(a) -> Text:
    if a.speaker:
        return Text(a.speaker, style="bold")
    return Text(f"({a.speaker_type})", style="dim italic")


def attribution_table(article: Article, max_quote: int = 220) -> Table:
    table = Table(show_lines=False, expand=True, title_justify="left", pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("speaker", ratio=2)
    table.add_column("cue", ratio=1)
    table.add_column("kind", no_wrap=True)
    table.add_column("what was said", ratio=6)
    for i, a in enumerate(article.attributions):
        quote = fragments_text(article.text, a.content)
        quote = " ".join(quote.split())
        if len(quote) > max_quote:
            quote = quote[: max_quote - 1] + "…"
        source = fragments_text(article.text, a.source)
        who = _speaker_label(a)
        if source and (not a.speaker or source.strip() != a.speaker):
            who.append(f"\n“{' '.join(source.split())}”", style="dim")
        marker = f"{i}" if a.nested_in is None else f"{i}↳{a.nested_in}"
        table.add_row(marker, who, fragments_text(article.text, a.cue), Text(a.kind, style=KIND_STYLE.get(a.kind, "")),
                      Text(quote))
    return table


def people_table(article: Article) -> Table:
    table = Table(title="people and organisations", title_justify="left", expand=True, pad_edge=False)
    table.add_column("name", ratio=2, style="bold")
    table.add_column("type", no_wrap=True)
    table.add_column("age", justify="right", no_wrap=True)
    table.add_column("description", ratio=4)
    table.add_column("quotes", justify="right", no_wrap=True)
    for e in article.entities:
        if e.type not in ("PERSON", "ORG"):
            continue
        desc = "; ".join(e.descriptions[:3])
        rel = "; ".join(f"{r.type} of {r.target}" if r.type.endswith("founder") else f"{r.type}: {r.target}"
                        + (f" ({r.date})" if r.date else "") for r in e.relations[:3])
        table.add_row(e.name, e.type.lower(), "" if e.age is None else str(e.age),
                      "\n".join(x for x in (desc, rel) if x), str(e.quote_count or ""))
    return table


def timeline_table(article: Article) -> Table:
    ref = article.reference_date or "unknown"
    if article.reference_date and article.reference_inferred:
        ref += " (inferred from the text)"
    table = Table(title=f"timeline — reference date {ref}", title_justify="left", expand=True, pad_edge=False)
    table.add_column("date", no_wrap=True, style="bold")
    table.add_column("when", ratio=1)
    table.add_column("what", ratio=5)
    for ev in article.events:
        date = ev.date or "?"
        if ev.derived:
            date += " ≈"
        what = ev.text if len(ev.text) <= 160 else ev.text[:159] + "…"
        table.add_row(date, ev.when, what)
    return table


def article_view(article: Article) -> Panel:
    parts = []
    summary = f"{len(article.attributions)} attributions"
    nested = sum(1 for a in article.attributions if a.nested_in is not None)
    if nested:
        summary += f" ({nested} nested)"
    if article.repeated_paragraphs:
        summary += f", {len(article.repeated_paragraphs)} repeated paragraphs skipped"
    parts.append(Text(summary, style="dim"))
    if article.attributions:
        parts.append(attribution_table(article))
    if any(e.type in ("PERSON", "ORG") for e in article.entities):
        parts.append(people_table(article))
    if article.events:
        parts.append(timeline_table(article))
    return Panel(Group(*parts), title=f"[bold]{article.id}[/bold]", title_align="left")


def print_article(console: Console, article: Article) -> None:
    console.print(article_view(article))
