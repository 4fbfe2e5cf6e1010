"""Acknowledging the wording check's findings over the API: the legal advisor's reason, for one version."""

from __future__ import annotations

from services.lifecycle import bring_to, designate_signatories

from agreements.db import db

from .support import assert_problem

SHALL = "shall|Art. 1|en|shall"
WITNESS = "in_witness_whereof|Final clauses|en|IN WITNESS WHEREOF"


def _agreed_mou(api, world, make_agreement):
    """An MOU in English in final review, its text (version 1) in binding wording, signatories designated."""
    mou = make_agreement(with_text=False, languages=["en"])
    text = {
        "articles": [
            {"number": "1", "heading": {"en": "Contacts"}, "body": {"en": "Each Participant shall designate one."}}
        ],
        "final_clauses": {"en": "IN WITNESS WHEREOF, the undersigned have signed this Memorandum."},
    }
    assert api("pm").post(f"/api/v1/agreements/{mou.id}/versions", json=text).status_code == 201
    bring_to(world, mou, "final_review")
    designate_signatories(world, mou)
    db.session.commit()
    return mou


def _acknowledge(api, who, mou, finding, reason="The counterpart's wording, accepted in round 2."):
    return api(who).post(
        f"/api/v1/agreements/{mou.id}/lint/acknowledgements", json={"finding": finding, "reason": reason}
    )


def test_the_report_gives_each_finding_a_key_to_acknowledge(api, world, make_agreement):
    mou = _agreed_mou(api, world, make_agreement)
    report = api("la").get(f"/api/v1/agreements/{mou.id}/lint").get_json()
    assert [(i["key"], i["suggestion"], i["acknowledgement"]) for i in report["items"]] == [
        (SHALL, "will", None),
        (WITNESS, "Signed at [place], on [date]", None),
    ]
    assert report["unacknowledged"] == 2


def test_clearance_waits_until_a_legal_advisor_acknowledges_every_finding(api, world, make_agreement):
    mou = _agreed_mou(api, world, make_agreement)
    refused = assert_problem(api("la").fire(mou.id, "clear_for_signature"), 422, "2 unacknowledged findings")
    assert refused["reasons"] == [
        "The wording check has 2 unacknowledged findings (Art. 1 (en): “shall”; Final clauses (en): "
        "“IN WITNESS WHEREOF”): revise the text or have a legal advisor acknowledge them."
    ]

    response = _acknowledge(api, "la", mou, SHALL)
    assert response.status_code == 201, response.get_json()
    assert response.get_json() == {
        **response.get_json(),
        "finding": SHALL,
        "version": 1,
        "reason": "The counterpart's wording, accepted in round 2.",
        "acknowledged_by": world["la"].email,
        "acknowledged_by_name": "Lee Advisor",
    }
    assert_problem(api("la").fire(mou.id, "clear_for_signature"), 422, "1 unacknowledged finding", "IN WITNESS")

    assert _acknowledge(api, "la2", mou, WITNESS).status_code == 201
    report = api("pm").get(f"/api/v1/agreements/{mou.id}/lint").get_json()
    assert report["unacknowledged"] == 0
    assert [i["acknowledgement"]["acknowledged_by"] for i in report["items"]] == [
        world["la"].email,
        world["la2"].email,
    ]
    cleared = api("la").fire(mou.id, "clear_for_signature")
    assert cleared.status_code == 200 and cleared.get_json()["state"] == "awaiting_signature"


def test_the_acknowledgement_is_in_the_trail(api, world, make_agreement):
    mou = _agreed_mou(api, world, make_agreement)
    assert _acknowledge(api, "la", mou, SHALL, "Quoted from the statute.").status_code == 201
    last = api("pm").get(f"/api/v1/agreements/{mou.id}/events").get_json()["items"][-1]
    assert (last["trigger"], last["from"], last["to"], last["actor"]) == (
        "acknowledge_wording",
        "final_review",
        "final_review",
        world["la"].email,
    )
    assert (last["comment"], last["version"], last["data"]["finding"]) == ("Quoted from the statute.", 1, SHALL)


def test_only_legal_advisors_acknowledge_and_a_foreign_attache_sees_nothing(api, world, make_agreement):
    mou = _agreed_mou(api, world, make_agreement)
    assert_problem(_acknowledge(api, "pm", mou, SHALL), 403, "legal advisors")
    assert_problem(_acknowledge(api, "moscow", mou, SHALL), 403, "legal advisors")
    assert_problem(_acknowledge(api, "mexico", mou, SHALL), 404)
    assert_problem(_acknowledge(api, None, mou, SHALL), 401)
    assert api("la").get(f"/api/v1/agreements/{mou.id}/lint").get_json()["unacknowledged"] == 2


def test_a_reason_and_a_finding_of_the_current_text_are_required(api, world, make_agreement):
    mou = _agreed_mou(api, world, make_agreement)
    problem = assert_problem(_acknowledge(api, "la", mou, SHALL, "  "), 422, "reason")
    assert set(problem["errors"]) == {"reason"}
    problem = assert_problem(_acknowledge(api, "la", mou, "shall|Art. 9|en|shall"), 422, "version 1")
    assert set(problem["errors"]) == {"finding"}
    no_finding = api("la").post(f"/api/v1/agreements/{mou.id}/lint/acknowledgements", json={"reason": "Fine."})
    assert_problem(no_finding, 422, "finding")
    odd = api("la").post(f"/api/v1/agreements/{mou.id}/lint/acknowledgements", json={**{"finding": SHALL}, "why": "x"})
    assert_problem(odd, 422, "why")
    assert _acknowledge(api, "la", mou, SHALL).status_code == 201
    assert_problem(_acknowledge(api, "la2", mou, SHALL), 409, "already acknowledged")


def test_an_acknowledgement_of_an_earlier_version_does_not_count(api, world, make_agreement):
    mou = make_agreement(with_text=False, languages=["en"])
    text = {"articles": [{"number": "1", "heading": {"en": "Contacts"}, "body": {"en": "Each Participant shall."}}]}
    assert api("pm").post(f"/api/v1/agreements/{mou.id}/versions", json=text).status_code == 201
    bring_to(world, mou, "negotiation")
    assert _acknowledge(api, "la", mou, SHALL).status_code == 201
    assert api("pm").post(f"/api/v1/agreements/{mou.id}/versions", json=text).status_code == 201
    report = api("la").get(f"/api/v1/agreements/{mou.id}/lint").get_json()
    assert (report["version"], report["unacknowledged"]) == (2, 1)
    earlier = api("la").get(f"/api/v1/agreements/{mou.id}/lint?version=1").get_json()
    assert (earlier["unacknowledged"], earlier["items"][0]["acknowledgement"]["version"]) == (0, 1)
    bring_to(world, mou, "final_review")
    designate_signatories(world, mou)
    db.session.commit()
    assert_problem(api("la").fire(mou.id, "clear_for_signature"), 422, "1 unacknowledged finding")


def test_a_binding_agreement_takes_no_acknowledgement(api, world, make_agreement):
    cmaa = make_agreement(type="cmaa", languages=["en"], title="Agreement on customs matters")
    assert_problem(_acknowledge(api, "la", cmaa, "agreement_in_title|Title|en|Agreement"), 409, "binding")
