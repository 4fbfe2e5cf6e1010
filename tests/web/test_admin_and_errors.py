"""User administration, and the error pages: friendly, in the product's words, never a traceback."""

from __future__ import annotations

from webtools import (
    browser,
    fresh,
    post_form,
    sign_in,
    signed_in,
    visible_text,
)

from agreements.services import users


def test_only_administrators_see_and_use_the_users_page(app, world):
    assert signed_in(app, world["pm"]).get("/admin/users").status_code == 403
    page = signed_in(app, world["admin"]).get("/admin/users")
    assert page.status_code == 200
    text = visible_text(page)
    for email in ("pm@agreements.test", "moscow@agreements.test", "admin@agreements.test"):
        assert email in text
    assert "Users" in visible_text(signed_in(app, world["admin"]).get("/"))
    refused = post_form(signed_in(app, world["pm"]), "/admin/users", {"email": "x@agreements.test", "role": "admin"})
    assert refused.status_code == 403


def test_an_administrator_adds_a_user_who_can_then_sign_in(app, world):
    admin = signed_in(app, world["admin"])
    response = post_form(
        admin,
        "/admin/users",
        {
            "email": "bogota@agreements.test",
            "name": "Beatriz Bogotá",
            "role": "attache",
            "office": "MEX",
            "password": "a long enough password",
        },
    )
    assert response.status_code == 303
    assert "Created bogota@agreements.test." in visible_text(admin.get("/admin/users"))
    assert sign_in(browser(app), "bogota@agreements.test", "a long enough password").status_code == 303


def test_a_wrong_new_user_is_explained_and_kept(app, world):
    admin = signed_in(app, world["admin"])
    response = post_form(
        admin,
        "/admin/users",
        {"email": "new@agreements.test", "name": "New Person", "role": "attache", "password": "x"},
    )
    assert response.status_code == 422
    text = visible_text(response)
    assert "An attaché belongs to an office" in text
    assert 'value="New Person"' in response.get_data(as_text=True)


def test_disabling_a_user_ends_their_sessions_at_once(app, world):
    legal = signed_in(app, world["la"])
    assert legal.get("/agreements").status_code == 200
    admin = signed_in(app, world["admin"])
    response = post_form(admin, f"/admin/users/{world['la'].id}/enabled", {"enabled": "0"})
    assert response.status_code == 303
    assert legal.get("/agreements").status_code == 302
    assert fresh(world["la"]).is_enabled is False
    assert sign_in(browser(app), "la@agreements.test").status_code == 200
    post_form(admin, f"/admin/users/{world['la'].id}/enabled", {"enabled": "1"})
    assert sign_in(browser(app), "la@agreements.test").status_code == 303


def test_an_administrator_sets_a_new_password(app, world):
    admin = signed_in(app, world["admin"])
    short = post_form(admin, f"/admin/users/{world['pm'].id}/password", {"password": "short"})
    assert short.status_code == 303
    assert "not changed" in visible_text(admin.get("/admin/users"))
    post_form(admin, f"/admin/users/{world['pm'].id}/password", {"password": "brand new password"})
    assert sign_in(browser(app), "pm@agreements.test", "brand new password").status_code == 303
    assert post_form(admin, "/admin/users/999999/password", {"password": "brand new password"}).status_code == 404


def test_an_administrator_revokes_api_tokens(app, world):
    token = users.issue_token(world["pm"])
    from agreements.db import db

    db.session.commit()
    admin = signed_in(app, world["admin"])
    post_form(admin, f"/admin/users/{world['pm'].id}/tokens")
    assert "Revoked 1 API token of pm@agreements.test." in visible_text(admin.get("/admin/users"))
    db.session.rollback()
    assert users.user_for_token(token) is None


def test_an_unknown_page_is_a_friendly_404(app, world):
    response = signed_in(app, world["pm"]).get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    text = visible_text(response)
    assert "Not found" in text
    assert "Go to the agreements" in text
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_wrong_method_is_a_friendly_405(app, world):
    response = signed_in(app, world["pm"]).delete("/")
    assert response.status_code == 405
    assert "Not possible here" in visible_text(response)
    assert "GET" in response.headers["Allow"]


def test_an_oversized_form_is_a_friendly_413(app, world, make_agreement):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    agreement = make_agreement()
    client = signed_in(app, world["pm"])
    response = post_form(client, f"/agreements/{agreement.id}/text", {"preamble": "x" * 20_000})
    assert response.status_code == 413
    assert "larger than the system accepts" in visible_text(response)


def test_an_unexpected_failure_is_a_500_page_without_traceback(app, world, caplog):
    def explode():
        """A page that fails unexpectedly."""
        raise RuntimeError("secret internals")

    app.add_url_rule("/explode", "explode", explode)
    response = signed_in(app, world["pm"]).get("/explode")
    assert response.status_code == 500
    text = visible_text(response)
    assert "Something went wrong" in text
    assert "secret internals" not in text
    assert "Traceback" not in text
    assert any("secret internals" in str(r.exc_info) for r in caplog.records if r.exc_info)
