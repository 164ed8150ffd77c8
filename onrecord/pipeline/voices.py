"""Whose is the first-person voice outside quotation marks?

In a news report an unquoted "I" is rare; where it appears, the article is usually a
letter, a column or an interview, and the text says whose voice it is in a fixed place:

* an interview's answers ("Q: Why? ¶ A: Because I think …") are the interviewee's, the
  person the title line (or, failing that, the article) names most;
* a reader's letter ends with a paragraph that is only the writer's name ("Rob
  Billeaud." or "Ann Lee, Dayton, Ohio"): the letter's "I" is the next such signature;
* a column ends with a line about its writer ("Glenn Harlan Reynolds, a University of
  Tennessee law professor, is a member of USA TODAY's Board of Contributors");
* a column's title may open with its writer's name ("Ann Coulter: And Then There Was the
  One").

Where none of these holds, the voice is the columnist's whom the article never names, and
the resolver calls it anonymous, as the speaker convention says.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from .inventory import Inventory, Referent
from .name_forms import clean_name
from .names import first_name_gender
from .repeats import paragraph_spans
from .sentences import doc_ents, doc_text
from .speaker_words import PERSON_LABELS

#: how an interview marks a question and an answer paragraph ("Q:", "Q.", "QWhy …", "A:")
QUESTION_RE = re.compile(r"Q(?:[:.)\u2014-]\s*|(?=[A-Z][a-z]))")
ANSWER_RE = re.compile(r"A[:.)\u2014-]\s")
#: words of a column's closing line about its writer
BIO_WORDS = {"is", "was", "writes", "columnist", "contributor", "contributors", "author", "professor", "editor",
             "member", "fellow", "served", "teaches", "director"}
#: longest a signature paragraph may be, in words ("Jane Q. Public, Springfield, Ill.")
SIGNATURE_WORDS = 8


@lru_cache(maxsize=4)
def paragraphs(text: str) -> list[tuple[int, int]]:
    """The text's paragraphs (`repeats.paragraph_spans`), kept for the next "I" of the same text."""
    return paragraph_spans(text)


def _person_opening(doc: Doc, inv: Inventory, start: int, end: int) -> tuple[Span, Referent] | None:
    """The person whose name opens the text from `start` to `end`, if one does (a name the
    NER calls an organisation counts when it starts with a known first name: "Glenn Harlan
    Reynolds, a … professor")."""
    ent = next((e for e in doc_ents(doc) if start <= e.start_char < end), None)
    if ent is None or ent.start_char != start:
        return None
    name = clean_name(ent)
    if ent.label_ not in PERSON_LABELS and not (ent.label_ == "ORG" and len(name.split()) > 1
                                                and first_name_gender(name.split()[0]) is not None):
        return None
    ref = inv.lookup_ent(ent)
    if ref is not None and ref.kind != "person" and first_name_gender(name.split()[0]) is not None:
        inv.as_person(ref)
    elif ref is None:  # a signature line reads like a headline, whose names the inventory leaves out
        ref = inv.add_person(name, None)
    return (ent, ref) if ref is not None and ref.kind == "person" else None


def interviewee(doc: Doc, inv: Inventory, pos: int, question: bool = False) -> Referent | None:
    """The person answering, when `pos` lies in the answer paragraph of an interview (or,
    with `question`, in a question put to them)."""
    paras = paragraphs(doc_text(doc))
    here = next(((a, b) for a, b in paras if a <= pos < b), None)
    if here is None or not (QUESTION_RE if question else ANSWER_RE).match(doc_text(doc), here[0]):
        return None
    if sum(1 for a, _ in paras if QUESTION_RE.match(doc_text(doc), a)) < 2:
        return None
    a, b = paras[0]
    title = [e for e in doc_ents(doc) if a <= e.start_char < b and e.label_ in PERSON_LABELS]
    for ent in title:
        ref = inv.lookup_ent(ent)
        if ref is not None and ref.kind == "person":
            return ref
    people = [r for r in inv.people if r.mentions]
    return max(people, key=lambda r: len(r.mentions)) if people else None


def signer(doc: Doc, inv: Inventory, pos: int) -> Referent | None:
    """The writer of the letter `pos` lies in: the first later paragraph that is only a
    person's name (and where they live)."""
    text = doc_text(doc)
    for a, b in paragraphs(text):
        if a <= pos:
            continue
        words = text[a:b].split()
        if len(words) > SIGNATURE_WORDS or text[a:b].rstrip(".").endswith(("?", "!")):
            continue
        found = _person_opening(doc, inv, a, b)
        if found is None:
            continue
        ent, ref = found
        rest = text[ent.end_char:b].strip()
        if not rest or rest in (".",) or rest.startswith(","):
            return ref
    return None


def columnist(doc: Doc, inv: Inventory) -> Referent | None:
    """The writer a column's closing paragraph, or its title line, names."""
    paras = paragraphs(doc_text(doc))
    if not paras:
        return None
    a, b = paras[-1]
    found = _person_opening(doc, inv, a, b)
    if found is not None and len(paras) > 1:
        ent, ref = found
        words = {w.strip(",.").lower() for w in doc_text(doc)[ent.end_char:b].split()[:12]}
        if doc_text(doc)[ent.end_char:ent.end_char + 1] in (",", " ") and words & BIO_WORDS:
            return ref
    a, b = paras[0]
    found = _person_opening(doc, inv, a, b)
    if found is not None and doc_text(doc)[found[0].end_char:found[0].end_char + 1] == ":":
        return found[1]
    return None
