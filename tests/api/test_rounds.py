"""The rounds endpoints: recording a round with the counterpart's proposal, and listing the rounds."""

from __future__ import annotations

import pytest
from conftest import simple_text

from .support import assert_problem

ROUND = {
    "held_on": "2026-10-14",
    "format": "video",
    "participants": "Both delegations",
    "summary": "Article 2 reworded.",
}


@pytest.fixture
def negotiating(api, make_agreement):
    """The id of an MOU with Russia in negotiation, with version 1 of the text."""
    agreement_id = make_agreement().id
    assert api("pm").fire(agreement_id, "submit_for_review").status_code == 200
    assert api("la").fire(agreement_id, "clear_for_negotiation").status_code == 200
    return agreement_id


def _their_text() -> dict:
    text = simple_text()
    text["articles"][1]["body"]["en"] = "The Participants will exchange information on request."
    return text


def test_record_a_round_with_the_counterparts_proposal(api, negotiating):
    r = api("moscow").post(f"/agreements/{negotiating}/rounds", json={**ROUND, "proposal": _their_text()})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert {k: body[k] for k in ("held_on", "format", "place", "participants", "summary")} == {**ROUND, "place": ""}
    assert (body["version"], body["version_origin"], body["recorded_by"]) == (
        2,
        "counterpart",
        "moscow@agreements.test",
    )
    version = api("moscow").get(f"/agreements/{negotiating}/versions/2").get_json()
    assert version["origin"] == "counterpart"
    assert version["articles"][1]["body"]["en"] == "The Participants will exchange information on request."
    assert api("pm").get(f"/agreements/{negotiating}").get_json()["current_version"] == 2


def test_list_rounds_newest_first(api, negotiating):
    for day in ("2026-09-01", "2026-11-02", "2026-10-01"):
        assert api("pm").post(f"/agreements/{negotiating}/rounds", json={**ROUND, "held_on": day}).status_code == 201
    r = api("la").get(f"/agreements/{negotiating}/rounds")
    assert r.status_code == 200
    assert [item["held_on"] for item in r.get_json()["items"]] == ["2026-11-02", "2026-10-01", "2026-09-01"]


def test_a_version_saved_as_the_counterparts_shows_its_origin(api, negotiating):
    r = api("pm").post(f"/agreements/{negotiating}/versions", json={**_their_text(), "origin": "counterpart"})
    assert r.status_code == 201 and r.get_json()["origin"] == "counterpart"
    listed = api("pm").get(f"/agreements/{negotiating}/versions").get_json()["items"]
    assert [(v["number"], v["origin"]) for v in listed] == [(2, "counterpart"), (1, "ours")]
    r = api("pm").post(f"/agreements/{negotiating}/rounds", json={**ROUND, "version": 2})
    assert r.status_code == 201 and r.get_json()["version"] == 2


def test_invalid_rounds_are_422_with_the_fields_named(api, negotiating):
    r = api("pm").post(f"/agreements/{negotiating}/rounds", json={**ROUND, "format": "in_person", "summary": ""})
    problem = assert_problem(r, 422, "place", "summary")
    assert set(problem["errors"]) == {"place", "summary"}
    r = api("pm").post(f"/agreements/{negotiating}/rounds", json={**ROUND, "agenda": "x"})
    assert_problem(r, 422, "agenda")
    assert api("pm").get(f"/agreements/{negotiating}/rounds").get_json()["items"] == []


def test_an_invalid_proposal_saves_nothing(api, negotiating):
    proposal = {"articles": [{"number": "1", "body": {"de": "Text"}}]}
    r = api("pm").post(f"/agreements/{negotiating}/rounds", json={**ROUND, "proposal": proposal})
    assert "proposal.articles[1].body" in assert_problem(r, 422, "proposal")["errors"]
    assert api("pm").get(f"/agreements/{negotiating}").get_json()["current_version"] == 1


def test_outside_negotiation_is_409(api, make_agreement):
    agreement_id = make_agreement().id
    assert_problem(api("pm").post(f"/agreements/{agreement_id}/rounds", json=ROUND), 409, "negotiation")


def test_legal_advisors_may_read_but_not_record(api, negotiating):
    assert_problem(api("la").post(f"/agreements/{negotiating}/rounds", json=ROUND), 403, "program managers")


def test_invisible_agreements_are_404_and_tokens_are_required(api, negotiating):
    assert_problem(api("mexico").get(f"/agreements/{negotiating}/rounds"), 404)
    assert_problem(api("mexico").post(f"/agreements/{negotiating}/rounds", json=ROUND), 404)
    assert_problem(api(None).get(f"/agreements/{negotiating}/rounds"), 401)
    assert_problem(api("pm").get("/agreements/999999/rounds"), 404)


def test_a_retried_request_records_one_round(api, negotiating):
    headers = {"Idempotency-Key": "round-2026-10-14"}
    first = api("pm").post(
        f"/agreements/{negotiating}/rounds", json={**ROUND, "proposal": _their_text()}, headers=headers
    )
    again = api("pm").post(
        f"/agreements/{negotiating}/rounds", json={**ROUND, "proposal": _their_text()}, headers=headers
    )
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json() == first.get_json()
    assert len(api("pm").get(f"/agreements/{negotiating}/rounds").get_json()["items"]) == 1
    assert api("pm").get(f"/agreements/{negotiating}").get_json()["current_version"] == 2


def test_the_rounds_endpoints_are_described(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    rounds = paths["/api/v1/agreements/{agreement_id}/rounds"]
    assert rounds["get"]["operationId"] == "listRounds" and rounds["post"]["operationId"] == "recordRound"
    assert {"201", "403", "404", "409", "422"} <= set(rounds["post"]["responses"])
