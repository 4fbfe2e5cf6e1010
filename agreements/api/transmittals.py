"""API views of the transmittals to the State Department's treaty office (22 CFR 181.7) and of the
publication of the text (181.9)."""

from __future__ import annotations

from ..services import agreements, transmittals
from ..services.deadlines import deadlines_for
from . import bp
from .auth import current_user
from .body import json_object
from .edge import writes
from .schemas import PUBLICATION_FIELDS, TRANSMITTAL_FIELDS, deadline_json, publication_json, transmittal_json


@bp.get("/agreements/<int:agreement_id>/transmittals")
def list_transmittals(agreement_id: int):
    """What was sent to the treaty office, in the order sent, and where the 15 days stand."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    deadline = next((d for d in deadlines_for(agreement) if d.key == "transmittal"), None)
    return {
        "items": [transmittal_json(t) for t in transmittals.list_transmittals(agreement)],
        "deadline": deadline_json(deadline) if deadline else None,
        "nothing_to_transmit": transmittals.nothing_to_transmit(agreement),
    }


@bp.post("/agreements/<int:agreement_id>/transmittals")
@writes()
def record_transmittal(agreement_id: int):
    """Record what was sent to the treaty office (program managers)."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    sent = transmittals.record_transmittal(user, agreement, json_object(TRANSMITTAL_FIELDS))
    return transmittal_json(sent), 201


@bp.post("/agreements/<int:agreement_id>/publication")
@writes()
def record_publication(agreement_id: int):
    """Record the State Department's publication of the text (program managers)."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    transmittals.record_publication(user, agreement, json_object(PUBLICATION_FIELDS))
    return publication_json(agreement), 200
