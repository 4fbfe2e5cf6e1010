"""Dates that make sense: nothing signed, authorised or noticed in the future or before 1945, and each in its order."""

from __future__ import annotations

import datetime as dt

import pytest

from agreements.db import db
from agreements.errors import GuardFailed, InvalidInput
from agreements.services import parties
from agreements.services.transitions import fire_transition

from .lifecycle import TODAY, bring_to, designate_signatories

TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("signed_on", "words"),
    [(TOMORROW, "is in the future"), ("2031-05-01", "is in the future"), ("1899-01-01", "is before 1945")],
)
def test_a_signature_date_that_cannot_be(world, make_agreement, signed_on, words):
    agreement = bring_to(world, make_agreement(type="loi"), "awaiting_signature")
    with pytest.raises(InvalidInput) as raised:
        parties.set_signatory(
            world["pm"],
            agreement,
            "us",
            {"name": "John Morton", "title": "Director", "signed_on": signed_on, "place": "Washington"},
        )
    assert words in raised.value.errors["signed_on"]


def test_the_sign_step_checks_the_dates_too(world, make_agreement):
    """Even a date that reached the row another way is refused at signature."""
    agreement = bring_to(world, make_agreement(type="loi"), "awaiting_signature")
    designate_signatories(world, agreement, signed=True)
    agreement.signatories[0].signed_on = dt.date(2031, 5, 1)
    db.session.commit()
    with pytest.raises(GuardFailed) as raised:
        fire_transition(world["pm"], agreement.id, "sign", today=TODAY)
    assert any("in the future" in r for r in raised.value.reasons)


@pytest.mark.parametrize(
    ("granted_on", "words"), [("2030-01-01", "is in the future"), ("1901-02-03", "is before 1945")]
)
def test_an_authority_dated_where_it_cannot_be(world, make_agreement, granted_on, words):
    agreement = bring_to(world, make_agreement(type="cmaa"), "negotiation")
    with pytest.raises(InvalidInput) as raised:
        parties.record_authority(
            world["pm"],
            agreement,
            {"kind": "conclude", "reference": "C175-1", "granted_by": "Department of State", "granted_on": granted_on},
        )
    assert words in raised.value.errors["granted_on"]


def test_our_signature_comes_under_an_authority_already_granted(world, make_agreement):
    agreement = bring_to(world, make_agreement(type="cmaa"), "awaiting_signature")  # conclude granted 1 March 2026
    parties.set_signatory(
        world["pm"],
        agreement,
        "us",
        {"name": "John Morton", "title": "Director", "signed_on": "2026-02-15", "place": "Washington"},
    )
    parties.set_signatory(
        world["pm"],
        agreement,
        "counterpart",
        {"name": "Elena Leonenko", "title": "Deputy", "signed_on": "2026-02-15", "place": "Washington"},
    )
    db.session.commit()
    with pytest.raises(GuardFailed) as raised:
        fire_transition(world["pm"], agreement.id, "sign", today=TODAY)
    assert any("precedes the authority to conclude (1 March 2026)" in r for r in raised.value.reasons)


def test_notice_comes_after_entry_into_force(world, make_agreement):
    agreement = bring_to(world, make_agreement(), "in_force")  # in effect since 26 March 2026
    with pytest.raises(GuardFailed) as raised:
        fire_transition(
            world["pm"],
            agreement.id,
            "give_notice",
            comment="Ending it.",
            data={"notice_on": "2026-01-10", "effective_on": "2026-09-01"},
            today=TODAY,
        )
    assert any("after coming into effect (26 March 2026)" in r for r in raised.value.reasons)  # non-binding
    db.session.rollback()
    with pytest.raises(GuardFailed) as raised:
        fire_transition(
            world["pm"],
            agreement.id,
            "give_notice",
            comment="Ending it.",
            data={"notice_on": "2027-01-10", "effective_on": "2027-09-01"},
            today=TODAY,
        )
    assert any("is in the future" in r for r in raised.value.reasons)


def test_entry_into_force_is_recorded_when_it_happens(world, make_agreement):
    agreement = bring_to(world, make_agreement(type="cmaa"), "signed")
    with pytest.raises(GuardFailed) as raised:
        fire_transition(world["pm"], agreement.id, "enter_into_force", data={"in_force_on": "2027-06-01"}, today=TODAY)
    assert any("Entry into force (1 June 2027) is in the future" in r for r in raised.value.reasons)
