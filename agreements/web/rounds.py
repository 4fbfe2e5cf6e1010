"""The negotiation rounds' pages: the section on the agreement page, and the form recording a round."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput, PermissionDenied
from ..models import Agreement, NegotiationRound
from ..services import agreements, rounds, versions
from . import bp
from .forms import as_typed

FIELDS = ("held_on", "format", "place", "participants", "summary", "version")


def may_record_round(agreement: Agreement) -> bool:
    """Whether the signed-in person may record a round of this agreement now."""
    return policy.can_edit(current_user, agreement) and agreement.state == "negotiation"


@bp.app_context_processor
def _rounds_helpers() -> dict:
    """What the agreement page's rounds section uses."""
    return {
        "negotiation_rounds": rounds.list_rounds,
        "may_record_round": may_record_round,
        "round_formats": rounds.FORMATS,
        "round_compare_url": compare_url,
    }


def compare_url(entry: NegotiationRound) -> str | None:
    """Where to see what the round's version changed against the version before it, if the page exists."""
    version = entry.version
    if version is None or version.number < 2 or "web.compare" not in current_app.view_functions:
        return None
    return url_for("web.compare", agreement_id=entry.agreement_id, **{"from": version.number - 1, "to": version.number})


@bp.route("/agreements/<int:agreement_id>/rounds/new", methods=["GET", "POST"])
@login_required
def record_round(agreement_id: int):
    """Record a round of negotiation: date, format, place, participants, summary and the resulting version."""
    item = agreements.get_agreement(current_user, agreement_id)
    if not policy.can_edit(current_user, item):
        raise PermissionDenied("Only program managers and attachés record negotiation rounds.")
    if request.method == "GET":
        return _form(item, {name: "" for name in FIELDS} | {"format": "in_person"})
    values = {name: request.form.get(name, "") for name in FIELDS}
    try:
        rounds.record_round(current_user, item, values)
        db.session.commit()
    except (InvalidInput, Conflict) as error:
        db.session.rollback()
        status = 409 if isinstance(error, Conflict) else 422
        return _form(item, as_typed(values), getattr(error, "errors", {}), error.detail, status)
    flash("Negotiation round recorded.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="rounds"), 303)


def _form(item: Agreement, values: dict, errors: dict | None = None, message: str | None = None, status: int = 200):
    """The round form with what was typed and the messages, if any."""
    return (
        render_template(
            "round_form.html",
            agreement=item,
            values=values,
            errors=errors or {},
            message=message,
            formats=rounds.FORMATS,
            versions=versions.list_versions(item),
            open=item.state == "negotiation",
        ),
        status,
    )
