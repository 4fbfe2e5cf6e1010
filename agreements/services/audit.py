"""The audit trail: appending hash-chained, sealed events and verifying the chains and the seals.

Each event's hash covers its fields and the hash before it; its seal (``mac``) is the HMAC-SHA256 of
that hash under the audit key, which the database does not hold, with the key's id (``mac_key``).
Whoever gets past the trail's triggers can recompute hashes and heads, but not seals: an event
appended, changed or re-chained that way has no seal that matches. Events recorded before seals came
have none; those are covered by the checkpoints only (see ``checkpoints``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from ..db import db, utcnow
from ..models import Agreement, Event, User
from .audit_key import AuditKey, audit_key
from .facts import LockedAgreement
from .writes import flush_or_conflict, lost_race_is_conflict

# What an event's hash covers, beside the agreement's id.
_CHAINED = (
    "seq",
    "trigger",
    "from_state",
    "to_state",
    "actor",
    "created_at",
    "comment",
    "version_number",
    "data",
    "prev_hash",
)
_APPEND = insert(Event.__table__)


def _digest_of(values: dict, agreement_id: int) -> str:
    payload = {
        "agreement_id": agreement_id,
        "seq": values["seq"],
        "trigger": values["trigger"],
        "from": values["from_state"],
        "to": values["to_state"],
        "actor": values["actor"],
        "at": values["created_at"].isoformat(timespec="microseconds"),
        "comment": values["comment"],
        "version": values["version_number"],
        "data": values["data"],
        "prev": values["prev_hash"],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _digest(event: Event, agreement_id: int) -> str:
    return _digest_of({key: getattr(event, key) for key in _CHAINED}, agreement_id)


# The columns an event's hash is recomputed from (see ``chain_of``).
CHAIN_COLUMNS = ("agreement_id", "hash", *_CHAINED)


def chain_of(rows, agreement_id: int) -> list[str]:
    """The hashes of events 1, 2, … of one trail recomputed from their content alone, each after the one
    recomputed before it (not after the ``prev_hash`` the row claims); ``rows`` are the trail's rows
    (``CHAIN_COLUMNS``) in seq order. Ends before the first seq missing."""
    chain: list[str] = []
    for row in rows:
        if row.seq != len(chain) + 1:
            break
        values = {key: getattr(row, key) for key in _CHAINED}
        chain.append(_digest_of({**values, "prev_hash": chain[-1] if chain else None}, agreement_id))
    return chain


def first_altered(rows, agreement_id: int) -> int | None:
    """The seq of the first event of a trail changed without the chain after it re-made: its content no
    longer matches its own hash, or the next event no longer links to its hash. ``rows`` as for
    ``chain_of``; ends before the first seq missing."""
    prev_hash = None
    for position, row in enumerate(rows, start=1):
        if row.seq != position:
            break
        if _digest_of({key: getattr(row, key) for key in _CHAINED}, agreement_id) != row.hash:
            return row.seq
        if row.prev_hash != prev_hash:
            return max(row.seq - 1, 1)
        prev_hash = row.hash
    return None


def record_event(
    agreement: Agreement | LockedAgreement,
    trigger: str,
    from_state: str | None,
    actor: User | None,
    comment: str = "",
    data: dict | None = None,
) -> dict:
    """Append one event to the agreement's trail, chained to the previous one, and write both.

    The agreement row carries the trail's head (last seq and hash), so appending reads nothing. The
    row is written first, with its lock-version check, so a transition that lost a race fails there
    (Conflict) before it touches the trail; the event row then goes in as one plain INSERT. The row
    is an ORM Agreement (written by a flush) or, in a transition, the row it locked (one UPDATE, in
    the same statement as the INSERT on PostgreSQL). Returns the event's values.
    """
    values = {
        "agreement_id": agreement.id,
        "seq": (agreement.event_count or 0) + 1,
        "trigger": trigger,
        "from_state": from_state,
        "to_state": agreement.state,
        "actor_id": actor.id if actor else None,
        "actor": actor.email if actor else "system",
        "created_at": utcnow(),
        "comment": comment,
        "version_number": agreement.current_version_number or None,
        "data": data or {},
        "prev_hash": agreement.audit_head,
    }
    values["hash"] = _digest_of(values, agreement.id)
    values["mac"], values["mac_key"] = seal(values["hash"])
    agreement.audit_head = values["hash"]
    agreement.event_count = values["seq"]
    if isinstance(agreement, LockedAgreement):
        agreement.write(values)  # the row's UPDATE, checked against its lock version, and the event's INSERT
        return values
    flush_or_conflict(agreement.id)
    with lost_race_is_conflict(agreement.id):
        db.session.execute(_APPEND, values)
    return values


def seal(chain_hash: str) -> tuple[str, str]:
    """An event's seal (``mac``) made of its chain hash, and the id of the key that made it (``mac_key``)."""
    key = audit_key()
    return key.seal(chain_hash), key.key_id


def list_events(agreement: Agreement) -> list[Event]:
    """The trail of one agreement, oldest first."""
    return list(db.session.scalars(select(Event).where(Event.agreement_id == agreement.id).order_by(Event.seq)))


@dataclass
class Finding:
    """One problem found in a trail."""

    reference: str
    seq: int | None
    problem: str
    is_tampering: bool = True  # False: it could not be checked (an event sealed with another key)

    def __str__(self) -> str:
        where = f" event {self.seq}" if self.seq is not None else ""
        return f"{self.reference}{where}: {self.problem}"


@dataclass(frozen=True)
class TrailCheck:
    """What checking every trail found; ``unsealed``: events from before event seals, which only the
    checkpoints cover."""

    agreements: int
    events: int
    findings: list[Finding]
    unsealed: int


def verify_trails() -> tuple[int, int, list[Finding]]:
    """Recompute every chain and check every seal; return (agreements checked, events checked, findings)."""
    check = check_trails()
    return check.agreements, check.events, check.findings


def check_trails(sealed_after: Mapping[int, int] | None = None) -> TrailCheck:
    """Recompute every chain and check every event's seal under the audit key.

    Every event that has a seal must have one that matches its hash. Every event recorded after seals
    came (after the first event sealed) must have one; so must, when ``sealed_after`` is given (each
    agreement's event count in the newest checkpoint), every event after those. Events from before
    seals have none: only the checkpoints show they were not changed, and they are counted apart.
    """
    key = audit_key()
    first_sealed = db.session.scalar(select(func.min(Event.id)).where(Event.mac.is_not(None)))
    findings: list[Finding] = []
    agreements = db.session.execute(
        select(
            Agreement.id, Agreement.reference, Agreement.state, Agreement.audit_head, Agreement.event_count
        ).order_by(Agreement.id)
    ).all()
    events_by_agreement: dict[int, list[Event]] = {}
    for event in db.session.scalars(select(Event).order_by(Event.agreement_id, Event.seq)):
        events_by_agreement.setdefault(event.agreement_id, []).append(event)
    total = unsealed = 0
    for agreement_id, reference, state, head, count in agreements:
        events = events_by_agreement.pop(agreement_id, [])
        total += len(events)
        prev_hash = None
        covered = None if sealed_after is None else sealed_after.get(agreement_id, 0)
        for expected_seq, event in enumerate(events, start=1):
            if event.seq != expected_seq:
                findings.append(Finding(reference, expected_seq, "missing: the event was removed"))
            if event.prev_hash != prev_hash:
                findings.append(
                    Finding(reference, event.seq, "chain broken: the previous event was changed or removed")
                )
            if _digest(event, agreement_id) != event.hash:
                findings.append(Finding(reference, event.seq, "changed: its content no longer matches its hash"))
            after_seals = first_sealed is not None and event.id > first_sealed
            if event.mac is None and not after_seals and (covered is None or event.seq <= covered):
                unsealed += 1
            else:
                since = "since event seals began" if after_seals else "after the newest checkpoint"
                findings += _seal_problems(reference, event, key, since)
            prev_hash = event.hash
        if prev_hash != head:
            last = events[-1].seq if events else 0
            findings.append(
                Finding(
                    reference,
                    None,
                    f"the trail ends at event {last} but the agreement records a later or different last event: "
                    f"event {last + 1} was removed, or event {last} was changed",
                )
            )
        elif (events[-1].seq if events else 0) != count:
            findings.append(
                Finding(reference, None, f"the agreement records {count} events, the trail ends at another")
            )
        elif events and events[-1].to_state != state:
            findings.append(Finding(reference, None, f"state {state} does not match the trail's last event"))
    for agreement_id, events in events_by_agreement.items():
        findings.append(Finding(f"agreement #{agreement_id}", None, f"{len(events)} events of an unknown agreement"))
    return TrailCheck(len(agreements), total, findings, unsealed)


def _seal_problems(reference: str, event: Event, key: AuditKey, since: str) -> list[Finding]:
    """What is wrong with the seal of an event that must have a valid one (recorded ``since``): nothing, or one."""
    if event.mac is None:
        return [
            Finding(
                reference,
                event.seq,
                f"not recorded by this system (it has no seal, and every event recorded {since} has one; "
                "or its seal was removed)",
            )
        ]
    if event.mac_key not in (None, key.key_id):
        return [
            Finding(
                reference,
                event.seq,
                f"sealed with another key (id {event.mac_key}, not this installation's {key.key_id}): "
                "set AUDIT_KEY to it to check",
                is_tampering=False,
            )
        ]
    if not hmac.compare_digest(event.mac.encode(), key.seal(event.hash).encode()):
        return [Finding(reference, event.seq, "not recorded by this system (its seal does not match)")]
    return []
