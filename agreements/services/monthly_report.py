"""The monthly report to Congress (1 U.S.C. 112b(a); 22 CFR 181.8): for one month, the binding agreements and
qualifying non-binding instruments signed or otherwise concluded in it, and those that entered into force or came
into effect in it, with their type, parties, dates and the legal authority recorded; those that lack what the
report needs are named, with what is missing. As a page, a CSV and a PDF.

Whoever sees agreements sees the report of those they may see: program managers, legal advisors and
administrators the whole office's, an attaché their office's countries (the report then says so).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pycountry
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..auth import policy
from ..db import db, utcnow
from ..documents import monthly_report as document
from ..documents.monthly_report import MonthlyReport, ReportEntry
from ..errors import InvalidInput
from ..models import Agreement, Authority, Event, User
from ..workflows import WORKFLOWS
from ..workflows.guards import long_date
from ..workflows.parties import capitalised
from ..workflows.words import words
from .clauses import parties
from .documents import PDF, Download
from .export import csv_lines

CONCLUDED, ENTERED = "concluded", "entered_into_force"
SECTIONS = {
    CONCLUDED: "Signed or otherwise concluded",
    ENTERED: "Entered into force or came into effect",
}
# States an agreement is in once it entered into force (or came into effect): its date must then be recorded.
AFTER_ENTRY = ("in_force", "termination_pending", "terminated", "expired")
NAMED_AT_REQUEST = "named by the legal office when it requested the State Department's authority"
FROM_AUTHORITIES = "from the Circular 175 authorities recorded"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def country_name(code: str) -> str:
    """RU → Russian Federation; the code itself when it names no ISO 3166 country."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    return (getattr(country, "common_name", None) or country.name) if country else code


def today() -> dt.date:
    """Today in UTC (the report's default month is the one before)."""
    return utcnow().date()


def parse_month(value: str | None, on: dt.date) -> dt.date:
    """The first day of the month ``value`` names (YYYY-MM); the month before ``on`` when it names none.
    InvalidInput naming ``month`` when it cannot be read."""
    value = (value or "").strip()
    if not value:
        return (on.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    match = _MONTH.match(value)
    if match and 1945 <= int(match.group(1)) <= 2199 and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    example = f"{on:%Y-%m}"
    raise InvalidInput(
        f"The month cannot be read: give it as YYYY-MM, e.g. {example}.",
        {"month": f"Give the month as YYYY-MM, e.g. {example} (a year from 1945 to 2199, a month from 01 to 12)."},
    )


def _month_end(first: dt.date) -> dt.date:
    """The last day of the month that starts on ``first``."""
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _scope(user: User) -> str:
    """What the report covers, said when it is not the whole office's (an attaché's countries)."""
    if policy.sees_all(user):
        return ""
    names = ", ".join(country_name(code) for code in policy.covered_countries(user)) or "no country"
    office = user.office.name if user.office else "your office"
    return f"The agreements of the countries {office} covers: {names}."


def _legal_authorities(ids: list[int]) -> dict[int, str]:
    """The legal authority named when authority was requested (the latest request), per agreement."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(Event.agreement_id, Event.data)
        .where(Event.agreement_id.in_(ids), Event.trigger == "request_authority")
        .order_by(Event.agreement_id, Event.seq)
    )
    named: dict[int, str] = {}
    for agreement_id, data in rows:
        text = " ".join(str((data or {}).get("legal_authority") or "").split())
        if text:
            named[agreement_id] = text
    return named


def _authority_text(authority: Authority) -> str:
    """'Circular 175 authority to conclude C175-2026-041, granted by Jordan Example on 1 March 2026'."""
    granted = f", granted by {authority.granted_by}" if authority.granted_by else ""
    on = f" on {long_date(authority.granted_on)}" if authority.granted_on else ""
    return f"Circular 175 authority to {authority.kind} {authority.reference}{granted}{on}"


def legal_authority(agreement: Agreement, named: str | None) -> tuple[str, str]:
    """The legal authority recorded and where it was recorded: as named when authority was requested, else the
    references of the Circular 175 authorities (to conclude first); ("", "") when nothing is recorded."""
    if named:
        return named, NAMED_AT_REQUEST
    chosen = [a for a in agreement.authorities if a.kind == "conclude"] or list(agreement.authorities)
    if chosen:
        return "; ".join(_authority_text(a) for a in chosen), FROM_AUTHORITIES
    return "", ""


def missing_for_report(agreement: Agreement, names: dict[str, str], authority: str) -> tuple[str, ...]:
    """What the report needs of this agreement and its records lack, in the words of what to record."""
    w = words(agreement.is_binding)
    missing = []
    if agreement.signed_on is None:
        missing.append("the date of signature")
    if agreement.in_force_on is None and agreement.state in AFTER_ENTRY:
        missing.append(w["date_of_entry_into_force"].lower())
    if agreement.is_binding and not authority:
        missing.append("the legal authority relied on")
    if not names.get("us"):
        missing.append("our side's name in English")
    if not names.get("counterpart"):
        missing.append("the counterpart's name in English")
    return tuple(missing)


def _entry(agreement: Agreement, named: str | None) -> ReportEntry:
    """The agreement as the report lists it: plain values, with what it lacks."""
    names = {side: capitalised(by_language.get("en") or "") for side, by_language in parties(agreement).items()}
    authority, source = legal_authority(agreement, named)
    return ReportEntry(
        agreement_id=agreement.id,
        reference=agreement.reference,
        title=agreement.title,
        type_name=WORKFLOWS[agreement.type].name if agreement.type in WORKFLOWS else agreement.type,
        kind="International agreement" if agreement.is_binding else "Qualifying non-binding instrument",
        is_binding=bool(agreement.is_binding),
        country=country_name(agreement.country),
        our_party=names.get("us", ""),
        counterpart_party=names.get("counterpart", ""),
        signed_on=agreement.signed_on,
        in_force_on=agreement.in_force_on,
        legal_authority=authority,
        authority_source=source,
        missing=missing_for_report(agreement, names, authority),
    )


def monthly_report(user: User, month: dt.date, on: dt.date | None = None) -> MonthlyReport:
    """The report of ``month`` (its first day) over the agreements this person may see; ``on`` is the day it
    is made. Only binding agreements and qualifying non-binding instruments are reported (22 CFR 181.8)."""
    first, last = month.replace(day=1), _month_end(month)
    found = (
        db.session.execute(
            select(Agreement)
            .where(
                policy.visible_clause(user),
                or_(Agreement.is_binding, Agreement.is_reportable),
                or_(Agreement.signed_on.between(first, last), Agreement.in_force_on.between(first, last)),
            )
            .options(selectinload(Agreement.authorities))
        )
        .unique()
        .scalars()
        .all()
    )
    named = _legal_authorities([a.id for a in found])
    entries = {a.id: _entry(a, named.get(a.id)) for a in found}
    concluded = sorted(
        (a for a in found if a.signed_on and first <= a.signed_on <= last), key=lambda a: (a.signed_on, a.reference)
    )
    entered = sorted(
        (a for a in found if a.in_force_on and first <= a.in_force_on <= last),
        key=lambda a: (a.in_force_on, a.reference),
    )
    return MonthlyReport(
        month=first,
        scope=_scope(user),
        concluded=tuple(entries[a.id] for a in concluded),
        entered=tuple(entries[a.id] for a in entered),
        made_on=on or today(),
    )


CSV_HEADER = (
    "Section",
    "Reference",
    "Title",
    "Type",
    "Kind",
    "Country",
    "Our side",
    "Counterpart",
    "Signed on",
    "In force or in effect on",
    "Legal authority",
    "Recorded",
    "Missing",
)


def csv_rows(report: MonthlyReport) -> Iterator[tuple]:
    """The report's rows as the CSV (and the page) list them: the concluded, then those that entered into force."""
    for section, entries in ((CONCLUDED, report.concluded), (ENTERED, report.entered)):
        for e in entries:
            yield (
                SECTIONS[section],
                e.reference,
                e.title,
                e.type_name,
                e.kind,
                e.country,
                e.our_party,
                e.counterpart_party,
                e.signed_on,
                e.in_force_on,
                e.legal_authority,
                e.authority_source,
                list(e.missing),
            )


def report_csv(report: MonthlyReport) -> Iterator[str]:
    """The report as CSV lines: ISO dates, formulas neutralised."""
    return csv_lines(CSV_HEADER, csv_rows(report))


def csv_filename(report: MonthlyReport) -> str:
    """monthly-report-2026-03.csv"""
    return f"monthly-report-{report.key}.csv"


def report_pdf(report: MonthlyReport) -> Download:
    """The report as a PDF download."""
    return Download(f"monthly-report-{report.key}.pdf", PDF, document.render(report))
