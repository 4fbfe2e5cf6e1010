"""The dashboard as JSON: GET /api/v1/dashboard — counts by state, type and region, and what is overdue."""

from __future__ import annotations

from ..services import portfolio
from ..services.portfolio import AGING_LIMIT
from . import bp
from .auth import current_user
from .contract import Answer, operation
from .models.base import dump
from .models.dashboard import Dashboard, DashboardQuery


@bp.get("/dashboard")
@operation(
    summary="Counts by state, type and region, and the agreements overdue in their state",
    operation_id="getDashboard",
    tags=["portfolio"],
    description="Of the agreements you may see (an attaché: their office's countries). Each count "
    "carries the URL of the agreement list filtered to exactly those. An agreement is overdue when "
    "it has been in its state longer than the days allowed there (thresholds); the "
    f"{AGING_LIMIT} most overdue are listed, with who must act next.",
    query=DashboardQuery,
    answers={200: Answer("Where the agreements stand.", Dashboard)},
)
def dashboard(query: DashboardQuery):
    """Where the agreements this user may see stand, and the most overdue (of one state with ``overdue``)."""
    board = portfolio.dashboard(current_user(), overdue_state=(query.overdue or "").strip() or None)
    return dump(Dashboard.of(board))
