"""The monthly report to Congress (22 CFR 181.8) as JSON or CSV: GET /api/v1/reports/monthly?month=YYYY-MM (CSV with
``Accept: text/csv``, or at /api/v1/reports/monthly.csv)."""

from __future__ import annotations

from ..documents.monthly_report import MonthlyReport as Report
from ..services import monthly_report as reports
from ..services.monthly_report import CSV_HEADER
from . import bp
from .auth import current_user
from .contract import Answer, operation
from .deadlines import wants_csv
from .models.base import dump
from .models.reports import MonthlyReport, MonthQuery
from .views import csv_response

CSV = {"text/csv": {"schema": {"type": "string"}, "example": ",".join(CSV_HEADER)}}
DESCRIPTION = (
    "Of the agreements you may see (an attaché: their office's countries): the binding agreements and "
    "qualifying non-binding instruments signed or otherwise concluded in the month, and those that entered "
    "into force or came into effect in it (1 U.S.C. 112b; 22 CFR 181.8), with their type, parties, dates "
    "and the legal authority recorded; `blocking` names those lacking what the report needs."
)


def _report(query: MonthQuery) -> Report:
    """The report of the month the query names (the month before this one by default)."""
    on = reports.today()
    return reports.monthly_report(current_user(), reports.parse_month(query.month, on), on)


@bp.get("/reports/monthly")
@operation(
    summary="The monthly report to Congress for one month; CSV with Accept: text/csv",
    operation_id="getMonthlyReport",
    tags=["portfolio"],
    description=DESCRIPTION,
    query=MonthQuery,
    answers={200: Answer("The report; or, asked for text/csv, its rows as CSV.", MonthlyReport, content=CSV)},
)
def monthly_report(query: MonthQuery):
    """The month's report over the agreements this user may see; as CSV with ``Accept: text/csv``."""
    if wants_csv():
        return export_monthly_report()
    return dump(MonthlyReport.of(_report(query)))


@bp.get("/reports/monthly.csv")
@operation(
    summary="The monthly report as CSV: one row per agreement and section, ISO dates",
    operation_id="exportMonthlyReport",
    tags=["portfolio"],
    query=MonthQuery,
    answers={200: Answer("The CSV.", content=CSV)},
)
def export_monthly_report(query: MonthQuery):
    """The month's report as CSV: one row per agreement and section, ISO dates."""
    report = _report(query)
    return csv_response(reports.report_csv(report), reports.csv_filename(report))
