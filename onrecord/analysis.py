"""Text in, `Article` out: the one entry point every interface goes through.

    analyzer = Analyzer()                     # loads spaCy once
    article = analyzer.analyze(text, doc_id="a1")
    for article in analyzer.analyze_many([("a1", t1), ("a2", t2)]): ...

Repeated paragraphs are found first and blanked with spaces (same length), so they are
analysed once and every offset the pipeline reports still indexes the original text.
Long inputs are cut at paragraph breaks into pieces of at most `max_chunk_chars`
(20,000 characters: longer than nearly every news article, so coreference rarely
crosses a cut), and at most `CHARS_IN_FLIGHT` characters go through spaCy at once,
which bounds memory on a 10 MB file; offsets are shifted back afterwards.

`analyze_many(..., on_progress=f)` reports the progress of long texts (over
`LONG_TEXT_CHARS`): ``f(doc_id, 0, total)`` before one is analysed, then
``f(doc_id, done, total)`` about every tenth of it and at its end (characters).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language

from .model import Article, Attribution, Entity, Event
from .pipeline.nlp import load_pipeline
from .pipeline.repeats import find_repeated_paragraphs, mask_repeats
from .reading.limits import LONG_ARTICLE_CHARS

DEFAULT_CHUNK_CHARS = 20_000
#: texts longer than this get `on_progress` reports while they are analysed
LONG_TEXT_CHARS = LONG_ARTICLE_CHARS

#: (document id, characters analysed, characters in all)
ProgressCallback = Callable[[str, int, int], None]
#: characters spaCy may hold in one batch: bounds memory on huge inputs (pieces × batch)
CHARS_IN_FLIGHT = 200_000


def split_for_analysis(text: str, max_chars: int = DEFAULT_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut `text` into (offset, piece) at paragraph breaks, each at most ~max_chars long."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            cut = text.rfind("\n", start + max_chars // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + max_chars // 2, end)
            end = cut + 1 if cut != -1 else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _move(f: tuple[int, int], offset: int) -> tuple[int, int]:
    return f[0] + offset, f[1] + offset


def shift_entity(e: Entity, offset: int) -> Entity:
    if offset:
        e.mentions = [_move(m, offset) for m in e.mentions]
        for r in e.relations:
            r.span = _move(r.span, offset)
    return e


def shift_event(e: Event, offset: int) -> Event:
    if offset:
        e.span, e.when_span = _move(e.span, offset), _move(e.when_span, offset)
    return e


def _merge_entity(entities: list[Entity], new: Entity, index: dict[tuple[str, str], Entity] | None = None) -> None:
    """The same name in another piece of a long input is the same entity (`index`, by
    (name, type), spares a scan of every entity on inputs with thousands of them)."""
    if index is not None:
        e = index.get((new.name, new.type))
    else:
        e = next((x for x in entities if x.name == new.name and x.type == new.type), None)
    if e is None:
        entities.append(new)
        if index is not None:
            index[(new.name, new.type)] = new
        return
    e.aliases = sorted(set(e.aliases) | set(new.aliases))
    e.mentions = sorted(set(e.mentions) | set(new.mentions))
    e.age = e.age if e.age is not None else new.age
    e.descriptions += [d for d in new.descriptions if d not in e.descriptions]
    e.relations += new.relations
    e.quote_count += new.quote_count


def _shift(a: Attribution, offset: int, index_offset: int) -> Attribution:
    if offset:
        a.content = [(s + offset, e + offset) for s, e in a.content]
        a.source = [(s + offset, e + offset) for s, e in a.source]
        a.cue = [(s + offset, e + offset) for s, e in a.cue]
    if a.nested_in is not None:
        a.nested_in += index_offset
    return a


class Analyzer:
    """Runs the onrecord pipeline over texts; holds the loaded spaCy pipeline."""

    def __init__(self, model: str | None = None, cue_model: str | None = None,
                 max_chunk_chars: int = DEFAULT_CHUNK_CHARS, nlp: Language | None = None,
                 accurate: bool = False) -> None:
        #: `accurate`: the fine-tuned encoder reads the text too (slower; `onrecord[accurate]`)
        self.accurate = accurate
        self.nlp = nlp if nlp is not None else load_pipeline(model, cue_model, accurate=accurate)
        self.model_name = f"{self.nlp.meta.get('lang', 'en')}_{self.nlp.meta.get('name', 'model')}-{self.nlp.meta.get('version', '')}"
        self.max_chunk_chars = max_chunk_chars

    def analyze(self, text: str, *, doc_id: str = "text", date: str | None = None) -> Article:
        return next(self.analyze_many([(doc_id, text)], dates=[date]))

    def analyze_many(self, items: Iterable[tuple[str, str]], *, dates: Iterable[str | None] | None = None,
                     batch_size: int = 16, on_progress: ProgressCallback | None = None) -> Iterator[Article]:
        """Analyse (id, text) pairs lazily, in order. All documents' pieces stream
        through one `nlp.pipe`, so spaCy batches across documents as it would alone.
        `on_progress` hears how far each text longer than `LONG_TEXT_CHARS` has got."""
        date_iter = iter(dates) if dates is not None else None
        pending: dict[int, _Pending] = {}
        batch_size = max(1, min(batch_size, CHARS_IN_FLIGHT // self.max_chunk_chars))

        def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
            for n, (doc_id, text) in enumerate(items):
                date = next(date_iter, None) if date_iter is not None else None
                long = on_progress is not None and len(text) > LONG_TEXT_CHARS
                if long:
                    on_progress(doc_id, 0, len(text))
                repeats = find_repeated_paragraphs(text)
                masked = mask_repeats(text, repeats) if repeats else text
                if masked.startswith("\ufeff"):  # a byte-order mark would glue onto the first word
                    masked = " " + masked[1:]
                cut = split_for_analysis(masked, self.max_chunk_chars)
                pending[n] = _Pending(Article(id=doc_id, text=text, repeated_paragraphs=repeats, date=date,
                                              model=self.model_name), len(cut), long=long)
                for offset, piece in cut:
                    doc = self.nlp.make_doc(piece)
                    doc.user_data["onrecord_date"] = date  # the timeline's reference date
                    yield doc, (n, offset)

        for doc, (n, offset) in self.nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
            job = pending[n]
            job.add(doc, offset)
            job.remaining -= 1
            if job.long:
                job.report(on_progress, offset + len(doc.text))
            if job.remaining == 0:
                del pending[n]
                yield job.article


@dataclass
class _Pending:
    """An article whose pieces are still coming out of the pipeline."""

    article: Article
    remaining: int
    long: bool = False
    reported: int = 0
    index: dict = field(default_factory=dict)

    def report(self, on_progress: ProgressCallback, done: int) -> None:
        """Tell `on_progress` how far the text is, about every tenth of it and at its end."""
        total = len(self.article.text)
        if self.remaining == 0 or done - self.reported >= max(1, total // 10):
            self.reported = done
            on_progress(self.article.id, total if self.remaining == 0 else done, total)

    def add(self, doc, offset: int) -> None:
        art = self.article
        base = len(art.attributions)
        art.attributions.extend(_shift(a, offset, base) for a in (doc._.onrecord_attributions or []))
        for e in doc._.onrecord_entities or []:
            _merge_entity(art.entities, shift_entity(e, offset), self.index)
        art.events.extend(shift_event(e, offset) for e in (doc._.onrecord_events or []))
        ref, inferred = doc._.onrecord_reference or (None, False)
        if art.reference_date is None and ref is not None:
            art.reference_date, art.reference_inferred = ref, inferred
        if self.remaining == 1 and offset:
            art.events.sort(key=lambda e: (e.date is None, e.date or "", e.span[0]))


@lru_cache(maxsize=4)
def default_analyzer(model: str | None = None, accurate: bool = False) -> Analyzer:
    return Analyzer(model, accurate=accurate)


def analyze(text: str, *, date: str | None = None, doc_id: str = "text", model: str | None = None,
            accurate: bool = False) -> Article:
    """Analyse one text with the default (cached) pipeline, or the accurate one."""
    return default_analyzer(model, accurate).analyze(text, doc_id=doc_id, date=date)
