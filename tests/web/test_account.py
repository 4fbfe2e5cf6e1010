"""Signing in and out, the login rate limit, CSRF, password changes and sessions that end everywhere."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from webtools import (
    PASSWORD,
    browser,
    fresh,
    post_form,
    sign_in,
    sign_out,
    signed_in,
    token,
    visible_text,
)

from agreements.db import db
from agreements.models import User
from agreements.services import users

CHANGED = "Your password is changed; your API tokens were revoked and your other sessions signed out."


def test_pages_need_signing_in_and_send_back_after(app, world):
    client = browser(app)
    response = client.get("/agreements/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    signed = sign_in(client, "pm@agreements.test", next="/agreements/new")
    assert signed.status_code == 303
    assert signed.headers["Location"] == "/agreements/new"


def test_login_succeeds_and_shows_name_and_role(app, world):
    client = browser(app)
    assert sign_in(client, "PM@agreements.test ").status_code == 303
    page = visible_text(client.get("/agreements"))
    assert "Pat Manager" in page
    assert "program manager" in page
    assert "Sign out" in page


def test_the_login_fixture_of_the_suite_works_with_the_form(client, world, login_as):
    login_as(world["la"])
    assert "Lee Advisor" in visible_text(client.get("/agreements"))


def test_wrong_password_shows_the_form_again_with_the_email_kept(app, world):
    client = browser(app)
    response = sign_in(client, "pm@agreements.test", "not the password")
    assert response.status_code == 200
    assert "Wrong email or password" in visible_text(response)
    assert 'value="pm@agreements.test"' in response.get_data(as_text=True)
    assert client.get("/agreements").status_code == 302


def test_unknown_email_gets_the_same_answer(app, world):
    response = sign_in(browser(app), "nobody@agreements.test")
    assert response.status_code == 200
    assert "Wrong email or password" in visible_text(response)


def test_disabled_user_cannot_sign_in(app, world):
    users.set_enabled(world["la"], False)
    db.session.commit()
    response = sign_in(browser(app), "la@agreements.test")
    assert response.status_code == 200
    assert "Wrong email or password, or the account is disabled" in visible_text(response)


def test_next_is_followed_only_to_paths_on_this_site(app, world):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        response = sign_in(browser(app), "pm@agreements.test", next=target)
        assert response.status_code == 303
        assert response.headers["Location"] == "/", target


REFUSED = re.compile(r"Too many sign-in attempts from this address; try again in (\d+) seconds\.")


def test_login_is_rate_limited_with_the_form_and_the_email_kept(app, world):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    client = browser(app)
    for _ in range(3):
        assert sign_in(client, "pm@agreements.test", "wrong password").status_code == 200
    response = sign_in(client, "pm@agreements.test", PASSWORD)
    assert response.status_code == 429
    page = visible_text(response)
    refused = REFUSED.search(page)
    assert refused and 0 < int(refused[1]) <= 60, page
    assert int(response.headers["Retry-After"]) == int(refused[1])
    assert "Traceback" not in page and "Wrong email or password" not in page
    html = response.get_data(as_text=True)
    assert 'value="pm@agreements.test"' in html and 'name="password"' in html
    assert client.get("/agreements").status_code == 302


def test_every_sign_in_counts_against_the_limit_a_right_password_too(app, world):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    client = browser(app)
    for _ in range(2):
        assert sign_in(client, "pm@agreements.test").status_code == 303
        assert sign_out(client).status_code == 303
    refused = sign_in(client, "pm@agreements.test")
    assert refused.status_code == 429 and REFUSED.search(visible_text(refused))


def test_parallel_sign_ins_in_one_process_are_checked_at_most_limit_times(app, world):
    """40 wrong passwords at the same moment from 40 threads, on memory storage: 10 are checked, 30 refused."""
    app.config["LOGIN_RATE_LIMIT"] = "10 per minute"
    browsers = [browser(app) for _ in range(40)]
    tokens = [token(client) for client in browsers]
    barrier = threading.Barrier(len(browsers))

    def attempt(n: int):
        barrier.wait(timeout=30)
        data = {"email": "pm@agreements.test", "password": "wrong password", "csrf_token": tokens[n]}
        response = browsers[n].post("/login", data=data)
        return response.status_code, visible_text(response)

    with ThreadPoolExecutor(max_workers=len(browsers)) as pool:
        answers = list(pool.map(attempt, range(len(browsers))))
    checked = [page for status, page in answers if status == 200 and "Wrong email or password" in page]
    refused = [page for status, page in answers if status == 429 and REFUSED.search(page)]
    assert (len(checked), len(refused)) == (10, 30), [status for status, _ in answers]


def test_a_form_without_its_csrf_token_is_refused(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    response = client.post(f"/agreements/{agreement.id}/transitions", data={"trigger": "submit_for_review"})
    assert response.status_code == 400
    assert "security token" in visible_text(response)
    assert fresh(agreement).state == "drafting"


def test_a_forged_csrf_token_is_refused(app, world, make_agreement):
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    response = client.post(
        f"/agreements/{agreement.id}/transitions", data={"trigger": "submit_for_review", "csrf_token": "forged"}
    )
    assert response.status_code == 400
    assert fresh(agreement).state == "drafting"


def test_login_itself_needs_the_csrf_token(app, world):
    response = browser(app).post("/login", data={"email": "pm@agreements.test", "password": PASSWORD})
    assert response.status_code == 400


def test_sign_out_is_a_post_and_ends_every_session(app, world):
    client = signed_in(app, world["pm"])
    elsewhere = browser(app)
    elsewhere.set_cookie("session", client.get_cookie("session").value)
    assert "Pat Manager" in visible_text(elsewhere.get("/agreements"))

    assert client.get("/logout").status_code == 405
    response = sign_out(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"

    copied = elsewhere.get("/agreements")
    assert copied.status_code == 302
    assert copied.headers["Location"].startswith("/login")
    assert client.get("/agreements").status_code == 302


def test_a_session_cookie_from_before_sign_out_is_refused_after_signing_in_again(app, world):
    client = signed_in(app, world["pm"])
    old_cookie = client.get_cookie("session").value
    sign_out(client)
    assert sign_in(client, "pm@agreements.test").status_code == 303
    replayed = browser(app)
    replayed.set_cookie("session", old_cookie)
    assert replayed.get("/agreements").status_code == 302
    assert client.get("/agreements").status_code == 200


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, world):
    client = signed_in(app, world["pm"])
    elsewhere = browser(app)
    elsewhere.set_cookie("session", client.get_cookie("session").value)
    assert elsewhere.get("/agreements").status_code == 200

    new = "a new long password"
    response = post_form(
        client, "/account/password", {"current_password": PASSWORD, "new_password": new, "confirm_password": new}
    )
    assert response.status_code == 303
    assert CHANGED in visible_text(client.get("/agreements"))
    assert elsewhere.get("/agreements").status_code == 302

    assert sign_in(browser(app), "pm@agreements.test", PASSWORD).status_code == 200
    assert sign_in(browser(app), "pm@agreements.test", new).status_code == 303


def test_changing_the_password_revokes_the_api_tokens_and_signs_out_the_other_devices(app, world, token_for):
    client = signed_in(app, world["pm"])
    other_device = signed_in(app, world["pm"])
    bearer = token_for(world["pm"])
    colleague = token_for(world["la"])
    assert browser(app).get("/api/v1/agreements", headers=bearer).status_code == 200

    new = "a new long password"
    response = post_form(
        client, "/account/password", {"current_password": PASSWORD, "new_password": new, "confirm_password": new}
    )
    assert response.status_code == 303
    page = client.get("/agreements")
    assert page.status_code == 200
    assert CHANGED in visible_text(page)

    assert browser(app).get("/api/v1/agreements", headers=bearer).status_code == 401
    assert browser(app).get("/api/v1/agreements", headers=colleague).status_code == 200
    assert other_device.get("/agreements").status_code == 302
    assert client.get("/agreements").status_code == 200


def test_a_password_set_by_an_administrator_revokes_the_api_tokens_and_ends_every_session(app, world, token_for):
    person = signed_in(app, world["pm"])
    bearer = token_for(world["pm"])
    admin = signed_in(app, world["admin"])
    response = post_form(
        admin, f"/admin/users/{world['pm'].id}/password", {"password": "brand new password"}, follow_redirects=True
    )
    assert "their sessions have ended and their API tokens were revoked" in visible_text(response)
    assert browser(app).get("/api/v1/agreements", headers=bearer).status_code == 401
    assert person.get("/agreements").status_code == 302
    assert admin.get("/agreements").status_code == 200


def test_password_change_errors_are_shown_next_to_the_fields(app, world):
    client = signed_in(app, world["pm"])
    wrong = post_form(
        client,
        "/account/password",
        {"current_password": "nope", "new_password": "long enough 1", "confirm_password": "long enough 1"},
    )
    assert wrong.status_code == 422
    assert "Wrong password" in visible_text(wrong)
    short = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"},
    )
    assert short.status_code == 422
    assert "At least 10 characters" in visible_text(short)
    assert 'id="new_password-error"' in short.get_data(as_text=True)
    differ = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "long enough 1", "confirm_password": "long enough 2"},
    )
    assert differ.status_code == 422
    assert "Type the same password twice" in visible_text(differ)
    assert sign_in(browser(app), "pm@agreements.test", PASSWORD).status_code == 303


def test_trying_current_passwords_on_the_change_form_is_limited_too(app, world):
    """A session left open must not become a way to try passwords at will: LOGIN_RATE_LIMIT per person."""
    client = signed_in(app, world["pm"])
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    form = {"current_password": "guess", "new_password": "long enough 1", "confirm_password": "long enough 1"}
    assert [post_form(client, "/account/password", form).status_code for _ in range(2)] == [422, 422]
    refused = post_form(client, "/account/password", {**form, "current_password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    page = visible_text(refused)
    assert re.search(r"Too many attempts to change your password; try again in \d+ seconds\.", page), page
    assert "Wrong password" not in page
    assert sign_in(browser(app), "pm@agreements.test", PASSWORD).status_code == 303, "the password is unchanged"


def test_behind_a_trusted_proxy_attempts_are_counted_per_client(database_url, world):
    """With TRUSTED_PROXIES=1 one client's failed sign-ins do not lock out another behind the same balancer."""
    from conftest import IsolatedClient

    from agreements import create_app

    proxied = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "PASSWORD_HASHING": "cheapest",
            "TRUSTED_PROXIES": 1,
            "LOGIN_RATE_LIMIT": "2 per minute",
        }
    )
    proxied.test_client_class = IsolatedClient
    first, second = proxied.test_client(), proxied.test_client()
    first.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    second.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.9"
    try:
        for _ in range(2):
            assert sign_in(first, "pm@agreements.test", "wrong password").status_code == 200
        assert sign_in(first, "pm@agreements.test").status_code == 429
        assert sign_in(second, "pm@agreements.test").status_code == 303
    finally:
        with proxied.app_context():
            db.engine.dispose()  # this second app's own connections


@pytest.fixture
def storage_down(tmp_path):
    """An app of its own whose RATELIMIT_STORAGE_URI names a Redis nothing answers at (3 sign-ins a minute).

    Every app counts in its own storage (created with the app), so nothing of an earlier test's
    storage, reachable or not, carries over to this one, nor from this one to the next.
    """
    from agreements import create_app

    def make(**config):
        down = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'down.db'}",
                "SECRET_KEY": "test-secret",
                "PASSWORD_HASHING": "cheapest",
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/0",  # nothing listens there
                "LOGIN_RATE_LIMIT": "3 per minute",
                **config,
            }
        )
        with down.app_context():
            db.create_all()
            if not db.session.scalar(db.select(User).where(User.email == "pm@down.test")):
                users.create_user("pm@down.test", "program_manager", name="Program Manager", password=PASSWORD)
            db.session.commit()
        made.append(down)
        return down

    made = []
    yield make
    for down in made:
        with down.app_context():
            db.session.remove()
            db.engine.dispose()


def test_sign_in_works_and_stays_limited_while_the_shared_storage_is_down(app, world, storage_down, caplog):
    """Redis unreachable: sign-in goes on, counted in memory meanwhile; the form answers, never an error page."""
    down = storage_down()
    client = browser(down)
    signed = sign_in(client, "pm@down.test", PASSWORD)
    assert signed.status_code == 303, visible_text(signed)[:300]
    assert sign_out(client).status_code == 303
    codes = [sign_in(client, "pm@down.test", "wrong password").status_code for _ in range(2)]
    assert codes == [200, 200]
    refused = sign_in(client, "pm@down.test", PASSWORD)
    assert refused.status_code == 429
    assert REFUSED.search(visible_text(refused)) and int(refused.headers["Retry-After"]) > 0
    warnings = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(warnings) == 1 and "redis://127.0.0.1:9/0" in warnings[0].getMessage()
    # The suite's own app, made before, still counts in its own storage: three attempts, all checked.
    suite = browser(app)
    assert [sign_in(suite, "pm@agreements.test", "wrong").status_code for _ in range(3)] == [200, 200, 200]


def test_without_the_memory_fallback_attempts_are_refused_in_words_while_the_storage_is_down(storage_down):
    down = storage_down(RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=False)
    refused = sign_in(browser(down), "pm@down.test", PASSWORD)
    assert refused.status_code == 429
    page = visible_text(refused)
    assert "Attempts cannot be counted at the moment" in page and "Traceback" not in page
    assert int(refused.headers["Retry-After"]) > 0
