"""The deadline list: every agreement's deadlines in one table sorted by date, filtered in the URL, and as CSV."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from ..errors import InvalidInput
from ..services import deadline_list
from . import bp
from .listing import csv_response

FIELDS = ("from", "to", "kind")


def _asked() -> dict:
    """The filters as written in the URL (the form shows them back as typed)."""
    return {name: request.args.get(name, "").strip() for name in FIELDS}


def _window():
    """The window the URL asks for; InvalidInput, naming the field, when it cannot be read."""
    asked = _asked()
    return deadline_list.read_window(
        asked["from"], asked["to"], asked["kind"], request.args.getlist("overdue"), deadline_list.today()
    )


@bp.route("/deadlines")
@login_required
def deadlines():
    """Deadlines sorted by date: by default from today to 180 days ahead, with the open ones already overdue."""
    asked = _asked()
    try:
        window = _window()
    except InvalidInput as error:
        return render_template(
            "deadlines.html", page=None, window=None, asked=asked, errors=error.errors, kinds=deadline_list.KINDS
        ), 422
    page = deadline_list.deadline_page(current_user, window, page=request.args.get("page", 1, type=int))
    kept = window.as_params()
    return render_template(
        "deadlines.html",
        page=page,
        window=window,
        asked={**asked, "from": window.start.isoformat(), "to": window.end.isoformat()},
        errors={},
        kinds=deadline_list.KINDS,
        kept=kept,
        export_url=url_for("web.deadlines_csv", **kept),
    )


@bp.route("/deadlines.csv")
@login_required
def deadlines_csv():
    """Every deadline of the window the URL asks for (not one page) as a CSV download."""
    window = _window()
    return csv_response(deadline_list.deadlines_csv(current_user, window), deadline_list.csv_filename(window))
