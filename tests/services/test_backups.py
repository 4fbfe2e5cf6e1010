"""`agreements backup` and `agreements restore`, on SQLite as on PostgreSQL: a backup restored into an empty
database holds every row it was made of, and a restore says done only when every trail, every document's
SHA-256 and the newest checkpoint before the backup hold; what fails is named."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from clitools import ok, refused
from conftest import BACKEND, PG_URL, _admin_execute, _upgrade, _with_database
from flask.cli import ScriptInfo
from sqlalchemy import create_engine, delete, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from agreements import create_app
from agreements.cli import main
from agreements.db import db, is_postgresql
from agreements.models import Document, Event
from agreements.services import documents

from .lifecycle import bring_to, take
from .test_audit_tampering import change, past_the_triggers, rechain


# --- the scene -------------------------------------------------------------------------------------------
@pytest.fixture
def checkpoints(app, tmp_path) -> Path:
    """A folder of checkpoints away from the database, and a fixed audit key for both installations."""
    folder = tmp_path / "checkpoints"
    app.config.update(AUDIT_CHECKPOINT_DIR=str(folder), AUDIT_KEY="backup-test-audit-key")
    return folder


@pytest.fixture
def trail(world, make_agreement, runner, checkpoints):
    """Two agreements moved through their workflow, a checkpoint, and one step after it."""
    mou = make_agreement()
    other = make_agreement(title="Second memorandum")
    bring_to(world, mou, "legal_review")
    take(world, mou, "return_for_revision")
    result = runner.invoke(["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    take(world, other, "submit_for_review")
    return mou, other


def _sign(world, agreement):
    """Walk an agreement to in force: its signed, sealed PDF is stored with its SHA-256."""
    bring_to(world, agreement, "in_force")
    document = documents.signed_document(agreement)
    db.session.commit()
    return document


@pytest.fixture
def empty_database(tmp_path):
    """The URL of an empty database (no tables); on PostgreSQL one created for the test and dropped after."""
    if BACKEND != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"agreements_restore_{uuid.uuid4().hex[:12]}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    yield _with_database(PG_URL, name)
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Installation:
    """Another installation of the app, on another database, with the same keys and checkpoints."""

    def __init__(self, app, url: str) -> None:
        self.app = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": url})
        self.app.instance_path = app.instance_path
        self.url = url

    def invoke(self, *args: str):
        """Run an ``agreements`` command there."""
        with self.app.app_context():
            try:
                return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: self.app))
            finally:
                db.session.remove()
                db.engine.dispose()

    def rows(self) -> dict[str, list]:
        """Every table's rows, as an operator comparing the databases would read them."""
        return table_rows(self.url)


def table_rows(url: str) -> dict[str, list]:
    """Every table of the database (reflected: whatever the schema holds), its rows sorted."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = inspect(connection).get_table_names()
            return {
                name: sorted(
                    (
                        tuple(repr(value) for value in row)
                        for row in connection.execute(text(f'SELECT * FROM "{name}"'))
                    ),
                )
                for name in names
            }
    finally:
        engine.dispose()


def _backup(runner, tmp_path, *extra: str) -> Path:
    file = tmp_path / "agreements.backup"
    ok(runner.invoke(["backup", str(file), *extra]))
    return file


# --- the round trip --------------------------------------------------------------------------------------
def test_a_backup_restored_into_an_empty_database_holds_every_row_and_proves_itself(
    app, world, make_agreement, trail, runner, checkpoints, empty_database, tmp_path
):
    mou, other = trail
    signed = _sign(world, make_agreement(title="Memorandum to sign"))
    file = tmp_path / "agreements.backup"
    output = ok(runner.invoke(["backup", str(file)]))
    manifest = json.loads(file.with_name(file.name + ".json").read_text())
    (checkpoint,) = sorted(path.name for path in checkpoints.glob("*.json"))
    assert f"Backing up the {'PostgreSQL' if is_postgresql() else 'SQLite'} database" in output
    assert f"to {file}, manifest {file}.json; newest checkpoint {checkpoint}." in output
    events = db.session.scalar(select(func.count()).select_from(Event))
    assert (manifest["agreements"], manifest["documents"], manifest["checkpoint"]) == (3, 1, checkpoint)
    assert manifest["events"] == manifest["tables"]["events"] == events > mou.event_count + other.event_count
    source = table_rows(app.config["SQLALCHEMY_DATABASE_URI"])

    target = Installation(app, empty_database)
    output = ok(target.invoke("restore", str(file)))

    assert (
        f"Restored 3 agreements, {events} events, 1 documents; trail verified; 1 documents' SHA-256 verified; "
        f"extends checkpoint {checkpoint}." in output
    )
    restored = target.rows()
    assert restored.keys() == source.keys()
    for name, rows in source.items():
        assert restored[name] == rows, f"table {name} differs after the restore"
    assert ok(target.invoke("audit", "verify", "--checkpoints", str(checkpoints))).startswith("OK: ")
    signed_id = signed.id  # read here: the test's own objects load from the test's database
    with target.app.app_context():
        stored = db.session.get(Document, signed_id)
        assert documents.verify_pdf(stored.content).kind == "signed"
        db.session.remove()
        db.engine.dispose()


def test_the_restored_trail_is_still_append_only(app, trail, runner, empty_database, tmp_path):
    file = _backup(runner, tmp_path)
    target = Installation(app, empty_database)
    ok(target.invoke("restore", str(file)))
    engine = create_engine(empty_database)
    try:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text("UPDATE events SET comment = 'rewritten'"))
    finally:
        engine.dispose()


def test_a_freshly_migrated_empty_database_is_accepted(app, trail, runner, empty_database, tmp_path):
    file = _backup(runner, tmp_path)
    _upgrade(empty_database)
    target = Installation(app, empty_database)
    assert "Restored 2 agreements" in ok(target.invoke("restore", str(file)))
    assert target.rows()["agreements"] == table_rows(app.config["SQLALCHEMY_DATABASE_URI"])["agreements"]


def test_without_a_checkpoint_the_restore_says_there_was_none_to_prove_against(
    app, make_agreement, runner, checkpoints, empty_database, tmp_path
):
    make_agreement()
    file = _backup(runner, tmp_path)
    output = ok(Installation(app, empty_database).invoke("restore", str(file)))
    assert "Restored 1 agreements, 1 events, 0 documents; trail verified" in output
    assert "no checkpoint was written before this backup" in output


# --- what a restore refuses ------------------------------------------------------------------------------
def test_an_event_changed_in_the_backup_is_named_and_nothing_is_served(app, trail, runner, empty_database, tmp_path):
    mou, _other = trail
    if is_postgresql():  # as the owner of the tables could, before the dump
        with past_the_triggers():
            change(mou.id, 2, comment="Cleared without remarks.")
    file = _backup(runner, tmp_path)
    if not is_postgresql():  # in the backup file itself
        with sqlite3.connect(file) as edit:
            edit.execute("DROP TRIGGER events_no_update")
            edit.execute(
                "UPDATE events SET comment = 'Cleared without remarks.' WHERE agreement_id = ? AND seq = 2", (mou.id,)
            )
        edit.close()
    target = Installation(app, empty_database)
    output = refused(target.invoke("restore", str(file)), f"FAILED {mou.reference} event 2: changed")
    if is_postgresql():
        assert "The database now holds this UNVERIFIED restore" in output
    else:
        assert "backup file agreements.backup: changed since it was written" in output
        assert "nothing was restored, the database is as it was" in output
        assert all(rows == [] for rows in target.rows().values())


def test_events_removed_before_the_backup_with_the_head_reset_fail_the_checkpoint(
    app, trail, runner, checkpoints, empty_database, tmp_path
):
    mou, _other = trail
    (checkpoint,) = sorted(path.name for path in checkpoints.glob("*.json"))
    with past_the_triggers():  # the last event removed, and the agreement's head and state set back to match
        db.session.execute(delete(Event.__table__).where(Event.agreement_id == mou.id, Event.seq == 3))
        rechain(mou.id)
    file = _backup(runner, tmp_path)
    output = refused(
        Installation(app, empty_database).invoke("restore", str(file)),
        f"FAILED {mou.reference} event 1: the trail no longer extends {checkpoint}, which recorded events 1 to 3 "
        "(2 remain now)",
    )
    assert "trail verified" not in output


def test_a_document_whose_bytes_changed_is_named(
    app, world, make_agreement, checkpoints, runner, empty_database, tmp_path
):
    agreement = make_agreement()
    signed = _sign(world, agreement)
    forged = b"%PDF-1.7 not the sealed text"
    if is_postgresql():
        db.session.execute(text("ALTER TABLE documents DISABLE TRIGGER documents_kept"))
        db.session.execute(text("UPDATE documents SET content = :c WHERE id = :id"), {"c": forged, "id": signed.id})
        db.session.execute(text("ALTER TABLE documents ENABLE TRIGGER documents_kept"))
        db.session.commit()
    file = _backup(runner, tmp_path)
    if not is_postgresql():
        with sqlite3.connect(file) as edit:
            edit.execute("DROP TRIGGER documents_no_update")
            edit.execute("UPDATE documents SET content = ? WHERE id = ?", (forged, signed.id))
        edit.close()
    output = refused(
        Installation(app, empty_database).invoke("restore", str(file)),
        f"FAILED {agreement.reference}: document {signed.filename} (#{signed.id}): its bytes no longer match",
    )
    assert "SHA-256 verified" not in output


def test_a_database_that_holds_rows_is_refused_and_named(app, trail, runner, tmp_path):
    file = _backup(runner, tmp_path)
    output = refused(runner.invoke(["restore", str(file)]), "Restore refused: ", "is not empty; it holds ")
    assert "agreements (2 rows)" in output and "events (" in output


def test_a_missing_file_a_stranger_and_the_other_backend_s_backup_are_refused(app, trail, runner, tmp_path):
    refused(
        runner.invoke(["restore", str(tmp_path / "nowhere.backup")]), f"There is no file {tmp_path}/nowhere.backup."
    )
    stranger = tmp_path / "notes.txt"
    stranger.write_text("minutes of the meeting")
    refused(runner.invoke(["restore", str(stranger)]), "is not a backup made by 'agreements backup'")
    file = _backup(runner, tmp_path)
    manifest = file.with_name(file.name + ".json")
    recorded = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**recorded, "revision": "9999"}))
    refused(runner.invoke(["restore", str(file)]), "is of schema revision 9999, which this version of Agreements")
    manifest.unlink()
    refused(
        runner.invoke(["restore", str(file)]), "the manifest 'agreements backup' writes beside the backup, is missing"
    )
    other = tmp_path / "other.backup"
    if is_postgresql():
        other.write_bytes(b"SQLite format 3\x00" + bytes(84))
        kinds = ("SQLite", "PostgreSQL")
    else:
        other.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(64))
        kinds = ("PostgreSQL", "SQLite")
    manifest = {"format": "agreements backup 1", "backend": kinds[0].lower(), "revision": "0011"}
    other.with_name(other.name + ".json").write_text(json.dumps(manifest))
    refused(
        runner.invoke(["restore", str(other)]),
        f"is a {kinds[0]} backup, but this installation's database is {kinds[1]}",
    )


# --- what a backup refuses -------------------------------------------------------------------------------
def test_a_backup_never_replaces_a_file_without_force(app, make_agreement, runner, tmp_path):
    make_agreement()
    file = _backup(runner, tmp_path)
    before = file.read_bytes()
    refused(runner.invoke(["backup", str(file)]), f"{file} already exists: choose another name, or add --force")
    assert file.read_bytes() == before
    make_agreement(title="Second memorandum")
    ok(runner.invoke(["backup", str(file), "--force"]))
    assert json.loads(file.with_name(file.name + ".json").read_text())["agreements"] == 2
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []  # no leftovers


def test_a_backup_into_a_missing_folder_is_refused_in_words(app, runner, tmp_path):
    refused(runner.invoke(["backup", str(tmp_path / "no" / "such.backup")]), f"The folder {tmp_path}/no does not exist")


def test_a_backup_whose_checkpoint_is_gone_is_not_said_to_extend_it(
    app, trail, runner, checkpoints, empty_database, tmp_path
):
    file = _backup(runner, tmp_path)
    (checkpoint,) = checkpoints.glob("*.json")
    checkpoint.unlink()
    refused(
        Installation(app, empty_database).invoke("restore", str(file)),
        f"FAILED checkpoint file {checkpoint.name}: the backup was made after it, but it is not in {checkpoints}",
    )


def test_checkpoints_written_after_the_backup_are_counted_not_checked(app, trail, runner, empty_database, tmp_path):
    file = _backup(runner, tmp_path)
    ok(runner.invoke(["audit", "checkpoint"]))
    output = ok(Installation(app, empty_database).invoke("restore", str(file)))
    assert "extends checkpoint" in output
    assert "1 checkpoint(s) were written after this backup" in output


@pytest.mark.skipif(BACKEND != "postgresql", reason="pg_dump and pg_restore serve PostgreSQL only")
def test_without_the_postgresql_client_tools_the_operator_is_told_what_to_install(
    app, make_agreement, runner, tmp_path, monkeypatch
):
    make_agreement()
    monkeypatch.setenv("PATH", str(tmp_path))
    refused(runner.invoke(["backup", str(tmp_path / "x.backup")]), "pg_dump is not installed", "postgresql-client")
    assert list(tmp_path.glob("*x.backup*")) == []


@pytest.mark.skipif(BACKEND != "postgresql", reason="pg_dump serves PostgreSQL only")
def test_the_database_password_never_appears_on_pg_dump_s_command_line(
    app, make_agreement, runner, tmp_path, monkeypatch
):
    from sqlalchemy.engine import make_url

    make_agreement()
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(password="s3cret-pw")  # the server trusts this client
    app.config["SQLALCHEMY_DATABASE_URI"] = url.render_as_string(hide_password=False)
    seen = []
    real_run = subprocess.run

    def watched(arguments, **options):
        seen.append((arguments, options.get("env", {}).get("PGPASSWORD")))
        return real_run(arguments, **options)

    monkeypatch.setattr(subprocess, "run", watched)
    _backup(runner, tmp_path)
    ((arguments, password),) = seen
    assert Path(arguments[0]).name == "pg_dump" and password == "s3cret-pw"
    assert not any("s3cret-pw" in argument for argument in arguments)
