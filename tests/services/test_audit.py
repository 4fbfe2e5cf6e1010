"""The audit trail: hash-chained per agreement, append-only in the database, checked by `agreements audit verify`."""

from __future__ import annotations

import hashlib
import hmac
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from agreements.db import db, is_postgresql
from agreements.models import Agreement, Event
from agreements.services.audit import _digest, list_events, verify_trails
from agreements.services.audit_key import audit_key

from .lifecycle import bring_to, take


def trail(world, make_agreement, state="negotiation", **fields):
    """An MOU whose trail is create, submit, return (with a comment), submit, clear."""
    mou = make_agreement(**fields)
    bring_to(world, mou, "legal_review")
    take(world, mou, "return_for_revision")
    bring_to(world, mou, state)
    return mou


@contextmanager
def append_only_lifted():
    """Lift the database's refusal to change the trail, as someone with the server's keys could."""
    if is_postgresql():
        db.session.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
        db.session.commit()
        try:
            yield
        finally:
            db.session.rollback()
            db.session.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))
            db.session.commit()
    else:
        db.session.execute(text("DROP TRIGGER IF EXISTS events_no_update"))
        db.session.execute(text("DROP TRIGGER IF EXISTS events_no_delete"))
        db.session.commit()
        yield  # this test's database file is thrown away afterwards


def tamper(sql: str, **params) -> None:
    """Change the trail behind the application's back."""
    with append_only_lifted():
        db.session.execute(text(sql), params)
        db.session.commit()
    db.session.expire_all()


def verify(runner):
    """Run `agreements audit verify`; return (exit code, lines)."""
    result = runner.invoke(["audit", "verify"])
    return result.exit_code, result.output.strip().splitlines()


def test_each_event_is_chained_to_the_one_before(world, make_agreement):
    mou = trail(world, make_agreement)
    events = list_events(mou)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash is None
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert all(len(e.hash) == 64 for e in events)
    assert len({e.hash for e in events}) == 5
    assert mou.audit_head == events[-1].hash
    assert all(_digest(e, mou.id) == e.hash for e in events)


def test_trails_of_different_agreements_are_separate_chains(world, make_agreement):
    first = trail(world, make_agreement)
    second = make_agreement(title="Second memorandum")
    assert list_events(second)[0].prev_hash is None
    assert [e.seq for e in list_events(second)] == [1]
    assert verify_trails() == (2, 6, [])
    assert first.audit_head != second.audit_head


def test_verify_passes_an_intact_trail(world, make_agreement, runner):
    trail(world, make_agreement)
    make_agreement(type="loi")
    code, lines = verify(runner)
    assert code == 0
    assert lines == [
        "OK: 6 events of 2 agreements, every chain intact, every seal valid.",
        "Without checkpoints, events removed past the database's triggers with the agreement's head reset (and "
        "events from before event seals rewritten) cannot be detected: add --checkpoints FOLDER.",
    ]


def test_verify_passes_an_empty_database(app, runner):
    code, lines = verify(runner)
    assert (code, lines[0]) == (0, "OK: 0 events of 0 agreements, every chain intact, every seal valid.")


def test_a_changed_comment_is_reported(world, make_agreement, runner):
    mou = trail(world, make_agreement)
    other = make_agreement(title="Untouched")
    returned = list_events(mou)[2]
    assert returned.comment
    tamper("UPDATE events SET comment = :c WHERE id = :id", c="Looks fine.", id=returned.id)

    code, lines = verify(runner)
    assert code == 1
    assert f"TAMPERED {mou.reference} event 3: changed: its content no longer matches its hash" in lines
    assert not [line for line in lines if other.reference in line]
    assert lines[-1].startswith("1 problem(s)")


@pytest.mark.parametrize(
    ("column", "value"),
    [("actor", "la2@agreements.test"), ("to_state", "negotiation"), ("created_at", "2020-01-01 00:00:00")],
)
def test_any_changed_field_is_reported(world, make_agreement, runner, column, value):
    mou = trail(world, make_agreement)
    target = list_events(mou)[1]
    tamper(f"UPDATE events SET {column} = :v WHERE id = :id", v=value, id=target.id)
    code, lines = verify(runner)
    assert code == 1
    assert f"TAMPERED {mou.reference} event 2: changed: its content no longer matches its hash" in lines


def test_a_changed_row_given_a_fresh_hash_breaks_the_chain_after_it(world, make_agreement, runner):
    mou = trail(world, make_agreement)
    returned = list_events(mou)[2]
    returned.comment = "Looks fine."
    forged = _digest(returned, mou.id)
    db.session.rollback()
    tamper("UPDATE events SET comment = 'Looks fine.', hash = :h WHERE id = :id", h=forged, id=returned.id)

    code, lines = verify(runner)
    assert code == 1
    assert f"TAMPERED {mou.reference} event 4: chain broken: the previous event was changed or removed" in lines


def test_a_removed_middle_event_is_reported(world, make_agreement, runner):
    mou = trail(world, make_agreement)
    tamper("DELETE FROM events WHERE agreement_id = :a AND seq = 3", a=mou.id)

    code, lines = verify(runner)
    assert code == 1
    assert f"TAMPERED {mou.reference} event 3: missing: the event was removed" in lines
    assert f"TAMPERED {mou.reference} event 4: chain broken: the previous event was changed or removed" in lines


def test_a_removed_last_event_is_reported(world, make_agreement, runner):
    mou = trail(world, make_agreement)
    tamper("DELETE FROM events WHERE agreement_id = :a AND seq = 5", a=mou.id)

    code, lines = verify(runner)
    assert code == 1
    assert (
        f"TAMPERED {mou.reference}: the trail ends at event 4 but the agreement records a later or different "
        "last event: event 5 was removed, or event 4 was changed"
    ) in lines


def test_a_state_changed_without_an_event_is_reported(world, make_agreement, runner):
    mou = trail(world, make_agreement)
    db.session.execute(text("UPDATE agreements SET state = 'in_force' WHERE id = :a"), {"a": mou.id})
    db.session.commit()
    code, lines = verify(runner)
    assert code == 1
    assert f"TAMPERED {mou.reference}: state in_force does not match the trail's last event" in lines


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE events SET comment = 'rewritten'",
        "UPDATE events SET hash = 'x' WHERE seq = 1",
        "DELETE FROM events WHERE seq = 2",
        "DELETE FROM events",
    ],
)
def test_the_database_refuses_to_change_or_remove_events(world, make_agreement, runner, sql):
    mou = trail(world, make_agreement)
    before = [(e.seq, e.comment, e.hash) for e in list_events(mou)]
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(sql))
    db.session.rollback()
    assert [(e.seq, e.comment, e.hash) for e in list_events(mou)] == before
    assert verify(runner)[0] == 0


def test_the_orm_cannot_rewrite_history_either(world, make_agreement):
    mou = trail(world, make_agreement)
    first = db.session.get(Event, list_events(mou)[0].id)
    first.comment = "rewritten"
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert list_events(db.session.get(Agreement, mou.id))[0].comment == ""


# --- seals ---------------------------------------------------------------------------------------------
def test_every_event_is_sealed_with_the_audit_key(app, world, make_agreement):
    mou = trail(world, make_agreement)  # created through the ORM, then moved by transitions
    app.config["AUDIT_KEY"] = "the office's audit key"
    second = make_agreement(title="Second memorandum")
    bring_to(world, second, "legal_review")
    for agreement, secret in [  # the key generated under instance/ sealed the first trail
        (mou, (Path(app.instance_path) / "audit_key").read_text().strip().encode()),
        (second, b"the office's audit key"),
    ]:
        for event in list_events(agreement):
            assert event.mac == hmac.new(secret, event.hash.encode(), hashlib.sha256).hexdigest()
            assert event.mac_key == hmac.new(secret, b"agreements audit key id", hashlib.sha256).hexdigest()[:16]
    assert {e.mac_key for e in list_events(second)} == {audit_key().key_id}
    assert {e.mac_key for e in list_events(mou)} != {audit_key().key_id}


def test_events_from_before_seals_are_counted_apart_and_a_later_one_without_is_caught(world, make_agreement, runner):
    mou = trail(world, make_agreement)
    first_three = [event.id for event in list_events(mou)[:3]]
    tamper(
        "UPDATE events SET mac = NULL, mac_key = NULL WHERE id IN (:a, :b, :c)",
        a=first_three[0],
        b=first_three[1],
        c=first_three[2],
    )
    code, lines = verify(runner)
    assert code == 0, lines
    assert lines[1] == "3 events from before event seals: covered by checkpoints only."

    tamper("UPDATE events SET mac = NULL WHERE agreement_id = :a AND seq = 5", a=mou.id)
    code, lines = verify(runner)
    assert code == 1
    assert lines[0] == (
        f"TAMPERED {mou.reference} event 5: not recorded by this system (it has no seal, and every event recorded "
        "since event seals began has one; or its seal was removed)"
    )
    assert lines[1:] == [
        "3 events from before event seals: covered by checkpoints only.",
        "1 problem(s) in the trails of 1 agreements (5 events).",
    ]


def test_a_seal_made_with_another_key_asks_for_that_key(app, world, make_agreement, runner):
    app.config["AUDIT_KEY"] = "the key of last year"
    mou = make_agreement()
    old_id = audit_key().key_id
    app.config["AUDIT_KEY"] = "the key of this year"
    take(world, mou, "submit_for_review")
    code, lines = verify(runner)
    assert code == 1
    assert lines[0] == (
        f"UNCHECKED {mou.reference} event 1: sealed with another key (id {old_id}, not this installation's "
        f"{audit_key().key_id}): set AUDIT_KEY to it to check"
    )
    assert len(lines) == 2 and "not recorded by this system" not in lines[1]
    app.config["AUDIT_KEY"] = "the key of last year"
    code, lines = verify(runner)
    assert lines[0].startswith(f"UNCHECKED {mou.reference} event 2: sealed with another key")


def test_a_seal_that_is_not_one_is_named_not_a_traceback(world, make_agreement, runner):
    mou = trail(world, make_agreement)
    tamper("UPDATE events SET mac = :m WHERE agreement_id = :a AND seq = 2", m="é" * 64, a=mou.id)
    result = runner.invoke(["audit", "verify"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"TAMPERED {mou.reference} event 2: not recorded by this system (its seal does not match)" in result.output
