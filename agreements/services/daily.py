"""The daily job: the system fires ``expire`` and ``terminate`` when their dates are reached."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from ..db import db
from ..errors import DomainError
from ..models import Agreement
from .transitions import fire_transition


def run_daily(today: dt.date) -> list[str]:
    """Fire the system's steps that are due; each agreement in its own savepoint. Returns what moved."""
    due = db.session.execute(
        select(Agreement.id, Agreement.reference, Agreement.state).where(
            or_(
                (Agreement.state == "in_force") & (Agreement.expires_on <= today),
                (Agreement.state == "termination_pending") & (Agreement.termination_effective_on <= today),
            )
        )
    ).all()
    moved = []
    for agreement_id, reference, state in due:
        trigger = "expire" if state == "in_force" else "terminate"
        try:
            with db.session.begin_nested():
                fire_transition(None, agreement_id, trigger, comment="Date reached.", today=today)
        except DomainError as exc:
            moved.append(f"{reference}: {trigger} not fired: {exc.detail}")
            continue
        moved.append(f"{reference}: {trigger}")
    return moved
