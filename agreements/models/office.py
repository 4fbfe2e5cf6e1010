"""Attaché offices and the countries each covers."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db


class Office(db.Model):
    """An attaché office abroad (or headquarters), covering one or more countries."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The office desk it answers to (services.portfolio.REGIONS); "" until an administrator sets it.
    region: Mapped[str] = mapped_column(String(32), default="")
    # Where the office is (an IANA name such as Europe/Moscow): its people read times in it. "" until an
    # administrator sets it: they then read them in the app's TIME_ZONE.
    time_zone: Mapped[str] = mapped_column(String(64), default="", server_default=text("''"))
    coverage: Mapped[list[OfficeCountry]] = relationship(
        back_populates="office", cascade="all, delete-orphan", order_by="OfficeCountry.country"
    )

    @property
    def countries(self) -> list[str]:
        """ISO 3166 alpha-2 codes of the countries this office covers."""
        return [c.country for c in self.coverage]


class OfficeCountry(db.Model):
    """One country an office covers."""

    __tablename__ = "office_countries"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)
    office: Mapped[Office] = relationship(back_populates="coverage")
