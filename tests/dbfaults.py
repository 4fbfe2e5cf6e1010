"""Database connections lost on purpose: before a COMMIT is sent, or while it is in flight.

Plain functions rather than fixtures, for the API and the page tests alike.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from agreements.db import db, is_postgresql


def terminate_backend(pid: int) -> None:
    """What a restart or a failover does to one connection: its backend ends; return once it is gone."""
    admin = create_engine(db.engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        gone = text("SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = :pid")
        deadline = time.monotonic() + 10
        while not conn.execute(gone, {"pid": pid}).scalar():
            assert time.monotonic() < deadline, f"backend {pid} still alive"
            time.sleep(0.02)
    admin.dispose()


def lose_the_connection() -> None:
    """The current session's connection goes away now, mid-transaction, before anything is committed.

    PostgreSQL: its backend is terminated. SQLite: the connection is closed under the pool's feet.
    """
    dbapi_connection = db.session.connection().connection.dbapi_connection
    if is_postgresql():
        terminate_backend(dbapi_connection.info.backend_pid)
    else:
        dbapi_connection.close()


@contextmanager
def connection_lost_at_commit(*, after_the_server_committed: bool = False) -> Iterator[list[int]]:
    """The next COMMIT sent loses its connection; yields the backends terminated (on SQLite: 0 for each).

    The dialect's ``do_commit`` is the one call that hands COMMIT to the server: SQLAlchemy has told its
    listeners that the commit is being sent, and nothing but the network stands between the app and the
    outcome. Terminating the backend right there is what a restart or a failover at that instant does.

    By default the backend dies first, so the COMMIT meets a closed connection and the server commits
    nothing. With ``after_the_server_committed`` the COMMIT goes through and the backend dies before its
    answer is taken in: the real error of the dead connection reaches the app instead of the answer. The
    app cannot tell the two apart — which is why it must not claim either outcome.

    SQLite has no server: its connection is closed just before the COMMIT, which then cannot happen.
    """
    assert is_postgresql() or not after_the_server_committed, "SQLite has no server to commit without the app"
    dialect = db.engine.dialect
    send_commit = dialect.do_commit
    terminated: list[int] = []

    def do_commit(pooled) -> None:
        if terminated:  # once: the commits after it (a retry, the test's own) go through
            return send_commit(pooled)
        connection = pooled.dbapi_connection
        if not is_postgresql():
            terminated.append(0)
            connection.close()
            return send_commit(pooled)
        pid = connection.info.backend_pid
        terminated.append(pid)
        if not after_the_server_committed:
            terminate_backend(pid)
            return send_commit(pooled)
        send_commit(pooled)
        terminate_backend(pid)
        connection.execute("SELECT 1")  # raises what the lost answer would have: the connection is gone
        raise AssertionError("the terminated connection still answered")

    dialect.do_commit = do_commit
    try:
        yield terminated
    finally:
        del dialect.do_commit
