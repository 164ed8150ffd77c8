"""The data model every part of onrecord speaks: text goes in, an `Article` comes out.

Offsets are sacred: every `(start, end)` pair in these classes is a Python string index
into the text exactly as the user gave it (`open(path, encoding="utf-8", newline="")`),
even where the analysis worked on a cleaned copy. Spans are lists of fragments because
attributions are often discontinuous ("…," she said, "…").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Fragment = tuple[int, int]

#: kinds of attribution, as news-attribution corpora (PARC, PolNeAR) distinguish them
KINDS = ("direct", "indirect", "mixed")

#: what sort of thing a speaker is; `speaker` is None for the anonymous ones
SPEAKER_TYPES = ("person", "organization", "group", "anonymous", "anonymous-group", "unknown")


def fragments_text(text: str, frags: list[Fragment], sep: str = " … ") -> str:
    """The text a list of fragments covers, fragments joined by an ellipsis."""
    return sep.join(text[a:b] for a, b in frags)


@dataclass
class Attribution:
    """One attributed statement: *source* (who), *cue* (the verb or phrase), *content* (what)."""

    content: list[Fragment]
    source: list[Fragment]
    cue: list[Fragment]
    kind: str
    speaker: str | None = None
    speaker_type: str = "unknown"
    nested_in: int | None = None
    confidence: float = 1.0
    about: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min(a for a, _ in self.content)

    @property
    def end(self) -> int:
        return max(b for _, b in self.content)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "content": [list(f) for f in self.content],
            "source": [list(f) for f in self.source],
            "cue": [list(f) for f in self.cue],
            "speaker": self.speaker,
            "speaker_type": self.speaker_type,
            "kind": self.kind,
            "nested_in": self.nested_in,
            "confidence": round(self.confidence, 4),
        }
        if self.about:
            out["about"] = list(self.about)
        if text is not None:
            out["text"] = {
                "content": fragments_text(text, self.content),
                "source": fragments_text(text, self.source),
                "cue": fragments_text(text, self.cue),
            }
        return out


@dataclass
class RepeatedParagraph:
    """A paragraph the scraper repeated: `span` is the repeat, `first` its first occurrence."""

    span: Fragment
    first: Fragment
    similarity: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"span": list(self.span), "first": list(self.first), "similarity": round(self.similarity, 4)}


@dataclass
class Relation:
    """A typed pair the article states ("his former wife Demi Moore"), with its sentence."""

    type: str
    source: str
    target: str
    span: Fragment
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "source": self.source, "target": self.target, "span": list(self.span)}
        if self.date:
            out["date"] = self.date
        return out


@dataclass
class Entity:
    """One real referent: every name, alias and resolved pronoun of it is one entity."""

    name: str
    type: str  # PERSON | ORG | WORK | PLACE
    aliases: list[str] = field(default_factory=list)
    mentions: list[Fragment] = field(default_factory=list)
    age: int | None = None
    gender: str | None = None
    descriptions: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    quote_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "aliases": list(self.aliases),
                "mentions": [list(m) for m in self.mentions], "age": self.age, "gender": self.gender,
                "descriptions": list(self.descriptions), "relations": [r.to_dict() for r in self.relations],
                "quote_count": self.quote_count}


@dataclass
class Event:
    """Something dated: `date` is ISO (YYYY, YYYY-MM, YYYY-MM-DD, or a range A/B), None
    when a relative expression has no reference date to resolve against."""

    date: str | None
    text: str
    span: Fragment
    when: str  # the date expression as written
    when_span: Fragment
    participants: list[str] = field(default_factory=list)
    derived: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "text": self.text, "span": list(self.span), "when": self.when,
                "when_span": list(self.when_span), "participants": list(self.participants), "derived": self.derived}


@dataclass
class Article:
    """The full analysis of one document."""

    id: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)
    repeated_paragraphs: list[RepeatedParagraph] = field(default_factory=list)
    date: str | None = None
    model: str | None = None
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: the date relative expressions were resolved against, and whether the text implied it
    reference_date: str | None = None
    reference_inferred: bool = False

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "date": self.date,
            "reference_date": self.reference_date,
            "reference_inferred": self.reference_inferred,
            "model": self.model,
            "attributions": [a.to_dict(self.text) for a in self.attributions],
            "repeated_paragraphs": [r.to_dict() for r in self.repeated_paragraphs],
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
        }
        if include_text:
            out["text"] = self.text
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        """The inverse of `to_dict()` (with the text): how analyses travel between
        processes and machines (Parquet shards of the Ray engine) and back into a store."""
        frags = lambda xs: [(int(a), int(b)) for a, b in xs or []]  # noqa: E731
        attrs = [Attribution(content=frags(a["content"]), source=frags(a["source"]), cue=frags(a["cue"]),
                             kind=a["kind"], speaker=a.get("speaker"), speaker_type=a.get("speaker_type", "unknown"),
                             nested_in=a.get("nested_in"), confidence=float(a.get("confidence", 1.0)),
                             about=list(a.get("about") or []))
                 for a in d.get("attributions") or []]
        repeats = [RepeatedParagraph(span=tuple(r["span"]), first=tuple(r["first"]),
                                     similarity=float(r.get("similarity", 1.0)))
                   for r in d.get("repeated_paragraphs") or []]
        entities = [Entity(name=e["name"], type=e["type"], aliases=list(e.get("aliases") or []),
                           mentions=frags(e.get("mentions")), age=e.get("age"), gender=e.get("gender"),
                           descriptions=list(e.get("descriptions") or []),
                           relations=[Relation(r["type"], r["source"], r["target"], tuple(r["span"]), r.get("date"))
                                      for r in e.get("relations") or []],
                           quote_count=int(e.get("quote_count", 0)))
                    for e in d.get("entities") or []]
        events = [Event(date=v.get("date"), text=v["text"], span=tuple(v["span"]), when=v.get("when", ""),
                        when_span=tuple(v.get("when_span") or v["span"]), participants=list(v.get("participants") or []),
                        derived=bool(v.get("derived")))
                  for v in d.get("events") or []]
        return cls(id=d["id"], text=d["text"], attributions=attrs, repeated_paragraphs=repeats, date=d.get("date"),
                   model=d.get("model"), entities=entities, events=events, reference_date=d.get("reference_date"),
                   reference_inferred=bool(d.get("reference_inferred")))

    def to_record(self) -> dict[str, Any]:
        """The one-line JSONL contract of `../shared/README.md`: id and attributions."""
        return {"id": self.id, "attributions": [a.to_dict() for a in self.attributions]}
