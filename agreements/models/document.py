"""Documents kept with an agreement: the sealed signed PDF (one, never re-rendered) and scans of the originals."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from .user import User

SIGNED = "signed"
SCAN = "scan"


class Document(db.Model):
    """One stored file: its bytes, their SHA-256, and what it is."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    version_number: Mapped[int | None] = mapped_column(Integer)
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # What the signed PDF was rendered from (the frozen snapshot as JSON), and who sealed it.
    snapshot: Mapped[str] = mapped_column(Text, default="")
    sealed_by: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        # One signed document per agreement, on both databases.
        Index(
            "uq_documents_signed",
            "agreement_id",
            unique=True,
            sqlite_where=text("kind = 'signed'"),
            postgresql_where=text("kind = 'signed'"),
        ),
    )
