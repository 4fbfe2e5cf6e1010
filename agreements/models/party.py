"""The parties' side of an agreement: signatories and signatures, and State Department authorities."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from .user import User


class Signatory(db.Model):
    """Who signs for a party (``us`` or ``counterpart``), and when and where they signed."""

    __tablename__ = "signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (UniqueConstraint("agreement_id", "party", name="uq_signatories_agreement_party"),)


class Authority(db.Model):
    """An authority from the State Department (Circular 175), bound to the hash of the text it covers."""

    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(200))
    granted_by: Mapped[str] = mapped_column(String(200))
    granted_on: Mapped[dt.date] = mapped_column(Date)
    text_hash: Mapped[str | None] = mapped_column(String(64))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User | None] = relationship()
