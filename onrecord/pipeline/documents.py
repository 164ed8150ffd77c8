"""Who wrote the documents an article mentions, so that "the statement" can speak for them.

News credits documents as sources once their author is known: "the Holocaust Museum issued
a statement … The statement urged …", "Sixteen lawmakers wrote to the agency … the letter
said", "Smith said in a statement … the statement added". The source span ("the
statement") names nobody; the sentence that introduced the document did. `document_authors`
reads every document noun of the article and, where the parse ties it to a named author,
records (where, what kind of document, who). `SpeakerResolver` then gives a definite
document source the author of the last such document before it.

The ties read, in the order tried: a possessor ("the museum's statement"), a name before
the noun ("a Gallup poll"), "by"/"from" ("an email from Neera Tanden"), the subject of a
verb that produces the document ("the museum issued a statement", "lawmakers wrote a
letter") and the subject of a verb the document is the medium of ("Smith said in a
statement"). Pronoun authors are left to the resolver, which knows who "she" is.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .inventory import Inventory, Referent, group_name
from .name_forms import name_chain
from .sentences import doc_ents
from .speaker_words import DOCUMENT_NOUNS, PERSON_LABELS, document_kind

#: verbs whose subject produces their object document ("issued a statement")
WRITING_VERBS = {"issue", "release", "send", "write", "publish", "post", "file", "sign", "pen", "tweet", "conduct",
                 "commission", "submit", "draft", "circulate", "unveil", "produce", "put", "deliver", "prepare",
                 "compile", "author", "co-author", "run", "air", "launch", "distribute", "give", "make", "offer",
                 "provide"}
#: verbs that take a document as their medium ("said in a statement", "wrote in a letter")
MEDIUM_VERBS = {"say", "write", "tell", "argue", "add", "note", "state", "claim", "warn", "explain", "declare",
                "announce", "insist", "suggest", "urge", "call", "respond", "reply", "acknowledge", "admit",
                "contend", "assert", "maintain", "charge", "allege", "report", "conclude", "find", "indicate"}
#: entity labels that can author a document
AUTHOR_LABELS = PERSON_LABELS | {"ORG", "GPE", "NORP"}


@dataclass(frozen=True)
class DocumentAuthor:
    """A document the article mentions at `pos`, of kind `kind` ("statement", "poll"),
    written by `speaker` (a canonical name, or several joined by "; ")."""

    pos: int
    kind: str
    speaker: str
    speaker_type: str  # "person" | "organization" | "group"


def _entity_at(doc: Doc, tok: Token) -> Span | None:
    return next((e for e in doc_ents(doc) if e.start <= tok.i < e.end and e.label_ in AUTHOR_LABELS), None)


def _referent(doc: Doc, inv: Inventory, tok: Token) -> Referent | None:
    """The article's person or organisation a token names (its entity, or its name chain
    when the NER missed it: "Neera Tanden" untagged)."""
    ent = _entity_at(doc, tok)
    if ent is not None:
        ref = inv.lookup_ent(ent)
        if ref is not None:
            return ref
    if tok.pos_ != "PROPN":
        return None
    return inv.lookup(name_chain(tok)[0]) or inv.lookup(tok.text)


def _authors(doc: Doc, inv: Inventory, tok: Token) -> list[Referent]:
    """The named referents a token stands for, with those it is coordinated with ("Sen.
    Grassley and Sen. Leahy wrote")."""
    out = []
    for t in [tok] + [c for c in tok.children if c.dep_ == "conj"] + \
             [g for c in tok.children if c.dep_ == "conj" for g in c.children if g.dep_ == "conj"]:
        ref = _referent(doc, inv, t)
        if ref is not None and ref not in out:
            out.append(ref)
    return out


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with ("met and issued")."""
    for v in (verb, verb.head if verb.dep_ in ("conj", "xcomp") else None):
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None) if v is not None else None
        if subj is not None:
            return subj
    return None


def author_of(doc: Doc, inv: Inventory, noun: Token) -> list[Referent]:
    """The named authors the parse ties to one document noun ([] when none)."""
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ != "PRON":
            found = _authors(doc, inv, c)
            if found:
                return found
    for c in noun.children:
        if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.ent_type_ not in ("DATE", "CARDINAL", "ORDINAL"):
            found = _authors(doc, inv, c)
            if found:
                return found
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            found = _authors(doc, inv, pobj) if pobj is not None else []
            if found:
                return found
    verb = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in WRITING_VERBS:
        subj = _subject(verb) if noun.dep_ == "dobj" else \
            next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if subj is not None:
            return _authors(doc, inv, subj)
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ in ("VERB", "AUX") \
            and noun.head.head.lemma_.lower() in MEDIUM_VERBS | WRITING_VERBS:
        subj = _subject(noun.head.head)
        if subj is not None:
            return _authors(doc, inv, subj)
    return []


def document_authors(doc: Doc, inv: Inventory) -> list[DocumentAuthor]:
    """Every document noun of the article with a named author, in text order."""
    out: list[DocumentAuthor] = []
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or document_kind(tok) not in DOCUMENT_NOUNS:
            continue
        refs = author_of(doc, inv, tok)
        if len(refs) == 1:
            out.append(DocumentAuthor(tok.idx, document_kind(tok), refs[0].name, refs[0].kind))
        elif refs:
            out.append(DocumentAuthor(tok.idx, document_kind(tok), group_name(refs), "group"))
    return out


def media_of(verb: Token) -> list[Token]:
    """The documents a speech verb says it was made in ("said in a statement")."""
    return [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
            if g.dep_ == "pobj" and document_kind(g) in DOCUMENT_NOUNS]
