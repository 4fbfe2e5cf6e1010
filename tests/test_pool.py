"""Pooled connections: pinged only after sitting idle, and replaced without a word when the ping fails."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from agreements import create_app
from agreements.db import db, is_postgresql

IDLE = 0.2  # seconds a connection sits in the pool before its next checkout pings it


@pytest.fixture
def quick_app(database_url):
    """The app with a short idle threshold, so a test can wait past it."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "DATABASE_PING_AFTER_IDLE": IDLE,
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def pings(quick_app, monkeypatch):
    """The pings made, counted (each still goes to the database)."""
    dialect = db.engine.dialect
    made = []
    ping = dialect.do_ping

    def counted(dbapi_connection):
        made.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return made


def _used_once() -> object:
    """Run one statement in a transaction of its own; the DBAPI connection it ran on."""
    connection = db.session.connection().connection.dbapi_connection
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    return connection


def test_a_connection_back_in_use_soon_is_not_pinged(pings):
    first = _used_once()
    assert _used_once() is first
    assert pings == []


def test_a_connection_idle_past_the_threshold_is_pinged_once(pings):
    first = _used_once()
    time.sleep(IDLE * 1.5)
    assert _used_once() is first
    assert pings == [first]
    assert _used_once() is first
    assert len(pings) == 1


def test_a_connection_failing_its_ping_is_replaced(quick_app, monkeypatch):
    dialect = db.engine.dialect
    error = dialect.loaded_dbapi.OperationalError

    def fails(_dbapi_connection):
        monkeypatch.undo()  # the fresh connection the pool opens next is not pinged anyway
        raise error("server closed the connection unexpectedly")

    first = _used_once()
    time.sleep(IDLE * 1.5)
    monkeypatch.setattr(dialect, "do_ping", fails)
    assert _used_once() is not first


def test_a_connection_dropped_while_idle_is_replaced(quick_app, database_url):
    """PostgreSQL: the server terminates the backend; SQLite: the connection is closed under the pool."""
    first = db.session.connection().connection.dbapi_connection
    if is_postgresql():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        db.session.commit()  # back to the pool
        admin = create_engine(database_url, poolclass=NullPool)
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        admin.dispose()
    else:
        db.session.commit()
        first.close()
    time.sleep(IDLE * 1.5)
    # The next request's first statement runs, on a new connection, as if nothing had happened.
    assert db.session.execute(text("SELECT 1")).scalar() == 1
    assert db.session.connection().connection.dbapi_connection is not first
    db.session.commit()


def test_a_threshold_of_zero_checks_every_connection_before_every_use(quick_app):
    from agreements.db import ping_after_idle

    engine = create_engine(db.engine.url.render_as_string(hide_password=False))
    ping_after_idle(engine, 0)
    made = []
    ping = engine.dialect.do_ping
    engine.dialect.do_ping = lambda c: made.append(c) or ping(c)
    for _ in range(3):
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    engine.dispose()
    assert len(made) == 2  # every checkout but the first, of a brand-new connection
