"""The search page and the header's search box, as an attaché uses them."""

from __future__ import annotations

import re

import pytest
from search.corpus import corpus


@pytest.fixture
def texts(world, make_agreement):
    return corpus(world, make_agreement)


def test_every_page_has_the_search_box(client, world, login_as):
    login_as(world["moscow"])
    for url in ("/", "/verify", "/review", "/countries/RU"):
        page = client.get(url).get_data(as_text=True)
        assert 'role="search"' in page and 'action="/search"' in page, url
        assert re.search(r'<label for="site-search-q"[^>]*>Search the terms', page), url
    own = client.get("/search").get_data(as_text=True)  # the search page has its own, larger box
    assert 'id="site-search-q"' not in own and '<label for="search-q">Words to look for</label>' in own


def test_a_search_lists_hits_that_open_the_article(client, world, texts, login_as):
    login_as(world["moscow"])
    response = client.get("/search?q=bank+records")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    russia = texts["russia"]
    assert f'href="/agreements/{russia.id}/terms?lang=en#article-2"' in page
    assert "Article 2 · " in page and "Exchange of information" in page
    assert "<mark>bank</mark> <mark>records</mark>" in page
    assert "1 passage in force or in effect today" in page


def test_no_hit_says_what_to_try(client, world, texts, login_as):
    login_as(world["pm"])
    page = client.get("/search?q=zanzibarite").get_data(as_text=True)
    assert "No passage in force or in effect today matches “zanzibarite”" in page
    assert "Search every state, drafts too" in page
    drafts = client.get("/search?q=zanzibarite&state=any").get_data(as_text=True)
    assert texts["draft"].reference in drafts


def test_a_bad_filter_is_shown_on_its_field_and_keeps_what_was_typed(client, world, login_as):
    login_as(world["pm"])
    response = client.get("/search?q=bank+records&in_force_on=31/12/2020&country=Atlantis")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="in_force_on-error"' in page and "is not a date" in page
    assert 'id="country-error"' in page and "No country is called “Atlantis”" in page
    assert 'value="bank records"' in page
    assert '<details class="search-filters" open>' in page


def test_snippets_are_text_not_markup(client, world, make_agreement, login_as):
    from search.corpus import open_with_text
    from services.lifecycle import bring_to

    body = "The <script>alert(1)</script> rule on evidence."
    text = {"articles": [{"number": "1", "heading": {"en": "Evidence <b>"}, "body": {"en": body}}]}
    bring_to(world, open_with_text(make_agreement, world, text, languages=["en"]), "in_force")
    login_as(world["pm"])
    page = client.get("/search?q=evidence").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Evidence &lt;b&gt;" in page or "<mark>Evidence</mark> &lt;b&gt;" in page


def test_the_mexico_attache_sees_nothing_of_russia(client, world, texts, login_as):
    login_as(world["mexico"])
    russian = client.get("/search?q=информацией").get_data(as_text=True)
    nowhere = client.get("/search?q=qwertyuiop").get_data(as_text=True)
    assert texts["russia"].reference not in russian
    assert (
        "No passage in force or in effect today matches" in russian
        and "No passage in force or in effect today matches" in nowhere
    )


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/search?q=information")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]
