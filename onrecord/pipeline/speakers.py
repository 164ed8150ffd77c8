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

from spacy.tokens import Doc, Span, Token

from ..model import Attribution
from . import voices
from .documents import document_authors, media_of
from .inventory import Inventory, Mention, Referent, group_name
from .name_forms import (ROLE_POS, TITLE_MODIFIERS, TITLE_WORDS, clean_name, is_title, modifies, name_chain,
                         name_chain_span, strip_title)
from .names import first_name_gender
from .sentences import doc_ents, doc_text, ents_within, sent_range
from .speaker_words import (AGE_IN_RE, AGE_RE, ANONYMOUS_NOUNS, COLLECTIVE_NOUNS, DOCUMENT_NOUNS, EXECUTIVE_ROLES,
                            FEMALE_PRONOUNS, FEMALE_WORDS, FIRST_PERSON, GROUP_NOUNS, INDEFINITE, ISSUED_DOCUMENTS,
                            LOOK_AHEAD_CHARS, LOOK_AHEAD_DOCUMENTS, MALE_PRONOUNS, MALE_WORDS, NAME_LABELS,
                            NORP_ENDINGS, ORDINALS, ORG_DESCRIPTION_NOUNS, ORG_LABELS, PERSONAL_BODIES,
                            PERSON_LABELS, PERSON_NOUNS, PLACE_NOUNS, PLURAL_PRONOUNS, RANK_WORDS, RELATIVE_NOUNS,
                            RELATIVE_PRONOUNS, ROLE_SYNONYMS, TITLES, body_noun, document_kind, is_person_noun,
                            is_person_word)


def _fits(inv: Inventory, ref: Referent, kind: str, gender: str | None) -> bool:
    """Whether `ref` can be what a pronoun of this kind and gender means: a person whose
    gender does not contradict it, or something organisation-like for "it"."""
    if kind != "person":
        return inv.org_like(ref)
    return ref.kind == "person" and (gender is None or ref.gender in (gender, None))


#: words for a family as a whole, which the article names through its member ("Masterson's family")
KIN_GROUPS = {"family", "families", "relatives", "relative", "parent", "parents", "child", "children", "kid", "kids",
              "son", "sons", "daughter", "daughters", "sibling", "siblings", "grandchild", "grandchildren"}
#: roles news copy abbreviates before a document ("the IG report")
ROLE_ABBREVIATIONS = {"ig": "inspector general", "i.g.": "inspector general"}
#: nouns for a part of a body that speaks for it ("a panel of the court", "a vote of the council")
BODY_PARTS = {"panel", "vote", "majority", "division", "chamber", "arm", "wing", "unit"}


def _hangs_on(tok: Token, head: Token) -> bool:
    """Whether `tok` is inside a phrase or clause that describes `head` ("the head of the
    Super PAC backing Jeb Bush"), not a name `head` is given (no apposition or conjunct on
    the way up)."""
    while tok.i != head.i:
        if tok.dep_ in ("appos", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def conjuncts(head: Token) -> list[Token]:
    """The conjuncts of `head`, chained ones too ("Carson, Fiorina and Huckabee": the parser
    hangs "Huckabee" on "Fiorina"), and a list's middle member the parser made an apposition
    ("Jason Dana, Robyn Dawes and Nathanial Peterson")."""
    out, todo = [], [head]
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.dep_ == "conj" or c.dep_ == "appos" and c.pos_ == "PROPN" and t.pos_ == "PROPN" \
                    and any(g.dep_ == "conj" and g.pos_ == "PROPN" for g in c.children):
                out.append(c)
                todo.append(c)
    return sorted(out, key=lambda t: t.i)


class SpeakerResolver:
    """Set `speaker` and `speaker_type` on each of `doc._.onrecord_attributions`."""

    def __call__(self, doc: Doc) -> Doc:
        attrs: list[Attribution] = doc._.onrecord_attributions or []
        inv = Inventory(doc)
        inv.sources = sorted(f for a in attrs for f in a.source[:1])  # where the article names its speakers
        doc._.onrecord_inventory = inv  # the people component builds entities on it
        for d in document_authors(doc, inv):
            inv.credit_document(d.pos, d.kind, d.speaker, d.speaker_type)
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
        if speaker is not None and kind in ("person", "organization", "group"):
            # "Smith said in a statement": the statement is Smith's, for a later "the statement"
            cue = doc.char_span(*a.cue[0], alignment_mode="expand") if a.cue else None
            for noun in media_of(cue.root) if cue is not None and len(cue) else []:
                inv.credit_document(noun.idx, document_kind(noun), speaker, kind)


    def resolve_span(self, doc: Doc, inv: Inventory, span: Span, a: Attribution, attrs: list[Attribution]):
        head = span.root
        if len(span) == 1 and head.tag_ == "MD" and head.text[:1].isupper():
            # "Will wrote": a surname the tagger read as a modal (the attributor's source)
            ref = inv.lookup_at(head.text, head.idx)
            if ref is not None:
                return ref.name, ref.kind, [ref]
        if len(span) == 1 and head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" \
                and head.head.head.i < head.i:
            # "an architect who said…": the antecedent speaks
            antecedent = head.head.head
            while True:
                up = antecedent.head
                if antecedent.dep_ == "appos" and up.i < antecedent.i:
                    antecedent = up  # "Andrew Tesoro, an architect who said…"
                elif antecedent.dep_ == "conj" and up.dep_ == "appos" and up.i < antecedent.i:
                    antecedent = up  # "Sandra Ripert, a real estate agent … and an aspiring trader who felt"
                elif antecedent.dep_ == "attr" and (antecedent.pos_ == "NOUN" or antecedent.tag_ == "NNPS") \
                        and up.lemma_ == "be" and (subj := next((c for c in up.children if c.dep_ == "nsubj"),
                                                                None)) is not None \
                        and (subj.pos_ == "PROPN" or subj.lower_ in ("he", "she", "i", "we", "they")):
                    antecedent = subj  # "He was a desperate man who …": the subject is the man
                else:
                    break
            # "China and the United States, which said …": the whole coordination speaks
            end = max([antecedent.i] + [c.right_edge.i for c in antecedent.children
                                        if c.dep_ == "conj" and c.i < head.i])
            return self.resolve_span(doc, inv, doc[antecedent.left_edge.i:end + 1], a, attrs)
        # "An attorney for Pagliano, Mark MacDougall, stressed …": the person a role noun's
        # apposition names, whether the source span reaches it or stops at the noun; "one of
        # the family's attorneys, Justin Bamberg,"; "Two military analysts, Patrick Megahan and
        # Chris Harman," (every person the plural's apposition lists)
        role = head
        if head.lower_ == "one" and head.pos_ in ("NUM", "PRON"):
            role = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                         if g.dep_ == "pobj" and g.pos_ == "NOUN" and is_person_noun(g)), head)
        if role.pos_ == "NOUN" and is_person_noun(role) and role.tag_ in ("NN", "NNS"):
            plural = role.tag_ == "NNS" and role is head
            # the parser may hang the apposition on the role's object ("for Pagliano"): a
            # person's apposition is no second person's name
            objects = [g for c in role.children if c.dep_ == "prep" for g in c.children
                       if g.dep_ == "pobj" and g.ent_type_ in PERSON_LABELS | {"ORG"}] if not plural else []
            listed: list[Referent] = []
            for c in [c for t in dict.fromkeys([head, role] + objects) for c in t.children]:
                if c.dep_ != "appos" or c.i < head.i:
                    continue
                for t in [c] + (conjuncts(c) if plural else []):
                    ent = next((e for e in doc_ents(doc) if e.start <= t.i < e.end), None)
                    ref = inv.lookup_ent(ent) if ent is not None and ent.label_ in PERSON_LABELS else None
                    if ref is not None and ref.kind == "person" and ref not in listed:
                        listed.append(ref)
                if listed and not plural:
                    return listed[0].name, "person", listed[:1]
            if len(listed) > 1:
                return group_name(listed), "group", listed
        # a headline's description before the article names anyone ("Lawmaker urges …",
        # "Poll: …", "Former White House Doctor: …")
        found = self._headline_description(doc, inv, span, head)
        if found is not None:
            return found
        # named people and organisations in the source
        names = [e for e in ents_within(doc, span.start, span.end) if e.label_ in NAME_LABELS]
        persons = [e for e in names if e.label_ in PERSON_LABELS]
        # (a list the parser broke at a party label: "Tester (D-Mont.) and Vitter (R-La.)")
        coordinated = any(c.dep_ == "conj" for c in head.children) or len({p.root.i for p in persons}) >= 2 \
            and any(t.dep_ == "conj" and t.ent_type_ in PERSON_LABELS for t in span)
        # "Police Chief Chuck Jordan": a title heading the phrase, the name in apposition
        titled = head.ent_type_ not in PERSON_LABELS and any(p.root.dep_ == "appos" and p.root.head.i == head.i
                                                             for p in persons)
        if names and head.pos_ == "NOUN" and (head.lower_ in ANONYMOUS_NOUNS or head.lemma_.lower() in ANONYMOUS_NOUNS) \
                and all(modifies(e.root, head) for e in names):
            # "Clinton campaign officials", "Obama's aides", "Sanders supporters", "CPAC
            # attendees": people the article ties to a named person or body without naming them
            return None, "anonymous-group" if head.tag_ == "NNS" else "anonymous", []
        # "a 2008 Clinton veteran", "Trump's lawyer": a role tied to a named person is someone
        # else, whom the description itself must find
        role_of_named = head.pos_ == "NOUN" and is_person_noun(head) and not is_title(head) and not coordinated \
            and not titled and persons and all(modifies(p.root, head) or _hangs_on(p.root, head) for p in persons)
        if persons and (head.pos_ != "PROPN" or coordinated or titled) and not role_of_named:
            placed = [(p.start, inv.lookup_ent(p)) for p in persons]
            if coordinated:  # "Sanders and Clinton", the NER seeing only Clinton: the other name too
                covered = {t.i for p in persons for t in p}
                for t in [head] + conjuncts(head):
                    if t.pos_ == "PROPN" and t.i not in covered and span.start <= t.i < span.end:
                        # (or an organisation: "Clinton and the State Department")
                        org = next((e for e in ents_within(doc, span.start, span.end)
                                    if e.label_ == "ORG" and e.start <= t.i < e.end), None)
                        ref = inv.lookup_ent(org) if org is not None else inv.lookup(t.text)
                        if ref is not None and (ref.kind == "person" or org is not None):
                            placed.append((t.i, ref))
            # in the order the source names them
            refs = list(dict.fromkeys(r for _i, r in sorted(placed, key=lambda x: x[0]) if r is not None))
            body = body_noun(head)
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
                         or head.head.i == e.root.i
                         # "a three-judge panel of the U.S. Court of Appeals": the body speaks
                         or head.lemma_.lower() in BODY_PARTS and e.root.dep_ == "pobj"
                         and e.root.head.lower_ == "of" and e.root.head.head.i == head.i)]
            if len(orgs) == 1:
                name = strip_title(orgs[0])[0].removeprefix("the ")
                ref = inv.lookup(name)
                body = body_noun(head)
                if ref is not None and ref.kind == "person" and body in PERSONAL_BODIES:  # "the Trump team"
                    return f"{ref.name.split()[-1]} {body}", "organization", []
                return (ref.name, ref.kind, [ref]) if ref is not None else (name, "organization", [])
        if coordinated:  # "China and Russia", "France and Germany": several named speakers
            named = [e for e in ents_within(doc, span.start, span.end) if e.label_ in ("ORG", "GPE")]
            # "G-III": one name the NER cut at its hyphen, not two speakers
            text = doc_text(doc)
            joined = any(text[a.end_char:b.start_char] == "-" for a, b in zip(named, named[1:]))
            if len(named) >= 2 and not joined:
                return "; ".join(dict.fromkeys(strip_title(e)[0].removeprefix("the ") for e in named)), "group", []
        # a name, whether the NER saw it or not: the proper-noun chain the source heads
        if head.pos_ == "PROPN":
            ent = next((e for e in ents_within(doc, span.start, span.end)
                        if e.start <= head.i < e.end and e.label_ in NAME_LABELS), None)
            ref = inv.lookup_ent(ent) if ent is not None else None
            # "the watchdog group Common Cause": an organisation, whatever the NER thought
            org_noun = any(t.dep_ == "compound" and t.pos_ == "NOUN" and t.head.i == head.i
                           and t.lemma_.lower() in ORG_DESCRIPTION_NOUNS for t in span)
            chain, title = name_chain(head)
            if org_noun and (ref is None or ref.kind != "organization"):
                name = strip_title(ent)[0] if ent is not None else chain
                return name.removeprefix("the "), "organization", []
            longer = ent is not None and len(chain.split()) > len(ent.text.split()) and chain.endswith(ent.text)
            if ref is not None and not longer:  # the NER's whole name ("Douglas Holtz-Eakin"), not the head's chain
                ref = inv.by_title_gender(ref, span, head)
                return ref.name, ref.kind, [ref]
            name = inv.headline_name(head.left_edge.idx, chain)
            # the chain as written first: "Tax Policy Center" is a name, though the text also
            # writes "tax" and "policy" in lower case
            written = name_chain_span(head).text
            ref = inv.lookup(written) if " " in written else None
            if ref is not None and ref.kind == "organization":
                return ref.name, ref.kind, [ref]
            ref = inv.lookup_at(name, head.idx)
            if ref is None and len(name.split()) > 1 and head.ent_type_ not in ORG_LABELS and (
                    title is not None or first_name_gender(name.split()[0]) is not None
                    or head.ent_type_ in PERSON_LABELS):
                ref = inv.add_person(name, title)  # a full name the NER missed; may upgrade "Ruiz"
            ref = ref or inv.lookup_at(head.text, head.idx)
            if ref is not None:
                return ref.name, ref.kind, [ref]
            if ref is None and (head.lower_ in ANONYMOUS_NOUNS
                                or head.lower_.endswith("s") and head.lower_[:-1] in PERSON_NOUNS):
                # "Aides said …", "Attorneys for Clinton argued …": a sentence's first word the
                # tagger took for a name
                return None, "anonymous-group" if head.lower_.endswith("s") else "anonymous", []
            if not name or is_title(head) and all(is_title(t) or t.lower_ in TITLE_MODIFIERS
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
            if title is not None or head.ent_type_ == "PERSON" or first_name_gender(parts[0]) is not None \
                    or len(parts) == 1 and inv.full_form(name, first_name_only=True) is not None:
                # later mentions ("Ruiz said") resolve to it; a surname the text once gives with
                # a known first name ("The Rachel Maddow Show") is that person's
                ref = inv.add_person(name, title)
                return ref.name, "person", [ref]
            if name == name.lower():  # "bloc": a common noun the tagger took for a name
                return self._description(doc, inv, span, head)
            return name, "unknown", []
        if head.pos_ == "PRON" or low in FIRST_PERSON:
            return self._pronoun(doc, inv, head, a, attrs)
        return self._description(doc, inv, span, head, attrs)

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
            # "… the report says. ¶ It also points out …": the organisation (or a document's
            # authors) that spoke last, when nobody else has spoken since
            found = self._last_thing_speaker(doc, pos, attrs)
            if found is not None:
                ref = inv.lookup(found[0])
                return found[0], found[1], [ref] if ref is not None else []
        if low in FIRST_PERSON | {"you"} and not self._quoted(doc, head):
            # an interview's answers, a letter's signature, a column's line about its writer
            ref = self._voice(doc, inv, head)
            if ref is not None:
                return ref.name, "person", [ref]
        # "it", "I" of a columnist the article never names, "all", "everyone": nobody named
        return None, "anonymous", []

    @staticmethod
    def _last_thing_speaker(doc: Doc, pos: int, attrs: list[Attribution] | None) -> tuple[str, str] | None:
        """The speaker of the attribution just before `pos`, when it is an organisation or a
        group and at most one paragraph break lies between."""
        for b in reversed(attrs or []):
            if not b.source or b.source[0][0] >= pos:
                continue
            if doc_text(doc).count("\n\n", b.source[0][0], pos) > 1 or b.speaker is None:
                return None
            if b.speaker_type == "group":  # several speakers are "they"; a document by several is "it"
                src = doc.char_span(*b.source[0], alignment_mode="expand")
                if src is None or not (src.root.tag_ == "NN" and document_kind(src.root) in DOCUMENT_NOUNS):
                    return None
            return (b.speaker, b.speaker_type) if b.speaker_type in ("organization", "group") else None
        return None

    @staticmethod
    def _quoted(doc: Doc, tok: Token) -> bool:
        return any(q.start <= tok.idx < q.end for q in (doc._.onrecord_quotes or []))

    @staticmethod
    def _voice(doc: Doc, inv: Inventory, head: Token) -> Referent | None:
        """Whose unquoted "I" (or an interviewer's "you") this is, where the text says."""
        low = head.lower_
        if low == "you":  # "QLast October … You thank him for that": the interviewee
            return voices.interviewee(doc, inv, head.idx, question=True)
        ref = voices.interviewee(doc, inv, head.idx)
        if ref is None:
            ref = voices.signer(doc, inv, head.idx)
        if ref is None and low in ("i", "me", "my"):
            ref = voices.columnist(doc, inv)
        return ref

    def _description(self, doc: Doc, inv: Inventory, span: Span, head: Token,
                     attrs: list[Attribution] | None = None):
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
            # "… the Republican Party of Wyoming announced she wasn't coming. ¶ “…,” the release
            # said": an issued text no one was said to issue is the organisation that spoke last
            if "the" in dets and not plural and head.lemma_.lower() in ISSUED_DOCUMENTS:
                found = self._last_thing_speaker(doc, pos, attrs)
                if found is not None and found[1] == "organization":
                    ref = inv.lookup(found[0])
                    return found[0], found[1], [ref] if ref is not None else []
        body = body_noun(head)
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
                        ref = inv.lookup(clean_name(ent)) if ent is not None else None
                        if ref is not None:
                            return ref.name, "person", [ref]
        # "the town", "the city": the place named last (its government speaks)
        if ("the" in dets or "this" in dets) and low in PLACE_NOUNS and not plural:
            place = next((e for e in reversed(ents_within(doc, max(0, span.start - 400), span.start))
                          if e.label_ == "GPE"), None)
            if place is not None:
                return clean_name(place).removeprefix("the "), "organization", []
        # a definite description of an organisation ("the fund" after "the IMF")
        if ("the" in dets or "this" in dets) and head.lemma_.lower() in ORG_DESCRIPTION_NOUNS and not plural:
            # one whose name holds the noun first ("the department" is the State Department,
            # though the Clinton Foundation was mentioned since)
            noun = head.lemma_.lower()
            ref = inv.salient(pos, lambda r: inv.org_like(r) and noun in r.name.lower().split() and " " in r.name) \
                or inv.salient(pos, inv.org_like)
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
        # a family known through a named person ("Masterson's family", "Scott's parents"): the
        # phrase is how the article names it (the seed's convention); "Trump's lawyers" are
        # people the article does not name, an anonymous group
        owner = next((t for t in span if t.dep_ == "poss" and t.head.i == head.i and t.ent_type_ == "PERSON"), None)
        if many and owner is not None and head.lemma_.lower() in KIN_GROUPS:
            words = [t for t in span if t.dep_ != "det" or t.i > owner.i]
            return " ".join(doc[words[0].i:span.end].text.split()), "group", []
        # a referent the article never names ("officials", "the letter", "police", "her
        # daughter"): anonymous, never the phrase itself as a name
        return None, "anonymous-group" if many else "anonymous", []

    def _author(self, doc: Doc, inv: Inventory, span: Span, head: Token, look_ahead: bool = True,
                proper_nouns: bool = True):
        """The named author of a document source, or None to go on as for any description."""
        lemma = document_kind(head)
        # "by X" on the document or on its participle ("published by X"), inside the source
        # span or just after it ("an analysis by Lily Batchelder … found")
        near = [c for c in head.children] + [g for c in head.children if c.dep_ == "acl" for g in c.children]
        by = {t.i for t in near if t.lower_ in ("by", "from") and t.dep_ in ("prep", "agent")}
        lo, hi = span.start, max([span.end] + [t.right_edge.i + 1 for t in near if t.i in by])
        # "a slide from a presentation that Mr. Guajardo Villarreal carries": the subject of a
        # clause on what the document comes from
        owners = {t.i for b in by for p in doc[b].children if p.dep_ == "pobj"
                  for c in p.children if c.dep_ == "relcl" for t in c.children if t.dep_ == "nsubj"}
        # "a report from the State Department's inspector general": the one person the
        # article gives that role, before or after ("…, Steve Linick, indicated …")
        for p in (p for b in by for p in doc[b].children if p.dep_ == "pobj"):
            if p.pos_ == "NOUN" and is_person_noun(p):
                ref = self._role_holder(inv, {t.lower_ for t in p.lefts if t.dep_ == "compound"} | {p.lower_})
                if ref is not None:
                    return self._credit_author(inv, head, ref.name, ref)
            elif not p.ent_type_ and p.text[:1].isupper() and (
                    p.pos_ == "PROPN" or any(ch.isupper() for ch in p.text[1:])):
                # "An average of recent polls by RealClearPolitics": a name the NER missed (and
                # the tagger, for a word in CamelCase)
                name = name_chain(p)[0]
                ref = inv.lookup(name)
                if ref is None and first_name_gender(name.split()[0]) is None:
                    ref = inv.add_org(name)
                if ref is not None:
                    return self._credit_author(inv, head, ref.name, ref)
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
            name = strip_title(ent)[0] if (start, end) == (ent.start, ent.end) else clean_name(doc[start:end])
            if name.lower() in ROLE_ABBREVIATIONS:
                return self._abbreviated_role_author(inv, head, name)
            joint = self._joint_authors(inv, name)
            if joint is not None:  # "a Reuters/Ipsos poll", "a Washington Post-ABC News poll"
                inv.credit_document(head.idx, lemma, joint, "group")
                return joint, "group", []
            ref = inv.lookup(name) or (inv.add_org(name) if ent.label_ == "ORG"
                                       else self._org_by_first_word(inv, name))
            return self._credit_author(inv, head, name, ref)
        names = [t for t in span if t.i < head.i and t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod", "poss")]
        if proper_nouns and names and not any(t.ent_type_ in ("DATE", "CARDINAL", "ORDINAL") for t in names):  # "a USA TODAY analysis"
            end = names[-1].i + 1
            while end < head.i and doc[end].text[:1].isupper():  # "TODAY" the tagger took for a noun
                end += 1
            name = clean_name(doc[names[0].i:end])
            if name.lower() in ROLE_ABBREVIATIONS:
                return self._abbreviated_role_author(inv, head, name)
            joint = self._joint_authors(inv, name)
            if joint is not None:
                inv.credit_document(head.idx, lemma, joint, "group")
                return joint, "group", []
            ref = inv.lookup(name)
            if ref is None or ref.kind == "person":  # "the Rasmussen poll" is Rasmussen Reports', not a person's
                ref = self._org_by_first_word(inv, name) or ref
            return self._credit_author(inv, head, name, ref)
        owner = next((t for t in span if t.dep_ == "poss" and t.head.i == head.i), None)
        if owner is not None and owner.pos_ == "PRON":  # "her letter"
            return self._pronoun(doc, inv, owner)
        dets = {t.lower_ for t in span if t.dep_ == "det"}
        if (dets & {"the", "this", "that", "another"} or any(t.lower_ == "one" and t.head.i == head.i for t in span)) \
                and (author := inv.document_author(lemma, span.start_char)) is not None:
            # "the poll", "another slide", "the statement": the last such document's author
            speaker, kind = author
            return speaker, kind, [] if kind == "group" else [r for r in [inv.lookup(speaker)] if r is not None]
        if look_ahead and lemma in LOOK_AHEAD_DOCUMENTS and head.tag_ in ("NN", "NNP"):  # not "exit polls"
            # "Poll: Wealthy Voters …", "A new poll shows …", then "A Bloomberg poll shows …": a
            # headline or lede names the poll before the text says whose it is
            for tok in doc[span.end:]:
                if tok.idx - span.end_char > LOOK_AHEAD_CHARS:
                    break
                if tok.tag_ in ("NN", "NNP") and document_kind(tok) == lemma:
                    found = self._author(doc, inv, doc[tok.left_edge.i:tok.i + 1], tok, look_ahead=False)
                    if found is not None:
                        if found[0]:  # "the poll" before the text gave its author means it too
                            inv.credit_document(head.idx, lemma, found[0], found[1])
                        return found
        return None

    @staticmethod
    def _org_by_first_word(inv: Inventory, name: str) -> Referent | None:
        """The one organisation whose name begins with this word ("the Monmouth poll" is
        Monmouth University's, the NER taking "Monmouth" for a place)."""
        org = [o for o in inv.orgs if o.name.split()[0] == name and len(o.name.split()) > 1]
        return org[0] if len(org) == 1 else None

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
        if owner is not None and owner.text[:1].isupper():  # "Trump's campaign", "Sanders' team", however tagged
            ref = inv.lookup(owner.text)
            return (f"{ref.name.split()[-1]} {body}", "organization", []) if ref is not None and ref.kind == "person" \
                else None
        if owner is not None or not dets & {"the", "this", "that"}:
            return None
        for tok in reversed(doc[:span.start]):  # the last body of this kind the text named after someone
            if body_noun(tok) == body:
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
            if len(parts) < 2 or not all(len(p) > 1 for p in parts):  # not "G-III"
                continue
            if sep == "/" or all(p[:1].isupper() and (len(p.split()) > 1 or p.isupper() or inv.lookup(p) is not None)
                                 for p in parts):
                refs = [inv.lookup(p) for p in parts]
                return "; ".join(r.name if r is not None else p for r, p in zip(refs, parts))
        return None

    def _abbreviated_role_author(self, inv: Inventory, head: Token, name: str):
        """"The IG report": the inspector general's, whoever the article says that is
        (anonymous where it never says; never an organisation called "IG")."""
        ref = self._role_holder(inv, set(ROLE_ABBREVIATIONS[name.lower()].split()))
        return self._credit_author(inv, head, ref.name, ref) if ref is not None else (None, "anonymous", [])

    @staticmethod
    def _role_holder(inv: Inventory, words: set[str]) -> Referent | None:
        """The one person whose titles and appositions in the article hold all of `words`
        ({"inspector", "general"}), if exactly one does."""
        found = [r for r in inv.people if words <= r.role_words]
        return found[0] if len(found) == 1 else None

    @staticmethod
    def _credit_author(inv: Inventory, head: Token, name: str, ref: Referent | None):
        """A document's author as the speaker, remembered for "the poll" later on."""
        speaker, kind = (ref.name, ref.kind) if ref is not None else (name.removeprefix("the "), "organization")
        inv.credit_document(head.idx, document_kind(head), speaker, kind)
        return speaker, kind, [ref] if ref is not None else []

    @staticmethod
    def _paragraph_speaker(doc: Doc, inv: Inventory, pos: int, gender: str,
                           attrs: list[Attribution] | None) -> Referent | None:
        """The last named speaker earlier in the same paragraph, when the gender fits: "Jennifer
        Palmieri said …. "You could dismiss …," she said." """
        for b in reversed(attrs or []):
            if not b.source or b.source[0][0] >= pos or b.speaker_type != "person" or b.speaker is None:
                continue
            if "\n" in doc_text(doc)[b.source[0][0]:pos]:
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
        if ref is None or owner is not None and (inv.lookup(owner.text) is ref or owner.text in ref.name.split()):
            return None  # (whatever the NER made of the owner: "Trump's lawyer" is not Trump)
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
                if ref is not None and _fits(inv, ref, kind, gender):
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
        # a subject inside quotation marks is what the speaker talked about: "“Look what Merkel
        # has done …,” he said" is not Merkel
        quotes = [(q.start, q.end) for q in (doc._.onrecord_quotes or []) if q.depth == 0]
        for ent in reversed(ents_within(doc, start, pron.i)):
            if ent.label_ not in labels or ent.root.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if any(a <= ent.start_char < b for a, b in quotes):
                continue
            ref = inv.lookup_ent(ent)
            if ref is not None and _fits(inv, ref, kind, gender):
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
        mods = {t.lower_.rstrip(".") for t in span if t.i != head.i and t.pos_ in ROLE_POS and t.is_alpha} - {"former"}
        if mods or not definite:
            cands = [r for r in cands if mods & r.role_words]
        # "the president" is not the vice president: a rank word the description lacks
        cands = [r for r in cands if not (RANK_WORDS & r.role_words) - mods]
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
