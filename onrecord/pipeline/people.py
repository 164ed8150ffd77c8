"""Who is in the story: entities with aliases, ages, descriptions and relations, and
what each attribution is about.

Built on the speaker inventory (`speakers.py`), which already knows the article's people
and organisations, their aliases, gender and appositive ages. This step adds:

* third-person pronouns resolved to people by gender and salience, as mentions;
* ages from "the 47-year-old" (the person in focus) when no apposition gave one;
* descriptions: the words before a name ("legal affairs journalist Meghann Cuniff"),
  appositions ("Hugh Hill, a doctor,"), and descriptions that were resolved as sources
  ("the ‘Four Good Days’ star");
* relations stated with a relation noun ("his former wife Demi Moore", "their co-star
  Danny Masterson"), a couple that "started dating in 2012", and co-founding;
* works and places from the entity recogniser, and organisations it mislabels
  ("an organization … called Thorn", "Netflix's Luckiest Girl Alive");
* `about` on each attribution: the entities its content mentions, pronouns included.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..model import Attribution, Entity, Relation
from .sentences import doc_ents, doc_text, ents_within, sent_range
from .inventory import Inventory, Mention, Referent
from .name_forms import strip_title
from .speaker_words import FEMALE_PRONOUNS, MALE_PRONOUNS, PLURAL_PRONOUNS

RELATION_NOUNS = {
    "wife": "spouse", "husband": "spouse", "spouse": "spouse", "partner": "partner", "girlfriend": "partner",
    "boyfriend": "partner", "fiancee": "partner", "fiancée": "partner", "fiance": "partner", "fiancé": "partner",
    "brother": "sibling", "sister": "sibling", "son": "child", "daughter": "child", "father": "parent",
    "mother": "parent", "co-star": "co-star", "costar": "co-star", "friend": "friend", "colleague": "colleague",
    "lawyer": "lawyer", "attorney": "lawyer", "boss": "employer", "aide": "aide", "adviser": "adviser",
    "advisor": "adviser", "mentor": "mentor", "rival": "rival", "ex-wife": "former spouse",
    "ex-husband": "former spouse", "running mate": "running mate",
}
ORG_NOUNS = {"organization", "organisation", "company", "charity", "group", "non-profit", "nonprofit", "foundation",
             "firm", "agency", "network", "studio", "outlet", "publication", "newspaper", "magazine", "startup",
             "label", "party", "union", "association", "institute", "university", "club", "team", "brand"}
DATING_LEMMAS = {"date", "marry", "wed", "divorce", "engage"}
TYPE_BY_LABEL = {"WORK_OF_ART": "WORK", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "ORG": "ORG",
                 "PRODUCT": "ORG"}
YEAR_RE = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
THE_AGE_RE = re.compile(r"\b[Tt]he (\d{1,3})\s?-\s?year\s?-\s?old\b")


class PeopleBuilder:
    """Set `doc._.onrecord_entities` and each attribution's `about`."""

    def __call__(self, doc: Doc) -> Doc:
        inv: Inventory = doc._.onrecord_inventory or Inventory(doc)
        doc._.onrecord_inventory = inv
        attrs: list[Attribution] = doc._.onrecord_attributions or []
        self.resolve_pronouns(doc, inv)
        self.ages(doc, inv)
        self.descriptions(doc, inv)
        relations = self.relations(doc, inv)
        entities = self.entities(doc, inv, attrs, relations)
        doc._.onrecord_entities = entities
        self.about(attrs, entities)
        return doc

    # ------------------------------------------------------------- coreference
    @staticmethod
    def resolve_pronouns(doc: Doc, inv: Inventory) -> None:
        """he/she/him/her/his… → the person in focus of that gender, as a mention."""
        known = {s for r in inv.people for s in r.spans}
        for tok in doc:
            low = tok.lower_
            if low not in MALE_PRONOUNS and low not in FEMALE_PRONOUNS:
                continue
            span = (tok.idx, tok.idx + len(tok))
            if span in known:
                continue
            gender = "male" if low in MALE_PRONOUNS else "female"
            ref = inv.salient(tok.idx, lambda r, g=gender: r.kind == "person" and r.gender == g)
            if ref is None:
                continue
            ref.spans.append(span)
            inv.add_mention(Mention(tok.idx, (ref,), weight=0.5))

    # ------------------------------------------------------------- ages
    @staticmethod
    def ages(doc: Doc, inv: Inventory) -> None:
        """"The 47-year-old was sentenced": the person in focus, when nothing else gave an age.
        ("14-year-old Kunis" is an age at some other time and is left alone.)"""
        text = doc_text(doc)
        for m in THE_AGE_RE.finditer(text):
            after = text[m.end():m.end() + 2]
            if after[:1] == " " and after[1:2].isupper():
                continue
            age = int(m.group(1))
            ref = inv.salient(m.start(), lambda r: r.kind == "person" and r.age in (None, age))
            if ref is not None and ref.age is None:
                ref.age = age
                ref.spans.append((m.start(), m.end()))

    # ------------------------------------------------------------- descriptions
    @staticmethod
    def descriptions(doc: Doc, inv: Inventory) -> None:
        for ent in doc_ents(doc):
            name, title = strip_title(ent)
            ref = inv.lookup(name)
            if ref is None or ref.kind != "person":
                continue
            root = ent.root
            # the words before the name that describe the person: "legal affairs journalist"
            left = root.left_edge.i
            while left < ent.start and doc[left].dep_ in ("det", "poss", "punct", "case") or (
                    left < ent.start and doc[left].pos_ in ("PRON", "CCONJ")):
                left += 1
            pre = doc[left:ent.start]
            block = len(pre) <= 8 and all(left <= t.head.i < ent.end for t in pre)
            if len(pre) and block and any(t.pos_ == "NOUN" or t.pos_ == "PROPN" and not t.ent_type_ for t in pre):
                _add_description(ref, pre.text)
            if title and not len(pre):
                _add_description(ref, title)
            # an apposition: "Hugh Hill, a doctor,"
            for ch in root.children:
                if ch.dep_ == "appos" and ch.pos_ == "NOUN" and ch.i > root.i:
                    _add_description(ref, doc[ch.left_edge.i:ch.right_edge.i + 1].text)

    # ------------------------------------------------------------- relations
    def relations(self, doc: Doc, inv: Inventory) -> list[Relation]:
        out: list[Relation] = []
        for tok in doc:
            word = tok.lower_
            if word == "star" and tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "co":
                word = "co-star"  # the tokenizer splits "co-star"
            kind = RELATION_NOUNS.get(word) or RELATION_NOUNS.get(tok.lemma_.lower())
            if kind:
                out.extend(self._noun_relation(doc, inv, tok, kind))
            if tok.lemma_.lower() in DATING_LEMMAS and tok.pos_ == "VERB":
                out.extend(self._couple_relation(doc, inv, tok))
            if tok.lemma_.lower().replace("-", "") in {"cofound", "found"} or tok.lower_.startswith("co-found"):
                out.extend(self._founding(doc, inv, tok))
        # keep one of each (type, source, target)
        seen, unique = set(), []
        for r in out:
            key = (r.type, r.source, r.target)
            if key not in seen and r.source != r.target:
                seen.add(key)
                unique.append(r)
        return unique

    def _noun_relation(self, doc: Doc, inv: Inventory, noun: Token, kind: str) -> list[Relation]:
        """"his former wife Demi Moore", "their co-star Danny Masterson"."""
        # the person the noun names: a name right after it, or the noun's head name
        target = None
        j = noun.i + 1
        if j < len(doc) and doc[j].ent_type_ == "PERSON":
            target = _ref_at(doc, inv, j)
        elif noun.head.pos_ == "PROPN" and noun.dep_ in ("compound", "appos"):
            target = _ref_at(doc, inv, noun.head.i)
        if target is None:
            return []
        owners: list[Referent] = []
        phrase = [t for t in doc[max(0, noun.i - 8):noun.i] if t.i >= noun.head.left_edge.i or t.head.i == noun.i]
        poss = next((t for t in reversed(phrase) if t.dep_ == "poss" or t.lower_ in ("his", "her", "their")), None)
        if poss is not None:
            low = poss.lower_
            if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
                g = "male" if low in MALE_PRONOUNS else "female"
                ref = inv.salient(poss.idx, lambda r: r.kind == "person" and r.gender == g and r is not target)
                owners = [ref] if ref is not None else []
            elif low in PLURAL_PRONOUNS:
                owners = list(inv.recent_group(poss.idx) or ())
            else:
                ref = _ref_at(doc, inv, poss.i)
                owners = [ref] if ref is not None else []
        if not owners:
            return []
        former = any(t.lower_ in ("former", "ex", "late") for t in doc[max(0, noun.i - 3):noun.i])
        rtype = f"former {kind}" if former and kind in ("spouse", "partner", "co-star") else kind
        s0, s1 = sent_range(doc, noun.i)
        span = (doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1]))
        return [Relation(rtype, o.name, target.name, span) for o in owners if o is not target]

    def _couple_relation(self, doc: Doc, inv: Inventory, verb: Token) -> list[Relation]:
        """"the couple, who started dating in 2012": dating between the couple's members."""
        subj_noun = None
        t = verb
        for _ in range(4):
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                subj_noun = t.head if subj.lower_ in ("who", "that") and t.dep_ == "relcl" else subj
                break
            if t.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl") and t.head is not t:
                t = t.head
                continue
            break
        if subj_noun is None:
            return []
        members = list(inv.recent_group(subj_noun.idx + 1) or ()) if subj_noun.pos_ in ("NOUN", "PRON") else []
        if len(members) < 2:
            return []
        s0, s1 = sent_range(doc, verb.i)
        span = (doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1]))
        clause = doc[verb.i:verb.right_edge.i + 1].text
        year = YEAR_RE.search(clause)
        rtype = {"date": "dating", "marry": "married", "wed": "married", "divorce": "divorced",
                 "engage": "engaged"}[verb.lemma_.lower()]
        a, b = members[0], members[1]
        date = f"since {year.group(1)}" if year and rtype == "dating" else (year.group(1) if year else None)
        return [Relation(rtype, a.name, b.name, span, date), Relation(rtype, b.name, a.name, span, date)]

    def _founding(self, doc: Doc, inv: Inventory, verb: Token) -> list[Relation]:
        """"Kutcher and Demi Moore co-founded … Thorn": founders of an organisation."""
        s0, s1 = sent_range(doc, verb.i)
        sent = doc[s0:s1]
        orgs = [e for e in ents_within(doc, s0, s1) if e.start > verb.i and e.label_ in ("ORG", "PRODUCT", "GPE", "WORK_OF_ART")]
        if not orgs:
            return []
        org_name = strip_title(orgs[-1])[0]
        founders = []
        head = verb
        if verb.i >= 2 and doc[verb.i - 1].text == "-" and doc[verb.i - 2].lower_ == "co":
            head = doc[verb.i - 2]  # "co - founded": the tokenizer split the verb
        subj = next((c for c in list(verb.children) + list(head.children) if c.dep_ == "nsubj"), None)
        if subj is not None:
            for t in subj.subtree:
                if t.pos_ != "PROPN":
                    continue
                ref = _ref_at(doc, inv, t.i)
                if ref is not None and ref.kind == "person" and ref not in founders:
                    founders.append(ref)
        span = (doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1]))
        year = YEAR_RE.search(sent.text)
        return [Relation("co-founder" if len(founders) > 1 else "founder", f.name, org_name, span,
                         year.group(1) if year else None) for f in founders]

    # ------------------------------------------------------------- entities
    def entities(self, doc: Doc, inv: Inventory, attrs: list[Attribution], relations: list[Relation]) -> list[Entity]:
        out: dict[str, Entity] = {}
        for ref in inv.people:
            out[ref.name] = Entity(
                name=ref.name, type="PERSON", aliases=sorted(a for a in ref.aliases if a != ref.name),
                mentions=sorted(set(ref.spans)), age=ref.age, gender=ref.gender,
                descriptions=_dedupe(ref.descriptions))
        for ref in inv.orgs:
            out.setdefault(ref.name, Entity(name=ref.name, type="ORG", mentions=sorted(set(ref.spans))))
        for ent in doc_ents(doc):
            etype = TYPE_BY_LABEL.get(ent.label_)
            if etype is None:
                continue
            name = strip_title(ent)[0]
            if not name or inv.lookup(name) is not None and inv.lookup(name).kind == "person":
                continue
            if not any(ch.isalpha() for ch in name) or name.lower() == name:
                continue
            etype = _refine_type(doc, ent, etype)
            e = out.get(name)
            if e is None:
                e = out[name] = Entity(name=name, type=etype)
            elif e.type != "PERSON" and etype == "ORG":
                e.type = "ORG"
            span = (ent.start_char, ent.end_char)
            if span not in e.mentions:
                e.mentions.append(span)
        for e in out.values():
            e.mentions.sort()
            e.quote_count = sum(1 for a in attrs if a.speaker and e.name in a.speaker.split("; "))
        quotes = [(q.start, q.end) for q in (doc._.onrecord_quotes or []) if q.depth == 0]
        for name in [n for n, e in out.items() if e.type == "PERSON" and " " not in n and not e.quote_count
                     and e.mentions and all(any(qs <= ms and me <= qe for qs, qe in quotes) for ms, me in e.mentions)]:
            del out[name]  # a one-word "name" only ever inside quotes is a vocative ("Dude, …")
        for r in relations:
            if r.source in out:
                out[r.source].relations.append(r)
        # the people first (most mentioned first), then organisations, works and places
        order = {"PERSON": 0, "ORG": 1, "WORK": 2, "PLACE": 3}
        return sorted(out.values(), key=lambda e: (order.get(e.type, 9), -len(e.mentions), e.name))

    # ------------------------------------------------------------- about
    @staticmethod
    def about(attrs: list[Attribution], entities: list[Entity]) -> None:
        """Each attribution is about the entities its content mentions."""
        for a in attrs:
            names = []
            for e in entities:
                if any(s < me and ms < t for s, t in a.content for ms, me in e.mentions):
                    names.append(e.name)
            a.about = names


def _ref_at(doc: Doc, inv: Inventory, i: int) -> Referent | None:
    """The referent whose name covers token i (an entity, or a proper-noun chain)."""
    for ent in doc_ents(doc):
        if ent.start <= i < ent.end:
            ref = inv.lookup_ent(ent)
            if ref is not None:
                return ref
    tok = doc[i]
    return inv.lookup(tok.text) if tok.pos_ == "PROPN" else None


def _refine_type(doc: Doc, ent: Span, etype: str) -> str:
    """Organisations the recogniser calls places or products: "an organization … called
    Thorn", "Netflix's Luckiest Girl Alive", "a company, Acme,"."""
    if etype == "ORG":
        return etype
    root = ent.root
    before = doc[max(0, ent.start - 8):ent.start]
    if any(t.lower_ in ("called", "named") for t in before[-2:]) and any(t.lemma_.lower() in ORG_NOUNS for t in before):
        return "ORG"
    if root.head.lemma_.lower() in ORG_NOUNS and root.dep_ in ("appos", "compound"):
        return "ORG"
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if etype == "PLACE" and nxt is not None and nxt.text in ("'s", "’s") and ent.end + 1 < len(doc) \
            and doc[ent.end + 1].text[:1].isupper() and doc[ent.end + 1].ent_type_ not in ("GPE", "LOC"):
        return "ORG"  # a place does not own a title: "Netflix's Luckiest Girl Alive"
    return etype


def _add_description(ref: Referent, text: str) -> None:
    text = " ".join(text.split()).strip(" ,;:-")
    if THE_AGE_RE.fullmatch(text) or re.fullmatch(r"\d{1,3}\s?-\s?year\s?-\s?old", text):
        return  # an age, not a description
    if text and text.lower() not in {d.lower() for d in ref.descriptions}:
        ref.descriptions.append(text)


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for it in items:
        key = it.lower()
        if key and key not in seen and not any(key in s for s in seen):
            seen.add(key)
            out.append(it)
    return out
