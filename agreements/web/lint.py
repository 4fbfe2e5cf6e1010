"""The wording check on the agreement page: its findings and acknowledgements, the legal advisor's form,
and whether a model text exists."""

from __future__ import annotations

from flask import flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from ..auth import policy
from ..db import db
from ..errors import InvalidInput
from ..services import agreements, lint, model_texts
from ..services.characters import without_refused
from . import bp
from .views import _agreement_page


@bp.app_template_global("text_lint")
def text_lint(agreement) -> list[lint.Finding]:
    """Binding wording in the current text of a non-binding agreement ([] for binding ones)."""
    return lint.lint_text(agreement, agreement.current_version)


@bp.app_template_global("lint_acknowledgements")
def lint_acknowledgements(agreement) -> dict:
    """The acknowledgements of the current version's findings, by the finding's key."""
    return lint.acknowledgements(agreement)


@bp.app_template_global("may_acknowledge_wording")
def may_acknowledge_wording(agreement) -> bool:
    """Whether the person signed in may acknowledge findings on this agreement now (legal advisors)."""
    return current_user.is_authenticated and policy.can_acknowledge_wording(current_user, agreement)


@bp.app_template_global("lint_attempt")
def lint_attempt() -> dict:
    """The acknowledgement just refused, if any: the finding, the reason typed and why it was refused."""
    return g.get("lint_attempt") or {}


@bp.app_template_global("has_model_text")
def has_model_text(agreement) -> bool:
    """Whether the agreement's type ships a model text to start from."""
    return model_texts.has_model(agreement)


@bp.route("/agreements/<int:agreement_id>/lint/acknowledgements", methods=["POST"])
@login_required
def acknowledge_wording(agreement_id: int):
    """A legal advisor acknowledges one finding of the wording check, with a reason, from the page's form."""
    item = agreements.get_agreement(current_user, agreement_id)
    finding, reason = request.form.get("finding", ""), request.form.get("reason", "")
    try:
        lint.acknowledge_finding(current_user, item, finding, reason)
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        g.lint_attempt = {"finding": finding, "reason": without_refused(reason), "error": error.detail}
        return _agreement_page(agreements.get_agreement(current_user, agreement_id), 422)
    flash("Finding acknowledged for this version of the text.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="lint"), 303)
