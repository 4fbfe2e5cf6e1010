"""The outbox: mail is written in the transaction of what caused it, and leaves only after the commit.

``enqueue`` adds a row in the caller's transaction (it flushes, never commits): a rolled-back
transaction leaves no mail. The sender, ``agreements.outbox``, sends it once the transaction
committed; it owns its own small transactions, so it lives beside the other edges, not here.
Here are also what a person checks afterwards: mail that may not have left, and releasing it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db import db, utcnow
from ..models import OutboxMail

# A claim older than this with no mark: its sender stopped mid-send (reported; never resent by itself).
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
_OUTBOX = OutboxMail.__table__
_QUEUED, _COMMITTED = "outbox_queued", "outbox_committed"  # keys of Session.info


# --- queueing ---------------------------------------------------------------------------------------
def enqueue(key: str, recipients: list[str], subject: str, text: str, html: str = "") -> int | None:
    """Queue one mail in the caller's transaction; its id, or None when ``key`` was queued before."""
    ids = enqueue_many([{"key": key, "recipients": recipients, "subject": subject, "text": text, "html": html}])
    return ids[0] if ids else None


def enqueue_note(key: str) -> int | None:
    """Queue a mail whose recipients and words are worked out after the commit (a transition's note,
    ``services.notifications.address_notes``): one INSERT, nothing read. Until then its subject is
    empty, which is how the sender knows to address it first."""
    connection = db.session.connection()  # Core, on the transaction's connection: the cheapest way in
    ids = list(connection.execute(_insert(connection.dialect.name), {"key": key, "subject": "", "text": ""}).scalars())
    db.session.info.setdefault(_QUEUED, set()).update(ids)
    return ids[0] if ids else None


def unaddressed():
    """The WHERE clause of the notes not addressed yet."""
    return OutboxMail.key.startswith("event:") & (OutboxMail.subject == "") & OutboxMail.sent_at.is_(None)


def address(mail_id: int, fields: dict) -> None:
    """Give a note its recipients, subject, text and HTML (once: a note already addressed is left as it is)."""
    db.session.execute(update(_OUTBOX).where(_OUTBOX.c.id == mail_id, _OUTBOX.c.subject == "").values(**fields))


@cache
def _insert(dialect_name: str):
    """INSERT … ON CONFLICT (key) DO NOTHING RETURNING id, on PostgreSQL or SQLite (built once each)."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(_OUTBOX).on_conflict_do_nothing(index_elements=["key"]).returning(_OUTBOX.c.id)


def enqueue_many(mails: list[dict]) -> list[int]:
    """Queue mails (dicts of key, recipients, subject, text, html) in one statement; the ids of those
    not queued before. A key already in the outbox is skipped (``ON CONFLICT DO NOTHING``, on SQLite
    as on PostgreSQL), so a race between two writers of the same key is no error either."""
    rows = [{**mail, "subject": " ".join(mail["subject"].split())[:300]} for mail in mails if mail["recipients"]]
    if any(not row["subject"] for row in rows):
        raise ValueError("a mail needs a subject (an empty one marks a note not addressed yet)")
    if not rows:
        return []
    ids = list(db.session.execute(_insert(db.session.get_bind().dialect.name), rows).scalars())
    db.session.info.setdefault(_QUEUED, set()).update(ids)
    return ids


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    """What this transaction queued may leave now."""
    queued = session.info.pop(_QUEUED, None)
    if queued:
        session.info.setdefault(_COMMITTED, set()).update(queued)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    """What this transaction queued is gone with it."""
    session.info.pop(_QUEUED, None)


def committed_ids(session: Session) -> set[int]:
    """The mail that this session's commits queued since last asked (forgotten once asked)."""
    return session.info.pop(_COMMITTED, None) or set()


# --- what a person checks -------------------------------------------------------------------------------
def may_not_have_left(now: dt.datetime | None = None) -> list[OutboxMail]:
    """Mail claimed more than ``CLAIM_TIMEOUT`` ago and never marked sent: its sender stopped mid-send."""
    since = (now or utcnow()) - CLAIM_TIMEOUT
    return list(
        db.session.scalars(
            select(OutboxMail)
            .where(OutboxMail.sent_at.is_(None), OutboxMail.sending_since < since)
            .order_by(OutboxMail.id)
        )
    )


def release(mail_ids: list[int]) -> int:
    """Queue again mail that may not have left (after a person checked it did not); flushes. How many."""
    return db.session.execute(
        update(_OUTBOX)
        .where(_OUTBOX.c.id.in_(mail_ids), _OUTBOX.c.sent_at.is_(None), _OUTBOX.c.sending_since.is_not(None))
        .values(sending_since=None)
    ).rowcount
