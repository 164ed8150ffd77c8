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
    return Panel(Group(*parts), title=f"[bold]{article.id}[/bold]", title_align="left")


def print_article(console: Console, article: Article) -> None:
    console.print(article_view(article))
