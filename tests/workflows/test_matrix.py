"""Who may fire what (SPEC §3): every trigger of every type against every role, allowed or refused (403)."""

from __future__ import annotations

import pytest
from services.lifecycle import ACTOR_FOR_ROLE, RECIPES, TODAY, bring_to, prepare

from agreements.db import db
from agreements.errors import PermissionDenied
from agreements.models import Event
from agreements.services.transitions import current_state, fire_transition
from agreements.workflows import workflow_for

LA, PM, AT, ADMIN, SYSTEM = "legal_advisor", "program_manager", "attache", "admin", "system"
EVERYONE = (LA, PM, AT, ADMIN, SYSTEM)

# SPEC §3, "who": the only roles that may fire each trigger. Everyone else gets 403.
WHO = {
    "submit_for_review": {PM, AT},
    "return_for_revision": {LA},
    "clear_for_negotiation": {LA},
    "request_authority": {LA},
    "grant_negotiation_authority": {PM},
    "agree_text": {PM, AT},
    "reopen_negotiation": {LA, PM},
    "clear_for_signature": {LA},
    "sign": {PM},
    "enter_into_force": {PM},
    "expire": {SYSTEM},
    "renew": {SYSTEM},
    "give_notice": {PM},
    "terminate": {PM, SYSTEM},
    "withdraw": {PM},
    "abandon": {PM},
}
TRIGGERS = {
    "mou": (
        "submit_for_review",
        "return_for_revision",
        "clear_for_negotiation",
        "agree_text",
        "reopen_negotiation",
        "clear_for_signature",
        "sign",
        "expire",
        "renew",
        "give_notice",
        "terminate",
        "withdraw",
    ),
    "loi": (
        "submit_for_review",
        "return_for_revision",
        "clear_for_signature",
        "sign",
        "expire",
        "renew",
        "give_notice",
        "terminate",
        "withdraw",
    ),
    "cmaa": (
        "submit_for_review",
        "return_for_revision",
        "request_authority",
        "grant_negotiation_authority",
        "agree_text",
        "reopen_negotiation",
        "clear_for_signature",
        "sign",
        "enter_into_force",
        "expire",
        "renew",
        "give_notice",
        "terminate",
        "withdraw",
        "abandon",
    ),
}

MATRIX = [
    pytest.param(kind, trigger, role, role in WHO[trigger], id=f"{kind}-{trigger}-{role}")
    for kind, triggers in TRIGGERS.items()
    for trigger in triggers
    for role in EVERYONE
]


def test_the_matrix_covers_every_trigger_of_every_table():
    for kind, triggers in TRIGGERS.items():
        assert set(triggers) == set(workflow_for(kind).triggers), kind


def test_the_moc_runs_the_mou_table():
    # The matrix walks the MOU only; should the MOC ever get a table of its own, give it its own rows here.
    assert workflow_for("moc").steps is workflow_for("mou").steps


@pytest.mark.parametrize(("kind", "trigger", "role", "allowed"), MATRIX)
def test_who_may_fire(world, make_agreement, kind, trigger, role, allowed):
    agreement = make_agreement(type=kind)
    step = next(s for s in workflow_for(kind).steps if s.trigger == trigger)
    bring_to(world, agreement, step.source[0])
    prepare(world, agreement, trigger)
    before = current_state(agreement.id)
    events_before = db.session.query(Event).filter_by(agreement_id=agreement.id).count()
    recipe = RECIPES[trigger]
    actor = ACTOR_FOR_ROLE[role]
    who = world[actor] if actor else None

    def fire():
        return fire_transition(who, agreement.id, trigger, comment=recipe.comment, data=dict(recipe.data), today=TODAY)

    if allowed:
        fire()
        db.session.commit()
        assert current_state(agreement.id)[0] == step.dest
        assert db.session.query(Event).filter_by(agreement_id=agreement.id).count() == events_before + 1
    else:
        with pytest.raises(PermissionDenied) as refused:
            fire()
        db.session.rollback()
        assert refused.value.detail.startswith("Only ")
        assert current_state(agreement.id) == before
        assert db.session.query(Event).filter_by(agreement_id=agreement.id).count() == events_before
