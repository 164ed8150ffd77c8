"""The words the speaker resolver reads a source by: pronouns, titles, role and person
nouns, documents and bodies, and the small tests built on them (`is_person_noun`).

Plain sets, kept apart from the logic so that `speakers`, `name_forms` and `inventory`
share one vocabulary; each set says what it is for.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

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
                   "adviser", "advisers", "advisor", "advisors", "allies", "associates", "surrogates", "confidants",
                   "friends", "attendees", "backers", "staff", "doctors", "delegates", "donors", "volunteers",
                   "protesters", "activists", "organizers", "loyalists", "operatives", "strategists"}
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
                "student", "nurse", "pastor", "priest", "rabbi", "imam", "celebrity", "icon", "legend", "mogul",
                "anchor", "correspondent", "commentator", "pundit", "blogger", "moderator", "narrator",
                "surgeon", "neurosurgeon", "scholar", "chef", "monk", "nun", "cleric"}
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
SUBJECT_DEPS = {"nsubj", "nsubjpass", "attr", "ROOT", "appos"}

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
#: words that make a title a lower office: a "vice president" is not "the president"
RANK_WORDS = {"vice", "deputy", "lieutenant"}
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
                  "message", "announcement", "summary", "findings", "materials", "flier", "flyer", "mailer",
                  "brochure", "pamphlet", "leaflet", "handout", "booklet", "average", "result", "disclosure",
                  "disclosures", "opinion", "ruling", "platform", "regulations", "guidelines", "resolution",
                  # what a speaker produces by speaking: "Ryan's language", "her words", "his claim"
                  "language", "words", "rhetoric", "argument", "claim", "claims", "warning", "pledge", "vow",
                  "criticism", "pitch"}

#: document nouns that name the same kind of thing: "the survey" after "a Latino Decisions poll"
DOCUMENT_FAMILY = {"survey": "poll", "polling": "poll", "result": "poll"}
#: documents a headline or lede may name before the text gives their author, and how far on
#: that author may come
LOOK_AHEAD_DOCUMENTS = {"poll"}
LOOK_AHEAD_CHARS = 1500
#: texts an organisation issues in its own name, which speak for whoever announced last
ISSUED_DOCUMENTS = {"release", "statement", "announcement", "communique", "communiqué"}

#: singular nouns that stand for several people ("police", "the family", "the staff")
COLLECTIVE_NOUNS = {"police", "family", "staff", "crowd", "public", "audience", "press", "media", "military",
                    "community", "electorate", "opposition", "majority", "minority", "jury", "panel"}

ORG_DESCRIPTION_NOUNS = {"fund", "agency", "company", "firm", "newspaper", "paper", "network", "channel", "group",
                         "organization", "organisation", "department", "ministry", "bank", "government",
                         "administration", "campaign", "committee", "commission", "council", "court", "party",
                         "union", "association", "institute", "university", "magazine", "outlet", "publication",
                         "website", "site", "station", "studio", "board", "foundation", "charity", "office",
                         "bureau", "service", "team", "club", "league", "network", "corporation", "newsroom"}

#: descriptions of a place that speaks through its government ("the town" after "Ferguson")
PLACE_NOUNS = {"town", "city", "village", "county", "state", "country", "nation", "township", "borough"}


def body_noun(tok: Token) -> str:
    """The body a noun names, its synonyms mapped ("team" is a "campaign")."""
    lemma = tok.lemma_.lower()
    return BODY_SYNONYMS.get(lemma, lemma)


def document_kind(tok: Token) -> str:
    """The kind of document a noun names, its family mapped ("survey" is a "poll")."""
    lemma = tok.lemma_.lower()
    return DOCUMENT_FAMILY.get(lemma, lemma)
