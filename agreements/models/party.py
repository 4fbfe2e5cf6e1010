"""The parties' side of an agreement: signatories and signatures, and State Department authorities."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Json, UTCDateTime, db, utcnow
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
    # The granting official's title (for an authority to conclude: Assistant Secretary or above).
    granted_by_title: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A legal advisor confirms what the program manager recorded; a step that needs the authority
    # needs the confirmation.
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])


class TextCertification(db.Model):
    """A legal advisor's certificate that a change of text is not substantive (a correction, date and
    place filled in): the authorities that covered the text before cover it after (11 FAM 724)."""

    __tablename__ = "text_certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    from_hash: Mapped[str] = mapped_column(String(64))
    to_hash: Mapped[str] = mapped_column(String(64))
    version_number: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    certified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    certified_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    certified_by: Mapped[User | None] = relationship()


class Transmittal(db.Model):
    """What was sent to the State Department's treaty office (22 CFR 181.7): the signed text in every
    language signed, or the notice of entry into force; when, under what reference, with what."""

    __tablename__ = "transmittals"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    sent_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(Json, default=list)
    # Which kept documents were sent, as they were then: [{id, kind, filename, sha256}] (a scan may be removed later).
    documents: Mapped[list[dict]] = mapped_column(Json, default=list)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    recorded_by: Mapped[User | None] = relationship()


class LintAcknowledgement(db.Model):
    """A legal advisor's reasoned acceptance of one finding of the wording check on one version."""

    __tablename__ = "lint_acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    finding: Mapped[str] = mapped_column(String(300))  # the finding's key: rule, article, language, words
    reason: Mapped[str] = mapped_column(Text)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    acknowledged_by: Mapped[User | None] = relationship()


class LanguageConformity(db.Model):
    """A record that the texts of a version conform to one another in every language."""

    __tablename__ = "language_conformities"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    text_hash: Mapped[str] = mapped_column(String(64))
    languages: Mapped[list[str]] = mapped_column(Json, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    certified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    certified_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    certified_by: Mapped[User | None] = relationship()
