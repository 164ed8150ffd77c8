"""When did it happen: dated events, normalised to ISO against a reference date.

Dates are found by spaCy's DATE entities and read by dateparser (no date grammar of our
own). The reference date is the publication date when the caller knows it; otherwise a
weekday written with a day and a month ("Thursday, September 7") fixes the year among
those the text allows (not before the latest year the article mentions), and that date
becomes the reference, marked as inferred. Relative expressions ("a couple of months
ago", "last week", "on Thursday") are resolved against the reference, or kept with
`date: None` when there is none. Ages give derived events: "she was 14" and "Kunis, 40"
published in 2023 put the event in 1997/1998.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..model import Entity, Event
from .sentences import doc_ents, doc_text, sent_range
from .inventory import Inventory
from .speaker_words import FEMALE_PRONOUNS, MALE_PRONOUNS

YEAR_RE = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
RANGE_RE = re.compile(r"(?:between|from)?\s*\b(1[6-9]\d\d|20\d\d)\s*(?:and|to|through|until|-|–|—)\s*(1[6-9]\d\d|20\d\d)\b")
DECADE_RE = re.compile(r"\b(1[6-9]\d|20\d)0s\b")
NUMBER_WORDS = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|several|a few|a couple of|many)"
DURATION_RE = re.compile(rf"^(?:for\s+|about\s+|nearly\s+|almost\s+|more than\s+|over\s+|up to\s+)*(?:{NUMBER_WORDS}\s+)?"
                         r"(?:full\s+)?(?:years?|months?|weeks?|days?|decades?|hours?|minutes?)(?:\s+to life)?$", re.I)
AGE_ONLY_RE = re.compile(r"^(?:\d{1,3}|\d{1,3}-year-old|\d{1,3} years old|age \d{1,3})$", re.I)
RELATIVE_RE = re.compile(r"\b(ago|last|next|yesterday|today|tonight|tomorrow|this|earlier|later|recent|past|"
                         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend)\b", re.I)
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
#: vague quantities dateparser does not read, as numbers it does ("a couple of months ago")
VAGUE = ((re.compile(r"\ba couple of\b", re.I), "2"), (re.compile(r"\ba few\b", re.I), "3"),
         (re.compile(r"\bseveral\b", re.I), "3"))


@lru_cache(maxsize=64)
def _parser(base: datetime | None = None):
    """A dateparser for English, relative to `base` (dateparser's RELATIVE_BASE)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def _iso(d: datetime, period: str) -> str:
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def parse_reference(value: str | None) -> date | None:
    """An ISO date (or datetime) string from the caller, or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        data = _parser().get_date_data(value)
        return data.date_obj.date() if data and data.date_obj else None


def _weekday_day_month(expr: str) -> tuple[int, int, int] | None:
    """(weekday, month, day) of "Thursday, September 7" when no year is written."""
    words = re.findall(r"[A-Za-z]+|\d{1,2}(?!\d)", expr)
    low = [w.lower() for w in words]
    wd = next((WEEKDAYS[w] for w in low if w in WEEKDAYS), None)
    mo = next((MONTHS[w] for w in low if w in MONTHS), None)
    day = next((int(w) for w in words if w.isdigit() and 1 <= int(w) <= 31), None)
    if wd is None or mo is None or day is None or YEAR_RE.search(expr):
        return None
    return wd, mo, day


def infer_year(weekday: int, month: int, day: int, not_before: int, span: int = 12) -> int | None:
    """The first year from `not_before` on in which that day of that month is that weekday."""
    for y in range(not_before, not_before + span):
        try:
            if date(y, month, day).weekday() == weekday:
                return y
        except ValueError:
            continue
    return None


@lru_cache(maxsize=4096)
def normalise(expr: str, ref: date | None) -> str | None:
    """ISO form of a date expression: YYYY, YYYY-MM, YYYY-MM-DD or a range A/B; None when
    it is relative and there is no reference, or unreadable."""
    text = " ".join(expr.split())
    m = RANGE_RE.search(text)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    m = DECADE_RE.search(text)
    if m:
        return f"{m.group(1)}0/{m.group(1)}9"
    has_year = YEAR_RE.search(text) is not None
    relative = RELATIVE_RE.search(text) is not None and not has_year
    has_month = any(w.lower() in MONTHS for w in re.findall(r"[A-Za-z]+", text))
    if (relative or (has_month and not has_year)) and ref is None:
        return None
    if has_year and not has_month and not relative:
        years = YEAR_RE.findall(text)
        return years[0] if len(years) == 1 else f"{years[0]}/{years[-1]}"
    if ref is None and not has_year:
        return None
    base = datetime(ref.year, ref.month, ref.day) if ref else None
    for pattern, number in VAGUE:
        text = pattern.sub(number, text)
    wdm = _weekday_day_month(text)
    if wdm is not None and ref is not None:
        wd, mo, day = wdm
        y = infer_year(wd, mo, day, ref.year - 1, span=3)
        if y is not None:
            return f"{y:04d}-{mo:02d}-{day:02d}"
    data = _parser(base).get_date_data(text)
    if not data or not data.date_obj:
        return None
    period = data.period or "day"
    if period in ("week", "time"):
        period = "day"
    return _iso(data.date_obj, period)


def is_point_in_time(expr: str) -> bool:
    """Durations ("30 years", "two years") and ages ("45", "the 47-year-old") are not dates."""
    text = " ".join(expr.split()).strip(" ,.")
    return not (DURATION_RE.match(text) or AGE_ONLY_RE.match(text))


class TimelineBuilder:
    """Set `doc._.onrecord_events` and `doc._.onrecord_reference` (ISO date, inferred?)."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ref = parse_reference(doc.user_data.get("onrecord_date"))
        inferred = False
        dates = [e for e in doc_ents(doc) if e.label_ == "DATE" and is_point_in_time(e.text)]
        if ref is None:
            ref = self.infer_reference(text, dates)
            inferred = ref is not None
        entities: list[Entity] = doc._.onrecord_entities or []
        events: list[Event] = []
        for ent in dates:
            iso = normalise(ent.text, ref)
            events.append(self._event(doc, ent, iso, entities))
        events.extend(self.derived(doc, ref, entities))
        events.sort(key=lambda e: (e.date is None, e.date or "", e.span[0]))
        doc._.onrecord_events = events
        doc._.onrecord_reference = (ref.isoformat() if ref else None, inferred)
        return doc

    @staticmethod
    def infer_reference(text: str, dates: list[Span]) -> date | None:
        """A weekday with a day and month, in the first year it fits from the latest
        year the article mentions on."""
        years = [int(y) for y in YEAR_RE.findall(text)]
        if not years:
            return None
        latest = max(years)
        for ent in dates:
            wdm = _weekday_day_month(ent.text)
            if wdm is None:
                continue
            wd, mo, day = wdm
            y = infer_year(wd, mo, day, latest)
            if y is not None:
                return date(y, mo, day)
        return None

    @staticmethod
    def _sentence(doc: Doc, i: int) -> tuple[int, int]:
        s0, s1 = sent_range(doc, i)
        while s1 > s0 + 1 and doc[s1 - 1].is_space:
            s1 -= 1
        return doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1])

    def _event(self, doc: Doc, ent: Span, iso: str | None, entities: list[Entity], derived: bool = False) -> Event:
        s, e = self._sentence(doc, ent.start)
        text = doc_text(doc)[s:e]
        participants = [x.name for x in entities if x.type in ("PERSON", "ORG")
                        and any(s <= ms and me <= e for ms, me in x.mentions)]
        return Event(date=iso, text=" ".join(text.split()), span=(s, e), when=ent.text,
                     when_span=(ent.start_char, ent.end_char), participants=participants, derived=derived)

    def derived(self, doc: Doc, ref: date | None, entities: list[Entity]) -> list[Event]:
        """"she was 14 and he was 19": with their ages now and the reference year, when."""
        if ref is None:
            return []
        inv: Inventory | None = doc._.onrecord_inventory
        if inv is None:
            return []
        by_sentence: dict[tuple[int, int], list[tuple[Span, str, int, int]]] = {}
        for tok in doc:
            if not (tok.like_num and tok.text.isdigit() and 0 < int(tok.text) < 120):
                continue
            verb = tok.head
            if verb.lemma_ != "be" or tok.dep_ not in ("attr", "acomp", "npadvmod", "dobj"):
                continue
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            person = self._person(doc, inv, subj)
            if person is None or person.age is None:
                continue
            then = int(tok.text)
            if then >= person.age:
                continue
            start = ref.year - person.age + then
            span = doc[min(subj.i, verb.i):tok.i + 1]
            by_sentence.setdefault(sent_range(doc, tok.i), []).append((span, person.name, start, start + 1))
        out = []
        for (s0, _s1), found in by_sentence.items():
            lo = max(f[2] for f in found)
            hi = min(f[3] for f in found)
            if lo > hi:
                lo, hi = min(f[2] for f in found), max(f[3] for f in found)
            first = found[0][0]
            ev = self._event(doc, first, f"{lo}/{hi}" if hi != lo else str(lo), entities, derived=True)
            ev.when = "; ".join(f[0].text for f in found)
            ev.when_span = (found[0][0].start_char, found[-1][0].end_char)
            ev.participants = list(dict.fromkeys([f[1] for f in found] + ev.participants))
            out.append(ev)
        return out

    @staticmethod
    def _person(doc: Doc, inv: Inventory, tok):
        low = tok.lower_
        if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
            g = "male" if low in MALE_PRONOUNS else "female"
            return inv.salient(tok.idx, lambda r: r.kind == "person" and r.gender == g)
        for ent in doc_ents(doc):
            if ent.start <= tok.i < ent.end:
                return inv.lookup_ent(ent)
        return inv.lookup(tok.text) if tok.pos_ == "PROPN" else None
