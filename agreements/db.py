"""The database handle, the declarative base with stable constraint names, and engine settings."""

from __future__ import annotations

import datetime as _dt
import time

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, MetaData, TypeDecorator, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base, disable_autonaming=True)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, let readers run beside a writer, wait for a busy writer."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def ping_after_idle(engine: Engine, seconds: float) -> None:
    """Check a pooled connection on checkout only when it has sat idle in the pool for ``seconds`` or more.

    A connection the server or the network dropped while it sat unused (a restart, an idle timeout)
    fails the ping; the pool then discards it and checks out a fresh one, so the request never sees
    it. A connection back in use within ``seconds`` is handed out unchecked: that saves the round trip
    SQLAlchemy's ``pool_pre_ping`` makes on every checkout, at the cost that a connection dropped in
    those few seconds fails one statement (its transaction rolls back, the pool discards it).
    """
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < seconds:
            return  # new, or back in use after a short while
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError(f"connection idle {time.monotonic() - idle_since:.0f} s failed its ping") from exc


def connection_lost(error: BaseException) -> bool:
    """Whether ``error`` is the database connection dropping (a restart, a failover, a killed backend).

    The server rolled back whatever the connection's transaction had done; SQLAlchemy has discarded
    the connection, and the pool opens a fresh one for the next request.
    """
    return isinstance(error, DisconnectionError) or (isinstance(error, DBAPIError) and error.connection_invalidated)


# Set on a connection from the moment its COMMIT is handed to the server until its next transaction begins.
_COMMIT_SENT = "commit_sent"
# Set on a session once one of its transactions is committed (each request has a session of its own).
_SAVED = "saved"


@event.listens_for(Engine, "begin")
def _new_transaction(conn) -> None:
    """A new transaction: whatever the last COMMIT did is settled."""
    conn.info.pop(_COMMIT_SENT, None)


@event.listens_for(Engine, "commit")
def _commit_sent(conn) -> None:
    """The COMMIT is about to go to the server: from here on, a lost connection leaves its outcome unknown."""
    conn.info[_COMMIT_SENT] = True


@event.listens_for(Engine, "handle_error")
def _mark_lost_while_saving(context) -> None:
    """A connection lost with its COMMIT in flight: the server may have committed before the drop, or not.

    SQLite commits in this process, so a commit that fails there has not happened.
    """
    conn = context.connection
    if conn is None or conn.closed or conn.invalidated or context.sqlalchemy_exception is None:
        return
    if context.dialect.name == "sqlite":
        return
    if conn.info.pop(_COMMIT_SENT, False) and context.is_disconnect:
        context.sqlalchemy_exception.lost_while_saving = True


@event.listens_for(Session, "after_commit")
def _saved(session: Session) -> None:
    """Something of this session is in the database for good: a later drop cannot undo it."""
    session.info[_SAVED] = True


def outcome_unknown(error: BaseException) -> bool:
    """Whether a lost connection may have left the change saved: lost during the COMMIT, or after one.

    Otherwise the drop came before any COMMIT was sent, and the server rolled everything back.
    """
    if not connection_lost(error):
        return False
    return getattr(error, "lost_while_saving", False) or db.session.info.get(_SAVED, False)


def is_postgresql() -> bool:
    """Whether the current database is PostgreSQL."""
    return db.engine.dialect.name == "postgresql"


Json = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use utcnow()")
        return value.astimezone(_dt.UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=_dt.UTC)
        return value


def utcnow() -> _dt.datetime:
    """The current time, timezone-aware UTC."""
    return _dt.datetime.now(_dt.UTC)
