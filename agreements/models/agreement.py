"""The agreement aggregate: counterpart agencies, agreements, their areas of cooperation, references."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, and_, text
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from ..db import Json, UTCDateTime, db, utcnow
from .contact import Contact
from .office import Office
from .party import Authority, LanguageConformity, LintAcknowledgement, Signatory, TextCertification, Transmittal
from .text import ReviewComment, TextVersion
from .user import User


class Counterpart(db.Model):
    """A foreign agency we sign agreements with."""

    __tablename__ = "counterparts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_local: Mapped[str] = mapped_column(String(300), default="")
    acronym: Mapped[str] = mapped_column(String(40), default="")
    country: Mapped[str] = mapped_column(String(2), index=True)

    __table_args__ = (Index("uq_counterparts_name_country", "name", "country", unique=True),)


# Sent to the treaty office once signed (binding, or reportable), and not sent yet: the partial index of the
# transmittals still open holds only these rows.
OPEN_TRANSMITTAL = "(is_binding OR is_reportable) AND text_sent_on IS NULL"


class Agreement(db.Model):
    """One international agreement, from first draft to its end."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(500))
    is_binding: Mapped[bool] = mapped_column(Boolean, default=False)
    is_reportable: Mapped[bool] = mapped_column(Boolean, default=False)
    # The legal advisor's determination (22 CFR 181.3): the criteria answered, a note, the State
    # Department's reference where it was consulted; empty while the type's default stands.
    determination_basis: Mapped[dict] = mapped_column(Json, default=dict)
    determination_note: Mapped[str] = mapped_column(Text, default="")
    determination_reference: Mapped[str] = mapped_column(String(200), default="")
    determined_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    determined_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(32), index=True)
    # When it entered its current state (for aging: days in state).
    state_since: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    country: Mapped[str] = mapped_column(String(2), index=True)
    languages: Mapped[list[str]] = mapped_column(Json, default=lambda: ["en"])
    counterpart_id: Mapped[int | None] = mapped_column(ForeignKey("counterparts.id"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    current_version_number: Mapped[int] = mapped_column(Integer, default=0)
    cleared_hash: Mapped[str | None] = mapped_column(String(64))
    audit_head: Mapped[str | None] = mapped_column(String(64))
    event_count: Mapped[int] = mapped_column(Integer, default=0)  # seq of the trail's last event
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    in_force_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    notice_on: Mapped[dt.date | None] = mapped_column(Date)
    termination_effective_on: Mapped[dt.date | None] = mapped_column(Date)
    terminated_on: Mapped[dt.date | None] = mapped_column(Date)
    # When the concluded text first went to the treaty office (the earliest transmittal of the text, 22 CFR
    # 181.7), kept on the row by ``services.transmittals``: the transmittals still due are found by an index.
    text_sent_on: Mapped[dt.date | None] = mapped_column(Date)
    # The agreement's own rule of entry into force: on signature, on a stated date, on the later of
    # two diplomatic notes, or a number of days after the later note.
    entry_rule: Mapped[str] = mapped_column(String(32), default="signature")
    entry_rule_on: Mapped[dt.date | None] = mapped_column(Date)
    entry_rule_days: Mapped[int | None] = mapped_column(Integer)
    # Automatic renewal for N years unless notice is given M days before expiry.
    renewal_years: Mapped[int | None] = mapped_column(Integer)
    renewal_notice_days: Mapped[int | None] = mapped_column(Integer)
    # Publication is the State Department's (22 CFR 181.9): tracked when known, with its citation.
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    publication_citation: Mapped[str] = mapped_column(String(300), default="")
    # The title in each language of the text but English ({lang: title}); English is ``title``.
    title_translations: Mapped[dict[str, str]] = mapped_column(Json, default=dict)
    # The Parties (binding) or Participants (non-binding) by name, as recorded: {"us"|"counterpart": {lang: name}};
    # what is not recorded falls back on the names the product knows (services/parties.py).
    party_names: Mapped[dict[str, dict[str, str]]] = mapped_column(Json, default=dict)
    # Entry into force by notification: the two diplomatic notes, [{party, reference, dated_on}].
    diplomatic_notes: Mapped[list[dict]] = mapped_column(Json, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    counterpart_agency: Mapped[Counterpart | None] = relationship(lazy="joined")
    office: Mapped[Office | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    determined_by: Mapped[User | None] = relationship(foreign_keys=[determined_by_id])
    area_rows: Mapped[list[AgreementArea]] = relationship(cascade="all, delete-orphan", order_by="AgreementArea.area")
    versions: Mapped[list[TextVersion]] = relationship(
        back_populates="agreement", order_by="TextVersion.number", cascade="all", lazy="select"
    )
    current_version: Mapped[TextVersion | None] = relationship(
        primaryjoin=lambda: and_(
            foreign(TextVersion.agreement_id) == Agreement.id,
            TextVersion.number == Agreement.current_version_number,
        ),
        viewonly=True,
        uselist=False,
    )
    comments: Mapped[list[ReviewComment]] = relationship(order_by="ReviewComment.id", cascade="all")
    signatories: Mapped[list[Signatory]] = relationship(order_by="Signatory.party", cascade="all")
    authorities: Mapped[list[Authority]] = relationship(order_by="Authority.id", cascade="all")
    text_certifications: Mapped[list[TextCertification]] = relationship(order_by="TextCertification.id", cascade="all")
    transmittals: Mapped[list[Transmittal]] = relationship(order_by="Transmittal.sent_on", cascade="all")
    lint_acknowledgements: Mapped[list[LintAcknowledgement]] = relationship(
        order_by="LintAcknowledgement.id", cascade="all"
    )
    language_conformities: Mapped[list[LanguageConformity]] = relationship(
        order_by="LanguageConformity.id", cascade="all"
    )
    # The counterpart's people first (whom attachés call), then ours; each party's in its own order.
    contacts: Mapped[list[Contact]] = relationship(
        order_by="(Contact.party, Contact.position)", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}
    # The deadline list and the monthly report choose agreements by their dates (services.deadline_list).
    __table_args__ = (
        Index("ix_agreements_state_since", "state", "state_since"),
        # The list sorted by days in state reads this index in order and stops at the page's end.
        Index("ix_agreements_since_id", "state_since", "id"),
        Index("ix_agreements_signed_on", "signed_on"),
        Index("ix_agreements_in_force_on", "in_force_on"),
        Index("ix_agreements_state_expires_on", "state", "expires_on"),
        Index("ix_agreements_renewal_years", "renewal_years"),
        Index("ix_agreements_renewal_notice_days", "renewal_notice_days"),
        Index(
            "ix_agreements_transmittal_open",
            "signed_on",
            "in_force_on",
            sqlite_where=text(OPEN_TRANSMITTAL),
            postgresql_where=text(OPEN_TRANSMITTAL),
        ),
    )

    @property
    def counterpart(self) -> str | None:
        """The counterpart agency's name in English (the API's ``counterpart`` field)."""
        return self.counterpart_agency.name if self.counterpart_agency else None

    @property
    def areas(self) -> list[str]:
        """Keys of the areas of cooperation."""
        return [a.area for a in self.area_rows]


class AgreementArea(db.Model):
    """One area of cooperation an agreement covers (SPEC §4 taxonomy)."""

    __tablename__ = "agreement_areas"

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class ReferenceCounter(db.Model):
    """The last number used for references of one type and year, e.g. MOU-2026-0007."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
