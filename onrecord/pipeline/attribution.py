"""From cues to attributions: each cue gets its source (who) and its content (what).

The cue model (`cues.py`) says which tokens are cues; this module reads the dependency
parse and the quotation marks around each cue to find the rest:

* source — the cue's subject, climbing through participles and coordination ("…,
  saying", "and added", "by saying"), the object of "according to", the agent of a
  passive, the noun a participle modifies ("many users slamming…"), or the speaker label
  before a colon;
* content — a quotation next to the cue (a quote split by its attribution gives two
  fragments), else the cue's complement (clause, object, infinitive), widened to whole
  quotations where the parse cut one, else — for parenthetical cues ("…, X reported.",
  "…, according to X.") — the rest of the sentence.

Everything is kept as character offsets into `doc_text(doc)`, which has the same length and
offsets as the user's input (repeated paragraphs are blanked with spaces, never removed).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

import numpy as np
from spacy.tokens import Doc, Token

from ..model import Attribution, Fragment
from . import encoder_features
from .cues import CueModel, cue_features, is_candidate
from .names import first_name_gender
from .quotes import Quote, find_quotes
from .sentences import doc_text, sent_range
from .speaker_words import is_person_noun
from .variants import content_variants, fragment_variants

#: dependents of a cue that hold what was said, in order of preference
CLAUSE_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj", "attr", "oprd", "acomp", "obj")
PREP_DEPS = ("prep", "pcomp", "dative")
OTHER_DEPS = ("advcl", "npadvmod")
DASH_SOURCE = re.compile(r"[ \t\u00a0]*(?P<dash>[\u2015\u2014\u2013]|--?)[ \t\u00a0]*"
                         r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \u00a0][A-Z][\w.'\u2019-]*){0,5})[ \t\u00a0]*(?=[,\n]|$)")
#: a transcript's line: "WALLACE: If I may, sir…" (an opening mark before it, as excerpts have)
TRANSCRIPT_LINE = re.compile(r"(?m)^[ \t]*[\"\u201c]?(?P<name>[A-Z][A-Z.'\u2019 -]{1,40}[A-Z.])(?P<colon>:)[ \t]+"
                             r"(?P<content>\S[^\n]*?)[ \t\"\u201d]*$")
FROM_LINE = re.compile(r"(?m)^[ \t]*(?P<cue>From|Via|Says|Writes)[ \t]+(?P<name>[^\n:]{2,60}?)[ \t]*:[ \t]*$")
#: verbs that introduce an inner quotation even where the cue model is unsure
SPEECH_LEMMAS = {"say", "tell", "ask", "write", "add", "like", "go", "reply", "answer", "shout", "scream",
                 "tweet", "laugh", "yell", "whisper", "respond", "call", "joke", "note", "explain"}
NESTED_THRESHOLD = 0.3
#: participles whose shared subject is the one asked, not the asker ("Asked about it, she said…")
ASKED_LEMMAS = {"ask", "press", "question"}
#: "…," she said, adding "…": PolNeAR makes the second report its own attribution
GOING_ON_CUES = {"add", "note", "argue", "explain", "say", "continue"}
TEMPORAL_MARKS = {"while", "when", "because", "after", "before", "as", "if", "although", "since", "until"}
#: links a cue may climb to find the subject it shares with its head
CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "prep", "acl", "relcl"}
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
#: tokens allowed between a quotation and its attribution clause
GLUE = {",", ":", "-", "—", "–", "that", "the", "words", ";", "..."}


@dataclass
class Candidate:
    """A cue with its built attribution, before the attribution model decides."""

    cue_score: float
    attribution: Attribution
    quoted: bool
    features: list[str]
    #: the cue token index: candidates of one cue are alternative contents, one is kept
    group: int = -1
    #: which alternative content this is ("base": the parse's own)
    variant: str = "base"


def _is_dateline(tok: Token) -> bool:
    """"WASHINGTON --" opening a story: a place, which the parser may make a subject."""
    doc = tok.doc
    return tok.is_upper and len(tok) > 2 and tok.i + 1 < len(doc) and doc[tok.i + 1].text in (
        "--", "-", "\u2014", "\u2013") and (tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws)


def _last_listed_name(head: Token) -> Token | None:
    """The last name of a list of people that `head` opens ("Tester … and Vitter"), the
    parser's conjuncts or, after a comma, appositions that go on as conjuncts; None
    when `head` opens no such list."""
    if head.pos_ != "PROPN" or head.ent_type_ != "PERSON":
        return None

    def personal(t: Token) -> bool:  # the NER's person, or a known first name it called otherwise
        return t.ent_type_ == "PERSON" or any(c.dep_ == "compound" and first_name_gender(c.text) for c in t.lefts)

    members, todo = [], [head]
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.i > t.i and c.pos_ == "PROPN" and personal(c) and (
                    c.dep_ == "conj" or c.dep_ == "appos" and any(g.dep_ == "conj" and personal(g)
                                                                  for g in c.children)):
                members.append(c)
                todo.append(c)
    return max(members, key=lambda t: t.i) if members else None


#: a colon line's opening words that say whose words follow, not who
ACCORDING_TO = re.compile(r"(?:according|per)\s+(?:to\s+)?(?=\S)", re.IGNORECASE)


def _name_as_modal(verb: Token) -> Token | None:
    """A surname the tagger read as a modal ("Will wrote", "While Will acknowledges"): a
    capitalised "Will" or "May" before a past or third-person verb, which no modal can
    govern, is the verb's subject (George Will, Theresa May)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBN"):
        return None
    return next((c for c in verb.lefts if c.dep_ == "aux" and c.tag_ == "MD" and c.text in ("Will", "May")
                 and c.i + 1 < len(verb.doc) and verb.doc[c.i + 1].tag_ in ("VBD", "VBZ", "VBN", "RB")), None)


def _bucket(x: float, edges: tuple[float, ...]) -> int:
    return bisect.bisect_right(edges, x)


def attribution_features(cue: Token, attr: Attribution, method: str, source: Token | None, cue_score: float,
                         kind: str, text: str) -> list[str]:
    """Features of a whole candidate attribution: what the cue model cannot see (whether a
    source and a content were found, of what sort, how long) decides many errors."""
    n_chars = sum(1 for a, b in attr.content for ch in text[a:b] if ch.isalnum())
    if source is not None:
        src = f"{source.pos_}|{source.ent_type_ or '-'}"
        src_low = source.lower_ if source.pos_ == "PRON" else ("name" if source.pos_ == "PROPN" else "noun")
        if src_low == "noun":  # who can speak: "the co-stars", "a spokeswoman" vs "the report"
            src_low = "person-noun" if is_person_noun(source) else "thing-noun"
    else:
        src, src_low = ("label" if attr.source else "none"), ("label" if attr.source else "none")
    cs = _bucket(cue_score, (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9))
    length = _bucket(n_chars, (5, 10, 20, 40, 80, 160, 320, 640))
    lemma = cue.lemma_.lower()
    return [
        "bias", f"cs={cs}", f"kind={kind}", f"method={method}", f"src={src}", f"srcw={src_low}",
        f"len={length}", f"frags={min(len(attr.content), 3)}", f"cl={lemma}", f"cl+kind={lemma}|{kind}",
        f"cl+method={lemma}|{method}", f"kind+src={kind}|{src_low}", f"cs+kind={cs}|{kind}",
        f"cs+src={cs}|{src_low}", f"method+len={method}|{length}", f"cdep={cue.dep_}",
        f"ctag={cue.tag_}", f"cs+method={cs}|{method}", f"cdep+src={cue.dep_}|{src_low}",
        f"kind+method={kind}|{method}", f"cdep+kind={cue.dep_}|{kind}",
        # a clause about a communication event: "an interview in which the co-stars discussed…"
        f"cdep+hl={cue.dep_}|{cue.head.lemma_.lower()}" if cue.dep_ in ("relcl", "acl", "advcl") else "cdep+hl=-",
    ]


def variant_features(name: str, word: str, cue: Token, method: str, kind: str, kept: float) -> list[str]:
    """What the attribution model knows of one content boundary: which cut or extension
    made it, at which word, for which cue, and how much of the parse's content it kept."""
    lemma = cue.lemma_.lower()
    kept_b = _bucket(kept, (0.25, 0.5, 0.75, 0.95, 1.05, 1.5, 2.5))
    return [f"var={name}", f"var+w={name}|{word}", f"var+cl={name}|{lemma}", f"var+method={name}|{method}",
            f"var+kind={name}|{kind}", f"var+kept={name}|{kept_b}"]


@dataclass
class QuoteIndex:
    """Fast lookups from character offsets to the quotations around them."""

    quotes: list[Quote]

    def __post_init__(self) -> None:
        self.top = [q for q in self.quotes if q.depth == 0 and not q.scare]
        self._starts = [q.start for q in self.top]

    def outer_at(self, pos: int) -> Quote | None:
        """The top-level quotation containing character `pos` (marks included)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.top[i].start <= pos < self.top[i].end:
            return self.top[i]
        return None

    def overlapping(self, start: int, end: int) -> list[Quote]:
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        out = []
        while i < len(self.top) and self.top[i].start < end:
            q = self.top[i]
            if q.end > start:
                out.append(q)
            i += 1
        return out

    def starting_in(self, start: int, end: int) -> Quote | None:
        i = bisect.bisect_left(self._starts, start)
        if i < len(self.top) and self.top[i].start < end:
            return self.top[i]
        return None

    def ending_in(self, start: int, end: int) -> Quote | None:
        best = None
        for q in self.overlapping(start - 1, end):
            if start <= q.end <= end:
                best = q
        return best


ADDRESS_VERBS = {"speak", "talk", "say", "explain", "complain", "write", "chat", "confide", "admit", "announce",
                 "mention", "report", "reply", "respond", "tweet", "testify", "lie", "boast", "brag", "whisper"}


TOPIC_PREPS = {"about", "of", "on", "regarding", "concerning", "over"}


def _char_range(doc: Doc, lo: int, hi: int) -> Fragment:
    """Character range of the tokens [lo, hi)."""
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _joined_to_reported_verb(tok: Token) -> bool:
    """"said he would order a review and warned…": a past or present-tense verb the parser
    joined to a verb of another form is the speaker's own second verb, not reported."""
    return tok.dep_ == "conj" and tok.tag_ in ("VBD", "VBZ") and tok.head.tag_ != tok.tag_


def _trim(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    """Trim punctuation and spaces (but not quotation marks) off a token range [a, b)."""
    while a < b and (doc[a].is_space or (doc[a].is_punct and not doc[a].is_quote) or doc[a].lower_ in ("and", "but")):
        a += 1
    while b > a and (doc[b - 1].is_space or (doc[b - 1].is_punct and not doc[b - 1].is_quote and doc[b - 1].text not in ")]")
                     or doc[b - 1].lower_ in ("and", "but")):
        b -= 1
    return (a, b) if b > a else None


def _subtree_range(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


class Attributor:
    """Find every attribution in a Doc: `doc._.onrecord_attributions` (list of Attribution)."""

    def __init__(self, model: CueModel, threshold: float | None = None, threshold_quoted: float | None = None,
                 attr_model: CueModel | None = None, floor: float = 0.1, use_tensor: bool = False) -> None:
        self.model = model
        #: whether `doc.tensor` comes from the pipeline the cue model's dense weights fit
        self.use_tensor = use_tensor and model.dense is not None
        self.attr_model = attr_model
        #: parts of a split content are proposed only to a model trained with them (or to
        #: the empty stand-in that training builds its examples with)
        self.fragment_variants = attr_model is not None and (
            not attr_model.weights or any(k.startswith("var=frag:") for k in attr_model.weights))
        self.floor = floor
        self.threshold = model.threshold if threshold is None else threshold
        self.threshold_quoted = model.threshold_quoted if threshold_quoted is None else threshold_quoted
        self._cue_set: set[int] = set()

    # ------------------------------------------------------------------ cues
    def score_cues(self, doc: Doc, qi: QuoteIndex) -> list[tuple[Token, float]]:
        vectors = self.vectors(doc)
        out = []
        for tok in doc:
            if self.model.considers(tok):
                out.append((tok, self.model.score(self.features(tok, qi), None if vectors is None else vectors[tok.i])))
        return out

    def vectors(self, doc: Doc) -> np.ndarray | None:
        """The token vectors the cue model weighs, or None (a sparse model, another pipeline)."""
        return self.model.vectors(doc) if self.use_tensor else None

    def set_cues(self, cues: list[Token]) -> None:
        """Remember the document's cues: a content stops before a coordinated second cue."""
        self._cue_set = {t.i for t in cues}

    @staticmethod
    def features(tok: Token, qi: QuoteIndex) -> list[str]:
        doc = tok.doc
        in_quote = qi.outer_at(tok.idx) is not None
        lo = doc[max(0, tok.i - 6)].idx
        hi_tok = doc[min(len(doc) - 1, tok.i + 4)]
        quote_before = qi.ending_in(lo, tok.idx) is not None
        quote_after = qi.starting_in(tok.idx + len(tok), hi_tok.idx + len(hi_tok)) is not None
        feats = cue_features(tok, in_quote, quote_before, quote_after)
        # a quotation right before the clause ("“…” a second user fumed") …
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
        left = subj.left_edge if subj is not None else tok
        q = qi.ending_in(max(0, left.idx - 3), left.idx + 1)
        if q is not None and doc_text(doc)[q.end:left.idx].strip(" ,\u00a0") == "":
            feats += ["quote_then_clause", f"quote_then_clause|{tok.pos_}|{subj is not None}"]
        # … or right after the cue ("saying, “…”", "told reporters: “…”")
        j = tok.i + 1
        while j < len(doc) and j - tok.i <= 3 and (doc[j].is_punct and not doc[j].is_quote or doc[j].is_space
                                                    or doc[j].lower_ in ("that", "the", "words")):
            j += 1
        if j < len(doc):
            q2 = qi.outer_at(doc[j].idx)
            if q2 is not None and q2.start == doc[j].idx and not in_quote:
                feats += ["cue_then_quote", f"cue_then_quote|{tok.pos_}|{subj is not None}"]
        # the complement holds a quotation (mixed quotes: called it a “disaster”)
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp", "dobj", "oprd", "attr") and qi.overlapping(c.left_edge.idx, c.right_edge.idx + 1):
                feats.append(f"comp_quote|{c.dep_}")
                break
        return feats + encoder_features.cue_features(tok)

    # ------------------------------------------------------------------ source
    @staticmethod
    def find_source(cue: Token) -> Token | None:
        """The token heading the source phrase of a cue, or None."""
        if cue.lower_ == "according" or cue.lower_ == "per":
            for ch in cue.children:
                if ch.lower_ == "to":
                    return next((g for g in ch.children if g.dep_ == "pobj"), None)
                if ch.dep_ == "pobj":
                    return ch
            nxt = cue.nbor(1) if cue.i + 1 < len(cue.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                return next((g for g in nxt.children if g.dep_ == "pobj"), None)
            return None
        if cue.pos_ in ("NOUN", "PROPN") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
            # "Trump's claim that…", and "Trump claims that…" when the tagger made a noun of the verb
            owner = next((c for c in cue.lefts if c.dep_ == "poss"
                          or (c.dep_ == "compound" and c.pos_ == "PROPN")), None)
            if owner is not None:
                return owner
        if cue.tag_ == "VBN" and cue.lemma_.lower() in ASKED_LEMMAS and cue.dep_ in ("advcl", "acl", "ccomp") \
                and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in cue.children):
            # "Asked about the email, Clinton said…": whoever asked is not named; the
            # subject the participle shares answered
            return None
        t = cue
        for _ in range(5):
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")
                         or (c.dep_ == "npadvmod" and _is_dateline(c))), None) or _name_as_modal(t)
            if subj is not None:
                if subj.dep_ == "nsubjpass":
                    agent = next((c for c in t.children if c.dep_ == "agent"), None)
                    if agent is not None:
                        return next((g for g in agent.children if g.dep_ == "pobj"), None)
                    # "After saying X, she was whisked off": a participle climbed to a
                    # passive clause shares its subject; the passive cue itself has none
                    return subj if t is not cue else None
                if _is_dateline(subj):  # "WASHINGTON -- President Obama, …, said"
                    subj = next((c for c in subj.children if c.dep_ == "appos"), None)
                    if subj is None:
                        return None
                # "an architect who said…": the relative pronoun is the source (as PolNeAR
                # marks it); the speaker step resolves it to its antecedent
                return subj
            if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return t.head
            if _joined_to_reported_verb(t):
                # the verb of the same tense above is the one it is joined to
                t = next((g for g in t.head.ancestors if g.tag_ == t.tag_), t.head)
                continue
            if t.dep_ in CLIMB_DEPS and t.head.i != t.i:
                t = t.head
                continue
            break
        return Attributor._misattached_subject(t) or Attributor._name_after_cue(cue)

    @staticmethod
    def _name_after_cue(cue: Token) -> Token | None:
        """“…,” said Robert Reich, who …: the name right after an inverted cue (its roles
        before it allowed) that the parser hung elsewhere (on the relative clause's verb,
        on a phrase after it); the name's last word."""
        doc = cue.doc
        if cue.tag_ not in ("VBD", "VBZ") or cue.i + 1 >= len(doc) or cue.i == 0 \
                or doc[cue.i - 1].text not in (",", "''", "\"", "\u201d", "'", "\u2019"):
            return None
        k = cue.i + 1
        while k < min(len(doc), cue.i + 5) and doc[k].pos_ in ("ADJ", "NOUN") and doc[k].is_lower:
            k += 1  # "said former tech executive Carly Fiorina": her roles before the name
        first = k
        while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
            k += 1
        last = doc[k - 1]
        if k == first or last.ent_type_ not in ("PERSON", "ORG") or last.head.i == cue.i:
            return None
        return last

    @staticmethod
    def _misattached_subject(verb: Token) -> Token | None:
        """The subject of a finite verb the parser left subjectless: one it hung on an
        auxiliary ("Trump has pooh-poohed…"), or the noun phrase ending right before the
        verb that it took for an apposition or a conjunct of an opening phrase ("In a
        panel in Washington, Marc Morial, the chief executive, forcefully told…")."""
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("ROOT", "conj", "ccomp"):
            return None
        auxes = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass")]
        if not auxes and verb.tag_ not in ("VBD", "VBZ", "VBP"):
            return None
        for aux in auxes:
            subj = next((c for c in aux.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
        doc = verb.doc
        k = (auxes[0] if auxes else verb).i - 1
        while k >= 0 and doc[k].dep_ in ("advmod", "neg") and doc[k].head.i == verb.i:
            k -= 1
        if k < 0 or doc[k].text != ",":
            return None
        p = doc[k]
        if p.dep_ == "punct":
            p = p.head if p.head.i != verb.i or k == 0 else doc[k - 1]  # (the comma hung on the verb itself)

        def fits(t: Token) -> bool:
            return t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("conj", "appos", "npadvmod") and t.i < verb.i \
                and t.ent_type_ in ("PERSON", "ORG", "NORP", "")

        # the highest such phrase on the way up: "Alarmed by the unrest in Nevada, Senator Harry
        # Reid, the minority leader, said" hangs "Reid" on "Nevada" and "the minority leader" on him
        found = p if fits(p) else None
        while p.dep_ in ("pobj", "prep", "appos") and p.head.i < verb.i:
            p = p.head
            if fits(p):
                found = p
        return found

    @staticmethod
    def _inside_other_quote(tok: Token, cue: Token, qi: QuoteIndex) -> bool:
        q = qi.outer_at(tok.idx)
        return q is not None and not (q.start <= cue.idx < q.end)

    @staticmethod
    def _source_after_quote(cue: Token, qi: QuoteIndex) -> tuple[int, int] | None:
        """“…,” Tulsa police Chief Chuck Jordan said: when the parse took a word inside
        the quotation for the subject, the noun phrase between the quotation and the cue
        (a run of nouns, names, determiners and adjectives) as a token range."""
        doc = cue.doc
        hi = cue.i
        while hi > 0 and doc[hi - 1].pos_ in ("ADV", "AUX", "PART"):  # "…," Jordan also said
            hi -= 1
        if hi > 0 and doc[hi - 1].text == ")":  # "…," Rep. Elijah E. Cummings (D-Md.) said
            opening = next((t.i for t in reversed(doc[max(0, hi - 10):hi - 1]) if t.text == "("), None)
            if opening is not None:
                hi = opening
        lo = hi
        while lo > 0 and qi.outer_at(doc[lo - 1].idx) is None and hi - lo < 8 and (
                doc[lo - 1].pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM")
                or doc[lo - 1].tag_ == "POS"):
            lo -= 1
        if lo == hi or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in doc[lo:hi]):
            return None
        return lo, hi

    @staticmethod
    def source_span(head: Token) -> tuple[int, int]:
        """The source phrase: the head's subtree, cut before relative clauses and asides."""
        doc = head.doc
        left = head.left_edge.i
        right = head.i
        conjoined = head.pos_ == "PROPN" and any(ch.dep_ == "conj" and ch.pos_ == "PROPN" for ch in head.rights)
        for ch in head.rights:
            if ch.dep_ in ("compound", "flat", "nummod", "cc", "conj", "poss", "case") or (
                ch.dep_ == "prep" and ch.lower_ == "of"
            ) or (ch.dep_ == "appos" and ch.left_edge.i == right + 1 and ch.pos_ == "PROPN") or (
                ch.dep_ == "punct" and ch.text == "," and conjoined and ch.i == right + 1
                and ch.i + 1 < len(doc) and doc[ch.i + 1].dep_ == "conj" and doc[ch.i + 1].head.i == head.i
                and doc[ch.i + 1].pos_ == "PROPN"
            ):  # "Carson, Fiorina and Huckabee": a list of names is one source
                # "Police Chief Chuck Jordan": a title with the name in apposition, no comma
                right = max(right, ch.right_edge.i if ch.dep_ != "cc" else ch.i)
            else:
                break
        last = _last_listed_name(head)
        if last is not None and last.i > right:
            # "Sens. Jon Tester (D-Mont.) and David Vitter (R-La.)", "Jeff Merkley (D-Ore.),
            # Sherrod Brown (D-Ohio) and Robert Menendez (D-N.J.)": every name of the list,
            # past the party labels that broke it
            right = last.i
            if right + 2 < len(doc) and doc[right + 1].text == "(":
                close = next((t.i for t in doc[right + 2:min(len(doc), right + 10)] if t.text == ")"), None)
                right = close if close is not None else right
        while left < head.i and (doc[left].is_punct or doc[left].is_space):
            left += 1
        # hyphenated words the tokenizer split ("co - stars") stay whole
        while right + 2 < len(doc) and doc[right].whitespace_ == "" and doc[right + 1].text in ("-", "\u2010") \
                and doc[right + 1].whitespace_ == "" and doc[right + 2].is_alpha:
            right += 2
        return left, right + 1

    # ------------------------------------------------------------------ content
    def _quote_fragment(self, q: Quote) -> Fragment:
        return q.start, q.end

    def _find_content(self, cue: Token, qi: QuoteIndex, clause: tuple[int, int]) -> tuple[list[Fragment], str]:
        """The content and how it was found (a feature of the attribution model)."""
        doc = cue.doc
        if cue.text == ":":
            return self._after_colon(cue), "colon"
        if cue.lower_ in ("according", "per"):
            return self._parenthetical(cue, clause), "according"
        comps = self._complements(cue)
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children) \
                and any(c.dep_ == "dobj" and c.lower_ == "it" for c in cue.children):
            # "as Ms. Simonyan put it in a statement, RT is …": the as-clause is the
            # attribution, the sentence around it the content
            bound = _subtree_range(cue.head) if cue.head.i != cue.i else None
            frags = self._parenthetical(cue, _subtree_range(cue), bound)
            if frags:
                return frags, "as-clause"
        # a gerund clause parsed as advcl works as a clausal complement
        method = "comp:" + (("ccomp" if comps[0].dep_ == "advcl" and comps[0].tag_ == "VBG" else comps[0].dep_)
                            if comps else "none")
        frags: list[Fragment] = self._handover_quote(cue, qi, clause)
        if frags:
            method = "handover"
        elif comps:
            for rng in self._content_ranges(cue, comps):
                s, e = _char_range(doc, *rng)
                quotes = qi.overlapping(s, e)
                if quotes:
                    s = min(s, min(q.start for q in quotes))
                    e = max(e, max(q.end for q in quotes))
                frags.append((s, e))
        if frags and len(comps) == 1 and comps[0].pos_ == "PRON" and not qi.overlapping(*frags[0]):
            adjacent = self._adjacent_quote(cue, qi, clause)  # "put it this way: '…'"
            if adjacent:
                frags, method = adjacent, "adjacent"
        if not frags:
            frags, method = self._adjacent_quote(cue, qi, clause), "adjacent"
        if not frags:
            frags, method = self._parenthetical(cue, clause), "parenthetical"
        if frags and len(frags) == 1:
            frags = self._split_quote(frags, cue, qi, clause)
            frags = self._quote_before(frags, cue, qi, clause)
        return frags, method

    @staticmethod
    def _complements(cue: Token) -> list[Token]:
        """The dependents holding what was said: a clause, else objects, else the rest."""
        clauses = [c for c in cue.children if c.dep_ in CLAUSE_DEPS]
        if not clauses:
            # "discussed Masterson making a bet": a gerund clause the parser calls advcl
            clauses = [c for c in cue.rights if c.dep_ == "advcl" and c.tag_ == "VBG"
                       and c.left_edge.i == cue.i + 1 and not any(g.dep_ == "mark" for g in c.children)]
        if clauses:
            return clauses
        rights = [c for c in cue.rights if c.ent_type_ not in ("DATE", "TIME")]
        objects = [c for c in rights if c.dep_ in OBJECT_DEPS]
        if objects:
            # "described the incident as a 'terrible situation'": the object and its frame
            first, last = min(o.i for o in objects), max(o.i for o in objects)
            objects += [c for c in rights if c.dep_ in PREP_DEPS and c.i > first and (
                c.lower_ in ("as", "of", "for") or (c.i > last and c.i == objects[-1].right_edge.i + 1))]
            return objects
        if cue.lemma_ in ADDRESS_VERBS:
            # "spoke to reporters outside the statehouse": only a topic is what was said
            found = [c for c in rights if c.dep_ in PREP_DEPS and c.lower_ in TOPIC_PREPS]
        else:
            found = [c for c in rights if c.dep_ in PREP_DEPS]
        if found:
            return found
        return [c for c in rights if c.dep_ in OTHER_DEPS and not any(
            g.dep_ == "mark" and g.lower_ in TEMPORAL_MARKS for g in c.children)]

    def _content_ranges(self, cue: Token, comps: list[Token]) -> list[tuple[int, int]]:
        """Token ranges covered by the complements, minus trailing asides: one range, or
        two when the attribution interrupts the clause ("The museum, Mr. Obama said,
        would make visitors face…": the fronted subject and the rest).

        Asides are what PolNeAR leaves out of a content: a coordinated second cue
        ("…and warned that…"), a trailing participle (", citing…"), a non-restrictive
        relative clause at the end (", which…").
        """
        doc = cue.doc
        keep: set[int] = set()
        stack = list(comps)
        while stack:
            t = stack.pop()
            keep.add(t.i)
            for ch in t.children:
                if self._is_aside(ch):
                    continue
                stack.append(ch)
        if not keep:
            return []
        after = [i for i in keep if i > cue.i]
        lead: list[tuple[int, int]] = []
        if after and any(i < cue.i for i in keep):
            lead = self._fronted(doc, sorted(i for i in keep if i < cue.i), cue)
            keep = set(after)
        lo = min(keep)
        hi = lo
        # the contiguous run from the first token (punctuation, spaces and the cue's own
        # conjunctions between two objects bridge gaps: "condemned X as Y and a Z")
        bridges = {c.i for c in cue.children if c.dep_ == "cc"}
        i = lo
        while i < len(doc) and (i in keep or i in bridges or doc[i].is_punct or doc[i].is_space) and i <= max(keep):
            if i in keep:
                hi = i
            i += 1
        rest = _trim(doc, lo, hi + 1)
        return lead + [rest] if rest is not None else []

    @staticmethod
    def _fronted(doc: Doc, before: list[int], cue: Token) -> list[tuple[int, int]]:
        """The part of a content before an interrupting attribution, when it is one run
        in the cue's sentence that ends at a comma before the attribution clause."""
        lo, hi = before[0], before[-1] + 1
        kept = set(before)
        if any(not (i in kept or doc[i].is_punct or doc[i].is_space) for i in range(lo, hi)):
            return []
        if lo < sent_range(doc, cue.i)[0] or cue.i - hi > 12 or doc[hi].text not in (",", "\u2014", "--"):
            return []
        rng = _trim(doc, lo, hi)
        return [rng] if rng is not None else []

    def _is_aside(self, tok: Token) -> bool:
        left = tok.left_edge
        after_comma = left.i > 0 and tok.doc[left.i - 1].text in (",", "--", "—", "(")
        if tok.dep_ == "relcl" and after_comma and left.lower_ in ("which", "who", "whose"):
            return True
        if tok.dep_ == "advcl" and after_comma and tok.tag_ == "VBG" and tok.i in self._cue_set:
            return True
        if tok.dep_ == "advcl" and tok.i in self._cue_set and any(c.dep_ == "nsubj" for c in tok.children):
            return True  # "…, while another called the vote 'a done deal'": a second attribution
        if tok.i in self._cue_set and _joined_to_reported_verb(tok) \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return True  # the speaker's second verb: a second attribution
        return False

    def _handover_quote(self, cue: Token, qi: QuoteIndex, clause: tuple[int, int]) -> list[Fragment]:
        """A quotation that hands over to its attribution — “…,” she said / she said: “…” —
        is the content whatever the parse made of the sentence."""
        doc = cue.doc
        text = doc_text(doc)
        cstart = doc[clause[0]].idx
        before = qi.ending_in(max(0, cstart - 3), cstart + 1)
        if before is not None and before.end <= cstart and text[before.end:cstart].strip(" \u00a0") == "":
            inner = text[before.inner_start:before.inner_end].rstrip()
            words = inner.split()
            opens_clause = before.start == 0 or text[:before.start].rstrip(" \u00a0\t")[-1:] in ("", "\n", ".", ":", "?", "!")
            titled = sum(1 for w in words if w[:1].isupper()) > 0.6 * len(words)
            between = [i for i in self._cue_set if doc[i].idx >= before.end and i < cue.i]
            enough = len(words) >= (1 if cue.lemma_.lower() in SPEECH_LEMMAS else 4)
            if inner.endswith((",", "?", "!", "\u2014", "-")) and enough and opens_clause \
                    and not titled and not between:
                return [(before.start, before.end)]
        j = cue.i + 1
        while j < len(doc) and j - cue.i <= 2 and doc[j].text in (":", ",") :
            j += 1
        if j > cue.i + 1 and doc[j - 1].text == ":" and j < len(doc):
            q = qi.outer_at(doc[j].idx if not doc[j].is_space else doc[min(j + 1, len(doc) - 1)].idx)
            if q is not None and q.start >= cue.idx and text[cue.idx:q.start].count("\n") <= 2:
                return [(q.start, q.end)]
            colon_end = doc[j - 1].idx + 1
            if q is None and text[colon_end:doc[j].idx + len(doc[j])].strip() == "" and "\n" in text[colon_end:doc[j].idx + 1]:
                # "Limbaugh added:" closing its line, and the block it introduces
                para = re.compile(r"\s*([^\n]+)").match(text, colon_end)
                if para is not None and len(para.group(1).split()) >= 4:
                    return [para.span(1)]
        return []

    def _adjacent_quote(self, cue: Token, qi: QuoteIndex, clause: tuple[int, int]) -> list[Fragment]:
        doc = cue.doc
        cstart = doc[clause[0]].idx
        # a quotation just before the clause: "…," she said
        before = qi.ending_in(max(0, cstart - 4), cstart + 1)
        if before is not None and doc_text(doc)[before.end:cstart].strip(" ,\u00a0:-—") == "":
            return [self._quote_fragment(before)]
        # a quotation just after the cue: she said, "…"
        j = cue.i + 1
        while j < len(doc) and j - cue.i <= 4 and (doc[j].lower_ in GLUE or doc[j].is_space or doc[j].dep_ == "prt"):
            j += 1
        if j < len(doc):
            q = qi.outer_at(doc[j].idx)
            if q is not None and q.start >= cue.idx and doc_text(doc)[cue.idx + len(cue):q.start].count("\n") <= 1:
                return [self._quote_fragment(q)]
        return []

    def _split_quote(self, frags: list[Fragment], cue: Token, qi: QuoteIndex, clause: tuple[int, int]) -> list[Fragment]:
        """"…," she said, "…" or "…," she said. "…" — the quote resumes after the
        attribution; then unattributed all-quote paragraphs after it continue it."""
        doc = cue.doc
        text = doc_text(doc)
        s, e = frags[0]
        first = qi.outer_at(s)
        if first is None or first.end != e:
            # reported speech handing over to its attribution and resumed as a quote:
            # The summit accomplished "too little," he added. "Without changing…"
            cstart = doc[clause[0]].idx
            if e <= cstart and text[e:cstart].strip(" ,\u00a0\"'\u201d\u2019") == "":
                nxt = qi.starting_in(cue.idx, len(text))
                if nxt is not None and "\n" not in text[e:nxt.start] and not self._has_own_cue(doc, nxt, cue) \
                        and text[:nxt.start].rstrip()[-1:] in (".", ",", ":"):
                    return [(s, e), (nxt.start, nxt.end)]
            return frags
        out = [(s, e)]
        if e <= cue.idx:
            nxt = qi.starting_in(cue.idx, len(text))
            if nxt is not None and "\n" not in text[e:nxt.start] and not self._has_own_cue(doc, nxt, cue):
                out.append((nxt.start, nxt.end))
        return self._continued(out, cue, qi)

    def _continued(self, frags: list[Fragment], cue: Token, qi: QuoteIndex) -> list[Fragment]:
        """Paragraphs that are one quotation and nothing else, right after the paragraph
        holding the attribution, continue it (news convention for long quotes)."""
        doc = cue.doc
        text = doc_text(doc)
        out = list(frags)
        last_end = max(out[-1][1], cue.idx + len(cue))
        for _ in range(3):
            after = qi.starting_in(last_end, len(text))
            if after is None:
                break
            gap = text[last_end:after.start]
            line_end = text.find("\n", after.end)
            rest = text[after.end:line_end if line_end != -1 else len(text)]
            para_start = text.rfind("\n", 0, after.start) + 1
            own_paragraph = text[para_start:after.start].strip() == ""
            tail = gap[: gap.find("\n")] if "\n" in gap else gap
            if (gap.count("\n") == 0 or gap.count("\n") > 2 or not own_paragraph or rest.strip()
                    or len(tail.strip()) > 120 or self._has_own_cue(doc, after, cue)):
                break
            out.append((after.start, after.end))
            last_end = after.end
        return out

    def _quote_before(self, frags: list[Fragment], cue: Token, qi: QuoteIndex, clause: tuple[int, int]) -> list[Fragment]:
        """"…," she said, "…" when the parse gave only the second part: add the first."""
        doc = cue.doc
        s, e = frags[0]
        q = qi.outer_at(s)
        if q is None or q.start != s or s < cue.idx:
            return frags
        cstart = doc[clause[0]].idx
        before = qi.ending_in(max(0, cstart - 4), cstart + 1)
        if before is not None and before.end <= cstart and doc_text(doc)[before.end:cstart].strip(" ,\u00a0") == "" \
                and "\n" not in doc_text(doc)[before.end:s]:
            return [(before.start, before.end)] + frags
        return frags

    def _has_own_cue(self, doc: Doc, q: Quote, cue: Token) -> bool:
        """Whether a cue other than `cue` sits between `cue` and the quote or in the
        quote's own sentence outside it."""
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return True
        lo = min(cue.i + 1, span.start)
        hi = span.end
        hi_sent = max(hi, sent_range(doc, max(span.end - 1, 0))[1])
        for i in self._cue_set:
            if i == cue.i:
                continue
            other = doc[i]
            if other.head.i == cue.i and other.dep_ in ("advcl", "conj", "xcomp") \
                    and other.lemma_.lower() not in GOING_ON_CUES \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in other.children):
                continue  # "…," DuVernay said, emphasizing why… "…": one speaker going on
            if lo <= i < span.start or (span.end <= i < hi_sent and doc[i].idx >= q.end):
                return True
        return False

    def _after_colon(self, colon: Token) -> list[Fragment]:
        doc = colon.doc
        start = colon.idx + 1
        end = doc_text(doc).find("\n", start)
        if end == -1:
            end = len(doc_text(doc))
        seg = doc_text(doc)[start:end]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if len(seg.split()) < 2:
            return []
        return [(start + lead, start + lead + len(seg))]

    def _parenthetical(self, cue: Token, clause: tuple[int, int],
                       bound: tuple[int, int] | None = None) -> list[Fragment]:
        """Content around a parenthetical attribution: the sentence (or the `bound` token
        range within it) minus the clause."""
        doc = cue.doc
        s_start, s_end = sent_range(doc, cue.i)
        if bound is not None:
            s_start, s_end = max(s_start, bound[0]), min(s_end, bound[1])
        a, b = clause
        left = _trim(doc, s_start, a)
        right = _trim(doc, b, s_end)
        if left is not None and right is not None and b < len(doc) and doc[a - 1].text == "," \
                and doc[b].text == "," and right[0] <= cue.head.i < right[1] \
                and sum(1 for t in doc[left[0]:right[1]] if t.is_alpha) >= 3:
            # "The museum, Mr. Obama said, would make…", "The company, according to
            # Reuters, lost…": the clause interrupts the sentence it reports, both sides
            return [_char_range(doc, *left), _char_range(doc, *right)]
        # else the longer side: "X, according to Y." or "According to Y, X."
        best = None
        for rng in (left, right):
            if rng is None:
                continue
            n = sum(1 for t in doc[rng[0]:rng[1]] if t.is_alpha)
            if n >= 3 and (best is None or n > best[0]):
                best = (n, rng)
        if best is None:
            return []
        return [_char_range(doc, *best[1])]

    def cue_clause(self, cue: Token, source: Token | None) -> tuple[int, int]:
        """Token range of the attribution clause itself: source + cue (+ particles)."""
        if cue.lower_ in ("according", "per"):
            return _subtree_range(cue)
        lo, hi = cue.i, cue.i + 1
        if source is not None and (abs(source.i - cue.i) <= 12 or source.i < cue.i <= source.right_edge.i + 2):
            s_lo, s_hi = self.source_span(source)
            lo, hi = min(lo, s_lo), max(hi, s_hi)
        for ch in cue.children:
            if ch.dep_ in ("aux", "auxpass", "neg", "advmod", "prt", "npadvmod") and abs(ch.i - cue.i) <= 3:
                lo, hi = min(lo, ch.i), max(hi, ch.i + 1)
            if ch.dep_ == "prep" and ch.i > cue.i and not any(g.dep_ == "pcomp" for g in ch.children):
                # "said in a statement", "told reporters on Monday"
                lo, hi = min(lo, ch.left_edge.i), max(hi, ch.right_edge.i + 1)
            if ch.dep_ == "dative" or (ch.dep_ == "dobj" and cue.lemma_ in ("tell", "ask", "inform", "assure", "remind", "warn")):
                hi = max(hi, ch.right_edge.i + 1)
        return lo, hi

    @staticmethod
    def _only_a_label(content: list[Fragment], qi: QuoteIndex, text: str) -> bool:
        """"vote on the so-called 'reform'": a short content around a scare quote is a
        label for something, not a statement."""
        if len(content) != 1:
            return False
        s, e = content[0]
        scare = [q for q in qi.quotes if q.scare and s <= q.start and q.end <= e + 1]
        return bool(scare) and len(text[s:e].split()) <= 6

    @staticmethod
    def cue_span(cue: Token) -> list[Fragment]:
        toks = [cue]
        for ch in cue.children:
            if ch.dep_ == "prt" or (cue.lower_ == "according" and ch.lower_ == "to"):
                toks.append(ch)
        if cue.lower_ == "according" and len(toks) == 1 and cue.i + 1 < len(cue.doc) and cue.nbor(1).lower_ == "to":
            toks.append(cue.nbor(1))
        toks.sort(key=lambda t: t.i)
        frags: list[Fragment] = []
        for t in toks:
            if frags and t.idx - frags[-1][1] <= 1:
                frags[-1] = (frags[-1][0], t.idx + len(t))
            else:
                frags.append((t.idx, t.idx + len(t)))
        return frags

    # ------------------------------------------------------------------ assembly
    def __call__(self, doc: Doc) -> Doc:
        quotes = find_quotes(doc_text(doc))
        qi = QuoteIndex(quotes)
        doc._.onrecord_quotes = quotes
        doc._.onrecord_attributions = self.assemble(doc, qi, self.candidates(doc, qi))
        return doc

    def assemble(self, doc: Doc, qi: QuoteIndex, candidates: list[Candidate],
                 threshold: float | None = None) -> list[Attribution]:
        """The kept candidates plus what layout and nesting tell, deduplicated and ordered."""
        kept = [(p, replace(a)) for p, a in self.select(candidates, threshold)]
        kept += self.layout_attributions(doc, qi, [a for _s, a in kept])
        kept += self.nested_quotes(doc, qi, [a for _s, a in kept])
        return finalize(kept, qi, doc_text(doc))

    def select(self, candidates: list[Candidate], threshold: float | None = None) -> list[tuple[float, Attribution]]:
        """Keep the candidates the attribution model believes (or, without one, whose
        cue score passes the plain or the quoted threshold)."""
        if self.attr_model is not None:
            t = self.attr_model.threshold if threshold is None else threshold
            best: dict[int, tuple[float, Attribution]] = {}
            for c in candidates:
                p = self.attr_model.score(c.features)
                if p >= t and (c.group not in best or p > best[c.group][0]):
                    best[c.group] = (p, c.attribution)
            for p, a in best.values():
                a.confidence = p
            return list(best.values())
        return [(c.cue_score, c.attribution) for c in candidates
                if c.cue_score >= (self.threshold_quoted if c.quoted else self.threshold)]

    def candidates(self, doc: Doc, qi: QuoteIndex, floor: float | None = None) -> list[Candidate]:
        """Every cue scoring at least `floor`, with its attribution built and described."""
        if floor is None:
            floor = self.floor if self.attr_model is not None else min(self.threshold, self.threshold_quoted)
        scored = [(tok, sc) for tok, sc in self.score_cues(doc, qi) if sc >= floor]
        # asides and chained cues are judged against the cues that pass the plain threshold
        self.set_cues([tok for tok, sc in scored if sc >= self.threshold])
        out = []
        for tok, sc in scored:
            built = self._build(tok, qi, sc)
            if built is None:
                continue
            attr, method, src = built
            text = doc_text(doc)
            kind = classify_kind(text, attr.content, qi)
            feats = attribution_features(tok, attr, method, src, sc, kind, text)
            feats += encoder_features.attribution_features(doc, attr, tok, kind)
            variants = self._variants(tok, attr, qi) if self.attr_model is not None else []
            base = variant_features("base", "", tok, method, kind, 1.0)
            base += [f"alt={name}|{word}" for name, _frags, word in variants]
            out.append(Candidate(sc, attr, kind == "direct", feats + base, group=tok.i))
            full = _alnum(text, attr.content) or 1
            for name, frags, word in variants:
                alt = replace(attr, content=frags)
                vkind = classify_kind(text, frags, qi)
                out.append(Candidate(sc, alt, vkind == "direct",
                                     attribution_features(tok, alt, method, src, sc, vkind, text)
                                     + encoder_features.attribution_features(doc, alt, tok, vkind)
                                     + variant_features(name, word, tok, method, vkind, _alnum(text, frags) / full),
                                     group=tok.i, variant=name))
            alt_source = self._encoder_source(tok, attr)
            if alt_source is not None:
                alt, head = alt_source
                out.append(Candidate(sc, alt, kind == "direct",
                                     attribution_features(tok, alt, method, head, sc, kind, text)
                                     + encoder_features.attribution_features(doc, alt, tok, kind)
                                     + variant_features("enc:source", "", tok, method, kind, 1.0),
                                     group=tok.i, variant="enc:source"))
        if self.attr_model is not None:
            self._mark_embedded(doc, out)
        return out

    @staticmethod
    def _encoder_source(cue: Token, attr: Attribution) -> tuple[Attribution, Token] | None:
        """The accurate mode's second opinion on the source: the encoder's nearest source
        span in the cue's sentence, where it differs from the parse's (the attribution
        model chooses, as between contents)."""
        span = encoder_features.source_span(cue, attr.content)
        if span is None:
            return None
        doc = cue.doc
        frag = _char_range(doc, *span)
        if any(s < frag[1] and frag[0] < e for s, e in attr.source):
            return None
        head = next((t for t in doc[span[0]:span[1]] if not span[0] <= t.head.i < span[1] or t.head.i == t.i),
                    doc[span[1] - 1])
        return replace(attr, source=[frag]), head

    def _mark_embedded(self, doc: Doc, candidates: list[Candidate]) -> None:
        """Whether a cue sits inside a likelier attribution's content ("X said Y claimed
        Z"): PolNeAR annotates some such embedded reports and not others."""
        outer = [(c.group, c.attribution.content[0][0], c.attribution.content[-1][1]) for c in candidates
                 if c.variant == "base" and c.cue_score >= self.threshold]
        for c in candidates:
            pos = doc[c.group].idx
            inside = any(g != c.group and s <= pos < e for g, s, e in outer)
            method = next((f[7:] for f in c.features if f.startswith("method=")), "")
            c.features += [f"embedded={inside}", f"embedded+method={inside}|{method}"]

    def _variants(self, cue: Token, attr: Attribution, qi: QuoteIndex) -> list[tuple[str, list[Fragment], str]]:
        if len(attr.content) != 1:
            return fragment_variants(cue, attr.content) if self.fragment_variants else []
        s, e = attr.content[0]
        ends = [q.end for q in qi.overlapping(s, e) if s <= q.start and q.end <= e]
        out = content_variants(cue, attr.content, ends)
        if self.fragment_variants:
            out += self._joined_quote(cue, attr.content, qi)
        return out

    def _joined_quote(self, cue: Token, content: list[Fragment], qi: QuoteIndex) -> list[tuple[str, list[Fragment], str]]:
        """The content and the quotation that follows it in its paragraph, as one report:
        'Sanders identified bigotry as one of the reasons. "The younger people are sick and
        tired of discrimination."' The join word says how many sentences lay between and
        whether a cue of their own did."""
        doc = cue.doc
        text = doc_text(doc)
        s, e = content[0]
        nxt = qi.starting_in(max(e, cue.idx + len(cue)), len(text))
        if nxt is None or "\n" in text[e:nxt.start] or nxt.start - e > 200 \
                or len(text[nxt.inner_start:nxt.inner_end].split()) < 3:
            return []
        if text[:nxt.start].rstrip(" \u00a0")[-1:] not in (".", "!", "?", ":", ","):
            return []
        ends = len(re.findall(r"[.!?](?=[\s\"'\u201d\u2019]|$)", text[e:nxt.start]))
        own = "cue" if self._has_own_cue(doc, nxt, cue) else "nocue"
        return [("join:quote", [(s, e), (nxt.start, nxt.end)], f"{min(ends, 2)}|{own}")]

    def layout_attributions(self, doc: Doc, qi: QuoteIndex, found: list[Attribution]) -> list[tuple[float, Attribution]]:
        """Attributions told by layout rather than grammar, which parsers miss:
        a quote followed by a dash and a name (“…” ― Jane Doe), a transcript's
        "DOE: …" lines, and a "From Jane Doe:" line introducing the next paragraph."""
        text = doc_text(doc)
        taken = {a.content[0] for a in found}
        out = []
        for q in qi.top:
            if (q.start, q.end) in taken:
                continue
            m = DASH_SOURCE.match(text, q.end)
            if m:
                out.append((1.0, Attribution(content=[(q.start, q.end)], source=[m.span("name")],
                                             cue=[m.span("dash")], kind="direct")))
        lines = list(TRANSCRIPT_LINE.finditer(text))
        if len(lines) >= 3 and len({m.group("name") for m in lines}) >= 2:
            # a transcript (three lines or more, two speakers or more): each line is its
            # speaker's, whatever marks an excerpt opened its paragraphs with
            for m in lines:
                if m.span("content") not in taken and len(m.group("content").split()) >= 2:
                    out.append((1.0, Attribution(content=[m.span("content")], source=[m.span("name")],
                                                 cue=[m.span("colon")], kind="indirect")))
        for m in FROM_LINE.finditer(text):
            para = re.compile(r"[ \t]*\n\s*([^\n]+)").match(text, m.end())
            if para is None:
                continue
            a, b = para.span(1)
            b = len(text[a:b].rstrip()) + a
            if (a, b) in taken or b - a < 10:
                continue
            out.append((1.0, Attribution(content=[(a, b)], source=[m.span("name")], cue=[m.span("cue")],
                                         kind="indirect")))
        return out

    def nested_quotes(self, doc: Doc, qi: QuoteIndex, found: list[Attribution]) -> list[tuple[float, Attribution]]:
        """Quotes inside quotes ("Then Danny says, 'Dude…'") and quotes another speaker
        utters inside an attribution's content ("Kutcher said the family asked them to
        'write letters…'"): PolNeAR does not annotate them, so the cue model learned to
        ignore cues inside quotations; here the nearest speech cue before such a quote,
        within what encloses it, attributes it."""
        taken = {tuple(a.content) for a in found}
        spans = [(s, e) for a in found for s, e in a.content]
        vectors = self.vectors(doc)
        out = []
        for q in qi.quotes:
            if ((q.start, q.end),) in taken or q.length < 3:
                continue
            if q.depth > 0:
                parent = qi.quotes[q.parent] if q.parent is not None else None
                bound = parent.inner_start if parent is not None else 0
            else:
                around = [s for s, e in spans if s < q.start and q.end <= e]
                if not around:
                    continue
                bound = max(around)
            first = doc.char_span(q.start, q.end, alignment_mode="expand")
            if first is None:
                continue
            best = None
            for tok in reversed(doc[max(0, first.start - 8):first.start]):
                if tok.idx < bound:
                    break
                if tok.text == ":" or not (is_candidate(tok) or tok.lemma_.lower() in SPEECH_LEMMAS):
                    continue
                sc = self.model.score(cue_features(tok, False, False, True), None if vectors is None else vectors[tok.i])
                if sc >= NESTED_THRESHOLD or tok.lemma_.lower() in SPEECH_LEMMAS:
                    best = (max(sc, NESTED_THRESHOLD), tok)
                    break
            if best is None:
                continue
            sc, cue = best
            src = self.find_source(cue)
            source = [_char_range(doc, *self.source_span(src))] if src is not None else []
            out.append((sc, Attribution(content=[(q.start, q.end)], source=source, cue=self.cue_span(cue),
                                        kind="direct", confidence=sc)))
        return out

    def _build(self, cue: Token, qi: QuoteIndex, score: float) -> tuple[Attribution, str, Token | None] | None:
        doc = cue.doc
        if cue.text == ":":
            src_tok = None
            line_start = doc_text(doc).rfind("\n", 0, cue.idx) + 1
            label = doc_text(doc)[line_start:cue.idx].strip()
            if not label or len(label.split()) > 6:
                return None
            lead = len(doc_text(doc)[line_start:cue.idx]) - len(doc_text(doc)[line_start:cue.idx].lstrip())
            # "According to HuffPo: …": the source is the one it is according to
            m = ACCORDING_TO.match(label)
            if m and m.end() < len(label):
                lead, label = lead + m.end(), label[m.end():]
            source = [(line_start + lead, line_start + lead + len(label))]
            clause = (cue.i, cue.i + 1)
        elif any(c.dep_ == "xcomp" and c.i in self._cue_set for c in cue.children):
            return None  # "went on to note that…": the inner cue carries the attribution
        else:
            src_tok = self.find_source(cue)
            src_range = self.source_span(src_tok) if src_tok is not None else None
            if src_tok is not None and self._inside_other_quote(src_tok, cue, qi):
                # “…,” said Leslie Wimes: a subject after the cue, else the words before it
                after = next((c for c in cue.rights if c.dep_ in ("nsubj", "nsubjpass")
                              and qi.outer_at(c.idx) is None), None)
                src_range = self.source_span(after) if after is not None else self._source_after_quote(cue, qi)
                src_tok = after if after is not None else (doc[src_range[1] - 1] if src_range is not None else None)
            source = [_char_range(doc, *src_range)] if src_range is not None else []
            clause = self.cue_clause(cue, src_tok)
        content, method = self._find_content(cue, qi, clause)
        if not content or self._only_a_label(content, qi, doc_text(doc)):
            return None
        content = _one_paragraph(content, cue.idx, doc_text(doc))
        # the content must not swallow the cue or the source
        cue_frags = self.cue_span(cue)
        if any(s <= cue_frags[0][0] < e for s, e in content):
            content = _cut(content, cue_frags + source)
            if not content:
                return None
        return Attribution(content=content, source=source, cue=cue_frags, kind="indirect", confidence=score), method, src_tok


def _one_paragraph(content: list[Fragment], cue_at: int, text: str) -> list[Fragment]:
    """A fragment running over paragraph breaks that holds quotations of its own keeps only
    the paragraph nearest the cue. Such a fragment comes from a stray mark paired with one
    paragraphs away (a transcript or an excerpt whose paragraphs each open with a mark that
    never closes), and it would swallow the quotations between. A quotation continued over
    a few paragraphs (each opening with a mark, the last closing it) is left whole."""
    out: list[Fragment] = []
    for s, e in content:
        if "\n" not in text[s:e]:
            out.append((s, e))
            continue
        pieces, a = [], s
        for m in re.finditer(r"[ \t\u00a0]*\n\s*", text[s:e]):
            if m.start() + s > a:
                pieces.append((a, m.start() + s))
            a = m.end() + s
        if e > a:
            pieces.append((a, e))
        inner = "".join(text[p + 1:q - (1 if q == e else 0)] for p, q in pieces)
        if len(pieces) <= 3 and not any(ch in inner for ch in '"\u201c\u201d'):
            out.append((s, e))
        elif pieces:
            out.append(min(pieces, key=lambda p: _distance(p, cue_at)))
    return out


def _distance(frag: Fragment, pos: int) -> int:
    """Characters between `pos` and the fragment (0 inside it)."""
    return 0 if frag[0] <= pos < frag[1] else min(abs(frag[0] - pos), abs(frag[1] - pos))


def _cut(content: list[Fragment], holes: list[Fragment]) -> list[Fragment]:
    """Remove `holes` from the content fragments, keeping the largest remaining piece."""
    pieces: list[Fragment] = []
    for s, e in content:
        cur = [(s, e)]
        for hs, he in holes:
            nxt = []
            for a, b in cur:
                if he <= a or hs >= b:
                    nxt.append((a, b))
                    continue
                if a < hs:
                    nxt.append((a, hs))
                if he < b:
                    nxt.append((he, b))
            cur = nxt
        pieces.extend(cur)
    pieces = [p for p in pieces if p[1] - p[0] > 2]
    if not pieces:
        return []
    return [max(pieces, key=lambda p: p[1] - p[0])]


def _alnum(text: str, frags: list[Fragment]) -> int:
    return sum(1 for a, b in frags for ch in text[a:b] if ch.isalnum())


def classify_kind(text: str, content: list[Fragment], qi: QuoteIndex) -> str:
    total = _alnum(text, content)
    if not total:
        return "indirect"
    quoted = 0
    any_quote = False
    for a, b in content:
        for q in qi.overlapping(a, b):
            if q.mark != "double" and q.length < 40:
                continue
            any_quote = True
            quoted += _alnum(text, [(max(a, q.start), min(b, q.end))])
    if not any_quote:
        return "indirect"
    return "direct" if quoted >= 0.9 * total else "mixed"


def _cue_within(inner: Attribution, outer: Attribution) -> bool:
    """Whether `inner`'s cue lies in `outer`'s content, as a nested report's does ("the
    family asked them to 'write…'"). A quotation whose own cue stands outside the content
    around it ("…," the 34-year-old replied, "…" swallowed by an earlier, overlong
    content) is a report of its own, not one nested in the other."""
    if not inner.cue:
        return True
    s = inner.cue[0][0]
    return any(a <= s < b for a, b in outer.content)


def finalize(found: list[tuple[float, Attribution]], qi: QuoteIndex, text: str) -> list[Attribution]:
    """Dedupe, order by position, set kinds and nesting."""
    by_content: dict[tuple, tuple[float, Attribution]] = {}
    for score, a in found:
        key = tuple(a.content)
        if key not in by_content or by_content[key][0] < score:
            by_content[key] = (score, a)
    attrs = sorted((a for _s, a in by_content.values()), key=lambda a: (a.start, -a.end))
    for a in attrs:
        a.kind = classify_kind(text, a.content, qi)
    # nesting: a quotation inside another attribution's content. Reported speech inside
    # one ("X said Y claimed Z") stays a top-level attribution, as PolNeAR annotates it.
    quotations = {(q.start, q.end) for q in qi.quotes}
    for i, a in enumerate(attrs):
        if a.kind != "direct" and not (len(a.content) == 1 and a.content[0] in quotations):
            continue
        best = None
        for j, b in enumerate(attrs):
            if i == j or b.nested_in is not None and b.nested_in == i:
                continue
            if b.start <= a.start and a.end <= b.end and (b.end - b.start) > (a.end - a.start) \
                    and _cue_within(a, b):
                if best is None or (attrs[best].end - attrs[best].start) > (b.end - b.start):
                    best = j
        a.nested_in = best
        if best is not None and len(a.content) == 1:
            # a nested quote is its quotation: "asked them to '…'" gives the quotation,
            # not the "to" the complement began with
            inner = [q for q in qi.overlapping(*a.content[0]) if a.start <= q.start and q.end <= a.end]
            if len(inner) == 1 and (inner[0].start, inner[0].end) != a.content[0]:
                a.content = [(inner[0].start, inner[0].end)]
    return attrs
