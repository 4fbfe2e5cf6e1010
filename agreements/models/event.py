"""The audit trail: one row per transition, hash-chained per agreement, never changed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Json, UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from .agreement import Agreement


RENEWALS = "trigger = 'renew'"


class Event(db.Model):
    """Who moved which agreement from where to where, when, why, and on which text version."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")
    version_number: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # HMAC-SHA256 of ``hash`` under the audit key, which the database does not hold, and which key
    # (its id): an event written past the application has none that matches. None before seals came.
    mac: Mapped[str | None] = mapped_column(String(64))
    mac_key: Mapped[str | None] = mapped_column(String(16))

    # Makes the unit of work write the agreement row (with its lock-version check) before the event:
    # a transition that lost a race then fails on the stale row, before it touches the trail.
    agreement: Mapped[Agreement] = relationship()

    __table_args__ = (
        UniqueConstraint("agreement_id", "seq", name="uq_events_agreement_seq"),
        # Which agreements renewed (the deadline list shows the term before a renewal): a small partial index.
        Index("ix_events_renewals", "agreement_id", sqlite_where=text(RENEWALS), postgresql_where=text(RENEWALS)),
    )
