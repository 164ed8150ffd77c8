"""The people and organisations one article names, with what it says about them.

`Inventory` gathers the NER's names (corrected by the article's own evidence: titles,
first names, surnames the NER calls people elsewhere), their aliases (surnames,
acronyms, short forms), genders, ages and roles, and every mention in order, so that
`speakers` can resolve a source by type, gender, number and focus (salience).
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .name_forms import (GENERIC_ORG_WORDS, NICKNAME_RE, TITLE_WORDS, accent_count, acronym_expansion, clean_name,
                         common_word, fold_name, headline_ranges, is_title, org_aliases, role_words_of,
                         strip_title, title_line_range)
from .names import first_name_gender
from .sentences import doc_ents, doc_text, sent_range
from .speaker_words import (NAME_SUFFIXES, ANONYMOUS_NOUNS, FEMALE_PRONOUNS, FEMALE_WORDS, MALE_PRONOUNS, MALE_WORDS,
                            NAME_LABELS, NORP_PLURALS, ORG_DESCRIPTION_NOUNS, PERSON_LABELS, PERSON_NOUNS,
                            SUBJECT_DEPS, TITLES, is_person_noun)


@dataclass(eq=False)
class Referent:
    """A person or organisation the article names, with what it says about them."""

    name: str
    kind: str  # "person" | "organization"
    aliases: set[str] = field(default_factory=set)
    gender: str | None = None
    age: int | None = None
    roles: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)  # character offsets, ascending
    spans: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each mention
    descriptions: list[str] = field(default_factory=list)  # roles the article gives, in order
    role_words: set[str] = field(default_factory=set)  # words of its titles and appositions ("former", "chairman")


@dataclass
class Mention:
    pos: int
    referents: tuple[Referent, ...]
    weight: float = 1.0  # a mention as a speaker counts double: speakers stay in focus


def short_form_of(short: str, full: str) -> bool:
    """Whether `short` is `full` with inner words left out, first and last kept ("Holocaust
    Museum" of "Holocaust Memorial Museum"): a shortened organisation name."""
    s, f = short.lower().split(), full.lower().split()
    if len(s) < 2 or len(f) <= len(s) or s[0] != f[0] or s[-1] != f[-1]:
        return False
    rest = iter(f[1:-1])
    return all(w in rest for w in s[1:-1])


def first_word_of(short: str, full: str) -> bool:
    """Whether `short` is `full` without its generic last word ("State" of "State Department",
    "Treasury" of "Treasury Department")."""
    f = full.split()
    return len(f) == 2 and f[0] == short and f[1].lower() in GENERIC_ORG_WORDS


def initials_form_of(short: str, full: str) -> bool:
    """Whether `short` writes `full`'s first words as initials ("NY Daily News" of "New York
    Daily News"), the rest the same."""
    s, f = short.split(), full.split()
    if len(s) < 2 or not (s[0].isupper() and s[0].isalpha() and 2 <= len(s[0]) <= 4):
        return False
    n = len(s[0])
    return len(f) == n + len(s) - 1 and "".join(w[0] for w in f[:n]) == s[0] \
        and [w.lower() for w in f[n:]] == [w.lower() for w in s[1:]]


#: the seat that tells one court from another, after its name ("… for the 5th Circuit")
COURT_SEAT = re.compile(r" for the (?:[\w.-]+ )?(?:Circuit|District(?: of [A-Z][\w.]*(?: [A-Z][\w.]*)?)?)\b")


class Inventory:
    """The people and organisations of one document, and a mention timeline."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.people: list[Referent] = []
        self.orgs: list[Referent] = []
        self.mentions: list[Mention] = []
        self._alias: dict[str, list[Referent]] = {}
        self._titles: dict[str, str] = {}
        # (where, document kind, author, author type) of each document with a named author, in
        # text order: "the statement" speaks for the last statement's author (see documents.py)
        self.documents: list[tuple[int, str, str, str]] = []
        self.sources: list[tuple[int, int]] = []  # the source spans of the article's attributions
        self._built = False  # set once the inventory is complete: lookups may then weigh salience
        self._ent_ref: dict[int, Referent] = {}  # entity start -> referent, for surnames people share
        self._first_full: dict[int, int] = {}  # id(person) -> where the text first names them in full
        self.headlines = headline_ranges(doc_text(doc), title_line=True)  # where a lede's names don't count
        self._title_line = title_line_range(doc_text(doc))
        self._build()

    def credit_document(self, pos: int, kind: str, speaker: str, speaker_type: str) -> None:
        """Record that the document of `kind` mentioned at `pos` was written by `speaker`
        (a later record for the same place wins: the resolver knows who "she" is)."""
        self.documents = [d for d in self.documents if d[0] != pos]
        bisect.insort(self.documents, (pos, kind, speaker, speaker_type))

    def document_author(self, kind: str, pos: int) -> tuple[str, str] | None:
        """The author of the last document of `kind` mentioned before `pos`, if any."""
        for at, k, speaker, speaker_type in reversed(self.documents):
            if at < pos and k == kind:
                return speaker, speaker_type
        return None

    # ------------------------------------------------------------- building
    def _build(self) -> None:
        # the small English NER often labels "Mayor Elena Vasquez" a WORK_OF_ART and a
        # lone "Vasquez" an ORG: a title or a known first name makes a name a person's
        named: list[tuple[Span, str, str]] = []
        headlines = headline_ranges(doc_text(self.doc))
        doc = self.doc
        # surnames the NER calls people somewhere ("Mr. Prasad"): a longer name ending in one is
        # a person's, whatever label that mention got ("Eswar Prasad" as an ORG)
        surnames = {e[-1].lower_ for e in doc_ents(doc) if e.label_ in PERSON_LABELS and e[-1].is_alpha} | {
            t.head.lower_ for t in doc if t.lower_.rstrip(".") in ("mr", "mrs", "ms") and t.head.pos_ == "PROPN"}
        for ent in doc_ents(self.doc):
            if ent.label_ not in NAME_LABELS:
                continue
            name, title = strip_title(ent)
            if ent.label_ in PERSON_LABELS:
                # "businessman Chandhok Jasdip Singh", the NER seeing "Jasdip Singh": proper nouns
                # compounded onto the name are part of it
                j = ent.start
                while j > 0 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].dep_ == "compound" \
                        and ent.start <= doc[j - 1].head.i < ent.end and not doc[j - 1].ent_type_ \
                        and doc[j - 1].is_alpha and doc[j - 1].text[:1].isupper() and not is_title(doc[j - 1]) \
                        and doc[j - 1].lower_ not in PERSON_NOUNS and doc[j - 1].tag_ != "NNPS" \
                        and doc[j - 1].lower_.rstrip("s") not in TITLES and len(ent) >= 2 \
                        and first_name_gender(ent[0].text) is None \
                        and not common_word(doc, doc[j - 1].text):
                    j -= 1  # (a word the text also writes in lower case is no name: "Between")
                if j < ent.start and name and name.split()[0] == ent[0].text:
                    name = f"{doc[j:ent.start].text} {name}"
            name = self.ent_name(ent, name)
            if ent.label_ in PERSON_LABELS and name and len(name.split()) > 1:
                # "Brent Bozell III", "Brent Bozell, Jr.": a generational suffix the NER left out
                k = ent.end + (1 if ent.end < len(doc) and doc[ent.end].text == "," else 0)
                if k < len(doc) and doc[k].text[:1].isupper() and doc[k].lower_.rstrip(".") in NAME_SUFFIXES \
                        and not name.endswith(doc[k].text):
                    name = f"{name}{', ' if k > ent.end else ' '}{doc[k].text}"
            if not name or not any(ch.isalpha() for ch in name):
                continue
            if "," in name and name.rsplit(",", 1)[1].strip().lower().rstrip(".") not in NAME_SUFFIXES:
                continue  # "Carson, Huckabee, Fiorina earned …": a list the NER glued, not one name
            if len(ent) == 1 and ent[0].lower_ in ANONYMOUS_NOUNS:
                continue  # "Aides said …": a sentence's first word, not a name
            if ent.label_ in PERSON_LABELS and ent[-1].tag_ == "NNPS" and ent[-1].lower_.endswith(NORP_PLURALS):
                continue  # "Gay Republicans": a group, not a person the NER saw
            if any(a <= ent.start_char < b for a, b in headlines) and \
                    doc_text(self.doc).count(name) == 1:  # "Lee Slams Council": a headline's words, not a name
                continue
            parts = name.split()
            looks_personal = title is not None or (len(parts) >= 2 and first_name_gender(parts[0]) is not None
                                                   and all(p[:1].isupper() for p in parts))
            known_surname = (len(parts) >= 2 and parts[-1].lower() in surnames
                             and all(p[:1].isupper() for p in parts)
                             and not any(common_word(doc, p) for p in parts[:-1])
                             and all(t.pos_ == "PROPN" for t in ent if t.is_alpha))
            # "Carly Fiorina" as an ORG: a first name and a surname the text also uses alone
            org_person = ent.label_ == "ORG" and len(parts) == 2 and first_name_gender(parts[0]) is not None \
                and parts[1].lower() not in GENERIC_ORG_WORDS | ORG_DESCRIPTION_NOUNS \
                and sum(1 for t in doc if t.text == parts[1] and t.pos_ == "PROPN"
                        and not (ent.start <= t.i < ent.end) and doc[t.i - 1].text != parts[0]) >= 1
            kind = "person" if ent.label_ in PERSON_LABELS or (ent.label_ != "ORG" and looks_personal) or known_surname \
                or org_person or (
                ent.label_ == "ORG" and title is not None) else ("organization" if ent.label_ == "ORG" else "")
            if kind:
                named.append((ent, name, kind))
                if title is not None:
                    self._titles[name] = title
        self._add_nicknamed()
        # full names first, so surnames attach to them
        for ent, name, kind in sorted(named, key=lambda x: (x[2] != "person", -len(x[1].split()))):
            if kind == "person":
                self._add_person(name)
            else:
                self.add_org(name)
        # a surname several people share ("Murphy" for Chris and for Anne Marie Murphy) is,
        # at each mention, the one the article named in full first: the story's own person,
        # whose relatives and namesakes come later
        # (the text's first full naming, where the NER saw it or not: "Ivanka Trump" of a
        # story about her brand is often a PRODUCT or nothing to it)
        first_full: dict[int, int] = {}
        for ent, name, kind in named:
            ref = self.lookup(name)
            if ref is not None and len(name.split()) > 1:
                first_full[id(ref)] = min(first_full.get(id(ref), ent.start_char), ent.start_char)
        text = doc_text(doc)
        for ref in self.people:
            at = text.find(ref.name) if len(ref.name.split()) > 1 else -1
            if at >= 0:
                first_full[id(ref)] = min(first_full.get(id(ref), at), at)
        self._first_full = first_full
        for ent, name, kind in named:
            ref = self.lookup(name)
            first = self._first_named(name, ent.start_char)
            if first is not None:
                ref = self._ent_ref[ent.start] = first
            if ref is not None:
                ref.mentions.append(ent.start_char)
                ref.spans.append((ent.start_char, ent.end_char))
                self.mentions.append(Mention(ent.start_char, (ref,)))
        self._expand_acronyms()
        self._gather_evidence()
        self._complete_surnames()
        self.mentions.sort(key=lambda m: m.pos)
        self._built = True

    def lookup_at(self, name: str, pos: int) -> Referent | None:
        """`lookup` for a mention the NER did not see at `pos`: a one-word name several people
        share is, as for the NER's mentions, the one the text named in full first before it."""
        return self._first_named(name, pos) or self.lookup(name)

    def _first_named(self, name: str, pos: int) -> Referent | None:
        """Of the people a one-word name is shared by, the one named in full first before `pos`."""
        refs = self._alias.get(" ".join(name.split()).lower()) or []
        if len(name.split()) != 1 or len({id(r) for r in refs}) < 2:
            return None
        seen = [r for r in refs if self._first_full.get(id(r), math.inf) < pos]
        return min(seen, key=lambda r: self._first_full[id(r)]) if seen else None

    def _complete_surnames(self) -> None:
        """A person the NER only ever saw by a one-word surname ("Oz") takes the fuller name
        the text writes once where the NER missed it ("Mehmet Oz — Ivy League-trained
        surgeon"): a capitalised proper noun just before its first mention outside headlines
        (news style gives the full name first) that is no title, role, place or common word,
        when it is a known first name or the text's pronouns show the one-word name is a
        person's (not "Wilayat Twitter")."""
        doc = self.doc
        headlines = headline_ranges(doc_text(doc))
        for ref in list(self.people):
            if len(ref.name.split()) != 1 or first_name_gender(ref.name) is not None or ref.name in self._titles:
                continue
            full = self.full_form(ref.name, headlines)
            # a known first name before it is evidence enough that the name is a person's
            if full is None or first_name_gender(full.split()[0]) is None and ref.gender is None \
                    and not self._followed_by_pronoun(ref.name) or self.lookup(full) is not None:
                continue
            ref.aliases.add(ref.name)
            ref.name = full
            self._register(full, ref)
            ref.gender = ref.gender or first_name_gender(full.split()[0])

    def full_form(self, name: str, headlines: list[tuple[int, int]] | None = None,
                  first_name_only: bool = False) -> str | None:
        """The fuller name news style gives a one-word name at its first mention outside
        headlines: the capitalised proper noun just before it that is no title, role, place
        or common word ("Mehmet Oz — Ivy League-trained surgeon"), a known first name also
        inside a title ("The Rachel Maddow Show"). `first_name_only` asks for a known
        first name, for a name nothing else shows to be a person's."""
        doc = self.doc
        if headlines is None:
            headlines = headline_ranges(doc_text(doc))
        t = next((t for t in doc if t.text == name and t.i > 0
                  and not any(a <= t.idx < b for a, b in headlines)), None)
        if t is None:
            return None
        f = doc[t.i - 1]
        first = first_name_gender(f.text) is not None
        if f.pos_ != "PROPN" or not f.is_alpha or not f.text[:1].isupper() or f.text.isupper() \
                or f.ent_type_ not in ("", "PERSON") and not first or is_title(f) or f.lower_ in PERSON_NOUNS \
                or common_word(doc, f.text) or first_name_only and not first \
                or f.i > 0 and doc[f.i - 1].pos_ == "PROPN" and not (first and doc[f.i - 1].lower_ == "the"):
            return None
        return f"{f.text} {name}"

    def _followed_by_pronoun(self, name: str) -> bool:
        """Whether a sentence whose subject is `name` is followed by one whose subject is
        "he" or "she" ("Oz is hardly an impartial figure … He's been pilloried"): the
        evidence that a one-word name is a person's when no pronoun shares its sentence."""
        doc = self.doc
        for t in doc:
            if t.text != name or t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            end = sent_range(doc, t.i)[1]
            if end >= len(doc):
                continue
            nxt = doc[end:sent_range(doc, end)[1]]
            subj = next((w for w in nxt if w.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lower_ in ("he", "she"):
                return True
        return False

    def _expand_acronyms(self) -> None:
        """An organisation known by its acronym ("AROS") takes the full name the article
        spells out ("the Alliance to Reclaim Our Schools"), which the NER may have missed."""
        for ref in self.orgs:
            if not (ref.name.isupper() and ref.name.isalpha() and 2 <= len(ref.name) <= 8):
                continue
            m = acronym_expansion(doc_text(self.doc), ref.name)
            if m is not None and self.lookup(m) in (None, ref):
                ref.aliases.add(ref.name)
                ref.name = m
                self._register(m, ref)

    def ent_name(self, ent: Span, name: str | None = None) -> str:
        """The name an entity gives, titles stripped; in the title line, cut before the first
        word the rest of the text never uses ("Elizabeth Warren Hammers Wells Fargo CEO" is
        Elizabeth Warren: the small NER runs a headline's name into its verb)."""
        name = self.headline_name(ent.start_char, strip_title(ent)[0] if name is None else name)
        if ent.label_ == "ORG":
            # "the U.S. Court of Appeals for the 6th Circuit": which court is part of the name
            m = COURT_SEAT.match(doc_text(self.doc), ent.end_char)
            if m and not name.endswith(m.group(0).strip()):
                name = f"{name}{m.group(0)}"
        return name

    def headline_name(self, start: int, name: str) -> str:
        """`name`, found at `start`, cut as `ent_name` says when it lies in the title line."""
        if self._title_line is None or not (self._title_line[0] <= start < self._title_line[1]):
            return name
        a, b = self._title_line
        words = name.split()
        body = doc_text(self.doc)[:a] + " " + doc_text(self.doc)[b:]
        for k in range(1, len(words)):
            if not re.search(rf"\b{re.escape(words[k])}\b", body):
                prefix = " ".join(words[:k])  # kept only when the body uses it as a name too
                return prefix if re.search(rf"\b{re.escape(prefix)}\b", body) else name
        return name

    def lookup_ent(self, ent: Span) -> Referent | None:
        """The referent an entity names (see `ent_name`); a surname several people share is
        the one a title before it fits ("President Obama", "Mrs. Clinton"), else the one the
        article named in full first (`_build`), else the one most in focus there."""
        name = self.ent_name(ent)
        ref = self.lookup(name)
        if ref is not None:
            refs = self._alias.get(" ".join(name.split()).lower()) or []
            if len(refs) > 1:
                # a title the text gives this mention picks first ("President Obama" is the
                # one called "President Barack Obama"), then focus
                doc = ent.doc
                titles = {TITLE_WORDS.get(w, w) for w in (t.lower_.rstrip(".") for t in
                          list(doc[max(0, ent.start - 2):ent.start]) + list(ent) if is_title(t))}
                titled = [r for r in refs if titles & r.role_words]
                if len(titled) == 1:
                    return titled[0]
                # "Mrs. Clinton" is the Clinton who is a woman
                gender = "male" if titles & {"mr", "sir"} else "female" if titles & {"mrs", "ms", "miss"} else None
                fitting = [r for r in refs if r.kind == "person" and r.gender == gender] if gender else []
                if len(fitting) == 1:
                    return fitting[0]
                if ent.start in self._ent_ref:
                    return self._ent_ref[ent.start]
                if self._built:
                    ids = {id(r) for r in refs}
                    ref = self.salient(ent.start_char, lambda r: id(r) in ids) or ref
        return ref

    def _add_nicknamed(self) -> None:
        """'Robert C. "Bobby" Scott': the whole form is the name; "Bobby Scott", "Robert C.
        Scott", "Scott" and "Bobby" are its aliases (the NER splits such names apart)."""
        for m in NICKNAME_RE.finditer(doc_text(self.doc)):
            first, nick, last = m.group(1), m.group(2), m.group(3)
            full = " ".join(m.group(0).split())
            if self.lookup(full) is not None:
                continue
            ref = Referent(name=full, kind="person", gender=first_name_gender(first.split()[0]))
            self.people.append(ref)
            for alias in (full, f"{nick} {last}", f"{first} {last}", f"{first.split()[0]} {last}", last, nick, first):
                self._register(alias, ref)
                ref.aliases.add(alias)
            ref.aliases.discard(full)
            ref.mentions.append(m.start())
            ref.spans.append((m.start(), m.end()))
            self.mentions.append(Mention(m.start(), (ref,)))

    def add_person(self, name: str, title: str | None = None) -> Referent:
        """Register a person found outside the NER (a source the NER missed); a one-word
        name takes the full name its first mention gives with a known first name."""
        if title:
            self._titles[name] = title
        if len(name.split()) == 1 and self.lookup(name) is None and first_name_gender(name) is None:
            full = self.full_form(name, first_name_only=True)
            if full is not None and self.lookup(full) is None:
                self._add_person(full)
                ref = self.lookup(full)
                if ref is not None:
                    return ref
        self._add_person(name)
        ref = self.lookup(name)
        assert ref is not None
        return ref

    def _add_person(self, name: str) -> None:
        parts = name.split()
        # "Brent Bozell III" is "Bozell" and "Brent Bozell": the surname is before the suffix
        core = list(parts)
        while len(core) > 2 and core[-1].lower().rstrip(".") in NAME_SUFFIXES:
            core.pop()
            core[-1] = core[-1].rstrip(",")
        existing = self.lookup(name)
        if existing is not None and existing.kind == "person" and existing.name != name \
                and existing.name.startswith(name + " ") \
                and existing.name.split()[-1].lower().rstrip(".") in NAME_SUFFIXES:
            # "Duncan Hunter" beside his father "Duncan Hunter Sr.": the bare name is the son's
            for k in dict.fromkeys((name.lower(), fold_name(name))):
                self._alias[k] = [r for r in self._alias.get(k, []) if r is not existing]
            existing.aliases.discard(name)
            existing = None
        if existing is not None and existing.kind == "person":
            if fold_name(existing.name) == fold_name(name) and accent_count(name) > accent_count(existing.name):
                existing.aliases.add(existing.name)  # the accented spelling is the fuller form
                existing.name = name
                self._register(name, existing)
            return
        if len(parts) > 1:
            # a one-word person seen first ("Ruiz") is this full name's surname or first name
            for part in (core[-1], core[0]):
                refs = self._alias.get(part.lower()) or []
                if len(refs) == 1 and refs[0].kind == "person" and len(refs[0].name.split()) == 1:
                    ref = refs[0]
                    ref.aliases.add(ref.name)
                    ref.name = name
                    self._register(name, ref)
                    for p in (core[0], core[-1]):
                        self._register(p, ref)
                        ref.aliases.add(p)
                    ref.gender = ref.gender or first_name_gender(parts[0])
                    return
        ref = Referent(name=name, kind="person")
        title = self._titles.get(name)
        if title:
            ref.roles.add(title.lower())
            if title.lower() in MALE_WORDS or title.lower().rstrip(".") in MALE_WORDS:
                ref.gender = "male"
            elif title.lower() in FEMALE_WORDS or title.lower().rstrip(".") in FEMALE_WORDS:
                ref.gender = "female"
        self.people.append(ref)
        self._register(name, ref)
        if len(parts) > 2:  # "Donald J. Trump" is "Donald Trump" too
            self._register(f"{core[0]} {core[-1]}", ref)
            ref.aliases.add(f"{core[0]} {core[-1]}")
            if not parts[-2].endswith("."):  # "Ildefonso Guajardo Villarreal" is "Mr. Guajardo Villarreal"
                self._register(" ".join(parts[1:]), ref)
                ref.aliases.add(" ".join(parts[1:]))
        if len(parts) > 1:
            for p in (core[0], core[-1]):
                if len(p) > 1 and p[0].isupper():
                    self._register(p, ref)
                    ref.aliases.add(p)
            g = first_name_gender(parts[0])
            if g and ref.gender is None:
                ref.gender = g
        elif first_name_gender(name):
            ref.gender = first_name_gender(name)

    def add_org(self, name: str) -> Referent | None:
        """Register an organisation (the NER's, or a document's author it missed); its
        referent, which may be one registered under a longer or shorter form."""
        if name.lower().startswith("the "):
            name = name[4:]
        if not any(c.isupper() or c.isdigit() for c in name):
            return None  # "state", "the county": a common noun the NER took for a name
        if not name or self.lookup(name) is not None:
            return self.lookup(name) if name else None
        # "Tax Policy Center" and "Urban-Brookings Tax Policy Center", "Holocaust Museum" and
        # "Holocaust Memorial Museum": one organisation, under its fullest name
        same = [o for o in self.orgs if o.name.endswith(" " + name) or name.endswith(" " + o.name)
                or short_form_of(name, o.name) or short_form_of(o.name, name)
                or initials_form_of(name, o.name) or initials_form_of(o.name, name)
                or first_word_of(name, o.name) or first_word_of(o.name, name)]
        if len(same) == 1:
            ref = same[0]
            if len(name) > len(ref.name):
                ref.aliases.add(ref.name)
                ref.name = name
            else:
                ref.aliases.add(name)
            self._register(name, ref)
            return ref
        ref = Referent(name=name, kind="organization")
        self.orgs.append(ref)
        self._register(name, ref)
        for alias in org_aliases(name):
            if alias.lower() not in self._alias:  # a short form never takes another's name
                self._register(alias, ref)
                ref.aliases.add(alias)
        return ref

    def _register(self, key: str, ref: Referent) -> None:
        for k in dict.fromkeys((key.lower(), fold_name(key))):
            refs = self._alias.setdefault(k, [])
            if ref not in refs:
                refs.append(ref)

    def lookup(self, name: str) -> Referent | None:
        """The one referent a name (full, surname or first name) points to, if unambiguous;
        accents do not count ("Francois Hollande" in a headline is the body's "François")."""
        key = " ".join(name.split()).lower()
        refs = self._alias.get(key) or (self._alias.get(key[4:]) if key.startswith("the ") else None) \
            or self._alias.get(fold_name(key))
        if not refs and "." in key and key.replace(".", "").isalpha():  # "the S.E.C." is the "SEC"
            refs = self._alias.get(key.removeprefix("the ").replace(".", ""))
        short = key.removeprefix("the ")
        if not refs and short.isalpha() and len(short) >= 3 and " " not in short:
            # "the Fed" for the Federal Reserve: the one organisation whose first word it begins
            refs = [o for o in self.orgs if len(o.name.split()) > 1 and o.name.split()[0].lower().startswith(short)
                    and o.name.split()[0].lower() != short] or None
            refs = refs if refs and len(refs) == 1 else None
        if not refs and " " not in short:
            # "HuffPo" for the Huffington Post: each capitalised part begins a word of the name
            parts = re.findall(r"[A-Z][a-z]+", name.strip())
            if len(parts) >= 2 and "".join(parts) == name.strip():
                refs = [o for o in self.orgs if len(o.name.split()) == len(parts)
                        and all(w.startswith(p) for w, p in zip(o.name.split(), parts))] or None
                refs = refs if refs and len(refs) == 1 else None
        if refs and len(refs) == 1:
            return refs[0]
        if refs:  # ambiguous surname: the most recently registered full name wins later by recency
            return refs[0]
        return None

    def _gather_evidence(self) -> None:
        """Gender, ages and roles stated in the article."""
        doc = self.doc
        votes: dict[int, list[int]] = {}
        for ent in doc_ents(doc):
            if ent.label_ not in NAME_LABELS:
                continue
            ref = self.lookup_ent(ent)
            if ref is None or ref.kind != "person":
                continue
            if len(ent) == 1 and sum(r.kind == "person" for r in self._alias.get(ent.text.lower(), [])) > 1:
                continue  # "Mr. Abedini" with a Saeed and a Naghmeh Abedini: whose it is is not known yet
            # honorifics and role nouns just before the name: "Mrs. Clinton", "actress Mila Kunis"
            before = [t for t in doc[max(0, ent.start - 4):ent.start]]
            # only a word that modifies the name itself ("actress Mila Kunis", "Mrs. Clinton"),
            # not any gendered word nearby ("a woman's support for Paul Grant")
            title_words = [t for t in before[-2:] if t.head.i in range(ent.start, ent.end) or t.i + 1 == ent.start
                           and t.dep_ in ("compound", "amod", "nmod", "appos")]
            for t in title_words:
                if t.lower_ in MALE_WORDS:
                    votes.setdefault(id(ref), [0, 0])[0] += 3
                elif t.lower_ in FEMALE_WORDS:
                    votes.setdefault(id(ref), [0, 0])[1] += 3
            role = [t.text for t in before if t.pos_ in ("NOUN", "PROPN") and t.dep_ == "compound" and not t.ent_type_]
            if role:
                ref.roles.add(" ".join(role).lower())
            ref.role_words |= role_words_of(ent)
            # "Kutcher, 45," — an age apposition
            if ent.end + 2 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].like_num:
                nxt = doc[ent.end + 2] if ent.end + 2 < len(doc) else None
                if nxt is not None and nxt.text in (",", ")", "and", ".") and doc[ent.end + 1].text.isdigit():
                    age = int(doc[ent.end + 1].text)
                    if 0 < age < 120:
                        ref.age = age
            # pronouns in the rest of the sentence where the person is the subject
            root = ent.root
            if ent.label_ not in PERSON_LABELS:
                continue
            if root.dep_ in ("nsubj", "nsubjpass"):
                for t in doc[ent.end:sent_range(doc, ent.start)[1]]:
                    if t.lower_ in MALE_PRONOUNS:
                        votes.setdefault(id(ref), [0, 0])[0] += 1
                        break
                    if t.lower_ in FEMALE_PRONOUNS:
                        votes.setdefault(id(ref), [0, 0])[1] += 1
                        break
                    if t.ent_type_ in PERSON_LABELS:
                        break
        for ref in self.people:
            m, f = votes.get(id(ref), [0, 0])
            if m > f + 1 or (m > f and ref.gender is None):
                ref.gender = "male"
            elif f > m + 1 or (f > m and ref.gender is None):
                ref.gender = "female"

    # ------------------------------------------------------------- queries
    def _before(self, pos: int) -> int:
        """Index of the first mention at or after `pos` (mentions are kept sorted)."""
        return bisect.bisect_left(self.mentions, pos, key=lambda m: m.pos)

    def first_named_after(self, pos: int) -> Referent | None:
        """The first person named as a source (`self.sources`: the article's source spans) after
        `pos`, when the body named no person before `pos` (headlines aside): who a lede's
        opening description is about."""
        for m in self.mentions:
            if m.pos >= pos:
                break
            if not any(a <= m.pos < b for a, b in self.headlines) and any(r.kind == "person" for r in m.referents):
                return None
        for a, b in self.sources:
            if a <= pos:
                continue
            # the last person named in the span: its head ("U.S. Air Force Gen. Norman Ham")
            inside = [r for m in self.mentions if a <= m.pos < b for r in m.referents if r.kind == "person"]
            if inside:
                return inside[-1]
        return None

    def org_like(self, ref: Referent) -> bool:
        """An organisation, or a one-word name the NER called a person with nothing else to
        say so: no first name, no title, no gender, never part of a longer name ("Twitter")."""
        if ref.kind == "organization":
            return True
        return (ref.kind == "person" and len(ref.name.split()) == 1 and ref.gender is None
                and ref.name not in self._titles and first_name_gender(ref.name) is None
                and not any(len(r.name.split()) > 1 and ref.name in r.name.split() for r in self.people))

    def as_organization(self, ref: Referent) -> None:
        """What the article calls "the company" or "it" is an organisation, whatever the NER said."""
        if ref.kind == "person":
            ref.kind = "organization"
            self.people.remove(ref)
            self.orgs.append(ref)

    def as_person(self, ref: Referent) -> None:
        """Someone the text shows is a person ("Glenn Harlan Reynolds, a law professor, is …"),
        whatever the NER said."""
        if ref.kind == "organization":
            ref.kind = "person"
            self.orgs.remove(ref)
            self.people.append(ref)
            ref.gender = ref.gender or first_name_gender(ref.name.split()[0])

    def by_title_gender(self, ref: Referent, span: Span, head: Token) -> Referent:
        """"Mrs. Abedini" when the article has a Saeed and a Naghmeh Abedini: of the people
        who share the surname, the one the title's gender fits."""
        titles = [t.lower_.rstrip(".") for t in span if t.i < head.i and is_title(t)]
        gender = "male" if any(t in MALE_WORDS for t in titles) else "female" if any(t in FEMALE_WORDS for t in titles) else None
        if gender is None or ref.kind != "person" or ref.gender in (gender, None):
            return ref
        same = [r for r in self._alias.get(head.lower_, []) if r.kind == "person" and r.gender in (gender, None) and r is not ref]
        return same[0] if len(same) == 1 else ref

    def add_mention(self, mention: Mention) -> None:
        bisect.insort(self.mentions, mention, key=lambda m: m.pos)

    def salient(self, pos: int, want=lambda r: True, decay: float = 600.0, limit: int = 6000) -> Referent | None:
        """The referent most in focus at `pos`: mentions before it, each weighted by
        how recent it is (exponential decay over characters) and by its role."""
        scores: dict[int, float] = {}
        refs: dict[int, Referent] = {}
        for j in range(self._before(pos) - 1, -1, -1):
            m = self.mentions[j]
            dist = pos - m.pos
            if dist > limit:
                break
            for r in m.referents:
                if want(r):
                    scores[id(r)] = scores.get(id(r), 0.0) + m.weight * math.exp(-dist / decay)
                    refs[id(r)] = r
        if not scores:
            return None
        return refs[max(scores, key=scores.get)]

    def recent_group(self, pos: int) -> tuple[Referent, ...] | None:
        """The last coordination of two or more people before `pos` ("Kutcher and Kunis")."""
        found = self.recent_group_at(pos)
        return found[0] if found else None

    def unnamed_plural_after(self, start: int, pos: int) -> bool:
        """Whether the text between `start` and `pos` names a plural set of people the
        article does not name ("activists and intellectuals", "voters"): a "they" after it
        means them, not the named pair or the organisation mentioned before."""
        doc = self.doc
        for tok in doc[:0] if start >= pos else doc.char_span(start, pos, alignment_mode="contract") or ():
            dep = tok.head.dep_ if tok.dep_ == "conj" else tok.dep_
            if tok.tag_ == "NNS" and tok.pos_ == "NOUN" and not tok.ent_type_ and dep in SUBJECT_DEPS and (
                    is_person_noun(tok) or tok.lemma_.lower() in ANONYMOUS_NOUNS) \
                    and not any(c.dep_ == "poss" and c.ent_type_ in PERSON_LABELS for c in tok.children):
                return True
        return False

    def recent_group_at(self, pos: int) -> tuple[tuple[Referent, ...], int] | None:
        """`recent_group`, with where the coordination ends."""
        doc = self.doc
        best = None
        for ent in doc_ents(doc):
            if ent.start_char >= pos:
                break
            if ent.label_ not in PERSON_LABELS:
                continue
            if ent.root.dep_ == "conj" and ent.root.head.ent_type_ in PERSON_LABELS:
                continue  # a later member of a coordination counted from its first
            # "Autor, Dorn and Hanson": the parser chains the members, each the conj of the last
            conj, frontier = [], [ent.root]
            while frontier:
                nxt = [c for t in frontier for c in t.children if c.dep_ == "conj" and c.ent_type_ in PERSON_LABELS]
                conj += nxt
                frontier = nxt
            members = [self.lookup(clean_name(ent))]
            for c in conj:
                cent = next((e for e in doc_ents(doc) if e.start <= c.i < e.end), None)
                if cent is not None:
                    members.append(self.lookup(clean_name(cent)))
            members = [m for m in members if m is not None]
            if len({id(m) for m in members}) >= 2:
                end = max([ent.end_char] + [c.idx + len(c) for c in conj])
                best = tuple(dict.fromkeys(members)), end
        return best


def group_name(refs) -> str:
    """Several speakers as one: their canonical names joined by "; " in the order given,
    which callers keep as the text's order of mention (issue 10's convention)."""
    return "; ".join(dict.fromkeys(r.name for r in refs))
