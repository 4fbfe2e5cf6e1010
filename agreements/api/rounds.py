"""API views of negotiation rounds: the rounds of an agreement, and recording one (with the counterpart's proposal)."""

from __future__ import annotations

from typing import Any

from ..models import NegotiationRound
from ..services import agreements, rounds
from . import bp
from .auth import current_user
from .body import json_object
from .edge import writes

ROUND_FIELDS = frozenset({"held_on", "format", "place", "participants", "summary", "proposal", "version"})


def round_json(entry: NegotiationRound) -> dict[str, Any]:
    """One round, with the number and origin of the version that came of it."""
    version = entry.version
    return {
        "id": entry.id,
        "held_on": entry.held_on.isoformat(),
        "format": entry.format,
        "place": entry.place,
        "participants": entry.participants,
        "summary": entry.summary,
        "version": version.number if version else None,
        "version_origin": version.origin if version else None,
        "recorded_by": entry.recorded_by.email if entry.recorded_by else None,
        "created_at": entry.created_at.isoformat(),
    }


@bp.get("/agreements/<int:agreement_id>/rounds")
def list_rounds(agreement_id: int):
    """The negotiation rounds of an agreement, newest first."""
    agreement = agreements.get_agreement(current_user(), agreement_id)
    return {"items": [round_json(r) for r in rounds.list_rounds(agreement)]}


@bp.post("/agreements/<int:agreement_id>/rounds")
@writes()
def record_round(agreement_id: int):
    """Record a round; a ``proposal`` is saved as a new version marked as the counterpart's."""
    user = current_user()
    agreement = agreements.get_agreement(user, agreement_id)
    return round_json(rounds.record_round(user, agreement, json_object(ROUND_FIELDS))), 201
