"""The monthly report to Congress (22 CFR 181.8; 1 U.S.C. 112b) as plain values, and as a PDF.

A report holds, for one month, the agreements signed or otherwise concluded in it and those that entered into
force or came into effect in it, each with its type, its parties, its dates and the legal authority recorded;
the ones that lack what the report needs are named with what is missing. The same report gives the same PDF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass

from .render import _environment, html_to_pdf

TEMPLATE = "monthly_report.html"


@dataclass(frozen=True)
class ReportEntry:
    """One agreement as the report lists it."""

    agreement_id: int
    reference: str
    title: str
    type_name: str
    kind: str  # International agreement, or Qualifying non-binding instrument
    is_binding: bool
    country: str  # the country's name
    our_party: str  # the name in English of our side: the Government (binding) or the agency
    counterpart_party: str
    signed_on: dt.date | None
    in_force_on: dt.date | None
    legal_authority: str  # as recorded; "" when none is
    authority_source: str  # where it was recorded
    missing: tuple[str, ...] = ()  # what the report needs and the records lack

    @property
    def entered_label(self) -> str:
        """Entered into force (binding) or Came into effect (non-binding)."""
        return "Entered into force" if self.is_binding else "Came into effect"


@dataclass(frozen=True)
class MonthlyReport:
    """The report of one month, as plain values: made the same way, it gives the same PDF."""

    month: dt.date  # the first day of the month
    scope: str  # "" for the whole office; else the countries an attaché's office covers
    concluded: tuple[ReportEntry, ...]
    entered: tuple[ReportEntry, ...]
    made_on: dt.date

    @property
    def label(self) -> str:
        """March 2026."""
        return f"{self.month:%B %Y}"

    @property
    def key(self) -> str:
        """2026-03."""
        return f"{self.month:%Y-%m}"

    @property
    def previous_key(self) -> str:
        """The month before, as YYYY-MM."""
        return f"{self.month - dt.timedelta(days=1):%Y-%m}"

    @property
    def next_key(self) -> str:
        """The month after, as YYYY-MM."""
        return f"{self.month + dt.timedelta(days=32):%Y-%m}"

    @property
    def blocking(self) -> tuple[ReportEntry, ...]:
        """Each agreement that belongs in the report but lacks what it needs, once, in the report's order."""
        seen: dict[int, ReportEntry] = {}
        for entry in (*self.concluded, *self.entered):
            if entry.missing:
                seen.setdefault(entry.agreement_id, entry)
        return tuple(seen.values())

    @property
    def is_complete(self) -> bool:
        """Whether nothing blocks the report."""
        return not self.blocking

    def to_json(self) -> str:
        """The report as canonical JSON (its PDF's identifier is derived from it)."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)


def long_date(value: dt.date | None) -> str:
    """26 March 2026; an empty string for no date."""
    return f"{value.day} {value:%B %Y}" if value else ""


def to_html(report: MonthlyReport) -> str:
    """The report as HTML; every value is escaped by the template engine."""
    return _environment().get_template(TEMPLATE).render(r=report, day=long_date)


def render(report: MonthlyReport) -> bytes:
    """The report as a PDF/A-3b document, through the locked fetcher."""
    identifier = hashlib.sha256(report.to_json().encode()).hexdigest()[:32].encode()
    return html_to_pdf(to_html(report), identifier)
