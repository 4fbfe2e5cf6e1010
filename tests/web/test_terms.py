"""The terms page as an attaché uses it on a phone: whom to call first, then the facts, the contents
and the text in one language at a time."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import simple_text
from services.lifecycle import SIGNED_ON, bring_to
from webtools import signed_in, visible_text

from agreements.db import db
from agreements.models import Contact
from agreements.models.search import ARTICLE
from agreements.services import versions
from agreements.services.terms import article_anchor

ELENA = {
    "party": "counterpart",
    "name": "Elena Leonenko",
    "title": "Deputy Head, International Cooperation",
    "office": "Moscow",
    "email": "e.leonenko@sledcom.example",
    "phone": "+7 (495) 986-12-34",
    "languages": ["ru", "en"],
    "confirmed_on": dt.date(2026, 11, 3),
}
JOHN = {
    "party": "us",
    "name": "John Morton",
    "title": "Attaché",
    "office": "Attaché Office Moscow",
    "email": "john.morton@ice.example",
    "phone": "+7 495 728-50-00 ext. 4321",
    "languages": ["en"],
    "confirmed_on": None,
}


def add_contacts(agreement, *people: dict) -> None:
    """Points of contact as the contacts form would have kept them, each party's in order."""
    for position, person in enumerate(people):
        db.session.add(Contact(agreement_id=agreement.id, position=position, **person))
    db.session.commit()


@pytest.fixture
def in_force(world, make_agreement):
    """The memorandum with Russia, in force, in English and Russian, with one contact per party."""
    agreement = make_agreement(
        title="Memorandum on cooperation against child exploitation",
        counterpart_local="Следственный комитет Российской Федерации",
        counterpart_acronym="SK",
        areas=["child_exploitation", "cyber_crime"],
    )
    bring_to(world, agreement, "in_force")
    add_contacts(agreement, ELENA, JOHN)
    return agreement


def page(app, user, url):
    """GET a page as ``user``; the response."""
    return signed_in(app, user).get(url)


def html_of(response) -> str:
    assert response.status_code == 200, visible_text(response)[:300]
    return response.get_data(as_text=True)


# --- contacts first -----------------------------------------------------------------------------------
def test_the_contacts_come_first_with_numbers_to_tap_and_addresses_to_write(app, world, in_force):
    html = html_of(page(app, world["moscow"], f"/agreements/{in_force.id}/terms"))
    contacts, facts, contents = html.index("Elena Leonenko"), html.index("Key facts"), html.index('id="toc-title"')
    assert contacts < facts < contents
    assert html.index("John Morton") < contents
    # The number is dialled as digits, whatever way it was written; the extension after ;ext=.
    assert 'href="tel:+74959861234"' in html
    assert 'href="tel:+74957285000;ext=4321"' in html
    assert 'href="mailto:e.leonenko@sledcom.example"' in html
    text = visible_text(page(app, world["moscow"], f"/agreements/{in_force.id}/terms"))
    assert "Call Elena Leonenko: +7 (495) 986-12-34" in text  # the link says what it does
    assert "confirmed 3 November 2026" in text
    assert "not confirmed yet" in text  # John's details were never confirmed
    assert text.index("Counterpart") < text.index("Elena Leonenko") < text.index("Our side") < text.index("John")


def test_without_contacts_the_page_says_none_are_recorded_and_who_adds_them(app, world, make_agreement):
    agreement = bring_to(world, make_agreement(), "in_force")
    html = html_of(page(app, world["moscow"], f"/agreements/{agreement.id}/terms"))
    text = visible_text(page(app, world["moscow"], f"/agreements/{agreement.id}/terms"))
    assert "No points of contact are recorded for this agreement." in text
    assert "Program managers, and the attachés of Attaché Office Moscow, can add them" in text
    assert html.index("No points of contact are recorded") < html.index('id="toc-title"')
    assert "tel:" not in html


# --- key facts -------------------------------------------------------------------------------------------
def test_the_key_facts_say_since_when_until_when_where_signed_what_about_and_with_whom(app, world, in_force):
    response = page(app, world["moscow"], f"/agreements/{in_force.id}/terms")
    html, text = html_of(response), visible_text(response)
    facts = visible_text_between(html, 'id="facts-title"', 'id="toc-title"')
    # A memorandum is non-binding: in effect since it came into effect, on signature.
    assert f"In effect since {SIGNED_ON.day} {SIGNED_ON:%B %Y} · no expiry" in facts
    assert f"Came into effect {SIGNED_ON.day} {SIGNED_ON:%B %Y}" in facts
    assert "Expires No expiry" in facts
    assert f"Signed {SIGNED_ON.day} {SIGNED_ON:%B %Y} in Washington" in facts
    assert "Child exploitation · Cyber crime" in facts
    assert "Investigative Committee of the Russian Federation (SK)" in facts
    assert '<span lang="ru" dir="ltr">Следственный комитет Российской Федерации</span>' in html
    assert 'href="/countries/RU"' in html
    assert "Not in effect" not in text and "In force" not in facts


def visible_text_between(html: str, start: str, end: str) -> str:
    """The visible text of the part of a page between two markers."""
    part = html[html.index(start) : html.index(end)]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def test_a_draft_says_it_is_not_in_force_and_offers_its_draft_pdf(app, world, make_agreement):
    agreement = make_agreement()
    response = page(app, world["moscow"], f"/agreements/{agreement.id}/terms")
    html, text = html_of(response), visible_text(response)
    assert "Not in effect: drafting. The text is a draft (version 1)." in text
    assert f'href="/agreements/{agreement.id}/document.pdf">Draft PDF</a>' in html
    assert "Signed PDF" not in text


def test_the_page_links_to_the_signed_pdf_the_terms_card_and_the_agreement_page(app, world, in_force):
    html = html_of(page(app, world["moscow"], f"/agreements/{in_force.id}/terms"))
    assert f'href="/agreements/{in_force.id}/document.pdf">Signed PDF</a>' in html
    assert f'href="/agreements/{in_force.id}/terms-card.pdf">Terms card (PDF)</a>' in html
    assert f'href="/agreements/{in_force.id}">Agreement page</a>' in html
    # …and the agreement page leads here.
    agreement_page = html_of(page(app, world["moscow"], f"/agreements/{in_force.id}"))
    assert f'href="/agreements/{in_force.id}/terms"' in agreement_page


# --- contents and anchors --------------------------------------------------------------------------------
def test_every_article_has_its_anchor_and_a_link_in_the_contents(app, world, make_agreement):
    agreement = make_agreement(with_text=False)
    text = simple_text(("en", "ru"), articles=4)
    text["articles"][3]["number"] = "3 bis"
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    html = html_of(page(app, world["moscow"], f"/agreements/{agreement.id}/terms"))
    contents = html[html.index('id="toc-title"') : html.index('id="text-title"')]
    anchors = ["preamble", *(article_anchor(ARTICLE, n) for n in ("1", "2", "3", "3 bis")), "final-clauses"]
    assert anchors[4] == "article-3-bis"
    for anchor in anchors:
        assert html.count(f'id="{anchor}"') == 1, anchor
        assert f'href="#{anchor}"' in contents, anchor
    # In the order of the text, the contents before the passages they point to.
    assert [m for m in re.findall(r'href="#([a-z0-9-]+)"', contents) if m != "toc-title"] == anchors
    assert html.index('href="#article-1"') < html.index('id="article-1"')
    assert "Heading 2 (en)" in contents


# --- one language at a time ------------------------------------------------------------------------------
def test_russian_shows_the_russian_text_and_not_the_english(app, world, in_force):
    response = page(app, world["moscow"], f"/agreements/{in_force.id}/terms?lang=ru")
    html, text = html_of(response), visible_text(response)
    assert "Body of article 1 in ru." in text and "Heading 2 (ru)" in text and "Preamble in ru." in text
    assert "Body of article 1 in en." not in text and "Heading 2 (en)" not in text and "Preamble in en." not in text
    assert '<div class="passage__body" lang="ru" dir="ltr">Body of article 1 in ru.</div>' in html
    switch = html[html.index('aria-label="Language of the text"') :]
    switch = switch[: switch.index("</nav>")]
    assert re.search(r'href="[^"]*lang=ru"[^>]*aria-current="true"[^>]*>Russian<', switch)
    assert re.search(r'href="[^"]*lang=en"[^>]*>English<', switch) and switch.count("aria-current") == 1


def test_english_by_default_and_the_language_picked_last_on_the_next_visit(app, world, in_force, make_agreement):
    browser = signed_in(app, world["moscow"])
    assert "Body of article 1 in en." in visible_text(browser.get(f"/agreements/{in_force.id}/terms"))
    browser.get(f"/agreements/{in_force.id}/terms?lang=ru")
    again = visible_text(browser.get(f"/agreements/{in_force.id}/terms"))
    assert "Body of article 1 in ru." in again and "Body of article 1 in en." not in again
    # On another agreement written in Russian too, Russian again; in one that is not, English.
    other = make_agreement(title="Second memorandum")
    assert "Body of article 1 in ru." in visible_text(browser.get(f"/agreements/{other.id}/terms"))
    english_only = make_agreement(title="English only", languages=["en"])
    assert "Body of article 1 in en." in visible_text(browser.get(f"/agreements/{english_only.id}/terms"))
    # Another person's browser starts in English.
    assert "Body of article 1 in en." in visible_text(page(app, world["pm"], f"/agreements/{in_force.id}/terms"))


@pytest.mark.parametrize("asked", ["xx", "fr", "ru-RU", "RU", "<script>"])
def test_a_language_the_agreement_is_not_written_in_falls_back_to_english(app, world, in_force, asked):
    browser = signed_in(app, world["moscow"])
    browser.get(f"/agreements/{in_force.id}/terms?lang=ru")
    response = browser.get(f"/agreements/{in_force.id}/terms", query_string={"lang": asked})
    assert response.status_code == 200
    assert "Body of article 1 in en." in visible_text(response)
    assert "<script>" not in response.get_data(as_text=True)
    # An unknown language is no choice: the one picked before stays.
    assert "Body of article 1 in ru." in visible_text(browser.get(f"/agreements/{in_force.id}/terms"))


def test_right_to_left_text_is_marked_right_to_left_in_its_language(app, world, make_agreement):
    agreement = make_agreement(languages=["en", "ar"], country="RU")
    html = html_of(page(app, world["moscow"], f"/agreements/{agreement.id}/terms?lang=ar"))
    assert '<div class="passage__body" lang="ar" dir="rtl">Body of article 1 in ar.</div>' in html
    assert 'lang="ar" dir="rtl">Heading 1 (ar)</span>' in html
    assert "Body of article 1 in en." not in html
    english = html_of(page(app, world["moscow"], f"/agreements/{agreement.id}/terms?lang=en"))
    assert 'dir="rtl"' not in english


# --- who may see it --------------------------------------------------------------------------------------
def test_an_agreement_the_attache_may_not_see_is_not_found_like_one_that_does_not_exist(app, world, make_agreement):
    mexican = make_agreement(country="MX", counterpart="Fiscalía General de la República", title="Secret MX memo")
    browser = signed_in(app, world["moscow"])
    for url in (f"/agreements/{mexican.id}/terms", f"/agreements/{mexican.id}/terms?lang=ru"):
        response = browser.get(url)
        assert response.status_code == 404
        assert "Secret MX memo" not in response.get_data(as_text=True)
    missing = browser.get("/agreements/999999/terms")
    assert missing.status_code == 404
    assert visible_text(browser.get(f"/agreements/{mexican.id}/terms")).replace(str(mexican.id), "N") == visible_text(
        missing
    ).replace("999999", "N")
    assert signed_in(app, world["mexico"]).get(f"/agreements/{mexican.id}/terms").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(app, world, in_force):
    response = app.test_client().get(f"/agreements/{in_force.id}/terms")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


def test_markup_in_a_title_or_a_contact_is_shown_as_text(app, world, make_agreement):
    agreement = make_agreement(title="<script>alert('title')</script> MOU")
    add_contacts(agreement, {**ELENA, "name": "<img src=x onerror=alert(1)>", "email": "x@y.example?cc=z@w.example"})
    response = page(app, world["moscow"], f"/agreements/{agreement.id}/terms")
    html = html_of(response)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; MOU" in html
    assert "<script>alert('title')</script> MOU" in visible_text(response)
    assert 'href="mailto:x@y' not in html  # an address carrying more than an address is not a link
