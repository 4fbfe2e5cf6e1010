"""The audit trail: appending hash-chained events and verifying the chains."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select

from ..db import db, utcnow
from ..models import Agreement, Event, User


def _digest(event: Event, agreement_id: int) -> str:
    payload = {
        "agreement_id": agreement_id,
        "seq": event.seq,
        "trigger": event.trigger,
        "from": event.from_state,
        "to": event.to_state,
        "actor": event.actor,
        "at": event.created_at.isoformat(timespec="microseconds"),
        "comment": event.comment,
        "version": event.version_number,
        "data": event.data,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _last_event(agreement: Agreement) -> Event | None:
    """The trail's latest event, including one recorded but not yet flushed."""
    pending = [o for o in db.session.new if isinstance(o, Event) and o.agreement_id == agreement.id]
    if pending:
        return max(pending, key=lambda e: e.seq)
    # No autoflush: flushing here would write the state change in an UPDATE of its own and the
    # audit head in a second one, so one transition would cost two writes and two lock versions.
    with db.session.no_autoflush:
        return db.session.scalar(
            select(Event).where(Event.agreement_id == agreement.id).order_by(Event.seq.desc()).limit(1)
        )


def record_event(
    agreement: Agreement,
    trigger: str,
    from_state: str | None,
    actor: User | None,
    comment: str = "",
    data: dict | None = None,
) -> Event:
    """Append one event to the agreement's trail, chained to the previous one."""
    last = _last_event(agreement)
    event = Event(
        agreement_id=agreement.id,
        seq=(last.seq + 1) if last else 1,
        trigger=trigger,
        from_state=from_state,
        to_state=agreement.state,
        actor_id=actor.id if actor else None,
        actor=actor.email if actor else "system",
        created_at=utcnow(),
        comment=comment,
        version_number=agreement.current_version_number or None,
        data=data or {},
        prev_hash=last.hash if last else None,
    )
    event.hash = _digest(event, agreement.id)
    agreement.audit_head = event.hash
    db.session.add(event)
    return event


def list_events(agreement: Agreement) -> list[Event]:
    """The trail of one agreement, oldest first."""
    return list(db.session.scalars(select(Event).where(Event.agreement_id == agreement.id).order_by(Event.seq)))


@dataclass
class Finding:
    """One problem found in a trail."""

    reference: str
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f" event {self.seq}" if self.seq is not None else ""
        return f"{self.reference}{where}: {self.problem}"


def verify_trails() -> tuple[int, int, list[Finding]]:
    """Recompute every chain; return (agreements checked, events checked, findings)."""
    findings: list[Finding] = []
    agreements = db.session.execute(
        select(Agreement.id, Agreement.reference, Agreement.state, Agreement.audit_head).order_by(Agreement.id)
    ).all()
    events_by_agreement: dict[int, list[Event]] = {}
    for event in db.session.scalars(select(Event).order_by(Event.agreement_id, Event.seq)):
        events_by_agreement.setdefault(event.agreement_id, []).append(event)
    total = 0
    for agreement_id, reference, state, head in agreements:
        events = events_by_agreement.pop(agreement_id, [])
        total += len(events)
        prev_hash = None
        for expected_seq, event in enumerate(events, start=1):
            if event.seq != expected_seq:
                findings.append(Finding(reference, expected_seq, "missing: the event was removed"))
            if event.prev_hash != prev_hash:
                findings.append(
                    Finding(reference, event.seq, "chain broken: the previous event was changed or removed")
                )
            if _digest(event, agreement_id) != event.hash:
                findings.append(Finding(reference, event.seq, "changed: its content no longer matches its hash"))
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
        elif events and events[-1].to_state != state:
            findings.append(Finding(reference, None, f"state {state} does not match the trail's last event"))
    for agreement_id, events in events_by_agreement.items():
        findings.append(Finding(f"agreement #{agreement_id}", None, f"{len(events)} events of an unknown agreement"))
    return len(agreements), total, findings
