"""Negotiation rounds: who records them and when, what a round must say, and the counterpart's proposal."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import simple_text

from agreements.db import db
from agreements.errors import Conflict, InvalidInput, PermissionDenied
from agreements.services import versions
from agreements.services.rounds import list_rounds, record_round
from agreements.services.transitions import fire_transition

ROUND = {
    "held_on": "2026-10-14",
    "format": "in_person",
    "place": "Moscow",
    "participants": "ICE: J. Smith; Investigative Committee: I. Petrov",
    "summary": "Agreed on articles 1 and 2; the counterpart will send a revised article 2.",
}


@pytest.fixture
def negotiating(world, make_agreement):
    """An MOU with Russia in negotiation, with version 1 of the text."""
    agreement = make_agreement()
    fire_transition(world["pm"], agreement.id, "submit_for_review")
    fire_transition(world["la"], agreement.id, "clear_for_negotiation")
    db.session.commit()
    return agreement


def _their_text() -> dict:
    text = simple_text()
    text["articles"][1]["body"] = {"en": "The Participants will exchange information.", "ru": "Участники обмениваются."}
    return text


def test_an_attache_records_a_round_in_person(world, negotiating):
    entry = record_round(world["moscow"], negotiating, ROUND)
    db.session.commit()
    assert (entry.held_on, entry.format, entry.place) == (dt.date(2026, 10, 14), "in_person", "Moscow")
    assert entry.participants.startswith("ICE: J. Smith")
    assert entry.recorded_by == world["moscow"] and entry.version is None
    assert list_rounds(negotiating) == [entry]


def test_a_proposal_becomes_a_new_version_marked_as_the_counterparts(world, negotiating):
    entry = record_round(world["pm"], negotiating, {**ROUND, "proposal": _their_text()})
    db.session.commit()
    assert entry.version.number == 2 and entry.version.origin == "counterpart"
    assert entry.version.note == "Counterpart proposal, round of 2026-10-14"
    assert negotiating.current_version_number == 2
    assert (
        versions.get_version(negotiating, 2).articles[1]["body"]["en"] == "The Participants will exchange information."
    )


def test_a_proposal_keeps_its_own_note(world, negotiating):
    entry = record_round(
        world["pm"], negotiating, {**ROUND, "proposal": {**_their_text(), "note": "Their draft of 3 Oct"}}
    )
    assert entry.version.note == "Their draft of 3 Oct"


def test_a_round_can_point_at_a_version_already_saved(world, negotiating):
    versions.save_version(world["pm"], negotiating, {**_their_text(), "origin": "counterpart"})
    entry = record_round(world["pm"], negotiating, {**ROUND, "format": "video", "place": "", "version": "2"})
    assert entry.version.number == 2 and entry.place == ""


def test_rounds_are_listed_newest_first(world, negotiating):
    first = record_round(world["pm"], negotiating, {**ROUND, "held_on": "2026-09-01"})
    third = record_round(world["pm"], negotiating, {**ROUND, "held_on": "2026-11-01", "format": "written", "place": ""})
    second = record_round(world["pm"], negotiating, {**ROUND, "held_on": "2026-10-01"})
    assert list_rounds(negotiating) == [third, second, first]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"held_on": ""}, "held_on", "date the round was held"),
        ({"held_on": "14/10/2026"}, "held_on", "YYYY-MM-DD"),
        ({"held_on": "2999-01-01"}, "held_on", "future"),
        ({"format": "phone"}, "format", "in_person, video, written"),
        ({"place": ""}, "place", "place of a round held in person"),
        ({"place": "x" * 201}, "place", "200"),
        ({"participants": "x" * 2001}, "participants", "2,000"),
        ({"summary": "   "}, "summary", "summary"),
        ({"summary": "x" * 10001}, "summary", "10,000"),
        ({"summary": 12}, "summary", "text"),
        ({"version": "9"}, "version", "no version 9"),
        ({"version": "1", "proposal": simple_text()}, "version", "not both"),
        ({"proposal": "their text"}, "proposal", "whole text"),
        ({"proposal": {**simple_text(), "origin": "ours"}}, "proposal.origin", "unknown"),
        ({"proposal": {"articles": [{"number": "1", "body": {"fr": "Texte"}}]}}, "proposal.articles[1].body", "fr"),
    ],
)
def test_a_round_that_does_not_say_what_it_must_is_refused(world, negotiating, change, field, words):
    with pytest.raises(InvalidInput) as error:
        record_round(world["pm"], negotiating, {**ROUND, **change})
    assert field in error.value.errors
    assert words.lower() in error.value.detail.lower()
    db.session.rollback()
    assert list_rounds(negotiating) == [] and negotiating.current_version_number == 1


def test_a_refused_round_saves_no_proposal(world, negotiating):
    with pytest.raises(InvalidInput):
        record_round(world["pm"], negotiating, {**ROUND, "summary": "", "proposal": _their_text()})
    assert negotiating.current_version_number == 1


@pytest.mark.parametrize("who", ["la", "admin"])
def test_only_drafters_record_rounds(world, negotiating, who):
    with pytest.raises(PermissionDenied):
        record_round(world[who], negotiating, ROUND)


def test_an_attache_of_another_office_may_not(world, negotiating):
    with pytest.raises(PermissionDenied):
        record_round(world["mexico"], negotiating, ROUND)


def test_rounds_are_recorded_only_in_negotiation(world, make_agreement):
    drafting = make_agreement()
    with pytest.raises(Conflict) as error:
        record_round(world["pm"], drafting, ROUND)
    assert "in negotiation" in error.value.detail and "drafting" in error.value.detail
