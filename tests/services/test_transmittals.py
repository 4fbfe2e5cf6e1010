"""Transmittals to the State Department's treaty office (22 CFR 181.7) and the State Department's
publication (181.9), through the services: what is recorded, what is refused, and how the deadlines answer."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements.db import db
from agreements.errors import Conflict, InvalidInput, PermissionDenied
from agreements.services import audit, deadlines, documents, transmittals

from .lifecycle import IN_FORCE_ON, SIGNED_ON, bring_to, take

DUE_ON = SIGNED_ON + dt.timedelta(days=15)  # 10 April 2026


def _text(sent_on: str = "2026-04-03", **fields) -> dict:
    """A transmittal of the concluded text in English and Russian."""
    return {"kind": "text", "sent_on": sent_on, "reference": "OIA-LT-2026-0041", "languages": ["en", "ru"], **fields}


def _send(world, agreement, fields: dict, who: str = "pm"):
    """Record a transmittal and commit it."""
    sent = transmittals.record_transmittal(world[who], agreement, fields)
    db.session.commit()
    return sent


def _refused(world, agreement, fields: dict, who: str = "pm") -> InvalidInput:
    """The InvalidInput a transmittal is refused with (rolled back)."""
    with pytest.raises(InvalidInput) as refused:
        transmittals.record_transmittal(world[who], agreement, fields)
    db.session.rollback()
    return refused.value


def _transmittal(agreement, today: dt.date = dt.date(2026, 12, 1)) -> deadlines.Deadline:
    (deadline, *_) = deadlines.deadlines_for(agreement, today=today)
    assert deadline.key == "transmittal"
    return deadline


@pytest.fixture
def signed_cmaa(world, make_agreement):
    """A binding CMAA with Russia in English and Russian, signed on 26 March 2026, not yet in force."""
    return bring_to(world, make_agreement(type="cmaa"), "signed")


# --- the deadline answers ------------------------------------------------------------------------------
def test_before_anything_is_sent_the_deadline_counts_down_then_is_overdue(signed_cmaa):
    soon = _transmittal(signed_cmaa, today=SIGNED_ON + dt.timedelta(days=10))
    assert (soon.status, soon.summary, soon.days_left) == ("open", "due 10 April 2026 (in 5 days)", 5)
    assert soon.done_on is None and soon.responsible == "agency"
    late = _transmittal(signed_cmaa, today=SIGNED_ON + dt.timedelta(days=20))
    assert (late.status, late.summary) == ("overdue", "due 10 April 2026 (was due 5 days ago)")


def test_a_text_sent_within_fifteen_days_is_done_on_time(world, signed_cmaa):
    _send(world, signed_cmaa, _text("2026-04-03"))
    deadline = _transmittal(signed_cmaa)
    assert deadline.status == "done_on_time"
    assert deadline.summary == "sent on 3 April 2026, on time"
    assert deadline.done_on == dt.date(2026, 4, 3) and deadline.days_left is None


def test_a_text_sent_on_the_fifteenth_day_is_still_on_time_and_on_the_sixteenth_a_day_late(
    world, signed_cmaa, make_agreement
):
    _send(world, signed_cmaa, _text(DUE_ON.isoformat()))
    deadline = _transmittal(signed_cmaa)
    assert (deadline.status, deadline.summary) == ("done_on_time", "sent on 10 April 2026, on time")
    other = bring_to(world, make_agreement(type="cmaa", title="Another CMAA"), "signed")
    _send(world, other, _text((DUE_ON + dt.timedelta(days=1)).isoformat()))
    deadline = _transmittal(other)
    assert (deadline.status, deadline.summary) == ("done_late", "sent on 11 April 2026, 1 day late")


def test_a_text_sent_after_fifteen_days_is_done_late_by_so_many_days(world, signed_cmaa):
    _send(world, signed_cmaa, _text("2026-04-20"))
    deadline = _transmittal(signed_cmaa)
    assert (deadline.status, deadline.days_late) == ("done_late", 10)
    assert deadline.summary == "sent on 20 April 2026, 10 days late"


def test_the_first_text_sent_answers_the_deadline(world, signed_cmaa):
    _send(world, signed_cmaa, _text("2026-04-20", reference="OIA-LT-2026-0050"))
    _send(world, signed_cmaa, _text("2026-04-08", reference="OIA-LT-2026-0044"))
    assert _transmittal(signed_cmaa).summary == "sent on 8 April 2026, on time"
    assert [t.reference for t in transmittals.list_transmittals(signed_cmaa)] == [
        "OIA-LT-2026-0044",
        "OIA-LT-2026-0050",
    ]


# --- what is checked -----------------------------------------------------------------------------------
def test_the_text_goes_in_every_language_signed_and_the_missing_one_is_named(world, signed_cmaa):
    refused = _refused(world, signed_cmaa, _text(languages=["en"]))
    assert "Russian (ru) is missing" in refused.errors["languages"]
    assert "181.7(a)(1)" in refused.errors["languages"]
    assert signed_cmaa.transmittals == []


def test_a_language_the_agreement_is_not_in_is_refused(world, signed_cmaa):
    refused = _refused(world, signed_cmaa, _text(languages=["en", "ru", "fr"]))
    assert "'fr' is not a language of" in refused.errors["languages"]
    assert "English (en), Russian (ru)" in refused.errors["languages"]


def test_it_cannot_be_sent_before_signature(world, signed_cmaa):
    refused = _refused(world, signed_cmaa, _text("2026-03-20"))
    assert "before the signature (26 March 2026)" in refused.errors["sent_on"]


def test_it_cannot_be_sent_in_the_future(world, signed_cmaa):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert "is in the future" in _refused(world, signed_cmaa, _text(tomorrow.isoformat())).errors["sent_on"]


def test_a_reference_a_date_and_a_kind_are_required(world, signed_cmaa):
    refused = _refused(world, signed_cmaa, {"languages": ["en", "ru"]})
    assert set(refused.errors) == {"kind", "reference", "sent_on"}
    assert "Give the reference" in refused.errors["reference"]


def test_only_program_managers_record_a_transmittal(world, signed_cmaa):
    for who in ("la", "moscow", "admin"):
        with pytest.raises(PermissionDenied, match="Only program managers"):
            transmittals.record_transmittal(world[who], signed_cmaa, _text())
        db.session.rollback()


def test_nothing_is_transmitted_for_a_memorandum_that_is_not_reportable(world, make_agreement):
    mou = bring_to(world, make_agreement(), "in_force")
    with pytest.raises(Conflict, match="Nothing is to be transmitted") as refused:
        transmittals.record_transmittal(world["pm"], mou, _text())
    assert "not reportable" in refused.value.detail
    assert deadlines.deadlines_for(mou) == []


def test_nothing_is_transmitted_before_signature(world, make_agreement):
    cmaa = bring_to(world, make_agreement(type="cmaa"), "awaiting_signature")
    with pytest.raises(Conflict, match="not signed yet"):
        transmittals.record_transmittal(world["pm"], cmaa, _text())


def test_the_signed_document_sent_is_kept_by_name_and_hash(world, signed_cmaa):
    signed = documents.signed_document(signed_cmaa)
    sent = _send(world, signed_cmaa, _text(documents=[str(signed.id)]))
    assert sent.documents == [{"id": signed.id, "kind": "signed", "filename": signed.filename, "sha256": signed.sha256}]
    refused = _refused(world, signed_cmaa, _text(documents=[signed.id + 100]))
    assert f"No document {signed.id + 100} is kept with {signed_cmaa.reference}" in refused.errors["documents"]


def test_the_notice_of_entry_into_force_follows_entry_into_force(world, signed_cmaa):
    notice = {"kind": "entry_into_force", "sent_on": "2026-04-16", "reference": "OIA-LT-2026-0060"}
    assert "has not entered into force yet" in _refused(world, signed_cmaa, notice).errors["kind"]
    take(world, signed_cmaa, "enter_into_force")
    early = _refused(world, signed_cmaa, {**notice, "sent_on": "2026-04-12"})
    assert f"before the entry into force ({IN_FORCE_ON.day} April 2026)" in early.errors["sent_on"]
    sent = _send(world, signed_cmaa, notice)
    assert sent.kind == "entry_into_force" and sent.languages == []
    # The notice is not the text: the fifteen days still wait for the text.
    assert _transmittal(signed_cmaa).status == "overdue"


def test_a_qualifying_non_binding_instrument_sends_its_text_but_has_no_entry_into_force(world, make_agreement):
    mou = make_agreement()
    mou.is_reportable = True
    db.session.commit()
    bring_to(world, mou, "in_force")
    notice = {"kind": "entry_into_force", "sent_on": "2026-04-01", "reference": "X"}
    assert "Only a binding agreement enters into force" in _refused(world, mou, notice).errors["kind"]
    _send(world, mou, _text("2026-04-01"))
    assert _transmittal(mou).summary == "sent on 1 April 2026, on time"


def test_each_transmittal_is_an_event_of_the_trail(world, signed_cmaa):
    _send(world, signed_cmaa, _text("2026-04-03"))
    event = audit.list_events(signed_cmaa)[-1]
    assert event.trigger == "record_transmittal" and event.actor == "pm@agreements.test"
    assert event.from_state == event.to_state == "signed"
    assert event.data["reference"] == "OIA-LT-2026-0041" and event.data["sent_on"] == "2026-04-03"
    assert event.comment == (
        "The concluded text, in English and Russian, sent to the treaty office (L/T) on 3 April 2026 "
        "under OIA-LT-2026-0041: on time."
    )
    assert audit.verify_trails()[2] == []


# --- publication: the State Department's --------------------------------------------------------------
def _publish(world, agreement, published_on: str = "2026-07-30", citation: str = "TIAS 26-730", who: str = "pm"):
    transmittals.record_publication(world[who], agreement, {"published_on": published_on, "citation": citation})
    db.session.commit()


def test_publication_is_the_state_department_s_and_is_not_counted_down(world, signed_cmaa):
    take(world, signed_cmaa, "enter_into_force")
    (_, publication) = deadlines.deadlines_for(signed_cmaa, today=IN_FORCE_ON + dt.timedelta(days=10))
    assert publication.responsible == "state_department" and publication.days_left is None
    assert publication.summary == "State publishes within 120 days of entry into force (by 13 August 2026)"
    assert publication.urgency == "info"


def test_a_publication_recorded_is_shown_with_its_citation(world, signed_cmaa):
    take(world, signed_cmaa, "enter_into_force")
    _publish(world, signed_cmaa)
    (_, publication) = deadlines.deadlines_for(signed_cmaa)
    assert publication.summary == "published on 30 July 2026 (TIAS 26-730)"
    assert (publication.status, publication.done_on) == ("done_on_time", dt.date(2026, 7, 30))
    event = audit.list_events(signed_cmaa)[-1]
    assert (event.trigger, event.from_state, event.to_state) == ("record_publication", "in_force", "in_force")
    assert event.data == {"published_on": "2026-07-30", "citation": "TIAS 26-730"}


def test_publication_comes_after_entry_into_force_and_not_in_the_future(world, signed_cmaa):
    with pytest.raises(Conflict, match="not in force yet"):
        _publish(world, signed_cmaa)
    db.session.rollback()
    take(world, signed_cmaa, "enter_into_force")
    for day, words in (("2026-04-01", "before the entry into force"), ("2099-01-01", "is in the future")):
        with pytest.raises(InvalidInput) as refused:
            _publish(world, signed_cmaa, day)
        assert words in refused.value.errors["published_on"]
        db.session.rollback()
    with pytest.raises(InvalidInput, match="Give the citation"):
        _publish(world, signed_cmaa, citation=" ")
    db.session.rollback()
    with pytest.raises(PermissionDenied):
        _publish(world, signed_cmaa, who="la")
    assert signed_cmaa.published_on is None


def test_a_qualifying_non_binding_instrument_is_published_in_batches_not_by_a_date(world, make_agreement):
    mou = make_agreement()
    mou.is_reportable = True
    db.session.commit()
    bring_to(world, mou, "in_force")
    (_, publication) = deadlines.deadlines_for(mou)
    assert publication.due_on is None and publication.status == "open"
    assert publication.summary == "published by the State Department in batches every 120 days"
    _publish(world, mou, SIGNED_ON.isoformat(), "State Department, QNBI batch 2026-2")
    (_, publication) = deadlines.deadlines_for(mou)
    assert publication.status == "done"
    assert publication.summary == "published on 26 March 2026 (State Department, QNBI batch 2026-2)"


def test_nothing_is_published_for_a_memorandum_that_is_not_reportable(world, make_agreement):
    mou = bring_to(world, make_agreement(), "in_force")
    with pytest.raises(Conflict, match="Nothing is published"):
        _publish(world, mou)
