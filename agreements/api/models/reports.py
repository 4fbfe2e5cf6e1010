"""The models of the monthly report to Congress (22 CFR 181.8): its query (the month) and the report."""

from __future__ import annotations

from flask import url_for
from pydantic import Field

from ...documents.monthly_report import MonthlyReport as ReportRow
from ...documents.monthly_report import ReportEntry
from .agreements import shaped
from .base import Day, Out, Query

MONTH = {"type": "string", "pattern": "^(194[5-9]|19[5-9][0-9]|2[01][0-9]{2})-(0[1-9]|1[0-2])$"}
# Next to a month answered: the one before or after, even past the years a report is made for.
NEXT_MONTH = {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}
# Asked for: the same, or empty (the month before the current one, as when not given).
MONTH_ASKED = {"type": "string", "pattern": "^((194[5-9]|19[5-9][0-9]|2[01][0-9]{2})-(0[1-9]|1[0-2]))?$"}


class MonthQuery(Query):
    """The month (read by the service, which names ``month`` when it cannot)."""

    month: shaped(str | None, MONTH_ASKED) = Field(  # type: ignore[valid-type]
        None, description="YYYY-MM; default: the month before the current one."
    )


class ReportParties(Out):
    """Each side's name in English (the Governments, or the agencies)."""

    us: str
    counterpart: str


class MonthlyReportEntry(Out):
    """One agreement as the report lists it, with what it lacks (empty when nothing)."""

    agreement_id: int
    reference: str
    title: str
    type_name: str
    kind: shaped(  # type: ignore[valid-type]
        str, {"type": "string", "enum": ["International agreement", "Qualifying non-binding instrument"]}
    )
    is_binding: bool
    country: str = Field(description="The country's name.")
    parties: ReportParties
    signed_on: Day | None
    in_force_on: Day | None = Field(description="Entry into force, or coming into effect.")
    legal_authority: str | None = Field(description="As recorded; null when nothing is.")
    legal_authority_recorded: str | None = Field(description="Where the legal authority was recorded.")
    missing: list[str] = Field(description="What the report needs and the records lack; empty when nothing.")
    url: str

    @classmethod
    def of(cls, entry: ReportEntry) -> MonthlyReportEntry:
        """The entry as the API shows it."""
        return cls(
            agreement_id=entry.agreement_id,
            reference=entry.reference,
            title=entry.title,
            type_name=entry.type_name,
            kind=entry.kind,
            is_binding=entry.is_binding,
            country=entry.country,
            parties=ReportParties(us=entry.our_party, counterpart=entry.counterpart_party),
            signed_on=entry.signed_on,
            in_force_on=entry.in_force_on,
            legal_authority=entry.legal_authority or None,
            legal_authority_recorded=entry.authority_source or None,
            missing=list(entry.missing),
            url=url_for("api.get_agreement", agreement_id=entry.agreement_id),
        )


class Blocking(Out):
    """An agreement that belongs in the report but lacks what it needs."""

    agreement_id: int
    reference: str
    missing: list[str]


class MonthlyReport(Out):
    """The report of one month over the agreements one may see."""

    month: shaped(str, MONTH)  # type: ignore[valid-type]
    label: str = Field(json_schema_extra={"examples": ["March 2026"]})
    previous: shaped(str, NEXT_MONTH)  # type: ignore[valid-type]
    next: shaped(str, NEXT_MONTH)  # type: ignore[valid-type]
    scope: str | None = Field(description="For an attaché: the countries the report covers.")
    made_on: Day
    is_complete: bool = Field(description="Whether nothing blocks the report.")
    concluded: list[MonthlyReportEntry]
    entered_into_force: list[MonthlyReportEntry]
    blocking: list[Blocking] = Field(
        description="Each agreement that belongs in the report but lacks what it needs, once."
    )

    @classmethod
    def of(cls, report: ReportRow) -> MonthlyReport:
        """The report as the API shows it."""
        return cls(
            month=report.key,
            label=report.label,
            previous=report.previous_key,
            next=report.next_key,
            scope=report.scope or None,
            made_on=report.made_on,
            is_complete=report.is_complete,
            concluded=[MonthlyReportEntry.of(e) for e in report.concluded],
            entered_into_force=[MonthlyReportEntry.of(e) for e in report.entered],
            blocking=[
                Blocking(agreement_id=e.agreement_id, reference=e.reference, missing=list(e.missing))
                for e in report.blocking
            ],
        )
