"""Agreements as the deadline list and the monthly report see them, made the way users make them.

Every walk signs on 26 March 2026 (``lifecycle.SIGNED_ON``): the transmittal is due 15 days later, on
10 April 2026. Expiry and renewal are facts given when the agreement is opened.
"""

from __future__ import annotations

import datetime as dt

from agreements.db import db
from agreements.services import determination, transitions, transmittals

from .lifecycle import SIGNED_ON, bring_to, take

TRANSMITTAL_DUE = SIGNED_ON + dt.timedelta(days=15)  # 10 April 2026
QNBI = {
    "is_binding": False,
    "is_reportable": True,
    "basis": {
        "criteria": {"intent": False},
        "qnbi": {"foreign_policy_impact": True, "congressional_request": False},
        "note": "Political commitments only, but of real weight for relations with the counterpart.",
    },
}


def in_effect(world, make_agreement, state: str = "in_force", **fields):
    """A memorandum (not reported) walked to ``state``, with the facts given when it was opened."""
    return bring_to(world, make_agreement(**fields), state)


def reportable(world, make_agreement, state: str = "in_force", **fields):
    """A memorandum the legal advisor ruled a qualifying non-binding instrument, walked to ``state``."""
    agreement = make_agreement(**fields)
    take(world, agreement, "submit_for_review")
    determination.determine(world["la"], agreement, QNBI)
    db.session.commit()
    return bring_to(world, agreement, state)


def binding(world, make_agreement, state: str = "signed", **fields):
    """A customs mutual assistance agreement (binding) walked to ``state``."""
    return bring_to(world, make_agreement(type="cmaa", **fields), state)


def send_text(world, agreement, sent_on: dt.date) -> None:
    """The program manager records that the concluded text went to the treaty office on ``sent_on``."""
    transmittals.record_transmittal(
        world["pm"],
        agreement,
        {
            "kind": "text",
            "sent_on": sent_on.isoformat(),
            "reference": "L/T 2026-0412",
            "languages": agreement.languages,
        },
        today=sent_on,
    )
    db.session.commit()


def give_notice(world, agreement, notice_on: dt.date, effective_on: dt.date) -> None:
    """The program manager gives notice of termination (or discontinuation) on ``notice_on``."""
    transitions.fire_transition(
        world["pm"],
        agreement.id,
        "give_notice",
        comment="The counterpart asked to end it.",
        data={"notice_on": notice_on.isoformat(), "effective_on": effective_on.isoformat()},
        today=notice_on,
    )
    db.session.commit()


def renew(agreement, on: dt.date) -> None:
    """The daily job renews the agreement on its expiry date."""
    transitions.fire_transition(None, agreement.id, "renew", comment="Date reached.", today=on)
    db.session.commit()
