"""Transitions per second through the service layer on PostgreSQL, next to a bare-SQL baseline.

Each worker cycles its own MOU between drafting and legal review — ``submit_for_review`` by a
program manager, ``return_for_revision`` by a legal advisor with a comment — committing each
transition, as a request would (the two people are loaded once, as a request holds its signed-in
user). The baseline does the same writes with psycopg alone: one UPDATE of the agreement row and
one INSERT of the event row, in one transaction. Goal: engine/baseline ≥ 0.5.

Workers: 1 is one thread. 8 are measured twice: as 8 threads of this process, which share one GIL
(the engine's Python then runs on one core at a time, while the baseline's psycopg waits release it),
and as 8 processes, each with its own app, engine and connections, as gunicorn's worker processes
run in deployment. Engine and baseline always run the same way, on the same database, for the same
time; the baseline is the same in every row.

Run: .venv/bin/python benchmarks/transitions_per_second.py   (BENCH_SECONDS, BENCH_DATABASE_URL)
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import threading
import time

import psycopg
from _bench import BENCH_URL, bench_app, empty_tables, libpq_url
from sqlalchemy import event

from agreements import create_app
from agreements.db import db
from agreements.models import User
from agreements.services import agreements, users, versions
from agreements.services.transitions import fire_transition

SECONDS = float(os.environ.get("BENCH_SECONDS", 5))
# (workers, how they run): one thread; eight threads sharing one GIL; eight processes.
RUNS = ((1, "thread"), (8, "threads"), (8, "processes"))
TEXT = {
    "preamble": {"en": "The Participants,"},
    "articles": [
        {"number": "1", "heading": {"en": "Purpose"}, "body": {"en": "To cooperate against transnational crime."}},
        {"number": "2", "heading": {"en": "Costs"}, "body": {"en": "Each Participant bears its own costs."}},
    ],
    "final_clauses": {"en": "Done in duplicate."},
}


def set_up(app, count: int) -> tuple[int, int, list[int]]:
    """Empty tables, a program manager, a legal advisor and ``count`` MOUs in drafting, each with a text."""
    with app.app_context():
        empty_tables()
        users.create_office("MOW", "Attaché Office Moscow", ["RU"])
        pm = users.create_user("pm@bench.example", "program_manager", name="Program Manager")
        la = users.create_user("la@bench.example", "legal_advisor", name="Legal Advisor")
        ids = []
        for n in range(count):
            agreement = agreements.create_agreement(
                pm,
                {"type": "mou", "title": f"Benchmark MOU {n}", "counterpart": "Agency", "country": "RU"},
            )
            versions.save_version(pm, agreement, TEXT)
            ids.append(agreement.id)
        db.session.commit()
        return pm.id, la.id, ids


def signed_in(*user_ids: int) -> list[User]:
    """The people, loaded once and kept as a request keeps its signed-in user (commits do not expire them)."""
    people = [db.session.get(User, user_id) for user_id in user_ids]
    for person in people:
        db.session.expunge(person)
    return people


def engine_worker(app, agreement_id, pm_id, la_id, start, stop, done, slot, finished) -> None:
    """Fire transitions through the services until the time is up, one commit each."""
    with app.app_context():
        pm, la = signed_in(pm_id, la_id)
        count = 0
        start.wait()
        deadline = time.perf_counter() + stop
        while time.perf_counter() < deadline:
            fire_transition(pm, agreement_id, "submit_for_review")
            db.session.commit()
            fire_transition(la, agreement_id, "return_for_revision", comment="Benchmark: back to drafting.")
            db.session.commit()
            count += 2
        done[slot] = count
        finished.wait()
        db.session.remove()


def engine_process(*args) -> None:
    """An engine worker in a process of its own: its own app, engine and connection pool."""
    engine_worker(create_app({"SQLALCHEMY_DATABASE_URI": BENCH_URL, "TESTING": False}), *args)


def baseline_worker(agreement_id, actor_id, start, stop, done, slot, finished) -> None:
    """The same writes in bare SQL: UPDATE the row, INSERT the event, one transaction per transition."""
    with psycopg.connect(libpq_url()) as conn:
        seq, prev = conn.execute(
            "SELECT coalesce(max(seq), 0), (SELECT hash FROM events WHERE agreement_id = %s ORDER BY seq DESC "
            "LIMIT 1) FROM events WHERE agreement_id = %s",
            (agreement_id, agreement_id),
        ).fetchone()
        conn.commit()
        state, other = "drafting", "legal_review"
        count = 0
        start.wait()
        deadline = time.perf_counter() + stop
        while time.perf_counter() < deadline:
            seq += 1
            digest = hashlib.sha256(json.dumps([agreement_id, seq, state, other, prev]).encode()).hexdigest()
            with conn.transaction():
                conn.execute(
                    "UPDATE agreements SET state = %s, lock_version = lock_version + 1, updated_at = now() "
                    "WHERE id = %s",
                    (other, agreement_id),
                )
                conn.execute(
                    "INSERT INTO events (agreement_id, seq, trigger, from_state, to_state, actor_id, actor, "
                    "created_at, comment, version_number, data, prev_hash, hash) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, now(), %s, 1, '{}'::jsonb, %s, %s)",
                    (agreement_id, seq, "bench", state, other, actor_id, "bench", "", prev, digest),
                )
            prev, state, other = digest, other, state
            count += 1
        done[slot] = count
        finished.wait()


def measure(target, args_for, workers: int, how: str) -> float:
    """Transitions per second with ``workers`` threads, or processes, started and stopped together.

    The clock runs from the start barrier until every worker has counted (a second barrier), so a
    process's start-up and shut-down are never part of the time.
    """
    if how == "processes":
        context = multiprocessing.get_context("spawn")
        start, finished = context.Barrier(workers + 1), context.Barrier(workers + 1)
        done = context.Array("l", workers)
        spawn = context.Process
    else:
        start, finished = threading.Barrier(workers + 1), threading.Barrier(workers + 1)
        done = [0] * workers
        spawn = threading.Thread
    runners = [spawn(target=target, args=(*args_for(i), start, SECONDS, done, i, finished)) for i in range(workers)]
    for runner in runners:
        runner.start()
    start.wait()
    began = time.perf_counter()
    finished.wait()
    elapsed = time.perf_counter() - began
    for runner in runners:
        runner.join()
    return sum(done) / elapsed


def profile_engine(app, agreement_id: int, pm_id: int, la_id: int, transitions: int = 200) -> tuple[float, float]:
    """SQL statements per transition, and the share of the time spent waiting on the database (one worker)."""
    spent = {"statements": 0, "in_db": 0.0}

    def before(conn, *_):
        """Note when a statement starts."""
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, *_):
        """Count the statement and the time it took."""
        spent["statements"] += 1
        spent["in_db"] += time.perf_counter() - conn.info.pop("bench_started")

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        pm, la = signed_in(pm_id, la_id)
        began = time.perf_counter()
        for _ in range(transitions // 2):
            fire_transition(pm, agreement_id, "submit_for_review")
            db.session.commit()
            fire_transition(la, agreement_id, "return_for_revision", comment="Benchmark: back to drafting.")
            db.session.commit()
        elapsed = time.perf_counter() - began
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        db.session.remove()
    return spent["statements"] / transitions, spent["in_db"] / elapsed


def main() -> None:
    """Measure and print the table."""
    app = bench_app()
    most = max(workers for workers, _how in RUNS)
    pm_id, la_id, ids = set_up(app, 2 * most)
    engine_ids, baseline_ids = ids[:most], ids[most:]
    print(f"Transitions per second on PostgreSQL, {SECONDS:g} s per measurement, each transition committed.")
    print(f"{'workers':>15}  {'engine/s':>9}  {'baseline/s':>10}  {'engine/baseline':>15}")
    for workers, how in RUNS:
        if how == "processes":  # each builds its own app
            engine = measure(engine_process, lambda i: (engine_ids[i], pm_id, la_id), workers, how)
        else:
            engine = measure(engine_worker, lambda i: (app, engine_ids[i], pm_id, la_id), workers, how)
        baseline = measure(baseline_worker, lambda i: (baseline_ids[i], pm_id), workers, how)
        ratio = engine / baseline
        verdict = "meets" if ratio >= 0.5 else "below"
        label = f"{workers} {how}"
        print(f"{label:>15}  {engine:>9.1f}  {baseline:>10.1f}  {ratio:>15.2f}  ({verdict} the goal of 0.5)")
    statements, share = profile_engine(app, engine_ids[0], pm_id, la_id)
    print(
        f"Engine, one worker: {statements:.1f} SQL statements per transition (baseline: 2, plus COMMIT each; "
        "on PostgreSQL the engine's row UPDATE and event INSERT are one statement); "
        f"{share:.0%} of its time in those statements, the rest in Python and COMMIT."
    )
    print(
        "Threads share one GIL: the 8-thread engine figure is bound by one core's Python. Deployments run "
        "gunicorn worker processes, as the 8-process row does (engine and baseline alike)."
    )


if __name__ == "__main__":
    main()
