"""The daily job: the system fires ``expire`` (or ``renew``) and ``terminate`` when their dates are reached,
then queues each person's digest (sent after the commit, with whatever mail still waits)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from ..db import db
from ..errors import DomainError
from ..models import Agreement
from .notifications import queue_digests
from .transitions import fire_transition


@dataclass
class DailyRun:
    """What the daily job did: the steps fired (or refused), and how many digests it queued."""

    moved: list[str] = field(default_factory=list)
    digests: int = 0


def run_daily(today: dt.date) -> DailyRun:
    """Fire the system's steps that are due, each agreement in its own savepoint, then queue today's
    digests (of the state the steps left). Safe to run twice in a day: nothing is due twice, and a
    person's digest is queued once a day. Flushes; the caller commits, then sends the mail."""
    return DailyRun(fire_due(today), queue_digests(today))


def fire_due(today: dt.date) -> list[str]:
    """Fire the system's steps that are due; each agreement in its own savepoint. Returns what moved."""
    due = db.session.execute(
        select(Agreement.id, Agreement.reference, Agreement.state, Agreement.renewal_years).where(
            or_(
                (Agreement.state == "in_force") & (Agreement.expires_on <= today),
                (Agreement.state == "termination_pending") & (Agreement.termination_effective_on <= today),
            )
        )
    ).all()
    moved = []
    for agreement_id, reference, state, renews in due:
        trigger = ("renew" if renews else "expire") if state == "in_force" else "terminate"
        try:
            with db.session.begin_nested():
                fire_transition(None, agreement_id, trigger, comment="Date reached.", today=today)
        except DomainError as exc:
            moved.append(f"{reference}: {trigger} not fired: {exc.detail}")
            continue
        moved.append(f"{reference}: {trigger}")
    return moved
