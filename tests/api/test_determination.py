"""POST /api/v1/agreements/{id}/determination, and drafters no longer setting the flags."""

from __future__ import annotations

from services.lifecycle import take
from services.test_determination import BINDING


def test_the_legal_advisor_determines_through_the_api(client, world, make_agreement, token_for):
    agreement = make_agreement()
    take(world, agreement, "submit_for_review")
    response = client.post(
        f"/api/v1/agreements/{agreement.id}/determination", json=BINDING, headers=token_for(world["la"])
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["is_binding"] is True and body["is_reportable"] is True
    assert body["determination"]["is_default"] is False
    assert body["determination"]["determined_by"] == "la@agreements.test"
    assert body["determination"]["basis"]["criteria"]["specificity"] is True
    assert [t["trigger"] for t in body["available_transitions"]] == ["return_for_revision", "request_authority"]


def test_a_program_manager_may_not(client, world, make_agreement, token_for):
    agreement = make_agreement()
    take(world, agreement, "submit_for_review")
    response = client.post(
        f"/api/v1/agreements/{agreement.id}/determination", json=BINDING, headers=token_for(world["pm"])
    )
    assert response.status_code == 403
    assert "legal advisor's determination" in response.get_json()["detail"]


def test_an_incomplete_basis_is_a_problem_naming_the_criteria(client, world, make_agreement, token_for):
    agreement = make_agreement()
    take(world, agreement, "submit_for_review")
    weak = {**BINDING, "basis": {"criteria": {"intent": True}, "note": "Binding."}}
    response = client.post(
        f"/api/v1/agreements/{agreement.id}/determination", json=weak, headers=token_for(world["la"])
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "(3) its undertakings are specific" in response.get_json()["errors"]["criteria"]


def test_drafters_no_longer_set_the_flags(client, world, make_agreement, token_for):
    body = {"type": "moc", "title": "MOC", "counterpart": "Agency", "country": "RU", "is_binding": True}
    response = client.post("/api/v1/agreements", json=body, headers=token_for(world["moscow"]))
    assert response.status_code == 422
    assert "legal advisor's determination" in response.get_json()["errors"]["is_binding"]
    agreement = make_agreement(type="moc")
    response = client.patch(
        f"/api/v1/agreements/{agreement.id}", json={"is_reportable": False}, headers=token_for(world["pm"])
    )
    assert response.status_code == 422
    assert "is_reportable" in response.get_json()["errors"]
