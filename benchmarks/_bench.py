"""What the benchmarks share: their own PostgreSQL database, the app on it, and how figures are printed."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agreements import create_app  # noqa: E402
from agreements.db import db  # noqa: E402

# A database of its own on the local server, so that a benchmark never touches real or test data.
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/agreements_bench")


def libpq_url(url: str = BENCH_URL) -> str:
    """The URL as psycopg itself takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def ensure_database(url: str = BENCH_URL) -> None:
    """Create the benchmark database if it is missing; exit with a clear message if PostgreSQL is not there."""
    parsed = make_url(url)
    server = parsed.set(database="postgres").render_as_string(hide_password=False)
    try:
        with psycopg.connect(libpq_url(server), autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{parsed.database}"')
    except psycopg.OperationalError as exc:
        sys.exit(f"The benchmarks need PostgreSQL at {parsed.host}:{parsed.port or 5432}: {exc}".strip())


def bench_app():
    """The app on the benchmark database, its schema upgraded through the migrations."""
    ensure_database()
    app = create_app({"SQLALCHEMY_DATABASE_URI": BENCH_URL, "TESTING": False})
    with app.app_context():
        from agreements.migrate import upgrade

        upgrade()
    return app


def empty_tables() -> None:
    """Start from empty tables (in the app context)."""
    truncate_tables()
    db.session.commit()


def truncate_tables() -> None:
    """TRUNCATE every table in the session's transaction (not committed). The trail and the documents
    refuse TRUNCATE (migration 0011): lifted for this transaction only, so no other session sees it lifted."""
    tables = db.session.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
    ).scalars()
    kept = ("events", "documents")
    for table in kept:
        db.session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_truncate"))
    db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    for table in kept:
        db.session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {table}_no_truncate"))


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def settle_server() -> None:
    """Write out what earlier work left in PostgreSQL's buffers (CHECKPOINT), so that a benchmark
    that ran before (e.g. loading 100,000 rows) does not flush its writes during this one's
    measurement. Needs a superuser or the pg_checkpoint role; without it, says so and goes on."""
    try:
        with psycopg.connect(libpq_url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.Error as exc:
        print(f"(no CHECKPOINT before measuring: {str(exc).strip()})")
