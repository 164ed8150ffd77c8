"""An article's text as HTML with its attributions highlighted (in the spirit of displaCy).

Everything is cut at character offsets and every piece of text is escaped, so an article
holding ``<script>`` shows it as text. Sources, cues and contents get distinct classes
(``src``, ``cue``, ``cnt``); a quote nested in another keeps both; repeated paragraphs are
``rep`` (greyed); after each quote's last fragment comes its speaker, a link to the
person page when the store resolved the speaker to a person.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Article

#: class per role; the most specific role wins the colour when roles overlap
ROLES = ("cnt", "src", "cue")


def render_article(article: Article, links: dict[int, list[dict]] | None = None) -> Markup:
    text = article.text
    n = len(text)
    links = links or {}
    clip = lambda a, b: (max(0, min(n, a)), max(0, min(n, b)))  # noqa: E731
    marks: list[tuple[int, int, str, int]] = []  # (start, end, role, attribution index)
    for i, a in enumerate(article.attributions):
        for role, frags in (("cnt", a.content), ("src", a.source), ("cue", a.cue)):
            for s, e in frags:
                s, e = clip(s, e)
                if e > s:
                    marks.append((s, e, role, i))
    reps = [clip(*r.span) for r in article.repeated_paragraphs]
    labels: dict[int, list[int]] = {}  # offset → attribution indices whose content ends there
    for i, a in enumerate(article.attributions):
        if a.content:
            labels.setdefault(clip(0, a.end)[1], []).append(i)
    cuts = {0, n, *labels}
    for s, e, _, _ in marks:
        cuts.update((s, e))
    for s, e in reps:
        cuts.update((s, e))
    points = sorted(cuts)
    out: list[str] = []
    for k, start in enumerate(points):
        for i in labels.get(start, []):
            out.append(_label(article, i, links.get(i)))
        if k + 1 >= len(points):
            break
        end = points[k + 1]
        if end <= start:
            continue
        piece = str(escape(text[start:end]))
        active = [(role, i) for s, e, role, i in marks if s <= start and end <= e]
        classes = sorted({role for role, _ in active}, key=ROLES.index)
        if any(s <= start and end <= e for s, e in reps):
            classes.append("rep")
        if classes:
            ids = sorted({i for _, i in active})
            data = f' data-q="{" ".join(map(str, ids))}"' if ids else ""
            title = ' title="repeated paragraph"' if "rep" in classes else ""
            out.append(f'<span class="{" ".join(classes)}"{data}{title}>{piece}</span>')
        else:
            out.append(piece)
    return Markup("".join(out))


def _label(article: Article, i: int, people: list[dict] | None) -> str:
    a = article.attributions[i]
    name = a.speaker or a.speaker_type or "unknown"
    kind = escape(a.kind)
    if people:
        inner = ", ".join(f'<a class="spk" href="/people/{int(p["id"])}">{escape(p["name"])}</a>' for p in people)
    else:
        inner = f'<span class="spk-none">{escape(name)}</span>'
    return f'<span class="lbl lbl-{kind}" id="q{i}">{inner}</span>'
