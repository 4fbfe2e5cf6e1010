"""API view of the conformity of the language versions: a legal advisor records it for the current text."""

from __future__ import annotations

from ..services import agreements, conformity
from . import bp
from .auth import current_user
from .body import json_object
from .edge import writes
from .schemas import CONFORMITY_FIELDS, conformity_json


@bp.post("/agreements/<int:agreement_id>/conformity")
@writes()
def record_conformity(agreement_id: int):
    """A legal advisor records that the current text's versions in every language conform to one another."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    body = json_object(CONFORMITY_FIELDS)
    return conformity_json(conformity.record_conformity(user, agreement, body.get("note"))), 201
