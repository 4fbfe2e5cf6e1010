"""Two people acting on the same agreement at the same moment, through real concurrent connections.

Each contender runs in its own thread with its own app context, hence its own session and its own
database connection, exactly as two requests on two app servers would.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import text

from agreements.db import db, is_postgresql
from agreements.errors import Conflict, TransitionNotAllowed
from agreements.models import Agreement, Event, User
from agreements.services import agreements, versions
from agreements.services import transitions as transition_service
from agreements.services.transitions import current_state, fire_transition

from .lifecycle import bring_to

ROUNDS = 10
WAIT = 30  # seconds a contender waits for the other before the test gives up (never reached when sound)


@dataclass
class Outcome:
    """What one contender saw: moved, or which 409 and the state it was told about."""

    kind: str
    detail: str = ""
    carried_state: str | None = None
    committed_state: str | None = None


def _contend(app, user_id: int, action, start: threading.Barrier | None, outcomes: dict, name: str) -> None:
    """Run ``action(user)`` as an edge does (one commit, or rollback and read the committed state)."""
    with app.app_context():
        try:
            user = db.session.get(User, user_id)
            db.session.commit()
            if start is not None:
                start.wait(WAIT)
            action(user)
            db.session.commit()
            outcomes[name] = Outcome("moved")
        except (Conflict, TransitionNotAllowed) as exc:
            db.session.rollback()
            agreement_id = exc.extra.get("agreement_id")
            state = current_state(agreement_id)[0] if agreement_id else None
            outcomes[name] = Outcome(type(exc).__name__, exc.detail, exc.extra.get("current_state"), state)
        except BaseException as exc:  # anything else is a failure the test reports
            db.session.rollback()
            outcomes[name] = Outcome("error", repr(exc))
        finally:
            db.session.remove()


def _run(threads: list[threading.Thread]) -> None:
    for t in threads:
        t.start()
    for t in threads:
        t.join(2 * WAIT)
    assert not [t.name for t in threads if t.is_alive()], "a contender never finished"


def _events(agreement_id: int) -> list[str]:
    """The agreement's trail as committed, oldest first."""
    db.session.expire_all()
    return [e.trigger for e in db.session.query(Event).filter_by(agreement_id=agreement_id).order_by(Event.seq)]


def _race(app, agreement_id: int, moves: dict[str, tuple[int, str, str]]) -> dict[str, Outcome]:
    """Fire two steps at once on one agreement; ``moves`` maps a name to (user id, trigger, comment)."""
    db.session.commit()  # the test's own session holds no transaction while the contenders run
    start = threading.Barrier(len(moves))
    outcomes: dict[str, Outcome] = {}

    def action(trigger, comment):
        return lambda user: fire_transition(user, agreement_id, trigger, comment=comment)

    _run(
        [
            threading.Thread(
                target=_contend, args=(app, uid, action(trigger, comment), start, outcomes, name), name=name
            )
            for name, (uid, trigger, comment) in moves.items()
        ]
    )
    return outcomes


def _one_moved_one_refused(outcomes: dict[str, Outcome], dest: dict[str, str]) -> tuple[str, Outcome]:
    """Exactly one contender moved; the other got a 409 telling it the winner's state. Returns the winner."""
    assert not [o for o in outcomes.values() if o.kind == "error"], outcomes
    winners = [name for name, o in outcomes.items() if o.kind == "moved"]
    assert len(winners) == 1, outcomes
    (loser,) = [o for name, o in outcomes.items() if name != winners[0]]
    assert loser.kind in ("Conflict", "TransitionNotAllowed"), outcomes
    told = loser.carried_state or loser.committed_state
    assert told == dest[winners[0]], outcomes
    return winners[0], loser


def test_two_legal_advisors_clearing_at_once_move_it_once(app, world, make_agreement):
    la, la2 = world["la"].id, world["la2"].id
    kinds = set()
    for _ in range(ROUNDS):
        mou = make_agreement()
        bring_to(world, mou, "legal_review")
        mou_id, lock = mou.id, mou.lock_version
        outcomes = _race(
            app,
            mou_id,
            {"first": (la, "clear_for_negotiation", ""), "second": (la2, "clear_for_negotiation", "")},
        )
        _winner, loser = _one_moved_one_refused(outcomes, {"first": "negotiation", "second": "negotiation"})
        kinds.add(loser.kind)
        assert current_state(mou_id) == ("negotiation", lock + 1)
        assert _events(mou_id) == ["create", "submit_for_review", "clear_for_negotiation"]
    assert kinds <= {"Conflict", "TransitionNotAllowed"}


def test_returning_and_clearing_at_once_leave_one_outcome_and_one_event(app, world, make_agreement):
    la, la2 = world["la"].id, world["la2"].id
    for _ in range(ROUNDS):
        mou = make_agreement()
        bring_to(world, mou, "legal_review")
        mou_id = mou.id
        outcomes = _race(
            app,
            mou_id,
            {
                "return": (la, "return_for_revision", "Article 2 is too broad."),
                "clear": (la2, "clear_for_negotiation", ""),
            },
        )
        winner, _loser = _one_moved_one_refused(outcomes, {"return": "drafting", "clear": "negotiation"})
        expected = "return_for_revision" if winner == "return" else "clear_for_negotiation"
        assert _events(mou_id)[-2:] == ["submit_for_review", expected]
        assert len(_events(mou_id)) == 3
        assert db.session.get(Agreement, mou_id).state == ("drafting" if winner == "return" else "negotiation")


def _wait_until_blocked_on_a_lock() -> None:
    """PostgreSQL: wait until another connection waits on a row lock (the contender's SELECT … FOR UPDATE)."""
    watcher = db.engine.connect()
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()
            watcher.commit()
            if waiting:
                return
            time.sleep(0.01)
        raise AssertionError("the second contender never waited for the first one's lock")
    finally:
        watcher.close()


def test_the_second_reads_while_the_first_has_not_committed(app, world, make_agreement, monkeypatch):
    """Deterministic interleaving: B loads the agreement after A changed it but before A commits.

    PostgreSQL: B's SELECT … FOR UPDATE waits for A, then reads A's committed state, and is told the
    step no longer exists from there. SQLite: B reads the old state beside A's open write, and its
    write is refused (stale lock version, or a stale snapshot), which is a Conflict.
    """
    mou = make_agreement()
    bring_to(world, mou, "legal_review")
    mou_id, lock = mou.id, mou.lock_version
    db.session.commit()
    a_fired, a_may_commit, b_loaded = threading.Event(), threading.Event(), threading.Event()
    engine_fire = transition_service.fire

    def watched_fire(ctx, trigger):
        if threading.current_thread().name == "B":
            b_loaded.set()
        return engine_fire(ctx, trigger)

    monkeypatch.setattr(transition_service, "fire", watched_fire)

    def first(user):
        fire_transition(user, mou_id, "clear_for_negotiation")
        a_fired.set()
        assert a_may_commit.wait(WAIT), "never told to commit"

    def second(user):
        assert a_fired.wait(WAIT)
        fire_transition(user, mou_id, "return_for_revision", comment="Too broad.")

    outcomes: dict[str, Outcome] = {}
    threads = [
        threading.Thread(target=_contend, args=(app, world["la"].id, first, None, outcomes, "A"), name="A"),
        threading.Thread(target=_contend, args=(app, world["la2"].id, second, None, outcomes, "B"), name="B"),
    ]
    for t in threads:
        t.start()
    assert a_fired.wait(WAIT)
    if is_postgresql():
        _wait_until_blocked_on_a_lock()
    else:
        assert b_loaded.wait(WAIT), outcomes
    a_may_commit.set()
    for t in threads:
        t.join(2 * WAIT)
    assert not [t.name for t in threads if t.is_alive()]

    assert outcomes["A"].kind == "moved", outcomes
    if is_postgresql():
        assert outcomes["B"].kind == "TransitionNotAllowed", outcomes
        assert outcomes["B"].carried_state == "negotiation"
        assert not b_loaded.is_set()  # B never saw the old state
    else:
        assert outcomes["B"].kind == "Conflict", outcomes
        assert outcomes["B"].committed_state == "negotiation"
    assert current_state(mou_id) == ("negotiation", lock + 1)
    assert _events(mou_id) == ["create", "submit_for_review", "clear_for_negotiation"]


def _saving(agreement_id: int, base: int, word: str):
    """What the edge does for a save: load the agreement, save a version edited from ``base``."""

    def save(user):
        agreement = agreements.get_agreement(user, agreement_id)
        payload = {
            "articles": [{"number": "1", "heading": {"en": "Scope"}, "body": {"en": f"The Parties shall {word}."}}],
            "base_version": base,
        }
        versions.save_version(user, agreement, payload)

    return save


def test_two_saves_from_the_same_version_keep_one_and_refuse_the_other(app, world, make_agreement):
    mou = make_agreement(languages=["en"])
    mou_id = mou.id
    pm, moscow = world["pm"].id, world["moscow"].id
    kept = []
    for n in range(1, ROUNDS + 1):
        db.session.commit()
        start = threading.Barrier(2)
        outcomes: dict[str, Outcome] = {}
        words = {"pm": f"share data, round {n}", "moscow": f"train officers, round {n}"}
        _run(
            [
                threading.Thread(
                    target=_contend, args=(app, uid, _saving(mou_id, n, words[name]), start, outcomes, name), name=name
                )
                for name, uid in (("pm", pm), ("moscow", moscow))
            ]
        )
        assert not [o for o in outcomes.values() if o.kind == "error"], outcomes
        winners = [name for name, o in outcomes.items() if o.kind == "moved"]
        assert len(winners) == 1, outcomes
        (loser,) = [o for name, o in outcomes.items() if name not in winners]
        assert loser.kind == "Conflict", outcomes
        kept.append(words[winners[0]])

    db.session.expire_all()
    mou = db.session.get(Agreement, mou_id)
    saved = versions.list_versions(mou)
    assert [v.number for v in saved] == list(range(ROUNDS + 1, 0, -1))
    assert mou.current_version_number == ROUNDS + 1
    bodies = [v.articles[0]["body"]["en"] for v in reversed(saved[:-1])]
    assert bodies == [f"The Parties shall {w}." for w in kept]
