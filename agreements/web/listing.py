"""Where each person lands, and the agreements list: filters in the URL, sortable columns, days in state, CSV."""

from __future__ import annotations

from flask import Response, current_app, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user, login_required

from ..auth import policy
from ..errors import InvalidInput
from ..services import agreements, listing, terms
from ..services.taxonomy import AREAS
from ..workflows import STATES, WORKFLOWS
from . import bp
from .forms import as_typed

FILTERS = ("q", "type", "country", "office", "area", "binding", "region", "overdue", "sort")
# The sortable columns, in the table's order; those read newest or longest first on the first click.
SORTABLE = ("reference", "title", "country", "state", "days_in_state", "next_deadline", "updated")
FIRST_DESCENDING = frozenset({"days_in_state", "updated", "created"})


@bp.route("/")
@login_required
def home():
    """Each person starts where work waits: legal advisors at the review queue, program managers at the
    dashboard, attachés (and administrators) at the agreements open to them. With filters (a link from before
    the list had its own address) it is the list."""
    target = None if request.args else _landing()
    return redirect(target) if target else _list_page()


def _landing() -> str | None:
    """The page this person starts on, when it is not the list."""
    if current_user.role == "legal_advisor":
        return url_for("web.review_queue")
    if current_user.role == "program_manager" and "web.dashboard" in current_app.view_functions:
        return url_for("web.dashboard")
    return None


@bp.route("/agreements")
@login_required
def index():
    """The agreements this person may see: filtered, sorted and a page at a time, as the URL says."""
    return _list_page()


@bp.route("/agreements.csv")
@login_required
def export_agreements():
    """The list as the URL filters and sorts it, every row of it (not a page), as a CSV download."""
    lines = listing.agreements_csv(current_user, **_service_filters(_filters()))
    return csv_response(lines, f"agreements-{listing.today().isoformat()}.csv")


def csv_response(lines, filename: str) -> Response:
    """CSV lines streamed as a download named ``filename``."""
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filters() -> dict:
    """The filters as written in the URL: ``state`` repeated, the others once."""
    return {
        "state": [s.strip() for s in request.args.getlist("state") if s.strip()],
        **{name: request.args.get(name, "").strip() for name in FILTERS},
    }


def _service_filters(filters: dict) -> dict:
    """The filters as the listing service takes them."""
    return {"states": filters["state"], **{k: v or None for k, v in filters.items() if k != "state"}}


def _list_page():
    """The list page for the URL's filters; the filters named when one is wrong."""
    filters = _filters()
    try:
        page = agreements.list_agreements(
            current_user,
            **_service_filters(filters),
            page=request.args.get("page", 1, type=int),
            per_page=current_app.config.get("PAGE_SIZE", 25),
        )
        errors = {}
    except InvalidInput as error:
        page, errors = None, error.errors
        filters = as_typed(filters)  # shown again less what was refused
    kept = {k: v for k, v in filters.items() if v}
    return render_template(
        "index.html",
        page=page,
        filters=filters,
        kept=kept,
        errors=errors,
        states=STATES,
        type_choices=[(key, workflow.name) for key, workflow in WORKFLOWS.items()],
        office_choices=[(o.code, f"{o.code} — {o.name}") for o in listing.offices_for(current_user)],
        areas=AREAS,
        regions=listing.region_choices(current_user),
        sorting=_sorting(filters["sort"], kept),
        is_filtered=any(v for k, v in filters.items() if k != "sort"),
        can_open=current_user.role in policy.DRAFTERS,
        in_force=terms.in_force_for(current_user),  # attachés: what is in force for their countries, first
        export_url=url_for("web.export_agreements", **kept),
    ), (200 if page else 422)


def _sorting(current: str, kept: dict) -> dict[str, dict]:
    """Per sortable column: the link that sorts by it (or reverses it), and its aria-sort when it is the order."""
    out = {}
    for key in SORTABLE:
        if current == key:
            order, following = "ascending", f"-{key}"
        elif current == f"-{key}":
            order, following = "descending", key
        else:
            order, following = None, f"-{key}" if key in FIRST_DESCENDING else key
        out[key] = {"url": url_for("web.index", **{**kept, "sort": following}), "order": order}
    return out


@bp.app_template_global()
def time_in_state(agreement, days: int | None = None) -> dict:
    """Days in the current state (or ``days`` waiting), the days allowed there, and whether that is past."""
    days = listing.days_in_state(agreement) if days is None else days
    allowed = listing.days_allowed(agreement.state)
    return {"days": days, "allowed": allowed, "is_overdue": listing.is_overdue(agreement.state, days)}
