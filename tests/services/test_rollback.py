"""An exception anywhere during a transition leaves no trace once the edge rolls back."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from agreements.db import db
from agreements.models import Agreement
from agreements.services.audit import verify_trails
from agreements.services.transitions import fire_transition
from agreements.workflows import Context, workflow_for

from .lifecycle import RECIPES, TODAY, bring_to, prepare, take


class Boom(RuntimeError):
    """The failure a test injects."""


def committed(agreement_id: int):
    """The agreement's row and trail as another connection sees them."""
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT state, lock_version, audit_head, cleared_hash, notice_on, termination_effective_on, "
                "signed_on, in_force_on FROM agreements WHERE id = :id"
            ),
            {"id": agreement_id},
        ).one()
        trail = conn.execute(
            text("SELECT seq, trigger, to_state, hash FROM events WHERE agreement_id = :id ORDER BY seq"),
            {"id": agreement_id},
        ).all()
        authorities = conn.execute(
            text("SELECT count(*) FROM authorities WHERE agreement_id = :id"), {"id": agreement_id}
        ).scalar()
    return tuple(row), [tuple(e) for e in trail], authorities


def _fire(world, agreement, trigger):
    recipe = RECIPES[trigger]
    actor = world[recipe.actor] if recipe.actor else None
    return fire_transition(actor, agreement.id, trigger, comment=recipe.comment, data=dict(recipe.data), today=TODAY)


def _break_the_audit_row(monkeypatch, agreement, seen):
    def record_event(moved, *args, **kwargs):
        seen.append(moved.state)
        raise Boom("the audit row could not be written")

    monkeypatch.setattr("agreements.services.transitions.record_event", record_event)


def _break_an_effect(monkeypatch, agreement, seen):
    # The effects of give_notice and grant_negotiation_authority read their dates through this name;
    # the agreement they act on is the one in the step's context (the row the transition locked).
    contexts = []

    def context(*args, **kwargs):
        contexts.append(Context(*args, **kwargs))
        return contexts[-1]

    def parse_date(value):
        seen.append(contexts[-1].agreement.state)
        raise Boom("an effect failed half-way")

    monkeypatch.setattr("agreements.services.transitions.Context", context)
    monkeypatch.setattr("agreements.workflows.effects.parse_date", parse_date)


def _break_after_the_sql_ran(monkeypatch, agreement, seen):
    """The row and the event were both written (plain SQL, or a flush): then the connection fails."""
    engine = db.engine

    def after_execute(conn, _cursor, statement, _parameters, _context, _executemany):
        if "INSERT INTO EVENTS" in statement.upper():  # alone, or after the row's UPDATE in a WITH
            row = conn.exec_driver_sql("SELECT state FROM agreements WHERE id = " + str(int(agreement.id))).scalar()
            seen.append(row)
            raise Boom("the connection dropped after the writes")

    event.listen(engine, "after_cursor_execute", after_execute)
    return lambda: event.remove(engine, "after_cursor_execute", after_execute)


def _break_at_the_edge(monkeypatch, agreement, seen):
    """Nothing breaks inside the service; the edge fails afterwards (e.g. rendering), before its commit."""


FAILURES = {
    "audit row": _break_the_audit_row,
    "effect": _break_an_effect,
    "after the SQL ran": _break_after_the_sql_ran,
    "at the edge": _break_at_the_edge,
}
# How each failure shows, so that a test knows the failure it injected is the one that struck.
STRUCK = {
    "audit row": "the audit row could not be written",
    "effect": "an effect failed half-way",
    "after the SQL ran": "the connection dropped after the writes",
    "at the edge": "the page could not be rendered",
}
CASES = [
    ("mou", "legal_review", "clear_for_negotiation", "audit row"),
    ("mou", "awaiting_signature", "sign", "audit row"),
    ("mou", "in_force", "give_notice", "effect"),
    ("cmaa", "clearance", "grant_negotiation_authority", "effect"),
    ("mou", "final_review", "clear_for_signature", "after the SQL ran"),
    ("loi", "termination_pending", "terminate", "after the SQL ran"),
    ("cmaa", "signed", "enter_into_force", "at the edge"),
]


@pytest.mark.parametrize(("kind", "state", "trigger", "failure"), CASES, ids=[f"{c[2]}-{c[3]}" for c in CASES])
def test_a_failed_transition_leaves_no_trace(world, make_agreement, monkeypatch, kind, state, trigger, failure):
    agreement = make_agreement(type=kind)
    bring_to(world, agreement, state)
    prepare(world, agreement, trigger)
    dest = workflow_for(kind).step(trigger, state).dest
    before = committed(agreement.id)
    seen: list = []
    cleanup = FAILURES[failure](monkeypatch, agreement, seen)
    try:
        with pytest.raises(Boom, match=STRUCK[failure]):
            _fire(world, agreement, trigger)
            seen.append(agreement.state)  # the service did its work; the edge now fails
            raise Boom("the page could not be rendered")
    finally:
        if cleanup:
            cleanup()
        db.session.rollback()  # what every edge does on an error

    assert seen == [dest]  # the failure struck after the state had changed (in memory, or in the database)
    assert committed(agreement.id) == before
    assert db.session.get(Agreement, agreement.id).state == state
    assert verify_trails()[2] == []

    monkeypatch.undo()
    take(world, agreement, trigger, prepared=True)  # nothing left behind stands in the way of doing it again
    after = committed(agreement.id)
    assert after[0][0] == dest
    assert after[0][1] == before[0][1] + 1
    assert [e[1] for e in after[1]] == [e[1] for e in before[1]] + [trigger]
