"""Tools for the page tests: posting forms with the session's CSRF token, reading pages as people see them.

Plain functions rather than a conftest.py here, so that ``from conftest import …`` elsewhere in the
suite always finds the top-level conftest.
"""

from __future__ import annotations

import re
from html import unescape

from agreements.db import db

PASSWORD = "correct horse battery"  # the password of every user of the ``world`` fixture
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def visible_text(response) -> str:
    """The visible text of a page: tags removed, entities decoded, whitespace collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style|head)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def token(client, url: str = "/login") -> str:
    """The CSRF token of the client's session, read from a form on ``url``."""
    match = TOKEN.search(client.get(url, follow_redirects=True).get_data(as_text=True))  # "/" lands by role
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client, url: str, data: dict | None = None, token_from: str = "/account/password", **kwargs):
    """POST a form as the signed-in person, with the CSRF token of their session."""
    return client.post(url, data={**(data or {}), "csrf_token": token(client, token_from)}, **kwargs)


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    """Send the login form."""
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token(client), **extra})


def sign_out(client):
    """Send the sign-out form."""
    return client.post("/logout", data={"csrf_token": token(client, "/")})


def fire(user, agreement, trigger: str, **kwargs):
    """Take a step through the service, committed, as the setting for a page test."""
    from agreements.services.transitions import fire_transition

    moved = fire_transition(user, agreement.id, trigger, **kwargs)
    db.session.commit()
    return moved


def browser(app):
    """A fresh browser: no cookies, nobody signed in."""
    return app.test_client()


def signed_in(app, user, password: str = PASSWORD):
    """A fresh browser in which ``user`` signed in through the login form."""
    client = browser(app)
    response = sign_in(client, user.email, password)
    assert response.status_code == 303, visible_text(response)[:300]
    return client


def fresh(obj):
    """``obj`` as committed now (the pages wrote through sessions of their own)."""
    db.session.rollback()
    db.session.refresh(obj)
    return obj
