"""People who sign in, and their API tokens (only the tokens' hashes are stored)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from .office import Office


class User(db.Model):
    """A person with one role; an attaché belongs to one office."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    session_generation: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Mail this person chose to receive: a note when they must act next, and the daily digest.
    mail_on_transition: Mapped[bool] = mapped_column(Boolean, default=True)
    mail_digest: Mapped[bool] = mapped_column(Boolean, default=True)

    office: Mapped[Office | None] = relationship(lazy="joined")

    # flask-login protocol -------------------------------------------------
    @property
    def is_active(self) -> bool:
        """Disabled users cannot sign in or use tokens."""
        return bool(self.is_enabled)

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The session id carries a generation: bumping it ends every session of this user."""
        return f"{self.id}:{self.session_generation}"

    @property
    def display_name(self) -> str:
        """The name if set, else the email."""
        return self.name or self.email


class ApiToken(db.Model):
    """A bearer token for the JSON API; the token itself is shown once and never stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")
