"""Bad input gets a 4xx problem+json naming the problem; an unexpected error a 500 without a traceback."""

from __future__ import annotations

import logging

import pytest

from agreements.services import agreements as agreement_service

from .support import assert_problem

GOOD = {"type": "mou", "title": "A memorandum", "counterpart": "Agency", "country": "RU", "languages": ["en", "ru"]}
# The granting official's title is required by the body's shape, checked before what the service checks.
TITLE = {"granted_by_title": "Assistant Secretary of State"}


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({}, 422, ["type", "title", "counterpart", "country"]),
        ({**GOOD, "type": "treaty"}, 422, ["unknown type 'treaty'"]),
        ({**GOOD, "type": 5}, 422, ["type", "valid string", "5"]),
        ({**GOOD, "title": 123}, 422, ["title"]),
        ({**GOOD, "title": "x" * 501}, 422, ["title", "500"]),
        ({**GOOD, "country": "Atlantis"}, 422, ["country", '"Atlantis"', "two-letter"]),
        ({**GOOD, "country": None}, 422, ["country"]),
        ({**GOOD, "languages": ["ru", "en"]}, 422, ["english comes first"]),
        ({**GOOD, "languages": [1, 2]}, 422, ["languages"]),
        ({**GOOD, "languages": {"en": 1}}, 422, ["languages"]),
        ({**GOOD, "areas": ["space_piracy"]}, 422, ["space_piracy"]),
        ({**GOOD, "areas": "cyber_crime"}, 201, []),
        ({**GOOD, "office": "ATLANTIS"}, 422, ["ATLANTIS"]),
        ({**GOOD, "office": 7}, 422, ["office"]),
        ({**GOOD, "is_binding": "yes"}, 422, ["is_binding"]),
        ({**GOOD, "colour": "blue"}, 422, ["'colour'"]),
        ({**GOOD, "title": "bad\u0000title"}, 400, ["NUL"]),
    ],
)
def test_creating_with_bad_facts(api, body, status, words):
    r = api("pm").post("/agreements", json=body)
    if status == 201:
        assert r.status_code == 201
        return
    problem = assert_problem(r, status, *words)
    if status == 422:
        assert problem["errors"]


@pytest.mark.parametrize(
    ("data", "content_type", "words"),
    [
        (b'{"type": "mou", "title": ', "application/json", ["not valid json", "line 1"]),
        (b"[1, 2, 3]", "application/json", ["json object", "array"]),
        (b'"just a string"', "application/json", ["json object", "string"]),
        (b"null", "application/json", ["json object", "null"]),
        (b"", "application/json", ["empty"]),
        (b"   ", "application/json", ["empty"]),
        (b'{"title": NaN}', "application/json", ["nan"]),
        (b"\xff\xfe{}", "application/json", ["utf-8"]),
        (b'{"title": "\\ud800"}', "application/json", ["surrogate"]),
        (b"[" * 100000 + b"]" * 100000, "application/json", ["json"]),
        (b"type=mou&title=x", "application/x-www-form-urlencoded", ["content-type: application/json"]),
        (b'{"type": "mou"}', "text/plain", ["content-type: application/json", "text/plain"]),
    ],
)
def test_malformed_bodies_are_400(api, data, content_type, words):
    r = api("pm").post("/agreements", data=data, headers={"Content-Type": content_type})
    assert_problem(r, 400, *words)


def test_a_body_larger_than_the_limit_is_413(app, api):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    big = {**GOOD, "title": "x" * 20_000}
    assert_problem(api("pm").post("/agreements", json=big), 413, "larger than the limit", "10,000")


def test_an_unknown_endpoint_is_404_and_a_wrong_method_405(api):
    assert_problem(api("pm").get("/contracts"), 404, "GET /api/v1/contracts", "openapi.json")
    assert_problem(api(None).get("/contracts"), 404)
    r = api("pm").call("DELETE", "/agreements")
    assert_problem(r, 405, "DELETE", "GET, POST")
    assert set(r.headers["Allow"].split(", ")) >= {"GET", "POST"}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, ["trigger"]),
        ({"trigger": ""}, ["trigger"]),
        ({"trigger": 7}, ["trigger"]),
        ({"trigger": "launch"}, ["'launch'"]),
        ({"trigger": "submit_for_review", "comment": 5}, ["comment", "valid string"]),
        ({"trigger": "submit_for_review", "comment": "x" * 5001}, ["5,001 characters; the limit is 5,000"]),
        ({"trigger": "submit_for_review", "data": "x"}, ["data", "object"]),
        ({"trigger": "submit_for_review", "expected_lock_version": "3"}, ["expected_lock_version"]),
        ({"trigger": "submit_for_review", "expected_lock_version": True}, ["expected_lock_version"]),
        ({"trigger": "submit_for_review", "force": True}, ["'force'"]),
    ],
)
def test_bad_transition_requests_are_422(api, make_agreement, body, words):
    agreement = make_agreement()
    r = api("pm").post(f"/agreements/{agreement.id}/transitions", json=body)
    assert_problem(r, 422, *words)
    assert api("pm").get(f"/agreements/{agreement.id}").get_json()["state"] == "drafting"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("page=abc", ["page"]),
        ("page=0", ["page"]),
        ("page=-1", ["page"]),
        ("page=1e3", ["page"]),
        ("page=99999999999999999999", ["page"]),
        ("per_page=1000", ["per_page", "100"]),
        ("state=ratified", ["'ratified'"]),
        ("type=treaty", ["'treaty'"]),
        ("country=Atlantis", ['"Atlantis"']),
        ("state=%00", ["state"]),
    ],
)
def test_bad_list_queries_are_422(api, query, words):
    assert_problem(api("pm").get(f"/agreements?{query}"), 422, *words)


@pytest.mark.parametrize(
    ("party", "body", "status", "words"),
    [
        ("us", {"name": "", "title": "Director"}, 422, ["name"]),
        ("us", {"name": "A", "title": "B", "signed_on": "yesterday"}, 422, ["Signed on must be a date"]),
        ("us", {"name": ["A"], "title": "B"}, 422, ["name", "valid string"]),
        ("them", {"name": "A", "title": "B"}, 422, ["'them'"]),
    ],
)
def test_bad_signatories_are_refused(api, make_agreement, party, body, status, words):
    agreement = make_agreement()
    assert_problem(api("pm").put(f"/agreements/{agreement.id}/signatories/{party}", json=body), status, *words)


def test_the_detail_names_a_field_as_its_form_labels_it_and_errors_keep_its_key(api, make_agreement):
    agreement = make_agreement()
    body = {"name": "A", "title": "B", "signed_on": "yesterday"}
    refused = assert_problem(api("pm").put(f"/agreements/{agreement.id}/signatories/us", json=body), 422)
    assert refused["detail"] == "Signed on must be a date (YYYY-MM-DD)."
    assert refused["errors"] == {"signed_on": "Signed on must be a date (YYYY-MM-DD)."}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"kind": "ratify", "reference": "R", "granted_by": "L", **TITLE, "granted_on": "2026-01-02"}, ["kind"]),
        (
            {"kind": "conclude", "reference": "R", "granted_by": "L", **TITLE, "granted_on": "02/01/2026"},
            ["Granted on"],
        ),
        ({"kind": "conclude", "granted_by": "L", "granted_on": "2026-01-02"}, ["reference"]),
    ],
)
def test_bad_authorities_are_422(api, make_agreement, body, words):
    agreement = make_agreement(type="cmaa")
    assert_problem(api("pm").post(f"/agreements/{agreement.id}/authorities", json=body), 422, *words)


def test_an_unexpected_error_in_an_api_view_is_a_500_problem_without_traceback(api, monkeypatch, caplog):
    def broken(*args, **kwargs):
        """A service failing in a way nobody planned for."""
        raise RuntimeError("secret internals: connection string postgres://user:pw@db")

    monkeypatch.setattr(agreement_service, "list_agreements", broken)
    with caplog.at_level(logging.ERROR):
        r = api("pm").get("/agreements")
    body = assert_problem(r, 500, "unexpected error")
    text = r.get_data(as_text=True)
    assert "secret internals" not in text and "RuntimeError" not in text
    assert "secret internals" in caplog.text  # logged for the operators
    assert body["title"] == "Internal Server Error"


def test_an_unexpected_error_on_any_api_path_is_a_500_problem(app, api, caplog):
    def boom():
        """A route that fails."""
        raise ZeroDivisionError("division by zero in a test-only route")

    app.add_url_rule("/api/v1/test-only-boom", "test_only_boom", boom)
    with caplog.at_level(logging.ERROR):
        r = api("pm").get("/test-only-boom")
    assert_problem(r, 500, "unexpected error")
    assert "ZeroDivisionError" not in r.get_data(as_text=True)
    assert "division by zero in a test-only route" in caplog.text


def test_problem_types_are_described(api):
    for slug in ("not-found", "permission-denied", "unauthenticated", "conflict", "guard-failed", "invalid-input"):
        r = api(None).get(f"/problems/{slug}")
        assert r.status_code == 200 and r.get_json()["type"] == f"/api/v1/problems/{slug}"
    assert_problem(api(None).get("/problems/nonsense"), 404, "nonsense")
