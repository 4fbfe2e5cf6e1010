"""The compare page: what changed in a sentence each, then article by article with insertions and deletions marked."""

from __future__ import annotations

import re

from conftest import simple_text
from webtools import signed_in, visible_text

from agreements.db import db
from agreements.services import versions


def _save(world, agreement, text, by="pm", **extra):
    """Save the next version of the text, committed."""
    version = versions.save_version(world[by], agreement, {**text, **extra})
    db.session.commit()
    return version


def _amended(langs=("en", "ru")):
    """The simple text with article 2 reworded in English and an article 3 added."""
    text = simple_text(langs)
    text["articles"][1]["body"]["en"] = "Body of article 2, as amended, in en."
    text["articles"].append({"number": "3", "heading": {"en": "Costs"}, "body": {"en": "Each bears its own."}})
    return text


def test_the_page_sums_up_then_redlines_article_by_article(app, world, make_agreement):
    agreement = make_agreement()
    _save(world, agreement, _amended(), by="moscow", origin="counterpart", note="Their proposal")
    page = signed_in(app, world["la"]).get(f"/agreements/{agreement.id}/compare?from=1&to=2")
    assert page.status_code == 200
    html, words = page.get_data(as_text=True), visible_text(page)
    assert "Art. 2 body changed in en" in words and "Art. 3 added" in words
    assert words.index("What changed") < words.index("Article by article")
    assert "From: version 1 · our draft" in words and "To: version 2 · counterpart proposal" in words
    assert "Their proposal" in words and "by Adam Moscow" in words
    assert "<ins>, as amended,</ins>" in html
    assert "<ins>Each bears its own.</ins>" in html
    assert re.search(r'<div class="text-cell" lang="ru" dir="ltr">', html)


def test_deleted_words_are_struck_through(app, world, make_agreement):
    agreement = make_agreement()
    text = simple_text(("en", "ru"))
    text["final_clauses"]["ru"] = "Совершено в двух экземплярах."
    _save(world, agreement, text)
    html = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/compare?from=1&to=2").get_data(as_text=True)
    assert "<del>Done in duplicate (ru)</del>" in html
    assert "<ins>Совершено в двух экземплярах</ins>" in html


def test_without_a_choice_the_page_compares_the_last_two_versions(app, world, make_agreement):
    agreement = make_agreement()
    _save(world, agreement, _amended())
    _save(world, agreement, simple_text(("en", "ru")))
    page = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/compare")
    words = visible_text(page)
    assert "From: version 2" in words and "To: version 3" in words and "Art. 3 removed" in words
    assert re.search(r'<option value="2"\s+selected>', page.get_data(as_text=True))


def test_right_to_left_languages_read_right_to_left(app, world, make_agreement):
    agreement = make_agreement(country="RU", languages=["en", "ar"], with_text=False)
    _save(world, agreement, simple_text(("en", "ar")))
    _save(world, agreement, _amended(("en", "ar")))
    html = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/compare?from=1&to=2").get_data(as_text=True)
    assert '<div class="text-cell" lang="ar" dir="rtl">' in html


def test_what_people_typed_is_shown_never_run(app, world, make_agreement):
    agreement = make_agreement()
    text = simple_text(("en", "ru"))
    text["articles"][0]["heading"]["en"] = '<img src=x onerror="alert(1)">'
    text["articles"][0]["body"]["en"] = "<script>alert('body')</script>"
    _save(world, agreement, text, note="<b>bold</b>")
    html = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/compare?from=1&to=2").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_identical_versions_say_so(app, world, make_agreement):
    agreement = make_agreement()
    _save(world, agreement, simple_text(("en", "ru")))
    words = visible_text(signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/compare?from=1&to=2"))
    assert "The two versions are identical." in words


def test_wrong_choices_are_explained_and_unknown_versions_are_not_found(app, world, make_agreement):
    agreement = make_agreement()
    _save(world, agreement, _amended())
    browser = signed_in(app, world["pm"])
    wrong = browser.get(f"/agreements/{agreement.id}/compare?from=first&to=2")
    assert wrong.status_code == 422
    assert "Earlier version must be a version number" in visible_text(wrong)
    assert browser.get(f"/agreements/{agreement.id}/compare?from=1&to=9").status_code == 404


def test_with_one_version_there_is_nothing_to_compare_yet(app, world, make_agreement):
    agreement = make_agreement()
    page = signed_in(app, world["pm"]).get(f"/agreements/{agreement.id}/compare")
    assert page.status_code == 200 and "only one version" in visible_text(page)


def test_an_attache_of_another_office_gets_not_found(app, world, make_agreement):
    agreement = make_agreement()
    _save(world, agreement, _amended())
    assert signed_in(app, world["mexico"]).get(f"/agreements/{agreement.id}/compare?from=1&to=2").status_code == 404


def test_the_agreement_page_links_to_the_comparison(app, world, make_agreement):
    agreement = make_agreement()
    browser = signed_in(app, world["pm"])
    assert "Compare with version" not in visible_text(browser.get(f"/agreements/{agreement.id}"))
    _save(world, agreement, _amended())
    html = browser.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert f'href="/agreements/{agreement.id}/compare?from=1&amp;to=2"' in html
    assert "Compare with version 1" in visible_text(browser.get(f"/agreements/{agreement.id}"))


def test_signing_in_is_needed(app, make_agreement):
    agreement = make_agreement()
    page = app.test_client().get(f"/agreements/{agreement.id}/compare?from=1&to=1")
    assert page.status_code in (302, 303) and "/login" in page.headers["Location"]
