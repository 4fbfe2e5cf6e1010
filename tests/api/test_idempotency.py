"""Idempotency-Key: a retried request gets the first response back and changes nothing twice."""

from __future__ import annotations

import threading

import pytest
from conftest import simple_text
from sqlalchemy import func, select

from agreements.api import edge
from agreements.db import db
from agreements.models import Agreement, IdempotencyRecord

from .support import ApiClient, assert_problem


def _events(api, agreement_id: int) -> list[str]:
    """The triggers of the trail, oldest first."""
    return [e["trigger"] for e in api("pm").get(f"/agreements/{agreement_id}/events").get_json()["items"]]


def test_a_retried_transition_returns_the_first_response_and_fires_once(api, make_agreement):
    agreement = make_agreement()
    key = {"Idempotency-Key": "6f1d6c1e-7d1a-4c55-9d7e-0b7c2a1d9e01"}
    first = api("moscow").fire(agreement.id, "submit_for_review", comment="Ready.", headers=key)
    assert first.status_code == 200 and "Idempotent-Replayed" not in first.headers
    retry = api("moscow").fire(agreement.id, "submit_for_review", comment="Ready.", headers=key)
    assert retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.get_json() == first.get_json()
    assert _events(api, agreement.id) == ["create", "submit_for_review"]


def test_without_a_key_a_retry_is_a_409(api, make_agreement):
    agreement = make_agreement()
    api("moscow").fire(agreement.id, "submit_for_review")
    assert assert_problem(api("moscow").fire(agreement.id, "submit_for_review"), 409)["current_state"] == "legal_review"


def test_the_same_key_for_a_different_request_is_422(api, make_agreement):
    agreement = make_agreement()
    key = {"Idempotency-Key": "key-1"}
    api("moscow").fire(agreement.id, "submit_for_review", headers=key)
    other = api("moscow").fire(agreement.id, "withdraw", comment="Not needed.", headers=key)
    body = assert_problem(other, 422, "key-1", "already used for a different request")
    assert "Idempotency-Key" in body["errors"]
    elsewhere = api("moscow").post("/agreements", json={"type": "loi"}, headers=key)
    assert_problem(elsewhere, 422, "already used")


def test_keys_belong_to_their_user(api, make_agreement):
    agreement = make_agreement()
    key = {"Idempotency-Key": "shared-key"}
    assert api("moscow").fire(agreement.id, "submit_for_review", headers=key).status_code == 200
    # The same key from someone else is their own request, not a replay of the attaché's.
    r = api("pm").fire(agreement.id, "submit_for_review", headers=key)
    assert_problem(r, 409)
    assert "Idempotent-Replayed" not in r.headers


def test_the_json_spacing_of_a_retry_does_not_matter(api, make_agreement):
    agreement = make_agreement()
    key = {"Idempotency-Key": "spacing", "Content-Type": "application/json"}
    path = f"/agreements/{agreement.id}/transitions"
    first = api("pm").post(path, data='{"trigger":"submit_for_review","comment":"Go"}', headers=key)
    retry = api("pm").post(path, data='{ "comment": "Go",  "trigger": "submit_for_review" }', headers=key)
    assert retry.headers["Idempotent-Replayed"] == "true" and retry.get_json() == first.get_json()


def test_a_retried_create_returns_the_same_agreement_and_location(api):
    key = {"Idempotency-Key": "create-once"}
    body = {"type": "loi", "title": "Letter of intent", "counterpart": "Agency", "country": "MX"}
    first = api("pm").post("/agreements", json=body, headers=key)
    retry = api("pm").post("/agreements", json=body, headers=key)
    assert first.status_code == retry.status_code == 201
    assert retry.headers["Location"] == first.headers["Location"]
    assert retry.get_json()["reference"] == first.get_json()["reference"]
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 1


def test_a_retried_version_save_saves_once(api, make_agreement):
    agreement = make_agreement()
    key = {"Idempotency-Key": "save-v2"}
    path = f"/agreements/{agreement.id}/versions"
    first = api("pm").post(path, json=simple_text(("en", "ru"), 1), headers=key)
    retry = api("pm").post(path, json=simple_text(("en", "ru"), 1), headers=key)
    assert first.get_json()["number"] == retry.get_json()["number"] == 2
    assert retry.headers["Location"].endswith("/versions/2")
    assert [v["number"] for v in api("pm").get(path).get_json()["items"]] == [2, 1]


def test_a_failed_request_is_not_kept_so_its_retry_runs_again(api, make_agreement):
    agreement = make_agreement(with_text=False)
    key = {"Idempotency-Key": "after-fix"}
    assert_problem(api("pm").fire(agreement.id, "submit_for_review", headers=key), 422)
    api("pm").post(f"/agreements/{agreement.id}/versions", json=simple_text(("en", "ru")))
    assert api("pm").fire(agreement.id, "submit_for_review", headers=key).status_code == 200


@pytest.mark.parametrize("key", ["", "with space", "x" * 201, "ключ"])
def test_malformed_keys_are_refused(api, make_agreement, key):
    agreement = make_agreement()
    r = api("pm").fire(agreement.id, "submit_for_review", headers={"Idempotency-Key": key})
    assert_problem(r, 422, "Idempotency-Key")
    assert _events(api, agreement.id) == ["create"]


def _miss_first_lookup(monkeypatch):
    """Make the first look-up miss, as when two requests both look before either has committed."""
    real = edge.idempotency.stored_response
    calls = {"n": 0}

    def lookup(*args, **kwargs):
        """Miss once, then look up for real."""
        calls["n"] += 1
        return None if calls["n"] == 1 else real(*args, **kwargs)

    monkeypatch.setattr(edge.idempotency, "stored_response", lookup)


def test_the_loser_of_a_race_on_a_transition_answers_with_the_winners_response(api, make_agreement, monkeypatch):
    agreement = make_agreement()
    key = {"Idempotency-Key": "race-transition"}
    first = api("pm").fire(agreement.id, "submit_for_review", headers=key)
    _miss_first_lookup(monkeypatch)
    # The loser fires too, finds the agreement already moved, rolls back, then finds the winner's answer.
    loser = api("pm").fire(agreement.id, "submit_for_review", headers=key)
    assert loser.status_code == 200 and loser.headers["Idempotent-Replayed"] == "true"
    assert loser.get_json() == first.get_json()
    assert _events(api, agreement.id) == ["create", "submit_for_review"]


def test_the_unique_key_decides_a_race_on_a_create(api, monkeypatch):
    key = {"Idempotency-Key": "race-create"}
    body = {"type": "loi", "title": "Letter of intent", "counterpart": "Agency", "country": "MX"}
    first = api("pm").post("/agreements", json=body, headers=key)
    _miss_first_lookup(monkeypatch)
    # The loser's create succeeds until its kept response collides with the winner's: it is rolled back.
    loser = api("pm").post("/agreements", json=body, headers=key)
    assert loser.status_code == 201 and loser.headers["Idempotent-Replayed"] == "true"
    assert loser.get_json()["id"] == first.get_json()["id"]
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 1
    assert db.session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1


def test_two_identical_requests_at_the_same_moment_fire_once(app, make_agreement, world, token_for):
    agreement = make_agreement()
    agreement_id = agreement.id
    headers = {**token_for(world["pm"]), "Idempotency-Key": "at-the-same-moment"}
    start = threading.Barrier(2)
    responses = []

    def send() -> None:
        """Send the request when both threads are ready."""
        client = ApiClient(app.test_client(), headers)
        start.wait()
        responses.append(client.fire(agreement_id, "submit_for_review", comment="Once."))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in responses] == [200, 200], [r.get_json() for r in responses]
    assert responses[0].get_json() == responses[1].get_json()
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 1
    db.session.rollback()
    trail = ApiClient(app.test_client(), headers).get(f"/agreements/{agreement_id}/events").get_json()["items"]
    assert [e["trigger"] for e in trail] == ["create", "submit_for_review"]
