"""POST/GET /api/v1/agreements/{id}/transmittals and POST …/publication: what was sent to the State
Department's treaty office and when State published it, and how the agreement's deadlines answer."""

from __future__ import annotations

import pytest
from services.lifecycle import bring_to, take

from agreements.db import db
from agreements.services import documents

from .support import assert_problem

TEXT = {"kind": "text", "sent_on": "2026-04-03", "reference": "OIA-LT-2026-0041", "languages": ["en", "ru"]}


@pytest.fixture
def signed_cmaa(world, make_agreement):
    """A binding CMAA with Russia (English and Russian), signed on 26 March 2026."""
    return bring_to(world, make_agreement(type="cmaa"), "signed")


def _deadline(body: dict, key: str) -> dict:
    return {d["key"]: d for d in body["deadlines"]}[key]


def test_a_program_manager_records_the_text_sent_on_time(api, signed_cmaa):
    signed = documents.signed_document(signed_cmaa)
    r = api("pm").post(f"/agreements/{signed_cmaa.id}/transmittals", json={**TEXT, "documents": [signed.id]})
    assert r.status_code == 201, r.get_data(as_text=True)
    sent = r.get_json()
    assert sent["kind"] == "text" and sent["sent_on"] == "2026-04-03" and sent["reference"] == "OIA-LT-2026-0041"
    assert sent["languages"] == ["en", "ru"] and sent["recorded_by"] == "pm@agreements.test"
    assert sent["documents"] == [
        {"id": signed.id, "kind": "signed", "filename": signed.filename, "sha256": signed.sha256}
    ]

    listed = api("moscow").get(f"/agreements/{signed_cmaa.id}/transmittals").get_json()
    assert listed["items"] == [sent] and listed["nothing_to_transmit"] is None
    assert listed["deadline"]["progress"] == "done_on_time"
    assert listed["deadline"]["summary"] == "sent on 3 April 2026, on time"

    agreement = api("pm").get(f"/agreements/{signed_cmaa.id}").get_json()
    assert agreement["transmittals"] == [sent]
    transmittal = _deadline(agreement, "transmittal")
    assert transmittal["done_on"] == "2026-04-03" and transmittal["due_on"] == "2026-04-10"
    assert transmittal["days_left"] is None and transmittal["days_late"] == 0


def test_a_text_sent_late_says_by_how_many_days(api, signed_cmaa):
    r = api("pm").post(f"/agreements/{signed_cmaa.id}/transmittals", json={**TEXT, "sent_on": "2026-04-20"})
    assert r.status_code == 201
    transmittal = _deadline(api("pm").get(f"/agreements/{signed_cmaa.id}").get_json(), "transmittal")
    assert (transmittal["progress"], transmittal["days_late"]) == ("done_late", 10)
    assert transmittal["summary"] == "sent on 20 April 2026, 10 days late"


def test_until_sent_the_deadline_is_overdue_and_says_since_when(api, signed_cmaa):
    transmittal = _deadline(api("pm").get(f"/agreements/{signed_cmaa.id}").get_json(), "transmittal")
    assert transmittal["progress"] == "overdue" and transmittal["status"] == "past"
    assert transmittal["done_on"] is None
    assert transmittal["days_left"] < 0
    assert transmittal["summary"] == f"due 10 April 2026 (was due {-transmittal['days_left']} days ago)"


def test_a_missing_language_is_named(api, signed_cmaa):
    r = api("pm").post(f"/agreements/{signed_cmaa.id}/transmittals", json={**TEXT, "languages": ["en"]})
    body = assert_problem(r, 422, "Russian (ru) is missing")
    assert "Russian (ru) is missing" in body["errors"]["languages"]
    assert api("pm").get(f"/agreements/{signed_cmaa.id}/transmittals").get_json()["items"] == []


def test_dates_before_signature_or_in_the_future_are_refused(api, signed_cmaa):
    early = api("pm").post(f"/agreements/{signed_cmaa.id}/transmittals", json={**TEXT, "sent_on": "2026-03-01"})
    assert "before the signature" in assert_problem(early, 422)["errors"]["sent_on"]
    future = api("pm").post(f"/agreements/{signed_cmaa.id}/transmittals", json={**TEXT, "sent_on": "2099-01-01"})
    assert "in the future" in assert_problem(future, 422)["errors"]["sent_on"]


def test_an_unknown_field_is_refused(api, signed_cmaa):
    r = api("pm").post(f"/agreements/{signed_cmaa.id}/transmittals", json={**TEXT, "arrived_on": "2026-04-04"})
    assert "arrived_on" in assert_problem(r, 422)["errors"]


@pytest.mark.parametrize("who", ["la", "moscow", "admin"])
def test_only_program_managers_record_one(api, signed_cmaa, who):
    r = api(who).post(f"/agreements/{signed_cmaa.id}/transmittals", json=TEXT)
    assert_problem(r, 403, "Only program managers")
    publication = api(who).post(
        f"/agreements/{signed_cmaa.id}/publication", json={"published_on": "2026-07-30", "citation": "TIAS 26-730"}
    )
    assert_problem(publication, 403, "Only program managers")


def test_an_agreement_the_attache_cannot_see_is_not_found(api, signed_cmaa):
    assert_problem(api("mexico").get(f"/agreements/{signed_cmaa.id}/transmittals"), 404)
    assert_problem(api("mexico").post(f"/agreements/{signed_cmaa.id}/transmittals", json=TEXT), 404)
    assert_problem(api("pm").get("/agreements/999999/transmittals"), 404)


def test_nothing_is_transmitted_for_a_memorandum_that_is_not_reportable(api, world, make_agreement):
    mou = bring_to(world, make_agreement(), "in_force")
    r = api("pm").post(f"/agreements/{mou.id}/transmittals", json=TEXT)
    assert_problem(r, 409, "Nothing is to be transmitted", "not reportable")
    listed = api("pm").get(f"/agreements/{mou.id}/transmittals").get_json()
    assert listed["deadline"] is None and "Nothing is to be transmitted" in listed["nothing_to_transmit"]
    agreement = api("pm").get(f"/agreements/{mou.id}").get_json()
    assert agreement["deadlines"] == [] and agreement["publication"]["rule"] is None


def test_the_transmittal_is_an_event_of_the_trail(api, signed_cmaa):
    api("pm").post(f"/agreements/{signed_cmaa.id}/transmittals", json=TEXT)
    event = api("pm").get(f"/agreements/{signed_cmaa.id}/events").get_json()["items"][-1]
    assert event["trigger"] == "record_transmittal" and event["from"] == event["to"] == "signed"
    assert event["data"]["kind"] == "text" and event["data"]["languages"] == "en, ru"
    assert event["comment"].endswith("on 3 April 2026 under OIA-LT-2026-0041: on time.")


def test_the_publication_is_recorded_and_shown(api, world, signed_cmaa):
    early = api("pm").post(
        f"/agreements/{signed_cmaa.id}/publication", json={"published_on": "2026-07-30", "citation": "TIAS 26-730"}
    )
    assert_problem(early, 409, "not in force yet")
    take(world, signed_cmaa, "enter_into_force")
    before = api("pm").get(f"/agreements/{signed_cmaa.id}").get_json()
    assert before["publication"] == {
        "rule": "within_120_days_of_entry_into_force",
        "responsible": "state_department",
        "published_on": None,
        "citation": None,
        "due_on": "2026-08-13",
        "summary": "State publishes within 120 days of entry into force (by 13 August 2026)",
    }
    assert _deadline(before, "publication")["days_left"] is None

    wrong = api("pm").post(
        f"/agreements/{signed_cmaa.id}/publication", json={"published_on": "2026-04-01", "citation": "TIAS 26-730"}
    )
    assert "before the entry into force" in assert_problem(wrong, 422)["errors"]["published_on"]
    r = api("pm").post(
        f"/agreements/{signed_cmaa.id}/publication", json={"published_on": "2026-07-30", "citation": "TIAS 26-730"}
    )
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["summary"] == "published on 30 July 2026 (TIAS 26-730)"
    after = api("moscow").get(f"/agreements/{signed_cmaa.id}").get_json()
    assert after["publication"]["published_on"] == "2026-07-30" and after["publication"]["citation"] == "TIAS 26-730"
    assert _deadline(after, "publication")["progress"] == "done_on_time"
    events = api("pm").get(f"/agreements/{signed_cmaa.id}/events").get_json()["items"]
    assert events[-1]["trigger"] == "record_publication" and events[-1]["from"] == events[-1]["to"] == "in_force"


def test_a_qualifying_non_binding_instrument_is_published_in_batches(api, world, make_agreement):
    mou = make_agreement()
    mou.is_reportable = True
    db.session.commit()
    bring_to(world, mou, "in_force")
    publication = api("pm").get(f"/agreements/{mou.id}").get_json()["publication"]
    assert publication["rule"] == "in_batches_every_120_days" and publication["due_on"] is None
    assert publication["summary"] == "published by the State Department in batches every 120 days"
