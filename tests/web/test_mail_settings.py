"""Each person chooses on their account page which mail they receive."""

from __future__ import annotations

from webtools import browser, post_form, sign_in, visible_text

from agreements.db import db
from agreements.models import User


def test_the_account_page_shows_both_choices_on(app, world):
    client = browser(app)
    sign_in(client, "la@agreements.test")
    page = client.get("/account/mail")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="mail_on_transition" aria-describedby="mail_on_transition-hint" checked' in html
    assert 'name="mail_digest" aria-describedby="mail_digest-hint" checked' in html
    assert "A note when an agreement waits for me" in visible_text(page)
    assert 'href="/account/mail"' in html  # in every page's header


def test_turning_the_digest_off_keeps_the_notes(app, world):
    client = browser(app)
    sign_in(client, "la@agreements.test")
    response = post_form(client, "/account/mail", {"mail_on_transition": "on"}, follow_redirects=True)
    assert "Mail settings saved." in visible_text(response)
    db.session.expire_all()
    advisor = db.session.get(User, world["la"].id)
    assert (advisor.mail_on_transition, advisor.mail_digest) == (True, False)
    assert db.session.get(User, world["la2"].id).mail_digest is True  # only one's own


def test_turning_both_off_and_on_again(app, world):
    client = browser(app)
    sign_in(client, "pm@agreements.test")
    post_form(client, "/account/mail", {})
    db.session.expire_all()
    manager = db.session.get(User, world["pm"].id)
    assert (manager.mail_on_transition, manager.mail_digest) == (False, False)
    post_form(client, "/account/mail", {"mail_on_transition": "on", "mail_digest": "on"})
    db.session.expire_all()
    manager = db.session.get(User, world["pm"].id)
    assert (manager.mail_on_transition, manager.mail_digest) == (True, True)


def test_the_settings_need_the_form_s_token_and_signing_in(app, world):
    client = browser(app)
    assert client.get("/account/mail").status_code == 302
    sign_in(client, "pm@agreements.test")
    assert client.post("/account/mail", data={}).status_code == 400
    db.session.expire_all()
    assert db.session.get(User, world["pm"].id).mail_digest is True
