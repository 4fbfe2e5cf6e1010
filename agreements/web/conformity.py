"""The conformity of the language versions on the agreement page: the records, whether the current text has one,
and the legal advisor's form."""

from __future__ import annotations

from flask import flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from ..auth import policy
from ..db import db
from ..errors import Conflict, InvalidInput
from ..services import agreements, conformity
from ..services.characters import without_refused
from . import bp
from .views import _agreement_page


@bp.app_template_global("conformity_problem")
def conformity_problem(agreement) -> str | None:
    """Why the current text is not yet recorded as conforming in every language, or None."""
    return conformity.conformity_problem(agreement)


@bp.app_template_global("conformity_sentence")
def conformity_sentence(record) -> str:
    """One record in a sentence: which texts of which version conform, who recorded it and when."""
    return conformity.conformity_sentence(record)


@bp.app_template_global("may_record_conformity")
def may_record_conformity(agreement) -> bool:
    """Whether the person signed in may record the conformity of this agreement's texts now (legal advisors)."""
    return (
        current_user.is_authenticated
        and policy.can_record_conformity(current_user, agreement)
        and policy.conformity_open(agreement)
    )


@bp.app_template_global("conformity_attempt")
def conformity_attempt() -> dict:
    """The record just refused, if any: the note typed, and why it was refused."""
    return g.get("conformity_attempt") or {}


@bp.route("/agreements/<int:agreement_id>/conformity", methods=["POST"])
@login_required
def record_conformity(agreement_id: int):
    """A legal advisor records, from the page's form, that the current text's languages conform."""
    item = agreements.get_agreement(current_user, agreement_id)
    note = request.form.get("note", "")
    try:
        record = conformity.record_conformity(current_user, item, note)
        db.session.commit()
    except (InvalidInput, Conflict) as error:
        # The note stays in the form, with the reason beside it.
        db.session.rollback()
        errors = error.errors if isinstance(error, InvalidInput) else {}
        g.conformity_attempt = {"note": without_refused(note), "errors": errors, "message": error.detail}
        status = 422 if isinstance(error, InvalidInput) else 409
        return _agreement_page(agreements.get_agreement(current_user, agreement_id), status)
    flash(f"{conformity_sentence(record)}.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="conformity"), 303)
