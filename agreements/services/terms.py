"""The terms of agreements as attachés read them: contacts, key facts, contents and articles of one
agreement in one language, its one-page terms card, and the agreements of a country."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from ..auth import policy
from ..db import db
from ..documents import terms_card
from ..errors import NotFound
from ..models import Agreement, Contact, User
from ..models.search import ARTICLE, FINAL_CLAUSES, PREAMBLE
from ..workflows.words import state_name, words
from .taxonomy import AREAS, RTL_LANGUAGES, country_code, language_name

if TYPE_CHECKING:
    from .documents import Download

# The other services (agreements, documents) are imported where used: saving a text indexes it for
# the search, which links to the anchors defined here, so they import this module first.

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")

IN_FORCE = ("in_force", "termination_pending")
# How a country's agreements are grouped, in the order an attaché reads them: what binds now first
# (the first group holds binding agreements in force and non-binding instruments in effect alike).
GROUPS = (
    ("in_force", words(None)["in_force"], IN_FORCE),
    ("signed", "Signed or awaiting signature", ("signed", "awaiting_signature")),
    ("drafts", "Drafts and negotiations", ("drafting", "legal_review", "clearance", "negotiation", "final_review")),
    ("ended", "Ended", ("terminated", "expired", "withdrawn")),
)
CARD_CONTACTS_PER_PARTY = 3  # the card has room for a few; the terms page lists everyone
CARD_FIELD_LENGTH = 80  # a longer name, title or address is cut on the card (never on the terms page)
CARD_HEADING_LENGTH = 100
NO_COUNTRY = "No such country, or none of its agreements is open to you."


def article_anchor(kind: str, number: str = "") -> str:
    """The id of a passage on the terms page: ``preamble``, ``final-clauses`` or ``article-7bis``;
    empty for the agreement itself (the top of the page)."""
    if kind == PREAMBLE:
        return "preamble"
    if kind == FINAL_CLAUSES:
        return "final-clauses"
    if kind == ARTICLE:
        return "article-" + (_UNSAFE.sub("-", number).strip("-") or "x")
    return ""


_MAILBOX = re.compile(r"^[^@\s?&#%/:<>\"]+@[^@\s?&#%/:<>\"]+$")


def mailto_href(email: str | None) -> str:
    """A plain address as a ``mailto:`` URI; "" for anything that could carry more (?cc=, #, spaces)."""
    address = (email or "").strip()
    return f"mailto:{address}" if _MAILBOX.match(address) else ""


def direction(language: str) -> str:
    """``rtl`` for Arabic, Persian, Hebrew and Urdu, ``ltr`` otherwise."""
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def language_for(agreement: Agreement, *wanted: str | None) -> str:
    """The first of ``wanted`` the agreement is written in; else English (its first language)."""
    for language in wanted:
        if language and language in agreement.languages:
            return language
    return "en" if "en" in agreement.languages else agreement.languages[0]


# ---------------------------------------------------------------- one agreement in one language


@dataclass(frozen=True)
class Party:
    """One party of the agreement and its points of contact, in their order."""

    key: str  # "counterpart" or "us"
    name: str
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class Signing:
    """When and where one party signed."""

    party: str
    signed_on: dt.date | None
    place: str


@dataclass(frozen=True)
class Passage:
    """The preamble, one article or the final clauses, in one language, with its anchor on the page."""

    anchor: str
    kind: str
    number: str
    heading: str
    body: str

    @property
    def label(self) -> str:
        """Preamble, Article 7, Final clauses."""
        return {PREAMBLE: "Preamble", FINAL_CLAUSES: "Final clauses"}.get(self.kind, f"Article {self.number}")


@dataclass(frozen=True)
class Terms:
    """What the terms page shows of one agreement in one language."""

    agreement: Agreement
    language: str
    direction: str
    languages: tuple[str, ...]
    parties: tuple[Party, ...]  # the counterpart first: whom attachés call
    signings: tuple[Signing, ...]
    local_language: str  # the language of the counterpart's own name
    passages: tuple[Passage, ...]
    version_number: int
    has_signed_pdf: bool

    @property
    def has_contacts(self) -> bool:
        """Whether any point of contact is recorded, for either party."""
        return any(party.contacts for party in self.parties)

    @property
    def articles(self) -> tuple[Passage, ...]:
        """The articles alone, in order (the table of contents)."""
        return tuple(p for p in self.passages if p.kind == ARTICLE)

    @property
    def signed_together(self) -> Signing | None:
        """The one signing, when every party signed on the same day at the same place."""
        if self.signings and len({(s.signed_on, s.place) for s in self.signings}) == 1:
            return self.signings[0]
        return None

    @property
    def is_in_force(self) -> bool:
        """Whether the agreement binds now (in force, or in force until a termination takes effect)."""
        return self.agreement.state in IN_FORCE

    @property
    def is_signed(self) -> bool:
        """Whether the text is the signed one (else it is a draft)."""
        return policy.is_signed(self.agreement)

    @property
    def status(self) -> str:
        """The first thing to know, in a line: "In force since 15 April 2026 · no expiry" (or, for a
        non-binding instrument, "In effect since …")."""
        a = self.agreement
        w = words(a.is_binding)
        if a.state == "termination_pending":
            until = f" until {_long_date(a.termination_effective_on)}" if a.termination_effective_on else ""
            return f"{w['in_force']}{until}: {w['notice_of_termination'].lower()} given"
        if a.state == "in_force":
            since = f" since {_long_date(a.in_force_on)}" if a.in_force_on else ""
            until = f"expires {_long_date(a.expires_on)}" if a.expires_on else "no expiry"
            return f"{w['in_force']}{since} · {until}"
        return f"{state_name(a.state, a.is_binding)}: {w['not_in_force'].lower()}"


def our_agency() -> str:
    """Our side's name, as the documents print it."""
    return current_app.config.get("AGENCY_NAME", "")


def _parties(agreement: Agreement) -> tuple[Party, ...]:
    counterpart = agreement.counterpart_agency
    by_party = {"counterpart": [], "us": []}
    for contact in agreement.contacts:
        by_party.setdefault(contact.party, []).append(contact)
    return (
        Party("counterpart", counterpart.name if counterpart else "The counterpart", tuple(by_party["counterpart"])),
        Party("us", our_agency(), tuple(by_party["us"])),
    )


def _passages(agreement: Agreement, language: str) -> tuple[Passage, ...]:
    version = agreement.current_version
    if version is None:
        return ()
    out = []
    if (version.preamble or {}).get(language):
        out.append(Passage(article_anchor(PREAMBLE), PREAMBLE, "", "", version.preamble[language]))
    for article in version.articles:
        number = str(article.get("number", ""))
        out.append(
            Passage(
                article_anchor(ARTICLE, number),
                ARTICLE,
                number,
                (article.get("heading") or {}).get(language, ""),
                (article.get("body") or {}).get(language, ""),
            )
        )
    if (version.final_clauses or {}).get(language):
        out.append(Passage(article_anchor(FINAL_CLAUSES), FINAL_CLAUSES, "", "", version.final_clauses[language]))
    return tuple(out)


def _local_language(agreement: Agreement) -> str:
    """The counterpart's own language: the agreement's last language other than English."""
    others = [lang for lang in agreement.languages if lang != "en"]
    return others[-1] if others else "en"


def terms_of(agreement: Agreement, language: str) -> Terms:
    """The terms of the agreement's current text in ``language`` (English when it is not one of its languages)."""
    from . import documents

    language = language_for(agreement, language)
    names = {"us": our_agency(), "counterpart": agreement.counterpart or "The counterpart"}
    signings = tuple(
        Signing(names.get(s.party, s.party), s.signed_on, s.place) for s in agreement.signatories if s.signed_on
    )
    return Terms(
        agreement=agreement,
        language=language,
        direction=direction(language),
        languages=tuple(agreement.languages),
        parties=_parties(agreement),
        signings=tuple(sorted(signings, key=lambda s: s.party != names["us"])),
        local_language=_local_language(agreement),
        passages=_passages(agreement, language),
        version_number=agreement.current_version_number,
        has_signed_pdf=documents.signed_document(agreement) is not None,
    )


def language_names(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(code, English name) of each language, in the agreement's order."""
    return [(code, language_name(code)) for code in codes]


# ---------------------------------------------------------------- the terms card


def _cut(value: str | None, limit: int = CARD_FIELD_LENGTH) -> str:
    text = " ".join((value or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _notice(agreement: Agreement) -> str:
    """Notice of termination (of discontinuation, non-binding) as a sentence, when one was given."""
    w = words(agreement.is_binding)
    parts = []
    if agreement.notice_on:
        parts.append(f"given on {_long_date(agreement.notice_on)}")
    if agreement.termination_effective_on:
        parts.append(f"{w['termination']} takes effect on {_long_date(agreement.termination_effective_on)}")
    return (w["notice_of_termination"] + " " + ", ".join(parts)) if parts else ""


def _local_name(counterpart) -> str:
    """The counterpart's name in its own language, when it differs from the English one."""
    if counterpart is None or counterpart.name_local == counterpart.name:
        return ""
    return counterpart.name_local or ""


def _long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def card_of(agreement: Agreement, today: dt.date | None = None) -> terms_card.TermsCard:
    """The terms card of the agreement's current text, as plain values."""
    from ..workflows import workflow_for

    terms = terms_of(agreement, "en")
    contacts, left_out = [], 0
    for party in terms.parties:
        shown = party.contacts[:CARD_CONTACTS_PER_PARTY]
        left_out += len(party.contacts) - len(shown)
        contacts += [
            terms_card.CardContact(_cut(party.name), _cut(c.name), _cut(c.title), _cut(c.phone, 40), _cut(c.email))
            for c in shown
        ]
    counterpart = agreement.counterpart_agency
    places = sorted({s.place for s in terms.signings if s.place})
    w = words(agreement.is_binding)
    return terms_card.TermsCard(
        reference=agreement.reference,
        title=agreement.title,
        type_name=workflow_for(agreement.type).name,
        state=state_name(agreement.state, agreement.is_binding),
        our_agency=our_agency(),
        counterpart=counterpart.name if counterpart else "",
        counterpart_local=_local_name(counterpart),
        local_language=terms.local_language,
        local_direction=direction(terms.local_language),
        country=_country_name(agreement.country),
        signed_on=agreement.signed_on,
        signed_place=" and ".join(places),
        in_force_on=agreement.in_force_on,
        expires_on=agreement.expires_on,
        notice=_notice(agreement),
        areas=tuple(AREAS.get(a, a) for a in agreement.areas),
        contacts=tuple(contacts),
        contacts_left_out=left_out,
        headings=tuple(
            terms_card.CardHeading(_cut(p.number, 16), _cut(p.heading, CARD_HEADING_LENGTH)) for p in terms.articles
        ),
        is_signed=terms.is_signed,
        version_number=agreement.current_version_number,
        made_on=today or dt.date.today(),
        entered_label=w["entered"],
        not_in_force_label=w["not_in_force"],
    )


def terms_card_pdf(user: User, agreement_id: int) -> Download:
    """The one-page terms card of an agreement this person may see (NotFound otherwise)."""
    from .agreements import get_agreement
    from .documents import PDF, Download

    agreement = get_agreement(user, agreement_id)
    pdf = terms_card.render(card_of(agreement))
    return Download(f"{agreement.reference}-terms-card.pdf", PDF, pdf)


# ---------------------------------------------------------------- countries


def _country_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return (getattr(country, "common_name", None) or country.name) if country else code


def open_country(user: User, value: str) -> str:
    """The ISO code of the country ``value`` names (a code or a name), if this person may see its
    agreements; NotFound, the same for both, for an unknown country and for one not covered."""
    code = country_code(value)
    if code is None or not (policy.sees_all(user) or code in policy.covered_countries(user)):
        raise NotFound(NO_COUNTRY)
    return code


@dataclass(frozen=True)
class Group:
    """Agreements of one kind of state (in force, signed, drafts, ended), as a country page lists them."""

    key: str
    label: str
    agreements: tuple[Agreement, ...]


def _with_contacts(query):
    return query.options(selectinload(Agreement.contacts), selectinload(Agreement.area_rows))


def agreements_with(user: User, country: str) -> list[Group]:
    """Every agreement with the country this person may see, grouped: in force first, then signed,
    drafts and ended ones; each group newest in force (or opened) first. Empty groups are left out."""
    ranks = {state: n for n, (_key, _label, states) in enumerate(GROUPS) for state in states}
    rank = case(ranks, value=Agreement.state)
    rows = db.session.scalars(
        _with_contacts(select(Agreement))
        .where(Agreement.country == country, policy.visible_clause(user))
        .order_by(rank, Agreement.in_force_on.desc().nulls_last(), Agreement.id.desc())
    )
    found = list(rows)
    groups = [Group(key, label, tuple(a for a in found if a.state in states)) for key, label, states in GROUPS]
    return [group for group in groups if group.agreements]


@dataclass(frozen=True)
class InForce:
    """What is in force for one country an attaché's office covers."""

    country: str
    name: str
    agreements: tuple[Agreement, ...]


def in_force_for(user: User) -> list[InForce]:
    """For an attaché, each country their office covers with its agreements in force (newest first);
    nothing for anyone else, who sees the whole list."""
    if user.role != "attache":
        return []
    from .agreements import in_force_on  # the rule search follows: in force today, by its dates

    countries = policy.covered_countries(user)
    rows = db.session.scalars(
        _with_contacts(select(Agreement))
        .where(Agreement.country.in_(countries), in_force_on(dt.date.today()), policy.visible_clause(user))
        .order_by(Agreement.in_force_on.desc().nulls_last(), Agreement.id.desc())
    )
    found = list(rows)
    return [
        InForce(code, _country_name(code), tuple(a for a in found if a.country == code))
        for code in sorted(countries, key=_country_name)
    ]
