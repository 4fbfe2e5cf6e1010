"""Firing transitions through the API: who may, when guards hold, and the trail they leave."""

from __future__ import annotations

from .support import assert_problem


def test_submit_for_review_moves_the_agreement_and_answers_it(api, make_agreement):
    agreement = make_agreement()
    before = agreement.lock_version
    r = api("moscow").fire(agreement.id, "submit_for_review", comment="Ready for the legal office.")
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["state"] == "legal_review" and body["lock_version"] > before
    # What the attaché may do next: nothing in legal review.
    assert body["available_transitions"] == []
    la = api("la").get(f"/agreements/{agreement.id}").get_json()
    assert {t["trigger"] for t in la["available_transitions"]} == {"return_for_revision", "clear_for_negotiation"}


def test_a_legal_advisor_may_not_submit_for_review(api, make_agreement):
    agreement = make_agreement()
    body = assert_problem(api("la").fire(agreement.id, "submit_for_review"), 403, "program managers and attachés")
    assert body["type"].endswith("/permission-denied")
    assert api("la").get(f"/agreements/{agreement.id}").get_json()["state"] == "drafting"


def test_a_failing_guard_is_422_with_reasons(api, make_agreement):
    agreement = make_agreement(with_text=False)
    body = assert_problem(api("pm").fire(agreement.id, "submit_for_review"), 422, "article")
    assert body["reasons"] == ["The text has no article yet: save a version with at least one article."]
    assert body["type"].endswith("/guard-failed")


def test_a_step_that_needs_a_comment_says_so(api, make_agreement):
    agreement = make_agreement()
    api("pm").fire(agreement.id, "submit_for_review")
    body = assert_problem(api("la").fire(agreement.id, "return_for_revision"), 422)
    assert body["reasons"] == ["A comment is required: say why."]
    ok = api("la").fire(agreement.id, "return_for_revision", comment="Article 2 needs a data-protection clause.")
    assert ok.get_json()["state"] == "drafting"


def test_a_step_from_the_wrong_state_is_409_with_the_current_state(api, make_agreement):
    agreement = make_agreement()
    body = assert_problem(api("pm").fire(agreement.id, "sign"), 409, "sign", "drafting")
    assert body["current_state"] == "drafting"
    assert body["lock_version"] == agreement.lock_version


def test_expected_lock_version_mismatch_is_409(api, make_agreement):
    agreement = make_agreement()
    seen = api("pm").get(f"/agreements/{agreement.id}").get_json()["lock_version"]
    api("pm").patch(f"/agreements/{agreement.id}", json={"title": "Changed meanwhile"})
    stale = api("moscow").fire(agreement.id, "submit_for_review", expected_lock_version=seen)
    body = assert_problem(stale, 409, "changed since you loaded it")
    assert body["current_state"] == "drafting" and body["lock_version"] == seen + 1
    fresh = api("moscow").fire(agreement.id, "submit_for_review", expected_lock_version=seen + 1)
    assert fresh.status_code == 200


def test_unknown_trigger_is_422_listing_the_triggers(api, make_agreement):
    agreement = make_agreement()
    body = assert_problem(api("pm").fire(agreement.id, "ratify"), 422, "'ratify'", "submit_for_review")
    assert body["errors"] == {"trigger": "Unknown trigger."}


def test_events_are_the_trail_oldest_first(api, make_agreement):
    agreement = make_agreement()
    api("moscow").fire(agreement.id, "submit_for_review", comment="Please review.")
    api("la").fire(agreement.id, "return_for_revision", comment="Tighten article 1.")
    r = api("moscow").get(f"/agreements/{agreement.id}/events")
    assert r.status_code == 200
    events = r.get_json()["items"]
    assert [(e["seq"], e["trigger"], e["from"], e["to"]) for e in events] == [
        (1, "create", None, "drafting"),
        (2, "submit_for_review", "drafting", "legal_review"),
        (3, "return_for_revision", "legal_review", "drafting"),
    ]
    third = events[2]
    assert third["actor"] == "la@agreements.test" and third["comment"] == "Tighten article 1."
    assert third["version"] == 1 and third["at"] and third["data"] == {}
    assert third["prev_hash"] == events[1]["hash"] and events[0]["prev_hash"] is None
    assert not {"mac", "mac_key"} & {key for event in events for key in event}  # the seals stay in the database


def test_a_refused_transition_leaves_no_trace(api, make_agreement):
    agreement = make_agreement()
    before = api("pm").get(f"/agreements/{agreement.id}").get_json()
    api("la").fire(agreement.id, "submit_for_review")
    api("pm").fire(agreement.id, "sign")
    api("pm").fire(agreement.id, "withdraw")
    after = api("pm").get(f"/agreements/{agreement.id}").get_json()
    assert (after["state"], after["lock_version"]) == (before["state"], before["lock_version"])
    assert len(api("pm").get(f"/agreements/{agreement.id}/events").get_json()["items"]) == 1
