"""The monthly report to Congress (22 CFR 181.8) as JSON or CSV: GET /api/v1/reports/monthly?month=YYYY-MM (CSV with
``Accept: text/csv``, or at /api/v1/reports/monthly.csv)."""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from ..documents.monthly_report import MonthlyReport, ReportEntry
from ..services import monthly_report as reports
from . import bp
from .auth import current_user
from .deadlines import wants_csv
from .views import csv_response


def _report() -> MonthlyReport:
    """The report of the month the query names (the month before this one by default)."""
    on = reports.today()
    return reports.monthly_report(current_user(), reports.parse_month(request.args.get("month"), on), on)


def entry_json(entry: ReportEntry) -> dict[str, Any]:
    """One agreement as the report lists it, with what it lacks (empty when nothing)."""
    return {
        "agreement_id": entry.agreement_id,
        "reference": entry.reference,
        "title": entry.title,
        "type_name": entry.type_name,
        "kind": entry.kind,
        "is_binding": entry.is_binding,
        "country": entry.country,
        "parties": {"us": entry.our_party, "counterpart": entry.counterpart_party},
        "signed_on": entry.signed_on.isoformat() if entry.signed_on else None,
        "in_force_on": entry.in_force_on.isoformat() if entry.in_force_on else None,
        "legal_authority": entry.legal_authority or None,
        "legal_authority_recorded": entry.authority_source or None,
        "missing": list(entry.missing),
        "url": url_for("api.get_agreement", agreement_id=entry.agreement_id),
    }


@bp.get("/reports/monthly")
def monthly_report():
    """The month's report over the agreements this user may see; as CSV with ``Accept: text/csv``."""
    if wants_csv():
        return export_monthly_report()
    report = _report()
    return {
        "month": report.key,
        "label": report.label,
        "previous": report.previous_key,
        "next": report.next_key,
        "scope": report.scope or None,
        "made_on": report.made_on.isoformat(),
        "is_complete": report.is_complete,
        "concluded": [entry_json(e) for e in report.concluded],
        "entered_into_force": [entry_json(e) for e in report.entered],
        "blocking": [
            {"agreement_id": e.agreement_id, "reference": e.reference, "missing": list(e.missing)}
            for e in report.blocking
        ],
    }


@bp.get("/reports/monthly.csv")
def export_monthly_report():
    """The month's report as CSV: one row per agreement and section, ISO dates."""
    report = _report()
    return csv_response(reports.report_csv(report), reports.csv_filename(report))
