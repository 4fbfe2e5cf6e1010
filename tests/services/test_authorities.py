"""Authorities as records of who authorised what: recorded by a program manager with the granting official's
title, confirmed by a legal advisor; changes of text a legal advisor certifies not substantive."""

from __future__ import annotations

import pytest
from conftest import simple_text

from agreements.db import db
from agreements.errors import Conflict, GuardFailed, InvalidInput, NotFound, PermissionDenied
from agreements.services import authorities, parties, versions
from agreements.services.audit import list_events
from agreements.services.transitions import fire_transition

from .lifecycle import (
    GRANTED_BY_TITLE,
    TODAY,
    bring_to,
    confirm_authorities,
    designate_signatories,
    record_conclude_authority,
    record_languages_conform,
    take,
)

CONCLUDE = {
    "kind": "conclude",
    "reference": "C175-2026-041",
    "granted_by": "Jordan Example",
    "granted_by_title": GRANTED_BY_TITLE,
    "granted_on": "2026-03-01",
}
REOPENED = "The counterpart asks to correct Article 2."
DATE_AND_PLACE = "Date and place of signature filled in; nothing else changed."


def _cmaa(world, make_agreement, state="final_review"):
    """A customs agreement brought to ``state`` the usual way (its authority to negotiate recorded, unconfirmed)."""
    return bring_to(world, make_agreement(type="cmaa", country="MX", languages=["en", "es"]), state)


def _clear(world, agreement):
    """Fire clear_for_signature as the legal advisor; the step's outcome, or GuardFailed."""
    moved = fire_transition(world["la"], agreement.id, "clear_for_signature", today=TODAY)
    db.session.commit()
    return moved


def _refusal(world, agreement) -> list[str]:
    """Why clear_for_signature is refused now."""
    with pytest.raises(GuardFailed) as refused:
        _clear(world, agreement)
    db.session.rollback()
    return refused.value.reasons


def _change_text(world, agreement, **final_clauses):
    """Reopen negotiation, save a new version (its final clauses as given), and agree the text again."""
    take(world, agreement, "reopen_negotiation")
    text = simple_text(tuple(agreement.languages))
    text["final_clauses"] = {**text["final_clauses"], **final_clauses}
    version = versions.save_version(world["pm"], agreement, text)
    db.session.commit()
    take(world, agreement, "agree_text")
    return version


def _certify(world, agreement, note=DATE_AND_PLACE, who="la"):
    certification = authorities.certify_not_substantive(world[who], agreement, note)
    db.session.commit()
    return certification


def _ready(world, agreement):
    """Signatories designated and the authority to conclude recorded and confirmed (with the one to negotiate)."""
    designate_signatories(world, agreement)
    record_conclude_authority(world, agreement)
    db.session.commit()


# --- recording -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title",
    [
        "Assistant Secretary of State for International Narcotics and Law Enforcement Affairs",
        "Acting Assistant Secretary, Bureau of Western Hemisphere Affairs",
        "Under Secretary for Civilian Security, Democracy, and Human Rights",
        "Deputy Secretary of State",
        "Secretary of State",
    ],
)
def test_an_authority_to_conclude_comes_from_the_assistant_secretary_level_or_above(world, make_agreement, title):
    cmaa = make_agreement(type="cmaa")
    authority = parties.record_authority(world["pm"], cmaa, {**CONCLUDE, "granted_by_title": title})
    db.session.commit()
    assert (authority.granted_by, authority.granted_by_title) == ("Jordan Example", title)
    assert authority.reference == "C175-2026-041" and authority.text_hash == cmaa.current_version.sha256


@pytest.mark.parametrize(
    "title",
    ["Legal Adviser", "Deputy Assistant Secretary for Narcotics Affairs", "Director, Office of Treaty Affairs"],
)
def test_below_that_level_the_authority_to_conclude_is_refused_saying_why(world, make_agreement, title):
    cmaa = make_agreement(type="cmaa")
    with pytest.raises(InvalidInput) as refused:
        parties.record_authority(world["pm"], cmaa, {**CONCLUDE, "granted_by_title": title})
    message = refused.value.errors["granted_by_title"]
    assert "Assistant Secretary level or above" in message and "11 FAM 724" in message
    assert f"“{title}” is not" in message
    db.session.rollback()
    assert cmaa.authorities == []


def test_the_title_is_required_and_any_title_may_authorise_negotiation(world, make_agreement):
    cmaa = make_agreement(type="cmaa")
    with pytest.raises(InvalidInput) as refused:
        parties.record_authority(world["pm"], cmaa, {**CONCLUDE, "granted_by_title": "  "})
    assert "title" in refused.value.errors["granted_by_title"]
    db.session.rollback()
    negotiate = {**CONCLUDE, "kind": "negotiate", "granted_by_title": "Legal Adviser"}
    assert parties.record_authority(world["pm"], cmaa, negotiate).granted_by_title == "Legal Adviser"


@pytest.mark.parametrize("who", ["la", "moscow", "admin"])
def test_only_program_managers_record_authorities(world, make_agreement, who):
    cmaa = make_agreement(type="cmaa")
    with pytest.raises(PermissionDenied, match="Only program managers record authorities"):
        parties.record_authority(world[who], cmaa, CONCLUDE)


def test_the_grant_step_records_the_title_of_who_granted_the_authority_to_negotiate(world, make_agreement):
    cmaa = _cmaa(world, make_agreement, "negotiation")
    (negotiate,) = cmaa.authorities
    assert (negotiate.kind, negotiate.granted_by_title, negotiate.confirmed_at) == ("negotiate", GRANTED_BY_TITLE, None)


# --- confirming ------------------------------------------------------------------------------------------
def test_a_legal_advisor_confirms_an_authority_and_the_trail_says_so(world, make_agreement):
    cmaa = _cmaa(world, make_agreement, "negotiation")
    (negotiate,) = cmaa.authorities
    confirmed = authorities.confirm_authority(world["la"], cmaa, negotiate.id)
    db.session.commit()
    assert confirmed.confirmed_by.email == "la@agreements.test" and confirmed.confirmed_at is not None
    event = list_events(cmaa)[-1]
    assert (event.trigger, event.from_state, event.to_state, event.actor) == (
        "confirm_authority",
        "negotiation",
        "negotiation",
        "la@agreements.test",
    )
    assert event.data["reference"] == "C175-2026-017" and event.data["kind"] == "negotiate"
    assert cmaa.state == "negotiation"


@pytest.mark.parametrize("who", ["pm", "mexico", "admin"])
def test_only_legal_advisors_confirm(world, make_agreement, who):
    cmaa = _cmaa(world, make_agreement, "negotiation")
    with pytest.raises(PermissionDenied, match="Only legal advisors confirm"):
        authorities.confirm_authority(world[who], cmaa, cmaa.authorities[0].id)


def test_an_authority_is_confirmed_once_and_only_one_of_the_agreement(world, make_agreement):
    cmaa = _cmaa(world, make_agreement, "negotiation")
    other = make_agreement(type="cmaa")
    parties.record_authority(world["pm"], other, CONCLUDE)
    db.session.commit()
    authorities.confirm_authority(world["la"], cmaa, cmaa.authorities[0].id)
    db.session.commit()
    with pytest.raises(Conflict, match="already confirmed, by Lee Advisor"):
        authorities.confirm_authority(world["la2"], cmaa, cmaa.authorities[0].id)
    with pytest.raises(NotFound):
        authorities.confirm_authority(world["la"], cmaa, other.authorities[0].id)
    with pytest.raises(NotFound):
        authorities.confirm_authority(world["la"], cmaa, "1")


def test_clearance_for_signature_waits_for_the_confirmations_and_says_which(world, make_agreement):
    cmaa = _cmaa(world, make_agreement)
    designate_signatories(world, cmaa)
    record_conclude_authority(world, cmaa, confirm=False)
    record_languages_conform(world, cmaa)
    db.session.commit()
    assert _refusal(world, cmaa) == [
        "A legal advisor must confirm the authority to negotiate (C175-2026-017) before clearing for signature.",
        "A legal advisor must confirm the authority to conclude (C175-2026-041) before clearing for signature.",
    ]
    negotiate, conclude = cmaa.authorities
    authorities.confirm_authority(world["la"], cmaa, negotiate.id)
    db.session.commit()
    assert _refusal(world, cmaa) == [
        "A legal advisor must confirm the authority to conclude (C175-2026-041) before clearing for signature."
    ]
    authorities.confirm_authority(world["la"], cmaa, conclude.id)
    db.session.commit()
    assert _clear(world, cmaa).to_state == "awaiting_signature"


# --- changes certified not substantive -------------------------------------------------------------------
def test_a_change_certified_not_substantive_keeps_the_authority_to_conclude(world, make_agreement):
    cmaa = _cmaa(world, make_agreement)
    _ready(world, cmaa)
    covered = cmaa.current_version
    changed = _change_text(world, cmaa, en="Done at Washington, on 26 March 2026, in duplicate (en).")
    assert any("re-clear it" in reason for reason in _refusal(world, cmaa))

    certification = _certify(world, cmaa)
    assert (certification.from_hash, certification.to_hash) == (covered.sha256, changed.sha256)
    assert (certification.version_number, certification.note) == (changed.number, DATE_AND_PLACE)
    assert certification.certified_by.email == "la@agreements.test"
    event = list_events(cmaa)[-1]
    assert (event.trigger, event.from_state, event.to_state, event.comment) == (
        "certify_not_substantive",
        "final_review",
        "final_review",
        DATE_AND_PLACE,
    )
    assert event.data == {"from_version": covered.number, "from_hash": covered.sha256, "to_hash": changed.sha256}
    assert all(authorities.covers_current_text(cmaa, a) for a in cmaa.authorities)
    record_languages_conform(world, cmaa)
    assert _clear(world, cmaa).to_state == "awaiting_signature"


def test_an_uncertified_change_must_be_re_cleared_even_after_a_certified_one(world, make_agreement):
    cmaa = _cmaa(world, make_agreement)
    _ready(world, cmaa)
    _change_text(world, cmaa, en="Done at Washington, in duplicate (en).")
    _certify(world, cmaa)
    _change_text(world, cmaa, en="Done at Washington, in duplicate; it may be terminated at any time (en).")
    record_languages_conform(world, cmaa)  # the texts conform: what is left is the authority
    db.session.commit()
    (reason,) = _refusal(world, cmaa)
    assert reason.startswith("The authority to conclude covers an earlier text: the text changed, re-clear it")
    assert not authorities.covers_current_text(cmaa, cmaa.authorities[1])


def test_certifications_chain_from_the_last_text_an_authority_covers(world, make_agreement):
    cmaa = _cmaa(world, make_agreement)
    _ready(world, cmaa)
    first = _change_text(world, cmaa, en="Done at Washington (en).")
    _certify(world, cmaa, "Place filled in.")
    # Two versions saved before the next certificate: it leads from the last covered one, the first change.
    _change_text(world, cmaa, en="Done at Washington, on 26 (en).")
    second = _change_text(world, cmaa, en="Done at Washington, on 26 March 2026 (en).")
    chained = _certify(world, cmaa, "Date filled in.")
    assert (chained.from_hash, chained.to_hash) == (first.sha256, second.sha256)
    record_languages_conform(world, cmaa)
    assert _clear(world, cmaa).to_state == "awaiting_signature"


def test_only_legal_advisors_certify_with_a_note_while_the_text_is_open(world, make_agreement):
    cmaa = _cmaa(world, make_agreement)
    _ready(world, cmaa)
    with pytest.raises(Conflict, match="already cover the current text"):
        _certify(world, cmaa)
    _change_text(world, cmaa, en="Done at Washington (en).")
    with pytest.raises(PermissionDenied, match="Only legal advisors certify"):
        _certify(world, cmaa, who="pm")
    for note in ("", "   ", None):
        with pytest.raises(InvalidInput) as refused:
            _certify(world, cmaa, note)
        assert "not substantive" in refused.value.errors["note"]
    db.session.rollback()
    assert cmaa.text_certifications == []
    _certify(world, cmaa)
    record_languages_conform(world, cmaa)
    _clear(world, cmaa)
    with pytest.raises(Conflict, match="before it is cleared for signature; this agreement is awaiting signature"):
        _certify(world, cmaa)


def test_nothing_to_certify_without_an_authority_for_an_earlier_text(world, make_agreement):
    cmaa = _cmaa(world, make_agreement, "negotiation")
    negotiated = versions.save_version(world["pm"], cmaa, simple_text(("en", "es"), articles=3))
    db.session.commit()
    assert negotiated.number == 2
    # The authority to negotiate covers version 1: the change from it may be certified.
    assert _certify(world, cmaa).to_hash == negotiated.sha256
    fresh = make_agreement(type="cmaa")
    versions.save_version(world["pm"], fresh, simple_text(articles=3))
    db.session.commit()
    with pytest.raises(Conflict, match="No authority covers an earlier version"):
        _certify(world, fresh)


def test_the_lifecycle_recipes_confirm_what_they_record(world, make_agreement):
    cmaa = _cmaa(world, make_agreement, "awaiting_signature")
    assert [(a.kind, a.confirmed_by.email) for a in cmaa.authorities] == [
        ("negotiate", "la@agreements.test"),
        ("conclude", "la@agreements.test"),
    ]
    confirm_authorities(world, cmaa)  # nothing left to confirm: no error, no event
    assert [e.trigger for e in list_events(cmaa)].count("confirm_authority") == 2
