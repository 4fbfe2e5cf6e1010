"""The schema comes from Alembic: up from empty to head, down to base, and exactly what the models say.

SQLite always runs (a fresh file); PostgreSQL runs when the suite runs on it, in a database of its
own (``agreements_migrations_<pid>``) so the database the other tests use is never touched.
"""

from __future__ import annotations

import os

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import BACKEND, PG_URL
from sqlalchemy import Column, MetaData, String, create_engine, inspect, text
from sqlalchemy.engine import make_url

from agreements import models  # noqa: F401  (registers every table on the metadata)
from agreements.db import Base
from agreements.migrate import alembic_config
from agreements.search.schema import include_object, is_backend_table

# Named per run, so two runs at once never drop each other's database.
MIGRATIONS_DB = f"agreements_migrations_{os.getpid()}"
BACKENDS = ["sqlite"] + (["postgresql"] if BACKEND == "postgresql" else [])


def _admin(sql: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """A URL of an empty database on each backend under test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    _admin(f'DROP DATABASE IF EXISTS "{MIGRATIONS_DB}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{MIGRATIONS_DB}"')
    yield make_url(PG_URL).set(database=MIGRATIONS_DB).render_as_string(hide_password=False)
    _admin(f'DROP DATABASE IF EXISTS "{MIGRATIONS_DB}" WITH (FORCE)')


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        # The search backend's own tables (SQLite's FTS5 index) are not models.
        return {name for name in inspect(engine).get_table_names() if not is_backend_table(name)}
    finally:
        engine.dispose()


def _differences(url: str, metadata: MetaData = Base.metadata) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True, "include_object": include_object}
            )
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def test_one_head_and_a_straight_history():
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1
    revisions = list(scripts.walk_revisions())
    assert [r.down_revision for r in revisions][-1] is None
    assert all(r.doc for r in revisions), "every revision says what it changes"


def test_upgrade_from_empty_to_head_builds_every_table(empty_database):
    assert _tables(empty_database) == set()
    command.upgrade(alembic_config(empty_database), "head")
    assert _tables(empty_database) == set(Base.metadata.tables) | {"alembic_version"}
    head = ScriptDirectory.from_config(alembic_config(empty_database)).get_current_head()
    assert _revision(empty_database) == head


def test_downgrade_to_base_leaves_nothing_behind(empty_database):
    cfg = alembic_config(empty_database)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    assert _tables(empty_database) <= {"alembic_version"}
    assert _revision(empty_database) is None
    engine = create_engine(empty_database)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                leftovers = conn.execute(
                    text(
                        "SELECT proname FROM pg_proc JOIN pg_namespace n ON n.oid = pronamespace "
                        "WHERE nspname = 'public' UNION ALL "
                        "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'"
                    )
                ).scalars()
            else:
                leftovers = conn.execute(
                    text(
                        "SELECT name FROM sqlite_master "
                        "WHERE type IN ('trigger', 'index', 'view') AND tbl_name <> 'alembic_version'"
                    )
                ).scalars()
            assert list(leftovers) == []
    finally:
        engine.dispose()


def test_upgrade_down_and_up_again(empty_database):
    cfg = alembic_config(empty_database)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")
    assert _differences(empty_database) == []


def test_the_models_and_the_migrations_agree(empty_database):
    command.upgrade(alembic_config(empty_database), "head")
    assert _differences(empty_database) == [], "a model changed without a migration (or the reverse)"


def test_a_model_without_its_migration_is_caught(empty_database):
    """The comparison above can fail: a column the migrations never made shows up as a difference."""
    command.upgrade(alembic_config(empty_database), "head")
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["offices"].append_column(Column("nickname", String(40)))
    differences = _differences(empty_database, changed)
    assert [(d[0], d[2], d[3].name) for d in differences] == [("add_column", "offices", "nickname")]
