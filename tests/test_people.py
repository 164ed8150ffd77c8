"""People in the story: entities, aliases, pronouns, ages, relations, descriptions, `about`.

Every fixture here is invented news-style text written for these tests.
"""
from __future__ import annotations

import pytest

DATE = "2023-09-10"


def _entity(article, name):
    found = [e for e in article.entities if e.name == name]
    assert found, f"no entity {name!r}; have {[(e.name, e.type) for e in article.entities]}"
    return found[0]


def _spans_text(article, spans):
    return [article.text[s:e] for s, e in spans]


def _attribution(article, source_text):
    found = [a for a in article.attributions
             if " ".join(article.text[s:e] for s, e in a.source) == source_text]
    assert found, f"no attribution with source {source_text!r}: " \
                  f"{[[article.text[s:e] for s, e in a.source] for a in article.attributions]}"
    return found[0]


# ------------------------------------------------------------------ aliases
ALIASES = ("Maria Delgado, the mayor of Riverton, announced a new budget on Monday. "
           "Delgado said the plan would cut taxes. Later, Maria told reporters she was confident. "
           "\"We have done the work,\" she said.")


def test_full_name_surname_and_first_name_are_one_entity(analyzer):
    art = analyzer.analyze(ALIASES, date=DATE)
    people = [e for e in art.entities if e.name in ("Maria Delgado", "Delgado", "Maria")]
    assert [e.name for e in people] == ["Maria Delgado"]
    maria = _entity(art, "Maria Delgado")
    assert maria.type == "PERSON"
    assert {"Delgado", "Maria"} <= set(maria.aliases)
    said = _spans_text(art, maria.mentions)
    assert "Maria Delgado" in said
    assert "Delgado" in said
    assert "Maria" in said
    # the surname and the first name are found at their own places
    assert (ALIASES.index("Delgado said"), ALIASES.index("Delgado said") + len("Delgado")) in maria.mentions
    assert (ALIASES.index("Maria told"), ALIASES.index("Maria told") + len("Maria")) in maria.mentions


def test_alias_sources_resolve_to_the_full_name(analyzer):
    art = analyzer.analyze(ALIASES, date=DATE)
    assert _attribution(art, "Delgado").speaker == "Maria Delgado"
    assert _attribution(art, "Maria").speaker == "Maria Delgado"


def test_mentions_are_sorted_and_slice_the_text(analyzer):
    art = analyzer.analyze(ALIASES, date=DATE)
    for e in art.entities:
        assert e.mentions == sorted(e.mentions)
        for s, t in e.mentions:
            assert 0 <= s < t <= len(ALIASES)
            assert ALIASES[s:t].strip()


# ------------------------------------------------------------------ pronouns
def test_she_after_a_named_woman_is_her_mention(analyzer):
    art = analyzer.analyze(ALIASES, date=DATE)
    maria = _entity(art, "Maria Delgado")
    she_told = ALIASES.index("she was confident")
    she_said = ALIASES.index("she said")
    assert (she_told, she_told + 3) in maria.mentions
    assert (she_said, she_said + 3) in maria.mentions
    assert maria.gender == "female"


def test_attribution_with_source_she_has_her_as_speaker(analyzer):
    art = analyzer.analyze(ALIASES, date=DATE)
    a = _attribution(art, "she")
    assert a.speaker == "Maria Delgado"
    assert a.speaker_type == "person"


def test_she_goes_to_the_woman_not_the_man(analyzer):
    text = ("Governor Paul Grant met Senator Lisa Park on Monday to discuss the budget. "
            "She said afterwards that the talks had been productive.")
    art = analyzer.analyze(text, date=DATE)
    she = text.index("She said")
    assert _attribution(art, "She").speaker == "Lisa Park"
    assert (she, she + 3) in _entity(art, "Lisa Park").mentions
    assert (she, she + 3) not in _entity(art, "Paul Grant").mentions
    assert _entity(art, "Paul Grant").gender == "male"


# ------------------------------------------------------------------ ages
def test_age_from_apposition(analyzer):
    text = "Tom Reyes, 45, said the factory would close. Reyes has worked there since it opened."
    art = analyzer.analyze(text, date=DATE)
    tom = _entity(art, "Tom Reyes")
    assert tom.age == 45
    assert "Reyes" in tom.aliases
    assert _attribution(art, "Tom Reyes").speaker == "Tom Reyes"


def test_age_from_the_n_year_old(analyzer):
    text = ("Police arrested Daniel Kemp on Friday. The 47-year-old was charged with fraud, "
            "prosecutors said.")
    art = analyzer.analyze(text, date=DATE)
    kemp = _entity(art, "Daniel Kemp")
    assert kemp.age == 47
    start = text.index("The 47-year-old")
    assert (start, start + len("The 47-year-old")) in kemp.mentions
    # an age is not a date
    assert not any("47" in ev.when for ev in art.events)


def test_an_age_before_a_name_is_not_the_current_age(analyzer):
    """"the 14-year-old Bennett" is an age at some other time: it is not her age now."""
    text = ("Figure skater Laura Bennett, 33, returned to the ice on Sunday. "
            "In 2004, the 14-year-old Bennett won a regional title.")
    art = analyzer.analyze(text, date=DATE)
    assert _entity(art, "Laura Bennett").age == 33
    art = analyzer.analyze(text.replace(", 33,", ""), date=DATE)
    assert _entity(art, "Laura Bennett").age is None


# ------------------------------------------------------------------ relations
def test_former_wife_relation(analyzer):
    text = ("Senator Robert Hale appeared with his former wife Jane Roe at the gala. "
            "Hale later thanked the guests.")
    art = analyzer.analyze(text, date=DATE)
    hale = _entity(art, "Robert Hale")
    rels = [(r.type, r.source, r.target) for r in hale.relations]
    assert ("former spouse", "Robert Hale", "Jane Roe") in rels
    r = next(r for r in hale.relations if r.target == "Jane Roe")
    assert text[r.span[0]:r.span[1]].startswith("Senator Robert Hale appeared")
    assert "his former wife Jane Roe" in text[r.span[0]:r.span[1]]
    # the relation goes from the man to the woman, not the other way round
    assert not any(r.source == "Jane Roe" and r.target == "Robert Hale" and r.type == "former spouse"
                   for e in art.entities for r in e.relations)


def test_couple_dating_since(analyzer):
    text = ("Actors Lucas Moreno and Emma Stein arrived together. "
            "The couple, who started dating in 2012, did not speak to reporters.")
    art = analyzer.analyze(text, date=DATE)
    lucas, emma = _entity(art, "Lucas Moreno"), _entity(art, "Emma Stein")
    lr = [r for r in lucas.relations if r.type == "dating"]
    er = [r for r in emma.relations if r.type == "dating"]
    assert [(r.source, r.target, r.date) for r in lr] == [("Lucas Moreno", "Emma Stein", "since 2012")]
    assert [(r.source, r.target, r.date) for r in er] == [("Emma Stein", "Lucas Moreno", "since 2012")]
    assert lr[0].to_dict()["date"] == "since 2012"
    s, t = lr[0].span
    assert text[s:t] == "The couple, who started dating in 2012, did not speak to reporters."


def test_co_founders(analyzer):
    text = "Peter Lang and Sarah Boyd co-founded Acme Corp in 2015. The company now employs 300 people."
    art = analyzer.analyze(text, date=DATE)
    for name in ("Peter Lang", "Sarah Boyd"):
        rels = [(r.type, r.target, r.date) for r in _entity(art, name).relations]
        assert ("co-founder", "Acme Corp", "2015") in rels, rels
    assert _entity(art, "Acme Corp").type == "ORG"


# ------------------------------------------------------------------ descriptions
def test_description_before_the_name(analyzer):
    text = "The ruling was narrow, legal affairs journalist Ann Lee wrote on Friday. Lee added that an appeal was likely."
    art = analyzer.analyze(text, date=DATE)
    ann = _entity(art, "Ann Lee")
    assert "legal affairs journalist" in ann.descriptions
    assert _attribution(art, "Lee").speaker == "Ann Lee"


def test_description_from_apposition(analyzer):
    text = "Hugo Brandt, a retired firefighter, said the station had been understaffed for years."
    art = analyzer.analyze(text, date=DATE)
    assert any("retired firefighter" in d for d in _entity(art, "Hugo Brandt").descriptions)


def test_description_is_not_an_age(analyzer):
    text = "Police arrested Daniel Kemp on Friday. The 47-year-old was charged with fraud, prosecutors said."
    art = analyzer.analyze(text, date=DATE)
    assert not any("year-old" in d for d in _entity(art, "Daniel Kemp").descriptions)


# ------------------------------------------------------------------ about
def test_about_lists_the_entities_the_content_mentions_pronoun_included(analyzer):
    text = ("Council member Laura Bennett criticized the proposal on Tuesday. "
            "\"It is a disaster,\" said James Fenn, the city's budget director. "
            "\"She does not understand the budget,\" Fenn said.")
    art = analyzer.analyze(text, date=DATE)
    a = next(a for a in art.attributions if "She does not understand" in art.text[a.start:a.end])
    assert a.speaker == "James Fenn"
    assert a.about == ["Laura Bennett"]          # only through the pronoun "She"
    assert a.to_dict(text)["about"] == ["Laura Bennett"]
    she = text.index("She does")
    assert (she, she + 3) in _entity(art, "Laura Bennett").mentions


def test_about_names_and_organisations(analyzer):
    text = ("Laura Bennett criticized the proposal. Fenn said that Bennett and the Riverton "
            "Housing Authority were wrong about the budget.")
    art = analyzer.analyze(text, date=DATE)
    a = next(a for a in art.attributions if "were wrong" in art.text[a.start:a.end])
    assert "Laura Bennett" in a.about
    assert any("Riverton Housing Authority" in n for n in a.about)


def test_about_is_omitted_from_to_dict_when_empty(analyzer):
    text = "Tom Reyes, 45, said the factory would close."
    art = analyzer.analyze(text, date=DATE)
    a = _attribution(art, "Tom Reyes")
    assert a.about == []
    assert "about" not in a.to_dict(text)


# ------------------------------------------------------------------ quote_count
def test_quote_count(analyzer):
    text = ("Council member Laura Bennett criticized the proposal on Tuesday. "
            "\"It is a disaster,\" said James Fenn, the city's budget director. "
            "\"She does not understand the budget,\" Fenn said.")
    art = analyzer.analyze(text, date=DATE)
    assert _entity(art, "James Fenn").quote_count == 2
    assert _entity(art, "Laura Bennett").quote_count == 1
    for e in art.entities:
        assert e.quote_count == sum(1 for a in art.attributions if a.speaker and e.name in a.speaker.split("; "))


# ------------------------------------------------------------------ types
def test_entity_types_person_and_org(analyzer):
    text = ("Microsoft announced on Tuesday that it would hire 500 engineers, according to Satya Nadella, "
            "the company's chief executive. The United Nations praised the decision.")
    art = analyzer.analyze(text, date=DATE)
    assert _entity(art, "Satya Nadella").type == "PERSON"
    assert _entity(art, "Microsoft").type == "ORG"
    un = [e for e in art.entities if "United Nations" in e.name]
    assert un and un[0].type == "ORG"
    # people come first in the entity list
    types = [e.type for e in art.entities]
    assert types.index("PERSON") < types.index("ORG")
    for e in art.entities:
        assert e.type in ("PERSON", "ORG", "WORK", "PLACE")


@pytest.mark.xfail(reason="engine: a town in 'the mayor of Riverton' is typed PERSON (NER label taken as is)",
                   strict=False)
def test_a_town_after_mayor_of_is_not_a_person(analyzer):
    art = analyzer.analyze(ALIASES, date=DATE)
    riverton = [e for e in art.entities if e.name == "Riverton"]
    assert riverton and riverton[0].type != "PERSON"


def test_a_job_title_is_not_part_of_the_name(analyzer):
    text = "Chef Ana Cruz, 40, opened a bakery in Portland last year. Cruz said business was good."
    art = analyzer.analyze(text, date=DATE)
    assert "Ana Cruz" in [e.name for e in art.entities if e.type == "PERSON"]


def test_to_dict_of_entities(analyzer):
    art = analyzer.analyze("Tom Reyes, 45, said the factory would close.", date=DATE)
    d = art.to_dict()
    tom = next(e for e in d["entities"] if e["name"] == "Tom Reyes")
    assert tom["type"] == "PERSON" and tom["age"] == 45 and tom["quote_count"] == 1
    assert all(isinstance(m, list) and len(m) == 2 for m in tom["mentions"])
    assert set(tom) == {"name", "type", "aliases", "mentions", "age", "gender", "descriptions", "relations",
                        "quote_count"}


# ------------------------------------------------------------------ known resolution errors
# (found in the hand audit of docs/speaker-audit.md, reproduced here on invented text)
def test_a_nearby_gender_word_does_not_change_a_persons_gender(analyzer):
    text = "A woman's support for Paul Grant surprised reporters. Grant thanked the crowd. \"Thank you all,\" he said."
    art = analyzer.analyze(text, date=DATE)
    assert _entity(art, "Paul Grant").gender == "male"
    assert _attribution(art, "he").speaker == "Paul Grant"


def test_the_newspaper_is_not_a_person(analyzer):
    text = ("City Attorney Paul Grant sent a letter on Thursday. The story was first reported by The Daily Ledger. "
            "The newspaper said the city had spent $2 million on the case.")
    art = analyzer.analyze(text, date=DATE)
    a = _attribution(art, "The newspaper")
    assert a.speaker != "Paul Grant" and a.speaker_type != "person"


def test_the_fund_resolves_to_the_named_organisation(analyzer):
    text = "The IMF cut its forecast for the United States on Tuesday. The fund warned that the outlook remained weak."
    art = analyzer.analyze(text, date=DATE)
    a = _attribution(art, "The fund")
    assert a.speaker == "IMF" and a.speaker_type == "organization"


@pytest.mark.xfail(reason="engine: plural 'They' goes to the last coordinated pair of people even when a plural "
                          "noun phrase ('Civil rights groups') is the nearer antecedent", strict=False)
def test_they_prefers_the_nearer_plural_noun_phrase(analyzer):
    text = ("Paul Grant and Lisa Park are both contesting the Senate race in Ohio. Civil rights groups have "
            "criticized the new voting rule. They said it would keep thousands of voters from the polls.")
    art = analyzer.analyze(text, date=DATE)
    # (as a set: several speakers are joined in order of mention)
    assert set((_attribution(art, "They").speaker or "").split("; ")) != {"Lisa Park", "Paul Grant"}
