"""Bearer tokens: no token, a wrong one, a revoked one, a disabled user's or one from before a new password is 401;
cookies do not count."""

from __future__ import annotations

import pytest
from conftest import PASSWORD

from agreements.db import db
from agreements.services import users

from .support import ApiClient, assert_problem


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (None, ["Authorization: Bearer"]),
        ("", ["Authorization: Bearer"]),
        ("Bearer", ["Bearer <token>"]),
        ("Basic cG06cGFzc3dvcmQ=", ["Bearer <token>"]),
        ("Bearer agr_not-a-real-token", ["not valid"]),
        ("Bearer " + "x" * 5000, ["not valid"]),
    ],
)
def test_requests_without_a_valid_token_are_401(app, world, header, words):
    client = ApiClient(app.test_client(), {"Authorization": header} if header is not None else {})
    r = client.get("/agreements")
    assert_problem(r, 401, *words)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_says_invalid_token_in_the_challenge(api):
    client = ApiClient(api(None).client, {"Authorization": "Bearer agr_wrong"})
    assert 'error="invalid_token"' in client.get("/agreements").headers["WWW-Authenticate"]


def test_a_token_revoked_through_the_services_stops_working_at_once(api, world, token_for):
    headers = token_for(world["pm"])
    client = ApiClient(api(None).client, headers)
    assert client.get("/agreements").status_code == 200
    users.revoke_token(headers["Authorization"].removeprefix("Bearer "))
    db.session.commit()
    assert_problem(client.get("/agreements"), 401, "revoked")


def test_users_revoke_tokens_on_the_command_line_stops_them_at_once(api, world, runner):
    pm = api("pm")
    assert pm.get("/agreements").status_code == 200
    result = runner.invoke(["users", "revoke-tokens", "pm@agreements.test"])
    assert result.exit_code == 0, result.output
    assert_problem(pm.get("/agreements"), 401)
    assert api("la").get("/agreements").status_code == 200


def test_a_disabled_users_token_stops_working(api, world):
    moscow = api("moscow")
    assert moscow.get("/agreements").status_code == 200
    users.set_enabled(world["moscow"], False)
    db.session.commit()
    assert_problem(moscow.get("/agreements"), 401, "disabled")


@pytest.mark.parametrize(
    "new_password",
    [
        lambda pm: users.change_password(pm, PASSWORD, "a new long password"),  # by the user, on the account page
        lambda pm: users.set_password(pm, "a new long password"),  # by an administrator
    ],
    ids=["changed", "reset"],
)
def test_a_new_password_revokes_every_token_of_its_user_and_no_one_else_s(api, world, token_for, new_password):
    pm, la = api("pm"), api("la")
    second = ApiClient(api(None).client, token_for(world["pm"]))
    assert pm.get("/agreements").status_code == 200
    new_password(world["pm"])
    db.session.commit()
    assert_problem(pm.get("/agreements"), 401, "revoked")
    assert_problem(second.get("/agreements"), 401, "revoked")
    assert la.get("/agreements").status_code == 200
    assert ApiClient(api(None).client, token_for(world["pm"])).get("/agreements").status_code == 200


def test_a_token_printed_by_the_command_line_works(app, world, runner):
    result = runner.invoke(["users", "token", "la@agreements.test"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    r = ApiClient(app.test_client(), {"Authorization": f"Bearer {token}"}).get("/agreement-types")
    assert r.status_code == 200


def test_a_signed_in_browser_session_is_not_accepted_by_the_api(app, world):
    client = app.test_client()
    with client.session_transaction() as session:
        # What flask-login keeps in the cookie of a signed-in user.
        session["_user_id"] = world["pm"].get_id()
        session["_fresh"] = True
    assert_problem(ApiClient(client).get("/agreements"), 401)


def test_the_openapi_document_and_problem_types_need_no_token(app):
    client = ApiClient(app.test_client())
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/problems/guard-failed").get_json()["status"] == 422
