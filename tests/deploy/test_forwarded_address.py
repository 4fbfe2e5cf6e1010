"""Behind the proxy, sign-in attempts count per real client: the app trusts X-Forwarded-For only when told to.

With TRUSTED_PROXIES=0 (the default: no proxy in front) the header is the client's own word and is
ignored; with TRUSTED_PROXIES=1 the app takes the last address in it, the one nginx (deploy/nginx.conf)
appends, so a client cannot choose the address its attempts are counted under.
"""

from __future__ import annotations

from http.cookiejar import CookieJar
from urllib.request import HTTPCookieProcessor, build_opener

import proxytools
import pytest
from conftest import IsolatedClient

from agreements import create_app
from agreements.db import db

TIMEOUT = 10  # seconds for any one request


def _failed_sign_in(client, forwarded_for: str) -> int:
    """A wrong password from a test client that says it forwards for ``forwarded_for``; the status."""
    headers = {"X-Forwarded-For": forwarded_for}
    page = client.get("/login", headers=headers).get_data(as_text=True)
    form = {"email": "pm@agreements.test", "password": "wrong password", "csrf_token": proxytools.TOKEN.search(page)[1]}
    return client.post("/login", data=form, headers=headers).status_code


@pytest.mark.parametrize(("trusted", "other_client"), [(0, 429), (1, 200)], ids=["no proxy trusted", "one proxy"])
def test_the_sign_in_limit_keys_on_the_forwarded_address_only_when_a_proxy_is_trusted(
    database_url, world, trusted, other_client
):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "PASSWORD_HASHING": "cheapest",
            "TRUSTED_PROXIES": trusted,
            "LOGIN_RATE_LIMIT": "2 per minute",
        }
    )
    app.test_client_class = IsolatedClient
    try:
        first, second = app.test_client(), app.test_client()
        assert [_failed_sign_in(first, "203.0.113.7") for _ in range(3)] == [200, 200, 429]
        assert _failed_sign_in(second, "198.51.100.9") == other_client
    finally:
        with app.app_context():
            db.engine.dispose()


def test_through_nginx_a_client_cannot_choose_the_address_its_sign_ins_count_under(database_url, world, tmp_path):
    """Each attempt claims another address; nginx appends the real one, and that is the one counted."""
    nginx_binary = proxytools.require_nginx()
    env = proxytools.server_env(database_url, TRUSTED_PROXIES="1", LOGIN_RATE_LIMIT="2 per minute")
    with (
        proxytools.gunicorn(tmp_path / "gunicorn", env, workers=1) as upstream,
        proxytools.nginx(tmp_path / "nginx", upstream, nginx_binary) as port,
    ):
        base = f"http://127.0.0.1:{port}"
        statuses = [_sign_in_through(base, f"198.51.100.{n}") for n in range(4)]
    assert statuses == [200, 200, 429, 429], "each made-up address had attempts of its own"


def _sign_in_through(base: str, forwarded_for: str) -> int | None:
    """A failed sign-in through the proxy, both requests sent with a made-up X-Forwarded-For; the status."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    headers = {"X-Forwarded-For": forwarded_for}
    page = proxytools.ask(opener, "GET /login", f"{base}/login", None, TIMEOUT, headers)
    form = {
        "email": proxytools.EMAIL,
        "password": "wrong password",
        "csrf_token": proxytools.TOKEN.search(page.body)[1],
    }
    return proxytools.ask(opener, "POST /login", f"{base}/login", form, TIMEOUT, headers).status
