"""Text versions of an agreement (immutable, numbered, hashed) and review comments on them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Json, UTCDateTime, db, utcnow
from .user import User

if TYPE_CHECKING:
    from .agreement import Agreement


class TextVersion(db.Model):
    """One saved text: preamble, ordered articles and final clauses, each per language; never changed."""

    __tablename__ = "text_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    preamble: Mapped[dict[str, str]] = mapped_column(Json, default=dict)
    articles: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    final_clauses: Mapped[dict[str, str]] = mapped_column(Json, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="ours")
    sha256: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="versions")
    author: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("agreement_id", "number", name="uq_text_versions_agreement_number"),)


class ReviewComment(db.Model):
    """A legal reviewer's comment on one article of one version; open until resolved."""

    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("text_versions.id", ondelete="CASCADE"))
    article: Mapped[str] = mapped_column(String(16), default="")
    body: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("review_comments.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
