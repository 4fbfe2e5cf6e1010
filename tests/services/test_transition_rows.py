"""How a transition reads and writes the row: what guards and effects declare is what gets loaded,
a stale lock version on the write is a Conflict, and callers get the session's Agreement as it now is."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from agreements.db import db
from agreements.errors import Conflict
from agreements.models import Agreement, Event
from agreements.services import comments, facts
from agreements.services.audit import record_event, verify_trails
from agreements.services.transitions import _reads_of, fire_transition
from agreements.workflows import WORKFLOWS, Context, guards
from agreements.workflows.spec import READABLE, Guard, Step, reads

from .lifecycle import bring_to

WHAT_GUARDS_NEED = {
    "legal_authority": "22 U.S.C. 2656",
    "reference": "N-1",
    "granted_by": "L/T",
    "granted_by_title": "Assistant Secretary",
    "granted_on": "2026-01-05",
    "in_force_on": "2026-04-15",
    "notice_on": "2026-06-01",
    "effective_on": "2026-09-01",
}


def _row(reads=()) -> facts.LockedAgreement:
    """A locked row as a transition reads it: what every step reads, and the facts and text named."""
    columns = dict(id=1, type="mou", state="drafting", lock_version=3, current_version_number=1, event_count=2)
    columns.update(audit_head="cd" * 32)
    facts_ = {
        "title": "MOU",
        "counterpart": "Agency",
        "country": "RU",
        "languages": ["en"],
        "is_binding": False,
        "cleared_hash": "ab" * 32,
        "signed_on": dt.date(2026, 3, 26),
        "in_force_on": None,
        "expires_on": dt.date(2026, 10, 1),
        "notice_on": None,
        "termination_effective_on": dt.date(2026, 9, 1),
        "terminated_on": None,
        "title_translations": {},
        "party_names": {},
        "entry_rule": "signature",
        "entry_rule_on": None,
        "entry_rule_days": None,
        "renewal_years": 2,
        "renewal_notice_days": 90,
    }
    columns.update({name: value for name, value in facts_.items() if name in reads})
    row = facts.LockedAgreement(columns)
    article = {"number": "1", "heading": {"en": "Scope"}, "body": {"en": "Cooperation."}}
    related = {
        "current_version": facts.CurrentVersion("ab" * 32, [article]),
        "comments": facts._Collection(),
        "signatories": facts._Collection(),
        "authorities": facts._Collection(),
        "text_certifications": facts._Collection(),
        "lint_acknowledgements": facts._Collection(),
        "language_conformities": facts._Collection(),
    }
    row.__dict__.update({name: value for name, value in related.items() if name in reads})
    return row


def test_a_step_reads_what_its_guards_and_effects_declare():
    step = WORKFLOWS["mou"].step("clear_for_signature", "final_review")
    # The wording check reads the title, the languages and the determination, the text and its acknowledgements;
    # the conformity of the language versions, its records.
    assert step.reads == {
        "comments",
        "signatories",
        "current_version",
        "title",
        "languages",
        "is_binding",
        "lint_acknowledgements",
        "language_conformities",
    }
    assert WORKFLOWS["mou"].step("submit_for_review", "drafting").reads == {
        "title",
        "counterpart",
        "country",
        "current_version",
    }
    assert WORKFLOWS["mou"].step("return_for_revision", "legal_review").reads == frozenset()
    assert WORKFLOWS["cmaa"].step("grant_negotiation_authority", "clearance").reads == {
        "current_version",
        "authorities",
    }


def test_reads_name_only_what_an_agreement_has():
    with pytest.raises(ValueError, match="reads"):
        Guard("odd", lambda ctx: None, reads=("versions",))
    with pytest.raises(ValueError, match="reads"):
        reads("events")


@pytest.mark.parametrize("guard", [g for g in vars(guards).values() if isinstance(g, Guard)], ids=lambda g: g.name)
def test_every_guard_runs_on_what_it_declares(guard):
    row = _row(guard.reads)
    reason = guard(Context(row, comment="Why.", data=dict(WHAT_GUARDS_NEED), today=dt.date(2026, 12, 1)))
    assert reason is None or isinstance(reason, str)


def _effects():
    seen = {}
    for workflow in WORKFLOWS.values():
        for step in workflow.steps:
            for effect in step.effects:
                seen[effect.__name__] = effect
    return list(seen.values())


@pytest.mark.parametrize("effect", _effects(), ids=lambda e: e.__name__)
def test_every_effect_runs_on_what_it_declares(effect):
    row = _row(getattr(effect, "reads", ()) + ("authorities",))
    effect(Context(row, data=dict(WHAT_GUARDS_NEED), today=dt.date(2026, 12, 1)))
    assert row.changes or row.authorities.appended


def test_reading_what_was_not_declared_is_an_error_that_says_so():
    row = _row()
    for name in READABLE:
        with pytest.raises(AttributeError, match="declare"):
            getattr(row, name)
    with pytest.raises(AttributeError, match="does not read"):
        row.created_by_id  # noqa: B018 - not for guards
    with pytest.raises(AttributeError, match="cannot set"):
        row.lock_version = 9


def test_the_row_is_read_with_what_the_trigger_s_steps_read():
    submit = set(facts._lock(_reads_of("submit_for_review")).selected_columns.keys())
    assert {"title", "counterpart", "country", "version_articles", "version_sha256"} <= submit
    returning = facts._lock(_reads_of("return_for_revision"))
    assert set(returning.selected_columns.keys()) == set(facts._ALWAYS)


def test_the_lock_loads_the_declared_rows(world, make_agreement):
    mou = make_agreement()
    bring_to(world, mou, "legal_review")
    comments.add_comment(world["la"], mou, mou.current_version_number, "1", "Article 1 is too broad.")
    db.session.commit()
    row = facts.lock_agreement(world["la"], mou.id, frozenset({"current_version"}))
    assert row.current_version.sha256 == mou.current_version.sha256
    assert row.current_version.articles == mou.current_version.articles
    row.load({"comments", "signatories"})
    assert [c.resolved_at for c in row.comments] == [None]
    assert list(row.signatories) == []
    with pytest.raises(AttributeError, match="declare"):
        row.authorities  # noqa: B018 - not asked for
    db.session.rollback()


def test_a_stale_lock_version_on_the_write_is_a_conflict_and_writes_nothing(world, make_agreement):
    mou = make_agreement()
    mou_id = mou.id
    row = facts.lock_agreement(world["pm"], mou_id, _reads_of("submit_for_review"))
    row.state = "legal_review"
    # Another writer moved the row on after it was read (possible on SQLite, which has no row locks).
    db.session.execute(text("UPDATE agreements SET lock_version = lock_version + 1 WHERE id = :id"), {"id": mou_id})
    events = db.session.scalar(select(func.count()).select_from(Event).where(Event.agreement_id == mou_id))
    with pytest.raises(Conflict) as raised:
        record_event(row, "submit_for_review", "drafting", world["pm"])
    assert raised.value.extra["agreement_id"] == mou_id
    assert db.session.scalar(select(func.count()).select_from(Event).where(Event.agreement_id == mou_id)) == events
    db.session.rollback()
    assert db.session.get(Agreement, mou_id).state == "drafting"
    assert verify_trails()[2] == []


def test_the_write_moves_the_lock_version_once_and_chains_the_event(world, make_agreement):
    mou = make_agreement()
    before, events = mou.lock_version, mou.event_count
    fire_transition(world["pm"], mou.id, "submit_for_review")
    db.session.commit()
    assert mou.lock_version == before + 1
    assert mou.event_count == events + 1
    assert verify_trails()[2] == []


def test_the_caller_gets_the_session_s_agreement_in_its_new_state(world, make_agreement):
    mou = make_agreement()
    assert mou.state == "drafting"  # loaded in this session
    fired = fire_transition(world["pm"], mou.id, "submit_for_review")
    assert (fired.trigger, fired.from_state, fired.to_state) == ("submit_for_review", "drafting", "legal_review")
    assert mou.state == "legal_review"  # the instance the session held reloads in the new state
    assert fired.agreement is mou
    assert fired.lock_version == mou.lock_version
    mou_id, reference, counterpart = mou.id, mou.reference, mou.counterpart
    db.session.commit()
    db.session.expunge(mou)  # as in a request: the session holds no instance of the agreement
    fired = fire_transition(world["la"], mou_id, "return_for_revision", comment="Too broad.")
    assert db.session.identity_key(Agreement, mou_id) not in db.session.identity_map  # nothing built until asked
    returned = fired.agreement
    assert isinstance(returned, Agreement)
    assert (returned.state, returned.reference, returned.counterpart) == ("drafting", reference, counterpart)
    assert returned.lock_version == fired.lock_version
    assert returned.comments == []
    assert fired.agreement is returned
    db.session.commit()


def test_an_effect_appending_an_authority_has_it_written(world, make_agreement):
    cmaa = make_agreement(type="cmaa")
    bring_to(world, cmaa, "clearance")
    fire_transition(world["pm"], cmaa.id, "grant_negotiation_authority", data=dict(WHAT_GUARDS_NEED))
    db.session.commit()
    (authority,) = cmaa.authorities
    assert (authority.kind, authority.reference, authority.recorded_by.email) == (
        "negotiate",
        "N-1",
        "pm@agreements.test",
    )
    assert authority.text_hash == cmaa.current_version.sha256


def test_a_step_is_data(world):
    # Workflows stay data: a step's reads come from its parts, nothing is looked up by the engine.
    step = Step("x", ("drafting",), "legal_review", ("program_manager",), (guards.has_article,))
    assert step.reads == {"current_version"}
    expire = Step("y", ("in_force",), "expired", ("system",), (guards.expiry_reached,))
    assert expire.reads == {"expires_on", "renewal_years"}


# --- the statements as they reach the database -------------------------------------------------------
def _statements_seen(run) -> list[str]:
    """The SQL that ``run()`` sent, as SQLAlchemy's cursor listeners see it (before and after each)."""
    before, after = [], []

    def note_before(_conn, _cursor, statement, *_):
        before.append(statement)

    def note_after(_conn, _cursor, statement, *_):
        after.append(statement)

    event.listen(db.engine, "before_cursor_execute", note_before)
    event.listen(db.engine, "after_cursor_execute", note_after)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", note_before)
        event.remove(db.engine, "after_cursor_execute", note_after)
    assert before == after
    return before


def test_a_transition_sends_its_read_and_its_write_and_listeners_see_both(world, make_agreement):
    mou = make_agreement()
    mou_id = mou.id
    db.session.commit()
    assert world["pm"].role == "program_manager"  # signed in: loaded before the step, as in a request
    sent = _statements_seen(lambda: fire_transition(world["pm"], mou_id, "submit_for_review"))
    db.session.commit()
    # Then the note to whoever acts next (services.notifications): one INSERT in the outbox, addressed after the commit.
    sent, noted = sent[:-1], sent[-1]
    assert noted.startswith("INSERT INTO outbox")
    assert sent[0].lstrip().upper().startswith("SELECT")
    assert "agreements.id =" in sent[0]
    writes = [s for s in sent[1:] if "INSERT INTO events" in s or "UPDATE agreements" in s]
    # PostgreSQL: the UPDATE and the INSERT in one statement; SQLite: one after the other.
    assert len(sent) == (2 if db.engine.dialect.name == "postgresql" else 3) == len(writes) + 1
    events = db.session.scalars(select(Event).where(Event.agreement_id == mou_id).order_by(Event.seq)).all()
    last = events[-1]
    assert (last.trigger, last.from_state, last.to_state, last.actor) == (
        "submit_for_review",
        "drafting",
        "legal_review",
        "pm@agreements.test",
    )
    assert last.created_at.tzinfo is not None and last.data == {}
    assert verify_trails()[2] == []


def test_an_event_already_holding_the_next_place_in_the_trail_is_a_conflict(world, make_agreement):
    """Another writer appended the trail's next event without moving the row on: the INSERT collides."""
    mou = make_agreement()
    mou_id, seq = mou.id, mou.event_count + 1
    db.session.commit()
    with db.engine.begin() as other:
        other.execute(
            text(
                "INSERT INTO events (agreement_id, seq, trigger, from_state, to_state, actor, created_at, comment, "
                "data, hash) VALUES (:id, :seq, 'x', 'drafting', 'drafting', 'x', :at, '', '{}', :hash)"
            ),
            {"id": mou_id, "seq": seq, "at": dt.datetime.now(dt.UTC), "hash": "0" * 64},
        )
    with pytest.raises(Conflict, match="reload"):
        fire_transition(world["pm"], mou_id, "submit_for_review")
    db.session.rollback()
    assert db.session.get(Agreement, mou_id).state == "drafting"


def test_a_connection_lost_during_a_transition_is_discarded_and_the_next_one_runs(world, make_agreement, database_url):
    mou = make_agreement()
    mou_id = mou.id
    db.session.commit()
    lost = db.session.connection().connection.dbapi_connection  # the transaction's connection
    if db.engine.dialect.name == "postgresql":
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        admin = create_engine(database_url, poolclass=NullPool)
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        admin.dispose()
    else:
        lost.close()
    with pytest.raises(DBAPIError) as raised:
        fire_transition(world["pm"], mou_id, "submit_for_review")
    assert raised.value.connection_invalidated
    db.session.rollback()  # what the edge does
    fire_transition(world["pm"], mou_id, "submit_for_review")
    assert db.session.connection().connection.dbapi_connection is not lost
    db.session.commit()
    assert db.session.get(Agreement, mou_id).state == "legal_review"
    assert verify_trails()[2] == []
