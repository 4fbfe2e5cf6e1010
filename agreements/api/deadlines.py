"""The deadline list as JSON or CSV: GET /api/v1/deadlines?from=&to=&kind=&overdue=&page= (CSV with
``Accept: text/csv``, or at /api/v1/deadlines.csv)."""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from ..services import deadline_list
from ..services.deadline_list import DeadlineItem, Window
from . import bp
from .auth import current_user
from .body import query_int
from .views import csv_response


def wants_csv() -> bool:
    """Whether the client asked for CSV rather than JSON (``Accept: text/csv``)."""
    return request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv"


def _window() -> Window:
    """The window the query string asks for (InvalidInput, naming the field, when it cannot be read)."""
    return deadline_list.read_window(
        request.args.get("from"),
        request.args.get("to"),
        request.args.get("kind"),
        request.args.getlist("overdue"),
        deadline_list.today(),
    )


def deadline_item_json(item: DeadlineItem) -> dict[str, Any]:
    """One deadline, with its agreement, its date in words, its flag and where it stands."""
    return {
        "due_on": item.due_on.isoformat(),
        "when": item.when,
        "days_left": item.days_left,
        "flag": item.flag,
        "kind": item.kind,
        "kind_label": item.kind_label,
        "progress": item.progress,
        "progress_label": item.progress_label,
        "detail": item.detail,
        "basis": item.basis,
        "done_on": item.done_on.isoformat() if item.done_on else None,
        "derived": item.derived or None,
        "agreement": {
            "id": item.agreement_id,
            "reference": item.reference,
            "title": item.title,
            "type": item.type,
            "country": item.country,
            "state": item.state,
            "state_label": item.state_label,
            "is_binding": item.is_binding,
            "url": url_for("api.get_agreement", agreement_id=item.agreement_id),
        },
    }


def window_json(window: Window) -> dict[str, Any]:
    """The window as it was read: dates, kind, whether the overdue are included, and the day counted from."""
    return {
        "from": window.start.isoformat(),
        "to": window.end.isoformat(),
        "kind": window.kind,
        "overdue": window.overdue,
        "today": window.today.isoformat(),
    }


@bp.get("/deadlines")
def list_deadlines():
    """The deadlines of the agreements this user may see, sorted by date, a page at a time; as CSV (every
    deadline of the window) with ``Accept: text/csv``."""
    if wants_csv():
        return export_deadlines()
    window = _window()
    page = deadline_list.deadline_page(
        current_user(),
        window,
        page=query_int("page", 1, 1, 1_000_000),
        per_page=query_int("per_page", deadline_list.PER_PAGE, 1, deadline_list.MAX_PER_PAGE),
    )
    return {
        "items": [deadline_item_json(item) for item in page.items],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "window": window_json(window),
    }


@bp.get("/deadlines.csv")
def export_deadlines():
    """Every deadline of the window, of the agreements this user may see, as CSV (streamed)."""
    window = _window()
    return csv_response(deadline_list.deadlines_csv(current_user(), window), deadline_list.csv_filename(window))
