"""How a transition reads and writes the row: what guards and effects declare is what gets loaded,
a stale lock version on the write is a Conflict, and callers get the session's Agreement as it now is."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, text

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
    }
    columns.update({name: value for name, value in facts_.items() if name in reads})
    row = facts.LockedAgreement(SimpleNamespace(_mapping=columns))
    article = {"number": "1", "heading": {"en": "Scope"}, "body": {"en": "Cooperation."}}
    related = {
        "current_version": facts.CurrentVersion("ab" * 32, [article]),
        "comments": facts._Collection(),
        "signatories": facts._Collection(),
        "authorities": facts._Collection(),
    }
    row.__dict__.update({name: value for name, value in related.items() if name in reads})
    return row


def test_a_step_reads_what_its_guards_and_effects_declare():
    step = WORKFLOWS["mou"].step("clear_for_signature", "final_review")
    assert step.reads == {"comments", "signatories", "current_version"}
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
    returned = fire_transition(world["pm"], mou.id, "submit_for_review")
    assert returned is mou
    assert mou.state == "legal_review"
    mou_id, reference, counterpart = mou.id, mou.reference, mou.counterpart
    db.session.commit()
    db.session.expunge(mou)  # as in a request: the session holds no instance of the agreement
    returned = fire_transition(world["la"], mou_id, "return_for_revision", comment="Too broad.")
    assert isinstance(returned, Agreement)
    assert (returned.state, returned.reference, returned.counterpart) == ("drafting", reference, counterpart)
    assert returned.comments == []
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
    assert Step("y", ("in_force",), "expired", ("system",), (guards.expiry_reached,)).reads == {"expires_on"}
