"""API views of the records kept beside the authorities: confirming one, certifying a change not substantive."""

from __future__ import annotations

from ..services import agreements, authorities
from . import bp
from .auth import current_user
from .body import json_object
from .edge import writes
from .schemas import CERTIFICATION_FIELDS, authority_json, certification_json


@bp.post("/agreements/<int:agreement_id>/authorities/<int:authority_id>/confirm")
@writes()
def confirm_authority(agreement_id: int, authority_id: int):
    """A legal advisor confirms an authority a program manager recorded."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return authority_json(authorities.confirm_authority(user, agreement, authority_id), agreement), 200


@bp.post("/agreements/<int:agreement_id>/certifications")
@writes()
def certify_not_substantive(agreement_id: int):
    """A legal advisor certifies that the current text's change is not substantive."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    body = json_object(CERTIFICATION_FIELDS)
    return certification_json(authorities.certify_not_substantive(user, agreement, body.get("note"))), 201
