"""The deadline list as JSON or CSV: GET /api/v1/deadlines?from=&to=&kind=&overdue=&page= (CSV with
``Accept: text/csv``, or at /api/v1/deadlines.csv)."""

from __future__ import annotations

from flask import request

from ..services import deadline_list
from ..services.deadline_list import CSV_HEADER, Window
from . import bp
from .auth import current_user
from .contract import Answer, operation
from .models.base import dump
from .models.deadlines import DeadlineItem, DeadlineList, DeadlinesQuery, DeadlineWindow, WindowQuery
from .views import csv_response

CSV = {"text/csv": {"schema": {"type": "string"}, "example": ",".join(CSV_HEADER)}}
DESCRIPTION = (
    "Of the agreements you may see (an attaché: their office's countries), sorted by date: the transmittal "
    "of the concluded text to the treaty office, 15 days after signature (22 CFR 181.7(a)(1); binding "
    "agreements and qualifying non-binding instruments); the expiry; the last day to give notice before an "
    "automatic renewal. Each with its flag (30, 90 or 180 days ahead) and its progress: open, overdue, done "
    "on time, done late, passed, renewed. A date the recorded facts do not give directly is derived, and "
    "`derived` says from what. 422 names the parameter that cannot be read."
)


def wants_csv() -> bool:
    """Whether the client asked for CSV rather than JSON (``Accept: text/csv``)."""
    return request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv"


def _window(query: WindowQuery) -> Window:
    """The window the query string asks for (InvalidInput, naming the field, when it cannot be read)."""
    return deadline_list.read_window(query.from_, query.to, query.kind, query.overdue, deadline_list.today())


@bp.get("/deadlines")
@operation(
    summary="Every deadline of the agreements you may see, sorted by date; CSV with Accept: text/csv",
    operation_id="listDeadlines",
    tags=["portfolio"],
    description=DESCRIPTION,
    query=DeadlinesQuery,
    answers={
        200: Answer("One page; or, asked for text/csv, every deadline of the window as CSV.", DeadlineList, content=CSV)
    },
)
def list_deadlines(query: DeadlinesQuery):
    """The deadlines of the agreements this user may see, sorted by date, a page at a time; as CSV (every
    deadline of the window) with ``Accept: text/csv``."""
    if wants_csv():
        return export_deadlines()
    window = _window(query)
    page = deadline_list.deadline_page(
        current_user(), window, page=query.page or 1, per_page=query.per_page or deadline_list.PER_PAGE
    )
    listed = DeadlineList(
        items=[DeadlineItem.of(item) for item in page.items],
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        pages=page.pages,
        window=DeadlineWindow.of(window),
    )
    return dump(listed)


@bp.get("/deadlines.csv")
@operation(
    summary="Every deadline of the window as CSV (streamed, ISO dates)",
    operation_id="exportDeadlines",
    tags=["portfolio"],
    query=WindowQuery,
    answers={200: Answer("The CSV, streamed.", content=CSV)},
)
def export_deadlines(query: WindowQuery):
    """Every deadline of the window, of the agreements this user may see, as CSV (streamed)."""
    window = _window(query)
    return csv_response(deadline_list.deadlines_csv(current_user(), window), deadline_list.csv_filename(window))
