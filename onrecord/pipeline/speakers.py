"""Who is the source? Resolve each attribution's source to a canonical speaker.

Within one article, a speaker appears as a full name ("Ashton Kutcher"), a surname or
first name ("Kutcher", "Mila"), a pronoun ("she added"), a description ("the 47-year-
old", "the ‘Four Good Days’ star", "the couple") or anonymously ("a second user", "the
third"). The resolver builds a small inventory of the people and organisations the
article names, with the evidence it states about them (gender from pronouns, honorifics,
role nouns and a first-name list; ages from "Kutcher, 45,"; roles from appositions), and
resolves each source against it by type, gender, number and recency (salience).

No coreference model is downloaded or required: everything comes from the parse, the
entities and the article's own words.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..model import Attribution
from .names import first_name_gender
from .sentences import doc_ents, ents_within, sent_range

#: relative pronouns a source may be ("an architect who said…")
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves", "we", "us", "our"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
MALE_WORDS = {"mr", "mr.", "sir", "actor", "father", "husband", "son", "brother", "king", "man", "boy", "uncle",
              "chairman", "spokesman", "congressman", "businessman", "grandfather", "boyfriend", "nephew"}
FEMALE_WORDS = {"mrs", "mrs.", "ms", "ms.", "miss", "actress", "mother", "wife", "daughter", "sister", "queen",
                "woman", "girl", "aunt", "chairwoman", "spokeswoman", "congresswoman", "businesswoman", "lady",
                "grandmother", "girlfriend", "niece", "madam"}
GROUP_NOUNS = {"couple", "pair", "duo", "co-stars", "costars", "both", "two", "trio", "partners", "spouses"}
ANONYMOUS_NOUNS = {"user", "users", "source", "sources", "official", "officials", "person", "people", "critic",
                   "critics", "commenter", "commenters", "fan", "fans", "viewer", "viewers", "observer",
                   "observers", "witness", "witnesses", "resident", "residents", "insider", "insiders", "aide",
                   "aides", "expert", "experts", "analyst", "analysts", "poster", "tweeter", "someone", "one",
                   "another", "others", "some", "many", "follower", "followers", "reader", "readers", "member",
                   "members", "supporter", "supporters", "voter", "voters", "spokesperson", "spokesman",
                   "spokeswoman", "lawmaker", "lawmakers", "employee", "employees", "staffer", "staffers",
                   "adviser", "advisers", "advisor", "advisors", "allies", "associates", "surrogates", "confidants"}
INDEFINITE = {"a", "an", "one", "another", "some", "many", "several", "most", "few", "other", "others", "any",
              "numerous", "countless", "multiple"}
ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "last", "latter", "former"}
PERSON_LABELS = {"PERSON"}
NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "GPE", "NORP", "FAC", "PRODUCT"}
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "mayor",
          "councilman", "councilwoman", "councillor", "councilor", "senator", "sen", "rep", "representative",
          "congressman", "congresswoman", "gov", "governor", "president", "vice", "judge", "justice", "gen",
          "general", "col", "lt", "capt", "sgt", "officer", "chief", "secretary", "minister", "chancellor",
          "detective", "sheriff", "attorney", "commissioner", "ambassador", "rev", "reverend", "pope", "king",
          "queen", "prince", "princess", "coach", "speaker", "superintendent", "director", "chairman",
          "chairwoman", "spokesman", "spokeswoman", "actor", "actress", "singer", "rapper", "star", "former",
          "late", "u.s.", "state", "assemblyman", "assemblywoman", "trustee", "inspector", "premier", "chef",
          "pastor", "father", "sister", "brother", "rabbi", "imam", "bishop", "cardinal", "sen.", "rep.", "gov.",
          "del", "del.", "delegate", "activist", "lawmaker", "economist", "analyst", "historian", "author",
          "whip", "leader", "ag"}
ORG_LABELS = {"ORG", "NORP", "GPE"}
#: person nouns that are also surnames often enough not to be cut from a name as titles
FAMILY_NOUNS = {"son", "brother", "sister", "father", "mother", "man", "boy", "girl", "friend", "king", "judge",
                "bishop", "cardinal", "priest", "model"}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
AGE_RE = re.compile(r"^(\d{1,3})-year-old$", re.I)
AGE_IN_RE = re.compile(r"\b(\d{1,3})\s?-\s?year\s?-\s?old\b", re.I)


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


def _common_word(doc: Doc, word: str) -> bool:
    """Whether the text also writes `word` in lower case: then, capitalised, it is a
    headline's or a sentence's first word ("Between"), not part of a name."""
    low = word.lower()
    lower_words = doc.user_data.get("onrecord_lower_words")
    if lower_words is None:  # once per document: the words it writes in lower case
        lower_words = doc.user_data["onrecord_lower_words"] = {t.text for t in doc if t.is_lower}
    return low != word and low in lower_words


def _modifies(tok: Token, head: Token) -> bool:
    """Whether `tok` is a modifier of `head`, directly or through other modifiers ("Obama" in
    "a senior Obama administration official")."""
    while tok.dep_ in ("compound", "poss", "nmod", "amod") and tok.head.i != tok.i:
        tok = tok.head
        if tok.i == head.i:
            return True
    return False


def _fold(text: str) -> str:
    """Lower case without accents: the key under which "Francois" and "François" meet."""
    return "".join(c for c in unicodedata.normalize("NFKD", " ".join(text.split()).lower())
                   if not unicodedata.combining(c))


def _accents(text: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFKD", text) if unicodedata.combining(c))


def _is_title(tok: Token) -> bool:
    return tok.lower_ in TITLES or tok.lower_.rstrip(".") in TITLES


def _strip_title(span: Span) -> tuple[str, str | None]:
    """("Elena Vasquez", "Mayor") from "Mayor Elena Vasquez"; titles are roles, not names.

    A title inside the phrase cuts it too ("Charlotte Mayor Jennifer Roberts", "Retired
    U.S. Air Force Gen. Norman Ham"), when at least two name words follow it; a verb the
    NER glued onto a headline's name ("Obama Seeks …", "Clinton Plan …") is no part of it."""
    toks = [t for t in span if not t.is_punct or t.text in ("'", "’", "-", ".")]
    for k, t in enumerate(toks):  # "Commentary's Noah Rothman": the owner before "'s" is no part of the name
        if t.tag_ == "POS" and 0 < k < len(toks) - 1 and (span.label_ != "ORG" or first_name_gender(toks[k + 1].text)):
            toks = toks[k + 1:]
            break
    for k, t in enumerate(toks):  # "Deborah Jordan Reynolds - Santilli's girlfriend": a spaced dash ends a name
        if k and t.text in ("-", "–", "—") and t.whitespace_ and t.i > 0 and span.doc[t.i - 1].whitespace_:
            toks = toks[:k]
            break
    while len(toks) > 1 and span.label_ != "ORG" and (
            toks[-1].pos_ in ("VERB", "AUX") or toks[-1].lower_ in DOCUMENT_NOUNS | PERSONAL_BODIES):
        toks.pop()  # "Obama Seeks …", "Clinton Plan for Taxes …": a headline's words glued on
    while len(toks) > 1 and toks[0].pos_ in ("VERB", "AUX") and toks[0].is_alpha and first_name_gender(toks[0].text) is None:
        toks.pop(0)  # "Endorsed Trump": a headline's verb the NER ran into the name
    lead = 1 if len(toks) > 2 and toks[0].lower_ == "the" else 0
    while len(toks) > lead + 1 and span.label_ == "ORG" and toks[lead].is_lower and toks[lead].is_alpha \
            and toks[lead].pos_ != "DET":
        del toks[:lead + 1]  # "the federal Securities and Exchange Commission": an adjective, not the name
        lead = 0
    title = []
    while len(toks) > 1 and (_is_title(toks[0]) or span.label_ != "ORG" and toks[0].lower_ in PERSON_NOUNS
                             and toks[0].lower_ not in FAMILY_NOUNS):
        title.append(toks.pop(0).text)
    if span.label_ in PERSON_LABELS or not span.label_:  # the NER's person, or a proper-noun chain
        # "Top Clinton aide …", "Carly Fiorina Endorses Ted Cruz": a headline's capitalised
        # word the NER ran into the name (a verb, or a word the text writes in lower case)
        while len(toks) > 1 and toks[0].is_alpha and first_name_gender(toks[0].text) is None and (
                toks[0].pos_ in ("VERB", "AUX") or _common_word(span.doc, toks[0].text)):
            toks.pop(0)
        # "Senate Intelligence Ranking Democrat Dianne Feinstein": the name starts at its
        # first name when no word before it is one
        for k in range(1, len(toks) - 1):
            if first_name_gender(toks[k].text) is not None and toks[k].text[:1].isupper() \
                    and all(t.is_alpha and t.text[:1].isupper() and first_name_gender(t.text) is None
                            for t in toks[:k]):
                title.extend(t.text for t in toks[:k])
                toks = toks[k:]
                break
    if span.label_ != "ORG":
        for k in range(len(toks) - 2, 0, -1):
            rest = [t for t in toks[k + 1:] if t.is_alpha]
            if _is_title(toks[k]) and toks[k].text[:1].isupper() and len(rest) >= 2 \
                    and rest[0].lower_.rstrip(".") not in NAME_SUFFIXES and all(t.text[:1].isupper() for t in rest):
                title.extend(t.text for t in toks[:k + 1])
                toks = toks[k + 1:]
                break
    if not toks:
        return "", None
    name = _clean_name(span.doc[toks[0].i:toks[-1].i + 1])
    return name, " ".join(title) if title else None


def _name_chain(head: Token) -> tuple[str, str | None]:
    """The name a proper-noun head carries: its compound/flat proper nouns, title stripped."""
    doc = head.doc
    lo = head.i
    while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].dep_ in ("compound", "flat", "nmod") \
            and doc[lo - 1].head.i in range(lo, head.i + 1):
        lo -= 1
    hi = head.i + 1
    while hi < len(doc) and doc[hi].pos_ == "PROPN" and doc[hi].dep_ in ("flat", "compound", "appos") \
            and doc[hi].head.i == head.i and doc[hi].idx == doc[hi - 1].idx + len(doc[hi - 1]) + 1:
        hi += 1
    return _strip_title(doc[lo:hi])


#: words that qualify a title without naming anyone ("Retired General", "Former Senator")
TITLE_MODIFIERS = {"retired", "former", "late", "acting", "deputy", "then", "interim", "outgoing", "incoming"}

#: abbreviated titles, as the words a description would use
TITLE_WORDS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "lt": "lieutenant",
               "col": "colonel", "capt": "captain", "sgt": "sergeant", "dr": "doctor", "prof": "professor",
               "pres": "president", "sec": "secretary", "atty": "attorney", "del": "delegate", "supt": "superintendent",
               "ag": "attorney"}
_ROLE_POS = ("NOUN", "PROPN", "ADJ")


def _role_words(ent: Span) -> set[str]:
    """What the article calls a named person right beside the name: the words before it
    ("Democratic nominee Hillary Clinton", "Sen. Ted Cruz") and its apposition ("Don
    Fowler, a former DNC chairman"; "Obama's former strategist, David Axelrod")."""
    doc = ent.doc
    words: set[str] = set()

    def take(tokens) -> None:
        for t in tokens:
            if t.pos_ in _ROLE_POS and t.is_alpha and not (ent.start <= t.i < ent.end):
                w = t.lower_.rstrip(".")
                words.add(TITLE_WORDS.get(w, w))
                words.add(t.lemma_.lower())

    for t in ent:  # a title the NER took into the name ("Air Force Gen. Norman Ham")
        if _is_title(t):
            w = t.lower_.rstrip(".")
            words.add(TITLE_WORDS.get(w, w))
    j = ent.start
    while j > 0 and j > ent.start - 5 and doc[j - 1].pos_ in _ROLE_POS and doc[j - 1].ent_type_ in ("", "ORG", "NORP", "GPE"):
        j -= 1
    take(doc[j:ent.start])
    root = ent.root
    for c in root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            take(list(c.subtree)[:12])
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < ent.start:
        take(t for t in list(root.head.subtree)[:12] if t.i < ent.start)
    # "An attorney for Pagliano, Mark MacDougall": the apposition hung on the role's object
    obj = root.head
    if root.dep_ == "appos" and obj.dep_ == "pobj" and obj.head.dep_ == "prep" and obj.head.head.pos_ == "NOUN" \
            and obj.head.head.i < ent.start:
        take(t for t in doc[obj.head.head.left_edge.i:ent.start])
    return words


def _clean_name(span: Span) -> str:
    text = span.text.strip()
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return " ".join(text.replace("[", "").replace("]", "").split())


NICKNAME_RE = re.compile(r"\b([A-Z][a-z]+(?: [A-Z]\.)*) [\"\u201c]([A-Z][a-z]+)[\"\u201d] ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
#: words an organisation's name is not shortened to ("the Department" is any department)
_GENERIC_ORG_WORDS = {"department", "office", "committee", "council", "center", "centre", "service", "services",
                      "group", "association", "institute", "university", "party", "agency", "board", "bureau",
                      "commission", "foundation", "company", "corporation", "inc", "inc.", "co", "co.", "news",
                      "campaign", "administration", "court", "union", "house", "states", "nations", "america"}
_NAME_JOINERS = (" for ", " of ", " to ", " on ", " against ", " at ")


_FUNCTION_WORDS = r"(?:of|the|for|to|and|on|in|at|a|an|&)"


def acronym_expansion(text: str, acronym: str) -> str | None:
    """The capitalised words in `text` whose initials spell `acronym` (function words
    between them allowed): "Alliance to Reclaim Our Schools" for "AROS"."""
    parts = [rf"{re.escape(ch)}[\w'’.-]*" for ch in acronym]
    pattern = rf"\b{parts[0]}" + "".join(rf"(?:\s+{_FUNCTION_WORDS})*\s+{p}" for p in parts[1:]) + r"\b"
    for m in re.finditer(pattern, text):
        if m.group(0) != acronym and not m.group(0).isupper():
            return " ".join(m.group(0).split())
    return None


_HEADLINE_END = (".", "!", "?", ":", ";", ",", "\"", "”", "'", "’", ")")


def _capitalised(words: list[str]) -> bool:
    """Most words written with a capital, as in a headline."""
    return bool(words) and sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha()) >= 0.7 * len(words)


def headline_ranges(text: str, title_line: bool = False) -> list[tuple[int, int]]:
    """Character ranges of lines written as headlines: short lines of mostly capitalised
    words with no closing punctuation ("Obama Seeks More Muslim Refugees As He Recognizes
    …"); with `title_line`, also the text's first line when it is short, however it ends."""
    out = []
    pos = 0
    first = True
    for line in text.split("\n"):
        words = line.split()
        if title_line and first and words and len(words) <= 20:  # the title line, however it ends
            out.append((pos, pos + len(line)))
        elif 2 <= len(words) <= 20 and not line.rstrip().endswith(_HEADLINE_END[:3]) and _capitalised(words):
            out.append((pos, pos + len(line)))
        first = first and not words
        pos += len(line) + 1
    return out


def title_line_range(text: str) -> tuple[int, int] | None:
    """The text's first line when it is written as a title (short, mostly capitalised,
    however it ends: "Elizabeth Warren Hammers Wells Fargo CEO: …")."""
    lines = headline_ranges(text, title_line=True)
    if not lines or lines[0][0] != len(text) - len(text.lstrip()):
        return None
    a, b = lines[0]
    return (a, b) if _capitalised(text[a:b].split()) else None


def org_aliases(name: str) -> list[str]:
    """Short forms an article may use for an organisation it names in full: its acronym
    ("AROS" for "Alliance to Reclaim Our Schools"), the part before "for/of/to…" ("Roper
    Center"), and a distinctive last word ("Post" for "Washington Post")."""
    words = name.split()
    if len(words) < 2:
        return []
    out = []
    caps = [w for w in words if w[:1].isupper()]
    if len(caps) >= 2 and not name.isupper():
        out.append("".join(w[0] for w in caps).upper())
    for joiner in _NAME_JOINERS:
        head = name.split(joiner, 1)[0]
        if head != name and head.strip():
            out.append(head.strip())
            break
    last = words[-1]
    if last[:1].isupper() and last.lower() not in _GENERIC_ORG_WORDS and len(last) > 2 and not last.isupper():
        out.append(last)
    if words[0].isupper() and words[0].isalpha() and len(words[0]) >= 2:  # "NBC" for "NBC News"
        out.append(words[0])
    return out


class Inventory:
    """The people and organisations of one document, and a mention timeline."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.people: list[Referent] = []
        self.orgs: list[Referent] = []
        self.mentions: list[Mention] = []
        self._alias: dict[str, list[Referent]] = {}
        self._titles: dict[str, str] = {}
        self.authors: dict[str, tuple[str, str]] = {}  # document noun -> its last named author
        self.sources: list[tuple[int, int]] = []  # the source spans of the article's attributions
        self._built = False  # set once the inventory is complete: lookups may then weigh salience
        self._ent_ref: dict[int, Referent] = {}  # entity start -> referent, for surnames people share
        self._lede_headlines = headline_ranges(doc.text, title_line=True)  # where a lede's names don't count
        self.headlines = self._lede_headlines
        self._title_line = title_line_range(doc.text)
        self._build()

    # ------------------------------------------------------------- building
    def _build(self) -> None:
        # the small English NER often labels "Mayor Elena Vasquez" a WORK_OF_ART and a
        # lone "Vasquez" an ORG: a title or a known first name makes a name a person's
        named: list[tuple[Span, str, str]] = []
        headlines = headline_ranges(self.doc.text)
        doc = self.doc
        # surnames the NER calls people somewhere ("Mr. Prasad"): a longer name ending in one is
        # a person's, whatever label that mention got ("Eswar Prasad" as an ORG)
        surnames = {e[-1].lower_ for e in doc_ents(doc) if e.label_ in PERSON_LABELS and e[-1].is_alpha} | {
            t.head.lower_ for t in doc if t.lower_.rstrip(".") in ("mr", "mrs", "ms") and t.head.pos_ == "PROPN"}
        for ent in doc_ents(self.doc):
            if ent.label_ not in NAME_LABELS:
                continue
            name, title = _strip_title(ent)
            if ent.label_ in PERSON_LABELS:
                # "businessman Chandhok Jasdip Singh", the NER seeing "Jasdip Singh": proper nouns
                # compounded onto the name are part of it
                j = ent.start
                while j > 0 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].dep_ == "compound" \
                        and ent.start <= doc[j - 1].head.i < ent.end and not doc[j - 1].ent_type_ \
                        and doc[j - 1].is_alpha and doc[j - 1].text[:1].isupper() and not _is_title(doc[j - 1]) \
                        and doc[j - 1].lower_ not in PERSON_NOUNS and doc[j - 1].tag_ != "NNPS" \
                        and doc[j - 1].lower_.rstrip("s") not in TITLES and len(ent) >= 2 \
                        and first_name_gender(ent[0].text) is None \
                        and not _common_word(doc, doc[j - 1].text):
                    j -= 1  # (a word the text also writes in lower case is no name: "Between")
                if j < ent.start and name and name.split()[0] == ent[0].text:
                    name = f"{doc[j:ent.start].text} {name}"
            name = self.ent_name(ent, name)
            if not name or not any(ch.isalpha() for ch in name):
                continue
            if len(ent) == 1 and ent[0].lower_ in ANONYMOUS_NOUNS:
                continue  # "Aides said …": a sentence's first word, not a name
            if ent.label_ in PERSON_LABELS and ent[-1].tag_ == "NNPS" and ent[-1].lower_.endswith(NORP_PLURALS):
                continue  # "Gay Republicans": a group, not a person the NER saw
            if any(a <= ent.start_char < b for a, b in headlines) and \
                    self.doc.text.count(name) == 1:  # "Lee Slams Council": a headline's words, not a name
                continue
            parts = name.split()
            looks_personal = title is not None or (len(parts) >= 2 and first_name_gender(parts[0]) is not None
                                                   and all(p[:1].isupper() for p in parts))
            known_surname = (len(parts) >= 2 and parts[-1].lower() in surnames
                                                and all(p[:1].isupper() for p in parts)
                                                and not any(_common_word(doc, p) for p in parts[:-1])
                                                and all(t.pos_ == "PROPN" for t in ent if t.is_alpha))
            # "Carly Fiorina" as an ORG: a first name and a surname the text also uses alone
            org_person = ent.label_ == "ORG" and len(parts) == 2 and first_name_gender(parts[0]) is not None \
                and parts[1].lower() not in _GENERIC_ORG_WORDS | ORG_DESCRIPTION_NOUNS \
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
        first_full: dict[int, int] = {}
        for ent, name, kind in named:
            ref = self.lookup(name)
            if ref is not None and len(name.split()) > 1:
                first_full.setdefault(id(ref), ent.start_char)
            refs = self._alias.get(" ".join(name.split()).lower()) or []
            if len(name.split()) == 1 and len({id(r) for r in refs}) > 1:
                seen = [r for r in refs if id(r) in first_full]
                if seen:
                    ref = min(seen, key=lambda r: first_full[id(r)])
                    self._ent_ref[ent.start] = ref
            if ref is not None:
                ref.mentions.append(ent.start_char)
                ref.spans.append((ent.start_char, ent.end_char))
                self.mentions.append(Mention(ent.start_char, (ref,)))
        self._expand_acronyms()
        self._gather_evidence()
        self.mentions.sort(key=lambda m: m.pos)
        self._built = True

    def _expand_acronyms(self) -> None:
        """An organisation known by its acronym ("AROS") takes the full name the article
        spells out ("the Alliance to Reclaim Our Schools"), which the NER may have missed."""
        for ref in self.orgs:
            if not (ref.name.isupper() and ref.name.isalpha() and 2 <= len(ref.name) <= 8):
                continue
            m = acronym_expansion(self.doc.text, ref.name)
            if m is not None and self.lookup(m) in (None, ref):
                ref.aliases.add(ref.name)
                ref.name = m
                self._register(m, ref)

    def ent_name(self, ent: Span, name: str | None = None) -> str:
        """The name an entity gives, titles stripped; in the title line, cut before the first
        word the rest of the text never uses ("Elizabeth Warren Hammers Wells Fargo CEO" is
        Elizabeth Warren: the small NER runs a headline's name into its verb)."""
        return self.headline_name(ent.start_char, _strip_title(ent)[0] if name is None else name)

    def headline_name(self, start: int, name: str) -> str:
        """`name`, found at `start`, cut as `ent_name` says when it lies in the title line."""
        if self._title_line is None or not (self._title_line[0] <= start < self._title_line[1]):
            return name
        a, b = self._title_line
        words = name.split()
        body = self.doc.text[:a] + " " + self.doc.text[b:]
        for k in range(1, len(words)):
            if not re.search(rf"\b{re.escape(words[k])}\b", body):
                prefix = " ".join(words[:k])  # kept only when the body uses it as a name too
                return prefix if re.search(rf"\b{re.escape(prefix)}\b", body) else name
        return name

    def lookup_ent(self, ent: Span) -> Referent | None:
        """The referent an entity names (see `ent_name`); a surname several people share
        ("Bush" after "Jeb Bush" and "George W. Bush") is the one most in focus there."""
        name = self.ent_name(ent)
        ref = self.lookup(name)
        if ref is not None:
            refs = self._alias.get(" ".join(name.split()).lower()) or []
            if len(refs) > 1:
                # a title the text gives this mention picks first ("President Obama" is the
                # one called "President Barack Obama"), then focus
                doc = ent.doc
                titles = {TITLE_WORDS.get(w, w) for w in (t.lower_.rstrip(".") for t in
                          list(doc[max(0, ent.start - 2):ent.start]) + list(ent) if _is_title(t))}
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
        for m in NICKNAME_RE.finditer(self.doc.text):
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
        """Register a person found outside the NER (a source the NER missed)."""
        if title:
            self._titles[name] = title
        self._add_person(name)
        ref = self.lookup(name)
        assert ref is not None
        return ref

    def _add_person(self, name: str) -> None:
        parts = name.split()
        existing = self.lookup(name)
        if existing is not None and existing.kind == "person":
            if _fold(existing.name) == _fold(name) and _accents(name) > _accents(existing.name):
                existing.aliases.add(existing.name)  # the accented spelling is the fuller form
                existing.name = name
                self._register(name, existing)
            return
        if len(parts) > 1:
            # a one-word person seen first ("Ruiz") is this full name's surname or first name
            for part in (parts[-1], parts[0]):
                refs = self._alias.get(part.lower()) or []
                if len(refs) == 1 and refs[0].kind == "person" and len(refs[0].name.split()) == 1:
                    ref = refs[0]
                    ref.aliases.add(ref.name)
                    ref.name = name
                    self._register(name, ref)
                    for p in (parts[0], parts[-1]):
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
            self._register(f"{parts[0]} {parts[-1]}", ref)
            ref.aliases.add(f"{parts[0]} {parts[-1]}")
            if not parts[-2].endswith("."):  # "Ildefonso Guajardo Villarreal" is "Mr. Guajardo Villarreal"
                self._register(" ".join(parts[1:]), ref)
                ref.aliases.add(" ".join(parts[1:]))
        if len(parts) > 1:
            for p in (parts[0], parts[-1]):
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
        # "Tax Policy Center" and "Urban-Brookings Tax Policy Center": one organisation,
        # under its fullest name
        same = [o for o in self.orgs if o.name.endswith(" " + name) or name.endswith(" " + o.name)]
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
        for k in dict.fromkeys((key.lower(), _fold(key))):
            refs = self._alias.setdefault(k, [])
            if ref not in refs:
                refs.append(ref)

    def lookup(self, name: str) -> Referent | None:
        """The one referent a name (full, surname or first name) points to, if unambiguous;
        accents do not count ("Francois Hollande" in a headline is the body's "François")."""
        key = " ".join(name.split()).lower()
        refs = self._alias.get(key) or (self._alias.get(key[4:]) if key.startswith("the ") else None) \
            or self._alias.get(_fold(key))
        if not refs and "." in key and key.replace(".", "").isalpha():  # "the S.E.C." is the "SEC"
            refs = self._alias.get(key.removeprefix("the ").replace(".", ""))
        short = key.removeprefix("the ")
        if not refs and short.isalpha() and len(short) >= 3 and " " not in short:
            # "the Fed" for the Federal Reserve: the one organisation whose first word it begins
            refs = [o for o in self.orgs if len(o.name.split()) > 1 and o.name.split()[0].lower().startswith(short)
                    and o.name.split()[0].lower() != short] or None
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
            ref.role_words |= _role_words(ent)
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
    def recent(self, pos: int, want=lambda r: True, limit: int = 4000) -> Referent | None:
        """The most recently mentioned referent before `pos` satisfying `want`."""
        for j in range(self._before(pos) - 1, -1, -1):
            m = self.mentions[j]
            if pos - m.pos > limit:
                break
            for r in m.referents:
                if want(r):
                    return r
        return None

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
            if not any(a <= m.pos < b for a, b in self._lede_headlines) and any(r.kind == "person" for r in m.referents):
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

    def by_title_gender(self, ref: Referent, span: Span, head: Token) -> Referent:
        """"Mrs. Abedini" when the article has a Saeed and a Naghmeh Abedini: of the people
        who share the surname, the one the title's gender fits."""
        titles = [t.lower_.rstrip(".") for t in span if t.i < head.i and _is_title(t)]
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
        ranked = self.focus(pos, want, decay, limit)
        return ranked[0][0] if ranked else None

    def focus(self, pos: int, want=lambda r: True, decay: float = 600.0, limit: int = 6000) -> list[tuple[Referent, float]]:
        """Every referent mentioned before `pos` with its focus score (see `salient`), most in focus first."""
        import math

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
        return [(refs[k], scores[k]) for k in sorted(scores, key=scores.get, reverse=True)]

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
            if tok.tag_ == "NNS" and tok.pos_ == "NOUN" and not tok.ent_type_ and dep in _SUBJECT_DEPS and (
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
            conj = [c for c in ent.root.children if c.dep_ == "conj" and c.ent_type_ in PERSON_LABELS]
            if not conj and ent.root.dep_ == "conj" and ent.root.head.ent_type_ in PERSON_LABELS:
                continue
            members = [self.lookup(_clean_name(ent))]
            for c in conj:
                cent = next((e for e in doc_ents(doc) if e.start <= c.i < e.end), None)
                if cent is not None:
                    members.append(self.lookup(_clean_name(cent)))
            members = [m for m in members if m is not None]
            if len({id(m) for m in members}) >= 2:
                end = max([ent.end_char] + [c.idx + len(c) for c in conj])
                best = tuple(dict.fromkeys(members)), end
        return best


def group_name(refs) -> str:
    return "; ".join(sorted({r.name for r in refs}))


PERSON_NOUNS = {"star", "host", "actor", "actress", "singer", "rapper", "player", "coach", "judge", "mayor",
                "senator", "president", "candidate", "nominee", "governor", "official", "spokesman",
                "spokeswoman", "spokesperson", "lawyer", "attorney", "doctor", "chief", "minister", "secretary",
                "councilman", "councilwoman", "congressman", "congresswoman", "politician", "author", "director",
                "founder", "executive", "ceo", "chairman", "chairwoman", "analyst", "expert", "economist",
                "professor", "scientist", "journalist", "reporter", "columnist", "editor", "critic", "activist",
                "leader", "boss", "owner", "mother", "father", "wife", "husband", "son", "daughter", "brother",
                "sister", "friend", "man", "woman", "girl", "boy", "veteran", "victim", "witness", "couple",
                "comedian", "model", "musician", "producer", "filmmaker", "athlete", "champion", "businessman",
                "businesswoman", "billionaire", "millionaire", "officer", "detective", "prosecutor", "defendant",
                "plaintiff", "manager", "adviser", "advisor", "aide", "strategist", "pollster", "diplomat",
                "ambassador", "general", "commander", "soldier", "resident", "neighbor", "neighbour", "teacher",
                "student", "nurse", "pastor", "priest", "rabbi", "imam", "celebrity", "icon", "legend", "mogul"}
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "-old")
THING_SUFFIXES = ("paper", "letter", "center", "centre", "meter", "order", "water", "tower", "power", "number",
                  "ter", "ment", "ure")
NON_PERSON_NOUNS = {"report", "paper", "letter", "study", "poll", "survey", "statement", "document", "order",
                    "number", "center", "computer", "filter", "paper", "water", "chapter", "quarter", "register",
                    "matter", "order", "error", "sector", "factor", "motor", "mirror", "ruler", "border",
                    "cancer", "river", "weather", "winter", "summer", "theater", "theatre", "disaster",
                    "agreement", "government", "department", "parliament", "statement", "document",
                    "argument", "moment", "comment", "event", "percent", "amendment", "movement", "investment"}


def is_person_word(low: str) -> bool:
    """`is_person_noun` for a word alone (a headline's "Lawmaker", read in lower case)."""
    if low in NON_PERSON_NOUNS or low in ANONYMOUS_NOUNS and low.endswith("s"):
        return False
    return low in PERSON_NOUNS or low in MALE_WORDS or low in FEMALE_WORDS or low in ANONYMOUS_NOUNS or (
        low.endswith(PERSON_SUFFIXES) and not low.endswith(THING_SUFFIXES))


def is_person_noun(tok: Token) -> bool:
    """Whether a common noun denotes a person ("the star", "the councilman", "the 47-year-old")."""
    low = tok.lower_
    lemma = tok.lemma_.lower()
    if lemma in NON_PERSON_NOUNS or low in NON_PERSON_NOUNS:
        return False
    if lemma in PERSON_NOUNS or low in PERSON_NOUNS or low in MALE_WORDS or low in FEMALE_WORDS or AGE_RE.match(low):
        return True
    return lemma.endswith(PERSON_SUFFIXES) and not lemma.endswith(THING_SUFFIXES)


#: where a plural noun stands as what the next "they" may pick up: a subject, or what one is
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "attr", "ROOT", "appos"}

#: how the words for peoples and parties end ("Democrats", "Republican", "Chinese", "Israeli")
NORP_ENDINGS = ("s", "an", "ese", "ish", "i", "ic")

#: kinship nouns: a relative often shares the surname ("Scott's wife", Rakeyia Scott)
RELATIVE_NOUNS = {"wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "widow",
                  "widower", "niece", "nephew", "grandson", "granddaughter", "grandmother", "grandfather"}

#: how plural words for peoples and parties end ("Republicans", "Democrats", "Conservatives")
NORP_PLURALS = ("ans", "ats", "ists", "ives", "als")

#: role nouns news uses for one another ("Pagliano's lawyer" is "an attorney for Pagliano")
ROLE_SYNONYMS = {"lawyer": {"attorney", "counsel"}, "attorney": {"lawyer", "counsel"}, "counsel": {"lawyer", "attorney"},
                 "spokesman": {"spokesperson", "spokeswoman"}, "spokeswoman": {"spokesperson", "spokesman"},
                 "spokesperson": {"spokesman", "spokeswoman"}, "adviser": {"advisor"}, "advisor": {"adviser"},
                 "lawmaker": {"senator", "representative", "congressman", "congresswoman", "legislator"},
                 "legislator": {"senator", "representative", "lawmaker"},
                 "doctor": {"physician"}, "physician": {"doctor"}}

#: bodies news names after the person who leads them ("the Obama administration")
PERSONAL_BODIES = {"administration", "campaign"}
#: the people an administration belongs to
EXECUTIVE_ROLES = {"president", "governor", "mayor", "premier", "chancellor"}
#: other words for such a body, and the body they mean ("Clinton's team" is her campaign)
BODY_SYNONYMS = {"team": "campaign", "camp": "campaign"}

#: sources that are documents: they speak for their author
DOCUMENT_NOUNS = {"analysis", "report", "poll", "survey", "study", "database", "transcript", "memo", "letter",
                  "statement", "tweet", "ad", "advertisement", "complaint", "filing", "lawsuit", "review", "audit",
                  "release", "editorial", "column", "article", "story", "book", "paper", "research", "data",
                  "document", "documents", "memorandum", "email", "e-mail", "post", "video", "recording", "website",
                  "slide", "presentation", "brief", "proposal", "plan", "budget", "estimate", "projection",
                  "forecast", "tally", "count", "index", "ranking", "rating", "assessment", "investigation",
                  "response", "remarks", "comments", "reply", "answer", "speech", "testimony", "account",
                  "message", "announcement"}

#: document nouns that name the same kind of thing: "the survey" after "a Latino Decisions poll"
DOCUMENT_FAMILY = {"survey": "poll", "polling": "poll"}
#: documents a headline or lede may name before the text gives their author, and how far on
#: that author may come
LOOK_AHEAD_DOCUMENTS = {"poll"}
LOOK_AHEAD_CHARS = 1500

#: singular nouns that stand for several people ("police", "the family", "the staff")
COLLECTIVE_NOUNS = {"police", "family", "staff", "crowd", "public", "audience", "press", "media", "military",
                    "community", "electorate", "opposition", "majority", "minority", "jury", "panel"}

ORG_DESCRIPTION_NOUNS = {"fund", "agency", "company", "firm", "newspaper", "paper", "network", "channel", "group",
                         "organization", "organisation", "department", "ministry", "bank", "government",
                         "administration", "campaign", "committee", "commission", "council", "court", "party",
                         "union", "association", "institute", "university", "magazine", "outlet", "publication",
                         "website", "site", "station", "studio", "board", "foundation", "charity", "office",
                         "bureau", "service", "team", "club", "league", "network", "corporation", "newsroom"}


class SpeakerResolver:
    """Set `speaker` and `speaker_type` on each of `doc._.onrecord_attributions`."""

    def __call__(self, doc: Doc) -> Doc:
        attrs: list[Attribution] = doc._.onrecord_attributions or []
        inv = Inventory(doc)
        inv.sources = sorted(f for a in attrs for f in a.source[:1])  # where the article names its speakers
        doc._.onrecord_inventory = inv  # the people component builds entities on it
        for i, a in enumerate(attrs):
            self.resolve(doc, inv, attrs, i)
        return doc

    def resolve(self, doc: Doc, inv: Inventory, attrs: list[Attribution], i: int) -> None:
        a = attrs[i]
        if not a.source:  # "it was reported that…": nobody is named
            a.speaker, a.speaker_type = None, "anonymous"
            return
        s, e = a.source[0]
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not len(span):
            a.speaker, a.speaker_type = None, "unknown"
            return
        speaker, kind, refs = self.resolve_span(doc, inv, span, a, attrs)
        a.speaker, a.speaker_type = speaker, kind
        # the resolved speaker becomes the most salient referent at this point
        if len(refs) == 1 and refs[0].gender is None and refs[0].kind == "person" and len(span) == 1:
            # "Ban … he said": a pronoun that resolved to someone of unknown gender tells it, so
            # a later "he" is not drawn to the one man whose gender was known ("Donald Trump")
            low = span.root.lower_
            refs[0].gender = "male" if low in MALE_PRONOUNS else "female" if low in FEMALE_PRONOUNS else None
        if len(refs) == 1 and (s, e) not in refs[0].spans:
            refs[0].spans.append((s, e))
            if span.root.pos_ not in ("PRON", "PROPN"):
                desc = " ".join(span.text.split())
                if desc.lower() not in {d.lower() for d in refs[0].descriptions}:
                    refs[0].descriptions.append(desc)
        if refs:
            inv.add_mention(Mention(s, tuple(refs), weight=2.0))

    def resolve_span(self, doc: Doc, inv: Inventory, span: Span, a: Attribution, attrs: list[Attribution]):
        head = span.root
        if len(span) == 1 and head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" \
                and head.head.head.i < head.i:
            # "an architect who said…": the antecedent speaks
            antecedent = head.head.head
            while antecedent.dep_ == "appos" and antecedent.head.i < antecedent.i:
                antecedent = antecedent.head  # "Andrew Tesoro, an architect who said…"
            # "China and the United States, which said …": the whole coordination speaks
            end = max([antecedent.i] + [c.right_edge.i for c in antecedent.children
                                        if c.dep_ == "conj" and c.i < head.i])
            return self.resolve_span(doc, inv, doc[antecedent.left_edge.i:end + 1], a, attrs)
        # "An attorney for Pagliano, Mark MacDougall, stressed …": the person a role noun's
        # apposition names, whether the source span reaches it or stops at the noun
        if head.pos_ == "NOUN" and is_person_noun(head) and head.tag_ == "NN":
            # the parser may hang the apposition on the role's object ("for Pagliano"): a
            # person's apposition is no second person's name
            objects = [g for c in head.children if c.dep_ == "prep" for g in c.children
                       if g.dep_ == "pobj" and g.ent_type_ in PERSON_LABELS | {"ORG"}]
            for c in [c for t in [head] + objects for c in t.children]:
                ent = next((e for e in doc_ents(doc) if e.start <= c.i < e.end), None) if c.dep_ == "appos" else None
                if ent is not None and ent.label_ in PERSON_LABELS:
                    ref = inv.lookup_ent(ent)
                    if ref is not None and ref.kind == "person":
                        return ref.name, "person", [ref]
        # a headline's description before the article names anyone ("Lawmaker urges …",
        # "Poll: …", "Former White House Doctor: …")
        found = self._headline_description(doc, inv, span, head)
        if found is not None:
            return found
        # named people and organisations in the source
        persons = [e for e in ents_within(doc, span.start, span.end) if e.label_ in PERSON_LABELS]
        coordinated = any(c.dep_ == "conj" for c in head.children)
        # "Police Chief Chuck Jordan": a title heading the phrase, the name in apposition
        titled = head.ent_type_ not in PERSON_LABELS and any(p.root.dep_ == "appos" and p.root.head.i == head.i
                                                             for p in persons)
        if persons and head.pos_ == "NOUN" and (head.lower_ in ANONYMOUS_NOUNS or head.lemma_.lower() in ANONYMOUS_NOUNS) \
                and all(_modifies(p.root, head) for p in persons):
            # "Clinton campaign officials", "Obama's aides", "Sanders supporters": people the
            # article ties to a named person without naming them
            return None, "anonymous-group" if head.tag_ == "NNS" else "anonymous", []
        if persons and (head.pos_ != "PROPN" or coordinated or titled):
            refs = [inv.lookup_ent(p) for p in persons]
            if coordinated:  # "Sanders and Clinton", the NER seeing only Clinton: the other name too
                covered = {t.i for p in persons for t in p}
                for t in [head] + [c for c in head.children if c.dep_ == "conj"]:
                    if t.pos_ == "PROPN" and t.i not in covered and span.start <= t.i < span.end:
                        ref = inv.lookup(t.text)
                        if ref is not None and ref.kind == "person":
                            refs.insert(0 if t.i < min(covered) else len(refs), ref)
            refs = list(dict.fromkeys(r for r in refs if r is not None))
            body = BODY_SYNONYMS.get(head.lemma_.lower(), head.lemma_.lower())
            if len(refs) == 1 and body in PERSONAL_BODIES and not coordinated:
                # "the Obama administration", "Hillary Clinton's campaign", "the Trump team": a
                # body named after its head
                return f"{refs[0].name.split()[-1]} {body}", "organization", []
            possessive = any(t.dep_ == "poss" and t.head.i in {x.i for x in span} and t.head.ent_type_ != "PERSON"
                             for p in persons for t in p)
            if refs and not possessive:
                if len(refs) == 1:
                    return refs[0].name, "person", refs
                return group_name(refs), "group", refs
        low = head.lower_
        # "the fact-checking website PolitiFact": the organisation a descriptive head introduces
        # (not a person's role: "a DNC chairman" is a person)
        if head.pos_ == "NOUN" and not coordinated and not is_person_noun(head) \
                and (head.lemma_.lower() not in DOCUMENT_NOUNS or head.lemma_.lower() in ORG_DESCRIPTION_NOUNS):
            orgs = [e for e in ents_within(doc, span.start, span.end) if e.label_ == "ORG"
                    and (e.root.head.i == head.i and e.root.dep_ in ("appos", "compound", "nmod")
                         or head.head.i == e.root.i)]
            if len(orgs) == 1:
                name = _strip_title(orgs[0])[0].removeprefix("the ")
                ref = inv.lookup(name)
                body = BODY_SYNONYMS.get(head.lemma_.lower(), head.lemma_.lower())
                if ref is not None and ref.kind == "person" and body in PERSONAL_BODIES:  # "the Trump team"
                    return f"{ref.name.split()[-1]} {body}", "organization", []
                return (ref.name, ref.kind, [ref]) if ref is not None else (name, "organization", [])
        if coordinated:  # "China and Russia", "France and Germany": several named speakers
            named = [e for e in ents_within(doc, span.start, span.end) if e.label_ in ("ORG", "GPE")]
            if len(named) >= 2:
                return "; ".join(dict.fromkeys(_strip_title(e)[0].removeprefix("the ") for e in named)), "group", []
        # a name, whether the NER saw it or not: the proper-noun chain the source heads
        if head.pos_ == "PROPN":
            ent = next((e for e in ents_within(doc, span.start, span.end)
                        if e.start <= head.i < e.end and e.label_ in NAME_LABELS), None)
            ref = inv.lookup_ent(ent) if ent is not None else None
            # "the watchdog group Common Cause": an organisation, whatever the NER thought
            org_noun = any(t.dep_ == "compound" and t.pos_ == "NOUN" and t.head.i == head.i
                           and t.lemma_.lower() in ORG_DESCRIPTION_NOUNS for t in span)
            chain, title = _name_chain(head)
            if org_noun and (ref is None or ref.kind != "organization"):
                name = _strip_title(ent)[0] if ent is not None else chain
                return name.removeprefix("the "), "organization", []
            longer = ent is not None and len(chain.split()) > len(ent.text.split()) and chain.endswith(ent.text)
            if ref is not None and not longer:  # the NER's whole name ("Douglas Holtz-Eakin"), not the head's chain
                ref = inv.by_title_gender(ref, span, head)
                return ref.name, ref.kind, [ref]
            name = inv.headline_name(head.left_edge.idx, chain)
            ref = inv.lookup(name)
            if ref is None and len(name.split()) > 1 and head.ent_type_ not in ORG_LABELS and (
                    title is not None or first_name_gender(name.split()[0]) is not None
                    or head.ent_type_ in PERSON_LABELS):
                ref = inv.add_person(name, title)  # a full name the NER missed; may upgrade "Ruiz"
            ref = ref or inv.lookup(head.text)
            if ref is not None:
                return ref.name, ref.kind, [ref]
            if ref is None and head.lower_ in ANONYMOUS_NOUNS:
                # "Aides said …": a sentence's first word the tagger took for a name
                return None, "anonymous-group" if head.lower_.endswith("s") else "anonymous", []
            if not name or _is_title(head) and all(_is_title(t) or t.lower_ in TITLE_MODIFIERS
                                                   for t in doc[head.left_edge.i:head.i + 1] if t.is_alpha):
                return self._description(doc, inv, span, head)  # "Senator", "Retired General": a role
            parts = name.split()
            if head.ent_type_ == "NORP" and (head.tag_ == "NNPS" or head.lower_.endswith(NORP_ENDINGS)
                                             or any(t.dep_ in ("det", "nummod", "quantmod") for t in span)):
                # "Democrats", "Mexicans", "a Republican": a group, not a named speaker (the
                # small NER also calls some names NORP: "Statista")
                return None, "anonymous-group", []
            if head.ent_type_ in ORG_LABELS and title is None:
                return name, "organization", []
            if title is not None or head.ent_type_ == "PERSON" or first_name_gender(parts[0]) is not None:
                ref = inv.add_person(name, title)  # later mentions ("Ruiz said") resolve to it
                return ref.name, "person", [ref]
            if name == name.lower():  # "bloc": a common noun the tagger took for a name
                return self._description(doc, inv, span, head)
            return name, "unknown", []
        if head.pos_ == "PRON" or low in FIRST_PERSON:
            return self._pronoun(doc, inv, head, a, attrs)
        return self._description(doc, inv, span, head)

    def _pronoun(self, doc: Doc, inv: Inventory, head: Token, a: Attribution | None = None,
                 attrs: list[Attribution] | None = None):
        low = head.lower_
        pos = head.idx
        if low in FIRST_PERSON and a is not None and attrs and a.nested_in is not None:
            outer = attrs[a.nested_in]
            return outer.speaker, outer.speaker_type, []
        if low in MALE_PRONOUNS | FEMALE_PRONOUNS:
            gender = "male" if low in MALE_PRONOUNS else "female"
            # the person the same sentence is about ("Rendell … agreed …, but he said"),
            # then the last attributed speaker of that gender, then the last such mention
            ref = self._sentence_subject(doc, inv, head, gender) or self._paragraph_speaker(doc, inv, pos, gender, attrs) \
                or self._previous_subject(doc, inv, head, gender)
            if ref is not None:
                return ref.name, "person", [ref]
            ref = inv.salient(pos, lambda r: r.kind == "person" and r.gender == gender)
            if ref is None:
                ref = inv.salient(pos, lambda r: r.kind == "person" and r.gender is None)
            if ref is not None:
                return ref.name, "person", [ref]
            return None, "anonymous", []
        if low in INDEFINITE or low in ANONYMOUS_NOUNS:  # "another", "someone", "others"
            many = low in {"others", "some", "many", "several", "most", "few"}
            return None, "anonymous-group" if many else "anonymous", []
        if low in PLURAL_PRONOUNS or low in ("both", "each"):
            found = inv.recent_group_at(pos)
            if found and not inv.unnamed_plural_after(found[1], pos):
                return group_name(found[0]), "group", list(found[0])
            # not the organisation mentioned last: on PolNeAR train and dev a "they" after one
            # was more often people the article does not name ("They" after "the Brookings
            # Institution" found), 10 wrong speakers to none right
            return None, "anonymous-group", []
        if low == "it":
            # "The Tampa Bay Times … rated the claim. It said …": the organisation that is
            # the subject just before (the same sentence's, then the previous ones')
            ref = self._sentence_subject(doc, inv, head, None, kind="organization") \
                or self._previous_subject(doc, inv, head, None, kind="organization")
            if ref is not None:
                inv.as_organization(ref)
                return ref.name, "organization", [ref]
        # "it", "I" of a columnist, "all", "everyone": nobody the article names
        return None, "anonymous", []

    def _description(self, doc: Doc, inv: Inventory, span: Span, head: Token):
        low = head.lower_
        dets = {t.lower_ for t in span if t.i < head.i and t.dep_ in ("det", "nummod", "amod", "quantmod")}
        plural = head.tag_ in ("NNS", "NNPS")
        pos = span.start_char
        # "the 47-year-old"
        m = AGE_IN_RE.search(span.text)
        if m:
            age = int(m.group(1))
            ref = next((r for r in inv.people if r.age == age), None)
            if ref is not None:
                return ref.name, "person", [ref]
        # "the couple", "the co-stars"
        bare = " ".join(t.lower_ for t in span if t.dep_ != "det").replace(" - ", "-").replace(" ", "")
        if low in GROUP_NOUNS or bare in GROUP_NOUNS or (plural and "the" in dets and low.startswith("co")) \
                or (plural and "both" in dets and is_person_noun(head)):  # "both candidates"
            group = inv.recent_group(pos)
            if group:
                return group_name(group), "group", list(group)
        # "Critics of the program, like Senators Grassley and Leahy": the members it names
        if plural:
            members = self._named_members(doc, inv, head)
            if members:
                return group_name(members) if len(members) > 1 else members[0].name, \
                    "group" if len(members) > 1 else members[0].kind, members
        # a document speaks for its author: "a USA TODAY analysis", "a report by the GAO",
        # "the poll" after "a Bloomberg poll"
        if head.lemma_.lower() in DOCUMENT_NOUNS:
            found = self._author(doc, inv, span, head)
            if found is not None:
                return found
        body = BODY_SYNONYMS.get(head.lemma_.lower(), head.lemma_.lower())
        if body in PERSONAL_BODIES and not plural:  # "her campaign", "the campaign", "the administration"
            found = self._body(doc, inv, span, head, body, dets)
            if found is not None:
                return found
        # "Keith Lamont Scott's wife": the relative of that gender who shares the surname
        found = self._relative(inv, span, head, plural)
        if found is not None:
            return found.name, "person", [found]
        # a role the article gives a named person: "the Democratic nominee", "Former DNC
        # chairman", "Obama's former campaign strategist"
        ref = self._by_role(inv, span, head, dets, plural)
        if ref is not None:
            return ref.name, "person", [ref]
        # a lede that describes before it names ("A former DNC chairman says …", then
        # "… said Don Fowler"): the first person named as a source, if none came before
        if not plural and is_person_noun(head) and head.lemma_.lower() not in ANONYMOUS_NOUNS:
            ref = inv.first_named_after(pos)
            gender = "male" if low in MALE_WORDS else "female" if low in FEMALE_WORDS else None
            if ref is not None and (gender is None or ref.gender in (gender, None)):
                return ref.name, "person", [ref]
        ordinal = dets & ORDINALS - ({"former"} if is_person_noun(head) else set())
        # anonymous sources: "one user", "a second user", "the third", "many users"
        if (dets & INDEFINITE or ordinal or low in ORDINALS or low in INDEFINITE or low.isdigit()) and (
            low in ANONYMOUS_NOUNS or low in ORDINALS or low in INDEFINITE or head.ent_type_ in ("", "ORDINAL", "CARDINAL")
        ):
            many = plural or bool(dets & {"many", "several", "some", "most", "few", "numerous", "countless", "multiple"})
            return None, "anonymous-group" if many else "anonymous", []
        # a role we know someone by: "the journalist", "the judge" (one person: "the senators"
        # are a group, found above or not at all)
        for r in inv.people if not plural else ():
            if any(low in role.split() for role in r.roles):
                return r.name, "person", [r]
        # "the host" of an interview: the person the interview was with
        if low in ("host", "interviewer"):
            for t in doc[: span.start]:
                if t.lower_ == "with" and t.head.lemma_ in ("interview", "show", "appearance", "conversation"):
                    pobj = next((c for c in t.children if c.dep_ == "pobj" and c.ent_type_ in PERSON_LABELS), None)
                    if pobj is not None:
                        ent = next((e for e in doc_ents(doc) if e.start <= pobj.i < e.end), None)
                        ref = inv.lookup(_clean_name(ent)) if ent is not None else None
                        if ref is not None:
                            return ref.name, "person", [ref]
        # a definite description of an organisation ("the fund" after "the IMF")
        if ("the" in dets or "this" in dets) and head.lemma_.lower() in ORG_DESCRIPTION_NOUNS and not plural:
            ref = inv.salient(pos, inv.org_like)
            if ref is not None:
                inv.as_organization(ref)
                return ref.name, "organization", [ref]
        # "David Axelrod … called on Dean to apologize. “…,” Obama's former campaign strategist
        # said": a description opening its sentence is the person the sentence before was about
        owner = next((t for t in span if t.dep_ == "poss" and t.head.i == head.i), None)
        if not plural and is_person_noun(head) and (dets & {"the", "this", "that"} or owner is not None) \
                and head.lemma_.lower() not in ANONYMOUS_NOUNS:
            ref = self._description_subject(doc, inv, span, head, owner)
            if ref is not None:
                return ref.name, "person", [ref]
        # a definite description of a person ("the ‘Four Good Days’ star")
        if ("the" in dets or "this" in dets or "that" in dets) and is_person_noun(head):
            if plural:
                group = inv.recent_group(pos)
                if group:
                    return group_name(group), "group", list(group)
            else:
                gender = self._gender_near(span)
                if low in MALE_WORDS:
                    gender = "male"
                elif low in FEMALE_WORDS:
                    gender = "female"
                # with nothing to go on but recency, the description is of someone unnamed ("the
                # band leader"); a gender the text gives ("the star … her side") or a name in it
                # ("the ‘Just Married’ star") makes it one of the article's people
                specific = gender is not None or any(t.pos_ == "PROPN" or t.is_quote or AGE_RE.match(t.lower_)
                                                     for t in span if t.i < head.i) or AGE_IN_RE.search(span.text) is not None \
                    or any(t.dep_ == "amod" for t in span if t.i < head.i)
                ref = inv.salient(pos, lambda r: r.kind == "person" and (gender is None or r.gender in (gender, None))) \
                    if specific else None
                if ref is not None:
                    return ref.name, "person", [ref]
        # a name the tagger read as a common noun ("Politifact: Trump Is Right")
        ref = inv.lookup(" ".join(t.text for t in span if t.dep_ != "det"))
        if ref is not None and head.text[:1].isupper():
            return ref.name, ref.kind, [ref]
        many = plural or head.lemma_.lower() in COLLECTIVE_NOUNS
        # a group known through a named person ("Masterson's family", "Trump's lawyers"):
        # the phrase is how the article names that group
        owner = next((t for t in span if t.dep_ == "poss" and t.head.i == head.i and t.ent_type_ == "PERSON"), None)
        if many and owner is not None:
            words = [t for t in span if t.dep_ != "det" or t.i > owner.i]
            return " ".join(doc[words[0].i:span.end].text.split()), "group", []
        # a referent the article never names ("officials", "the letter", "police", "her
        # daughter"): anonymous, never the phrase itself as a name
        return None, "anonymous-group" if many else "anonymous", []

    def _author(self, doc: Doc, inv: Inventory, span: Span, head: Token, look_ahead: bool = True,
                proper_nouns: bool = True):
        """The named author of a document source, or None to go on as for any description."""
        lemma = DOCUMENT_FAMILY.get(head.lemma_.lower(), head.lemma_.lower())
        # "by X" on the document or on its participle ("published by X"), inside the source
        # span or just after it ("an analysis by Lily Batchelder … found")
        near = [c for c in head.children] + [g for c in head.children if c.dep_ == "acl" for g in c.children]
        by = {t.i for t in near if t.lower_ in ("by", "from") and t.dep_ in ("prep", "agent")}
        lo, hi = span.start, max([span.end] + [t.right_edge.i + 1 for t in near if t.i in by])
        # "a slide from a presentation that Mr. Guajardo Villarreal carries": the subject of a
        # clause on what the document comes from
        owners = {t.i for b in by for p in doc[b].children if p.dep_ == "pobj"
                  for c in p.children if c.dep_ == "relcl" for t in c.children if t.dep_ == "nsubj"}
        for ent in ents_within(doc, lo, hi):
            if ent.label_ not in ("PERSON", "ORG", "GPE") or not (
                    ent.end <= head.i and ent.start >= span.start or any(ent.root.head.i == b for b in by)
                    or ent.root.i in owners):
                continue
            start, end = ent.start, ent.end
            while end < head.i and (doc[end].text[:1].isupper() and doc[end].is_alpha  # "USA TODAY"
                                    or doc[end].text in ("/", "-") and doc[end + 1].text[:1].isupper()):  # "Reuters/Ipsos"
                end += 1
            while start - 2 >= span.start and doc[start - 1].text == "/" and doc[start - 2].text[:1].isupper():
                start -= 2  # "a CNN/ORC poll", the NER seeing only "ORC"
                while start - 1 >= span.start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
                        and doc[start - 1].pos_ == "PROPN":
                    start -= 1  # "a USA TODAY/Suffolk University poll"
            name = _strip_title(ent)[0] if (start, end) == (ent.start, ent.end) else _clean_name(doc[start:end])
            joint = self._joint_authors(inv, name)
            if joint is not None:  # "a Reuters/Ipsos poll", "a Washington Post-ABC News poll"
                inv.authors[lemma] = (joint, "group")
                return joint, "group", []
            ref = inv.lookup(name) or (inv.add_org(name) if ent.label_ == "ORG" else None)
            return self._credit_author(inv, lemma, name, ref)
        names = [t for t in span if t.i < head.i and t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod", "poss")]
        if proper_nouns and names and not any(t.ent_type_ in ("DATE", "CARDINAL", "ORDINAL") for t in names):  # "a USA TODAY analysis"
            end = names[-1].i + 1
            while end < head.i and doc[end].text[:1].isupper():  # "TODAY" the tagger took for a noun
                end += 1
            name = _clean_name(doc[names[0].i:end])
            joint = self._joint_authors(inv, name)
            if joint is not None:
                inv.authors[lemma] = (joint, "group")
                return joint, "group", []
            ref = inv.lookup(name)
            if ref is None or ref.kind == "person":  # "the Rasmussen poll" is Rasmussen Reports', not a person's
                org = [o for o in inv.orgs if o.name.split()[0] == name and len(o.name.split()) > 1]
                ref = org[0] if len(org) == 1 else ref
            return self._credit_author(inv, lemma, name, ref)
        owner = next((t for t in span if t.dep_ == "poss" and t.head.i == head.i), None)
        if owner is not None and owner.pos_ == "PRON":  # "her letter"
            return self._pronoun(doc, inv, owner)
        dets = {t.lower_ for t in span if t.dep_ == "det"}
        if (dets & {"the", "this", "that", "another"} or any(t.lower_ == "one" and t.head.i == head.i for t in span)) \
                and lemma in inv.authors:  # "the poll", "another slide", once its author is known
            speaker, kind = inv.authors[lemma]
            return speaker, kind, []
        if look_ahead and lemma in LOOK_AHEAD_DOCUMENTS and head.tag_ in ("NN", "NNP"):  # not "exit polls"
            # "Poll: Wealthy Voters …", "A new poll shows …", then "A Bloomberg poll shows …": a
            # headline or lede names the poll before the text says whose it is
            for tok in doc[span.end:]:
                if tok.idx - span.end_char > LOOK_AHEAD_CHARS:
                    break
                if tok.tag_ in ("NN", "NNP") and DOCUMENT_FAMILY.get(tok.lemma_.lower(), tok.lemma_.lower()) == lemma:
                    found = self._author(doc, inv, doc[tok.left_edge.i:tok.i + 1], tok, look_ahead=False)
                    if found is not None:
                        return found
        return None

    @staticmethod
    def _relative(inv: Inventory, span: Span, head: Token, plural: bool) -> Referent | None:
        """The named relative a possessed kinship noun points to ("Scott's wife" is the only
        other woman named Scott), when there is exactly one."""
        low = head.lower_
        if plural or low not in RELATIVE_NOUNS:
            return None
        owner = next((t for t in span if t.dep_ == "poss" and t.head.i == head.i and t.pos_ == "PROPN"), None)
        ent = next((e for e in ents_within(span.doc, span.start, span.end) if owner is not None
                    and e.start <= owner.i < e.end and e.label_ in PERSON_LABELS), None)
        ref = inv.lookup_ent(ent) if ent is not None else None
        if ref is None:
            return None
        gender = "male" if low in MALE_WORDS else "female" if low in FEMALE_WORDS else None
        surname = ref.name.split()[-1].lower()
        same = [r for r in inv.people if r is not ref and r.name.split()[-1].lower() == surname
                and (gender is None or r.gender in (gender, None))]
        return same[0] if len(same) == 1 else None

    @staticmethod
    def _named_members(doc: Doc, inv: Inventory, head: Token) -> list[Referent]:
        """The people or organisations a plural description lists as its members: "critics,
        like Senators Grassley and Leahy", "candidates, including Donald J. Trump and Ted Cruz",
        "those who …, such as National Review"."""
        out: list[Referent] = []
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("like", "including", "as"):
                continue
            if prep.lower_ == "as" and not (prep.i > 0 and doc[prep.i - 1].lower_ == "such"):
                continue
            for ent in ents_within(doc, prep.i + 1, prep.right_edge.i + 1):
                if ent.label_ in PERSON_LABELS or ent.label_ == "ORG":
                    ref = inv.lookup_ent(ent)
                    if ref is not None and ref not in out:
                        out.append(ref)
        return out

    def _headline_description(self, doc: Doc, inv: Inventory, span: Span, head: Token):
        """A source in a headline that describes instead of naming: "Lawmaker urges …",
        "Member of House panel says …", "Former White House Doctor: …", "New Poll Shows …".
        Title case makes the tagger read these words as names; read as common nouns, a
        person noun is the first person the article names as a source, a document noun its
        author (which the text may give only later)."""
        if not any(a <= span.start_char < b for a, b in inv.headlines) or \
                any(t.lower_ in ("the", "this", "that", "these", "those") or t.dep_ == "poss" for t in span):
            return None
        if any(inv.lookup_ent(e) is not None for e in ents_within(doc, span.start, span.end) if e.label_ in PERSON_LABELS):
            return None
        words = [t for t in span if t.is_alpha]
        if not words:
            return None
        last = head if head.is_alpha and head.pos_ in ("NOUN", "PROPN") else words[-1]
        if last.lower_ in DOCUMENT_NOUNS:  # the headline's capitals are no author ("New Poll")
            return self._author(doc, inv, span, last, proper_nouns=False)
        # "Member of House panel": the person noun that opens the phrase
        first = next((t for t in words if t.lower_ not in TITLE_MODIFIERS), words[0])
        for tok in dict.fromkeys((first, last)):
            low = tok.lower_
            if tok.ent_type_ in PERSON_LABELS or not (low in PERSON_NOUNS or low in TITLES or low in ANONYMOUS_NOUNS
                                                      and not low.endswith("s") or is_person_word(low)):
                continue
            ref = inv.first_named_after(span.start_char)
            gender = "male" if low in MALE_WORDS else "female" if low in FEMALE_WORDS else None
            if ref is not None and (gender is None or ref.gender in (gender, None)):
                return ref.name, "person", [ref]
            return None
        return None

    def _body(self, doc: Doc, inv: Inventory, span: Span, head: Token, body: str, dets: set[str]):
        """A campaign or administration named after the person it serves: "her campaign" (whose
        "her" is), "the administration" after "the Obama administration", "the campaign" of the
        person the article is about."""
        owner = next((t for t in span if t.dep_ == "poss" and t.head.i == head.i), None)
        if owner is not None and owner.pos_ == "PRON":
            name, kind, _refs = self._pronoun(doc, inv, owner)
            return (f"{name.split()[-1]} {body}", "organization", []) if kind == "person" and name else None
        if owner is not None and owner.pos_ == "PROPN":  # "Trump's campaign", whatever the NER said of "Trump"
            ref = inv.lookup(owner.text)
            return (f"{ref.name.split()[-1]} {body}", "organization", []) if ref is not None and ref.kind == "person" \
                else None
        if owner is not None or not dets & {"the", "this", "that"}:
            return None
        for tok in reversed(doc[:span.start]):  # the last body of this kind the text named after someone
            if BODY_SYNONYMS.get(tok.lemma_.lower(), tok.lemma_.lower()) == body:
                named = [c for c in tok.children if c.dep_ in ("compound", "poss") and c.ent_type_ in PERSON_LABELS]
                if named:
                    ref = inv.lookup(named[-1].text)
                    return f"{(ref.name if ref else named[-1].text).split()[-1]} {body}", "organization", []
        if body == "campaign":  # a candidate's campaign: the person most in focus
            ref = inv.salient(span.start_char, lambda r: r.kind == "person")
        else:  # an administration: the president (governor, mayor) most in focus
            ref = inv.salient(span.start_char, lambda r: r.kind == "person" and bool(r.role_words & EXECUTIVE_ROLES))
        if ref is not None:
            return f"{ref.name.split()[-1]} {body}", "organization", []
        return None

    @staticmethod
    def _joint_authors(inv: Inventory, name: str) -> str | None:
        """Several authors written as one name: "Reuters/Ipsos", "Washington Post-ABC News",
        "Post-ABC" (each part an organisation the article names, or a name of two words)."""
        for sep in ("/", "-"):
            parts = [p.strip().removeprefix("the ").removeprefix("The ") for p in name.split(sep)]
            if len(parts) < 2 or not all(parts):
                continue
            if sep == "/" or all(p[:1].isupper() and (len(p.split()) > 1 or p.isupper() or inv.lookup(p) is not None)
                                 for p in parts):
                refs = [inv.lookup(p) for p in parts]
                return "; ".join(r.name if r is not None else p for r, p in zip(refs, parts))
        return None

    @staticmethod
    def _credit_author(inv: Inventory, lemma: str, name: str, ref: Referent | None):
        """A document's author as the speaker, remembered for "the poll" later on."""
        speaker, kind = (ref.name, ref.kind) if ref is not None else (name.removeprefix("the "), "organization")
        inv.authors[lemma] = (speaker, kind)
        return speaker, kind, [ref] if ref is not None else []

    @staticmethod
    def _paragraph_speaker(doc: Doc, inv: Inventory, pos: int, gender: str,
                           attrs: list[Attribution] | None) -> Referent | None:
        """The last named speaker earlier in the same paragraph, when the gender fits: "Jennifer
        Palmieri said …. "You could dismiss …," she said." """
        for b in reversed(attrs or []):
            if not b.source or b.source[0][0] >= pos or b.speaker_type != "person" or b.speaker is None:
                continue
            if "\n" in doc.text[b.source[0][0]:pos]:
                return None
            ref = inv.lookup(b.speaker)
            return ref if ref is not None and ref.gender in (gender, None) else None
        return None

    def _description_subject(self, doc: Doc, inv: Inventory, span: Span, head: Token,
                             owner: Token | None) -> Referent | None:
        """The previous sentence's subject, for a person description that is the first
        subject of its own sentence outside quotation marks (not "The band played …, and
        the band leader said"), when its gender fits and it is not the description's owner
        ("Obama's former strategist" is not Obama)."""
        quotes = [(q.start, q.end) for q in (doc._.onrecord_quotes or []) if q.depth == 0]
        start = sent_range(doc, span.start)[0]
        if any(t.dep_ in ("nsubj", "nsubjpass") and not any(a <= t.idx < b for a, b in quotes)
               for t in doc[start:span.start]):
            return None
        gender = "male" if head.lower_ in MALE_WORDS else "female" if head.lower_ in FEMALE_WORDS else None
        ref = self._previous_subject(doc, inv, head, gender, sentences=1, main_only=True)
        if ref is None or owner is not None and owner.ent_type_ in PERSON_LABELS and inv.lookup(owner.text) is ref:
            return None
        # roles the article gave them that share no word with the description: someone else
        # ("the band leader" after Rep. Scott)
        words = {t.lower_.rstrip(".") for t in span if t.is_alpha and t.dep_ != "det"}
        if ref.role_words and not words & ref.role_words:
            return None
        # "The judge" when the article called someone else a judge: that one, not the subject
        key = TITLE_WORDS.get(head.lower_.rstrip("."), head.lower_.rstrip("."))
        if any(key in r.role_words or head.lemma_.lower() in r.role_words for r in inv.people if r is not ref):
            return None
        return ref

    @staticmethod
    def _previous_subject(doc: Doc, inv: Inventory, pron: Token, gender: str | None, sentences: int = 3,
                          kind: str = "person", main_only: bool = False) -> Referent | None:
        """The named person who is the subject of a sentence just before the pronoun's, outside
        quotation marks ("Mr. Daniloff … said by telephone. ¶ But he agreed …"): the referent
        in focus, which a "he"/"she" picks up even when someone else was mentioned since. A
        sentence whose subject is a pronoun of the same gender continues the chain further back."""
        quotes = [(q.start, q.end) for q in (doc._.onrecord_quotes or []) if q.depth == 0]

        def quoted(tok: Token) -> bool:
            return any(a <= tok.idx < b for a, b in quotes)

        pronouns = MALE_PRONOUNS if gender == "male" else FEMALE_PRONOUNS if gender == "female" else {"it", "its"}
        start = sent_range(doc, pron.i)[0]
        for _ in range(sentences):
            if start == 0:
                return None
            start, end = sent_range(doc, start - 1)
            subjects = [t for t in doc[start:end] if t.dep_ in ("nsubj", "nsubjpass") and not quoted(t)]
            subjects.sort(key=lambda t: (t.head.dep_ != "ROOT", t.i))  # the main clause's subject first
            for subj in subjects[:1] if main_only else subjects:
                ent = next((e for e in ents_within(doc, subj.left_edge.i, subj.right_edge.i + 1)
                            if e.start <= subj.i < e.end), None)
                # the NER's person, or a name it missed or mislabelled ("Trump" as an ORG)
                ref = inv.lookup_ent(ent) if ent is not None else inv.lookup(subj.text) if subj.pos_ == "PROPN" else None
                if ref is not None and (ref.kind == kind if kind == "person" else inv.org_like(ref)) \
                        and (kind != "person" or gender is None or ref.gender in (gender, None)):
                    return ref
            if subjects and subjects[0].lower_ not in pronouns:  # a sentence all in quotes goes on
                return None
        return None

    @staticmethod
    def _sentence_subject(doc: Doc, inv: Inventory, pron: Token, gender: str | None,
                          kind: str = "person") -> Referent | None:
        """The named person (or organisation, with `kind`) heading a subject earlier in the
        pronoun's own sentence, when their gender does not contradict the pronoun's."""
        start = sent_range(doc, pron.i)[0]
        labels = PERSON_LABELS if kind == "person" else {"ORG", "PERSON"}
        for ent in reversed(ents_within(doc, start, pron.i)):
            if ent.label_ not in labels or ent.root.dep_ not in ("nsubj", "nsubjpass"):
                continue
            ref = inv.lookup_ent(ent)
            if ref is not None and (ref.kind == kind if kind == "person" else inv.org_like(ref)) \
                    and (kind != "person" or ref.gender in (gender, None)):
                return ref
            return None
        return None

    @staticmethod
    def _by_role(inv: Inventory, span: Span, head: Token, dets: set[str], plural: bool) -> Referent | None:
        """The named person whose titles and appositions hold this description's head noun
        (and, for an indefinite or bare one, one of its modifiers too: "a former DNC
        chairman" is Don Fowler only if the article calls him that)."""
        if plural or head.pos_ not in ("NOUN", "PROPN") or not is_person_noun(head):
            return None
        lemma = head.lemma_.lower()
        key = TITLE_WORDS.get(head.lower_.rstrip("."), head.lower_.rstrip("."))
        keys = {key, lemma} | ROLE_SYNONYMS.get(key, set()) | ROLE_SYNONYMS.get(lemma, set())
        cands = [r for r in inv.people if keys & r.role_words]
        if not cands:
            return None
        definite = bool(dets & {"the", "this", "that"}) or any(t.dep_ == "poss" for t in span)
        if not definite and lemma in ANONYMOUS_NOUNS:
            return None
        # the description's own words must fit too: "the 'Four Good Days' star" is not
        # the person the article called "'That '70s Show' star"
        mods = {t.lower_.rstrip(".") for t in span if t.i != head.i and t.pos_ in _ROLE_POS and t.is_alpha} - {"former"}
        if mods or not definite:
            cands = [r for r in cands if mods & r.role_words]
        gender = "male" if head.lower_ in MALE_WORDS else "female" if head.lower_ in FEMALE_WORDS else None
        cands = [r for r in cands if gender is None or r.gender in (gender, None)]
        if not cands or (not definite and len(cands) != 1):
            return None
        if len(cands) == 1:
            return cands[0]
        ids = {id(r) for r in cands}
        return inv.salient(span.start_char, lambda r: id(r) in ids) or cands[0]

    @staticmethod
    def _gender_near(span: Span) -> str | None:
        """A possessive pronoun after the description in its clause: "the star … her side"."""
        for t in span.doc[span.end:sent_range(span.doc, span.start)[1]]:
            if t.ent_type_ in PERSON_LABELS:
                return None
            if t.lower_ in ("her", "hers", "herself"):
                return "female"
            if t.lower_ in ("his", "himself"):
                return "male"
        return None
