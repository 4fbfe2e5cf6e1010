"""Twenty-three ways to rewrite the audit trail after checkpoints were written, and
`agreements audit verify --checkpoints` catching each of them, on SQLite as on PostgreSQL.

Each is done as someone with the database owner's rights could: the append-only (and no-TRUNCATE)
triggers lifted, rows changed in SQL, then every hash and the agreements' heads recomputed, so that
most leave chains that verify on their own. Checkpoint files are changed as someone who can write to
their folder could, but who does not hold the audit key; nor can they make an event's seal.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BACKEND
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from agreements.db import db, is_postgresql
from agreements.models import Agreement, Event, OutboxMail
from agreements.services.audit import CHAIN_COLUMNS, chain_of
from agreements.services.checkpoints import AuditKey, audit_key
from agreements.services.transitions import fire_transition

from .lifecycle import bring_to, take

EVENTS, AGREEMENTS = Event.__table__, Agreement.__table__
LIFTED = ("events_append_only", "events_no_truncate")  # PostgreSQL's triggers on the trail


# --- doing it ------------------------------------------------------------------------------------------
@dataclass
class Scene:
    """An MOU with 5 events (checkpoint A was written after its 2nd, B after its 5th) and a second
    agreement with 1 event (in B only)."""

    mou: Agreement
    other: Agreement
    folder: Path
    a: Path
    b: Path


def checkpoint(runner, folder: Path) -> Path:
    """Run `agreements audit checkpoint`; the file it wrote."""
    before = set(folder.glob("*.json"))
    result = runner.invoke(["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    (written,) = set(folder.glob("*.json")) - before
    assert f"written to {written}." in result.output
    return written


def verify(runner, folder: Path | None = None) -> tuple[int, list[str]]:
    """Run `agreements audit verify` (against the checkpoints in ``folder``); (exit code, lines)."""
    result = runner.invoke(["audit", "verify", *(["--checkpoints", str(folder)] if folder else [])])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.strip().splitlines()


@pytest.fixture
def scene(app, world, make_agreement, runner, tmp_path) -> Scene:
    """The trail and its two checkpoints, in a folder away from the database."""
    folder = tmp_path / "elsewhere"
    app.config["AUDIT_CHECKPOINT_DIR"] = str(folder)
    mou = make_agreement()
    bring_to(world, mou, "legal_review")
    a = checkpoint(runner, folder)
    take(world, mou, "return_for_revision")
    bring_to(world, mou, "negotiation")
    other = make_agreement(title="Second memorandum")
    b = checkpoint(runner, folder)
    assert (mou.event_count, other.event_count) == (5, 1)
    code, lines = verify(runner, folder)
    assert code == 0, lines
    return Scene(mou, other, folder, a, b)


@contextmanager
def past_the_triggers():
    """Lift the database's refusal to change the trail, as the owner of its tables could; commit at the end."""
    if is_postgresql():
        for trigger in LIFTED:
            db.session.execute(text(f"ALTER TABLE events DISABLE TRIGGER {trigger}"))
        db.session.commit()
        try:
            yield
            db.session.commit()
        finally:
            db.session.rollback()
            for trigger in LIFTED:
                db.session.execute(text(f"ALTER TABLE events ENABLE TRIGGER {trigger}"))
            db.session.commit()
    else:
        db.session.execute(text("DROP TRIGGER IF EXISTS events_no_update"))
        db.session.execute(text("DROP TRIGGER IF EXISTS events_no_delete"))
        db.session.commit()
        yield  # this test's database file is thrown away afterwards
        db.session.commit()
    db.session.expire_all()


def events(agreement_id: int) -> list:
    """The rows of one trail, in seq order."""
    columns = [EVENTS.c.id, *(EVENTS.c[name] for name in CHAIN_COLUMNS if name != "agreement_id")]
    query = select(EVENTS.c.agreement_id, *columns).where(EVENTS.c.agreement_id == agreement_id)
    return db.session.execute(query.order_by(EVENTS.c.seq)).all()


def change(agreement_id: int, seq: int, **values) -> None:
    """Change columns of one event."""
    db.session.execute(
        update(EVENTS).where(EVENTS.c.agreement_id == agreement_id, EVENTS.c.seq == seq).values(**values)
    )


def renumber(agreement_id: int, event_ids: list[int]) -> None:
    """Make these events the agreement's whole trail, in this order (seq is unique: through negatives)."""
    for position, event_id in enumerate(event_ids, start=1):
        db.session.execute(
            update(EVENTS).where(EVENTS.c.id == event_id).values(agreement_id=agreement_id, seq=-position)
        )
    db.session.execute(
        update(EVENTS).where(EVENTS.c.agreement_id == agreement_id, EVENTS.c.seq < 0).values(seq=-EVENTS.c.seq)
    )


def copy_of(row, **values) -> int:
    """Insert a copy of an event row, changed by ``values``; the copy's id."""
    fields = {key: value for key, value in row._mapping.items() if key != "id"}
    return db.session.execute(insert(EVENTS).values(**{**fields, **values}).returning(EVENTS.c.id)).scalar_one()


def rechain(*agreement_ids: int) -> None:
    """Recompute every hash of these trails and the agreements' heads (and states), as the tamperer does next."""
    for agreement_id in agreement_ids:
        rows = events(agreement_id)
        chain = chain_of(rows, agreement_id)
        assert len(chain) == len(rows), "renumber the trail first"
        for row, prev_hash, new_hash in zip(rows, [None, *chain], chain, strict=False):
            db.session.execute(update(EVENTS).where(EVENTS.c.id == row.id).values(prev_hash=prev_hash, hash=new_hash))
        head = {"audit_head": chain[-1] if chain else None, "event_count": len(chain)}
        if rows:
            head["state"] = rows[-1].to_state
        db.session.execute(update(AGREEMENTS).where(AGREEMENTS.c.id == agreement_id).values(**head))


def rewrite_file(path: Path, edit: Callable[[dict], None], name: str | None = None) -> Path:
    """Edit a checkpoint's JSON (the file is read-only: whoever can write the folder can change that)."""
    body = json.loads(path.read_text())
    edit(body)
    target = path.with_name(name) if name else path
    if target.exists():
        target.chmod(0o644)
    target.write_text(json.dumps(body, indent=1))
    return target


def re_sign(body: dict, key: AuditKey) -> None:
    """Sign a checkpoint's content with ``key``, as whoever holds that key could."""
    body["key_id"] = key.key_id
    body["signature"] = key.sign(body)


def heads_now() -> list[dict]:
    """The agreements' heads as they are now (what a forged checkpoint would say)."""
    rows = db.session.execute(
        select(AGREEMENTS.c.id, AGREEMENTS.c.reference, AGREEMENTS.c.event_count, AGREEMENTS.c.audit_head)
    )
    return [{"agreement_id": i, "reference": r, "event_count": c, "head": h} for i, r, c, h in rows]


# --- the twenty ------------------------------------------------------------------------------------------
TAMPERINGS: dict[str, Callable[[Scene], list[str]]] = {}


def tampering(function: Callable[[Scene], list[str]]) -> Callable[[Scene], list[str]]:
    """One way of tampering: does it, and returns what verify must say (lines, or the start of lines)."""
    TAMPERINGS[function.__name__] = function
    return function


@tampering
def appended_forged_event(s: Scene) -> list[str]:
    last = events(s.mou.id)[-1]
    forged_on = last.created_at - dt.timedelta(days=3)
    with past_the_triggers():
        copy_of(
            last, seq=6, trigger="agree_text", from_state=last.to_state, to_state="final_review", created_at=forged_on
        )
        rechain(s.mou.id)
    return [
        f"TAMPERED {s.mou.reference} event 6: dated {forged_on:%Y-%m-%d %H:%M} UTC, before {s.b.name}, "
        "yet not in it: added afterwards under an earlier date"
    ]


@tampering
def rewritten_middle_event_rechained(s: Scene) -> list[str]:
    with past_the_triggers():
        change(s.mou.id, 3, trigger="clear_for_negotiation", to_state="negotiation", comment="Cleared as drafted.")
        rechain(s.mou.id)
    return [
        f"TAMPERED {s.mou.reference} event 3: the trail no longer extends {s.b.name}, which recorded "
        "events 1 to 5: this event or a later one up to event 5 was changed, removed or re-chained since "
        f"(events 1 to 2 still hash to the head {s.a.name} recorded)"
    ]


@tampering
def deleted_last_event_head_reset(s: Scene) -> list[str]:
    with past_the_triggers():
        db.session.execute(delete(EVENTS).where(EVENTS.c.agreement_id == s.mou.id, EVENTS.c.seq == 5))
        rechain(s.mou.id)
    return [
        f"TAMPERED {s.mou.reference} event 3: the trail no longer extends {s.b.name}, which recorded "
        "events 1 to 5 (4 remain now)"
    ]


@tampering
def deleted_whole_trail(s: Scene) -> list[str]:
    with past_the_triggers():
        db.session.execute(delete(EVENTS).where(EVENTS.c.agreement_id == s.mou.id))
        rechain(s.mou.id)
    return [
        f"TAMPERED {s.mou.reference} event 1: removed since {s.b.name}, which recorded events 1 to 5: "
        "events 1 to 5 no longer in the trail"
    ]


@tampering
def all_events_truncated_heads_reset(s: Scene) -> list[str]:
    with past_the_triggers():
        db.session.execute(text("TRUNCATE events" if is_postgresql() else "DELETE FROM events"))
        db.session.execute(update(AGREEMENTS).values(audit_head=None, event_count=0))
    return [
        f"TAMPERED {s.mou.reference} event 1: removed since {s.b.name}",
        f"TAMPERED {s.other.reference} event 1: removed since {s.b.name}",
    ]


@tampering
def changed_actor(s: Scene) -> list[str]:
    with past_the_triggers():
        change(s.mou.id, 4, actor="la2@agreements.test")
        rechain(s.mou.id)
    return [f"TAMPERED {s.mou.reference} event 3: the trail no longer extends {s.b.name}"]


@tampering
def changed_to_state(s: Scene) -> list[str]:
    with past_the_triggers():
        change(s.mou.id, 5, to_state="final_review")
        rechain(s.mou.id)
    return [f"TAMPERED {s.mou.reference} event 3: the trail no longer extends {s.b.name}"]


@tampering
def changed_created_at(s: Scene) -> list[str]:
    with past_the_triggers():
        change(s.mou.id, 2, created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        rechain(s.mou.id)
    return [
        f"TAMPERED {s.mou.reference} event 1: the trail no longer extends {s.a.name}, which recorded "
        "events 1 to 2: this event or a later one up to event 2 was changed, removed or re-chained since"
    ]


@tampering
def changed_comment_with_its_own_hash(s: Scene) -> list[str]:
    """As in the trail tests: the row given a fresh hash, the chain after it left as it was."""
    with past_the_triggers():
        change(s.mou.id, 3, comment="Looks fine.")
        change(s.mou.id, 3, hash=chain_of(events(s.mou.id)[:3], s.mou.id)[-1])
    return [f"TAMPERED {s.mou.reference} event 3: changed since {s.b.name}"]


@tampering
def swapped_two_events(s: Scene) -> list[str]:
    ids = [row.id for row in events(s.mou.id)]
    with past_the_triggers():
        renumber(s.mou.id, [ids[0], ids[2], ids[1], ids[3], ids[4]])
        rechain(s.mou.id)
    return [f"TAMPERED {s.mou.reference} event 1: the trail no longer extends {s.a.name}"]


@tampering
def duplicated_event(s: Scene) -> list[str]:
    rows = events(s.mou.id)
    with past_the_triggers():
        copy = copy_of(rows[3], seq=99)
        renumber(s.mou.id, [rows[0].id, rows[1].id, rows[2].id, rows[3].id, copy, rows[4].id])
        rechain(s.mou.id)
    return [f"TAMPERED {s.mou.reference} event 3: the trail no longer extends {s.b.name}"]


@tampering
def reordered_seq(s: Scene) -> list[str]:
    ids = [row.id for row in events(s.mou.id)]
    with past_the_triggers():
        renumber(s.mou.id, [ids[0], ids[1], ids[4], ids[3], ids[2]])
        rechain(s.mou.id)
    return [f"TAMPERED {s.mou.reference} event 3: the trail no longer extends {s.b.name}"]


@tampering
def changed_state_without_event(s: Scene) -> list[str]:
    db.session.execute(update(AGREEMENTS).where(AGREEMENTS.c.id == s.mou.id).values(state="in_force"))
    db.session.commit()
    return [f"TAMPERED {s.mou.reference}: state in_force does not match the trail's last event"]


@tampering
def deleted_agreement(s: Scene) -> list[str]:
    reference = s.other.reference
    with past_the_triggers():
        db.session.execute(delete(EVENTS).where(EVENTS.c.agreement_id == s.other.id))
        db.session.execute(delete(AGREEMENTS).where(AGREEMENTS.c.id == s.other.id))
    return [f"TAMPERED {reference}: the agreement was deleted: {s.b.name} recorded it, with 1 event(s)"]


@tampering
def forged_checkpoint_file(s: Scene) -> list[str]:
    """The last event removed, and a later checkpoint made up to match (without the key)."""
    with past_the_triggers():
        db.session.execute(delete(EVENTS).where(EVENTS.c.agreement_id == s.mou.id, EVENTS.c.seq == 5))
        rechain(s.mou.id)

    def forge(body: dict) -> None:
        body.update(created_at=dt.datetime.now(dt.UTC).isoformat(), heads=heads_now(), signature=secrets.token_hex(32))

    forged = rewrite_file(s.b, forge, name="checkpoint-2999-01-01T000000.000000Z.json")
    return [
        f"TAMPERED checkpoint file {forged.name}: its signature does not match its content: the file was edited "
        "or forged"
    ]


@tampering
def edited_checkpoint_file(s: Scene) -> list[str]:
    """An event rewritten and re-chained, and the checkpoint's head edited to match."""
    with past_the_triggers():
        change(s.mou.id, 4, comment="Nothing to add.")
        rechain(s.mou.id)
    rewrite_file(s.b, lambda body: body.update(heads=heads_now()))
    return [
        f"TAMPERED checkpoint file {s.b.name}: its signature does not match its content: the file was edited or forged"
    ]


@tampering
def removed_checkpoint_signature(s: Scene) -> list[str]:
    with past_the_triggers():
        change(s.mou.id, 4, comment="Nothing to add.")
        rechain(s.mou.id)
    rewrite_file(s.b, lambda body: (body.update(heads=heads_now()), body.pop("signature")))
    return [f"TAMPERED checkpoint file {s.b.name}: has no signature: the file was edited or forged"]


@tampering
def checkpoint_signed_with_another_key(s: Scene) -> list[str]:
    """An event rewritten and re-chained, and the checkpoint written again, signed with a key of one's own."""
    other_key = AuditKey(b"not the office's audit key")
    with past_the_triggers():
        change(s.mou.id, 4, comment="Nothing to add.")
        rechain(s.mou.id)
    rewrite_file(s.b, lambda body: (body.update(heads=heads_now()), re_sign(body, other_key)))
    return [
        f"TAMPERED checkpoint file {s.b.name}: is signed with another key ({other_key.key_id}, not this installation's "
        f"{audit_key().key_id}): it was forged, or AUDIT_KEY changed since it was written"
    ]


@tampering
def events_moved_to_another_agreement(s: Scene) -> list[str]:
    mine, theirs = events(s.mou.id), events(s.other.id)
    with past_the_triggers():
        renumber(s.other.id, [row.id for row in theirs + mine])
        rechain(s.mou.id, s.other.id)
    # The other agreement's trail still extends the checkpoints: what it gained is after them (and dated
    # before them only by seconds here, within the clocks' slack).
    return [f"TAMPERED {s.mou.reference} event 1: removed since {s.b.name}"]


@tampering
def changed_data(s: Scene) -> list[str]:
    with past_the_triggers():
        change(s.mou.id, 2, data={"forged": True, "cleared_by": "nobody"})
        rechain(s.mou.id)
    return [f"TAMPERED {s.mou.reference} event 1: the trail no longer extends {s.a.name}"]


@tampering
def forged_event_appended_after_the_newest_checkpoint(s: Scene) -> list[str]:
    """Dated now, after every checkpoint, with the chain and the head recomputed: only its seal is missing."""
    last = events(s.mou.id)[-1]
    with past_the_triggers():
        copy_of(last, seq=6, trigger="agree_text", from_state=last.to_state, to_state="final_review")
        rechain(s.mou.id)
    return [
        f"TAMPERED {s.mou.reference} event 6: not recorded by this system (it has no seal, and every event "
        "recorded since event seals began has one; or its seal was removed)"
    ]


@tampering
def forged_event_with_a_seal_copied_from_another(s: Scene) -> list[str]:
    last = events(s.mou.id)[-1]
    with past_the_triggers():
        mac, mac_key = db.session.execute(select(EVENTS.c.mac, EVENTS.c.mac_key).where(EVENTS.c.id == last.id)).one()
        copy_of(last, seq=6, trigger="agree_text", to_state="final_review", mac=mac, mac_key=mac_key)
        rechain(s.mou.id)
    return [f"TAMPERED {s.mou.reference} event 6: not recorded by this system (its seal does not match)"]


@tampering
def seal_removed(s: Scene) -> list[str]:
    with past_the_triggers():
        change(s.mou.id, 4, mac=None, mac_key=None)
    return [f"TAMPERED {s.mou.reference} event 4: not recorded by this system (it has no seal"]


# What the seals catch with no checkpoint at hand.
CAUGHT_WITHOUT_CHECKPOINTS = {
    "forged_event_appended_after_the_newest_checkpoint",
    "forged_event_with_a_seal_copied_from_another",
    "seal_removed",
    "appended_forged_event",
    "rewritten_middle_event_rechained",
}
# Which tamperings verify caught, with checkpoints and without (filled in as the tests run).
CAUGHT: dict[str, tuple[bool, bool]] = {}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_the_tampering_is_caught_against_the_checkpoints(scene, runner, name):
    expected = TAMPERINGS[name](scene)
    code, lines = verify(runner, scene.folder)
    without, _plain = verify(runner)
    CAUGHT[name] = (code == 1, without == 1)

    assert code == 1, lines
    for words in expected:
        assert any(line.startswith(words) for line in lines), f"{words!r} not in:\n" + "\n".join(lines)
    assert " problem(s) in the trails of " in lines[-1]
    if name in CAUGHT_WITHOUT_CHECKPOINTS:
        assert without == 1, _plain


def test_every_tampering_is_caught():
    """Runs after the twenty-three above (in this file's order): the tally, printed with -s."""
    assert len(TAMPERINGS) == 23
    if set(CAUGHT) != set(TAMPERINGS):
        pytest.skip("run with the twenty-three tamperings")
    with_checkpoints = sum(caught for caught, _ in CAUGHT.values())
    without = sum(caught for _, caught in CAUGHT.values())
    backend = "PostgreSQL" if BACKEND == "postgresql" else "SQLite"
    print(f"\n{backend}: {with_checkpoints} of 23 tamperings caught with checkpoints ({without} of 23 without).")
    assert with_checkpoints == 23
    assert without < 23  # the checkpoints are what catches the rest


# --- the checkpoints themselves ------------------------------------------------------------------------
def test_an_intact_trail_extends_every_checkpoint(scene, runner):
    code, lines = verify(runner, scene.folder)
    assert code == 0
    assert lines == [
        f"OK: 6 events of 2 agreements, every chain intact, every seal valid, extending each of the 2 checkpoint(s) "
        f"in {scene.folder} (the latest: {scene.b.name})."
    ]


def test_a_checkpoint_records_every_head_and_is_signed(scene):
    body = json.loads(scene.b.read_text())
    assert body["format"] == "agreements audit checkpoint 1"
    assert (body["agreements"], body["events"]) == (2, 6)
    assert body["heads"] == [
        {
            "agreement_id": scene.mou.id,
            "reference": scene.mou.reference,
            "event_count": 5,
            "head": scene.mou.audit_head,
        },
        {
            "agreement_id": scene.other.id,
            "reference": scene.other.reference,
            "event_count": 1,
            "head": scene.other.audit_head,
        },
    ]
    assert dt.datetime.fromisoformat(body["created_at"]).tzinfo is not None
    assert body["previous"] == {"name": scene.a.name, "signature": json.loads(scene.a.read_text())["signature"]}
    assert body["signature"] == audit_key().sign(body) and len(body["signature"]) == 64
    assert not scene.b.stat().st_mode & 0o222  # read-only


def test_without_checkpoints_verify_says_what_it_cannot_see(scene, runner):
    with past_the_triggers():
        db.session.execute(delete(EVENTS).where(EVENTS.c.agreement_id == scene.mou.id, EVENTS.c.seq == 5))
        rechain(scene.mou.id)
    code, lines = verify(runner)
    assert code == 0
    assert lines == [
        "OK: 5 events of 2 agreements, every chain intact, every seal valid.",
        "Without checkpoints, events removed past the database's triggers with the agreement's head reset (and "
        "events from before event seals rewritten) cannot be detected: add --checkpoints FOLDER.",
    ]
    assert verify(runner, scene.folder)[0] == 1


def test_without_checkpoints_a_rewritten_and_rechained_event_is_caught_by_its_seal(scene, runner):
    with past_the_triggers():
        change(scene.mou.id, 4, comment="Nothing to add.")
        rechain(scene.mou.id)
    code, lines = verify(runner)
    assert code == 1
    assert lines[:2] == [
        f"TAMPERED {scene.mou.reference} event 4: not recorded by this system (its seal does not match)",
        f"TAMPERED {scene.mou.reference} event 5: not recorded by this system (its seal does not match)",
    ]


def test_every_event_after_the_newest_checkpoint_must_be_sealed(scene, runner):
    """Every seal removed, so that the whole trail passes for one from before seals, then an event forged:
    only the checkpoints still show that events after them must carry a seal."""
    last = events(scene.mou.id)[-1]
    with past_the_triggers():
        db.session.execute(update(EVENTS).values(mac=None, mac_key=None))
        copy_of(last, seq=6, trigger="agree_text", from_state=last.to_state, to_state="final_review")
        rechain(scene.mou.id)
    code, lines = verify(runner)
    assert code == 0, lines
    assert lines[1] == "7 events from before event seals: covered by checkpoints only."
    code, lines = verify(runner, scene.folder)
    assert code == 1
    assert lines[0] == (
        f"TAMPERED {scene.mou.reference} event 6: not recorded by this system (it has no seal, and every event "
        "recorded after the newest checkpoint has one; or its seal was removed)"
    )
    assert lines[1:] == [
        "6 events from before event seals: covered by checkpoints only.",
        f"1 problem(s) in the trails of 2 agreements (7 events), checked against 2 valid checkpoint(s) in "
        f"{scene.folder}.",
    ]


def test_a_checkpoint_written_before_events_were_sealed_asks_no_seal_after_it(scene, runner):
    """An installation upgraded to seals: events recorded between its last checkpoint and the upgrade have none."""
    rewrite_file(scene.b, lambda body: (body.pop("events_sealed"), re_sign(body, audit_key())))
    last = events(scene.mou.id)[-1]
    with past_the_triggers():
        db.session.execute(update(EVENTS).values(mac=None, mac_key=None))
        copy_of(last, seq=6, trigger="agree_text", from_state=last.to_state, to_state="final_review")
        rechain(scene.mou.id)
    code, lines = verify(runner, scene.folder)
    assert code == 0, lines
    assert lines[1] == "7 events from before event seals: covered by checkpoints only."


def test_a_removed_checkpoint_shows_in_the_next(scene, runner):
    scene.a.unlink()
    code, lines = verify(runner, scene.folder)
    assert code == 1
    assert (
        f"TAMPERED checkpoint file {scene.b.name}: follows {scene.a.name}, which is no longer in {scene.folder} as it "
        "was written: a checkpoint was removed or changed"
    ) in lines


def test_a_folder_without_checkpoints_proves_nothing(app, world, make_agreement, runner, tmp_path):
    make_agreement()
    code, lines = verify(runner, tmp_path)
    assert code == 1
    assert lines[-1] == f"No checkpoint in {tmp_path}: nothing to prove the trail against (were they removed?)."


def test_later_events_extend_the_checkpoints(scene, world, runner):
    fire_transition(world["pm"], scene.other.id, "submit_for_review")
    db.session.commit()
    code, lines = verify(runner, scene.folder)
    assert code == 0, lines


def test_the_daily_job_writes_a_new_checkpoint_each_run_and_never_overwrites_one(app, world, make_agreement, runner):
    make_agreement()
    folder = Path(app.instance_path) / "checkpoints"
    first = runner.invoke(["daily", "--today", "2026-03-02"])
    second = runner.invoke(["daily", "--today", "2026-03-02"])
    assert (first.exit_code, second.exit_code) == (0, 0), first.output + second.output
    files = sorted(folder.glob("checkpoint-*.json"))
    assert len(files) == 2
    assert "Audit checkpoint of 1 agreement(s) and 1 event(s) written to " in first.output
    assert json.loads(files[1].read_text())["previous"]["name"] == files[0].name
    assert verify(runner, folder)[0] == 0


def test_a_development_key_is_generated_once_and_said_so(app, world, make_agreement, runner):
    make_agreement()
    output = runner.invoke(["audit", "checkpoint"]).output
    key_file = Path(app.instance_path) / "audit_key"
    assert f"It is signed with the DEVELOPMENT audit key in {key_file}: set AUDIT_KEY" in output
    assert key_file.stat().st_mode & 0o077 == 0
    assert audit_key().secret == key_file.read_text().strip().encode()


def test_the_configured_key_signs_and_a_checkpoint_of_another_key_is_refused(app, world, make_agreement, runner):
    app.config["AUDIT_KEY"] = "the office's audit key, kept off the database server"
    mou = make_agreement()
    output = runner.invoke(["audit", "checkpoint"]).output
    assert "DEVELOPMENT" not in output and not (Path(app.instance_path) / "audit_key").exists()
    folder = Path(app.instance_path) / "checkpoints"
    assert verify(runner, folder)[0] == 0
    app.config["AUDIT_KEY"] = "another key"
    code, lines = verify(runner, folder)
    assert code == 1
    assert lines[0].startswith(f"UNCHECKED {mou.reference} event 1: sealed with another key (id ")
    assert "is signed with another key" in lines[1]


def test_the_checkpoint_is_mailed_to_the_records_officer(app, world, make_agreement, runner):
    make_agreement()
    app.config["AUDIT_CHECKPOINT_MAIL"] = "records@agreements.test, archive@agreements.test"
    result = runner.invoke(["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    assert "and queued to be mailed." in result.output and "Mail: 1 mail(s) sent, 0 failed." in result.output
    (written,) = (Path(app.instance_path) / "checkpoints").glob("*.json")
    (mail,) = db.session.scalars(select(OutboxMail)).all()
    assert mail.key == f"checkpoint:{written.name}"
    assert mail.recipients == ["records@agreements.test", "archive@agreements.test"]
    assert mail.sent_at is not None
    assert mail.text.endswith(written.read_text())
    assert "agreements audit verify --checkpoints FOLDER" in mail.text


def test_a_trail_broken_already_is_said_when_the_checkpoint_is_written(scene, runner):
    with past_the_triggers():
        change(scene.mou.id, 3, comment="Looks fine.")
    result = runner.invoke(["audit", "checkpoint"])
    assert result.exit_code == 1
    assert f"TAMPERED {scene.mou.reference}: its events do not hash to the head the agreement records" in result.output


# --- TRUNCATE ----------------------------------------------------------------------------------------------
@pytest.mark.skipif(BACKEND != "postgresql", reason="SQLite has no TRUNCATE; its DELETE triggers hold")
@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("TRUNCATE events", "the audit trail is append-only: TRUNCATE on events is refused"),
        ("TRUNCATE documents", "stored documents are kept as stored: TRUNCATE on documents is refused"),
        ("TRUNCATE agreements CASCADE", "TRUNCATE on "),
    ],
)
def test_postgresql_refuses_to_truncate_the_trail_and_the_documents(scene, runner, sql, refusal):
    with pytest.raises(DBAPIError, match=refusal):
        db.session.execute(text(sql))
    db.session.rollback()
    assert verify(runner, scene.folder)[0] == 0
