"""Transitions per second through the service layer on PostgreSQL, next to a bare-SQL baseline.

Each worker cycles its own MOU between drafting and legal review — ``submit_for_review`` by a
program manager, ``return_for_revision`` by a legal advisor with a comment — committing each
transition, as a request would (the two people are loaded once, as a request holds its signed-in
user). The baseline does the same writes with psycopg alone: one UPDATE of the agreement row and
one INSERT of the event row, in one transaction. Goal: engine/baseline ≥ 0.5.

Workers: 1 is one thread. 8 are measured three ways: as 8 threads of one process, which share one
GIL (the engine's Python then runs on one core at a time, while the baseline's psycopg waits release
it); as 2 processes of 4 threads each, gunicorn's threaded workers at one process per core of this
machine; and as 8 processes, each with its own app, engine and connections. Engine and baseline
always run the same way, on the same database, for the same time, in alternating slices (so that a
change in the machine's load strikes both alike); the baseline is the same in every row.

Where the workers are threads of this process, the engine is also measured with a transition's two
statements (the row's SELECT … FOR UPDATE, the UPDATE-and-INSERT) run on the driver's cursor, around
SQLAlchemy's execution context (``DriverCursor``), as services/facts.py once ran them: what going
through ``Connection.execute`` costs, in the same run. The limit: 15% of the one-worker figure.

Run: .venv/bin/python benchmarks/transitions_per_second.py   (BENCH_SECONDS, BENCH_DATABASE_URL)
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import threading
import time
from contextlib import contextmanager, nullcontext
from functools import cache, partial

import psycopg
from _bench import BENCH_URL, bench_app, empty_tables, libpq_url, settle_server
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from agreements import create_app
from agreements.db import db
from agreements.models import User
from agreements.services import agreements, facts, users, versions
from agreements.services.transitions import fire_transition

SECONDS = float(os.environ.get("BENCH_SECONDS", 5))
SLICES = 4  # each measurement runs in this many slices, the kinds alternating (in reverse order every other slice)
LIMIT = 0.15  # what Connection.execute may cost of the one-worker figure
# (processes, threads in each): one thread; eight threads sharing one GIL; two processes of four
# threads; eight processes of one thread.
RUNS = ((1, 1), (1, 8), (2, 4), (8, 1))
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
        # Each step still queues its note (one INSERT, measured); with nobody wanting it, none is written
        # out to instance/outbox/ after the run.
        pm.mail_on_transition = la.mail_on_transition = False
        ids = []
        for n in range(count):
            agreement = agreements.create_agreement(
                pm,
                {"type": "mou", "title": f"Benchmark MOU {n}", "counterpart": "Agency", "country": "RU"},
            )
            versions.save_version(pm, agreement, TEXT)
            ids.append(agreement.id)
        db.session.commit()
        people = pm.id, la.id
    settle_server()
    return *people, ids


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


def in_threads(target, argsets, slots, start, stop, done, finished) -> None:
    """Run ``target`` once per argument set, each in a thread of its own, and wait for them all."""
    threads = [
        threading.Thread(target=target, args=(*args, start, stop, done, slot, finished))
        for args, slot in zip(argsets, slots, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def engine_process(argsets, *rest) -> None:
    """Engine workers in a process of their own: its own app, engine and connection pool, one thread each."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": BENCH_URL, "TESTING": False})
    in_threads(engine_worker, [(app, *args) for args in argsets], *rest)


def baseline_process(argsets, *rest) -> None:
    """Baseline workers in a process of their own, one thread each."""
    in_threads(baseline_worker, argsets, *rest)


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


class DriverCursor:
    """A Core statement compiled once and run on the driver's cursor of the connection given to it.

    What ``Connection.execute`` does for a statement, kept to what a transition's two statements need:
    the parameters go through the columns' bind processors and the rows through their result
    processors; ``before_cursor_execute`` and ``after_cursor_execute`` listeners are told of it; a
    driver error becomes SQLAlchemy's and a lost connection is invalidated. ``Connection.execute``
    hands it over (``_execute_on_connection``) without building an execution context.
    """

    def __init__(self, statement, dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.binds = tuple(
            (name, process)
            for name, bind in compiled.binds.items()
            if (process := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        )
        columns = list(statement.exported_columns)
        self.keys = tuple(column.key for column in columns)
        self.results = tuple(
            (index, process)
            for index, column in enumerate(columns)
            if (process := column.type.dialect_impl(dialect).result_processor(dialect, None)) is not None
        )

    def _execute_on_connection(self, connection, distilled_params, _execution_options) -> Rows:
        """Execute with the one parameter set (by bind name); the rows, as ``first()`` and ``all()`` read them."""
        values = dict(distilled_params[0])
        for name, process in self.binds:
            if name in values:
                values[name] = process(values[name])
        dialect, driver = connection.dialect, connection.connection.driver_connection
        cursor = driver.cursor()
        try:
            connection.dispatch.before_cursor_execute(connection, cursor, self.sql, values, None, False)
            cursor.execute(self.sql, values)
            connection.dispatch.after_cursor_execute(connection, cursor, self.sql, values, None, False)
            rows = cursor.fetchall() if self.keys else []
        except dialect.loaded_dbapi.Error as error:
            lost = dialect.is_disconnect(error, driver, cursor)
            if lost:
                connection.invalidate(error)
            raise DBAPIError.instance(
                self.sql, values, error, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
            ) from error
        finally:
            cursor.close()
        if self.results:
            rows = [list(row) for row in rows]
            for row in rows:
                for index, process in self.results:
                    row[index] = process(row[index])
        return Rows(Row(dict(zip(self.keys, row, strict=True))) for row in rows)


class Row:
    """A row as ``facts`` reads it: by column key, through ``_mapping``."""

    __slots__ = ("_mapping",)

    def __init__(self, mapping: dict) -> None:
        self._mapping = mapping


class Rows(list):
    """The rows of a ``DriverCursor``, read as a Result is: ``first()`` or ``all()``."""

    def first(self) -> Row | None:
        """The first row, or None."""
        return self[0] if self else None

    def all(self) -> list[Row]:
        """Every row."""
        return self


@contextmanager
def on_driver_cursor(app):
    """Run a transition's two statements on the driver's cursor while inside: ``facts._lock`` and
    ``facts._write_and_append`` hand out each statement once wrapped in a ``DriverCursor``.
    For workers that are threads of this process (it patches this process's module)."""
    lock, write = facts._lock, facts._write_and_append
    with app.app_context():
        dialect = db.engine.dialect
    facts._lock = cache(lambda reads: DriverCursor(lock(reads), dialect))
    facts._write_and_append = cache(lambda changed: DriverCursor(write(changed), dialect))
    try:
        yield
    finally:
        facts._lock, facts._write_and_append = lock, write


def measure(app, kind: str, argsets: list[tuple], processes: int, threads: int, seconds: float) -> tuple[int, float]:
    """Transitions counted, and the seconds taken, by ``processes`` × ``threads`` workers started and
    stopped together; ``kind`` is "engine" or "baseline", ``argsets`` one worker's arguments each.
    Engine workers in this process run on ``app``; each other process builds its own.

    The clock runs from the start barrier until every worker has counted (a second barrier), so a
    process's start-up and shut-down are never part of the time.
    """
    workers = processes * threads
    if processes == 1:  # threads of this process, on the app built here
        start, finished = threading.Barrier(workers + 1), threading.Barrier(workers + 1)
        done = [0] * workers
        target = partial(engine_worker, app) if kind == "engine" else baseline_worker
        runner = threading.Thread(
            target=in_threads, args=(target, argsets, range(workers), start, seconds, done, finished)
        )
        runners = [runner]
    else:
        context = multiprocessing.get_context("spawn")
        start, finished = context.Barrier(workers + 1), context.Barrier(workers + 1)
        done = context.Array("l", workers)
        target = engine_process if kind == "engine" else baseline_process
        runners = [
            context.Process(
                target=target,
                args=(
                    argsets[p * threads : (p + 1) * threads],
                    range(p * threads, (p + 1) * threads),
                    start,
                    seconds,
                    done,
                    finished,
                ),
            )
            for p in range(processes)
        ]
    for runner in runners:
        runner.start()
    start.wait()
    began = time.perf_counter()
    finished.wait()
    elapsed = time.perf_counter() - began
    for runner in runners:
        runner.join()
    return sum(done), elapsed


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
    most = max(processes * threads for processes, threads in RUNS)
    pm_id, la_id, ids = set_up(app, 2 * most)
    engine_args = [(agreement_id, pm_id, la_id) for agreement_id in ids[:most]]
    baseline_args = [(agreement_id, pm_id) for agreement_id in ids[most:]]
    print(
        f"Transitions per second on PostgreSQL, {SECONDS:g} s per measurement in {SLICES} slices, "
        "each transition committed."
    )
    print(
        f"{'workers':>28}  {'engine/s':>9}  {'cursor/s':>9}  {'engine/cursor':>13}  {'baseline/s':>10}  "
        f"{'engine/baseline':>15}"
    )
    one_worker = None
    for processes, threads in RUNS:
        workers = processes * threads
        # "cursor": the engine with its two statements on the driver's cursor (threads of this process only).
        kinds = ("engine", "cursor", "baseline") if processes == 1 else ("engine", "baseline")
        counted = {kind: [0, 0.0] for kind in kinds}
        for n in range(SLICES):
            for kind in kinds if n % 2 == 0 else reversed(kinds):
                runs = "baseline" if kind == "baseline" else "engine"
                argsets = (baseline_args if runs == "baseline" else engine_args)[:workers]
                with on_driver_cursor(app) if kind == "cursor" else nullcontext():
                    count, elapsed = measure(app, runs, argsets, processes, threads, SECONDS / SLICES)
                counted[kind][0] += count
                counted[kind][1] += elapsed
        rate = {kind: count / elapsed for kind, (count, elapsed) in counted.items()}
        engine, baseline = rate["engine"], rate["baseline"]
        ratio = engine / baseline
        if "cursor" in rate:
            cursor = f"{rate['cursor']:>9.1f}  {engine / rate['cursor']:>13.2f}"
        else:
            cursor = f"{'—':>9}  {'—':>13}"
        verdict = "meets" if ratio >= 0.5 else "below"
        if workers == 1:
            label = "1: one thread"
            one_worker = engine, rate["cursor"]
        elif processes == 1:
            label = f"{workers}: {threads} threads, 1 process"
        elif threads == 1:
            label = f"{workers}: {processes} processes"
        else:
            label = f"{workers}: {processes} processes × {threads} threads"
        print(f"{label:>28}  {engine:>9.1f}  {cursor}  {baseline:>10.1f}  {ratio:>15.2f}  ({verdict} the goal of 0.5)")
    if one_worker is not None:
        engine, cursor = one_worker
        cost = 1 - engine / cursor
        print(
            f"One worker: {engine:.1f} transitions/s through Connection.execute, {cursor:.1f}/s with the two "
            f"statements on the driver's cursor: Connection.execute costs {cost:.1%} of the figure "
            f"({'within' if cost <= LIMIT else 'over'} the limit of {LIMIT:.0%})."
        )
    statements, share = profile_engine(app, ids[0], pm_id, la_id)
    print(
        f"Engine, one worker: {statements:.1f} SQL statements per transition (baseline: 2, plus COMMIT each; "
        "on PostgreSQL the engine's row UPDATE and event INSERT are one statement); "
        f"{share:.0%} of its time in those statements, the rest in Python and COMMIT."
    )
    print(
        f"This machine has {os.cpu_count()} cores. Threads share one GIL: the 8-thread engine figure is bound by "
        "one core's Python. Processes beyond the cores each bring the engine's whole working set (app, "
        "SQLAlchemy, psycopg) to cores they share, while the baseline's is a few functions of psycopg; gunicorn "
        "runs a process per core or two, with threads for more concurrent requests (the 2 × 4 row)."
    )


if __name__ == "__main__":
    main()
