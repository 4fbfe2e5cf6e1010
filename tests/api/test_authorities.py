"""Authorities through the API: program managers record them with the granting official's title, legal advisors
confirm them and certify changes of text not substantive; each refusal is problem+json."""

from __future__ import annotations

import pytest
from conftest import simple_text
from services.lifecycle import GRANTED_BY_TITLE, bring_to, designate_signatories, take

from agreements.db import db

from .support import assert_problem

CONCLUDE = {
    "kind": "conclude",
    "reference": "C175-2026-041",
    "granted_by": "Jordan Example",
    "granted_by_title": GRANTED_BY_TITLE,
    "granted_on": "2026-03-01",
}


def _ok(response, status: int = 200) -> dict:
    """The body of a response that must have succeeded with ``status``."""
    assert response.status_code == status, response.get_json()
    return response.get_json()


@pytest.fixture
def cmaa(world, make_agreement):
    """A customs agreement with Mexico in final review, its signatories designated and its authority to
    negotiate recorded by the grant step, not yet confirmed."""
    agreement = bring_to(world, make_agreement(type="cmaa", country="MX", languages=["en", "es"]), "final_review")
    designate_signatories(world, agreement)
    db.session.commit()
    return agreement


def _record(api, aid: int, **fields) -> dict:
    return _ok(api("pm").post(f"/agreements/{aid}/authorities", json={**CONCLUDE, **fields}), 201)


def _confirm_all(api, aid: int) -> None:
    for authority in _ok(api("pm").get(f"/agreements/{aid}/authorities"))["items"]:
        if authority["confirmed_by"] is None:
            _ok(api("la").post(f"/agreements/{aid}/authorities/{authority['id']}/confirm"))


def _conform(api, aid: int) -> None:
    """The legal advisor records that the English and Spanish texts of the current version conform."""
    _ok(api("la").post(f"/agreements/{aid}/conformity", json={"note": "Both texts read against each other."}), 201)


def _change_text(api, aid: int) -> None:
    """Reopen, fill in the place of signature in a new version, and agree the text again."""
    _ok(api("la").fire(aid, "reopen_negotiation", comment="Fill in the place of signature."))
    text = simple_text(("en", "es"))
    text["final_clauses"]["en"] = "Done at Mexico City, in duplicate (en)."
    _ok(api("pm").post(f"/agreements/{aid}/versions", json=text), 201)
    _ok(api("mexico").fire(aid, "agree_text"))


def test_a_program_manager_records_the_authority_with_the_granting_official_s_title(api, cmaa):
    authority = _record(api, cmaa.id)
    assert authority == {
        **authority,
        "kind": "conclude",
        "granted_by": "Jordan Example",
        "granted_by_title": GRANTED_BY_TITLE,
        "granted_on": "2026-03-01",
        "covers_current_text": True,
        "recorded_by": "pm@agreements.test",
        "confirmed_by": None,
        "confirmed_at": None,
    }
    detail = _ok(api("la").get(f"/agreements/{cmaa.id}"))
    assert [a["kind"] for a in detail["authorities"]] == ["negotiate", "conclude"]
    assert detail["authorities"][0]["granted_by_title"] == GRANTED_BY_TITLE
    assert detail["certifications"] == []


def test_a_legal_advisor_may_not_record_an_authority(api, cmaa):
    body = assert_problem(api("la").post(f"/agreements/{cmaa.id}/authorities", json=CONCLUDE), 403)
    assert "Only program managers record authorities" in body["detail"]


@pytest.mark.parametrize(
    ("title", "words"),
    [("", "granting official's title"), ("Legal Adviser", "Assistant Secretary level or above")],
)
def test_an_authority_to_conclude_needs_a_title_at_the_assistant_secretary_level(api, cmaa, title, words):
    response = api("pm").post(f"/agreements/{cmaa.id}/authorities", json={**CONCLUDE, "granted_by_title": title})
    body = assert_problem(response, 422, words)
    assert set(body["errors"]) == {"granted_by_title"}
    assert words in body["errors"]["granted_by_title"]


def test_a_legal_advisor_confirms_once_and_the_trail_records_it(api, cmaa):
    authority = _record(api, cmaa.id)
    url = f"/agreements/{cmaa.id}/authorities/{authority['id']}/confirm"
    assert_problem(api("pm").post(url), 403, "Only legal advisors confirm")
    confirmed = _ok(api("la").post(url))
    assert confirmed["id"] == authority["id"] and confirmed["confirmed_by"] == "la@agreements.test"
    assert confirmed["confirmed_at"]
    assert_problem(api("la2").post(url), 409, "already confirmed")
    event = _ok(api("pm").get(f"/agreements/{cmaa.id}/events"))["items"][-1]
    assert (event["trigger"], event["from"], event["to"], event["actor"]) == (
        "confirm_authority",
        "final_review",
        "final_review",
        "la@agreements.test",
    )
    assert event["data"]["reference"] == "C175-2026-041"


def test_confirming_what_does_not_exist_or_cannot_be_seen_is_404(api, cmaa):
    authority = _record(api, cmaa.id)
    assert_problem(api("la").post(f"/agreements/{cmaa.id}/authorities/999/confirm"), 404, "No authority 999")
    assert_problem(api("la").post(f"/agreements/99999/authorities/{authority['id']}/confirm"), 404)
    # An attaché of another country does not see the agreement at all.
    assert_problem(api("moscow").post(f"/agreements/{cmaa.id}/authorities/{authority['id']}/confirm"), 404)


def test_clearance_waits_for_the_confirmation_with_the_reason(api, cmaa):
    _record(api, cmaa.id)
    _conform(api, cmaa.id)
    refused = assert_problem(api("la").fire(cmaa.id, "clear_for_signature"), 422)
    assert refused["reasons"] == [
        "A legal advisor must confirm the authority to negotiate (C175-2026-017) before clearing for signature.",
        "A legal advisor must confirm the authority to conclude (C175-2026-041) before clearing for signature.",
    ]
    _confirm_all(api, cmaa.id)
    assert _ok(api("la").fire(cmaa.id, "clear_for_signature"))["state"] == "awaiting_signature"


def test_a_change_certified_not_substantive_keeps_the_authority(api, cmaa):
    _record(api, cmaa.id)
    _confirm_all(api, cmaa.id)
    _change_text(api, cmaa.id)
    stale = assert_problem(api("la").fire(cmaa.id, "clear_for_signature"), 422)
    assert any("the text changed, re-clear it" in r for r in stale["reasons"])

    url = f"/agreements/{cmaa.id}/certifications"
    note = "The place of signature filled in; nothing else changed."
    assert_problem(api("pm").post(url, json={"note": note}), 403, "Only legal advisors certify")
    certified = _ok(api("la").post(url, json={"note": f"  {note} "}), 201)
    detail = _ok(api("pm").get(f"/agreements/{cmaa.id}"))
    assert certified == {
        **certified,
        "to_hash": detail["current_sha256"],
        "version": 2,
        "note": note,
        "certified_by": "la@agreements.test",
    }
    assert certified["from_hash"] == detail["authorities"][1]["text_hash"] != certified["to_hash"]
    assert detail["certifications"] == [certified]
    assert [a["covers_current_text"] for a in detail["authorities"]] == [True, True]
    events = _ok(api("pm").get(f"/agreements/{cmaa.id}/events"))["items"]
    assert (events[-1]["trigger"], events[-1]["comment"]) == ("certify_not_substantive", note)

    _conform(api, cmaa.id)
    assert _ok(api("la").fire(cmaa.id, "clear_for_signature"))["state"] == "awaiting_signature"
    assert_problem(api("la").post(url, json={"note": note}), 409, "before it is cleared for signature")


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "note"), ({"note": "  "}, "note"), ({"note": 3}, "note"), ({"note": "x", "why": "y"}, "why")],
)
def test_a_certification_needs_a_note_and_nothing_else(api, cmaa, body, field):
    _record(api, cmaa.id)
    _change_text(api, cmaa.id)
    refused = assert_problem(api("la").post(f"/agreements/{cmaa.id}/certifications", json=body), 422)
    assert field in refused["errors"]


def test_nothing_to_certify_is_409_and_an_unseen_agreement_404(api, cmaa, world):
    _record(api, cmaa.id)
    url = f"/agreements/{cmaa.id}/certifications"
    assert_problem(api("la").post(url, json={"note": "No change."}), 409, "already cover the current text")
    assert_problem(api("la").post("/agreements/99999/certifications", json={"note": "x"}), 404)
    assert_problem(api("moscow").post(url, json={"note": "x"}), 404)
    take(world, cmaa, "withdraw")
    assert_problem(api("la").post(url, json={"note": "x"}), 409, "withdrawn")
