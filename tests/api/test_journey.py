"""A Customs Mutual Assistance Agreement with Mexico, from first draft to entry into force, through the API."""

from __future__ import annotations

from conftest import simple_text

from .support import assert_problem

CMAA = {
    "type": "cmaa",
    "title": "Agreement regarding mutual assistance between customs administrations",
    "counterpart": "Servicio de Administración Tributaria",
    "country": "MX",
    "languages": ["en", "es"],
    "areas": ["customs_assistance", "contraband_smuggling"],
    "title_translations": {"es": "Acuerdo sobre asistencia mutua entre administraciones de aduanas"},
    "party_names": {"counterpart": {"es": "el Gobierno de los Estados Unidos Mexicanos"}},
    # Article 20: it enters into force thirty days after the later of the notes.
    "entry_rule": "days_after_later_note",
    "entry_rule_days": 30,
}
SIGNED_ON = "2026-03-02"
ASSISTANT_SECRETARY = "Assistant Secretary of State for International Narcotics and Law Enforcement Affairs"


def _ok(response, status: int = 200) -> dict:
    """The body of a response that must have succeeded with ``status``."""
    assert response.status_code == status, response.get_json()
    return response.get_json()


def _to_final_review(api) -> int:
    """Open the CMAA and bring it to final review with its authority to negotiate."""
    pm, mexico, legal = api("pm"), api("mexico"), api("la")
    agreement = _ok(mexico.post("/agreements", json=CMAA), 201)
    aid = agreement["id"]
    assert agreement["is_binding"] is True and agreement["office"] == "MEX"
    _ok(mexico.post(f"/agreements/{aid}/versions", json={**simple_text(("en", "es")), "note": "Our draft"}), 201)
    assert _ok(mexico.fire(aid, "submit_for_review", comment="Draft for review."))["state"] == "legal_review"

    refused = assert_problem(legal.fire(aid, "request_authority"), 422)
    assert refused["reasons"] == ["Name the legal authority relied on (data.legal_authority)."]
    asked = legal.fire(aid, "request_authority", data={"legal_authority": "19 U.S.C. 1628; 6 U.S.C. 112"})
    assert _ok(asked)["state"] == "clearance"

    granted = pm.fire(
        aid,
        "grant_negotiation_authority",
        data={
            "reference": "C175-2026-014",
            "granted_by": "Jordan Example",
            "granted_by_title": ASSISTANT_SECRETARY,
            "granted_on": "2026-01-15",
        },
    )
    body = _ok(granted)
    assert body["state"] == "negotiation"
    assert [(a["kind"], a["reference"], a["confirmed_by"]) for a in body["authorities"]] == [
        ("negotiate", "C175-2026-014", None)
    ]
    _confirm(api, aid, body["authorities"][0]["id"])

    assert _ok(mexico.fire(aid, "agree_text", comment="Text agreed in round 2."))["state"] == "final_review"
    _conform(api, aid)
    return aid


def _conform(api, aid: int) -> dict:
    """The legal advisor records that the English and Spanish texts of the current version conform."""
    recorded = _ok(api("la").post(f"/agreements/{aid}/conformity", json={"note": "Read side by side."}), 201)
    assert recorded["languages"] == ["en", "es"]
    return recorded


def _confirm(api, aid: int, authority_id: int) -> dict:
    """The legal advisor confirms an authority the program manager recorded."""
    confirmed = _ok(api("la").post(f"/agreements/{aid}/authorities/{authority_id}/confirm"))
    assert confirmed["confirmed_by"] == "la@agreements.test" and confirmed["confirmed_at"]
    return confirmed


def _authority_to_conclude(api, aid: int, *, confirm: bool = True) -> dict:
    """Record the State Department's authority to conclude the current text (and have it confirmed)."""
    recorded = _ok(
        api("pm").post(
            f"/agreements/{aid}/authorities",
            json={
                "kind": "conclude",
                "reference": "C175-2026-031",
                "granted_by": "Jordan Example",
                "granted_by_title": ASSISTANT_SECRETARY,
                "granted_on": "2026-02-20",
            },
        ),
        201,
    )
    return _confirm(api, aid, recorded["id"]) if confirm else recorded


def _designate_signatories(api, aid: int, **signed) -> None:
    """Designate both parties' signatories (with ``signed`` fields once they signed)."""
    people = {
        "us": {"name": "Jordan Reyes", "title": "Assistant Director, International Operations", "organisation": "HSI"},
        "counterpart": {"name": "Lucía Herrera", "title": "Administradora General de Aduanas", "organisation": "SAT"},
    }
    for party, fields in people.items():
        body = _ok(api("pm").put(f"/agreements/{aid}/signatories/{party}", json={**fields, **signed}))
        assert body["party"] == party and body["name"] == fields["name"]


def test_a_cmaa_from_draft_to_entry_into_force(api):
    pm, legal = api("pm"), api("la")
    aid = _to_final_review(api)

    blocked = assert_problem(legal.fire(aid, "clear_for_signature"), 422)
    assert any("authority to conclude" in r for r in blocked["reasons"])
    assert any("signatory" in r for r in blocked["reasons"])

    authority = _authority_to_conclude(api, aid, confirm=False)
    assert authority["kind"] == "conclude" and authority["covers_current_text"] is True
    assert authority["granted_by_title"] == ASSISTANT_SECRETARY and authority["confirmed_by"] is None
    assert len(authority["text_hash"]) == 64
    _designate_signatories(api, aid)
    unconfirmed = assert_problem(legal.fire(aid, "clear_for_signature"), 422)
    assert unconfirmed["reasons"] == [
        "A legal advisor must confirm the authority to conclude (C175-2026-031) before clearing for signature."
    ]
    _confirm(api, aid, authority["id"])
    cleared = _ok(legal.fire(aid, "clear_for_signature", comment="Cleared as agreed."))
    assert cleared["state"] == "awaiting_signature"

    not_yet = assert_problem(pm.fire(aid, "sign"), 422)
    assert "Record the signature" in not_yet["reasons"][0]
    _designate_signatories(api, aid, signed_on=SIGNED_ON, place="Mexico City")
    signed = _ok(pm.fire(aid, "sign", comment="Signed in Mexico City."))
    assert signed["state"] == "signed" and signed["signed_on"] == SIGNED_ON

    early = assert_problem(pm.fire(aid, "enter_into_force", data={"in_force_on": "2026-03-01"}), 422)
    assert "cannot precede signature" in early["reasons"][0]
    notes = {"our_note_on": "2026-03-20", "their_note_on": "2026-03-31"}
    no_notes = assert_problem(pm.fire(aid, "enter_into_force", data={"in_force_on": "2026-04-30"}), 422)
    assert "give the dates of both notes" in no_notes["reasons"][0]
    by_rule = assert_problem(pm.fire(aid, "enter_into_force", data={"in_force_on": "2026-03-31", **notes}), 422)
    assert by_rule["reasons"] == [
        "By its own rule the agreement enters into force 30 days after the later note, that is on 30 April 2026; "
        "31 March 2026 was given."
    ]
    in_force = _ok(pm.fire(aid, "enter_into_force", data={"in_force_on": "2026-04-30", **notes}))
    assert in_force["state"] == "in_force" and in_force["in_force_on"] == "2026-04-30"

    events = _ok(pm.get(f"/agreements/{aid}/events"))["items"]
    assert [e["trigger"] for e in events] == [
        "create",
        "submit_for_review",
        "request_authority",
        "grant_negotiation_authority",
        "confirm_authority",
        "agree_text",
        "record_conformity",
        "record_authority",
        "confirm_authority",
        "clear_for_signature",
        "sign",
        "enter_into_force",
    ]
    assert events[2]["data"] == {"legal_authority": "19 U.S.C. 1628; 6 U.S.C. 112"}
    assert events[-1]["data"] == {"in_force_on": "2026-04-30", **notes}
    assert {e["actor"] for e in events} == {"mexico@agreements.test", "la@agreements.test", "pm@agreements.test"}
    assert all(e["prev_hash"] == p["hash"] for p, e in zip(events, events[1:], strict=False))

    # Settled: the text and the signatories no longer change.
    assert_problem(pm.post(f"/agreements/{aid}/versions", json=simple_text(("en", "es"))), 409)
    assert_problem(pm.put(f"/agreements/{aid}/signatories/us", json={"name": "X", "title": "Y"}), 409)


def test_a_text_changed_after_the_authority_to_conclude_must_be_re_cleared(api):
    pm, legal = api("pm"), api("la")
    aid = _to_final_review(api)
    _authority_to_conclude(api, aid)
    _designate_signatories(api, aid)

    reopened = legal.fire(aid, "reopen_negotiation", comment="The counterpart proposes a new article 2.")
    assert _ok(reopened)["state"] == "negotiation"
    changed = simple_text(("en", "es"), articles=3)
    _ok(pm.post(f"/agreements/{aid}/versions", json={**changed, "origin": "counterpart"}), 201)
    _ok(pm.fire(aid, "agree_text"))
    _conform(api, aid)

    stale = _ok(pm.get(f"/agreements/{aid}/authorities"))["items"]
    assert [(a["kind"], a["covers_current_text"]) for a in stale] == [("negotiate", False), ("conclude", False)]
    refused = assert_problem(legal.fire(aid, "clear_for_signature"), 422, "not possible yet")
    assert any("re-clear" in reason for reason in refused["reasons"])
    assert _ok(pm.get(f"/agreements/{aid}"))["state"] == "final_review"

    _authority_to_conclude(api, aid)
    assert _ok(legal.fire(aid, "clear_for_signature"))["state"] == "awaiting_signature"
