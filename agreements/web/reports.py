"""The monthly report to Congress (22 CFR 181.8): the page with its month picker, and the same report as CSV and PDF."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from ..errors import InvalidInput
from ..services import monthly_report as reports
from . import bp
from .documents import _attachment
from .listing import csv_response


def _report():
    """The report of the month the URL names (``?month=YYYY-MM``; the month before this one by default)."""
    on = reports.today()
    return reports.monthly_report(current_user, reports.parse_month(request.args.get("month"), on), on)


@bp.route("/reports/monthly")
@login_required
def monthly_report():
    """The month's report: what blocks it, what was concluded, what entered into force or came into effect."""
    asked = request.args.get("month", "").strip()
    try:
        report = _report()
    except InvalidInput as error:
        return render_template("monthly_report.html", report=None, asked=asked, errors=error.errors), 422
    return render_template("monthly_report.html", report=report, asked=report.key, errors={})


@bp.route("/reports/monthly.csv")
@login_required
def monthly_report_csv():
    """The month's report as a CSV download, the rows of the page."""
    report = _report()
    return csv_response(reports.report_csv(report), reports.csv_filename(report))


@bp.route("/reports/monthly.pdf")
@login_required
def monthly_report_pdf():
    """The month's report as a PDF (A4, landscape)."""
    download = reports.report_pdf(_report())
    return _attachment(download.content, download.content_type, download.filename)
