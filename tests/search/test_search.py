"""Search as a user meets it, on both databases: stemming in every language, what is in force, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements.errors import InvalidInput
from agreements.services import search

from .corpus import BEFORE_EXPIRY, corpus


@pytest.fixture
def world_texts(world, make_agreement):
    return corpus(world, make_agreement)


def find(user, q, **params):
    return search.search(user, {"q": q, **params}, today=dt.date(2026, 12, 1))


def places(results):
    """(reference, article) of each hit, in order."""
    return [(h.reference, h.kind if h.article is None else h.article) for h in results.items]


def test_information_finds_informing(world, world_texts):
    found = find(world["pm"], "information")
    russia = world_texts["russia"].reference
    assert (russia, "2") in places(found)
    hit = next(h for h in found.items if h.reference == russia)
    assert "<mark>informing</mark>" in hit.snippet or "<mark>information</mark>" in hit.heading


@pytest.mark.parametrize("word", ["информация", "информацией", "информации"])
def test_russian_forms_find_each_other(world, world_texts, word):
    found = find(world["pm"], word)
    hits = [h for h in found.items if h.reference == world_texts["russia"].reference]
    assert [h.article for h in hits] == ["2"]
    assert hits[0].language == "ru"
    assert "<mark>" in hits[0].snippet or "<mark>" in hits[0].heading


def test_spanish_is_stemmed_too(world, world_texts):
    found = find(world["pm"], "intercambiar")  # the text says "intercambiarán"
    assert [(h.reference, h.language) for h in found.items] == [(world_texts["mexico"].reference, "es")]


def test_a_hit_is_an_article_once_whatever_language_matched(world, world_texts):
    # "Moscow" is in the English article 2, "Москве" in the Russian one: one hit, article 2.
    found = find(world["pm"], "Moscow OR Москва")
    assert places(found) == [(world_texts["russia"].reference, "2")]
    assert found.total == 1


def test_two_words_must_both_be_there(world, world_texts):
    assert places(find(world["pm"], "bank records")) == [(world_texts["russia"].reference, "2")]
    assert find(world["pm"], "bank smuggling").total == 0


def test_a_phrase_keeps_its_words_together(world, world_texts):
    assert places(find(world["pm"], '"bank records"')) == [(world_texts["russia"].reference, "2")]
    assert find(world["pm"], '"records bank"').total == 0


def test_or_and_minus(world, world_texts):
    either = find(world["pm"], "smuggling or trafficking")
    assert {h.reference for h in either.items} == {world_texts["russia"].reference, world_texts["mexico"].reference}
    without = find(world["pm"], "information -bank")
    assert world_texts["russia"].reference + "/2" not in {f"{h.reference}/{h.article}" for h in without.items}
    assert (world_texts["mexico"].reference, "1") in places(without)


def test_a_heading_match_ranks_above_a_body_match(world, world_texts):
    found = find(world["pm"], "contact")
    assert places(found)[0] == (world_texts["russia"].reference, "3")  # the heading "Points of contact"


def test_the_reference_and_the_counterpart_find_the_agreement_itself(world, world_texts):
    russia = world_texts["russia"]
    by_reference = find(world["pm"], russia.reference)
    assert places(by_reference)[0] == (russia.reference, "agreement")
    assert by_reference.items[0].anchor == ""
    by_counterpart = find(world["pm"], "Investigative Committee")
    assert (russia.reference, "agreement") in places(by_counterpart)
    by_title = find(world["pm"], "trafficking exploitation")
    assert (russia.reference, "agreement") in places(by_title)


def test_only_what_is_in_force_by_default(world, world_texts):
    assert find(world["pm"], "zanzibarite").total == 0  # a draft
    assert find(world["pm"], "falconry").total == 0  # expired on 1 October 2026
    drafts_too = find(world["pm"], "zanzibarite", state="any")
    assert places(drafts_too)[0][0] == world_texts["draft"].reference
    only_drafting = find(world["pm"], "zanzibarite", state="drafting")
    assert only_drafting.total == drafts_too.total


def test_in_force_on_a_day_answers_for_that_day(world, world_texts):
    then = find(world["pm"], "falconry", in_force_on=BEFORE_EXPIRY.isoformat())
    assert {h.reference for h in then.items} == {world_texts["ended"].reference}
    before_signature = find(world["pm"], "falconry", in_force_on="2026-03-25")
    assert before_signature.total == 0
    on_expiry_day = find(world["pm"], "falconry", in_force_on="2026-10-01")
    assert on_expiry_day.total == 0


def test_filters(world, world_texts):
    mexico = world_texts["mexico"].reference
    assert {h.reference for h in find(world["pm"], "information", country="Mexico").items} == {mexico}
    assert {h.reference for h in find(world["pm"], "information", country="mx").items} == {mexico}
    assert {h.reference for h in find(world["pm"], "information", counterpart="administración").items} == {mexico}
    assert {h.reference for h in find(world["pm"], "information", area="money_laundering").items} == {mexico}
    assert find(world["pm"], "information", type="cmaa").total == 0
    with pytest.raises(InvalidInput) as raised:
        find(world["pm"], "information", country="Atlantis")
    assert "No country is called “Atlantis”" in raised.value.errors["country"]


def test_an_attache_finds_only_their_countries(world, world_texts):
    russian_only = find(world["mexico"], "информацией")
    nowhere = find(world["mexico"], "qwertyuiopasdf")
    assert russian_only.items == nowhere.items == []
    assert russian_only.total == nowhere.total == 0
    assert russian_only.capped is nowhere.capped is False
    assert find(world["mexico"], "information", country="RU").total == 0
    assert find(world["mexico"], world_texts["russia"].reference).total == 0
    moscow = find(world["moscow"], "information")
    assert {h.reference for h in moscow.items} == {world_texts["russia"].reference}


def test_snippets_escape_the_text(world, make_agreement):
    from services.lifecycle import bring_to

    from .corpus import open_with_text

    text = {
        "articles": [{"number": "1", "heading": {"en": "Scripts"}, "body": {"en": 'Data <script>alert("x")</script>.'}}]
    }
    agreement = open_with_text(make_agreement, world, text, languages=["en"])
    bring_to(world, agreement, "in_force")
    hit = find(world["pm"], "script").items[0]
    assert "<script>" not in hit.snippet
    assert "&lt;<mark>script</mark>&gt;" in hit.snippet


# What people (or attackers) type, and whether it should still find the article on sharing information.
HOSTILE = [
    ('"unbalanced information', False),
    ('"information', True),
    ("information*", True),
    ("NEAR(information bank)", False),  # "near" is a word like any other
    ("information AND bank", True),  # "and" is a word, and one too common to be looked for
    ("information - records", False),  # a lone "-" leaves out the word after it
    ("(information", True),
    ("information)", True),
    ("information'; DROP TABLE agreements; --", False),
    ("\x00\x01information\x7f", True),
    ("\u200finformation\u200e", True),
    ("information:bank OR c AND NOT d", True),
    ("{heading body}: information", False),
    ("scope: ru", False),
    ("@ru", False),
    ("'@ru' | '@mx'", False),
    ("!information", True),
    ("information & bank <-> records", True),
    ("😀 information", True),
    ("x" * 200, False),
    ("information " + "\u0301" * 50, True),
]


@pytest.fixture
def russian_memorandum(world, make_agreement):
    from services.lifecycle import bring_to

    from .corpus import RUSSIAN_TEXT, open_with_text

    return bring_to(world, open_with_text(make_agreement, world, RUSSIAN_TEXT), "in_force")


@pytest.mark.parametrize(("q", "finds"), HOSTILE)
def test_anything_typed_is_words_never_syntax(world, russian_memorandum, q, finds):
    found = find(world["pm"], q)  # never an error of the database
    russia = russian_memorandum.reference
    assert ((russia, "2") in places(found)) is finds


def test_a_country_lexeme_cannot_be_typed(world, russian_memorandum):
    """The index's country marks are not words: typing them finds nothing, for anyone."""
    assert find(world["pm"], "@ru").total == find(world["pm"], "ru").total


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type a word to look for"),
        ("   ", "Type a word to look for"),
        ("-bank", "no word to look for"),
        ("x" * 501, "shorten it to at most 500"),
        ("x" * 10_000, "shorten it to at most 500"),
        (" ".join(["word"] * 40), "more than 32 words"),
    ],
)
def test_a_search_that_cannot_run_says_why(world, q, message):
    with pytest.raises(InvalidInput) as raised:
        find(world["pm"], q)
    assert message in raised.value.errors["q"]


def test_bad_filters_say_why(world):
    with pytest.raises(InvalidInput) as raised:
        find(world["pm"], "x", in_force_on="2026-13-01", state="bogus", type="treaty", area="nothing", page="0")
    errors = raised.value.errors
    assert "not a date" in errors["in_force_on"]
    assert "Unknown state" in errors["state"]
    assert "Unknown type" in errors["type"]
    assert "Unknown area" in errors["area"]
    assert "page" in errors


def test_pages(world, make_agreement):
    from services.lifecycle import bring_to

    from .corpus import open_with_text

    text = {
        "articles": [
            {"number": str(n), "heading": {"en": f"Article on piracy {n}"}, "body": {"en": f"Piracy rule {n}."}}
            for n in range(1, 46)
        ]
    }
    agreement = open_with_text(make_agreement, world, text, languages=["en"])
    bring_to(world, agreement, "in_force")
    first = find(world["pm"], "piracy")
    assert first.total == 45 and not first.capped
    assert first.pages == 3
    assert len(first.items) == search.PER_PAGE
    third = find(world["pm"], "piracy", page="3")
    assert len(third.items) == 45 - 2 * search.PER_PAGE
    seen = {h.article for p in (1, 2, 3) for h in find(world["pm"], "piracy", page=str(p)).items}
    assert len(seen) == 45
    past_the_end = find(world["pm"], "piracy", page="9")
    assert past_the_end.items == [] and past_the_end.total == 45  # still says how many there are


def test_each_text_is_searched_in_its_own_language(world, make_agreement):
    """Another language's stemmer never turns the words asked into other words of an English text."""
    from services.lifecycle import bring_to

    from .corpus import open_with_text

    text = {"articles": [{"number": "1", "heading": {"en": "Travel"}, "body": {"en": "The travel ban applies."}}]}
    bring_to(world, open_with_text(make_agreement, world, text, languages=["en"]), "in_force")
    assert find(world["pm"], "bank").total == 0  # some stemmers make "ban" of "bank"
    assert find(world["pm"], "ban").total == 1
    assert find(world["pm"], "banning").total == 1  # English stems "banning" to "ban"


def test_past_the_cap_the_count_says_so(world, make_agreement, monkeypatch):
    """Beyond the cap the count is "N+": the first rows found are ranked, not every passage there is."""
    from services.lifecycle import bring_to

    from .corpus import open_with_text

    text = {
        "articles": [
            {"number": str(n), "heading": {"en": f"Article on piracy {n}"}, "body": {"en": f"Piracy rule {n}."}}
            for n in range(1, 46)
        ]
    }
    bring_to(world, open_with_text(make_agreement, world, text, languages=["en"]), "in_force")
    monkeypatch.setattr(search, "CAP", 20)
    monkeypatch.setattr(search, "CANDIDATES", 41)
    found = find(world["pm"], "piracy")
    assert (found.total, found.capped, found.total_label) == (20, True, "20+")
    assert len(found.items) == search.PER_PAGE
    ranks = [h.rank for h in found.items]
    assert ranks == sorted(ranks, reverse=True)  # best first
    monkeypatch.setattr(search, "CANDIDATES", 46)
    assert find(world["pm"], "piracy").total_label == "20+"  # 45 passages: more than the cap still
    monkeypatch.setattr(search, "CAP", 45)
    monkeypatch.setattr(search, "CANDIDATES", 91)
    assert (find(world["pm"], "piracy").total_label, find(world["pm"], "piracy").capped) == ("45", False)
