"""Slow clients cannot stop the service behind the proxy: gunicorn as the README runs it, nginx in front.

Real servers on free ports of 127.0.0.1: ``gunicorn -w 2 --threads 4 wsgi:app`` on the test's
database, and nginx with deploy/nginx.conf (its listen, upstream and file paths pointed at the test's
own). Stalled clients send the headers of ``POST /login`` and part of its body, then nothing. nginx
is required in CI (CI=true); elsewhere these tests are skipped, saying why, when it is not installed.
"""

from __future__ import annotations

import re

import proxytools
import pytest
from conftest import PASSWORD

from agreements.web.documents import FORM_ALLOWANCE

STALLED = 50
ROUNDS = 20  # each the sign-in page and a sign-in: 40 ordinary requests
LIVENESS = 10  # seconds any ordinary request may take: a check that it is answered, not a speed figure
HELD = 3  # seconds without an answer that show gunicorn alone is held


@pytest.fixture
def nginx_binary() -> str:
    """The nginx binary; without it the test fails in CI (CI=true) and is skipped elsewhere."""
    return proxytools.require_nginx()


@pytest.fixture
def app_server(database_url, world, tmp_path):
    """gunicorn -w 2 --threads 4 on the test's database, told there is one proxy in front; yields its port."""
    env = proxytools.server_env(database_url, TRUSTED_PROXIES="1", LOGIN_RATE_LIMIT="1000 per minute")
    with proxytools.gunicorn(tmp_path / "gunicorn", env) as port:
        yield port


def test_fifty_stalled_clients_stop_gunicorn_alone_but_not_behind_nginx(app_server, nginx_binary, tmp_path):
    with proxytools.nginx(tmp_path / "nginx", app_server, nginx_binary) as port:
        base = f"http://127.0.0.1:{port}"
        with proxytools.Stallers(port, STALLED) as stallers:
            answers = [answer for _ in range(ROUNDS) for answer in proxytools.sign_in_round(base, PASSWORD, LIVENESS)]
            still_stalled = stallers.stalled_now()

    assert still_stalled == STALLED
    assert [(a.what, a.status) for a in answers] == [("GET /login", 200), ("POST /login", 303)] * ROUNDS, [
        (a.what, a.status, a.error) for a in answers if a.status not in (200, 303)
    ]
    assert all("Sign in" in a.body for a in answers if a.what == "GET /login")
    assert max(a.seconds for a in answers) < LIVENESS

    # What the proxy prevents: the same stall straight at gunicorn leaves no thread for anyone else.
    # Which worker takes which connection is up to the kernel, so stalled clients are added eight at
    # a time (up to 50) until the sign-in page goes unanswered.
    direct = f"http://127.0.0.1:{app_server}"
    with proxytools.Stallers(app_server, 16) as stallers:
        probes = proxytools.page_requests(direct, 4, HELD)
        while any(a.status for a in probes) and stallers.count < STALLED:
            stallers.add(8)
            probes = proxytools.page_requests(direct, 4, HELD)
    assert [a.status for a in probes] == [None] * 4, f"gunicorn answered with {stallers.count} stalled clients"
    assert all(a.seconds >= HELD - 0.5 for a in probes)


def test_nginx_takes_the_largest_upload_the_app_takes_and_gives_up_on_slow_clients_soon(app):
    """The proxy's limits follow the app's: an upload the app takes is never refused before it arrives."""
    text = proxytools.NGINX_CONF.read_text()
    size = re.search(r"^\s*client_max_body_size (\d+)m;", text, re.M)
    assert size, "deploy/nginx.conf sets no client_max_body_size in megabytes"
    largest = max(app.config["SCAN_MAX_BYTES"], app.config["VERIFY_MAX_BYTES"], app.config["MAX_CONTENT_LENGTH"])
    assert int(size[1]) * 1024 * 1024 >= largest + FORM_ALLOWANCE
    for setting in ("client_header_timeout", "client_body_timeout", "send_timeout", "keepalive_timeout"):
        seconds = re.search(rf"^\s*{setting} (\d+)s;", text, re.M)
        assert seconds and int(seconds[1]) <= 15, f"{setting} is not set to a short time in deploy/nginx.conf"
    assert re.search(r"^\s*proxy_request_buffering on;", text, re.M)
    assert re.search(r"^\s*proxy_buffering on;", text, re.M)
