"""Negotiation rounds: when, how and where the parties met, who took part, and the text that came of it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from .text import TextVersion
from .user import User


class NegotiationRound(db.Model):
    """One round of negotiation with the counterpart; its resulting version is often their proposal."""

    __tablename__ = "negotiation_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(16))
    place: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("text_versions.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped[TextVersion | None] = relationship(lazy="joined")
    recorded_by: Mapped[User | None] = relationship(lazy="joined")
