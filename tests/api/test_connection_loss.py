"""The database dropping its connections (a restart, a failover, a killed worker) never costs a user a 500."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from conftest import BACKEND
from dbfaults import connection_lost_at_commit
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from agreements.db import db, is_postgresql
from agreements.services.audit import verify_trails

from .support import ApiClient, assert_problem

postgresql_only = pytest.mark.skipif(
    BACKEND != "postgresql", reason="terminating backends mid-load needs PostgreSQL (AGREEMENTS_TEST_DB=postgresql)"
)
commit_reaches_a_server = pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="SQLite commits inside the app's own process: no server can commit while the connection to it is lost",
)
LOST = "The database connection was lost; nothing was changed. Try again."
LOST_WHILE_SAVING = (
    "The database connection was lost while saving; the change may or may not have been saved. "
    "Read it again (GET) to see whether it was, before trying again."
)
SAME_KEY_IS_SAFE = (
    " Repeating the request with the same Idempotency-Key is safe: if the change was saved, you get its first "
    "response back; if it was not, it is made now."
)


def drop_connections(database_url: str) -> int:
    """What a restart does: PostgreSQL terminates every backend of the app; on SQLite the pool's connections close."""
    db.session.commit()  # the test's own session holds no connection across the drop (it is no request)
    if is_postgresql():
        admin = create_engine(database_url, poolclass=NullPool)
        with admin.connect() as conn:
            dropped = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
        admin.dispose()
        return dropped
    # Every connection the pool holds, checked out at once, then closed under the pool's feet.
    held = [db.engine.connect() for _ in range(db.engine.pool.size())]
    raw = [c.connection.dbapi_connection for c in held]
    for connection in held:
        connection.close()
    for connection in raw:
        connection.close()
    return len(raw)


def trail_verifies() -> bool:
    """``agreements audit verify``: every chain recomputes, and each state is its trail's last."""
    db.session.rollback()
    _agreements, _events, findings = verify_trails()
    return findings == []


def _state(api, agreement_id: int) -> str:
    return api("pm").get(f"/agreements/{agreement_id}").get_json()["state"]


def _fill_the_pool(app, headers, agreement_id: int, threads: int = 5) -> None:
    """Several requests at once, so that the pool holds several connections (the ones a drop kills)."""
    barrier = threading.Barrier(threads)

    def one():
        barrier.wait()
        ApiClient(app.test_client(), headers).get(f"/agreements/{agreement_id}")

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def _load(app, headers, paths, rounds: int, threads: int = 4) -> list[tuple[float, float, int, str]]:
    """``threads`` clients each GET every path ``rounds`` times; (sent, answered, status, body) of each."""
    answers: list[tuple[float, float, int, str]] = []

    def client():
        api = ApiClient(app.test_client(), headers)
        for _ in range(rounds):
            for path in paths:
                sent = time.monotonic()
                try:
                    r = api.get(path)
                except Exception as exc:  # what the test client raises instead of answering: a failure too
                    answers.append((sent, time.monotonic(), 599, repr(exc)))
                    continue
                answers.append((sent, time.monotonic(), r.status_code, r.get_data(as_text=True)))

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return answers


def test_requests_after_the_database_dropped_its_connections_all_succeed(app, api, make_agreement, token_for, world):
    agreement = make_agreement()
    headers = token_for(world["pm"])
    _fill_the_pool(app, headers, agreement.id)
    assert drop_connections(app.config["SQLALCHEMY_DATABASE_URI"]) >= 2

    paths = [f"/agreements/{agreement.id}", f"/agreements/{agreement.id}/events", "/agreements"]
    answers = _load(app, headers, paths, rounds=17)  # 4 × 17 × 3 = 204 requests
    assert len(answers) == 204
    assert [(status, body[:200]) for _s, _a, status, body in answers if status != 200] == []
    # Writes too: the transition after the drop goes through and leaves its row.
    assert drop_connections(app.config["SQLALCHEMY_DATABASE_URI"]) >= 1
    assert api("moscow").fire(agreement.id, "submit_for_review").status_code == 200
    assert _state(api, agreement.id) == "legal_review"
    assert trail_verifies()


def test_a_transition_whose_connection_drops_mid_way_changes_nothing_and_says_so(api, make_agreement, monkeypatch):
    agreement = make_agreement()
    from agreements.services import transitions

    write_the_event = transitions.record_event

    def cut_then_write(row, *args, **kwargs):
        # The row is locked and moved in memory; the server goes away before the event is written.
        if is_postgresql():
            pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
            admin = create_engine(db.engine.url, poolclass=NullPool)
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            admin.dispose()
        else:
            db.session.connection().connection.dbapi_connection.close()
        return write_the_event(row, *args, **kwargs)

    monkeypatch.setattr(transitions, "record_event", cut_then_write)
    body = assert_problem(api("moscow").fire(agreement.id, "submit_for_review"), 503, "nothing was changed")
    assert body["detail"] == LOST and body["type"].endswith("/connection-lost")
    monkeypatch.undo()
    assert _state(api, agreement.id) == "drafting"
    assert api("pm").get(f"/agreements/{agreement.id}/events").status_code == 200
    assert trail_verifies()
    # And trying again works.
    assert api("moscow").fire(agreement.id, "submit_for_review").status_code == 200
    assert trail_verifies()


def test_a_page_whose_connection_drops_says_so_in_words(app, world):
    from agreements.services.users import find_user

    def cut_then_read():
        db.session.execute(text("SELECT 1"))
        if is_postgresql():
            db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        else:
            db.session.connection().connection.dbapi_connection.close()
        find_user(world["pm"].email)
        return "unreachable"

    app.add_url_rule("/_cut", "cut", cut_then_read)
    r = app.test_client().get("/_cut")
    assert r.status_code == 503
    page = r.get_data(as_text=True)
    assert LOST in page and "Traceback" not in page
    assert app.test_client().get("/login").status_code == 200  # the next request, on a fresh connection


@postgresql_only
def test_terminating_the_backends_mid_load_fails_only_requests_in_flight(app, api, make_agreement, token_for, world):
    agreement_id = make_agreement().id
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    headers = token_for(world["pm"])
    paths = [f"/agreements/{agreement_id}", f"/agreements/{agreement_id}/events", "/agreements"]
    drops: list[tuple[float, float]] = []
    moves: list[tuple[float, float, int, str]] = []
    moscow, la = api("moscow"), api("la")

    def transitions():
        # A writer beside the readers: back and forth between drafting and legal review, re-reading the state
        # after each answer (a 503 lost before the commit changed nothing; one lost in the commit may have).
        for _ in range(30):
            sent = time.monotonic()
            r = moscow.get(f"/agreements/{agreement_id}")
            if r.status_code == 200 and r.get_json()["state"] == "drafting":
                r = moscow.fire(agreement_id, "submit_for_review")
            elif r.status_code == 200:
                r = la.fire(agreement_id, "return_for_revision", comment="Article 2 needs work.")
            moves.append((sent, time.monotonic(), r.status_code, r.get_data(as_text=True)))

    def dropper():
        with app.app_context():
            for _ in range(3):
                time.sleep(0.15)
                started = time.monotonic()
                drop_connections(url)
                drops.append((started, time.monotonic()))

    writer = threading.Thread(target=transitions)
    killer = threading.Thread(target=dropper)
    writer.start()
    killer.start()
    answers = _load(app, headers, paths, rounds=25)  # 4 × 25 × 3 = 300 requests
    writer.join()
    killer.join()

    assert len(drops) == 3 and len(answers) == 300
    assert sum(sent > drops[0][1] for sent, *_rest in answers) >= 100  # the load went on across the drops

    def in_flight(sent: float, answered: float) -> bool:
        return any(sent <= done and answered >= started for started, done in drops)

    failed = [(status, body[:200]) for s, a, status, body in answers if status >= 500 and not in_flight(s, a)]
    assert failed == [], "a request sent after a drop failed"
    assert [body[:300] for *_times, status, body in answers if status >= 500 and status != 503] == []
    assert all(LOST in body for *_times, status, body in answers if status == 503)
    assert [(status, body[:200]) for s, a, status, body in moves if status != 200 and not in_flight(s, a)] == []
    assert {status for *_times, status, _body in moves} <= {200, 503}
    assert all(LOST in body or LOST_WHILE_SAVING in body for *_times, status, body in moves if status == 503)
    # After the last drop, every request succeeds.
    after = _load(app, headers, paths, rounds=5)
    assert {status for *_times, status, _body in after} == {200}
    assert trail_verifies()


KILLED_WORKER = textwrap.dedent(
    """
    import sys, time
    from agreements import create_app
    from agreements.db import db
    from agreements.models import User
    from agreements.services import transitions

    app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "test-secret"})
    queue_mail = transitions.queue_transition_mail

    def written_then_stuck(row):
        # The UPDATE of the row and the INSERT of its event have run; the commit never comes.
        queue_mail(row)
        db.session.flush()
        print("written", flush=True)
        time.sleep(60)

    transitions.queue_transition_mail = written_then_stuck
    with app.app_context():
        transitions.fire_transition(db.session.get(User, int(sys.argv[2])), int(sys.argv[3]), "submit_for_review")
        db.session.commit()
    """
)


def test_a_worker_killed_mid_transition_leaves_no_half_written_agreement(app, make_agreement, world):
    agreement = make_agreement()
    row = text("SELECT state, lock_version, event_count FROM agreements WHERE id = :id")
    before = db.session.execute(row, {"id": agreement.id}).one()
    db.session.commit()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_WORKER,
            app.config["SQLALCHEMY_DATABASE_URI"],
            str(world["moscow"].id),
            str(agreement.id),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "SECRET_KEY": "test-secret"},
    )
    with worker:
        try:
            assert worker.stdout.readline().strip() == "written"
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
    assert worker.returncode == -signal.SIGKILL
    db.session.rollback()
    after = db.session.execute(row, {"id": agreement.id}).one()
    last = db.session.execute(
        text("SELECT to_state FROM events WHERE agreement_id = :id ORDER BY seq DESC LIMIT 1"), {"id": agreement.id}
    ).scalar()
    assert before.state == "drafting" and tuple(after) == tuple(before)  # neither the row nor its trail moved
    assert last in (None, after.state)
    assert trail_verifies()
    # The row lock died with the worker: the same step now goes through at once.
    from agreements.services.transitions import fire_transition

    assert fire_transition(world["moscow"], agreement.id, "submit_for_review").to_state == "legal_review"
    db.session.commit()
    assert trail_verifies()


def _steps(api, agreement_id: int, trigger: str) -> int:
    """How many times the trail records the step."""
    return sum(e["trigger"] == trigger for e in api("pm").get(f"/agreements/{agreement_id}/events").get_json()["items"])


@commit_reaches_a_server
@pytest.mark.parametrize("server_committed", [False, True], ids=["before-the-server-committed", "after"])
def test_a_transition_whose_connection_drops_during_the_commit_says_it_may_have_been_saved(
    api, make_agreement, server_committed
):
    agreement = make_agreement()
    moscow = api("moscow")  # the token made, and committed, before the fault is set
    with connection_lost_at_commit(after_the_server_committed=server_committed) as terminated:
        r = moscow.fire(agreement.id, "submit_for_review")
    assert len(terminated) == 1
    body = assert_problem(r, 503, "may or may not have been saved")
    assert body["detail"] == LOST_WHILE_SAVING  # no word of a key the request did not send
    assert body["title"] == "Database connection lost while saving"
    assert body["type"].endswith("/connection-lost-while-saving") and r.headers["Retry-After"] == "1"
    described = api(None).get(body["type"])
    assert described.status_code == 200 and "Idempotency-Key" in described.get_json()["description"]
    # What the answer could not know, the agreement tells: the step was taken once, or not at all.
    assert _state(api, agreement.id) == ("legal_review" if server_committed else "drafting")
    assert _steps(api, agreement.id, "submit_for_review") == (1 if server_committed else 0)
    assert trail_verifies()


@commit_reaches_a_server
@pytest.mark.parametrize("server_committed", [False, True], ids=["before-the-server-committed", "after"])
def test_with_an_idempotency_key_the_same_request_again_is_safe_after_a_commit_lost(
    api, make_agreement, server_committed
):
    agreement = make_agreement()
    key = {"Idempotency-Key": "5b0c7a52-lost-commit"}
    moscow = api("moscow")
    with connection_lost_at_commit(after_the_server_committed=server_committed):
        first = moscow.fire(agreement.id, "submit_for_review", headers=key)
    if server_committed:
        # The change and its kept response were committed together: the edge finds it and answers with it.
        assert first.status_code == 200 and first.headers.get("Idempotent-Replayed") == "true"
        assert first.get_json()["state"] == "legal_review"
    else:
        body = assert_problem(first, 503, "may or may not have been saved", "same Idempotency-Key is safe")
        assert body["detail"] == LOST_WHILE_SAVING + SAME_KEY_IS_SAFE
    again = moscow.fire(agreement.id, "submit_for_review", headers=key)
    assert again.status_code == 200, again.get_data(as_text=True)
    assert again.get_json()["state"] == "legal_review"
    assert again.headers.get("Idempotent-Replayed") == ("true" if server_committed else None)
    assert _state(api, agreement.id) == "legal_review"
    assert _steps(api, agreement.id, "submit_for_review") == 1  # taken once, whatever the first answer was
    assert trail_verifies()


@pytest.mark.skipif(BACKEND != "sqlite", reason="on PostgreSQL a COMMIT that fails may have been applied by the server")
def test_on_sqlite_a_commit_that_fails_did_not_happen_and_says_so(api, make_agreement):
    agreement = make_agreement()
    moscow = api("moscow")
    with connection_lost_at_commit() as closed:
        r = moscow.fire(agreement.id, "submit_for_review")
    assert closed == [0]
    body = assert_problem(r, 503, "nothing was changed")
    assert body["detail"] == LOST and body["type"].endswith("/connection-lost")
    assert _state(api, agreement.id) == "drafting" and _steps(api, agreement.id, "submit_for_review") == 0
    assert trail_verifies()
