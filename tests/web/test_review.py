"""Legal review in the pages: comments beside each article, answers, resolving, and the review queue."""

from __future__ import annotations

import re

import pytest
from webtools import fire, post_form, signed_in, visible_text

from agreements.db import db
from agreements.services import comments


def _in_review(world, make_agreement, **fields):
    """An MOU with Russia (version 1, two articles) submitted for legal review."""
    agreement = make_agreement(**fields)
    fire(world["pm"], agreement, "submit_for_review")
    return agreement


def _article(response, number: str) -> str:
    """The visible text of one article's block on the agreement page."""
    html = response.get_data(as_text=True)
    match = re.search(
        rf'<div class="text-block" id="article-{number}">(.*?)(?=<div class="text-block"|</section>)', html, re.S
    )
    assert match, f"no article {number} on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_a_legal_advisor_comments_on_an_article_and_sees_it_beside_the_article(app, world, make_agreement):
    agreement = _in_review(world, make_agreement)
    browser = signed_in(app, world["la"])
    url = f"/agreements/{agreement.id}"
    page = browser.get(url)
    assert "Comment on Article 2" in visible_text(page)
    sent = post_form(browser, f"{url}/comments", {"version": "1", "article": "2", "body": "Name the authority."}, url)
    assert sent.status_code == 303 and "#comment-" in sent.headers["Location"]
    page = browser.get(url)
    assert "Name the authority." in _article(page, "2")
    assert "Lee Advisor" in _article(page, "2") and "Open" in _article(page, "2")
    assert "Name the authority." not in _article(page, "1")
    assert "Comment added." in visible_text(page)


def test_a_program_manager_answers_but_may_neither_comment_nor_resolve(app, world, make_agreement):
    agreement = _in_review(world, make_agreement)
    asked = comments.add_comment(world["la"], agreement, 1, "1", "Why 30 days?")
    db.session.commit()
    browser = signed_in(app, world["pm"])
    url = f"/agreements/{agreement.id}"
    page = browser.get(url)
    html = page.get_data(as_text=True)
    assert "Answer this comment" in visible_text(page)
    assert f'id="resolve-{asked.id}"' not in html
    assert "Comment on Article 1" not in visible_text(page)
    sent = post_form(
        browser, f"{url}/comments", {"version": "1", "parent_id": str(asked.id), "body": "They asked."}, url
    )
    assert sent.status_code == 303
    article = _article(browser.get(url), "1")
    assert "Why 30 days?" in article and "Answer · Pat Manager" in article and "They asked." in article
    refused = post_form(browser, f"{url}/comments/{asked.id}/resolve", {}, url)
    assert refused.status_code == 403


def test_resolving_shows_the_thread_as_resolved_and_lets_the_advisor_clear(app, world, make_agreement):
    agreement = _in_review(world, make_agreement)
    asked = comments.add_comment(world["la"], agreement, 1, "2", "Unclear.")
    db.session.commit()
    browser = signed_in(app, world["la"])
    url = f"/agreements/{agreement.id}"
    refused = post_form(browser, f"{url}/transitions", {"trigger": "clear_for_negotiation"}, url)
    assert refused.status_code == 422 and "still open" in visible_text(refused)
    resolved = post_form(browser, f"{url}/comments/{asked.id}/resolve", {}, url)
    assert resolved.status_code == 303
    article = _article(browser.get(url), "2")
    assert "Resolved by Lee Advisor" in article and "Answer this comment" not in article
    cleared = post_form(browser, f"{url}/transitions", {"trigger": "clear_for_negotiation"}, url)
    assert cleared.status_code == 303


def test_an_empty_comment_is_refused_in_place_and_what_was_typed_of_an_answer_stays(app, world, make_agreement):
    agreement = _in_review(world, make_agreement)
    browser = signed_in(app, world["la"])
    url = f"/agreements/{agreement.id}"
    refused = post_form(browser, f"{url}/comments", {"version": "1", "article": "1", "body": "  "}, url)
    assert refused.status_code == 422
    assert "Write the comment first." in _article(refused, "1")
    too_long = post_form(browser, f"{url}/comments", {"version": "1", "article": "2", "body": "z" * 5001}, url)
    assert too_long.status_code == 422 and "z" * 5001 in too_long.get_data(as_text=True)
    assert comments.list_comments(agreement) == []


def test_what_people_type_is_shown_as_text_never_as_markup(app, world, make_agreement):
    agreement = _in_review(world, make_agreement)
    comments.add_comment(world["la"], agreement, 1, "1", '<script>alert("x")</script><b>bold</b>')
    db.session.commit()
    html = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;" in html


def test_an_attache_of_another_country_cannot_comment_or_resolve(app, world, make_agreement):
    agreement = _in_review(world, make_agreement)
    asked = comments.add_comment(world["la"], agreement, 1, "1", "Unclear.")
    db.session.commit()
    browser = signed_in(app, world["mexico"])
    url = f"/agreements/{agreement.id}"
    assert (
        post_form(browser, f"{url}/comments", {"version": "1", "parent_id": asked.id, "body": "Hi"}, "/").status_code
        == 404
    )
    assert post_form(browser, f"{url}/comments/{asked.id}/resolve", {}, "/").status_code == 404


def test_the_review_queue_lists_what_awaits_the_legal_office(app, world, make_agreement):
    waiting = _in_review(world, make_agreement, title="MOU awaiting review")
    make_agreement(title="MOU still drafting")
    comments.add_comment(world["la"], waiting, 1, "1", "Unclear.")
    db.session.commit()
    browser = signed_in(app, world["la"])
    home = browser.get("/agreements")
    assert 'href="/review"' in home.get_data(as_text=True)
    page = browser.get("/review")
    assert page.status_code == 200
    text = visible_text(page)
    assert "MOU awaiting review" in text and "MOU still drafting" not in text
    assert "Legal review" in text and "0 days" in text
    assert re.search(r"Open comments.*?\b1\b", text)


def test_the_review_queue_is_empty_when_nothing_waits(app, world, make_agreement):
    make_agreement(title="MOU still drafting")
    page = signed_in(app, world["la"]).get("/review")
    assert "Nothing awaits the legal office" in visible_text(page)


@pytest.mark.parametrize(("who", "linked"), [("la", True), ("pm", True), ("moscow", True), ("admin", False)])
def test_the_review_queue_is_in_the_menu_of_those_it_concerns(app, world, who, linked):
    html = signed_in(app, world[who]).get("/agreements").get_data(as_text=True)
    assert ('href="/review"' in html) is linked
