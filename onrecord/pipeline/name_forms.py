"""Names as an article writes them: titles and roles cut off ("Mayor Elena Vasquez"), the
pieces a headline or the NER glues on, accents, nicknames, acronyms, headline lines.

These helpers turn a span of text into the name a reader would query; `inventory`
registers the names, `speakers` resolves sources to them.
"""
from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Doc, Span, Token

from .names import first_name_gender
from .speaker_words import (DOCUMENT_NOUNS, FAMILY_NOUNS, NAME_SUFFIXES, PERSONAL_BODIES, PERSON_LABELS,
                            PERSON_NOUNS, TITLES, is_person_noun)


def common_word(doc: Doc, word: str) -> bool:
    """Whether the text also writes `word` in lower case: then, capitalised, it is a
    headline's or a sentence's first word ("Between"), not part of a name."""
    low = word.lower()
    lower_words = doc.user_data.get("onrecord_lower_words")
    if lower_words is None:  # once per document: the words it writes in lower case
        lower_words = doc.user_data["onrecord_lower_words"] = {t.text for t in doc if t.is_lower}
    return low != word and low in lower_words


def modifies(tok: Token, head: Token) -> bool:
    """Whether `tok` is a modifier of `head`, directly or through other modifiers ("Obama" in
    "a senior Obama administration official")."""
    while tok.dep_ in ("compound", "poss", "nmod", "amod") and tok.head.i != tok.i:
        tok = tok.head
        if tok.i == head.i:
            return True
    return False


def fold_name(text: str) -> str:
    """Lower case without accents, with one apostrophe: the key under which "Francois" and
    "François" meet, and "O'Neill" and "O’Neill" (scraped text mixes straight and curly marks)."""
    return "".join(c for c in unicodedata.normalize("NFKD", " ".join(text.split()).lower())
                   if not unicodedata.combining(c)).replace("\u2019", "'").replace("\u2018", "'")


def accent_count(text: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFKD", text) if unicodedata.combining(c))


def is_title(tok: Token) -> bool:
    return tok.lower_ in TITLES or tok.lower_.rstrip(".") in TITLES


def strip_title(span: Span) -> tuple[str, str | None]:
    """("Elena Vasquez", "Mayor") from "Mayor Elena Vasquez"; titles are roles, not names.

    A title inside the phrase cuts it too ("Charlotte Mayor Jennifer Roberts", "Retired
    U.S. Air Force Gen. Norman Ham"), when at least two name words follow it; a verb the
    NER glued onto a headline's name ("Obama Seeks …", "Clinton Plan …") is no part of it."""
    toks = [t for t in span if not t.is_punct or t.text in ("'", "’", "-", ".")]
    while len(toks) > 1 and toks[0].is_punct:
        toks.pop(0)  # "-Anchor DeMarco Morgan"
    for k, t in enumerate(toks):  # "Commentary's Noah Rothman": the owner before "'s" is no part of the name
        # (also a bare apostrophe after a plural owner: "Fox News’ Sean Hannity")
        owned = t.tag_ == "POS" or t.text in ("'", "\u2019") and k > 0 and toks[k - 1].text.endswith("s")
        if owned and 0 < k < len(toks) - 1 and (span.label_ in PERSON_LABELS
                                                or first_name_gender(toks[k + 1].text)):
            toks = toks[k + 1:]
            break
    for k, t in enumerate(toks):  # "Deborah Jordan Reynolds - Santilli's girlfriend": a spaced dash ends a name
        if k and t.text in ("-", "–", "—") and t.whitespace_ and t.i > 0 and span.doc[t.i - 1].whitespace_:
            toks = toks[:k]
            break
    while len(toks) > 1 and span.label_ != "ORG" and (
            toks[-1].pos_ in ("VERB", "AUX") or toks[-1].lower_ in DOCUMENT_NOUNS | PERSONAL_BODIES) \
            and not (toks[-1].tag_ == "MD" and first_name_gender(toks[-2].text) is not None):
        toks.pop()  # "Obama Seeks …", "Clinton Plan for Taxes …": a headline's words glued on
        # (but "George Will", "Theresa May": a first name before a modal makes it a surname)
    while len(toks) > 1 and toks[0].pos_ in ("VERB", "AUX") and toks[0].is_alpha and first_name_gender(toks[0].text) is None:
        toks.pop(0)  # "Endorsed Trump": a headline's verb the NER ran into the name
    lead = 1 if len(toks) > 2 and toks[0].lower_ == "the" else 0
    while len(toks) > lead + 1 and span.label_ == "ORG" and toks[lead].is_lower and toks[lead].is_alpha \
            and toks[lead].pos_ != "DET":
        del toks[:lead + 1]  # "the federal Securities and Exchange Commission": an adjective, not the name
        lead = 0
    title = []
    while len(toks) > 1 and (is_title(toks[0]) or span.label_ != "ORG" and toks[0].lower_ in PERSON_NOUNS
                             and toks[0].lower_ not in FAMILY_NOUNS):
        if span.label_ == "ORG" and all(t.lower_ in GENERIC_ORG_WORDS for t in toks[1:]):
            break  # "State Department" is no title and a department
        title.append(toks.pop(0).text)
    if span.label_ in PERSON_LABELS or not span.label_:  # the NER's person, or a proper-noun chain
        # "Top Clinton aide …", "Carly Fiorina Endorses Ted Cruz": a headline's capitalised
        # word the NER ran into the name (a verb, or a word the text writes in lower case)
        while len(toks) > 1 and toks[0].is_alpha and first_name_gender(toks[0].text) is None and (
                toks[0].pos_ in ("VERB", "AUX") or common_word(span.doc, toks[0].text)):
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
            # (or a role noun: "North Dakota RNC Committeeman Curly Haugland"; not a middle name
            # after a first name, "Leonard Dozier Hill III")
            if (is_title(toks[k]) or is_person_noun(toks[k]) and first_name_gender(toks[k].text) is None
                    and first_name_gender(toks[k - 1].text) is None) \
                    and toks[k].text[:1].isupper() and len(rest) >= 2 \
                    and rest[0].lower_.rstrip(".") not in NAME_SUFFIXES and all(t.text[:1].isupper() for t in rest):
                title.extend(t.text for t in toks[:k + 1])
                toks = toks[k + 1:]
                break
    if not toks:
        return "", None
    name = clean_name(span.doc[toks[0].i:toks[-1].i + 1])
    return name, " ".join(title) if title else None


def name_chain(head: Token) -> tuple[str, str | None]:
    """The name a proper-noun head carries: its compound/flat proper nouns, title stripped."""
    return strip_title(name_chain_span(head))


def name_chain_span(head: Token) -> Span:
    """The compound/flat proper nouns a proper-noun head carries, as the text has them."""
    doc = head.doc
    lo = head.i
    while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].dep_ in ("compound", "flat", "nmod") \
            and doc[lo - 1].head.i in range(lo, head.i + 1):
        lo -= 1
    hi = head.i + 1
    while hi < len(doc) and doc[hi].pos_ == "PROPN" and doc[hi].dep_ in ("flat", "compound", "appos") \
            and doc[hi].head.i == head.i and doc[hi].idx == doc[hi - 1].idx + len(doc[hi - 1]) + 1:
        hi += 1
    return doc[lo:hi]


#: words that qualify a title without naming anyone ("Retired General", "Former Senator")
TITLE_MODIFIERS = {"retired", "former", "late", "acting", "deputy", "then", "interim", "outgoing", "incoming"}

#: abbreviated titles, as the words a description would use
TITLE_WORDS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "lt": "lieutenant",
               "col": "colonel", "capt": "captain", "sgt": "sergeant", "dr": "doctor", "prof": "professor",
               "pres": "president", "sec": "secretary", "atty": "attorney", "del": "delegate", "supt": "superintendent",
               "ag": "attorney"}
ROLE_POS = ("NOUN", "PROPN", "ADJ")


def role_words_of(ent: Span) -> set[str]:
    """What the article calls a named person right beside the name: the words before it
    ("Democratic nominee Hillary Clinton", "Sen. Ted Cruz") and its apposition ("Don
    Fowler, a former DNC chairman"; "Obama's former strategist, David Axelrod")."""
    doc = ent.doc
    words: set[str] = set()

    def take(tokens) -> None:
        for t in tokens:
            if t.pos_ in ROLE_POS and (t.is_alpha or is_title(t)) and not (ent.start <= t.i < ent.end):  # "Sen."
                w = t.lower_.rstrip(".")
                words.add(TITLE_WORDS.get(w, w))
                words.add(t.lemma_.lower())

    for t in ent:  # a title the NER took into the name ("Air Force Gen. Norman Ham")
        if is_title(t):
            w = t.lower_.rstrip(".")
            words.add(TITLE_WORDS.get(w, w))
    j = ent.start
    while j > 0 and j > ent.start - 5 and doc[j - 1].pos_ in ROLE_POS and doc[j - 1].ent_type_ in ("", "ORG", "NORP", "GPE"):
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


def clean_name(span: Span) -> str:
    # ". Steven Warren", '">Sanders': a title's period the tokenizer split off, markup the
    # scraper left; a name begins with a letter, a digit or a handle's "@"
    text = re.sub(r"^[^\w@]+", "", span.text.strip())
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return " ".join(text.replace("[", "").replace("]", "").split())


NICKNAME_RE = re.compile(r"\b([A-Z][a-z]+(?: [A-Z]\.)*) [\"\u201c]([A-Z][a-z]+)[\"\u201d] ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
#: words an organisation's name is not shortened to ("the Department" is any department)
GENERIC_ORG_WORDS = {"department", "office", "committee", "council", "center", "centre", "service", "services",
                      "group", "association", "institute", "university", "party", "agency", "board", "bureau",
                      "commission", "foundation", "company", "corporation", "inc", "inc.", "co", "co.", "news",
                      "campaign", "administration", "court", "union", "house", "states", "nations", "america"}
NAME_JOINERS = (" for ", " of ", " to ", " on ", " against ", " at ")


FUNCTION_WORDS = r"(?:of|the|for|to|and|on|in|at|a|an|&)"


def acronym_expansion(text: str, acronym: str) -> str | None:
    """The capitalised words in `text` whose initials spell `acronym` (function words
    between them allowed): "Alliance to Reclaim Our Schools" for "AROS"."""
    parts = [rf"{re.escape(ch)}[\w'’.-]*" for ch in acronym]
    pattern = rf"\b{parts[0]}" + "".join(rf"(?:\s+{FUNCTION_WORDS})*\s+{p}" for p in parts[1:]) + r"\b"
    for m in re.finditer(pattern, text):
        if m.group(0) != acronym and not m.group(0).isupper():
            return " ".join(m.group(0).split())
    return None


HEADLINE_END = (".", "!", "?", ":", ";", ",", "\"", "”", "'", "’", ")")


def capitalised(words: list[str]) -> bool:
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
        elif 2 <= len(words) <= 20 and not line.rstrip().endswith(HEADLINE_END[:3]) and capitalised(words):
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
    return (a, b) if capitalised(text[a:b].split()) else None


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
    for joiner in NAME_JOINERS:
        head = name.split(joiner, 1)[0]
        if head != name and head.strip():
            out.append(head.strip())
            break
    last = words[-1]
    if last[:1].isupper() and last.lower() not in GENERIC_ORG_WORDS and len(last) > 2 and not last.isupper():
        out.append(last)
    if words[0].isupper() and words[0].isalpha() and len(words[0]) >= 2:  # "NBC" for "NBC News"
        out.append(words[0])
    return out
