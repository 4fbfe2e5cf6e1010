"""Backups that prove themselves: ``backup`` writes the database to a file (SQLite's backup API, or pg_dump)
with a manifest beside it; ``restore`` puts one into an empty database and, before it says done, verifies
every trail, every stored document's SHA-256 and the newest checkpoint the backup followed.

The manifest is a small JSON file beside the backup, FILE.json: a SQLite backup stays a plain database
file and a pg_dump archive stays a pg_dump archive, both readable by their own tools, and neither has
room for our own record. It says what the backup held when it was made (the backend, the schema
revision, the rows of every table, the time, the newest checkpoint then, the file's SHA-256), so that a
restore can compare what it restored with what was backed up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from ..db import db, utcnow
from ..errors import Conflict, InvalidInput
from ..migrate import alembic_config
from ..models import Agreement, Document
from ..search.schema import is_backend_table
from .audit import Finding, verify_trails
from .checkpoints import checkpoint_dir, verify_checkpoints

FORMAT = "agreements backup 1"
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
REVISION = "SELECT version_num FROM alembic_version"


# --- what a backup is ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Backup:
    """A backup file and its manifest, read and checked to be a backup of this kind of database."""

    path: Path
    manifest: dict

    @property
    def backend(self) -> str:
        """sqlite or postgresql."""
        return self.manifest["backend"]

    @property
    def summary(self) -> str:
        """a SQLite backup of 2026-12-02 14:51 UTC, schema 0011."""
        at = dt.datetime.fromisoformat(self.manifest["created_at"])
        return f"a {BACKENDS[self.backend]} backup of {at:%Y-%m-%d %H:%M} UTC, schema {self.manifest['revision']}"


@dataclass(frozen=True)
class BackedUp:
    """A backup written: where, and what it holds."""

    backup: Backup

    @property
    def manifest_path(self) -> Path:
        """FILE.json."""
        return manifest_path(self.backup.path)


@dataclass
class Restored:
    """What a restore put in the database and what verifying it found (no findings: it holds)."""

    backup: Backup
    agreements: int = 0
    events: int = 0
    documents: int = 0
    upgraded_from: str | None = None  # the backup's schema revision, when it was upgraded after the restore
    checkpoint: str | None = None  # the newest checkpoint the restored trail was proven to extend
    later_checkpoints: int = 0  # checkpoints written after the backup: their events are not in it
    findings: list[Finding] = field(default_factory=list)
    is_in_place: bool = False  # whether the database now holds the restore (verified or not)


def manifest_path(path: Path) -> Path:
    """The manifest beside a backup: FILE.json."""
    return path.with_name(path.name + ".json")


def describe_database() -> str:
    """The configured database in an operator's words: the SQLite database /srv/agreements.db."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        return f"the SQLite database {url.database}"
    return f"the PostgreSQL database {url.database} on {url.host or 'localhost'}"


def _backend() -> str:
    name = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    if name not in BACKENDS:
        raise InvalidInput(f"Backups are made of SQLite and PostgreSQL databases, not {name}.")
    return name


# --- backing up ------------------------------------------------------------------------------------------
def backup(path: Path, *, force: bool = False) -> BackedUp:
    """Write the configured database to ``path`` and its manifest to ``path``.json, each under a temporary
    name beside it first, renamed at the end; an existing file is replaced only with ``force``.

    SQLite: the backup API, one consistent copy while the app goes on writing. PostgreSQL: pg_dump
    --format=custom, in a snapshot exported by the transaction that counts the rows, so the manifest
    and the dump see the same database.
    """
    path = Path(path)
    backend = _backend()
    if not path.parent.is_dir():
        raise InvalidInput(f"The folder {path.parent} does not exist: create it first, or choose another.")
    for target in (path, manifest_path(path)):
        if target.exists() and not force:
            raise Conflict(f"{target} already exists: choose another name, or add --force to replace it.")
    part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    checkpoint = _newest_checkpoint()  # read first: it covers only what the backup holds
    try:
        tables, revision = (_dump_sqlite if backend == "sqlite" else _dump_postgresql)(part)
        manifest = {
            "format": FORMAT,
            "backend": backend,
            "created_at": utcnow().isoformat(timespec="seconds"),
            "revision": revision,
            "agreements": tables.get("agreements", 0),
            "events": tables.get("events", 0),
            "documents": tables.get("documents", 0),
            "checkpoint": checkpoint,
            "file": path.name,
            "size": part.stat().st_size,
            "sha256": _sha256(part),
            "tables": tables,
        }
        _move_in(part, path, force)
        _write_new(manifest_path(path), json.dumps(manifest, indent=1) + "\n", force)
    finally:
        part.unlink(missing_ok=True)
    return BackedUp(Backup(path, manifest))


def _dump_sqlite(part: Path) -> tuple[dict[str, int], str]:
    """Copy the live SQLite database to ``part`` with the backup API; (rows per table, revision)."""
    source = _sqlite_file(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if not source.is_file():
        raise InvalidInput(f"There is no database at {source} to back up.")
    with _sqlite(str(source)) as live, _sqlite(str(part)) as copy:
        live.backup(copy)  # one consistent copy, taken while writers go on (they wait or retry)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        tables = _tally(_names(copy.execute(SQLITE_TABLES)), lambda sql: copy.execute(sql).fetchone()[0])
        return tables, _revision(lambda: copy.execute(REVISION).fetchone()[0])


def _dump_postgresql(part: Path) -> tuple[dict[str, int], str]:
    """pg_dump the database to ``part`` in the snapshot its rows were counted in; (rows per table, revision)."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    pg_dump = _tool("pg_dump")
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            tables = _tally(connection.scalars(text(PG_TABLES)), lambda sql: connection.scalar(text(sql)))
            revision = _revision(lambda: connection.scalar(text(REVISION)))
            _run(
                pg_dump, ["--format=custom", f"--snapshot={snapshot}", f"--file={part}", f"--dbname={_libpq(url)}"], url
            )
    return tables, revision


def _newest_checkpoint() -> str | None:
    """The name of the newest checkpoint in AUDIT_CHECKPOINT_DIR, if it holds any."""
    names = _checkpoint_names(checkpoint_dir())
    return names[-1] if names else None


# --- restoring -------------------------------------------------------------------------------------------
def open_backup(path: Path) -> Backup:
    """The backup in ``path`` with its manifest, checked to be one this database can be restored from."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"There is no file {path}.")
    with path.open("rb") as file:
        start = file.read(16)
    kind = next((name for name, magic in MAGIC.items() if start.startswith(magic)), None)
    if kind is None:
        raise InvalidInput(
            f"{path} is not a backup made by 'agreements backup' (neither a SQLite database nor a pg_dump)."
        )
    try:
        manifest = json.loads(manifest_path(path).read_text())
    except FileNotFoundError:
        raise InvalidInput(
            f"{manifest_path(path)}, the manifest 'agreements backup' writes beside the backup, is missing: "
            "copy it along with the backup."
        ) from None
    except (OSError, ValueError):
        raise InvalidInput(f"{manifest_path(path)} cannot be read as the manifest of a backup.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("backend") != kind:
        raise InvalidInput(f"{manifest_path(path)} is not the manifest of a {BACKENDS[kind]} backup.")
    backend = _backend()
    if kind != backend:
        raise InvalidInput(
            f"{path} is a {BACKENDS[kind]} backup, but this installation's database is {BACKENDS[backend]} "
            f"({describe_database()}): restore it into a {BACKENDS[kind]} database (set DATABASE_URL)."
        )
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(manifest["revision"])
    except Exception:
        raise InvalidInput(
            f"{path} is of schema revision {manifest.get('revision')}, which this version of Agreements does not "
            "know: restore it with the version that made it, or a later one."
        ) from None
    return Backup(path, manifest)


def restore(backup: Backup) -> Restored:
    """Restore ``backup`` into the configured database, which must be empty (no tables, or tables without
    a row, as ``agreements db upgrade`` leaves them), bring its schema up to date, and verify it.

    SQLite: restored into a temporary file beside the database first and copied in (backup API) only
    when every check holds; otherwise the database stays as it was. PostgreSQL: pg_restore in one
    transaction straight into the database, which then holds the restore even when a check fails
    (``is_in_place``).
    """
    if backup.backend == "sqlite":
        folder = _sqlite_file(current_app.config["SQLALCHEMY_DATABASE_URI"]).parent
        if not folder.is_dir():
            raise InvalidInput(f"The folder {folder} of the database does not exist: create it first.")
    held = _rows(db.engine)
    if held:
        listed = ", ".join(f"{name} ({count} rows)" for name, count in held.items())
        raise Conflict(
            f"Restore refused: {describe_database()} is not empty; it holds {listed}. Restore only into an empty "
            "database: create a new one (for SQLite, move the file away) and run restore again."
        )
    restored = Restored(backup)
    restored.findings += _file_findings(backup)
    if backup.backend == "sqlite":
        _restore_sqlite(backup, restored)
    else:
        _restore_postgresql(backup, restored)
    return restored


def _restore_sqlite(backup: Backup, restored: Restored) -> None:
    """Into a temporary file, verified, then into the database."""
    target = _sqlite_file(current_app.config["SQLALCHEMY_DATABASE_URI"])
    part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.restore")
    try:
        with _sqlite(backup.path.resolve().as_uri() + "?mode=ro", uri=True) as source, _sqlite(str(part)) as copy:
            source.backup(copy)
            try:
                revision = copy.execute(REVISION).fetchone()[0]
            except sqlite3.DatabaseError:
                revision = None
        if revision != backup.manifest["revision"]:
            raise InvalidInput(f"{backup.path} does not hold the database its manifest describes: it is not a backup.")
        url = f"sqlite:///{part}"
        _bring_up_to_date(url, backup, restored)
        _verify(url, restored)
        if restored.findings:
            return
        db.session.remove()
        db.engine.dispose()
        with _sqlite(str(part)) as verified, _sqlite(str(target)) as live:
            verified.backup(live)
        restored.is_in_place = True
    finally:
        for leftover in (part, part.with_name(part.name + "-wal"), part.with_name(part.name + "-shm")):
            leftover.unlink(missing_ok=True)


def _restore_postgresql(backup: Backup, restored: Restored) -> None:
    """pg_restore in one transaction (the triggers are made after the data), then verified in place."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    pg_restore = _tool("pg_restore")
    with db.engine.connect() as connection:
        names = list(connection.scalars(text(PG_TABLES)))
        revision = connection.scalar(text(REVISION)) if "alembic_version" in names else None
    if names and revision != backup.manifest["revision"]:
        raise Conflict(
            f"Restore refused: {describe_database()} has tables of schema revision {revision or 'unknown'}, the "
            f"backup is of {backup.manifest['revision']}: restore into a database with no tables (drop and create it)."
        )
    done = "the database is as it was"
    if names:
        # Freshly migrated, without a row (checked above): its schema is taken away in one transaction
        # and pg_restore makes it anew. (pg_restore --clean cannot drop the constraints a partition
        # inherits, as search_entries' partitions do.)
        with db.engine.begin() as connection:
            schema = connection.dialect.identifier_preparer.quote(connection.scalar(text("SELECT current_schema()")))
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        done = "the database is empty now: run `agreements db upgrade` to make it as it was"
    db.session.remove()
    db.engine.dispose()
    options = ["--no-owner", "--exit-on-error", "--single-transaction"]
    _run(pg_restore, [*options, f"--dbname={_libpq(url)}", str(backup.path)], url, done=done)
    restored.is_in_place = True
    _bring_up_to_date(url, backup, restored)
    _verify(url, restored)


def _bring_up_to_date(url: str, backup: Backup, restored: Restored) -> None:
    """Upgrade a restore of an older schema to this version's, as ``agreements db upgrade`` would."""
    script = ScriptDirectory.from_config(alembic_config(url))
    if backup.manifest["revision"] != script.get_current_head():
        from alembic import command

        command.upgrade(alembic_config(url), "head")
        restored.upgraded_from = backup.manifest["revision"]


# --- verifying -------------------------------------------------------------------------------------------
def _verify(url: str, restored: Restored) -> None:
    """Every chain, every document's SHA-256, the rows against the manifest, and the checkpoints."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with _session_on(engine):
            restored.agreements, restored.events, findings = verify_trails()
            restored.findings += findings
            restored.documents, findings = _verify_documents()
            restored.findings += findings
            if restored.upgraded_from is None:
                restored.findings += _count_findings(restored.backup, _rows(engine, everything=True))
            _verify_checkpoint(restored)
    finally:
        engine.dispose()


@contextmanager
def _session_on(engine: Engine) -> Iterator[None]:
    """Run the services on ``engine`` (a restore not yet in place): in an app context of their own, whose
    scoped session is bound to it."""
    with current_app.app_context():
        db.session.registry.set(Session(bind=engine))
        try:
            yield
        finally:
            db.session.remove()


def _verify_documents() -> tuple[int, list[Finding]]:
    """Each stored document's bytes against the SHA-256 and size recorded with them."""
    query = (
        select(Document.id, Document.filename, Document.size, Document.sha256, Document.content, Agreement.reference)
        .join(Agreement, Agreement.id == Document.agreement_id)
        .order_by(Document.id)
        .execution_options(yield_per=16)
    )
    count, findings = 0, []
    for row in db.session.execute(query):
        count += 1
        content = row.content or b""
        if hashlib.sha256(content).hexdigest() != row.sha256 or len(content) != row.size:
            findings.append(
                Finding(
                    row.reference,
                    None,
                    f"document {row.filename} (#{row.id}): its bytes no longer match the SHA-256 recorded with them",
                )
            )
    return count, findings


def _count_findings(backup: Backup, restored: dict[str, int]) -> list[Finding]:
    """Tables whose rows restored differ from those the manifest records."""
    return [
        Finding(f"table {name}", None, f"{restored.get(name, 0)} rows restored, the backup recorded {count}")
        for name, count in backup.manifest.get("tables", {}).items()
        if restored.get(name, 0) != count
    ]


def _file_findings(backup: Backup) -> list[Finding]:
    """Whether the file is still the one the manifest describes."""
    if _sha256(backup.path) == backup.manifest.get("sha256"):
        return []
    return [
        Finding(
            f"backup file {backup.path.name}",
            None,
            "changed since it was written: its SHA-256 is not the one its manifest records",
        )
    ]


def _verify_checkpoint(restored: Restored) -> None:
    """That the restored trail extends the newest checkpoint written before the backup (and each before
    it), as ``agreements audit verify --checkpoints`` proves it."""
    folder = checkpoint_dir()
    names = _checkpoint_names(folder)
    named = restored.backup.manifest.get("checkpoint")
    if named is None:
        restored.later_checkpoints = len(names)
        return
    if named not in names:
        restored.findings.append(
            Finding(
                f"checkpoint file {named}",
                None,
                f"the backup was made after it, but it is not in {folder}: the restored trail cannot be proven "
                "against it (restore the checkpoints folder too, or set AUDIT_CHECKPOINT_DIR)",
            )
        )
        return
    upto = names[: names.index(named) + 1]
    restored.later_checkpoints = len(names) - len(upto)
    with tempfile.TemporaryDirectory() as scratch:
        for name in upto:
            shutil.copy(folder / name, Path(scratch) / name)
        report = verify_checkpoints(Path(scratch))
    restored.findings += report.findings
    if not report.findings:
        restored.checkpoint = named


# --- the pieces ------------------------------------------------------------------------------------------
def _rows(engine: Engine, *, everything: bool = False) -> dict[str, int]:
    """Rows per table of the database (those of the search backend left out); only the tables that hold
    any, and without alembic_version, unless ``everything``."""
    query = SQLITE_TABLES if engine.dialect.name == "sqlite" else PG_TABLES
    with engine.connect() as connection:
        counts = _tally(connection.scalars(text(query)), lambda sql: connection.scalar(text(sql)))
    if everything:
        return counts
    return {name: count for name, count in counts.items() if count and name != "alembic_version"}


def _tally(names, count: Callable[[str], int]) -> dict[str, int]:
    """Rows per table, by name, the search backend's own tables left out (they follow search_entries)."""
    return {name: count(f'SELECT count(*) FROM "{name}"') for name in sorted(names) if not is_backend_table(name)}


def _names(cursor) -> list[str]:
    return [row[0] for row in cursor]


def _revision(read: Callable[[], str]) -> str:
    """The schema revision, read by ``read``; a database never migrated has none to back up."""
    try:
        return read()
    except Exception:
        raise InvalidInput(
            "The database has no schema yet (run 'agreements db upgrade'): nothing to back up."
        ) from None


def _checkpoint_names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("checkpoint-*.json")) if folder.is_dir() else []


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise InvalidInput("An in-memory SQLite database cannot be backed up or restored: set DATABASE_URL to a file.")
    return Path(database)


@contextmanager
def _sqlite(database: str, **options) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, closed afterwards (sqlite3's own context manager leaves it open)."""
    connection = sqlite3.connect(database, isolation_level=None, **options)
    try:
        yield connection
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(f"SQLite could not copy the database: {exc}.") from None
    finally:
        connection.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _move_in(part: Path, path: Path, force: bool) -> None:
    """Rename ``part`` to ``path``; without ``force``, never over a file that appeared meanwhile."""
    if force:
        os.replace(part, path)
        return
    try:
        os.link(part, path)
    except FileExistsError:
        raise Conflict(f"{path} already exists: choose another name, or add --force to replace it.") from None


def _write_new(path: Path, content: str, force: bool) -> None:
    part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        part.write_text(content)
        _move_in(part, path, force)
    finally:
        part.unlink(missing_ok=True)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise InvalidInput(
            f"{name} is not installed: install the PostgreSQL client tools (Debian: apt-get install postgresql-client)."
        )
    return found


def _libpq(url: str) -> str:
    """The database URL as libpq takes it, without its password (that goes in PGPASSWORD)."""
    parts = make_url(url)
    bare = URL.create("postgresql", parts.username, None, parts.host, parts.port, parts.database, parts.query)
    return bare.render_as_string(hide_password=False)


def _run(tool: str, arguments: list[str], url: str, done: str = "nothing was written") -> None:
    """Run pg_dump or pg_restore with the password in the environment; its error in words when it fails."""
    environment = dict(os.environ)
    password = make_url(url).password
    if password:
        environment["PGPASSWORD"] = password
    result = subprocess.run([tool, *arguments], env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()][-3:]
        raise InvalidInput(f"{Path(tool).name} failed ({done}): {' '.join(lines) or 'no message'}")
