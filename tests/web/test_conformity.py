"""The conformity of the language versions on the agreement page: who sees the form, what a record says, and
refusals shown on the form; the compare page warns of a part changed in one language and not in another."""

from __future__ import annotations

import re

from conftest import simple_text
from webtools import post_form, signed_in, visible_text

from agreements.db import db
from agreements.services import conformity, versions

FORM = "Record that the texts conform"


def _page(client, agreement) -> str:
    return client.get(f"/agreements/{agreement.id}").get_data(as_text=True)


def _panel(html: str) -> str:
    """The conformity section of a page."""
    match = re.search(r'<section class="card conformity" id="conformity".*?</section>', html, re.S)
    assert match, "no conformity section"
    return match.group(0)


def _save(world, agreement, text):
    versions.save_version(world["pm"], agreement, text)
    db.session.commit()


def test_a_legal_advisor_records_it_from_the_page(app, world, make_agreement):
    mou = make_agreement()
    client = signed_in(app, world["la"])
    panel = _panel(_page(client, mou))
    assert "A legal advisor must record that the English and Russian texts of version 1 conform" in panel
    assert FORM in panel and '<label for="conformity-note">' in panel
    response = post_form(client, f"/agreements/{mou.id}/conformity", {"note": "Compared with the interpreter."})
    assert response.status_code == 303 and response.headers["Location"].endswith("#conformity")
    page = client.get(response.headers["Location"])
    words = visible_text(page)
    assert "The English and Russian texts of version 1 conform — recorded by Lee Advisor on " in words
    assert "Compared with the interpreter." in words
    panel = _panel(page.get_data(as_text=True))
    assert "Recorded for the current text" in panel and FORM not in panel
    assert "Languages en, ru" in words  # the timeline


def test_others_see_where_it_stands_but_not_the_form(app, world, make_agreement):
    mou = make_agreement()
    for who in ("pm", "moscow"):
        panel = _panel(_page(signed_in(app, world[who]), mou))
        assert "A legal advisor must record" in panel and FORM not in panel, who
    response = post_form(signed_in(app, world["pm"]), f"/agreements/{mou.id}/conformity", {"note": ""})
    assert response.status_code == 403
    assert "Only legal advisors record" in visible_text(response)


def test_an_agreement_in_one_language_has_no_panel(app, world, make_agreement):
    mou = make_agreement(languages=["en"])
    assert 'id="conformity"' not in _page(signed_in(app, world["la"]), mou)


def test_an_incomplete_text_is_refused_on_the_form_keeping_the_note(app, world, make_agreement):
    mou = make_agreement(with_text=False)
    text = simple_text(("en", "ru"))
    text["articles"][1]["heading"]["ru"] = ""
    _save(world, mou, text)
    client = signed_in(app, world["la"])
    response = post_form(client, f"/agreements/{mou.id}/conformity", {"note": "Checked twice."})
    assert response.status_code == 422
    panel = _panel(response.get_data(as_text=True))
    assert re.search(r'<details class="party-form" open>', panel)
    assert re.search(r'role="alert"[^>]*>Version 1 is not complete in every language[^<]*Art\. 2 \(Russian\)', panel)
    assert ">Checked twice.</textarea>" in panel


def test_a_long_note_is_refused_beside_the_field(app, world, make_agreement):
    mou = make_agreement()
    client = signed_in(app, world["la"])
    response = post_form(client, f"/agreements/{mou.id}/conformity", {"note": "x" * 2001})
    assert response.status_code == 422
    panel = _panel(response.get_data(as_text=True))
    assert 'aria-describedby="conformity-hint conformity-note-error" aria-invalid="true"' in panel
    assert re.search(
        r'<p class="field-error" id="conformity-note-error">Note is 2,001 characters; the limit is 2,000.<', panel
    )


def test_recorded_meanwhile_by_someone_else_is_said_on_the_page(app, world, make_agreement):
    mou = make_agreement()
    client = signed_in(app, world["la"])
    client.get(f"/agreements/{mou.id}")
    conformity.record_conformity(world["la2"], mou, "")
    db.session.commit()
    response = post_form(client, f"/agreements/{mou.id}/conformity", {"note": ""})
    assert response.status_code == 409
    panel = _panel(response.get_data(as_text=True))
    assert re.search(r'role="alert">The conformity of the English and Russian texts is already recorded', panel)
    assert "by Lou Advisor on" in panel


# --- the compare page ---------------------------------------------------------------------------------------
def _compare(app, world, agreement) -> str:
    return signed_in(app, world["la"]).get(f"/agreements/{agreement.id}/compare?from=1&to=2")


def test_the_compare_page_warns_beside_an_article_changed_in_one_language_only(app, world, make_agreement):
    mou = make_agreement()
    text = simple_text(("en", "ru"))
    text["articles"][1]["body"]["ru"] = "Новый текст статьи 2."
    _save(world, mou, text)
    page = _compare(app, world, mou)
    html = page.get_data(as_text=True)
    warning = "Art. 2 changed in Russian but not in English: check that the versions still conform."
    article = re.search(
        r'id="compare-article-2">.*?</h3>\s*<p class="alert alert--warning compare-warning">([^<]+)', html, re.S
    )
    assert article and article.group(1) == warning
    assert f'<a href="#compare-article-2">{warning}</a>' in html  # and at the top, with the summary
    assert html.count('compare-warning"') == 1


def test_no_warning_when_both_languages_changed(app, world, make_agreement):
    mou = make_agreement()
    text = simple_text(("en", "ru"))
    text["articles"][1]["body"] = {"en": "New body of article 2.", "ru": "Новый текст статьи 2."}
    _save(world, mou, text)
    words = visible_text(_compare(app, world, mou))
    assert "Art. 2 body changed in en and ru" in words
    assert "check that the versions still conform" not in words
