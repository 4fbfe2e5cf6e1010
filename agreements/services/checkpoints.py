"""Checkpoints of the audit trail: every agreement's chain head, signed with a key the database does not
hold and written outside it; and checking later that the trail still extends each of them.

A trail is a hash chain inside the database: whoever gets past its triggers can rewrite an event,
recompute the hashes after it and the agreement's head, and the chain verifies again. As a Certificate
Transparency log publishes signed heads of its tree, a checkpoint records each agreement's event
count and head hash, signed (HMAC-SHA256) with ``AUDIT_KEY``, as one JSON file named by its time and
never overwritten, in ``AUDIT_CHECKPOINT_DIR`` (and mailed to ``AUDIT_CHECKPOINT_MAIL``). A trail
rewritten after a checkpoint no longer hashes to the head it signed, and without the key no
checkpoint can be forged to match.

Each event is also sealed with the same key (see ``audit``), which shows an event forged or re-chained
after the newest checkpoint; a checkpoint written since seals came (``events_sealed``) also asks a
seal of every event after it. Events from before seals, and events removed with the head reset, are
covered by the checkpoints only.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..db import db, utcnow
from ..models import Agreement, Event
from . import mail
from .audit import CHAIN_COLUMNS, Finding, chain_of, first_altered
from .audit_key import AuditKey, audit_key

FORMAT = "agreements audit checkpoint 1"
# An event recorded while a checkpoint was taken can be dated a little before it and still not be in
# it (its transaction committed after the heads were read; the servers' clocks differ a little).
CLOCK_SLACK = dt.timedelta(minutes=10)


def checkpoint_dir() -> Path:
    """Where checkpoints are written: AUDIT_CHECKPOINT_DIR, by default instance/checkpoints."""
    return Path(current_app.config.get("AUDIT_CHECKPOINT_DIR") or Path(current_app.instance_path) / "checkpoints")


# --- the trail as it is now ----------------------------------------------------------------------------
@dataclass
class _Trail:
    """One agreement's trail now: its hashes recomputed from the events' content, and their dates."""

    reference: str
    chain: list[str] = field(default_factory=list)  # events 1, 2, … up to the first seq missing
    first_changed: int | None = None  # the first event changed without the chain after it re-made
    dates: list[tuple[int, dt.datetime]] = field(default_factory=list)  # (seq, created_at) of every event

    def head_at(self, count: int) -> str | None:
        """The recomputed hash of event ``count`` (None for none), or "" when the trail is shorter."""
        if count == 0:
            return None
        return self.chain[count - 1] if count <= len(self.chain) else ""


def _trails() -> dict[int, _Trail]:
    """Every agreement's trail, recomputed (the events of agreements that no longer exist are left out)."""
    trails = {
        agreement_id: _Trail(reference)
        for agreement_id, reference in db.session.execute(select(Agreement.id, Agreement.reference))
    }
    columns = [Event.__table__.c[name] for name in CHAIN_COLUMNS]
    rows = db.session.execute(select(*columns).order_by(Event.agreement_id, Event.seq))
    for agreement_id, events in groupby(rows, key=lambda row: row.agreement_id):
        trail = trails.get(agreement_id)
        if trail is None:
            continue
        events = list(events)
        trail.chain = chain_of(events, agreement_id)
        trail.first_changed = first_altered(events, agreement_id)
        trail.dates = [(row.seq, row.created_at) for row in events]
    return trails


# --- writing -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Written:
    """A checkpoint written: its file, what it covers, and the trails that did not hash to their heads."""

    path: Path
    agreements: int
    events: int
    development_key: Path | None
    findings: list[Finding]
    mail_id: int | None


def write_checkpoint(now: dt.datetime | None = None) -> Written:
    """Sign every agreement's chain head with the audit key and write them as a new file (never over
    another); queue it to AUDIT_CHECKPOINT_MAIL when set (flushes; the caller commits, then sends).

    Call it after the commit of what it is to cover. A head its events do not hash to (a trail broken
    already) is recorded as it is and returned as a finding: a checkpoint states what the database
    holds, and the checkpoints written before it still show what it held then.
    """
    key = audit_key()
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    at = now or utcnow()
    heads = [
        {"agreement_id": agreement_id, "reference": reference, "event_count": count or 0, "head": head}
        for agreement_id, reference, count, head in db.session.execute(
            select(Agreement.id, Agreement.reference, Agreement.event_count, Agreement.audit_head).order_by(
                Agreement.id
            )
        )
    ]
    body = {
        "format": FORMAT,
        "created_at": at.isoformat(timespec="microseconds"),
        "key_id": key.key_id,
        "agreements": len(heads),
        "events": sum(head["event_count"] for head in heads),
        "previous": _previous(folder, key),
        "events_sealed": True,  # every event recorded after this checkpoint carries a seal
        "heads": heads,
    }
    body["signature"] = key.sign(body)
    text = json.dumps(body, indent=1, ensure_ascii=False) + "\n"
    path = _create(folder, at, text)
    trails = _trails()
    findings = [
        Finding(
            head["reference"],
            None,
            f"its events do not hash to the head the agreement records (and {path.name} records it "
            "all the same): run agreements audit verify",
        )
        for head in heads
        if head["agreement_id"] in trails and trails[head["agreement_id"]].head_at(head["event_count"]) != head["head"]
    ]
    return Written(path, len(heads), body["events"], key.development_file, findings, _mail(path.name, text))


def _previous(folder: Path, key: AuditKey) -> dict | None:
    """The newest valid checkpoint in ``folder``, by name and signature: a later one that is removed shows."""
    for path in sorted(folder.glob("*.json"), reverse=True):
        checkpoint, _problem = _read(path, key)
        if checkpoint:
            return {"name": path.name, "signature": checkpoint.signature}
    return None


def _create(folder: Path, at: dt.datetime, text: str) -> Path:
    """Write ``text`` to a new file named by ``at``; an existing file is never written over."""
    stem = f"checkpoint-{at:%Y-%m-%dT%H%M%S.%fZ}"
    for attempt in range(100):
        path = folder / (f"{stem}.json" if attempt == 0 else f"{stem}-{attempt}.json")
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(text)
        except FileExistsError:
            continue
        path.chmod(0o444)
        return path
    raise FileExistsError(f"checkpoints named {stem} already exist in {folder}")


def _mail(name: str, text: str) -> int | None:
    """Queue the checkpoint to the records officers in AUDIT_CHECKPOINT_MAIL, if any."""
    recipients = [a.strip() for a in current_app.config.get("AUDIT_CHECKPOINT_MAIL", "").split(",") if a.strip()]
    if not recipients:
        return None
    words = (
        f"This is checkpoint {name} of the agreements' audit trail, signed by the application.\n\n"
        f"Keep it: save the text below, from the first {{ to the last }}, as {name} in a folder away from the "
        "application and its database, with the checkpoints before it. Then\n\n"
        "    agreements audit verify --checkpoints FOLDER\n\n"
        "proves that no event recorded up to each of them was changed or removed since.\n\n"
    )
    return mail.enqueue(f"checkpoint:{name}", recipients, f"Audit trail checkpoint {name}", words + text)


# --- checking ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Signed:
    """A checkpoint whose signature holds."""

    name: str
    created_at: dt.datetime
    signature: str
    previous: dict | None
    heads: dict[int, dict]
    events_sealed: bool  # written once events were sealed: every event after it must have a seal


def _read(path: Path, key: AuditKey) -> tuple[_Signed | None, Finding | None]:
    """The checkpoint in ``path`` if its signature holds under ``key``; else what is wrong with it."""
    where = f"checkpoint file {path.name}"
    try:
        body = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None, Finding(where, None, "cannot be read as a checkpoint: the file was damaged or is not one")
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        return None, Finding(where, None, "is not a checkpoint of the audit trail")
    signature = body.get("signature")
    if not isinstance(signature, str) or not signature:
        return None, Finding(where, None, "has no signature: the file was edited or forged")
    if body.get("key_id") != key.key_id:
        return None, Finding(
            where,
            None,
            f"is signed with another key ({body.get('key_id')}, not this installation's {key.key_id}): it was "
            "forged, or AUDIT_KEY changed since it was written",
        )
    if not hmac.compare_digest(signature, key.sign(body)):
        return None, Finding(where, None, "its signature does not match its content: the file was edited or forged")
    try:
        heads = {
            int(head["agreement_id"]): {
                "reference": str(head["reference"]),
                "event_count": int(head["event_count"]),
                "head": head["head"],
            }
            for head in body["heads"]
        }
        return _Signed(
            path.name,
            dt.datetime.fromisoformat(body["created_at"]),
            signature,
            body.get("previous"),
            heads,
            body.get("events_sealed") is True,
        ), None
    except (KeyError, TypeError, ValueError):
        return None, Finding(where, None, "is signed but incomplete: it cannot be checked")


@dataclass(frozen=True)
class CheckpointReport:
    """What checking the trail against a folder of checkpoints found."""

    checkpoints: list[_Signed]  # those whose signature holds, oldest first
    findings: list[Finding]

    @property
    def latest(self) -> str | None:
        """The newest checkpoint checked against, by name."""
        return self.checkpoints[-1].name if self.checkpoints else None

    @property
    def sealed_after(self) -> dict[int, int] | None:
        """Each agreement's event count in the newest checkpoint, after which every event must be sealed
        (None when there is none, or it was written before events were sealed)."""
        if not self.checkpoints or not self.checkpoints[-1].events_sealed:
            return None
        return {agreement_id: head["event_count"] for agreement_id, head in self.checkpoints[-1].heads.items()}


def verify_checkpoints(folder: Path) -> CheckpointReport:
    """Check every checkpoint in ``folder`` (its signature, and the one it follows) and that the trail
    still extends each: for every agreement it records, the agreement exists and its events 1 to the
    count recorded still hash to the head recorded; and no event missing from one is dated before it."""
    key = audit_key()
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    checkpoints: list[_Signed] = []
    findings: list[Finding] = []
    for path in paths:
        checkpoint, problem = _read(path, key)
        if checkpoint:
            checkpoints.append(checkpoint)
        else:
            findings.append(problem)
    checkpoints.sort(key=lambda checkpoint: (checkpoint.created_at, checkpoint.name))
    findings += _links(checkpoints, folder)
    trails = _trails()
    recorded: dict[int, list[tuple[_Signed, dict]]] = {}
    for checkpoint in checkpoints:
        for agreement_id, head in checkpoint.heads.items():
            recorded.setdefault(agreement_id, []).append((checkpoint, head))
    for agreement_id in sorted(recorded.keys() | trails.keys()):
        findings += _check(agreement_id, recorded.get(agreement_id, []), trails.get(agreement_id), checkpoints)
    return CheckpointReport(checkpoints, findings)


def _links(checkpoints: list[_Signed], folder: Path) -> list[Finding]:
    """Each checkpoint's predecessor is still there, unchanged: a checkpoint removed shows in the next."""
    signatures = {checkpoint.signature for checkpoint in checkpoints}
    return [
        Finding(
            f"checkpoint file {checkpoint.name}",
            None,
            f"follows {checkpoint.previous.get('name')}, which is no longer in {folder} as it was written: "
            "a checkpoint was removed or changed",
        )
        for checkpoint in checkpoints
        if isinstance(checkpoint.previous, dict) and checkpoint.previous.get("signature") not in signatures
    ]


def _check(
    agreement_id: int, recorded: list[tuple[_Signed, dict]], trail: _Trail | None, checkpoints: list[_Signed]
) -> list[Finding]:
    """Whether one agreement's trail still extends every checkpoint that records it (oldest first)."""
    if trail is None:
        checkpoint, head = recorded[-1]
        return [
            Finding(
                head["reference"],
                None,
                f"the agreement was deleted: {checkpoint.name} recorded it, with {head['event_count']} event(s)",
            )
        ]
    findings = []
    if recorded and recorded[-1][1]["reference"] != trail.reference:
        checkpoint, head = recorded[-1]
        findings.append(
            Finding(
                trail.reference,
                None,
                f"{checkpoint.name} recorded this agreement (#{agreement_id}) as {head['reference']}",
            )
        )
    holding = [(c, h) for c, h in recorded if trail.head_at(h["event_count"]) == h["head"]]
    failing = [(c, h) for c, h in recorded if trail.head_at(h["event_count"]) != h["head"]]
    if failing:
        findings.append(_first_break(trail, holding, failing))
    if checkpoints:
        latest = checkpoints[-1]
        findings += _backdated(trail, latest, latest.heads.get(agreement_id, {}).get("event_count", 0))
    return findings


def _first_break(trail: _Trail, holding: list, failing: list) -> Finding:
    """The first event of ``trail`` that may no longer hold, in words.

    Checkpoints record heads, not every event: the change lies after the longest trail a checkpoint
    still vouches for (``held`` events) and within the shortest one it breaks. With a checkpoint a day,
    that is the day's events, most often one.
    """
    held, held_by = max(((h["event_count"], c.name) for c, h in holding), default=(0, None))
    still = f" ({_events(held)} still hash to the head {held_by} recorded)" if held else ""
    now, broken = len(trail.chain), max(h["event_count"] for _c, h in failing)
    if trail.first_changed is not None and held < trail.first_changed <= broken:
        checkpoint, _head = min(failing, key=lambda item: item[1]["event_count"])
        return Finding(
            trail.reference,
            trail.first_changed,
            f"changed since {checkpoint.name}: its content, or its hash, no longer matches the trail "
            f"that checkpoint signed{still}",
        )
    if now == held:  # all that remains holds: what came after is gone
        checkpoint, head = max(failing, key=lambda item: item[1]["event_count"])
        count = head["event_count"]
        what = f"event {count}" if now + 1 == count else f"events {now + 1} to {count}"
        return Finding(
            trail.reference,
            now + 1,
            f"removed since {checkpoint.name}, which recorded {_events(count)}: {what} no longer in the trail{still}",
        )
    checkpoint, head = min(failing, key=lambda item: item[1]["event_count"])
    count = head["event_count"]
    remain = f" ({now} remain now)" if now < count else ""
    which = "this event" if held + 1 == count else f"this event or a later one up to event {count}"
    return Finding(
        trail.reference,
        held + 1,
        f"the trail no longer extends {checkpoint.name}, which recorded {_events(count)}{remain}: "
        f"{which} was changed, removed or re-chained since{still}",
    )


def _events(count: int) -> str:
    """events 1 to 5; event 1."""
    return "event 1" if count == 1 else f"events 1 to {count}"


def _backdated(trail: _Trail, checkpoint: _Signed, count: int) -> list[Finding]:
    """Events the newest checkpoint does not have although they are dated before it."""
    before = checkpoint.created_at - CLOCK_SLACK
    return [
        Finding(
            trail.reference,
            seq,
            f"dated {at:%Y-%m-%d %H:%M} UTC, before {checkpoint.name}, yet not in it: added "
            "afterwards under an earlier date",
        )
        for seq, at in trail.dates
        if seq > count and at < before
    ]
