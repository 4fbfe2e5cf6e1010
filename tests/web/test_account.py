"""Signing in and out, the login rate limit, CSRF, password changes and sessions that end everywhere."""

from __future__ import annotations

from webtools import (
    PASSWORD,
    browser,
    fresh,
    post_form,
    sign_in,
    sign_out,
    signed_in,
    visible_text,
)

from agreements.db import db
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


def test_login_is_rate_limited_with_a_clear_page(app, world):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    client = browser(app)
    for _ in range(3):
        assert sign_in(client, "pm@agreements.test", "wrong password").status_code == 200
    response = sign_in(client, "pm@agreements.test", PASSWORD)
    assert response.status_code == 429
    page = visible_text(response)
    assert "Too many attempts" in page
    assert "Traceback" not in page
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/agreements").status_code == 302


def test_successful_sign_ins_do_not_use_up_the_limit(app, world):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    client = browser(app)
    for _ in range(4):
        assert sign_in(client, "pm@agreements.test").status_code == 303
        assert sign_out(client).status_code == 303


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


def _storage_down_app(tmp_path, **config):
    from agreements import create_app

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
        users.create_user("pm@down.test", "program_manager", name="Program Manager", password=PASSWORD)
        db.session.commit()
    return down


def test_sign_in_goes_on_limited_while_the_shared_storage_is_down(tmp_path):
    """Redis unreachable: the limits count in memory meanwhile; the sign-in form answers, never an error page."""
    down = _storage_down_app(tmp_path)
    with down.app_context():
        client = browser(down)
        codes = [sign_in(client, "pm@down.test", "wrong password").status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        assert sign_in(client, "pm@down.test", PASSWORD).status_code == 429
        db.session.remove()
        db.engine.dispose()
