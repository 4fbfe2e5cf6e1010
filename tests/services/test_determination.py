"""The determination is the legal advisor's, made in legal review, and the workflow follows it."""

from __future__ import annotations

import pytest

from agreements.db import db
from agreements.errors import Conflict, InvalidInput, PermissionDenied
from agreements.services import audit, determination
from agreements.services.transitions import available_transitions

from .lifecycle import bring_to, take

BINDING = {
    "is_binding": True,
    "is_reportable": True,
    "basis": {
        "criteria": {"intent": True, "significance": True, "specificity": True, "two_parties": True, "form": True},
        "note": "Articles 3 to 6 create obligations the Governments intend to be bound by.",
        "state_reference": "L/T 2026-114",
    },
}
NON_BINDING_QNBI = {
    "is_binding": False,
    "is_reportable": True,
    "basis": {
        "criteria": {"intent": False},
        "qnbi": {"foreign_policy_impact": True, "congressional_request": False},
        "note": "Political commitments only, but of real weight for relations with the Russian Federation.",
    },
}


def in_review(world, make_agreement, **fields):
    agreement = make_agreement(**fields)
    take(world, agreement, "submit_for_review")
    return agreement


def triggers(world, agreement, who="la"):
    return [a.step.trigger for a in available_transitions(world[who], agreement)]


def test_an_mou_ruled_binding_follows_the_binding_track(world, make_agreement):
    agreement = in_review(world, make_agreement)
    assert "clear_for_negotiation" in triggers(world, agreement)
    determination.determine(world["la"], agreement, BINDING)
    db.session.commit()
    assert agreement.is_binding and agreement.is_reportable
    assert triggers(world, agreement) == ["return_for_revision", "request_authority"]
    bring_to(world, agreement, "signed")  # through clearance, both authorities, signature
    assert agreement.state == "signed"
    take(world, agreement, "enter_into_force")
    assert agreement.state == "in_force"


def test_the_determination_is_in_the_trail(world, make_agreement):
    agreement = in_review(world, make_agreement)
    determination.determine(world["la"], agreement, NON_BINDING_QNBI)
    db.session.commit()
    event = audit.list_events(agreement)[-1]
    assert (event.trigger, event.from_state, event.to_state, event.actor) == (
        "determine",
        "legal_review",
        "legal_review",
        "la@agreements.test",
    )
    assert event.data["is_reportable"] is True and event.data["basis"]["qnbi"]["foreign_policy_impact"] is True
    assert "Political commitments" in event.comment
    assert agreement.determined_by == world["la"] and agreement.determination_reference == ""
    _agreements, _events, findings = audit.verify_trails()
    assert findings == []


@pytest.mark.parametrize("who", ["pm", "moscow", "admin"])
def test_only_a_legal_advisor_determines(world, make_agreement, who):
    agreement = in_review(world, make_agreement)
    with pytest.raises(PermissionDenied, match="legal advisor's determination"):
        determination.determine(world[who], agreement, BINDING)


@pytest.mark.parametrize("state", ["drafting", "negotiation", "in_force"])
def test_only_in_legal_review(world, make_agreement, state):
    agreement = bring_to(world, make_agreement(), state)
    with pytest.raises(Conflict, match="while the text is in legal review"):
        determination.determine(world["la"], agreement, BINDING)


def test_a_cmaa_cannot_be_ruled_non_binding(world, make_agreement):
    agreement = in_review(world, make_agreement, type="cmaa")
    with pytest.raises(InvalidInput) as raised:
        determination.determine(world["la"], agreement, NON_BINDING_QNBI)
    assert "cannot be determined non-binding" in raised.value.errors["is_binding"]


def test_binding_needs_each_criterion_and_is_always_reported(world, make_agreement):
    agreement = in_review(world, make_agreement)
    weak = {**BINDING, "is_reportable": False, "basis": {**BINDING["basis"], "criteria": {"intent": True}}}
    with pytest.raises(InvalidInput) as raised:
        determination.determine(world["la"], agreement, weak)
    errors = raised.value.errors
    assert "(2) the arrangement is significant" in errors["criteria"]
    assert "(1) the parties intend" not in errors["criteria"]
    assert "always reported" in errors["is_reportable"]
    db.session.rollback()
    assert agreement.is_binding is False  # nothing changed


def test_non_binding_answers_the_reporting_test(world, make_agreement):
    agreement = in_review(world, make_agreement)
    unanswered = {**NON_BINDING_QNBI, "basis": {**NON_BINDING_QNBI["basis"], "qnbi": {}}}
    with pytest.raises(InvalidInput) as raised:
        determination.determine(world["la"], agreement, unanswered)
    assert "qualifying non-binding instrument" in raised.value.errors["qnbi"]
    wrong = {**NON_BINDING_QNBI, "is_reportable": False}
    with pytest.raises(InvalidInput) as raised:
        determination.determine(world["la"], agreement, wrong)
    assert "is_reportable is true" in raised.value.errors["is_reportable"]
    intends = {**NON_BINDING_QNBI, "basis": {**NON_BINDING_QNBI["basis"], "criteria": {"intent": True}}}
    with pytest.raises(InvalidInput) as raised:
        determination.determine(world["la"], agreement, intends)
    assert "then the text is binding" in raised.value.errors["criteria"]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"is_binding": "yes", "is_reportable": True, "basis": BINDING["basis"]}, "is_binding", "or non-binding"),
        ({"is_binding": True, "is_reportable": True, "basis": "It is binding."}, "basis", "Give the basis"),
        ({**BINDING, "basis": {**BINDING["basis"], "note": " "}}, "note", "Say in a note why"),
        ({**BINDING, "basis": {**BINDING["basis"], "criteria": {"intent": "yes"}}}, "criteria", "true or false"),
        ({**BINDING, "basis": {**BINDING["basis"], "criteria": {"luck": True}}}, "criteria", "no question 'luck'"),
    ],
)
def test_bad_input_names_the_problem(world, make_agreement, fields, field, words):
    agreement = in_review(world, make_agreement)
    with pytest.raises(InvalidInput) as raised:
        determination.determine(world["la"], agreement, fields)
    assert words in raised.value.errors[field]


def test_ruled_back_to_non_binding_in_review_leaves_the_binding_track(world, make_agreement):
    agreement = in_review(world, make_agreement)
    determination.determine(world["la"], agreement, BINDING)
    db.session.commit()
    determination.determine(world["la"], agreement, NON_BINDING_QNBI)
    db.session.commit()
    assert "clear_for_negotiation" in triggers(world, agreement)
    assert "request_authority" not in triggers(world, agreement)


def test_a_binding_agreement_signed_but_never_in_force_is_abandoned_with_a_reason(world, make_agreement):
    from agreements.errors import GuardFailed
    from agreements.services.transitions import fire_transition

    agreement = bring_to(world, make_agreement(type="cmaa"), "signed")
    with pytest.raises(GuardFailed, match="comment is required"):
        fire_transition(world["pm"], agreement.id, "abandon", comment="")
    db.session.rollback()
    take(world, agreement, "abandon")
    assert agreement.state == "withdrawn"
    assert audit.list_events(agreement)[-1].comment == "The counterpart's parliament declined to approve it."
