"""The agreement page's card of transmittals to the State Department (22 CFR 181.7) and of the publication
of the text (181.9): what was sent and published, and the program manager's two forms."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from ..auth import policy
from ..db import db
from ..errors import InvalidInput
from ..models import Agreement, Document, Transmittal
from ..services import agreements, transmittals
from . import bp
from .forms import as_typed
from .views import _agreement_page


@dataclass
class TransmittalsCard:
    """What the card shows to the signed-in person: what was sent, why nothing is sent, what they may record."""

    items: list[Transmittal]
    nothing: str | None
    applies: bool
    may_record: bool
    may_publish: bool
    documents: list[Document]
    kinds: dict[str, str]
    form: dict = field(default_factory=dict)
    publication_form: dict = field(default_factory=dict)


def transmittals_card(agreement: Agreement) -> TransmittalsCard:
    """The agreement's transmittals and publication, and the forms this person may use."""
    may_record = policy.can_record_transmittal(current_user, agreement)
    return TransmittalsCard(
        items=transmittals.list_transmittals(agreement),
        nothing=transmittals.nothing_to_transmit(agreement),
        applies=policy.is_transmitted(agreement),
        may_record=may_record,
        may_publish=policy.can_record_publication(current_user, agreement),
        documents=transmittals.sendable_documents(agreement) if may_record else [],
        kinds=transmittals.KINDS,
        form=g.get("transmittal_form") or {"values": _defaults(agreement), "errors": {}},
        publication_form=g.get("publication_form") or {"values": {}, "errors": {}},
    )


def _defaults(agreement: Agreement) -> dict:
    """The form as first shown: the text, in every language, with the signed document."""
    sent_text = any(t.kind == transmittals.TEXT for t in agreement.transmittals)
    binding_in_force = agreement.is_binding and agreement.in_force_on is not None
    return {
        "kind": transmittals.ENTRY_INTO_FORCE if sent_text and binding_in_force else transmittals.TEXT,
        "languages": list(agreement.languages),
        "documents": None,  # the signed document, ticked
    }


@bp.app_context_processor
def _transmittal_helpers() -> dict:
    """What the agreement page's Transmittals card uses."""
    return {"transmittals_card": transmittals_card}


@bp.route("/agreements/<int:agreement_id>/transmittals", methods=["POST"])
@login_required
def record_transmittal(agreement_id: int):
    """Record what was sent to the treaty office, from the form on the agreement page."""
    item = agreements.get_agreement(current_user, agreement_id)
    form = request.form
    values = {
        "kind": form.get("kind", ""),
        "sent_on": form.get("sent_on", ""),
        "reference": form.get("reference", ""),
        "languages": form.getlist("languages"),
        "documents": form.getlist("documents"),
    }
    try:
        sent = transmittals.record_transmittal(current_user, item, values)
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        g.transmittal_form = {"values": as_typed(values), "errors": error.errors, "message": error.detail}
        return _agreement_page(agreements.get_agreement(current_user, agreement_id), 422)
    flash(f"Transmittal {sent.reference} recorded.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="transmittals"), 303)


@bp.route("/agreements/<int:agreement_id>/publication", methods=["POST"])
@login_required
def record_publication(agreement_id: int):
    """Record the State Department's publication of the text, from the form on the agreement page."""
    item = agreements.get_agreement(current_user, agreement_id)
    values = {"published_on": request.form.get("published_on", ""), "citation": request.form.get("citation", "")}
    try:
        transmittals.record_publication(current_user, item, values)
        db.session.commit()
    except InvalidInput as error:
        db.session.rollback()
        g.publication_form = {"values": as_typed(values), "errors": error.errors, "message": error.detail}
        return _agreement_page(agreements.get_agreement(current_user, agreement_id), 422)
    flash("Publication recorded.", "success")
    return redirect(url_for("web.agreement", agreement_id=item.id, _anchor="deadlines"), 303)
