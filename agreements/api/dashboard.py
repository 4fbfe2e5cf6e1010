"""The dashboard as JSON: GET /api/v1/dashboard — counts by state, type and region, and what is overdue."""

from __future__ import annotations

from flask import request, url_for

from ..services import portfolio
from . import bp
from .auth import current_user


def _count(count: portfolio.Count) -> dict:
    """One count, with the agreement list (a page) filtered to exactly what it counts."""
    return {"key": count.key, "name": count.name, "count": count.count, "url": url_for("web.index", **count.filters)}


def _state(count: portfolio.Count, limits: dict[str, int]) -> dict:
    """One state's count, with how many are overdue in it (null where no time limit applies)."""
    return {
        **_count(count),
        "threshold_days": limits.get(count.key),
        "overdue": count.overdue if count.key in limits else None,
        "overdue_url": url_for("web.index", **count.overdue_filters) if count.key in limits else None,
    }


def _aging(item: portfolio.Aging) -> dict:
    """One overdue agreement: how long in its state, against what, and who must act next."""
    return {
        "id": item.id,
        "reference": item.reference,
        "title": item.title,
        "type": item.type,
        "state": item.state,
        "country": item.country,
        "state_since": item.state_since.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "days_in_state": item.days_in_state,
        "threshold_days": item.threshold_days,
        "days_overdue": item.days_overdue,
        "next_roles": list(item.next_roles),
        "office": item.office_code,
        "office_name": item.office_name,
        "url": url_for("web.agreement", agreement_id=item.id),
    }


@bp.get("/dashboard")
def dashboard():
    """Where the agreements this user may see stand, and the most overdue (of one state with ``overdue``)."""
    board = portfolio.dashboard(current_user(), overdue_state=request.args.get("overdue", "").strip() or None)
    return {
        "today": board.today.isoformat(),
        "total": board.total,
        "open": board.open,
        "by_state": [_state(c, board.thresholds) for c in board.by_state],
        "by_type": [_count(c) for c in board.by_type],
        "by_region": [_count(c) for c in board.by_region],
        "aging": {
            "count": board.overdue,
            "limit": board.limit,
            "state": board.overdue_state,
            "url": url_for("web.index", **board.aging_filters),
            "items": [_aging(a) for a in board.aging],
        },
        "thresholds": board.thresholds,
        "countries": board.countries or None,
    }
